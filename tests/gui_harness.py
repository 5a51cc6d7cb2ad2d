"""Shared offscreen-Kivy harness: run a GUI scenario in its own process, drive it frame by frame.

Kivy opens one window per process, so each scenario runs in a child process that this module
starts (`run_scenario`). The child imports the test file, calls the named scenario function with a
`Driver` (frames, touches, keys, screenshots) and sends back the JSON-able value it returns.

    def scenario_hello(driver, greeting):          # runs in the child, a real window exists
        app = driver.start(MyApp())
        driver.tap(driver.find(text="OK"))
        driver.screenshot("/tmp/hello.png")
        return {"label": driver.find(id="title").text}

    def test_the_window_says_hello(tmp_path):      # runs in pytest
        out = run_scenario(__file__, "scenario_hello", tmp_path=tmp_path, kwargs={"greeting": "hi"})
        assert out["label"] == "hi"
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
RESULT_MARK = "GUI-HARNESS-RESULT "


def kivy_env(home: Path, size: tuple[int, int] = (1280, 800), scale: float | None = None) -> dict[str, str]:
    """Environment for an offscreen Kivy child: no X display, private KIVY_HOME, quiet logs, a drawing scale."""
    env = dict(os.environ)
    env.pop("DISPLAY", None)  # without DISPLAY, Kivy's SDL2 renders offscreen through EGL
    env.pop("WAYLAND_DISPLAY", None)
    home.mkdir(parents=True, exist_ok=True)
    env.update(KIVY_NO_ARGS="1", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1", KIVY_HOME=str(home),
               GUI_HARNESS_SIZE=f"{size[0]}x{size[1]}")
    # Mesa llvmpipe's rasterizer threads grow memory by megabytes per redraw; one thread stays flat.
    env.setdefault("LP_NUM_THREADS", "0")
    env.pop("KIVY_METRICS_DENSITY", None)
    env.pop("KIVY_DPI", None)
    if scale is not None:  # as `--scale` sets it (fenliu/window.py): dp follow the density, pt the DPI
        env["KIVY_METRICS_DENSITY"], env["KIVY_DPI"] = f"{scale:g}", f"{96 * scale:g}"
    paths = [str(REPO), str(REPO / "tests")] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def run_scenario(test_file: str | Path, func: str, *, tmp_path: Path, kwargs: dict | None = None,
                 size: tuple[int, int] = (1280, 800), timeout: float = 120.0, scale: float | None = None) -> Any:
    """Run `func(driver, **kwargs)` from `test_file` in a child with a real window (drawn at `scale`)."""
    env = kivy_env(Path(tmp_path) / f"kivy-home-{func}", size, scale)
    cmd = [sys.executable, str(Path(__file__).resolve()), str(Path(test_file).resolve()), func,
           json.dumps(kwargs or {})]
    proc = subprocess.run(cmd, env=env, cwd=str(REPO), capture_output=True, text=True, timeout=timeout)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK) and proc.returncode == 0:
            return json.loads(line[len(RESULT_MARK):])
    raise AssertionError(f"GUI scenario {func} failed (exit {proc.returncode})\n"
                         f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-8000:]}")


class Driver:
    """Drives the one Kivy window of this process: start an app, pump frames, touch, type, shoot."""

    def __init__(self) -> None:
        from kivy.base import EventLoop
        self._loop = EventLoop
        self.app = None

    @property
    def window(self):
        """The Kivy window (created on first use)."""
        self._loop.ensure_window()
        return self._loop.window

    def start(self, app, frames: int = 3):
        """Build and start `app` without blocking (as App.run does, minus the endless loop)."""
        from kivy.base import _runTouchApp_prepare
        self.window  # noqa: B018 - the window must exist before the app builds its root
        app._run_prepare()
        _runTouchApp_prepare()
        self.app = app
        self.frames(frames)
        return app

    def stop(self) -> None:
        """Stop the app the way closing the window would."""
        if self.app is not None:
            self.app.stop()
            self.frames(1)

    def frames(self, count: int = 1) -> None:
        """Render `count` frames: tick the clock, dispatch input, draw."""
        for _ in range(count):
            self._loop.idle()

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
        """Pump frames until `predicate()` is truthy (returned); `timeout` only stops a hang on a slow machine."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
            self.frames(1)
            time.sleep(0.01)  # leave the worker threads the CPU

    def walk(self, root=None) -> Iterator[Any]:
        """Every widget under `root` (the window by default), parents first."""
        root = root if root is not None else self.window
        stack = [root]
        while stack:
            widget = stack.pop()
            yield widget
            stack.extend(reversed(list(widget.children)))

    def find_all(self, text: str | None = None, id: str | None = None, cls: str | None = None,
                 contains: str | None = None, root=None) -> list[Any]:
        """Widgets matching an exact text, a substring of text, a kv id, or a class name."""
        found = []
        for widget in self.walk(root):
            if text is not None and getattr(widget, "text", None) != text:
                continue
            if contains is not None and contains not in str(getattr(widget, "text", "")):
                continue
            if cls is not None and type(widget).__name__ != cls:
                continue
            if id is not None and not _has_id(widget, id):
                continue
            found.append(widget)
        return found

    def find(self, **match: Any):
        """The one widget matching (see find_all); fails naming what is on screen if none."""
        found = self.find_all(**match)
        if not found:
            texts = [w.text for w in self.walk() if isinstance(getattr(w, "text", None), str) and w.text]
            raise AssertionError(f"no widget matching {match}; texts on screen: {texts[:60]}")
        return found[0]

    def tap(self, widget, frames: int = 2) -> None:
        """Touch the centre of `widget` with a real motion event (down, a frame, then up)."""
        touch = self.press(widget)
        self.frames(1)
        self.release(touch, frames)

    def press(self, widget):
        """Put a finger down on the centre of `widget`; returns the touch for release()."""
        from kivy.input.motionevent import MotionEvent

        class _Touch(MotionEvent):
            def depack(self, args):
                self.sx, self.sy = args["x"], args["y"]
                super().depack(args)

        x, y = widget.to_window(*widget.center)
        win = self.window
        touch = _Touch("harness", id(widget), {"x": x / (win.width - 1.0), "y": y / (win.height - 1.0)},
                       is_touch=True, type_id="touch")
        touch.profile = ["pos"]
        self._loop.post_dispatch_input("begin", touch)
        return touch

    def release(self, touch, frames: int = 2) -> None:
        """Lift the finger of a press() (a button fires on release)."""
        self._loop.post_dispatch_input("end", touch)
        self.frames(frames)

    def type_text(self, text: str, enter: bool = False) -> None:
        """Type characters into the window as a keyboard (or keyboard-wedge card reader) would."""
        win = self.window
        for ch in text:
            win.dispatch("on_key_down", ord(ch), 0, ch, [])
            win.dispatch("on_textinput", ch)
            win.dispatch("on_key_up", ord(ch), 0)
        if enter:
            win.dispatch("on_key_down", 13, 40, "\r", [])
            win.dispatch("on_key_up", 13, 40)
        self.frames(1)

    def screenshot(self, path: str | Path) -> str:
        """Save what the window shows now as a PNG at exactly `path`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.frames(2)
        made = self.window.screenshot(name=str(path.with_suffix("")) + "-shot.png")
        os.replace(made, path)
        return str(path)


def _has_id(widget, name: str) -> bool:
    """Is `widget` known as `name` in its kv rule (ids of any ancestor)?"""
    parent = widget
    while parent is not None:
        ids = getattr(parent, "ids", {}) or {}
        ref = ids.get(name)  # kv ids are weak proxies: compare by equality, not identity
        if ref is not None and ref == widget:
            return True
        nxt = getattr(parent, "parent", None)
        parent = nxt if nxt is not parent else None
    return False


def _child_main(argv: list[str]) -> int:
    """Child side: make the window, run the scenario, print its JSON result."""
    test_file, func_name, kwargs = argv[0], argv[1], json.loads(argv[2])
    width, height = (int(v) for v in os.environ.get("GUI_HARNESS_SIZE", "1280x800").split("x"))
    from kivy.config import Config
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("input", "mouse", "")  # no mouse provider: only the harness's touches arrive
    Config.set("kivy", "exit_on_escape", "0")
    spec = importlib.util.spec_from_file_location(Path(test_file).stem, test_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    driver = Driver()
    try:
        result = getattr(module, func_name)(driver, **kwargs)
    except BaseException:
        # Kivy swaps sys.stderr for its logger; write to the real one so the parent sees it.
        traceback.print_exc(file=sys.__stderr__)
        return 1
    finally:
        try:
            driver.stop()
        except Exception:  # a failing scenario's app may already be half gone
            traceback.print_exc(file=sys.__stderr__)
    sys.__stdout__.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.__stdout__.flush()
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(REPO), str(REPO / "tests")]
    code = _child_main(sys.argv[1:])
    sys.__stdout__.flush()
    sys.__stderr__.flush()
    os._exit(code)  # skip interpreter teardown: Kivy/EGL teardown can hang or crash offscreen
