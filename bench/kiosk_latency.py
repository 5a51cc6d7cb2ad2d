"""Kiosk latency: last tap → print job handed to the printer, cold start, resident memory.

Runs the real kiosk app in an offscreen window against a real host subprocess (SQLite on a temp
file), taps "存款 / 取款" then "2万元及以上" with real touch events, and times from the second tap
to the moment the printer's print_ticket is called (the real dummy: printer encodes the ticket).
Cold start is from before Kivy is imported to the first frame that shows the purpose tiles.

    PYTHONPATH=. .venv/bin/python bench/kiosk_latency.py [--visits 30] [--diagnose]

Memory: a bare Kivy window with one label is measured in a child process of the same run (same
renderer, same environment); the kiosk's RSS is read after 10, 20 and 30 visits, each time once the
kiosk has stood a moment at the ticket screen. `--diagnose` prints, at those points, what grew
(objects by type, live textures and their pixels, Kivy caches, font faces opened, memory maps);
BENCH_TRACEMALLOC=1 adds Python allocations by line.

Targets (issues 4, 10): tap_to_print_ms < 300, cold_start_s < 4, kiosk RSS after 30 visits at most 60 MB
above the bare window. Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]


class TimedPrinter:
    """The real printer, noting when each job is handed to it."""

    def __init__(self, inner):
        self.inner = inner
        self.handed: list[float] = []

    def print_ticket(self, ticket) -> None:
        """Note the time, then print for real."""
        self.handed.append(time.perf_counter())
        self.inner.print_ticket(ticket)

    def print_slip(self, slip) -> None:
        """Print a slip for real."""
        self.inner.print_slip(slip)

    def close(self) -> None:
        """Close the real printer."""
        self.inner.close()


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Diagnosis:
    """--diagnose: what grew between checkpoints (objects by type, textures, Kivy caches, memory maps).

    With BENCH_TRACEMALLOC=1 it also traces Python allocations (which itself costs RSS).
    """

    def __init__(self) -> None:
        import gc
        import tracemalloc
        self.trace = bool(os.environ.get("BENCH_TRACEMALLOC"))
        if self.trace:
            tracemalloc.start(10)
        gc.collect()
        self.snapshot = tracemalloc.take_snapshot() if self.trace else None
        self.types = self._types()
        self.rss = rss_mb()
        self.fonts = font_faces()
        print(f"--- before the visits: RSS {self.rss:.1f} MB; memory maps {smaps_summary()}")

    @staticmethod
    def _types():
        import gc
        from collections import Counter
        return Counter(type(o).__name__ for o in gc.get_objects())

    def report(self, visit: int) -> None:
        """Print what grew since the previous checkpoint."""
        import gc
        import tracemalloc

        from kivy.cache import Cache
        from kivy.graphics.texture import Texture
        gc.collect()
        types = self._types()
        grown = (types - self.types).most_common(12)
        textures = [o for o in gc.get_objects() if isinstance(o, Texture)]
        tex_mb = sum(t.width * t.height * 4 for t in textures) / 2**20
        now = rss_mb()
        print(f"--- after visit {visit}: RSS {now:.1f} MB (+{now - self.rss:.1f}), "
              f"{len(textures)} live textures ({tex_mb:.1f} MB of pixels)")
        print("  objects grown:", ", ".join(f"{n} +{c}" for n, c in grown) or "none")
        if self.trace:
            snap = tracemalloc.take_snapshot()
            print(f"  Python traced {sum(s.size for s in snap.statistics('filename')) / 2**20:.1f} MB")
            for stat in snap.compare_to(self.snapshot, "lineno")[:6]:
                print("  ", stat)
            self.snapshot = snap
        print("  Kivy caches:", {k: len(v) for k, v in Cache._objects.items()})
        print(f"  font faces opened (font, size, bold): {len(self.fonts)}", sorted(self.fonts))
        print("  memory maps:", smaps_summary())
        self.types, self.rss = types, now


def font_faces() -> set:
    """Collect every (font file, pixel size, bold) Kivy's SDL2 text provider opens a face for."""
    from kivy.core.text.text_sdl2 import LabelSDL2
    seen: set = set()
    original = LabelSDL2._get_font_id

    def note(label):
        key = original(label)
        size, name, bold = key.split("|")[:3]
        seen.add((Path(name).stem[:12], size, bold))
        return key
    LabelSDL2._get_font_id = note
    return seen


def smaps_summary() -> dict[str, float]:
    """RSS in MB by kind of mapping (heap, anonymous, files by name) from /proc/self/smaps."""
    out: dict[str, float] = {}
    name = ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if len(head) >= 5 and "-" in head[0] and not line.startswith(("Rss", "Pss")) and ":" not in head[0]:
            name = Path(head[5]).name if len(head) > 5 else "[anon]"
        elif line.startswith("Rss:"):
            out[name] = out.get(name, 0) + int(head[1]) / 1024
    return {k: round(v, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1])[:6]}


BARE_WINDOW = """
import os
from kivy.config import Config
Config.set("graphics", "width", "1280"); Config.set("graphics", "height", "800")
from kivy.base import EventLoop
from kivy.uix.label import Label
EventLoop.ensure_window()
EventLoop.window.add_widget(Label(text="hello"))
for _ in range(5):
    EventLoop.idle()
print([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS")][0], flush=True)
os._exit(0)
"""


def bare_window_mb(env: dict) -> float:
    """RSS of a bare Kivy window with one label: what the renderer costs before any kiosk code."""
    import subprocess
    out = subprocess.run([sys.executable, "-c", BARE_WINDOW], env=env, capture_output=True, text=True, timeout=60)
    try:
        return int(out.stdout.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return float("nan")


def main() -> int:
    """Run the measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--diagnose", action="store_true",
                        help="at every 10th visit print what grew: objects by type, Python allocations, Kivy caches")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    from tests.hostproc import start_host
    host = start_host(tmp)
    try:
        os.environ.pop("DISPLAY", None)  # offscreen through EGL
        os.environ.update(KIVY_NO_ARGS="1", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1",
                          KIVY_HOME=str(tmp / "kivy"))
        os.environ.setdefault("LP_NUM_THREADS", "0")  # as `fenliu kiosk` does (see kiosk/cli.py)
        bare = bare_window_mb(dict(os.environ))
        t0 = time.perf_counter()
        from kivy.config import Config
        Config.set("graphics", "width", "1280")
        Config.set("graphics", "height", "800")
        Config.set("input", "mouse", "")
        from printer import open_printer

        from kiosk.app import KioskApp
        from tests.gui_harness import Driver
        printer = TimedPrinter(open_printer("dummy:"))
        app = KioskApp(host.url, host.tokens["kiosk"], printer, tick_s=0.5)
        driver = Driver()
        driver.start(app, frames=1)
        driver.wait_until(lambda: app.view.tiles, timeout=20, what="purpose tiles")
        driver.frames(1)
        cold_start = time.perf_counter() - t0
        memory_started = rss_mb()

        def tile(code):
            return next(w for w in driver.walk() if type(w).__name__ == "Tile" and w.code == code)

        latencies = []
        checkpoints: dict[int, float] = {}
        diag = Diagnosis() if args.diagnose else None
        for visit in range(1, args.visits + 1):
            app.flow.reset()
            driver.frames(1)
            driver.tap(tile("cash"), frames=1)
            driver.wait_until(lambda: app.view.screen == "amount", what="amount screen")
            driver.frames(1)
            before = len(printer.handed)
            touch = driver.press(tile(str(app.flow.config.cash_threshold_cny)))  # a preset: the threshold
            driver.frames(1)
            tapped = time.perf_counter()  # the finger lifts: the button fires on release
            driver.release(touch, frames=0)
            driver.wait_until(lambda: len(printer.handed) > before, what="print job")
            latencies.append((printer.handed[-1] - tapped) * 1000)
            driver.wait_until(lambda: app.view.status[0] == "请取走号票", what="printed")
            if visit % 10 == 0 or visit == args.visits:
                # The customer takes the ticket and goes; the kiosk waits a moment for the next one.
                idle_until = time.monotonic() + 0.6
                driver.wait_until(lambda: time.monotonic() > idle_until, what="a moment's wait")
                checkpoints[visit] = round(rss_mb(), 1)
                if diag is not None:
                    diag.report(visit)
        memory = checkpoints[args.visits]
        driver.stop()
    finally:
        host.kill()
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    result = {"tap_to_print_ms": round(statistics.median(latencies), 1), "tap_to_print_p95_ms": round(p95, 1),
              "tap_to_print_max_ms": round(latencies[-1], 1), "cold_start_s": round(cold_start, 2),
              "rss_mb": round(memory, 1), "rss_started_mb": round(memory_started, 1),
              "rss_bare_window_mb": round(bare, 1), "rss_above_bare_mb": round(memory - bare, 1),
              "rss_after_visits_mb": checkpoints, "visits": len(latencies)}
    print(f"tap → print job handed to the printer: median {result['tap_to_print_ms']} ms, "
          f"p95 {result['tap_to_print_p95_ms']} ms, max {result['tap_to_print_max_ms']} ms "
          f"over {len(latencies)} visits (target < 300 ms)")
    print(f"cold start to purpose tiles: {result['cold_start_s']} s (target < 4 s)")
    print(f"resident memory after {len(latencies)} visits: {result['rss_mb']} MB, {result['rss_above_bare_mb']} MB "
          f"above a bare Kivy window ({result['rss_bare_window_mb']} MB) on this renderer (target: at most 60 MB "
          f"above); at start {result['rss_started_mb']} MB")
    print("  after visits: " + ", ".join(f"{n}: {mb} MB" for n, mb in checkpoints.items()))
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip Kivy/EGL interpreter teardown


if __name__ == "__main__":
    main()
