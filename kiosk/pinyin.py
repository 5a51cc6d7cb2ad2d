"""The on-screen pinyin keyboard's dictionary: which characters a typed syllable offers, the most
common first. Readings from pypinyin's data, commonness from jieba's word-frequency dictionary;
only characters the kiosk's font and the printer's GB2312 range can show are offered."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

KEYS = "qwertyuiopasdfghjklzxcvbnm"


def plain(reading: str) -> str:
    """A toned reading as typed on a keyboard: zhāng -> zhang, lǜ -> lv."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _printable(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _frequencies() -> dict[str, int]:
    """Single characters' counts from jieba's dictionary (one word, count, tag per line)."""
    out: dict[str, int] = {}
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as f:
        for line in f:
            if line[1:2] == " ":  # a one-character word
                word, count = line.split(" ", 2)[:2]
                out[word] = int(count)
    return out


class PinyinIndex:
    """Syllable -> characters, most common first. A character with several readings counts under
    each in proportion to how often its words use that reading ("zhang" offers 张 before 长, which
    is mostly read chang)."""

    def __init__(self, readings: dict[str, list[str]], counts: dict[str, int],
                 shares: dict[tuple[str, str], float] | None = None):
        self.counts: dict[tuple[str, str], float] = {}
        self.by_syllable: dict[str, list[str]] = {}
        shares = shares or {}
        for ch, options in readings.items():
            for syllable in dict.fromkeys(options):  # the same syllable in two tones counts once
                self.by_syllable.setdefault(syllable, []).append(ch)
                self.counts[(syllable, ch)] = counts.get(ch, 0) * shares.get((ch, syllable), 1.0)
        for syllable, chars in self.by_syllable.items():
            chars.sort(key=lambda c: (-self.counts[(syllable, c)], c))
        self.syllables = sorted(self.by_syllable)

    def candidates(self, typed: str, limit: int = 16) -> list[str]:
        """Characters for what was typed: the exact syllable first, then syllables it begins."""
        typed = typed.lower().strip()
        if not typed:
            return []
        exact = self.by_syllable.get(typed, [])
        rest: list[tuple[float, str]] = []
        for syllable in self.syllables:
            if syllable != typed and syllable.startswith(typed):
                rest.extend((-self.counts[(syllable, c)], c) for c in self.by_syllable[syllable])
        out, seen = [], set()
        for ch in exact + [c for _, c in sorted(rest)]:
            if ch not in seen:
                seen.add(ch)
                out.append(ch)
                if len(out) == limit:
                    break
        return out

    def valid_start(self, typed: str) -> bool:
        """Some syllable begins with what was typed (the keyboard greys out keys that lead nowhere)."""
        return any(s.startswith(typed) for s in self.syllables)


@lru_cache(maxsize=1)
def index() -> PinyinIndex:
    """The kiosk's dictionary, built once (about a third of a second; see bench/bench_pinyin.py)."""
    from pypinyin.pinyin_dict import pinyin_dict
    readings: dict[str, list[str]] = {}
    for code, text in pinyin_dict.items():
        ch = chr(code)
        if _printable(ch):
            readings[ch] = [plain(r) for r in text.split(",")]
    return PinyinIndex(readings, _frequencies(), _shares(readings))


def _shares(readings: dict[str, list[str]]) -> dict[tuple[str, str], float]:
    """For characters with several readings: the share of each reading in pypinyin's phrase list."""
    from pypinyin.phrases_dict import phrases_dict
    many = {ch for ch, options in readings.items() if len(set(options)) > 1}
    seen: dict[tuple[str, str], int] = {}
    for phrase, pys in phrases_dict.items():
        for ch, py in zip(phrase, pys):
            if ch in many:
                key = (ch, plain(py[0]))
                seen[key] = seen.get(key, 0) + 1
    out = {}
    for ch in many:
        options = list(dict.fromkeys(readings[ch]))
        total = sum(seen.get((ch, s), 0) for s in options) + len(options)
        for s in options:
            out[(ch, s)] = (seen.get((ch, s), 0) + 1) / total  # add-one: an unseen reading still counts a little
    return out
