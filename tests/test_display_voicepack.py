"""Building a voice pack and the chime with the real espeak-ng and sox."""
from __future__ import annotations

import shutil
import wave

import pytest

from display.voicepack import WORDS, build_chime, build_pack

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng") or not shutil.which("sox"),
                                reason="needs espeak-ng and sox (scripts/setup.sh installs them)")


def test_a_pack_holds_one_trimmed_clip_per_word_digit_and_prefix(tmp_path):
    made = build_pack(tmp_path, letters="AV", langs=("zh",))
    assert sorted(p.stem for p in made) == sorted(["please", "number", "to", "window", "A", "V",
                                                    *map(str, range(10))])
    with wave.open(str(tmp_path / "zh" / "7.wav"), "rb") as w:
        assert (w.getframerate(), w.getnchannels()) == (16000, 1)
        assert w.getnframes() / w.getframerate() < 0.8  # silences trimmed: digits follow each other briskly


def test_the_chime_is_a_short_sound(tmp_path):
    out = build_chime(tmp_path / "chime.wav")
    with wave.open(str(out), "rb") as w:
        assert 0.8 < w.getnframes() / w.getframerate() < 2.0


def test_the_clip_words_come_from_the_catalogs_as_the_sentence_says_them():
    zh = WORDS["zh"]
    assert [zh[k] for k in ("please", "number", "to", "window")] == ["请", "号", "到", "窗口"]
    assert "".join(zh[str(d)] for d in range(10)) == "零一二三四五六七八九"
    assert [WORDS["en"][k] for k in ("number", "please_go_to", "window", "7")] == ["Number", "please go to", "Window", "seven"]
