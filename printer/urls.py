"""Printer connection strings (from config or the command line) to Printer objects."""
from __future__ import annotations

from urllib.parse import parse_qsl

from .connections import FLOW, FileConnection, NetworkConnection, SerialConnection
from .device import DEFAULT_TIMEOUT, DummyPrinter, PreviewPrinter, Printer
from .dummy import DummyConnection
from .model import Capabilities
from .usb import UsbConnection

FORMS = """supported printer URLs:
  serial:/dev/ttyUSB0?baud=9600&flow=rtscts   (flow: none, rtscts, xonxoff, dsrdtr)
  usb:0x0416:0x5011                           (vendor:product; ?in_ep=0x81&out_ep=0x03)
  network:192.0.2.10:9100                     (port 9100 if left out)
  file:/dev/usb/lp0  or  file:ticket.bin      (write-only: no status)
  preview:ticket.png  or  preview:previews/   (PNG per ticket; status always ok)
  dummy:                                      (in memory; ?state=paper_out|near_end|cover_open|offline|silent)
options for all: width=58|80, qr=native|raster, text=native|raster, timeout=SECONDS"""

_COMMON = {"width", "qr", "text", "timeout"}
_OWN = {"serial": {"baud", "flow"}, "usb": {"in_ep", "out_ep"}, "network": set(), "file": set(),
        "preview": set(), "dummy": {"state"}}


def _bad(url: str, why: str) -> ValueError:
    return ValueError(f"bad printer URL {url!r}: {why}\n{FORMS}")


def _int(url: str, text: str, name: str) -> int:
    try:
        return int(text, 0)
    except ValueError:
        raise _bad(url, f"{name} must be a number, not {text!r}") from None


def open_printer(url: str, *, width_mm: int = 80, capabilities: Capabilities | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> Printer:
    """Make a Printer from a connection string; options in the URL win over the keyword defaults."""
    scheme, sep, rest = url.partition(":")
    if not sep or scheme not in _OWN:
        raise _bad(url, f"unknown scheme {scheme!r}" if sep else "no scheme")
    target, _, query = rest.partition("?")
    opts = dict(parse_qsl(query, keep_blank_values=True))
    unknown = set(opts) - _COMMON - _OWN[scheme]
    if unknown:
        raise _bad(url, f"unknown option(s) {', '.join(sorted(unknown))} for {scheme}:")
    caps = capabilities or Capabilities()
    try:
        caps = Capabilities(qr=opts.get("qr", caps.qr), text=opts.get("text", caps.text))
    except ValueError as e:
        raise _bad(url, str(e)) from None
    width = _int(url, opts["width"], "width") if "width" in opts else width_mm
    if width not in (58, 80):
        raise _bad(url, f"width must be 58 or 80, not {width}")
    if "timeout" in opts:
        try:
            timeout = float(opts["timeout"])
        except ValueError:
            raise _bad(url, f"timeout must be seconds, not {opts['timeout']!r}") from None
    common = {"width_mm": width, "capabilities": caps}
    if scheme == "preview":
        return PreviewPrinter(target or ".", **common)
    if scheme == "dummy":
        try:
            return DummyPrinter(DummyConnection(opts.get("state", "ok")), timeout=timeout, **common)
        except ValueError as e:
            raise _bad(url, str(e)) from None
    return Printer(_connection(url, scheme, target, opts), timeout=timeout, **common)


def _connection(url: str, scheme: str, target: str, opts: dict[str, str]):
    """The link for a real printer scheme."""
    if not target:
        raise _bad(url, f"{scheme}: needs a target")
    if scheme == "serial":
        flow = opts.get("flow", "none")
        if flow not in FLOW:
            raise _bad(url, f"flow must be one of {', '.join(FLOW)}")
        return SerialConnection(target, _int(url, opts.get("baud", "9600"), "baud"), flow)
    if scheme == "usb":
        ids = target.split(":")
        if len(ids) != 2:
            raise _bad(url, "usb: needs vendor:product, e.g. usb:0x0416:0x5011")
        extra = {k: _int(url, opts[k], k) for k in ("in_ep", "out_ep") if k in opts}
        return UsbConnection(_int(url, ids[0], "vendor"), _int(url, ids[1], "product"), **extra)
    if scheme == "network":
        host, port = _host_port(url, target)
        return NetworkConnection(host, port)
    return FileConnection(target)


def _host_port(url: str, target: str) -> tuple[str, int]:
    """Split host[:port] or [v6]:port; the raw printing port is 9100 unless given."""
    if target.startswith("["):
        host, _, tail = target[1:].partition("]")
        return host, _int(url, tail[1:], "port") if tail.startswith(":") else 9100
    host, sep, port = target.rpartition(":")
    if not sep:
        return target, 9100
    return host, _int(url, port, "port")
