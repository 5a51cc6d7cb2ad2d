"""What the lobby hears for a call, rendered to WAV: recorded clips of a voice pack, else espeak-ng."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import wave
from pathlib import Path

from display.board import Call, counter_pattern
from fenliu.paths import asset
from fenliu.words import N_, text

# The spoken words of a call come from the catalogs (a digit is said one by one in a ticket number).
DIGITS = (N_("zero"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"), N_("seven"),
          N_("eight"), N_("nine"))
ZH_DIGITS = tuple(text("zh", d) for d in DIGITS)
EN_DIGITS = tuple(text("en", d) for d in DIGITS)
ZH_TEN = text("zh", N_("ten"))
# One sentence in both languages; the .replace below keeps the spacing of a number without letters.
SPOKEN_CALL = N_("Number {letters}, {digits}, please go to {counter}.")
# Debian's `cmn` voice reads tone digits aloud in English; the pinyin voice reads Hanzi and letters well.
ESPEAK_VOICES = {"zh": "cmn-latn-pinyin", "en": "en"}
ASSETS = asset()


def _split(number: str) -> tuple[str, str]:
    m = re.match(r"^([A-Za-z]*)(\d*)$", number)
    return (m.group(1).upper(), m.group(2)) if m else ("", number)


def counter_number_zh(n: int) -> str:
    """A counter number as Chinese says it (3 → 三, 12 → 十二); ticket digits are read one by one instead."""
    if n < 10:
        return ZH_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else ZH_DIGITS[tens]) + ZH_TEN + ("" if ones == 0 else ZH_DIGITS[ones])
    return "".join(ZH_DIGITS[int(d)] for d in str(n))


def text_zh(call: Call) -> str:
    """The Mandarin sentence with digits spelled out: 请 A 零一二 号 到 三号窗口."""
    letters, digits = _split(call.number)
    counter = re.sub(r"\d+", lambda m: counter_number_zh(int(m.group())), call.counter_name_zh)
    spelled = "".join(ZH_DIGITS[int(d)] for d in digits)
    return text("zh", SPOKEN_CALL, letters=" ".join(letters), digits=spelled, counter=counter).replace("  ", " ")


def text_en(call: Call) -> str:
    """The English sentence with digits spelled out: Number A, zero one two, please go to Window 3."""
    letters, digits = _split(call.number)
    spelled = " ".join(EN_DIGITS[int(d)] for d in digits)
    return text("en", SPOKEN_CALL, letters=" ".join(letters), digits=spelled, counter=call.counter_name_en)


def tokens_zh(call: Call, have: set[str]) -> list[str] | None:
    """The clip names that say the Mandarin call, or None when the pack lacks one."""
    letters, digits = _split(call.number)
    out = ["please", *letters, *digits, "number", "to"]
    m = counter_pattern("zh").match(call.counter_name_zh)
    if f"counter-{call.counter}" in have:
        out.append(f"counter-{call.counter}")
    elif m:
        out += [*m.group(1), "number", "window"]
    else:
        return None
    return out if all(t in have for t in out) else None


def tokens_en(call: Call, have: set[str]) -> list[str] | None:
    """The clip names that say the English call, or None when the pack lacks one."""
    letters, digits = _split(call.number)
    out = ["number", *letters, *digits, "please_go_to"]
    m = counter_pattern("en").match(call.counter_name_en)
    if f"counter-{call.counter}" in have:
        out.append(f"counter-{call.counter}")
    elif m:
        out += ["window", *m.group(1)]
    else:
        return None
    return out if all(t in have for t in out) else None


def concat_wavs(parts: list[Path], out: Path) -> Path:
    """Join WAV clips of one format into one file (a pack records all its clips alike)."""
    with wave.open(str(parts[0]), "rb") as first:
        params = first.getparams()
    with wave.open(str(out), "wb") as dst:
        dst.setparams(params)
        for part in parts:
            with wave.open(str(part), "rb") as src:
                if (src.getnchannels(), src.getsampwidth(), src.getframerate()) != params[:3]:
                    raise ValueError(f"{part} differs in format from {parts[0]}")
                dst.writeframes(src.readframes(src.getnframes()))
    return out


class Voice:
    """Renders calls to WAV files: from the pack's clips when it has them all, else with espeak-ng."""

    def __init__(self, pack_dir: Path | None, cache_dir: Path, espeak: str = "espeak-ng", speed_wpm: int = 140):
        self.pack_dir = Path(pack_dir) if pack_dir else None
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.espeak, self.speed_wpm = espeak, speed_wpm
        self.clips = {lang: self._clips(lang) for lang in ("zh", "en")}

    def _clips(self, lang: str) -> dict[str, Path]:
        folder = self.pack_dir / lang if self.pack_dir else None
        if not folder or not folder.is_dir():
            return {}
        return {p.stem: p for p in sorted(folder.glob("*.wav"))}

    def render(self, call: Call, lang: str) -> Path:
        """A WAV file saying the call in `lang` ("zh" or "en"); cached by its words."""
        clips = self.clips.get(lang, {})
        tokens = (tokens_zh if lang == "zh" else tokens_en)(call, set(clips))
        if tokens:
            out = self._cached("pack-" + lang + "-" + " ".join(tokens))
            if out.exists():
                return out  # a repeat or recall says the recorded voice again, not espeak-ng
            try:
                return concat_wavs([clips[t] for t in tokens], out)
            except (ValueError, wave.Error, OSError):
                out.unlink(missing_ok=True)  # a broken pack still leaves the synthetic voice
        text = text_zh(call) if lang == "zh" else text_en(call)
        out = self._cached(f"tts-{lang}-{text}")
        return out if out.exists() else self.speak_to_file(text, lang, out)

    def speak_to_file(self, text: str, lang: str, out: Path) -> Path:
        """Synthesize one sentence with espeak-ng into a WAV file."""
        tmp = out.with_suffix(".part.wav")
        subprocess.run([self.espeak, "-v", ESPEAK_VOICES[lang], "-s", str(self.speed_wpm), "-w", str(tmp), text],
                       check=True, capture_output=True, timeout=20)
        tmp.replace(out)
        return out

    def _cached(self, key: str) -> Path:
        return self.cache_dir / (hashlib.sha1(key.encode()).hexdigest()[:16] + ".wav")


def default_pack() -> Path | None:
    """The shipped voice pack folder, if present."""
    pack = ASSETS / "voice" / "default"
    return pack if pack.is_dir() else None


def default_chime() -> Path | None:
    """The shipped chime, if present."""
    chime = ASSETS / "sounds" / "chime.wav"
    return chime if chime.exists() else None


def espeak_available(espeak: str = "espeak-ng") -> bool:
    """Is the speech synthesizer installed?"""
    return shutil.which(espeak) is not None
