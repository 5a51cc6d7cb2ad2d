"""`fenliu panel`: open the counter or lobby-manager panel against a queue host."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fenliu.window import add_window_arguments, apply_window


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu panel`."""
    parser.add_argument("--host", default=os.environ.get("FENLIU_HOST", "http://127.0.0.1:8600"),
                        help="queue host address / 排队主机地址 (env FENLIU_HOST)")
    parser.add_argument("--token", help="open without the PIN pad, with this staff token")
    parser.add_argument("--panel-token", default=os.environ.get("FENLIU_PANEL_TOKEN", "panel-demo-token"),
                        help="this panel's own token from the setup sheet: it lists who may sign in, nothing else "
                             "/ 面板令牌 (env FENLIU_PANEL_TOKEN)")
    parser.add_argument("--ca", default=os.environ.get("FENLIU_CA"), metavar="FILE",
                        help="the branch CA (ca.pem from `fenliu init-branch`) to verify an https host "
                             "/ 网点根证书 (env FENLIU_CA)")
    parser.add_argument("--role", choices=["manager", "counter"], default="manager",
                        help="the token's role (with --token)")
    parser.add_argument("--counter", help="the counter id (with --token and --role counter)")
    parser.add_argument("--printer", help="printer for reprints, e.g. preview:var/tickets or serial:/dev/ttyUSB0")
    parser.add_argument("--export-dir", type=Path, help="folder for the leads CSV (default ~/.local/share/fenliu/exports, "
                                                             "or under $XDG_DATA_HOME)")
    parser.add_argument("--no-sound", action="store_true", help="do not ring the alert chime")
    add_window_arguments(parser, "1280x800", "fill the screen (the teller PC or the tablet) / 全屏")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="save the window as a PNG once it has drawn, then quit / 截图后退出")


def run(args: argparse.Namespace) -> int:
    """Open the panel window until it is closed."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")  # our options are ours: Kivy must not parse sys.argv
    from queue_host.client import use_ca
    if not use_ca(args.ca):
        return 2
    # The size must reach Kivy before panel.app imports kivy.core.window, which opens the window.
    apply_window(args.size, args.fullscreen, exit_on_escape=False,  # Escape signs out instead
                 position=args.position, scale=args.scale)
    from panel.app import main
    from panel.session import Session

    session = None
    if args.token:
        session = Session(args.host, args.token, args.role, args.counter, args.role)
    code = main(args.host, session, args.printer, not args.no_sound, args.export_dir, args.screenshot,
                args.panel_token)
    if args.screenshot:
        # Offscreen EGL teardown can hang at interpreter exit; the PNG is written, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
