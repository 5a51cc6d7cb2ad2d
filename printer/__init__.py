"""Ticket printer: ESC/POS bytes for tickets and slips, delivered over serial, USB, network or file.

Knows nothing of queues and imports nothing else of fenliu.
"""
from .device import DummyPrinter, PreviewPrinter, Printer
from .errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline, PrinterTimeout
from .model import Capabilities, DiversionSlip, PrinterStatus, TicketPrint
from .urls import open_printer

__all__ = [
    "Capabilities", "CoverOpen", "DiversionSlip", "DummyPrinter", "PaperOut", "PreviewPrinter",
    "Printer", "PrinterFault", "PrinterOffline", "PrinterStatus", "PrinterTimeout", "TicketPrint",
    "open_printer",
]
