"""The counter screen's flow without a window: what it shows, the rating question and its timeout."""
from __future__ import annotations

from counter_screen.flow import ASK_S, ScreenFlow


def screen(current=None, paused=False, to_rate=None):
    return {"id": "1", "name_zh": "1号窗口", "name_en": "Window 1", "state": "paused" if paused else "open",
            "current": {"number": current} if current else None, "to_rate": to_rate,
            "teller": {"id": "counter-1", "name": "teller, window 1", "name_zh": "王丽", "name_en": "Wang Li",
                       "staff_no": "1021"}}


def test_it_shows_the_number_served_the_window_and_the_teller():
    flow = ScreenFlow("1")
    flow.show(screen(current="A012"))
    v = flow.view()
    assert (v.mode, v.number, v.window_zh) == ("serving", "A012", "1号窗口")
    assert v.teller == "王丽  工号 1021" and v.headline_zh == "正在办理"  # the branch file's name and staff number


def test_a_paused_window_says_so_in_chinese_first():
    flow = ScreenFlow("1")
    flow.show(screen(paused=True))
    assert (flow.view().headline_zh, flow.view().headline_en) == ("暂停服务", "Paused")


def test_a_finished_visit_is_asked_for_a_rating_once_and_the_answer_is_sent():
    flow = ScreenFlow("1")
    flow.show(screen(current="A013", to_rate={"id": 12, "number": "A012"}))
    assert flow.view().mode == "rate" and flow.view().number == "A012" and flow.view().left_s == ASK_S
    assert flow.choose("very_satisfied") == (12, "very_satisfied")
    assert flow.view().mode == "thanks" and flow.choose("satisfied") is None
    flow.tick(3)
    flow.show(screen(current="A013", to_rate={"id": 12, "number": "A012"}))  # the host has not caught up yet
    assert flow.view().mode == "serving" and flow.view().number == "A013"


def test_the_question_goes_away_by_itself_after_twenty_seconds_of_clock():
    flow = ScreenFlow("1")
    flow.show(screen(to_rate={"id": 12, "number": "A012"}))
    for _ in range(19):
        flow.tick(1.0)
    assert flow.view().mode == "rate" and flow.view().left_s == 1
    assert flow.tick(1.0) is True
    assert flow.view().mode == "idle" and flow.choose("satisfied") is None


def test_an_unknown_rating_is_not_sent():
    flow = ScreenFlow("1")
    flow.show(screen(to_rate={"id": 3, "number": "A003"}))
    assert flow.choose("great") is None and flow.view().mode == "rate"


def test_a_lost_host_keeps_the_screen_and_says_so():
    flow = ScreenFlow("1")
    flow.show(screen(current="A012"))
    flow.lost()
    assert flow.view().number == "A012" and not flow.view().online


def test_a_visit_finished_during_the_thanks_is_asked_about_when_the_thanks_ends():
    flow = ScreenFlow("1")
    flow.show(screen(to_rate={"id": 1, "number": "A001"}))
    flow.choose("satisfied")
    flow.show(screen(to_rate={"id": 2, "number": "A002"}))
    assert flow.view().mode == "thanks"
    flow.tick(3.0)
    assert flow.view().mode == "rate" and flow.view().number == "A002"


def test_the_countdown_says_seconds_in_chinese_then_english_with_the_english_plural():
    flow = ScreenFlow("1")
    flow.show(screen(to_rate={"id": 12, "number": "A012"}))
    assert flow.view().countdown == "20 秒后自动关闭 / closes in 20 seconds"
    for _ in range(19):
        flow.tick(1.0)
    assert flow.view().countdown == "1 秒后自动关闭 / closes in 1 second"
    assert flow.view().which == "1号窗口  号码 A012"


def test_every_screen_state_has_its_headline_in_both_languages():
    flow = ScreenFlow("1")
    flow.show(screen())
    assert (flow.view().headline_zh, flow.view().headline_en) == ("欢迎光临", "Welcome")
    flow.show(screen(to_rate={"id": 1, "number": "A001"}))
    assert (flow.view().headline_zh, flow.view().headline_en) == ("请您对本次服务进行评价", "Please rate our service")
    flow.choose("neutral")
    assert (flow.view().headline_zh, flow.view().headline_en) == ("感谢您的评价", "Thank you for your rating")


def test_the_teller_line_names_the_teller_and_a_lost_host_says_it_reconnects():
    flow = ScreenFlow("1")
    flow.show(screen(current="A012"))
    assert flow.view().teller_lines == ("为您服务：王丽  工号 1021", "Your teller: Wang Li  Staff ID 1021")
    assert flow.view().link == ""
    flow.lost()
    assert flow.view().link == "连接中断，正在重连… / reconnecting…"
    flow.show({**screen(), "teller": None})
    assert flow.view().teller_lines == ("", "")


def test_a_teller_without_a_display_name_is_your_teller_never_the_login_id_or_its_configuration_name():
    from counter_screen.flow import teller_names
    assert teller_names({"id": "counter-1", "name": "teller, window 1"}) == ("柜员", "Teller")
    assert teller_names({}) == ("", "")
