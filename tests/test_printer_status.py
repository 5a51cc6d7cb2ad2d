"""DLE EOT answers decoded by our own code, and a silent printer never taken for a ready one."""
from __future__ import annotations

import pytest

from printer.dummy import DummyConnection
from printer.errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline, PrinterTimeout
from printer.model import PrinterStatus
from printer.status import decode, error_cause, query, raise_for_status, read_status


def test_all_clear_answers_decode_to_a_ready_printer():
    assert decode(0x12, 0x12, 0x12) == PrinterStatus(online=True, paper="ok", cover_open=False)


def test_the_near_end_sensor_reads_as_near_end():
    assert decode(0x12, 0x12, 0x1E).paper == "near_end"


def test_paper_end_reads_as_out_and_offline():
    status = decode(0x1A, 0x32, 0x7E)
    assert (status.online, status.paper) == (False, "out")


def test_a_clone_that_sets_only_one_of_the_paired_sensor_bits_is_still_understood():
    assert decode(0x12, 0x12, 0x16).paper == "near_end"
    assert decode(0x1A, 0x12, 0x52).paper == "out"


def test_printing_stopped_by_paper_end_reads_as_out_even_if_the_sensor_byte_says_ok():
    assert decode(0x1A, 0x32, 0x12).paper == "out"


def test_an_open_cover_is_reported():
    status = decode(0x1A, 0x16, 0x12)
    assert status.cover_open and not status.online


@pytest.mark.parametrize("byte, name", [(0x1A, "cutter"), (0x32, "unrecoverable"), (0x52, "auto_recoverable"),
                                        (0x12, None)])
def test_the_error_cause_is_named(byte, name):
    assert error_cause(byte) == name


class Silent(DummyConnection):
    def __init__(self):
        super().__init__("silent")


class Answers(DummyConnection):
    """Answers a fixed byte to everything."""

    def __init__(self, byte: int):
        super().__init__()
        self.byte = byte

    def _raw(self, data):
        self._pending.append(self.byte)


def test_no_answer_raises_a_timeout_and_never_reads_as_ok():
    with pytest.raises(PrinterTimeout, match="no answer to DLE EOT 1"):
        read_status(Silent(), timeout=0.05)


def test_an_answer_with_the_wrong_fixed_bits_is_an_io_fault():
    # 0x10 is our own query echoed back: a loop-back cable or the wrong device.
    with pytest.raises(PrinterFault, match="unexpected answer 0x10") as caught:
        query(Answers(0x10), 1, timeout=0.05)
    assert caught.value.code == "io"


def test_read_status_asks_for_the_error_cause_only_when_the_printer_reports_an_error():
    conn = DummyConnection("offline")
    assert read_status(conn, 0.05).error == "unrecoverable"
    assert read_status(DummyConnection("cover_open"), 0.05).error is None


@pytest.mark.parametrize("state, fault", [("paper_out", PaperOut), ("cover_open", CoverOpen),
                                          ("offline", PrinterOffline)])
def test_each_fault_state_raises_its_typed_error(state, fault):
    with pytest.raises(fault):
        raise_for_status(read_status(DummyConnection(state), 0.05))


def test_ok_and_near_end_raise_nothing():
    for state in ("ok", "near_end"):
        raise_for_status(read_status(DummyConnection(state), 0.05))
