"""A session holds one customer; a new one remembers nothing of the last."""
from kiosk.session import Session


def test_a_new_session_starts_in_chinese_standard_mode_with_nothing_read_or_issued():
    s = Session()
    assert (s.lang, s.elderly, s.customer_ref, s.visit, s.print_state) == ("zh", False, None, None, "")


def test_sessions_do_not_share_their_extra_notes():
    a, b = Session(), Session()
    a.extra["alerted"] = True
    assert b.extra == {}
