"""The serial card reader against a pseudo-terminal standing in for the reader's serial port."""
import os
import pty
import threading
import tty

from kiosk.card_reader import SerialCardReader, parse_url


def test_a_serial_reader_url_names_the_device_and_baud_rate():
    assert parse_url("serial:/dev/ttyUSB1?baud=19200") == ("/dev/ttyUSB1", 19200)
    assert parse_url("/dev/ttyS0") == ("/dev/ttyS0", 9600)


def test_each_swipe_line_from_the_serial_reader_becomes_one_reference():
    master, slave = pty.openpty()
    tty.setraw(slave)
    got, seen = [], threading.Event()

    def on_ref(ref):
        got.append(ref)
        if len(got) == 2:
            seen.set()
    reader = SerialCardReader(f"serial:{os.ttyname(slave)}?baud=9600", on_ref).start()
    try:
        os.write(master, b"6222000000000001\r\nnoise\r\n;6222000000000002=2512?")
        os.write(master, b"\r\n")
        assert seen.wait(5)
    finally:
        reader.stop()
        os.close(master)
        os.close(slave)
    assert got == ["6222000000000001", "6222000000000002"]
