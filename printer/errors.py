"""Typed printer faults with a bilingual message the kiosk can show and a code the host can alert on."""
from __future__ import annotations


class PrinterFault(Exception):
    """A ticket could not be printed; the base class stands for a communication (io) error."""

    code = "io"
    message_zh = "打印机通信故障，请联系大堂经理"
    message_en = "Printer communication error. Please ask the lobby manager."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.code}: {self.message_zh} / {self.message_en}" + (f" ({self.detail})" if self.detail else "")


class PrinterOffline(PrinterFault):
    """The printer is unplugged, switched off, unreachable, or reports itself offline."""

    code = "offline"
    message_zh = "打印机离线，请联系大堂经理"
    message_en = "Printer offline. Please ask the lobby manager."


class PaperOut(PrinterFault):
    """The paper roll is empty."""

    code = "paper_out"
    message_zh = "打印机缺纸，请联系大堂经理"
    message_en = "Printer out of paper. Please ask the lobby manager."


class CoverOpen(PrinterFault):
    """The printer cover is open."""

    code = "cover_open"
    message_zh = "打印机上盖未关，请联系大堂经理"
    message_en = "Printer cover open. Please ask the lobby manager."


class PrinterTimeout(PrinterFault):
    """The printer did not answer (a status query or a write) in time."""

    code = "timeout"
    message_zh = "打印机无响应，请联系大堂经理"
    message_en = "Printer not responding. Please ask the lobby manager."
