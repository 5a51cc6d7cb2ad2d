"""The announcement queue: chime then Mandarin then English, never two at once, none dropped."""
from __future__ import annotations

import shutil
import subprocess
import threading
import wave
from pathlib import Path

import pytest

from display.announcer import Announcer, CommandPlayer, SilentPlayer
from display.board import Call


def tone(path: Path, seconds: float) -> Path:
    """A silent WAV of a given length standing for a rendered sentence."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))
    return path


@pytest.fixture
def sounds(tmp_path):
    """Chime and sentences as files named by what they say."""
    chime = tone(tmp_path / "chime.wav", 0.02)

    def render(call, lang):
        return tone(tmp_path / f"{call.number}-{lang}.wav", 0.01)
    return chime, render


def names(player):
    return [p.stem for p in player.played]


def test_a_first_call_is_chime_then_mandarin_and_english_said_twice(sounds):
    player = SilentPlayer()
    announcer = Announcer(player, sounds[1], sounds[0]).start()
    announcer.announce(Call("A012", "3", "3号窗口", "Window 3"))
    assert announcer.wait_idle(5)
    assert names(player) == ["chime", "A012-zh", "A012-en", "A012-zh", "A012-en"]


def test_a_recall_is_said_once(sounds):
    player = SilentPlayer()
    announcer = Announcer(player, sounds[1], sounds[0]).start()
    announcer.announce(Call("A012", "3", "3号窗口", "Window 3", recall=True))
    assert announcer.wait_idle(5)
    assert names(player) == ["chime", "A012-zh", "A012-en"]


def test_without_english_only_mandarin_is_said(sounds):
    player = SilentPlayer()
    announcer = Announcer(player, sounds[1], sounds[0], speak_english=False).start()
    announcer.announce(Call("B004", "1", "1号窗口", "Window 1"))
    assert announcer.wait_idle(5)
    assert names(player) == ["chime", "B004-zh", "B004-zh"]


def test_calls_made_faster_than_they_are_said_all_follow_in_order_one_at_a_time(sounds):
    player = SilentPlayer(realtime=True)
    announcer = Announcer(player, sounds[1], sounds[0], first_call_repeats=1).start()
    numbers = [f"A{i:03d}" for i in range(1, 13)]
    for n in numbers:
        announcer.announce(Call(n, "1", "1号窗口", "Window 1"))
    assert announcer.pending() > 1  # queued, not dropped, while the first is still being said
    assert announcer.wait_idle(10)
    assert [a.call.number for a in announcer.said] == numbers
    assert [n for n in names(player) if n.endswith("-zh")] == [f"{n}-zh" for n in numbers]
    spans = player.spans
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))  # never two sounds at once


def test_calls_from_several_threads_are_all_said_without_overlap(sounds):
    player = SilentPlayer(realtime=True)
    announcer = Announcer(player, sounds[1], None, first_call_repeats=1, speak_english=False).start()

    def counter(prefix):
        for i in range(8):
            announcer.announce(Call(f"{prefix}{i:03d}", "1", "1号窗口", "Window 1"))
    threads = [threading.Thread(target=counter, args=(p,)) for p in "ABCV"]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert announcer.wait_idle(10)
    said = [a.call.number for a in announcer.said]
    assert len(said) == 32
    for p in "ABCV":  # each counter's calls keep their order
        mine = [n for n in said if n[0] == p]
        assert mine == sorted(mine)
    spans = player.spans
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_a_failing_speaker_does_not_stop_the_calls_after_it(sounds):
    class Flaky(SilentPlayer):
        def play(self, path):
            if "A001" in path.name:
                raise OSError("device busy")
            super().play(path)
    player = Flaky()
    announcer = Announcer(player, sounds[1], None, first_call_repeats=1, speak_english=False).start()
    for n in ("A001", "A002"):
        announcer.announce(Call(n, "1", "1号窗口", "Window 1"))
    assert announcer.wait_idle(5)
    assert names(player) == ["A002-zh"] and len(announcer.said) == 2


@pytest.mark.skipif(not shutil.which("sox"), reason="needs sox")
def test_the_command_player_really_runs_the_player_on_each_file(tmp_path):
    # No sound card here: sox writes to its null device (-n), which still decodes the whole file.
    player = CommandPlayer(["sox", "{path}", "-n"])
    player.play(tone(tmp_path / "ok.wav", 0.05))
    (tmp_path / "bad.wav").write_bytes(b"not a wav")
    with pytest.raises(subprocess.CalledProcessError):
        player.play(tmp_path / "bad.wav")


def test_stop_says_what_was_queued_first(sounds):
    player = SilentPlayer(realtime=True)
    announcer = Announcer(player, sounds[1], sounds[0]).start()
    announcer.announce(Call("C001", "3", "3号窗口", "Window 3"))
    announcer.stop()
    assert names(player)[-1] == "C001-en"


def test_a_failed_announcement_is_reported(sounds):
    class Mute(SilentPlayer):
        def play(self, path):
            raise RuntimeError("no audio player")
    failures = []
    announcer = Announcer(Mute(), sounds[1], sounds[0], on_error=lambda a, exc: failures.append(a.call.number))
    announcer.start().announce(Call("A001", "1", "1号窗口", "Window 1"))
    assert announcer.wait_idle(5) and failures == ["A001"]


def test_a_display_without_a_sound_device_warns_once_not_on_every_call(sounds, caplog):
    # `false` fails as `play` does on a machine without a sound device (exit status 1).
    announcer = Announcer(CommandPlayer(["false", "{path}"]), sounds[1], sounds[0]).start()
    with caplog.at_level("DEBUG", logger="display.announcer"):
        for n in ("A001", "A002", "A003"):
            announcer.announce(Call(n, "1", "1号窗口", "Window 1"))
        assert announcer.wait_idle(5)
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "A001" in warnings[0].getMessage() and "debug level" in warnings[0].getMessage()
    assert announcer.failures == 3 and [a.call.number for a in announcer.said] == ["A001", "A002", "A003"]
