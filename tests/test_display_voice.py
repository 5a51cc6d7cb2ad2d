"""What the lobby hears: the sentences, and their WAV files from the voice pack or espeak-ng (real tools)."""
from __future__ import annotations

import shutil
import wave

import pytest

from display.board import Call
from display.voice import Voice, counter_number_zh, default_pack, text_en, text_zh

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng") or not shutil.which("sox"),
                                reason="needs espeak-ng and sox (scripts/setup.sh installs them)")

A012 = Call("A012", "3", "3号窗口", "Window 3")
WEALTH = Call("M003", "5", "理财室", "Wealth room")


def seconds(path):
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate(), w.getframerate()


def test_the_mandarin_sentence_spells_the_ticket_digits_one_by_one():
    assert text_zh(A012) == "请 A 零一二 号，到 三号窗口"


def test_counter_numbers_are_said_as_numbers():
    assert [counter_number_zh(n) for n in (3, 10, 12, 20, 25)] == ["三", "十", "十二", "二十", "二十五"]


def test_the_english_sentence_spells_the_digits_and_names_the_counter():
    assert text_en(A012) == "Number A, zero one two, please go to Window 3."


def test_a_call_the_pack_covers_is_said_with_the_recorded_clips(tmp_path):
    voice = Voice(default_pack(), tmp_path)
    out = voice.render(A012, "zh")
    clips = ["please", "A", "0", "1", "2", "number", "to", "3", "number", "window"]
    expected = sum(seconds(default_pack() / "zh" / f"{c}.wav")[0] for c in clips)
    length, rate = seconds(out)
    assert rate == 16000 and length == pytest.approx(expected, abs=0.01)


def test_a_counter_without_clips_falls_back_to_espeak(tmp_path):
    out = Voice(default_pack(), tmp_path).render(WEALTH, "zh")
    length, rate = seconds(out)
    assert rate == 22050 and length > 1.0  # espeak-ng's own rate: the synthetic voice said it


def test_english_without_english_clips_is_synthesized(tmp_path):
    length, _ = seconds(Voice(default_pack(), tmp_path).render(A012, "en"))
    assert length > 1.5


def test_a_pack_counter_clip_replaces_the_counter_words(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(default_pack(), pack)
    shutil.copy(pack / "zh" / "window.wav", pack / "zh" / "counter-5.wav")
    _, rate = seconds(Voice(pack, tmp_path / "cache").render(WEALTH, "zh"))
    assert rate == 16000  # said with clips, not synthesized


def test_a_pack_with_mixed_formats_still_gets_the_call_said(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(default_pack(), pack)
    with wave.open(str(pack / "zh" / "to.wav"), "wb") as w:  # a clip recorded at another rate
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(44100), w.writeframes(b"\0\0" * 4410)
    length, rate = seconds(Voice(pack, tmp_path / "cache").render(A012, "zh"))
    assert rate == 22050 and length > 1.0


def test_a_sentence_said_before_comes_from_the_cache(tmp_path):
    voice = Voice(None, tmp_path)
    first = voice.render(A012, "en")
    voice.espeak = "/nonexistent/espeak"  # a second synthesis would fail
    assert voice.render(A012, "en") == first


def test_a_call_the_pack_covers_never_reaches_the_synthesizer_on_repeats_recalls_or_the_next_day(tmp_path):
    synthesized = []

    class Counting(Voice):
        def speak_to_file(self, text, lang, out):
            synthesized.append(text)
            return super().speak_to_file(text, lang, out)

    today = Counting(default_pack(), tmp_path)
    said = [today.render(A012, "zh") for _ in range(3)]  # the call, its repeat, a recall
    tomorrow = Counting(default_pack(), tmp_path)  # the display restarted with the same cache
    said.append(tomorrow.render(A012, "zh"))
    assert synthesized == []
    assert {seconds(p)[1] for p in said} == {16000}  # every time the recorded clips at the pack's rate
