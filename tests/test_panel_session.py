"""Sign-in at the panel against a real host: PINs open the right mode; wrong PINs lock the panel."""
from __future__ import annotations

import pytest

from panel.session import PinPad, sign_in
from tests.hostproc import start_host


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One host for the tests that sign in correctly (a lockout test gets its own)."""
    running = start_host(tmp_path_factory.mktemp("signin"))
    yield running
    running.stop()


def test_the_managers_pin_opens_manager_mode_with_a_working_token(shared):
    out = sign_in(shared.url, "2468")
    assert out.ok, out.message
    session = out.data
    assert session.mode == "manager" and session.counter is None
    assert session.client().get("/api/audit")["entries"] == []


def test_a_tellers_pin_opens_counter_mode_at_their_own_window(shared):
    session = sign_in(shared.url, "3333").data
    assert session.mode == "counter" and session.counter == "3"
    assert session.client().call_next("3")["ticket"] is None


def test_a_wrong_pin_is_refused_in_both_languages(shared):
    out = sign_in(shared.url, "9999")
    assert not out.ok and out.error == "unauthorized"
    assert out.message_zh and out.message_en


def test_five_wrong_pins_lock_the_panel_even_for_the_right_pin(host):
    for _ in range(5):
        assert not sign_in(host.url, "0000").ok
    locked = sign_in(host.url, "2468")
    assert not locked.ok and locked.error == "locked"
    assert "锁定" in locked.message_zh or "分钟" in locked.message_zh


def test_a_short_pin_is_refused_before_asking_the_host():
    out = sign_in("http://127.0.0.1:9", "12")
    assert not out.ok and out.error == "invalid"


def test_the_pin_pad_shows_dots_and_forgets_the_pin_after_submitting(shared):
    pad = PinPad(shared.url)
    for key in "1119":
        pad.press(key)
    assert pad.press("back") == "●●●"
    pad.press("1")
    out = pad.submit()
    assert out.ok and out.data.counter == "1"
    assert pad.digits == "" and pad.dots() == ""


def test_the_host_being_down_says_so_calmly():
    out = sign_in("http://127.0.0.1:9", "2468")
    assert not out.ok and out.error == "unreachable"
    assert "无法连接" in out.message_zh
