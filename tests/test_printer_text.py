"""Column arithmetic and line breaking for a printer in Chinese mode."""
from __future__ import annotations

import pytest

from printer.text import text_width, wrap


def test_ascii_takes_one_column_and_chinese_two():
    assert text_width("A012") == 4
    assert text_width("个人业务") == 8
    assert text_width("前面5人，") == 9


def test_a_short_line_stays_whole():
    assert wrap("前面5人，约等15分钟", 48) == ["前面5人，约等15分钟"]


def test_every_wrapped_line_fits_the_columns():
    text = "请到填单台参照3号模版填写《个人业务凭条》，并携带本人有效身份证件和银行卡" * 2
    for cols in (16, 24, 32, 48):
        lines = wrap(text, cols)
        assert all(text_width(line) <= cols for line in lines)
        assert "".join(lines) == text


def test_english_breaks_between_words():
    assert wrap("Missed 2 calls? Ask the lobby manager.", 16) == ["Missed 2 calls?", "Ask the lobby", "manager."]


def test_a_closing_mark_never_starts_a_line():
    lines = wrap("叫号两次未到即过号，请找大堂经理", 18)  # the comma would land at column 19
    assert lines == ["叫号两次未到即过", "号，请找大堂经理"]


def test_an_opening_bracket_never_ends_a_line():
    lines = wrap("请填写表格《个人业务凭条》", 12)  # 《 would be the 6th character
    assert lines[0] == "请填写表格"
    assert lines[1].startswith("《")


def test_a_word_wider_than_the_line_is_cut():
    assert wrap("https://q.example.cn/t/0101/A012", 12) == ["https://q.ex", "ample.cn/t/0", "101/A012"]


def test_a_line_needs_two_columns_for_one_chinese_character():
    with pytest.raises(ValueError):
        wrap("字", 1)


def test_a_book_title_stays_on_one_line_when_it_fits():
    assert wrap("请到填单台参照3号模版填写《个人业务凭条》", 32) == ["请到填单台参照3号模版填写", "《个人业务凭条》"]


def test_a_lone_chinese_character_is_not_left_on_the_last_line():
    assert wrap("2万元以下存取款可用自助机，免排队", 32) == ["2万元以下存取款可用自助机，免", "排队"]


def test_a_short_english_aside_in_brackets_is_not_split():
    assert wrap("Form: template 3, Personal Slip (lobby, left side)", 48) == \
        ["Form: template 3, Personal Slip", "(lobby, left side)"]
