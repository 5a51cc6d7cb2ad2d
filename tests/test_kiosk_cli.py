"""`fenliu kiosk`: its options, and that asking for help never opens a window."""
import argparse
import subprocess
import sys
from pathlib import Path

from kiosk import cli

REPO = Path(__file__).resolve().parent.parent


def test_the_kiosk_command_defaults_to_the_local_host_the_demo_token_and_preview_tickets():
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args([])
    assert (args.host, args.token, args.printer) == ("http://127.0.0.1:8600", "kiosk-demo-token",
                                                     "preview:var/tickets")
    assert not args.fullscreen and args.card_reader is None


def test_the_real_kiosk_runs_fullscreen_with_a_serial_printer_and_card_reader():
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--fullscreen", "--printer", "serial:/dev/ttyUSB0?baud=9600",
                              "--card-reader", "serial:/dev/ttyUSB1?baud=9600"])
    assert args.fullscreen and args.card_reader.endswith("ttyUSB1?baud=9600")


def test_fenliu_kiosk_help_answers_without_loading_kivy():
    code = ("import sys; from fenliu.cli import main\n"
            "try:\n    main(['kiosk', '--help'])\nexcept SystemExit:\n    pass\n"
            "print('kivy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert "--card-reader" in out.stdout and out.stdout.strip().endswith("False")
