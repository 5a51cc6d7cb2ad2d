"""`fenliu panel`: open the counter or lobby-manager panel against a queue host."""
from __future__ import annotations

import argparse
import os
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu panel`."""
    parser.add_argument("--host", default=os.environ.get("FENLIU_HOST", "http://127.0.0.1:8600"),
                        help="queue host address / 排队主机地址 (env FENLIU_HOST)")
    parser.add_argument("--token", help="open without the PIN pad, with this staff token")
    parser.add_argument("--ca", default=os.environ.get("FENLIU_CA"), metavar="FILE",
                        help="the branch CA (ca.pem from `fenliu init-branch`) to verify an https host "
                             "/ 网点根证书 (env FENLIU_CA)")
    parser.add_argument("--role", choices=["manager", "counter"], default="manager",
                        help="the token's role (with --token)")
    parser.add_argument("--counter", help="the counter id (with --token and --role counter)")
    parser.add_argument("--printer", help="printer for reprints, e.g. preview:var/tickets or serial:/dev/ttyUSB0")
    parser.add_argument("--export-dir", type=Path, help="folder for the leads CSV (default var/exports)")
    parser.add_argument("--no-sound", action="store_true", help="do not ring the alert chime")
    parser.add_argument("--size", default="1280x800", help="window size WxH")


def run(args: argparse.Namespace) -> int:
    """Open the panel window until it is closed."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")  # our options are ours: Kivy must not parse sys.argv
    from queue_host.client import use_ca
    if not use_ca(args.ca):
        return 2
    from panel.app import configure_window, main
    from panel.session import Session

    width, height = (int(v) for v in args.size.lower().split("x"))
    configure_window(width, height)

    session = None
    if args.token:
        session = Session(args.host, args.token, args.role, args.counter, args.role)
    return main(args.host, session, args.printer, not args.no_sound, args.export_dir)
