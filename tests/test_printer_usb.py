"""USB through python-escpos's Usb class. That class is the only thing mocked in the printer tests:
no USB printer exists on a test machine, and pyusb is not installed here."""
from __future__ import annotations

import errno
import types

import pytest

from printer.errors import PrinterOffline, PrinterTimeout
from printer.status import read_status
from printer.usb import UsbConnection


class FakeUsbDevice:
    def __init__(self, answers: list[int] | None, error: Exception | None = None):
        self.answers, self.error, self.reads = answers, error, []

    def read(self, endpoint, size, timeout_ms):
        self.reads.append((endpoint, size, timeout_ms))
        if self.error:
            raise self.error
        return [self.answers.pop(0)] if self.answers else []


def mock_usb(monkeypatch, device: FakeUsbDevice | None, open_error: Exception | None = None):
    """Replace escpos.printer.Usb with a stand-in that records what our code asks of it."""
    made = []

    class Usb:
        @staticmethod
        def is_usable():
            return True

        def __init__(self, vendor, product, timeout, in_ep, out_ep):
            self.args = (vendor, product, timeout, in_ep, out_ep)
            self.in_ep, self.device, self.written, self.closed = in_ep, device, [], False
            made.append(self)

        def open(self):
            if open_error:
                raise open_error

        def _raw(self, data):
            self.written.append(data)

        def close(self):
            self.closed = True

    monkeypatch.setattr("escpos.printer.Usb", Usb)
    return made


def test_usb_writes_through_python_escpos_and_reads_the_in_endpoint(monkeypatch):
    made = mock_usb(monkeypatch, FakeUsbDevice([0x12, 0x12, 0x1E]))
    link = UsbConnection(0x0416, 0x5011, timeout=2)
    assert read_status(link, timeout=0.3).paper == "near_end"
    usb = made[0]
    assert usb.args == (0x0416, 0x5011, 2000, 0x82, 0x01)
    assert usb.written == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]
    assert usb.device.reads[0] == (0x82, 1, 300)
    link.close()
    assert usb.closed


def test_a_usb_read_timeout_is_a_printer_timeout(monkeypatch):
    mock_usb(monkeypatch, FakeUsbDevice(None, OSError(errno.ETIMEDOUT, "Operation timed out")))
    with pytest.raises(PrinterTimeout):
        read_status(UsbConnection(0x0416, 0x5011), timeout=0.1)


def test_a_usb_printer_that_is_not_plugged_in_is_offline(monkeypatch):
    mock_usb(monkeypatch, None, open_error=types.new_class("DeviceNotFoundError", (Exception,))("gone"))
    with pytest.raises(PrinterOffline, match="0416:5011 not found"):
        UsbConnection(0x0416, 0x5011)._raw(b"x")


def test_without_pyusb_a_usb_printer_is_offline_and_says_what_to_install():
    pytest.importorskip("escpos.printer")
    try:
        import usb  # noqa: F401
        pytest.skip("pyusb is installed here")
    except ImportError:
        pass
    with pytest.raises(PrinterOffline, match="pip install pyusb"):
        UsbConnection(0x0416, 0x5011)._raw(b"x")
