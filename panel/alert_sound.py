"""The alert chime: a short two-tone WAV made with the standard library and played by sox's `play`."""
from __future__ import annotations

import math
import shutil
import struct
import subprocess
import wave
from pathlib import Path

RATE = 22050


def chime_wav(path: Path, tones: tuple[float, ...] = (880.0, 660.0), seconds: float = 0.35) -> Path:
    """Write a soft two-tone chime (a calm sound: a lobby full of customers hears it too)."""
    frames = bytearray()
    for freq in tones:
        n = int(RATE * seconds)
        for i in range(n):
            # A quick fade in and a long fade out, so the tone does not click or startle.
            envelope = min(1.0, i / (RATE * 0.01)) * (1 - i / n) ** 2
            frames += struct.pack("<h", int(12000 * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return path


class Bell:
    """Rings the chime without blocking; silent (not failing) where no player is installed."""

    def __init__(self, wav: Path, command: list[str] | None = None):
        self.wav = wav if wav.exists() else chime_wav(wav)
        player = shutil.which("play")
        # `play` is sox's player; the command is replaceable so a test can send the sound to a file.
        self.command = command if command is not None else ([player, "-q", "{wav}"] if player else [])
        self.rung = 0

    def ring(self) -> subprocess.Popen | None:
        """Start playing the chime once; returns the player process (or None when silent)."""
        self.rung += 1
        if not self.command:
            return None
        args = [a.replace("{wav}", str(self.wav)) for a in self.command]
        try:
            return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            return None
