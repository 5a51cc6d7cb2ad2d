"""Printer faults carry a code for the host and a message in both languages for the kiosk."""
from __future__ import annotations

import pytest

from printer.errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline, PrinterTimeout


@pytest.mark.parametrize("cls, code", [
    (PrinterOffline, "offline"), (PaperOut, "paper_out"), (CoverOpen, "cover_open"),
    (PrinterTimeout, "timeout"), (PrinterFault, "io"),
])
def test_each_fault_has_its_code_and_both_languages(cls, code):
    fault = cls("detail for the log")
    assert fault.code == code
    assert isinstance(fault, PrinterFault)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in fault.message_zh)
    assert fault.message_en.isascii() and "lobby manager" in fault.message_en


def test_the_text_of_a_fault_names_code_messages_and_detail():
    text = str(PaperOut("paper end sensor"))
    assert text.startswith("paper_out: 打印机缺纸")
    assert "Printer out of paper" in text and "(paper end sensor)" in text
    assert PaperOut().detail == ""
