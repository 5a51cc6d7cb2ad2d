"""`fenliu display`: run the lobby display against a queue host."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fenliu.kiosk_mode import add_kiosk_arguments
from fenliu.window import add_window_arguments, apply_window
from fenliu.words import N_, en, zh, zh_en


def en_zh(msgid: str) -> str:
    """A command-line text, English then Chinese (as every fenliu command's help reads)."""
    return f"{en(msgid)} / {zh(msgid)}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the display's options."""
    parser.add_argument("--host", default=os.environ.get("FENLIU_HOST", "http://127.0.0.1:8600"),
                        help=en_zh(N_("the queue host's address")))
    parser.add_argument("--token", default=os.environ.get("FENLIU_DISPLAY_TOKEN", "display-demo-token"),
                        help="a display (read-only) token from branch.toml")
    parser.add_argument("--ca", default=os.environ.get("FENLIU_CA"), metavar="FILE",
                        help=en_zh(N_("the branch CA (ca.pem from `fenliu init-branch`) to verify an https host"))
                        + " (env FENLIU_CA)")
    add_window_arguments(parser, "1920x1080", en_zh(N_("fill the screen (the lobby TV)")))
    add_kiosk_arguments(parser)
    parser.add_argument("--mute", action="store_true", help=en_zh(N_("no sound (calls still show)")))
    parser.add_argument("--voice-pack", type=Path, default=None,
                        help="folder of recorded clips (zh/, en/); default assets/voice/default")
    parser.add_argument("--chime", type=Path, default=None, help="WAV played before each call")
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="save the screen as a PNG once the board has loaded, then quit")
    lang = parser.add_mutually_exclusive_group()
    lang.add_argument("--english", dest="english", action="store_true", default=None,
                      help="also say calls in English (default: as the branch config says)")
    lang.add_argument("--no-english", dest="english", action="store_false", help="say calls in Mandarin only")


def run(args: argparse.Namespace) -> int:
    """Open the display window and follow the host until the window is closed."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")  # our options are ours: Kivy must not parse sys.argv
    from queue_host.client import use_ca
    if not use_ca(args.ca):
        return 2
    apply_window(args.size, args.fullscreen, kiosk_mode=args.kiosk_mode,
                 position=args.position, scale=args.scale)
    guard = None
    if args.kiosk_mode:
        from fenliu.kiosk_mode import ExitGuard, screen_blanking_off
        mode_zh, mode_en = zh_en("kiosk mode")
        print(f"fenliu display: {mode_zh} / {mode_en}: {screen_blanking_off()}")
        guard = ExitGuard(args.host, args.branch_file)
    os.environ.setdefault("KCFG_GRAPHICS_MAXFPS", "30")  # Kivy's clock reads it on import: a calm 30 frames
    from display.app import DisplayApp, configure_window
    configure_window(args.size, args.fullscreen or args.kiosk_mode)
    app = DisplayApp(args.host, args.token, mute=args.mute, voice_pack=args.voice_pack, chime=args.chime,
                     english=args.english, screenshot=args.screenshot, exit_guard=guard)
    app.run()
    if args.screenshot:
        # Offscreen EGL teardown can hang at interpreter exit; the PNG is written, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0 if app.screenshot_made else 1)
    return 0
