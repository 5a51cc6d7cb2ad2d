"""What the screens are given to show: paging, spoken sentences, the second language beneath."""
from tests.test_kiosk_flow import Clock, FakeHost, FakePrinter, ManualWorker  # the flow tests' stand-ins

from kiosk.flow import KioskFlow
from kiosk.view import build_view, page_count, spoken


def _flow():
    net = ManualWorker()
    flow = KioskFlow(FakeHost(), FakePrinter(), net, ManualWorker(), clock=Clock())
    flow.start()
    net.run_all()
    return flow


def test_standard_mode_shows_every_purpose_on_one_page_and_elderly_mode_pages_them():
    flow = _flow()
    assert page_count(flow) == 1
    flow.toggle_elderly()
    assert page_count(flow) == 3


def test_the_spoken_sentence_for_the_welcome_screen_is_the_greeting():
    assert spoken(_flow()) == "您好，请问您需要办理什么业务？"


def test_the_amount_tiles_come_from_the_branch_thresholds_in_both_languages_under_the_id_reminder():
    flow = _flow()
    flow.choose_purpose("cash")
    tiles = build_view(flow).tiles
    assert [(t.code, t.main, t.sub) for t in tiles] == [
        ("5000", "5000元", "5,000 CNY"), ("10000", "1万元", "10,000 CNY"), ("20000", "2万元", "20,000 CNY"),
        ("50000", "5万元", "50,000 CNY"), ("100000", "10万元", "100,000 CNY")]
    assert build_view(flow).note == ("5万元及以上请带本人身份证", "50,000 CNY+: bring ID")


def test_the_diversion_screen_gives_location_and_numbered_steps_in_both_languages():
    flow = _flow()
    flow.choose_purpose("cash")
    flow.choose_amount("under")
    flow.net.run_all()
    lines = build_view(flow).lines
    assert lines[1] == ("位置：大厅右侧自助区 1、2号机", "Where: self-service area on the right, machines 1 and 2")
    assert lines[2] == ("1. 插入银行卡，输入密码", "1. Insert your card and enter your PIN")


def test_the_ticket_screen_counts_one_person_and_says_english_without_chinese_stops():
    flow = _flow()
    flow.toggle_lang()
    flow.choose_purpose("card_loss")
    flow.net.run_all()
    flow.session.visit["ticket"]["people_ahead"] = 1
    flow.session.visit["ticket"]["wait_minutes"] = 1
    view = build_view(flow)
    assert view.ahead == ("1 person ahead of you", "前面还有 1 人")
    assert view.wait == ("About 1 minute's wait", "预计等候约 1 分钟")
    flow.session.elderly = True
    said = spoken(flow)
    assert said.startswith("Your number") and "1 person ahead of you" in said and "。" not in said


def test_the_ticket_joins_ahead_and_wait_with_each_languages_own_comma():
    flow = _flow()
    flow.choose_purpose("card_loss")
    flow.net.run_all()
    flow.session.visit["ticket"]["people_ahead"] = 2
    flow.session.visit["ticket"]["wait_minutes"] = 4
    assert build_view(flow).ahead_wait == ("前面还有 2 人，预计等候约 4 分钟", "2 people ahead of you. About 4 minutes' wait")
    flow.session.visit["ticket"]["people_ahead"] = 0
    # Nobody ahead: the one catalog phrase the ticket and the phone page say too, and no minutes of waiting.
    assert build_view(flow).ahead_wait == ("前面没有人等候，马上就到您", "Nobody ahead of you. You are next")


def test_the_language_switch_names_the_other_language_in_its_own_words():
    flow = _flow()
    assert build_view(flow).labels["lang_switch"] == ("English", "语言 Language")
    flow.toggle_lang()
    assert build_view(flow).labels["lang_switch"] == ("中文", "Language 语言")
    assert build_view(flow).labels["prefill"] == ("Fill in the remittance details", "填写汇款信息")


def test_elderly_mode_english_first_shows_as_many_tiles_as_the_screens_shape_holds():
    flow = _flow()
    flow.toggle_elderly()
    flow.set_lang("en")
    flow.set_window(1920, 1080)
    view = build_view(flow)
    assert (len(view.tiles), view.theme.columns, view.pages) == (6, 3, 3)  # 14 purposes, as in Chinese
    flow.set_window(1280, 800)  # a short landscape kiosk: one row under the greeting
    view = build_view(flow)
    assert (len(view.tiles), view.theme.columns, view.pages) == (3, 3, 5)
    flow.set_window(1080, 1920)  # upright: four rows
    view = build_view(flow)
    assert (len(view.tiles), view.theme.columns, view.pages) == (8, 2, 2)
    flow.set_lang("zh")
    view = build_view(flow)
    assert (len(view.tiles), view.theme.columns, view.pages) == (14, 2, 1)  # upright Chinese: all on one page
    flow.set_window(1280, 800)
    assert len(build_view(flow).tiles) == 6  # landscape: six a page


def test_an_upright_kiosk_shows_every_purpose_on_one_page_in_three_wide_columns():
    flow = _flow()
    flow.set_window(1080, 1920)
    view = build_view(flow)
    assert (len(view.tiles), view.theme.columns, view.pages) == (14, 3, 1)


def test_the_mode_switch_says_what_a_tap_does_not_the_mode_it_is_in():
    flow = _flow()
    assert build_view(flow).labels["elderly"] == ("大字模式", "Large text")
    flow.toggle_elderly()
    assert build_view(flow).labels["elderly"] == ("退出大字模式", "Smaller text")
