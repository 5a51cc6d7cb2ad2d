"""The lobby display at rest: CPU cores used and resident memory, beside a bare Kivy window.

Starts the real queue host (`python -m queue_host`, SQLite on a temp file, loopback) and, each in its own
process with an offscreen window (no DISPLAY: SDL2 through EGL, Mesa's software renderer), the real
display (`fenliu display`'s code path, --mute) with the branch's notice line moving, the display with no
notice line, and a bare Kivy window with one label. After a warm-up it measures each for --seconds: CPU
time (user + system, every thread) over wall time, i.e. cores used, the frames drawn per second, and the
resident memory (VmRSS) at the end. Bounded: a few processes for --seconds each; it stops them itself.

    PYTHONPATH=. .venv/bin/python bench/display_idle.py [--seconds 30] [--size 1920x1080]

Targets (issue 10): display with the notice moving <= 0.25 core at 1920x1080 (and moving smoothly:
about 30 frames a second), without it <= 0.05 core. Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]

FRAMES_MARK = "FRAMES "
TICK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- child side (one window per process)
def _count_frames() -> None:
    """Print the frames drawn so far once a second (a 1 Hz Clock callback draws nothing itself)."""
    from kivy.clock import Clock
    from kivy.core.window import Window
    drawn = [0]

    def flipped(*_):
        drawn[0] += 1

    Window.bind(on_flip=flipped)
    Clock.schedule_interval(lambda dt: print(f"{FRAMES_MARK}{drawn[0]}", flush=True), 1.0)


def child_display(host: str, token: str, size: str) -> int:
    """Run the real display as `fenliu display --mute` does, counting frames."""
    from display.cli import add_arguments, run
    from fenliu.window import apply_window
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--host", host, "--token", token, "--size", size, "--mute"])
    apply_window(args.size, False)
    os.environ.setdefault("KCFG_GRAPHICS_MAXFPS", "30")  # as run() sets it, before the frame counter loads Kivy
    _count_frames()
    return run(args)


def child_bare(size: str) -> int:
    """A bare Kivy window with one label: what the toolkit and renderer cost doing nothing."""
    from fenliu.window import apply_window, parse_size
    apply_window(parse_size(size), False)
    from kivy.app import App
    from kivy.uix.label import Label
    _count_frames()

    class Bare(App):
        def build(self):
            return Label(text="bare window")

    Bare().run()
    return 0


# ---------------------------------------------------------------- parent side
def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Child:
    """One window process; follows the frame count it prints."""

    def __init__(self, args: list[str], home: Path, size: tuple[int, int], log: Path):
        from tests.gui_harness import kivy_env
        env = kivy_env(home, size)
        self.log = open(log, "w")
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], env=env, cwd=str(REPO),
                                     stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.frames = -1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith(FRAMES_MARK):
                self.frames = int(line[len(FRAMES_MARK):])

    def wait_started(self, timeout: float = 60) -> None:
        """Wait for the first frame count (the window is up and its loop running)."""
        deadline = time.monotonic() + timeout
        while self.frames < 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the window did not start (exit {self.proc.poll()}); see {self.log.name}")
            time.sleep(0.1)

    def stop(self) -> None:
        """End the process (kill -9 after a short wait: offscreen EGL teardown can hang)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def measure(child: Child, warmup: float, seconds: float) -> dict:
    """Cores used, frames per second and RSS of a running child over `seconds` after `warmup`."""
    child.wait_started()
    time.sleep(warmup)
    pid = child.proc.pid
    cpu0, wall0, frames0 = cpu_seconds(pid), time.monotonic(), child.frames
    time.sleep(seconds)
    cpu1, wall1, frames1 = cpu_seconds(pid), time.monotonic(), child.frames
    return {"cores": round((cpu1 - cpu0) / (wall1 - wall0), 3), "fps": round((frames1 - frames0) / (wall1 - wall0), 1),
            "rss_mb": round(rss_mb(pid), 1)}


def quiet_config(tmp: Path) -> Path:
    """The shipped branch file with no notice line (notice_zh and notice_en empty)."""
    from tests.hostproc import DEFAULT_CONFIG
    lines = []
    for line in DEFAULT_CONFIG.read_text(encoding="utf-8").splitlines():
        if line.startswith(("notice_zh", "notice_en")):
            line = line.split("=")[0] + '= ""'
        lines.append(line)
    path = tmp / "branch-quiet.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print its figures."""
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind = sys.argv[2]
        return child_display(*sys.argv[3:6]) if kind == "display" else child_bare(sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="measuring time per window")
    parser.add_argument("--warmup", type=float, default=8.0, help="seconds after the first frame before measuring")
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args(argv)
    from fenliu.window import parse_size
    from tests.hostproc import DEFAULT_CONFIG, start_host
    size = parse_size(args.size)
    result: dict = {"size": args.size, "seconds": args.seconds}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = [("bare_window", None), ("display_notice_on", DEFAULT_CONFIG), ("display_notice_off", quiet_config(tmp))]
        for name, config in cases:
            home = tmp / f"kivy-{name}"
            if config is None:
                child = Child(["--child", "bare", args.size], home, size, tmp / f"{name}.log")
                try:
                    result[name] = measure(child, args.warmup, args.seconds)
                finally:
                    child.stop()
                continue
            (tmp / name).mkdir()
            host = start_host(tmp / name, config_path=config)
            try:
                child = Child(["--child", "display", host.url, host.tokens["display"], args.size], home, size,
                              tmp / f"{name}.log")
                try:
                    result[name] = measure(child, args.warmup, args.seconds)
                finally:
                    child.stop()
            finally:
                host.stop()
    print(f"window {args.size}, offscreen (Mesa software rendering), {args.seconds:.0f} s each:")
    for name, label in (("bare_window", "bare Kivy window   "), ("display_notice_on", "display, notice on "),
                        ("display_notice_off", "display, notice off")):
        r = result[name]
        print(f"  {label}: {r['cores']:.3f} cores, {r['fps']:5.1f} frames/s, RSS {r['rss_mb']:.0f} MB")
    print("targets: notice on <= 0.25 core (moving smoothly), notice off <= 0.05 core")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
