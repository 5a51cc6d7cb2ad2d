"""The alert chime: a short, soft WAV, played without blocking the panel."""
from __future__ import annotations

import shutil
import wave

import pytest

from panel.alert_sound import RATE, Bell, chime_wav


def test_the_chime_is_a_short_mono_wav_that_fades_out(tmp_path):
    path = chime_wav(tmp_path / "chime.wav")
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        seconds = w.getnframes() / RATE
        frames = w.readframes(w.getnframes())
    assert 0.3 < seconds < 1.5
    tail = [abs(int.from_bytes(frames[i:i + 2], "little", signed=True)) for i in range(len(frames) - 200, len(frames), 2)]
    assert max(tail) < 200  # no click at the end


@pytest.mark.skipif(not shutil.which("sox"), reason="sox is not installed")
def test_the_bell_hands_the_chime_to_a_player_and_does_not_wait_for_it(tmp_path):
    # No sound card here: sox writes what it would play to a file instead (the same player path).
    played = tmp_path / "played.wav"
    bell = Bell(tmp_path / "chime.wav", command=["sox", "{wav}", str(played)])
    proc = bell.ring()
    assert proc is not None and bell.rung == 1
    proc.wait(timeout=10)
    assert played.exists() and played.stat().st_size > 1000


def test_a_bell_without_a_player_stays_silent_but_counts(tmp_path):
    bell = Bell(tmp_path / "chime.wav", command=[])
    assert bell.ring() is None and bell.rung == 1
    assert Bell(tmp_path / "chime.wav", command=["/nonexistent/player", "{wav}"]).ring() is None
