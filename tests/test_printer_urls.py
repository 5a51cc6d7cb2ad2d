"""Printer URLs from config or the command line become the right link, paper and capabilities."""
from __future__ import annotations

import pytest

from printer import DummyPrinter, PreviewPrinter, Printer, open_printer
from printer.connections import FileConnection, NetworkConnection, SerialConnection
from printer.usb import UsbConnection
from printer.model import Capabilities


def test_a_serial_url_sets_port_baud_and_flow_without_opening_yet():
    p = open_printer("serial:/dev/ttyUSB0?baud=115200&flow=rtscts")
    link = p.connection
    assert isinstance(link, SerialConnection) and link.port is None
    assert (link.name, link.baudrate, link.flow) == ("/dev/ttyUSB0", 115200, "rtscts")


def test_serial_defaults_to_9600_baud_without_flow_control():
    link = open_printer("serial:/dev/ttyS0").connection
    assert (link.baudrate, link.flow) == (9600, "none")


def test_a_usb_url_takes_hex_vendor_and_product_and_endpoints():
    link = open_printer("usb:0x0416:0x5011?in_ep=0x81&out_ep=0x03").connection
    assert isinstance(link, UsbConnection)
    assert (link.ids, link.in_ep, link.out_ep) == ((0x0416, 0x5011), 0x81, 0x03)


@pytest.mark.parametrize("url, address", [
    ("network:192.0.2.10:9100", ("192.0.2.10", 9100)), ("network:192.0.2.10", ("192.0.2.10", 9100)),
    ("network:printer.lan:9101", ("printer.lan", 9101)), ("network:[2001:db8::5]:9100", ("2001:db8::5", 9100)),
    ("network:[2001:db8::5]", ("2001:db8::5", 9100)),
])
def test_a_network_url_defaults_to_port_9100(url, address):
    link = open_printer(url).connection
    assert isinstance(link, NetworkConnection) and link.address == address and link.sock is None


def test_file_preview_and_dummy_urls_make_their_printers(tmp_path):
    assert isinstance(open_printer("file:ticket.bin").connection, FileConnection)
    assert isinstance(open_printer(f"preview:{tmp_path}"), PreviewPrinter)
    assert isinstance(open_printer("dummy:"), DummyPrinter)
    assert type(open_printer("network:192.0.2.10")) is Printer


def test_width_and_capabilities_in_the_url_win_over_the_defaults():
    p = open_printer("dummy:?width=58&qr=raster&timeout=1.5", width_mm=80, capabilities=Capabilities(text="raster"))
    assert (p.width_mm, p.capabilities, p.timeout) == (58, Capabilities(qr="raster", text="raster"), 1.5)


def test_the_keyword_defaults_apply_when_the_url_is_silent():
    p = open_printer("dummy:", width_mm=58, capabilities=Capabilities(qr="raster"))
    assert (p.width_mm, p.capabilities.qr) == (58, "raster")


@pytest.mark.parametrize("url, why", [
    ("lpt:1", "unknown scheme 'lpt'"), ("/dev/ttyUSB0", "no scheme"), ("serial:", "needs a target"),
    ("serial:/dev/ttyS0?baud=fast", "baud must be a number"), ("serial:/dev/ttyS0?flow=cts", "flow must be one of"),
    ("usb:0x0416", "vendor:product"), ("network:host:port", "port must be a number"),
    ("dummy:?width=76", "width must be 58 or 80"), ("dummy:?qr=image", "qr must be"),
    ("dummy:?state=jammed", "dummy state must be one of"), ("file:x.bin?baud=9600", "unknown option(s) baud"),
    ("dummy:?timeout=soon", "timeout must be seconds"),
])
def test_a_bad_url_says_why_and_lists_every_supported_form(url, why):
    with pytest.raises(ValueError) as caught:
        open_printer(url)
    message = str(caught.value)
    assert why in message
    for form in ("serial:/dev/ttyUSB0?baud=9600&flow=rtscts", "usb:0x0416:0x5011", "network:192.0.2.10:9100",
                 "file:", "preview:", "dummy:"):
        assert form in message
