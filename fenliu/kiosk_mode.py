"""Kiosk mode for the public screens (kiosk, display): fullscreen, borderless, no cursor, no blanking, a staff PIN to leave."""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Callable

from queue_host.client import HostClient, HostError, HostUnreachable, pin_matches_branch_file

OFFLINE_TRIES = 5  # wrong PINs checked against the branch file before a pause (the host locks after 10)
OFFLINE_PAUSE_S = 300.0


@dataclass(frozen=True)
class Verdict:
    """The answer to one exit attempt, in both languages."""
    ok: bool
    zh: str
    en: str


class ExitGuard:
    """Checks a staff id and PIN before a kiosk-mode screen may close: with the host, else the branch file."""

    def __init__(self, host_url: str, branch_file: str | None = None, timeout: float = 3.0,
                 clock: Callable[[], float] = time.monotonic):
        self.host_url, self.branch_file, self.timeout, self.clock = host_url, branch_file, timeout, clock
        self._offline_wrong: list[float] = []

    def check(self, staff: str, pin: str) -> Verdict:
        """Whether this staff id and PIN may close the screen (called off the UI thread: it may wait on the network)."""
        staff, pin = staff.strip(), pin.strip()
        if not staff or not pin:
            return Verdict(False, "请输入工号和密码", "enter your staff id and PIN")
        client = HostClient(self.host_url, timeout=self.timeout)
        try:
            session = client.signin(staff, pin)
        except HostError as exc:
            return Verdict(False, exc.message_zh, exc.message_en)
        except HostUnreachable:
            return self._offline(staff, pin)
        try:  # the sign-in was only to check the PIN: end its session at once
            HostClient(self.host_url, session["token"], timeout=self.timeout).signout()
        except (HostError, HostUnreachable):
            pass
        return Verdict(True, f"已验证：{session.get('name') or staff}", f"verified: {staff}")

    def _offline(self, staff: str, pin: str) -> Verdict:
        if not self.branch_file:
            return Verdict(False, "无法连接主机，无法验证密码", "the host cannot be reached and no branch file is "
                           "set (--branch-file): the PIN cannot be checked")
        now = self.clock()
        self._offline_wrong = [t for t in self._offline_wrong if now - t < OFFLINE_PAUSE_S]
        if len(self._offline_wrong) >= OFFLINE_TRIES:
            return Verdict(False, "密码错误次数过多，请稍后再试", "too many wrong PINs; try again in a few minutes")
        try:
            ok = pin_matches_branch_file(self.branch_file, staff, pin)
        except (OSError, ValueError) as exc:
            return Verdict(False, "网点文件无法读取", f"the branch file cannot be read: {exc}")
        if not ok:
            self._offline_wrong.append(now)
            return Verdict(False, "工号或密码错误（离线验证）", "wrong staff id or PIN (checked offline)")
        return Verdict(True, "已验证（离线）", "verified offline against the branch file")


def screen_blanking_off(env: dict | None = None, which: Callable[[str], str | None] = shutil.which,
                        run: Callable[..., object] = subprocess.run) -> str:
    """Keep the screen on: xset s off -dpms on X; on Wayland SDL's idle inhibitor. Returns what was done."""
    env = os.environ if env is None else env
    # SDL (under Kivy) inhibits the screensaver itself unless allowed: on Wayland through the compositor's
    # idle-inhibit protocol, on X through the screensaver extension.
    os.environ["SDL_VIDEO_ALLOW_SCREENSAVER"] = "0"
    if env.get("DISPLAY"):
        if not which("xset"):
            return "X: xset not found (apt-get install x11-xserver-utils); screen blanking left as it is"
        for args in (["xset", "s", "off"], ["xset", "s", "noblank"], ["xset", "-dpms"]):
            run(args, check=False, timeout=5, env=dict(env))
        return "X: xset s off, s noblank, -dpms"
    if env.get("WAYLAND_DISPLAY"):
        return ("Wayland: the app asks the compositor not to idle (SDL idle inhibit); also turn blanking off in "
                "the compositor's settings (GNOME: gsettings set org.gnome.desktop.session idle-delay 0)")
    return "no display server named (DISPLAY/WAYLAND_DISPLAY unset): nothing to turn off"


def add_kiosk_arguments(parser: argparse.ArgumentParser) -> None:
    """--kiosk-mode and --branch-file, the same for the kiosk and the display."""
    parser.add_argument("--kiosk-mode", action="store_true", default=os.environ.get("FENLIU_KIOSK_MODE") == "1",
                        help="unattended screen: fullscreen, borderless, no cursor, no blanking; closing needs a "
                             "staff PIN (env FENLIU_KIOSK_MODE=1) / 无人值守模式")
    parser.add_argument("--branch-file", default=os.environ.get("FENLIU_BRANCH_FILE"), metavar="FILE",
                        help="a copy of branch.toml (hashes only) to check the exit PIN when the host is down "
                             "(env FENLIU_BRANCH_FILE)")
