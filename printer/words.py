"""The printed labels in Chinese and English, from the same gettext catalogs as the screens.

The printer imports nothing of ours, so it reads assets/locale with the standard library itself
(fenliu/words.py does the same for the apps). msgids are the English source text.
"""
from __future__ import annotations

import gettext
from functools import lru_cache

from printer.paths import ASSETS

LOCALE = ASSETS / "locale"


@lru_cache(maxsize=None)
def _catalog(lang: str) -> gettext.GNUTranslations:
    return gettext.translation("fenliu", str(LOCALE), languages=[lang])


def zh_en(msgid: str, /, **fmt: object) -> tuple[str, str]:
    """A label in Chinese and English."""
    return tuple(_catalog(lang).gettext(msgid).format(**fmt) for lang in ("zh", "en"))  # type: ignore[return-value]


def zh_en_n(singular: str, plural: str, count: int, /, **fmt: object) -> tuple[str, str]:
    """A counting label in Chinese and English, each in its own plural form."""
    return tuple(_catalog(lang).ngettext(singular, plural, count).format(**fmt)  # type: ignore[return-value]
                 for lang in ("zh", "en"))
