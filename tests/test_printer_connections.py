"""Each link behind the one seam: serial (real pyserial on a pty fake), network (a real loopback TCP
fake) and file; USB has its own file."""
from __future__ import annotations

import socket
import time

import pytest

from printer.connections import FileConnection, NetworkConnection, SerialConnection
from printer.errors import PrinterFault, PrinterOffline, PrinterTimeout
from printer.status import read_status
from tests.fake_escpos import FakeEscposPrinter


@pytest.fixture
def fake():
    printer = FakeEscposPrinter()
    yield printer
    printer.stop()


@pytest.fixture
def serial_link(fake):
    link = SerialConnection(fake.start_pty(), baudrate=9600)
    yield link
    link.close()


@pytest.fixture
def tcp_link(fake):
    host, port = fake.start_tcp()
    link = NetworkConnection(host, port, timeout=2)
    yield link
    link.close()


# -- serial -------------------------------------------------------------------------------------

def test_serial_bytes_reach_the_printer_in_order_and_flush_waits_for_them(fake, serial_link):
    data = bytes(range(256)).replace(b"\x10", b"") * 20  # 5 kB, no DLE
    serial_link._raw(data)
    serial_link.flush()
    assert fake.wait_for_bytes(len(data))
    assert bytes(fake.received) == data


@pytest.mark.parametrize("setup, expected", [
    ({}, ("ok", True, False)),
    ({"paper": "near_end"}, ("near_end", True, False)),
    ({"paper": "out"}, ("out", False, False)),
    ({"cover_open": True}, ("ok", False, True)),
    ({"error": True}, ("ok", False, False)),
])
def test_serial_status_reads_every_state_of_the_fake(fake, serial_link, setup, expected):
    for name, value in setup.items():
        setattr(fake, name, value)
    status = read_status(serial_link, timeout=1)
    assert (status.paper, status.online, status.cover_open) == expected
    assert fake.queries[:3] == [1, 2, 4]


def test_serial_status_times_out_when_the_printer_never_answers(fake, serial_link):
    fake.silent = True
    with pytest.raises(PrinterTimeout):
        read_status(serial_link, timeout=0.2)
    assert fake.queries == [1]


def test_a_stale_byte_in_the_input_is_not_taken_for_the_answer(fake, serial_link):
    serial_link._raw(b"\x10\x04\x04")  # answered, but nobody reads it ...
    assert fake.wait_for_bytes(3)
    fake.paper = "out"
    assert read_status(serial_link, timeout=1).paper == "out"  # ... and it is thrown away


@pytest.mark.parametrize("flow", ["rtscts", "xonxoff", "dsrdtr"])
def test_serial_flow_control_settings_open_the_port(fake, flow):
    link = SerialConnection(fake.start_pty(), baudrate=115200, flow=flow)
    try:
        assert read_status(link, timeout=1).ok
    finally:
        link.close()


def test_a_missing_serial_port_is_offline_only_when_used():
    link = SerialConnection("/dev/ttyNOPE0")
    with pytest.raises(PrinterOffline, match="cannot open serial port"):
        link._raw(b"x")


def test_a_serial_printer_that_vanishes_is_reported_then_reopened_when_back(fake, serial_link):
    assert read_status(serial_link, timeout=1).ok
    fake.stop()  # the pty is gone, like an unplugged USB-serial adapter
    with pytest.raises(PrinterFault):
        read_status(serial_link, timeout=0.2)
    assert serial_link.port is None


def _old_part(fake, new: bytes) -> bytes:
    """What reached the printer before the next ticket (asserting that ticket arrived whole, last)."""
    deadline = time.monotonic() + 5
    while not fake.received.endswith(new) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake.received.endswith(new)
    return bytes(fake.received[:-len(new)])


def test_a_serial_write_that_times_out_leaves_no_tail_to_print_before_the_next_ticket(fake):
    link = SerialConnection(fake.start_pty(), baudrate=921600)  # a short write timeout for the test
    old, new = b"\x1b@" + b"O" * 20_000, b"\x1b@" + b"next ticket"
    try:
        fake.stalled = True  # the printer goes silent mid-ticket: the pty's buffers fill
        with pytest.raises(PrinterTimeout):
            link._raw(old)
        assert link.port is None
        fake.stalled = False
        link._raw(new)
        link.flush()
        # What had already crossed to the printer's side cannot be taken back: on a pty, the reader's
        # 4 kB line buffer and one 4 kB hand-over buffer that TCOFLUSH does not reach. Left in the
        # output buffer, the whole old ticket would come through first.
        came = _old_part(fake, new)
        assert came == old[:len(came)] and len(came) <= 2 * 4096
    finally:
        link.close()


def test_an_unknown_flow_control_is_refused():
    with pytest.raises(ValueError, match="flow must be one of"):
        SerialConnection("/dev/ttyS0", flow="hardware")


# -- network ------------------------------------------------------------------------------------

def test_network_bytes_and_status_go_over_real_tcp(fake, tcp_link):
    tcp_link._raw(b"hello")
    fake.cover_open = True
    status = read_status(tcp_link, timeout=1)
    assert status.cover_open and fake.printed == b"hello"


def test_network_status_times_out_when_the_printer_never_answers(fake, tcp_link):
    fake.silent = True
    with pytest.raises(PrinterTimeout):
        read_status(tcp_link, timeout=0.2)


def test_a_dropped_idle_connection_is_reopened_before_the_next_job(fake, tcp_link):
    assert read_status(tcp_link, timeout=1).ok
    fake.drop_connection()
    fake.paper = "near_end"
    assert read_status(tcp_link, timeout=1).paper == "near_end"
    assert fake.connections == 2


def test_nothing_listening_is_offline():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused
        link = NetworkConnection("127.0.0.1", port, timeout=1)
        with pytest.raises(PrinterOffline, match="cannot connect"):
            link._raw(b"x")


def test_a_printer_that_hangs_up_mid_answer_is_offline(fake, tcp_link):
    tcp_link._discard_input()
    fake.silent = True
    tcp_link._raw(b"\x10\x04\x01")
    fake.drop_connection()
    with pytest.raises(PrinterOffline, match="closed the connection"):
        tcp_link._read(1, timeout=1)


def test_a_network_write_that_times_out_leaves_no_tail_to_print_before_the_next_ticket(fake):
    host, port = fake.start_tcp(receive_buffer=4096)  # a printer holds a few kB, not megabytes
    link = NetworkConnection(host, port, timeout=0.2)
    old, new = b"\x1b@" + b"O" * 20_000, b"\x1b@" + b"next ticket"
    try:
        link._discard_input()  # connects
        link.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)  # no megabytes on our side either
        fake.stalled = True
        with pytest.raises(PrinterTimeout):
            link._raw(old)
        assert link.sock is None
        # Bytes already in flight on loopback may still land: wait until the printer's side is still.
        already_there, deadline = -1, time.monotonic() + 3
        while fake.waiting() != already_there and time.monotonic() < deadline:
            already_there = fake.waiting()
            time.sleep(0.1)
        fake.stalled = False
        link._raw(new)
        # What sat in the printer's receive buffer cannot be taken back; our unsent rest must be gone
        # (a plain close would still deliver the send buffer's kilobytes once the printer reads on).
        came = _old_part(fake, new)
        # Seen here: a reset link delivers what the fake holds plus at most one 4 kB segment still in
        # the kernel's queue; a plain close delivers two more (our 8 kB send buffer).
        assert came == old[:len(came)] and len(came) < already_there + 6144
        assert fake.connections == 2
    finally:
        link.close()


# -- file -----------------------------------------------------------------------------------------

def test_a_file_link_writes_the_bytes_and_cannot_read(tmp_path):
    link = FileConnection(str(tmp_path / "ticket.bin"))
    link._raw(b"abc")
    link.flush()
    link.close()
    assert (tmp_path / "ticket.bin").read_bytes() == b"abc" and not link.can_read


def test_a_file_in_a_missing_folder_is_offline(tmp_path):
    with pytest.raises(PrinterOffline):
        FileConnection(str(tmp_path / "no" / "ticket.bin"))._raw(b"x")
