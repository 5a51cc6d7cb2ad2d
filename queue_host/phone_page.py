"""The small page behind the ticket's QR: no framework, Chinese first, live over its own stream.

Its words come from the word catalogs: the server renders the page in both languages, and ships the
script the few messages it needs (a counting one in all its plural forms, with each language's plural
rule from its catalog) so that it can say "1 person ahead" or "2 people ahead" as the stream goes.
"""
from __future__ import annotations

import gettext
import html
import json
import re
from functools import lru_cache

from queue_host import pages
from queue_host.pages import Markup
from queue_host.words import LANGS, N_, Np_, catalog, templates, zh_en

STATE_TEXT = {
    "waiting": N_("Waiting"), "called": N_("Called: please go to the counter"), "parked": N_("Filling in a form"),
    "missed": N_("Missed: see the lobby manager"), "finished": N_("Finished"), "cancelled": N_("Cancelled"),
    "unserved": N_("Expired"),
}
CALLED_AT = N_("Please go to {counter}")
THANKS = N_("Cancelled. Thank you for letting us know")
AHEAD = Np_("{n} person ahead of you", "{n} people ahead of you")
WAIT = Np_("About {n} minute's wait", "About {n} minutes' wait")
LINE = N_("{ahead}. {wait}")
NOBODY = N_("Nobody ahead of you")  # the kiosk's and the ticket's phrase too
NEXT = N_("You are next")  # the wait for nobody ahead: never "0 people, about 1 minute"
NOTICES = {"connecting": N_("connecting…"), "live": N_("live"), "reconnecting": N_("reconnecting…"),
           "network": N_("network error, try again")}
FIELD = re.compile(r"(\{\w+\})")


def words(state: dict) -> tuple[str, str]:
    """The state line in Chinese and English; a called ticket names its counter."""
    if state["state"] == "called" and state.get("counter_name_zh"):
        return zh_en(CALLED_AT, counter=(state["counter_name_zh"], state["counter_name_en"]))
    if state["state"] == "cancelled" and state.get("cancelled_by_me"):
        return zh_en(THANKS)
    return zh_en(STATE_TEXT[state["state"]]) if state["state"] in STATE_TEXT else ("", "")


def plural_rule(lang: str) -> str:
    """The catalog's plural rule as an expression of n (a C expression, so JavaScript too), checked by gettext."""
    header = catalog(lang).info().get("plural-forms", "nplurals=2; plural=(n != 1);")
    expr = re.search(r"plural\s*=\s*([^;]+)", header).group(1).strip()
    gettext.c2py(expr)  # refuses anything but n, numbers and operators
    return expr


def _forms(lang: str, pair: tuple[str, str]) -> list[str]:
    """Every plural form of a message in one language, in the order its plural rule numbers them."""
    rule = gettext.c2py(plural_rule(lang))
    first = {}  # plural index -> the smallest count that takes it
    for n in range(1000):
        first.setdefault(rule(n), n)
    return [catalog(lang).ngettext(*pair, first[i]) for i in range(max(first) + 1)]


@lru_cache(maxsize=None)
def script_words() -> str:
    """The messages the page's script needs, as JSON: [zh, en] pairs, and plural forms per language."""
    table = {"state": {s: zh_en(m) for s, m in STATE_TEXT.items()}, "called": templates(CALLED_AT),
             "thanks": zh_en(THANKS), "line": templates(LINE), "nobody": zh_en(NOBODY), "next": zh_en(NEXT),
             "ahead": {lang: _forms(lang, AHEAD) for lang in LANGS},
             "wait": {lang: _forms(lang, WAIT) for lang in LANGS},
             **{key: zh_en(m) for key, m in NOTICES.items()}}
    return json.dumps(table, ensure_ascii=False).replace("</", "<\\/")


def fill(template: str, **parts: str) -> str:
    """A message as HTML: its text escaped, each {field} replaced by the HTML given for it."""
    return "".join(parts[p[1:-1]] if FIELD.fullmatch(p) and p[1:-1] in parts else html.escape(p)
                   for p in FIELD.split(template))


def line(lang: str, ahead: int, wait: int) -> str:
    """The waiting line in one language, its numbers in bold (the Chinese ones with the ids the script updates)."""
    cat = catalog(lang)
    if ahead == 0:
        return fill(cat.gettext(LINE), ahead=html.escape(cat.gettext(NOBODY)), wait=html.escape(cat.gettext(NEXT)))

    def number(n: int, name: str) -> str:
        return f'<b id="{name}">{int(n)}</b>' if lang == "zh" else f"<b>{int(n)}</b>"
    return fill(cat.gettext(LINE), ahead=fill(cat.ngettext(*AHEAD, ahead), n=number(ahead, "ahead")),
                wait=fill(cat.ngettext(*WAIT, wait), n=number(wait, "wait")))


BUTTONS = {"cancel": N_("I'm not coming"), "sure": N_("Sure? Your number will be cancelled."),
           "yes": N_("Yes, cancel"), "no": N_("No, keep my place")}


def render(state: dict, nonce: str) -> str:
    """The page for one ticket's current state (the script then follows its stream)."""
    zh, en = words(state)
    line_zh, line_en = (Markup(line(lang, state["people_ahead"], state["wait_minutes"])) for lang in LANGS)
    return pages.render(
        "phone.html", s=state, state_zh=zh, state_en=en, line_zh=line_zh, line_en=line_en,
        live=state["state"] in ("waiting", "called", "parked", "missed"),
        buttons={key: zh_en(msgid) for key, msgid in BUTTONS.items()},
        connecting=" / ".join(zh_en(NOTICES["connecting"])), refresh=" / ".join(zh_en("refreshes every 15 s")),
        nonce=nonce, words=Markup(script_words()), plural_zh=Markup(plural_rule("zh")),
        plural_en=Markup(plural_rule("en")),
        called_at=Markup(json.dumps(state.get("called_at")).replace("</", "<\\/")))
