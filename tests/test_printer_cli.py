"""`fenliu print-test URL`: prints the sample, shows the status read, and fails clearly."""
from __future__ import annotations

import argparse

import pytest

from fenliu.cli import main
from printer import cli
from printer.layout import ticket_bytes
from printer.sample import SAMPLE_TICKET
from tests.fake_escpos import FakeEscposPrinter


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return cli.run(parser.parse_args(argv))


def test_print_test_prints_the_sample_and_the_status_it_read(capsys):
    assert run("dummy:") == 0
    out = capsys.readouterr().out
    assert "在线 online" in out and "纸量正常 paper ok" in out and "上盖关闭 cover closed" in out
    assert f"printed: A012 ({len(ticket_bytes(SAMPLE_TICKET))} bytes, 80 mm)" in out


def test_the_fenliu_command_dispatches_print_test_to_the_printer(tmp_path, capsys):
    assert main(["print-test", f"preview:{tmp_path / 't.png'}", "--width", "58"]) == 0
    assert (tmp_path / "t.png").exists() and "preview" in capsys.readouterr().out


def test_a_serial_printer_out_of_paper_exits_nonzero_with_a_bilingual_message(capsys):
    fake = FakeEscposPrinter()
    try:
        fake.paper = "out"
        assert run(f"serial:{fake.start_pty()}?timeout=2") == 1
    finally:
        fake.stop()
    captured = capsys.readouterr()
    assert "缺纸 paper out" in captured.out
    assert "[paper_out]: 打印机缺纸" in captured.err and "Printer out of paper" in captured.err
    assert fake.printed == b""


def test_a_silent_printer_is_a_timeout_not_a_success(capsys):
    assert run("dummy:?state=silent") == 1
    assert "[timeout]" in capsys.readouterr().err


def test_width_and_qr_options_override_the_url(capsys):
    assert run("dummy:?width=80&qr=native", "--width", "58", "--qr", "raster") == 0
    assert "58 mm" in capsys.readouterr().out


def test_status_only_prints_nothing_and_exits_by_the_status(capsys):
    assert run("dummy:?state=near_end", "--status-only") == 0
    assert run("dummy:?state=cover_open", "--status-only") == 1
    assert "纸将用尽 paper near end" in capsys.readouterr().out


def test_the_sample_slip_can_be_printed(capsys):
    assert run("dummy:", "--slip") == 0
    assert "printed: slip" in capsys.readouterr().out


def test_a_bad_url_exits_2_and_lists_the_supported_forms(capsys):
    assert run("lpt:1") == 2
    assert "network:192.0.2.10:9100" in capsys.readouterr().err


def test_help_lists_the_url_forms(capsys):
    with pytest.raises(SystemExit):
        main(["print-test", "--help"])
    assert "usb:0x0416:0x5011" in capsys.readouterr().out
