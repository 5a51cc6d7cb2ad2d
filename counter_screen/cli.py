"""`fenliu counter-screen --counter ID`: the customer-facing screen of one window."""
from __future__ import annotations

import argparse
import os

from fenliu.window import add_window_arguments, apply_window
from fenliu.words import N_, en, zh


def en_zh(msgid: str) -> str:
    """A command-line text, English then Chinese (as every fenliu command's help reads)."""
    return f"{en(msgid)} / {zh(msgid)}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu counter-screen`."""
    parser.add_argument("--counter", required=True, help=en_zh(N_("the window's counter id from branch.toml")))
    parser.add_argument("--host", default=os.environ.get("FENLIU_HOST", "http://127.0.0.1:8600"),
                        help=en_zh(N_("queue host address")) + " (env FENLIU_HOST)")
    parser.add_argument("--token", default=os.environ.get("FENLIU_TOKEN"),
                        help="this screen's counter_screen token from the setup sheet (env FENLIU_TOKEN; "
                             "default: the demo token screen-N-token)")
    parser.add_argument("--ca", default=os.environ.get("FENLIU_CA"), metavar="FILE",
                        help=en_zh(N_("the branch CA (ca.pem from `fenliu init-branch`) to verify an https host"))
                        + " (env FENLIU_CA)")
    add_window_arguments(parser, "1024x768", en_zh(N_("fill the screen (the small screen at the window)")))


def window(args: argparse.Namespace) -> None:
    """The window's size, place and scale, as every other screen of the branch takes them."""
    apply_window(args.size, args.fullscreen, position=args.position, scale=args.scale)


def run(args: argparse.Namespace) -> int:
    """Open the counter screen until it is closed."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from queue_host.client import use_ca
    if not use_ca(args.ca):
        return 2
    window(args)
    from counter_screen.app import CounterScreenApp
    CounterScreenApp(args.host, args.token or f"screen-{args.counter}-token", args.counter).run()
    return 0
