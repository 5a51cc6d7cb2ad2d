"""Spoken guidance through the real espeak-ng (rendered to a WAV file instead of the speaker)."""
import wave

import pytest

from kiosk.voice import Speaker

speaker = Speaker()
needs_espeak = pytest.mark.skipif(not speaker.available, reason="espeak-ng is not installed")


def test_guidance_is_spoken_in_mandarin_and_english_in_english():
    assert speaker.args("您好", "zh")[1:3] == ["-v", "cmn"]
    assert speaker.args("Hello", "en")[1:3] == ["-v", "en"]


@needs_espeak
def test_a_chinese_prompt_becomes_about_a_second_or_more_of_speech(tmp_path):
    out = tmp_path / "prompt.wav"
    speaker.render("请问您办理的金额是多少？", str(out))
    with wave.open(str(out)) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0


@needs_espeak
def test_a_new_sentence_cuts_off_the_one_still_playing():
    s = Speaker()
    s.say("您好，请问您需要办理什么业务？")
    first = s._proc
    s.say("请取走号票")
    assert first.poll() is not None
    s.stop()
