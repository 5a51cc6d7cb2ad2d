"""Queued announcements: chime, then Mandarin, then English; never two at once, none dropped."""
from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
import time
import wave
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from display.board import Call

log = logging.getLogger(__name__)
KEEP = 500  # how many played files and said calls are remembered


class Player(Protocol):
    """Plays one WAV file and returns when it has finished."""

    def play(self, path: Path) -> None:
        """Play the file; return when it has been heard."""


class CommandPlayer:
    """Plays through sox's `play` or ALSA's `aplay`, whichever the machine has."""

    def __init__(self, command: list[str] | None = None):
        if command is None:
            found = next((c for c in ("play", "aplay") if shutil.which(c)), None)
            command = {"play": ["play", "-q", "{path}"], "aplay": ["aplay", "-q", "{path}"]}.get(found or "", [])
        self.command = command

    def play(self, path: Path) -> None:
        """Run the player on one file and wait for it."""
        if not self.command:
            raise RuntimeError("no audio player (install sox or alsa-utils)")
        subprocess.run([str(path) if part == "{path}" else part for part in self.command],
                       check=True, capture_output=True, timeout=60)


def wav_seconds(path: Path) -> float:
    """Length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


class SilentPlayer:
    """Keeps the played files in order instead of sounding them (--mute, and the tests: no audio device here).

    With `realtime`, it takes as long as the sound would, so queueing behaves as on a real speaker.
    """

    def __init__(self, realtime: bool = False, speedup: float = 1.0):
        self.realtime, self.speedup = realtime, speedup
        # Bounded: a muted display runs for months.
        self.played: deque[Path] = deque(maxlen=KEEP)
        self.spans: deque[tuple[float, float]] = deque(maxlen=KEEP)
        self._lock = threading.Lock()

    def play(self, path: Path) -> None:
        """Note one file (and wait for its length when realtime)."""
        start = time.monotonic()
        if self.realtime:
            time.sleep(wav_seconds(path) / self.speedup)
        with self._lock:
            self.played.append(Path(path))
            self.spans.append((start, time.monotonic()))


@dataclass(frozen=True)
class Announcement:
    """One call to say: how many times the sentences are repeated, and whether in English too."""

    call: Call
    repeats: int
    english: bool


class Announcer:
    """One worker says queued calls in order; callers never wait for the sound."""

    def __init__(self, player: Player, render: Callable[[Call, str], Path], chime: Path | None = None,
                 speak_english: bool = True, first_call_repeats: int = 2, recall_repeats: int = 1,
                 on_said: Callable[[Announcement], None] | None = None,
                 on_error: Callable[[Announcement, Exception], None] | None = None):
        self.player, self.render, self.chime = player, render, chime
        self.speak_english = speak_english
        self.first_call_repeats, self.recall_repeats = first_call_repeats, recall_repeats
        self.on_said = on_said or (lambda a: None)
        self.on_error = on_error or (lambda a, exc: None)
        self.said: deque[Announcement] = deque(maxlen=KEEP)  # the latest, for tests and the bench
        self._queue: queue.Queue[Announcement | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._outstanding = 0
        self._thread: threading.Thread | None = None
        self.failures = 0  # announcements the speaker or synthesizer failed (warned about once)

    def start(self) -> "Announcer":
        """Start the worker thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Finish what is queued, then stop the worker."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=120)
            self._thread = None

    def announce(self, call: Call) -> Announcement:
        """Queue a call to be said (twice for a first call, once for a recall)."""
        item = Announcement(call, self.recall_repeats if call.recall else self.first_call_repeats,
                            self.speak_english)
        with self._lock:
            self._outstanding += 1
            self._idle.clear()
        self._queue.put(item)
        return item

    def pending(self) -> int:
        """Announcements queued or being said."""
        return self._outstanding

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued has been said."""
        return self._idle.wait(timeout)

    def files_for(self, item: Announcement) -> list[Path]:
        """The WAV files of one announcement, in the order they are played."""
        files = [self.chime] if self.chime else []
        for _ in range(item.repeats):
            files.append(self.render(item.call, "zh"))
            if item.english:
                files.append(self.render(item.call, "en"))
        return files

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                for path in self.files_for(item):
                    self.player.play(path)
            except Exception as exc:  # a missing speaker or synthesizer must not stop the calls that follow
                self.failures += 1
                # Once is enough: a display without a sound device would otherwise warn on every call all day.
                if self.failures == 1:
                    log.warning("announcement of %s failed: %s (calls go on showing; later sound failures are "
                                "logged at debug level)", item.call.number, exc)
                else:
                    log.debug("announcement of %s failed: %s", item.call.number, exc)
                self.on_error(item, exc)
            self.said.append(item)
            self.on_said(item)
            with self._lock:
                self._outstanding -= 1
                if self._outstanding == 0:
                    self._idle.set()
