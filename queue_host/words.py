"""The host's messages in Chinese and English, from the same gettext catalogs as the apps and the printer.

queue_host imports none of the apps, so it reads assets/locale with the standard library itself, as
printer/words.py does. A msgid is the English source text. A {field} given as a (zh, en) pair fills
each language with its own value (a counter's Chinese name in Chinese, its id in English).
"""
from __future__ import annotations

import gettext
from functools import lru_cache

from queue_host.paths import asset

LOCALE = asset("locale")
LANGS = ("zh", "en")


def N_(msgid: str) -> str:
    """Mark a msgid for extraction; it is translated where it is used."""
    return msgid


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural msgid pair for extraction; it is translated with a count where it is used."""
    return singular, plural


@lru_cache(maxsize=None)
def catalog(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of a language (an error, not English, if it is missing)."""
    if lang not in LANGS:
        raise ValueError(f"no catalog for language {lang!r}; use one of {', '.join(LANGS)}")
    return gettext.translation("fenliu", str(LOCALE), languages=[lang])


def _fill(text: str, index: int, fmt: dict) -> str:
    return text.format(**{k: v[index] if isinstance(v, tuple) else v for k, v in fmt.items()})


def zh(msgid: str, /, **fmt: object) -> str:
    """The Chinese of a message."""
    return _fill(catalog("zh").gettext(msgid), 0, fmt)


def en(msgid: str, /, **fmt: object) -> str:
    """The English of a message."""
    return _fill(catalog("en").gettext(msgid), 1, fmt)


def templates(msgid: str, /) -> tuple[str, str]:
    """A message's Chinese and English with its {fields} left in, for a page's script to fill."""
    return catalog("zh").gettext(msgid), catalog("en").gettext(msgid)


def zh_en(msgid: str, /, **fmt: object) -> tuple[str, str]:
    """A message in Chinese and English."""
    return zh(msgid, **fmt), en(msgid, **fmt)


def zh_en_n(singular: str, plural: str, count: int, /, **fmt: object) -> tuple[str, str]:
    """A counting message in Chinese and English, each in its own plural form for `count`."""
    return tuple(_fill(catalog(lang).ngettext(singular, plural, count), i, fmt)  # type: ignore[return-value]
                 for i, lang in enumerate(LANGS))
