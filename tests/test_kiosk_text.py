"""Fixed texts: both languages present, chosen language first."""
from kiosk.text import STRINGS, order, pair, yuan_zh


def test_every_fixed_text_has_chinese_and_english():
    for key, (zh, en) in STRINGS.items():
        assert zh and en, key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), key


def test_the_chosen_language_comes_first():
    assert pair("back", "zh") == ("返回", "Back")
    assert pair("back", "en") == ("Back", "返回")
    assert order("中", "en", "en") == ("en", "中")


def test_amounts_are_said_the_chinese_way():
    assert yuan_zh(20000) == "2万元"
    assert yuan_zh(5000) == "5000元"
