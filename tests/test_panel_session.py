"""Sign-in at the panel against a real host: a name and PIN open the right mode; wrong PINs lock that name."""
from __future__ import annotations

import pytest

from panel.session import PinPad, sign_in, staff_list
from tests.hostproc import start_host


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One host for the tests that sign in correctly (a lockout test gets its own)."""
    running = start_host(tmp_path_factory.mktemp("signin"))
    yield running
    running.stop()


def test_the_managers_pin_opens_manager_mode_with_a_working_token(shared):
    out = sign_in(shared.url, "manager", "2468")
    assert out.ok, out.message
    session = out.data
    assert session.mode == "manager" and session.counter is None
    assert session.client().get("/api/audit")["entries"] == []


def test_a_tellers_pin_opens_counter_mode_at_their_own_window(shared):
    out = sign_in(shared.url, "counter-3", "3333")
    session = out.data
    assert session.mode == "counter" and session.counter == "3"
    # Greeted by the name and staff number in the branch file, not "teller, window 3".
    assert (out.message_zh, out.message_en) == ("欢迎，刘洋（工号 1023）", "Welcome, Liu Yang (staff no. 1023)")
    assert session.client().call_next("3")["ticket"] is None


def test_a_wrong_pin_is_refused_in_both_languages(shared):
    out = sign_in(shared.url, "counter-3", "9999")
    assert not out.ok and out.error == "unauthorized"
    assert out.message_zh and out.message_en


def test_after_three_wrong_pins_the_panel_says_how_long_to_wait_even_for_the_right_pin(host):
    for _ in range(3):
        assert not sign_in(host.url, "manager", "0000").ok
    early = sign_in(host.url, "manager", "2468")
    assert not early.ok and early.error == "rate_limited"
    assert "秒后再试" in early.message_zh and "wait" in early.message_en


def test_a_short_pin_is_refused_before_asking_the_host():
    out = sign_in("http://127.0.0.1:9", "manager", "12")
    assert not out.ok and out.error == "invalid"


def test_the_pin_pad_shows_dots_and_forgets_the_pin_after_submitting(shared):
    pad = PinPad(shared.url)
    pad.choose("counter-1")
    for key in "1119":
        pad.press(key)
    assert pad.press("back") == "●●●"
    pad.press("1")
    out = pad.submit()
    assert out.ok and out.data.counter == "1"
    assert pad.digits == "" and pad.dots() == ""


def test_the_host_being_down_says_so_calmly():
    out = sign_in("http://127.0.0.1:9", "manager", "2468")
    assert not out.ok and out.error == "unreachable"
    assert "无法连接" in out.message_zh


def test_the_staff_list_offers_the_manager_and_each_teller_without_kiosks_or_displays(shared):
    people = staff_list(shared.url, shared.tokens["panel"]).data
    assert [p["id"] for p in people] == ["manager"] + [f"counter-{n}" for n in range(1, 6)]
    # The counter, then the display name from the branch file (never the configuration's "teller, window 1").
    assert people[0]["label_zh"] == "大堂经理 王敏" and people[1]["label_zh"] == "1号窗口 李娜"
    assert people[1]["label_en"] == "Window 1 Li Na" and people[1]["staff_no"] == "1021"
    assert not any("hash" in key for p in people for key in p)


def test_a_pin_without_a_chosen_name_is_refused_before_asking_the_host():
    out = sign_in("http://127.0.0.1:9", "", "2468")
    assert not out.ok and out.error == "invalid"


def test_the_staff_list_is_refused_to_a_panel_without_its_token(shared):
    out = staff_list(shared.url)
    assert not out.ok and out.error == "unauthorized" and out.message_zh
