"""`fenliu demo`: a whole branch on one machine - host, kiosk, display and manager panel, tickets as PNGs.

`fenliu demo --headless --minutes N` plays a scripted branch without a screen in accelerated real time
and prints a summary whose last line is one JSON object.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Mapping

from fenliu.datadir import user_data_dir
from demo.env import app_env, prepare_kivy_home
from demo.host import SHIPPED_CONFIG, start_host, staff
from demo.layout import demo_layout
from fenliu.window import parse_size
from queue_host.client import token_id

DEFAULT_OUT = user_data_dir() / "demo"  # never the source tree or site-packages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The demo's options."""
    parser.add_argument("--headless", action="store_true", help="no windows: play a scripted branch and print a summary")
    parser.add_argument("--minutes", type=float, default=60, help="branch minutes to play (headless; default 60)")
    parser.add_argument("--speed", type=float, default=180,
                        help="branch seconds per real second (headless; default 180: an hour in 20 s)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the visitors' mix (same seed, same story)")
    parser.add_argument("--per-hour", type=float, default=90, help="visitors per branch hour (headless)")
    parser.add_argument("--config", type=Path, default=SHIPPED_CONFIG, help="branch TOML (default: the shipped one)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder for the database, logs, exports and ticket PNGs (default {DEFAULT_OUT})")
    parser.add_argument("--port", type=int, default=0, help="host port (default: a free one)")
    parser.add_argument("--no-screenshot", action="store_true", help="headless: skip the display screenshot")
    parser.add_argument("--quiet-lobby", action="store_true",
                        help="windows: no scripted visitors and tellers, only what you do yourself")
    parser.add_argument("--screen", type=parse_size, default=(1920, 1080),
                        help="windows: the screen the four windows share, WxH (default 1920x1080)")
    parser.add_argument("--offscreen", action="store_true",
                        help="windows: open them even without a screen (DISPLAY/WAYLAND_DISPLAY unset): drawn "
                             "offscreen, unseen (tests, screenshots)")
    parser.add_argument("--verbose", action="store_true",
                        help="windows: show every app's full log (Kivy start-up, input probes, each request)")


def run(args: argparse.Namespace) -> int:
    """Run the demo the way the options ask."""
    if args.headless:
        return run_headless(args)
    if not args.offscreen and not has_screen(os.environ):
        print("fenliu demo: 这台机器没有屏幕（DISPLAY 和 WAYLAND_DISPLAY 都未设置），窗口会看不见 / no screen here "
              "(DISPLAY and WAYLAND_DISPLAY are unset): the windows would open unseen\n"
              "  无屏幕演示 / without a screen: fenliu demo --headless --minutes 60\n"
              "  有屏幕时 / with a screen: run it in the desktop's terminal (or ssh -X, or set DISPLAY=:0); "
              "--offscreen opens the windows anyway, unseen", file=sys.stderr)
        return 2
    return run_windows(args)


def has_screen(env: Mapping[str, str]) -> bool:
    """Whether windows opened here would be seen: an X display or a Wayland compositor is named."""
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def run_headless(args: argparse.Namespace) -> int:
    """Play the scripted branch and print the summary (last line JSON)."""
    from demo.run import Branch
    from demo.script import branch_thresholds, visitors
    from demo.summary import report, summary
    from queue_host.client import HostClient

    out = args.out
    # The branch hour starts a moment from now, once host and staff are ready; both clocks count from it.
    epoch = time.time() + 3.0
    host = start_host(out, args.config, speed=args.speed, epoch=epoch, port=args.port or None)
    try:
        people = visitors(args.minutes, args.seed, args.per_hour, branch_thresholds(host.config))
        branch = Branch(host.url, host.config, people, args.minutes, args.speed, out, epoch)
        ledger = branch.run()
        stats = HostClient(host.url, staff(host.config)["manager"]["token"]).stats()
        shot = None
        if not args.no_screenshot:
            from demo.screens import shoot_display
            path = out / "display.png"
            shot = str(path) if shoot_display(host.url, staff(host.config)["display"]["token"], path) else None
        s = summary(stats, ledger, minutes=args.minutes, speed=args.speed, seed=args.seed,
                    tickets_dir=str(out / "tickets"), display_png=shot)
        (out / "errors.log").write_text("\n".join(ledger.errors) + "\n", encoding="utf-8")
        print(report(s), flush=True)
        return 0 if s["consistent"] else 1
    finally:
        host.stop()


# The windowed apps, in the order they open: (window, module that must exist, fenliu command).
APPS = [("display", "display.cli", "display"), ("kiosk", "kiosk.cli", "kiosk"), ("counter", "panel.cli", "panel"),
        ("manager", "panel.cli", "panel")]
DEMO_COUNTER = "1"  # the counter whose teller panel the demo shows (the script works every counter)


def app_command(name: str, url: str, config: Path, out: Path, screen: tuple[int, int] = (1920, 1080),
                lobby: bool = True) -> list[str]:
    """The command line that opens one demo window against the demo host, in its place on the screen."""
    tok = staff(config)
    place = demo_layout(screen)[name]
    command = "panel" if name in ("counter", "manager") else name
    base = [sys.executable, "-m", "fenliu", command, "--host", url, "--size", f"{place.width}x{place.height}",
            "--position", f"{place.left},{place.top}", "--scale", f"{place.scale:g}"]
    if name == "kiosk":
        return base + ["--token", tok["kiosk"]["token"], "--printer", f"preview:{out / 'tickets'}",
                       "--data-dir", str(out / "kiosk")] + \
            (["--demo-visitors"] if lobby else [])  # its offline book beside the demo's tickets
    if name == "display":
        return base + ["--token", tok["display"]["token"]]
    if name in ("counter", "manager"):  # after a sign-out the PIN pad lists staff with the panels' own token
        base += ["--panel-token", tok["panel"]["token"]]
    if name == "counter":
        return base + ["--token", tok[token_id({"role": "counter", "counter": DEMO_COUNTER})]["token"], "--role", "counter",
                       "--counter", DEMO_COUNTER, "--printer", f"preview:{out / 'tickets'}",
                       "--export-dir", str(out / "exports")]
    return base + ["--token", tok["manager"]["token"], "--printer", f"preview:{out / 'tickets'}",
                   "--export-dir", str(out / "exports")]


def start_lobby(url: str, config: Path, args: argparse.Namespace, kiosk_proc: subprocess.Popen | None = None):
    """Scripted visitors and tellers in the background, so the windows show a branch at work.

    The windowed host keeps real time; the script runs 6× faster than the clock (an hour in 10
    minutes), so the display calls a number every few seconds while waits stay plausible. With the
    kiosk window open, every visitor presses its buttons for real.
    """
    import threading

    from demo.run import Branch
    from demo.script import branch_thresholds, visitors

    speed = 6.0
    kiosk = None
    if kiosk_proc is not None:
        from demo.window_kiosk import WindowKiosk
        kiosk = WindowKiosk(kiosk_proc)
    branch = Branch(url, config, visitors(args.minutes, args.seed, args.per_hour, branch_thresholds(config)),
                    args.minutes, speed,
                    args.out, time.time() + 2.0, kiosk=kiosk)
    threading.Thread(target=branch.run, name="demo-lobby", daemon=True).start()
    return branch


def run_windows(args: argparse.Namespace) -> int:
    """Start the host and every app that exists as windows; stop everything when a window closes."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt
    # A terminal's Ctrl+C and a service manager's SIGTERM both end the demo the same tidy way.
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    host = start_host(args.out, args.config, port=args.port or None)
    print(f"排队主机 queue host: {host.url}  (database {host.db}, pid {host.proc.pid})", flush=True)
    procs: list[subprocess.Popen] = []
    kiosk_proc = None
    lobby = None
    env = app_env(args.out, args.verbose)
    prepare_kivy_home(env, touch=args.verbose)  # verbose: Kivy exactly as it comes
    try:
        for name, module, _command in APPS:
            if importlib.util.find_spec(module) is None:
                print(f"  {name}: not built yet, skipped", flush=True)
                continue
            cmd = app_command(name, host.url, host.config, args.out, args.screen, not args.quiet_lobby)
            pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True} \
                if "--demo-visitors" in cmd else {}
            # Their own session: a terminal's Ctrl+C reaches only the demo, which closes them tidily
            # (no KeyboardInterrupt traceback from every window).
            procs.append(subprocess.Popen(cmd, cwd=str(args.out), env=env, start_new_session=True, **pipes))
            if pipes:
                kiosk_proc = procs[-1]
            print(f"  {name} (pid {procs[-1].pid}): {' '.join(cmd[2:])}", flush=True)
        if not args.quiet_lobby:
            lobby = start_lobby(host.url, host.config, args, kiosk_proc)
        print(f"输出 output: {args.out}", flush=True)
        print("关闭任一窗口或按 Ctrl+C 结束演示 / close a window or press Ctrl+C to end the demo", flush=True)
        while procs and all(p.poll() is None for p in procs):
            time.sleep(0.5)
        if not procs:
            print("no app windows yet; the host runs until Ctrl+C", flush=True)
            while True:
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        if lobby is not None:
            lobby.agenda.stop()
            if kiosk_proc is not None:
                print(f"取号机 kiosk window: {lobby.kiosk.served} 位访客点完了流程 / scripted visitors "
                      "tapped through", flush=True)
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        host.stop()
    return 0
