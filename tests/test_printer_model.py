"""The printer's plain data: what is printed, what the printer reports, what it can do."""
from __future__ import annotations

import dataclasses

import pytest

from printer.model import Capabilities, DiversionSlip, PrinterStatus, TicketPrint


def test_a_ready_printer_is_ok():
    assert PrinterStatus(online=True, paper="ok", cover_open=False).ok


def test_paper_near_end_still_prints():
    assert PrinterStatus(online=True, paper="near_end", cover_open=False).ok


@pytest.mark.parametrize("status", [
    PrinterStatus(online=False, paper="ok", cover_open=False),
    PrinterStatus(online=True, paper="out", cover_open=False),
    PrinterStatus(online=True, paper="ok", cover_open=True),
])
def test_offline_paper_out_or_cover_open_is_not_ok(status):
    assert not status.ok


def test_a_write_only_link_with_unknown_paper_counts_as_ok():
    assert PrinterStatus(online=True, paper="unknown", cover_open=False).ok


def test_an_unheard_of_paper_state_is_refused():
    with pytest.raises(ValueError, match="paper must be one of"):
        PrinterStatus(online=True, paper="low", cover_open=False)


def test_capabilities_default_to_native_qr_and_text():
    assert Capabilities() == Capabilities(qr="native", text="native")


def test_a_capability_other_than_native_or_raster_is_refused():
    with pytest.raises(ValueError, match="qr must be 'native' or 'raster'"):
        Capabilities(qr="bitmap")


def test_tickets_and_slips_are_frozen_and_need_no_optional_fields():
    t = TicketPrint("网点", "A001", "个人业务", "Personal", 0, 0, None, None, None, (), "2026-11-23 09:00",
                    "过号请重新取号", "Missed? Take a new number", "https://q.example.cn/t/A001")
    s = DiversionSlip("网点", "取款", "Withdraw", "自助机", "ATM", "大厅", "Lobby", (), (), "09:00")
    assert t.tip_zh is None and t.documents_en == () and s.qr_url is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.number = "A002"  # type: ignore[misc]
