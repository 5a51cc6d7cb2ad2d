"""`fenliu kiosk`: run the entrance touchscreen against a queue host, with a ticket printer and card reader."""
from __future__ import annotations

import argparse
import os

from fenliu.kiosk_mode import add_kiosk_arguments
from fenliu.window import add_window_arguments, apply_window
from kiosk.text import both


def _zh(key: str) -> str:
    """The Chinese of a help text (the catalog's)."""
    return both(key)[0]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The kiosk's command-line options."""
    parser.add_argument("--host", default=os.environ.get("FENLIU_HOST", "http://127.0.0.1:8600"),
                        help=f"queue host URL / {_zh('cli_host')} (default http://127.0.0.1:8600)")
    parser.add_argument("--token", default=os.environ.get("FENLIU_KIOSK_TOKEN", "kiosk-demo-token"),
                        help="the kiosk's token from [[tokens]] in the branch file (env FENLIU_KIOSK_TOKEN)")
    parser.add_argument("--ca", default=os.environ.get("FENLIU_CA"), metavar="FILE",
                        help="the branch CA (ca.pem from `fenliu init-branch`) to verify an https host "
                             f"/ {_zh('cli_ca')} (env FENLIU_CA)")
    parser.add_argument("--printer", default="preview:var/tickets",
                        help="ticket printer: serial:/dev/ttyUSB0?baud=9600, network:host:9100, "
                             "file:/dev/usb/lp0, preview:DIR (PNG files), dummy: (default preview:var/tickets)")
    parser.add_argument("--no-printer", action="store_true", help="no printer: tickets only on screen")
    parser.add_argument("--card-reader", default=None, metavar="URL",
                        help="serial card/ID reader, e.g. serial:/dev/ttyUSB1?baud=9600 "
                             "(a keyboard-wedge reader needs no option)")
    parser.add_argument("--kiosk-id", default="kiosk-1", help="name used in printer alerts to the manager")
    add_window_arguments(parser, "1280x800",
                         f"fill the screen and hide the cursor (the real kiosk) / {_zh('cli_fullscreen')}")
    add_kiosk_arguments(parser)
    parser.add_argument("--demo-visitors", action="store_true",
                        help="for `fenliu demo`: scripted visitors arrive as JSON lines on stdin and press the "
                             "buttons; each visit's answer is printed on stdout")
    parser.add_argument("--data-dir", default=os.environ.get("FENLIU_KIOSK_DATA", "var/kiosk"), metavar="DIR",
                        help="where the kiosk keeps its reserved numbers and offline tickets (SQLite); "
                             f"'' turns offline issuing off / {_zh('cli_data_dir')}")
    parser.add_argument("--voice", action="store_true",
                        help="spoken guidance in elderly mode (espeak-ng, Mandarin) on by default")


def run(args: argparse.Namespace) -> int:
    """Open the kiosk window; returns when it closes."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")  # our options are not Kivy's
    from queue_host.client import use_ca
    if not use_ca(args.ca):
        return 2
    # Mesa's software renderer (llvmpipe, used when there is no GPU driver) grows by megabytes per
    # redraw with its rasterizer threads on; drawing on the main thread keeps memory flat.
    os.environ.setdefault("LP_NUM_THREADS", "0")
    # A customer must not close it: fullscreen ignores Esc; kiosk mode turns Esc into the staff PIN prompt.
    apply_window(args.size, args.fullscreen, exit_on_escape=not args.fullscreen, kiosk_mode=args.kiosk_mode,
                 position=args.position, scale=args.scale)
    guard = None
    if args.kiosk_mode:
        from fenliu.kiosk_mode import ExitGuard, screen_blanking_off
        print(f"fenliu kiosk: {' / '.join(both('cli_kiosk_mode'))}: {screen_blanking_off()}")
        guard = ExitGuard(args.host, args.branch_file)
    from kiosk.app import KioskApp, open_kiosk_printer
    printer = None if args.no_printer else open_kiosk_printer(args.printer)
    KioskApp(args.host, args.token, printer, card_reader=args.card_reader, kiosk_id=args.kiosk_id,
             voice=args.voice, fullscreen=args.fullscreen or args.kiosk_mode, exit_guard=guard,
             autopilot=args.demo_visitors, data_dir=args.data_dir or None).run()
    return 0
