"""A Printer checks status before and after each ticket, over the real serial path to the pty fake."""
from __future__ import annotations

import threading

import pytest
from PIL import Image

from printer import open_printer
from printer.device import PreviewPrinter
from printer.errors import CoverOpen, PaperOut, PrinterOffline, PrinterTimeout
from printer.layout import slip_bytes, ticket_bytes
from printer.model import Capabilities
from printer.sample import SAMPLE_SLIP, SAMPLE_TICKET
from tests.fake_escpos import FakeEscposPrinter

CUT = b"\x1dVA\x00"


@pytest.fixture
def fake():
    printer = FakeEscposPrinter()
    yield printer
    printer.stop()


@pytest.fixture
def printer(fake):
    p = open_printer(f"serial:{fake.start_pty()}?baud=9600&timeout=1")
    yield p
    p.close()


def test_a_ticket_arrives_byte_for_byte_between_two_status_checks(fake, printer):
    printer.print_ticket(SAMPLE_TICKET)
    assert fake.printed == ticket_bytes(SAMPLE_TICKET)
    assert fake.queries == [1, 2, 4, 1, 2, 4]
    assert printer.last_status.ok


@pytest.mark.parametrize("state, fault", [
    ("paper_out", PaperOut), ("cover_open", CoverOpen), ("offline", PrinterOffline), ("silent", PrinterTimeout),
])
def test_a_faulty_printer_raises_its_fault_and_gets_no_ticket(fake, printer, state, fault):
    fake.tell(state)
    with pytest.raises(fault) as caught:
        printer.print_ticket(SAMPLE_TICKET)
    assert fake.printed == b""
    assert caught.value.message_zh and caught.value.message_en


def test_paper_near_end_still_prints_and_is_reported(fake, printer):
    fake.tell("near_end")
    printer.print_ticket(SAMPLE_TICKET)
    assert fake.printed == ticket_bytes(SAMPLE_TICKET) and printer.last_status.paper == "near_end"


def test_paper_running_out_during_the_ticket_is_not_reported_as_printed(fake, printer):
    def run_out_at_the_cut(f):
        if CUT in f.received:
            f.paper = "out"
    fake.on_feed = run_out_at_the_cut
    with pytest.raises(PaperOut):
        printer.print_ticket(SAMPLE_TICKET)
    assert fake.printed == ticket_bytes(SAMPLE_TICKET)


def test_a_printer_that_stops_answering_after_the_ticket_raises_a_timeout(fake, printer):
    def hang_at_the_cut(f):
        if CUT in f.received:
            f.silent = True
    fake.on_feed = hang_at_the_cut
    with pytest.raises(PrinterTimeout):
        printer.print_ticket(SAMPLE_TICKET)


def test_status_alone_reads_the_printer_without_printing(fake, printer):
    fake.cover_open = True
    status = printer.status()
    assert status.cover_open and not status.ok and fake.printed == b""


def test_a_raster_qr_ticket_holds_no_stray_status_query(fake):
    p = open_printer(f"serial:{fake.start_pty()}?qr=raster&baud=115200")
    try:
        p.print_ticket(SAMPLE_TICKET)
    finally:
        p.close()
    assert fake.printed == ticket_bytes(SAMPLE_TICKET, qr="raster")
    assert fake.queries == [1, 2, 4, 1, 2, 4]


def test_a_whole_raster_ticket_goes_through_for_printers_without_chinese_fonts(fake):
    p = open_printer(f"serial:{fake.start_pty()}?text=raster&width=58")
    try:
        p.print_ticket(SAMPLE_TICKET)
    finally:
        p.close()
    assert fake.printed == ticket_bytes(SAMPLE_TICKET, 58, capabilities=Capabilities(text="raster"))
    assert fake.queries == [1, 2, 4, 1, 2, 4]


def test_tickets_from_two_threads_never_interleave(fake, printer):
    threads = [threading.Thread(target=printer.print_ticket, args=(SAMPLE_TICKET,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    one = ticket_bytes(SAMPLE_TICKET)
    assert fake.printed == one + one


def test_a_slip_prints_over_the_network(fake):
    host, port = fake.start_tcp()
    with open_printer(f"network:{host}:{port}?width=58") as p:
        p.print_slip(SAMPLE_SLIP)
    assert fake.printed == slip_bytes(SAMPLE_SLIP, 58)


def test_a_file_printer_writes_the_ticket_and_reports_paper_unknown(tmp_path):
    with open_printer(f"file:{tmp_path / 'ticket.bin'}") as p:
        p.print_ticket(SAMPLE_TICKET)
        assert p.status().paper == "unknown"
    assert (tmp_path / "ticket.bin").read_bytes() == ticket_bytes(SAMPLE_TICKET)


def test_a_dummy_printer_keeps_the_output_and_can_play_any_fault():
    p = open_printer("dummy:")
    p.print_ticket(SAMPLE_TICKET)
    assert p.output == ticket_bytes(SAMPLE_TICKET)
    with pytest.raises(PaperOut):
        open_printer("dummy:?state=paper_out").print_ticket(SAMPLE_TICKET)


def test_a_preview_folder_gets_one_png_per_ticket_named_by_counter_and_number(tmp_path):
    p = open_printer(f"preview:{tmp_path / 'out'}")
    p.print_ticket(SAMPLE_TICKET)
    p.print_slip(SAMPLE_SLIP)
    assert sorted(f.name for f in (tmp_path / "out").iterdir()) == ["0001-A012.png", "0002-slip.png"]
    assert p.last_path == tmp_path / "out" / "0002-slip.png" and p.status().ok
    again = PreviewPrinter(str(tmp_path / "out"))
    again.print_ticket(SAMPLE_TICKET)
    assert again.last_path.name == "0003-A012.png"  # a restarted kiosk does not overwrite


def test_a_preview_file_is_overwritten_by_each_ticket(tmp_path):
    p = open_printer(f"preview:{tmp_path / 'ticket.png'}?width=58")
    p.print_ticket(SAMPLE_TICKET)
    p.print_ticket(SAMPLE_TICKET)
    assert list(tmp_path.iterdir()) == [tmp_path / "ticket.png"]
    with Image.open(p.last_path) as img:
        assert img.width == 464
