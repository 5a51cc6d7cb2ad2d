"""Customer-facing words from one gettext catalog per language (assets/locale/<lang>/LC_MESSAGES/fenliu.mo).

A msgid is the English source text; the zh and en catalogs each translate it with their own plural
forms and punctuation. Screens show both languages, so lookups name the language rather than read
a process-wide locale. `N_` and `Np_` mark msgids for `scripts/catalogs.sh` where they are looked up
later; `zh`, `en`, `zh_en` and `zh_en_n` are extracted too. printer/words.py reads the same catalogs
with its own few lines (the printer imports nothing of ours). The loader is the host's
(queue_host/words.py, which the host's client loads in every app anyway); this module adds the lookups
by language name.
"""
from __future__ import annotations

from queue_host.words import LANGS, LOCALE, N_, Np_, catalog, en, zh, zh_en, zh_en_n  # noqa: F401 (the apps' words)

DOMAIN = "fenliu"


def text(lang: str, msgid: str, /, **fmt: object) -> str:
    """One message in one language, with its {fields} filled in."""
    return catalog(lang).gettext(msgid).format(**fmt)


def plural(lang: str, singular: str, plural_: str, count: int, /, **fmt: object) -> str:
    """A message that counts something, in the language's own plural form for `count`."""
    return catalog(lang).ngettext(singular, plural_, count).format(**fmt)
