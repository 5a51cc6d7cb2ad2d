"""Spoken guidance for elderly mode: Mandarin through espeak-ng, one utterance at a time, never blocking."""
from __future__ import annotations

import shutil
import subprocess


class Speaker:
    """Says short guidance aloud; a new sentence cuts off the one still playing."""

    def __init__(self, command: str = "espeak-ng", voice: str = "cmn", speed: int = 135):
        self.command = shutil.which(command)
        self.voice, self.speed = voice, speed
        self._proc: subprocess.Popen | None = None

    @property
    def available(self) -> bool:
        """Is espeak-ng installed here?"""
        return self.command is not None

    def args(self, text: str, lang: str = "zh", wav_path: str | None = None) -> list[str]:
        """The espeak-ng command line for `text` (to the speaker, or to a WAV file)."""
        extra = ["-w", wav_path] if wav_path else []
        voice = self.voice if lang == "zh" else "en"
        return [self.command or "espeak-ng", "-v", voice, "-s", str(self.speed), *extra, text]

    def say(self, text: str, lang: str = "zh") -> None:
        """Start saying `text` in the background (does nothing without espeak-ng)."""
        if not self.available or not text:
            return
        self.stop()
        self._proc = subprocess.Popen(self.args(text, lang), stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        """Cut off the sentence being said, if any."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._proc = None

    def render(self, text: str, wav_path: str, lang: str = "zh") -> None:
        """Write `text` as speech to a WAV file (blocking; for checks and recorded prompts)."""
        subprocess.run(self.args(text, lang, wav_path), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)
