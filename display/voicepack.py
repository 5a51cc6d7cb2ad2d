"""Builds a voice pack of clips (请, 号, 到, 窗口, digits, letters) with espeak-ng and sox, and the chime.

A branch replaces the clips with recordings of its own voice: same file names, one WAV format for all.
Run: python -m display.voicepack assets/voice/default  (also writes assets/sounds/chime.wav)
The shipped pack holds Mandarin clips for the shipped prefixes only, to stay small:
    python -m display.voicepack --letters ABCVM --langs zh
"""
from __future__ import annotations

import argparse
import string
import subprocess
import tempfile
from pathlib import Path

from display.voice import ASSETS, EN_DIGITS, ESPEAK_VOICES, ZH_DIGITS
from fenliu.words import zh

RATE = 16000  # wideband speech: clear over lobby speakers, a third of CD size

WORDS = {
    # The Mandarin pieces of "请 A 零一二 号，到 三 号 窗口" (display/voice.py says the whole sentence).
    "zh": {"please": zh("please (before a called number)"), "number": zh("number (after a called number)"),
           "to": zh("to (before the counter called to)"), "window": zh("window (after a counter's number)"),
           **{str(i): d for i, d in enumerate(ZH_DIGITS)}, **{c: c for c in string.ascii_uppercase}},
    "en": {"number": "Number", "please_go_to": "please go to", "window": "Window",
           **{str(i): w for i, w in enumerate(EN_DIGITS)}, **{c: c for c in string.ascii_uppercase}},
}


def build_clip(text: str, lang: str, out: Path, espeak: str = "espeak-ng") -> Path:
    """Say one word with espeak-ng, trim its silences, keep a short gap after it."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run([espeak, "-v", ESPEAK_VOICES[lang], "-s", "140", "-w", str(raw), text],
                       check=True, capture_output=True, timeout=20)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out),
                        "silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse",
                        "pad", "0", "0.05"], check=True, capture_output=True, timeout=20)
    return out


def build_pack(folder: Path, letters: str = string.ascii_uppercase, langs: tuple[str, ...] = ("zh", "en")) -> list[Path]:
    """Write every clip of a pack into folder/zh and folder/en."""
    made = []
    for lang in langs:
        words = WORDS[lang]
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for name, text in words.items():
            if len(name) == 1 and name.isalpha() and name not in letters:
                continue
            made.append(build_clip(text, lang, folder / lang / f"{name}.wav"))
    return made


def build_chime(out: Path) -> Path:
    """A soft two-tone ding-dong that turns heads before each call."""
    out.parent.mkdir(parents=True, exist_ok=True)
    # Two falling notes, each a decaying bell, read as "attention" rather than alarm.
    with tempfile.TemporaryDirectory() as tmp:
        notes = []
        for i, freq in enumerate(("659.3", "523.3")):
            note = Path(tmp) / f"n{i}.wav"
            subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(note),
                            "synth", "0.6", "sine", freq, "fade", "0.005", "0.6", "0.5", "vol", "0.5"],
                           check=True, capture_output=True, timeout=20)
            notes.append(str(note))
        subprocess.run(["sox", *notes, str(out), "pad", "0", "0.1"], check=True, capture_output=True, timeout=20)
    return out


def main(argv: list[str] | None = None) -> int:
    """Build a voice pack folder (and the chime) from the command line."""
    parser = argparse.ArgumentParser(description="build a fenliu voice pack with espeak-ng")
    parser.add_argument("folder", type=Path, nargs="?", default=ASSETS / "voice" / "default")
    parser.add_argument("--letters", default=string.ascii_uppercase, help="ticket prefixes to record")
    parser.add_argument("--langs", default="zh,en", help="languages to record, comma separated")
    parser.add_argument("--chime", type=Path, default=ASSETS / "sounds" / "chime.wav")
    args = parser.parse_args(argv)
    made = build_pack(args.folder, args.letters, tuple(args.langs.split(",")))
    build_chime(args.chime)
    print(f"{len(made)} clips in {args.folder}; chime {args.chime}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
