"""The words and rows of the lobby screen, Chinese first and English second (no window)."""
from __future__ import annotations

from datetime import datetime

from display.board import BoardView, Call, CounterLine, ServiceLine
from display.present import clock_fields, link_fields, marquee_text, screen_fields, settings_fields
from display.settings import DisplaySettings, ProductNotice

CALL = Call("A012", "3", "3号窗口", "Window 3")


def test_an_empty_board_welcomes_people_to_take_a_number():
    fields = screen_fields(BoardView())
    assert fields["call_idle_zh"] == "欢迎光临" and "kiosk" in fields["call_sentence_en"]
    assert fields["call_number"] == "" and fields["missed_text"] == "无 / None"


def test_a_call_shows_its_number_counter_and_the_english_sentence():
    fields = screen_fields(BoardView(current=CALL, recent=(CALL,)))
    assert (fields["call_number"], fields["call_counter_zh"]) == ("A012", "3号窗口")
    assert fields["call_sentence_en"] == "Number A012, please go to Window 3"
    assert fields["recent"][0]["recall_text"] == ""


def test_a_recall_is_marked_in_the_recent_list():
    recall = Call("A012", "3", "3号窗口", "Window 3", recall=True)
    fields = screen_fields(BoardView(current=recall, recent=(recall,)))
    assert fields["call_recall"] and fields["recent"][0]["recall_text"] == "重呼 Recall"


def test_waiting_counts_counters_and_missed_numbers_read_plainly():
    view = BoardView(services=(ServiceLine("cash", "A", "个人现金业务", "Personal cash", 4),),
                     counters=(CounterLine("1", "1号窗口", "Window 1", False, "A012"),
                               CounterLine("3", "3号窗口", "Window 3", True, None),
                               CounterLine("5", "理财室", "Wealth room", False, None)),
                     missed=("B007", "A003"))
    fields = screen_fields(view)
    assert fields["services"] == [{"prefix": "A", "name_zh": "个人现金业务", "name_en": "Personal cash", "waiting": "4"}]
    assert [(c["status_zh"], c["status_en"]) for c in fields["counters"]] == [
        ("A012 服务中", "Serving"), ("暂停服务", "Paused"), ("空闲", "Open")]  # Chinese first in every state
    assert fields["missed_text"] == "B007   A003"


def test_the_notice_line_says_chinese_then_english():
    s = DisplaySettings(notice_zh="请使用存取款一体机", notice_en="Please use the cash recycler",
                        product_notices=(ProductNotice("免手续费", "No fee"),))
    fields = settings_fields(s)
    assert fields["notice_text"].index("请使用") < fields["notice_text"].index("Please")
    assert fields["product_notices"] == [{"text_zh": "免手续费", "text_en": "No fee", "image": ""}]


def test_the_clock_gives_the_chinese_weekday():
    fields = clock_fields(datetime(2026, 11, 23, 9, 5))
    assert fields["clock_time"] == "09:05" and fields["clock_date"].startswith("11月23日 星期一")


def test_the_clock_gives_the_date_the_chinese_way_then_the_english_way():
    assert clock_fields(datetime(2026, 11, 29, 9, 5))["clock_date"] == "11月29日 星期日  Sun 29 Nov"
    assert clock_fields(datetime(2027, 3, 5, 9, 5))["clock_date"] == "3月5日 星期五  Fri 05 Mar"


def test_the_big_call_line_says_please_number_and_go_to_the_counter_in_chinese():
    fields = screen_fields(BoardView(current=CALL, recent=(CALL,)))
    assert (fields["call_before_zh"], fields["call_number"], fields["call_after_zh"]) == ("请", "A012", "号")
    assert fields["call_to_zh"] == "到  3号窗口"


def test_the_corner_notice_appears_only_when_the_link_is_lost():
    assert link_fields(True)["offline_text"] == "与排队系统的连接中断\nConnection lost"
    assert link_fields(False) == {"offline": False, "offline_text": ""}


def test_machines_out_of_use_are_named_in_both_languages():
    view = BoardView(suspended=(("存取款一体机", "Cash recycler"), ("自助发卡机", "Card issuing machine")))
    text = screen_fields(view)["suspended_text"]
    assert text.startswith("暂停使用：存取款一体机、自助发卡机")
    assert "Out of service: Cash recycler, Card issuing machine" in text
    assert screen_fields(BoardView())["suspended_text"] == ""


def test_a_recalled_number_gone_to_the_missed_list_loses_its_recall_tag():
    recall = Call("A012", "3", "3号窗口", "Window 3", recall=True)
    fields = screen_fields(BoardView(recent=(recall,), missed=("A012",)))
    assert (fields["recent"][0]["recall_zh"], fields["recent"][0]["recall_en"], fields["recent"][0]["recall_text"]) == \
        ("", "", "")


def test_a_suspended_machine_replaces_the_standing_notice_that_sends_people_to_it():
    notice_zh, notice_en = "2万元以下现金存取款请使用存取款一体机", "Cash under 20,000 CNY: please use the cash recycler."
    recycler = (("存取款一体机", "Cash recycler"),)
    line = marquee_text(recycler, notice_zh, notice_en, "暂停使用：存取款一体机，请到窗口办理", "过号请找大堂经理")
    assert line.startswith("暂停使用") and "2万元以下" not in line and "please use the cash recycler" not in line
    assert line.endswith("过号请找大堂经理")
    card = (("自助发卡机", "Card issuing machine"),)  # another machine out of use leaves the notice standing
    assert "2万元以下" in marquee_text(card, notice_zh, notice_en, "暂停使用：自助发卡机")
    assert marquee_text((), notice_zh, notice_en) == notice_zh + "        " + notice_en
