"""The in-memory printer records what was printed and answers status as it is told."""
from __future__ import annotations

import pytest

from printer.dummy import DummyConnection


def test_printed_bytes_are_kept_without_the_status_queries():
    conn = DummyConnection()
    conn._raw(b"\x10\x04\x01")
    conn._raw(b"ticket")
    assert conn.output == b"ticket"
    assert conn._read(1, 0.1) == b"\x12"


def test_a_status_query_inside_a_ticket_is_printed_data_not_a_question():
    conn = DummyConnection()
    conn._raw(b"img\x10\x04\x01img")
    assert conn.output == b"img\x10\x04\x01img" and conn._read(1, 0.1) == b""


def test_a_silent_dummy_records_but_never_answers():
    conn = DummyConnection("silent")
    conn._raw(b"\x10\x04\x04")
    assert conn._read(1, 0.1) == b""


def test_clear_forgets_the_output_and_discard_forgets_answers():
    conn = DummyConnection("paper_out")
    conn._raw(b"x")
    conn._raw(b"\x10\x04\x04")
    conn.clear()
    conn._discard_input()
    assert conn.output == b"" and conn._read(1, 0.1) == b""


def test_an_unknown_state_lists_the_known_ones():
    with pytest.raises(ValueError, match="paper_out, near_end|ok, near_end"):
        DummyConnection("jammed")
