"""The on-screen pinyin keyboard's dictionary: which characters a typed syllable offers, the most
common in names first. Readings from pypinyin's data; name characters ranked by kiosk/name_chars.txt
(surnames and given-name characters), the rest by jieba's word-frequency dictionary; only characters
the kiosk's font and the printer's GB2312 range can show are offered."""
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


NOT_A_NAME = 10 ** 6  # the rank of a character no name list holds: after every name character
NAME_READING_SHARE = 0.5  # a name character counts under its main reading only (more than half its words)


def name_ranks(text: str) -> dict[str, tuple[int, str | None]]:
    """kiosk/name_chars.txt read: character -> (rank, the one syllable it counts under or None).

    Surnames and given-name characters are taken in turn, so the first of each list lead together."""
    lists: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            lists.append([])
        elif line and not line.startswith("#") and lists:
            lists[-1].extend(line.split())
    ranks: dict[str, tuple[int, str | None]] = {}
    for i in range(max((len(names) for names in lists), default=0)):
        for names in lists:
            if i < len(names) and names[i][0] not in ranks:
                ranks[names[i][0]] = (len(ranks), names[i][1:] or None)
    return ranks


class PinyinIndex:
    """Syllable -> characters, name characters first (kiosk/name_chars.txt), then the most common.
    A character with several readings counts under each in proportion to how often its words use
    that reading ("zhang" offers 张 before 长, which is mostly read chang)."""

    def __init__(self, readings: dict[str, list[str]], counts: dict[str, int],
                 shares: dict[tuple[str, str], float] | None = None,
                 names: dict[str, tuple[int, str | None]] | None = None):
        self.counts: dict[tuple[str, str], float] = {}
        self.order: dict[tuple[str, str], tuple[int, float, str]] = {}
        self.by_syllable: dict[str, list[str]] = {}
        shares, names = shares or {}, names or {}
        for ch, options in readings.items():
            for syllable in dict.fromkeys(options):  # the same syllable in two tones counts once
                self.by_syllable.setdefault(syllable, []).append(ch)
                share = shares.get((ch, syllable), 1.0)
                self.counts[(syllable, ch)] = counts.get(ch, 0) * share
                rank, only = names.get(ch, (NOT_A_NAME, None))
                if (only or syllable) != syllable or (only is None and share < 1 and share <= NAME_READING_SHARE):
                    rank = NOT_A_NAME  # 单 is a surname read shan, not dan
                self.order[(syllable, ch)] = (rank, -self.counts[(syllable, ch)], ch)
        for syllable, chars in self.by_syllable.items():
            chars.sort(key=lambda c: self.order[(syllable, c)])
        self.syllables = sorted(self.by_syllable)

    def candidates(self, typed: str, limit: int = 16) -> list[str]:
        """Characters for what was typed: name characters of the exact syllable, then those of syllables
        it begins ("san" offers 桑 of "sang" before the rare 馓 糁 毵), then the rest in the same order."""
        typed = typed.lower().strip()
        if not typed:
            return []
        exact = [(self.order[(typed, c)], c) for c in self.by_syllable.get(typed, [])]
        rest = [(self.order[(syllable, c)], c) for syllable in self.syllables
                if syllable != typed and syllable.startswith(typed) for c in self.by_syllable[syllable]]
        names = [c for key, c in exact if key[0] < NOT_A_NAME] + \
            [c for key, c in sorted(rest) if key[0] < NOT_A_NAME]
        others = [c for key, c in exact if key[0] >= NOT_A_NAME] + \
            [c for key, c in sorted(rest) if key[0] >= NOT_A_NAME]
        return list(dict.fromkeys(names + others))[:limit]

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
    names = name_ranks(resources.files("kiosk").joinpath("name_chars.txt").read_text(encoding="utf-8"))
    return PinyinIndex(readings, _frequencies(), _shares(readings), names)


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
