"""Fixed texts: every key has both languages from the catalogs, chosen language first."""
from kiosk.text import STRINGS, both, order, pair, yuan_zh


def test_every_fixed_text_has_chinese_and_english():
    for key in STRINGS:
        zh, en = both(key, n=2, s=2, masked="**** 1234", page=1, pages=2, amount="20,000", amount_zh="2万元",
                      location="右侧", desk="填单台", no="3", name="凭条", docs="身份证", ahead="", wait="",
                      yuan=5000, wan=2, step="", number="A001", fault="", numbers="A901", most="100,000",
                      most_zh="10万元")
        assert zh and en, key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) or key in ("list_sep", "full_stop", "ahead_wait"), key


def test_the_chosen_language_comes_first():
    assert pair("back", "zh") == ("返回", "Back")
    assert pair("back", "en") == ("Back", "返回")
    assert order("中", "en", "en") == ("en", "中")


def test_one_person_ahead_is_a_person_and_two_are_people():
    assert pair("ahead", "en", n=1)[0] == "1 person ahead of you"
    assert pair("ahead", "en", n=2)[0] == "2 people ahead of you"
    assert pair("ahead", "zh", n=1)[0] == "前面还有 1 人"
    assert pair("wait", "en", n=1)[0] == "About 1 minute's wait"
    assert pair("wait", "en", n=8)[0] == "About 8 minutes' wait"


def test_amounts_are_said_the_chinese_way():
    assert yuan_zh(20000) == "2万元"
    assert yuan_zh(5000) == "5000元"
