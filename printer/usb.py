"""A USB printer through python-escpos's Usb class (pyusb underneath), behind our seam."""
from __future__ import annotations

import errno

from .connections import Connection
from .errors import PrinterFault, PrinterOffline, PrinterTimeout


class UsbConnection(Connection):
    """The link to a USB printer; opened on first use, like the others."""

    def __init__(self, vendor: int, product: int, timeout: float = 3.0, in_ep: int = 0x82, out_ep: int = 0x01) -> None:
        self.ids, self.timeout, self.in_ep, self.out_ep = (vendor, product), timeout, in_ep, out_ep
        self.usb = None

    def _open(self):
        if self.usb is None:
            from escpos.printer import Usb  # imported here: only USB users need pyusb behind it

            if not Usb.is_usable():  # checked first: python-escpos's Usb raises from __del__ without pyusb
                raise PrinterOffline("USB needs pyusb (pip install pyusb)")
            usb = Usb(*self.ids, timeout=int(self.timeout * 1000), in_ep=self.in_ep, out_ep=self.out_ep)
            try:
                usb.open()
            except Exception as e:  # DeviceNotFoundError, USBError
                raise PrinterOffline(f"USB printer {self.ids[0]:04x}:{self.ids[1]:04x} not found: {e}") from e
            self.usb = usb
        return self.usb

    def _raw(self, data: bytes) -> None:
        usb = self._open()
        try:
            usb._raw(data)  # a bulk write: returns once the printer took the bytes
        except Exception as e:
            raise self._fail(e, "write") from e

    def _read(self, size: int, timeout: float) -> bytes:
        usb = self._open()
        try:
            return bytes(usb.device.read(usb.in_ep, size, int(timeout * 1000)))
        except Exception as e:
            if _is_timeout(e):
                return b""
            raise self._fail(e, "read") from e

    def _fail(self, e: Exception, what: str) -> PrinterFault:
        fault = _usb_fault(e, what)
        if not isinstance(fault, PrinterTimeout):
            self.close()
        return fault

    def close(self) -> None:
        """Release the link; the next use opens it again."""
        if self.usb is not None:
            self.usb.close()
            self.usb = None


def _is_timeout(e: Exception) -> bool:
    """pyusb's timeout, recognised without importing pyusb."""
    return isinstance(e, TimeoutError) or getattr(e, "errno", None) == errno.ETIMEDOUT


def _usb_fault(e: Exception, what: str) -> PrinterFault:
    """The typed fault for a pyusb error."""
    if _is_timeout(e):
        return PrinterTimeout(f"USB {what} timed out")
    if getattr(e, "errno", None) in (errno.ENODEV, errno.ENOENT, errno.EIO):
        return PrinterOffline(f"USB {what} failed: {e}")
    return PrinterFault(f"USB {what} failed: {e}")
