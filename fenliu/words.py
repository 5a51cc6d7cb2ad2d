"""Customer-facing words from one gettext catalog per language (assets/locale/<lang>/LC_MESSAGES/fenliu.mo).

A msgid is the English source text; the zh and en catalogs each translate it with their own plural
forms and punctuation. Screens show both languages, so lookups name the language rather than read
a process-wide locale. `N_` and `Np_` mark msgids for `scripts/catalogs.sh` where they are looked up
later; `zh`, `en`, `zh_en` and `zh_en_n` are extracted too. printer/words.py reads the same catalogs
with its own few lines (the printer imports nothing of ours).
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
# An installed wheel carries assets/ as fenliu/data/assets; a source tree has them at the top.
LOCALE = next(p for p in (HERE / "data" / "assets" / "locale", HERE.parent / "assets" / "locale") if p.is_dir())
DOMAIN = "fenliu"
LANGS = ("zh", "en")


def N_(msgid: str) -> str:
    """Mark a msgid for extraction; it is translated where it is shown."""
    return msgid


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural msgid pair for extraction; it is translated with a count where it is shown."""
    return singular, plural


@lru_cache(maxsize=None)
def catalog(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of a language (an error, not English, if it is missing)."""
    if lang not in LANGS:
        raise ValueError(f"no catalog for language {lang!r}; use one of {', '.join(LANGS)}")
    return gettext.translation(DOMAIN, str(LOCALE), languages=[lang])


def text(lang: str, msgid: str, /, **fmt: object) -> str:
    """One message in one language, with its {fields} filled in."""
    return catalog(lang).gettext(msgid).format(**fmt)


def plural(lang: str, singular: str, plural_: str, count: int, /, **fmt: object) -> str:
    """A message that counts something, in the language's own plural form for `count`."""
    return catalog(lang).ngettext(singular, plural_, count).format(**fmt)


def zh(msgid: str, /, **fmt: object) -> str:
    """The Chinese of a message."""
    return text("zh", msgid, **fmt)


def en(msgid: str, /, **fmt: object) -> str:
    """The English of a message."""
    return text("en", msgid, **fmt)


def zh_en(msgid: str, /, **fmt: object) -> tuple[str, str]:
    """A message in Chinese and English."""
    return text("zh", msgid, **fmt), text("en", msgid, **fmt)


def zh_en_n(singular: str, plural_: str, count: int, /, **fmt: object) -> tuple[str, str]:
    """A counting message in Chinese and English, each in its own plural form."""
    return plural("zh", singular, plural_, count, **fmt), plural("en", singular, plural_, count, **fmt)
