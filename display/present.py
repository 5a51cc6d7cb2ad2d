"""Words and rows the lobby screen shows for a board view, Chinese first, English second (no Kivy)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from display.board import BoardView, Call
from display.settings import DisplaySettings
from fenliu.words import N_, en, text, zh, zh_en

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec"))
DATE = N_("{weekday} {day:02d} {month}")  # each language orders the day, month and weekday its own way

# Type sizes as shares of the screen's short side S (a landscape TV's height), for reading at five metres.
# On a 55-inch TV (S = 685 mm) S/14 gives digits about 36 mm tall (the signage rule of about 1 inch per
# 10 feet asks 42 mm at 5 m, the minimum-legible rule 17 mm); S/27 gives Chinese characters about 23 mm
# (about 1/200 of the distance, the rule for Chinese signs); English, always second, S/40.
TYPE = {"number": 1 / 14, "words_zh": 1 / 27, "words_en": 1 / 40}


def call_words_zh() -> tuple[str, str]:
    """The Chinese words shown before and after the big called number (请 … 号), smaller than the number."""
    before, _, after = zh("Number {number}", number="\0").partition("\0")
    return before.strip(), after.strip()


def call_fields(call: Call | None) -> dict[str, Any]:
    """The main call area: number, counter and the English sentence (a welcome when nothing is called)."""
    if call is None:
        return {"call_number": "", "call_counter_zh": "", "call_counter_en": "", "call_before_zh": "",
                "call_after_zh": "", "call_to_zh": "",
                "call_sentence_en": en("Welcome. Please take a number at the kiosk."),
                "call_recall": False, "call_idle_zh": zh("Welcome")}
    before, after = call_words_zh()
    return {"call_number": call.number, "call_counter_zh": call.counter_name_zh,
            "call_counter_en": call.counter_name_en, "call_before_zh": before, "call_after_zh": after,
            "call_to_zh": zh("Go to {counter}", counter=call.counter_name_zh),
            "call_sentence_en": en("Number {number}, please go to {counter}", number=call.number,
                                   counter=call.counter_name_en),
            "call_recall": call.recall, "call_idle_zh": ""}


def recent_rows(view: BoardView) -> list[dict[str, Any]]:
    """Recent calls, newest first (the one in the main area included); a number gone to the missed list
    is no longer marked as recalled (nobody is being called for it any more)."""
    recall_zh, recall_en = zh_en("Recall")
    return [{"number": c.number, "counter_zh": c.counter_name_zh, "counter_en": c.counter_name_en,
             "recall_zh": recall_zh if c.recall and c.number not in view.missed else "",
             "recall_en": recall_en if c.recall and c.number not in view.missed else "",
             "recall_text": f"{recall_zh} {recall_en}" if c.recall and c.number not in view.missed else ""}
            for c in view.recent]


def service_rows(view: BoardView) -> list[dict[str, Any]]:
    """Each service with its true waiting count."""
    return [{"prefix": s.prefix, "name_zh": s.name_zh, "name_en": s.name_en, "waiting": str(s.waiting)}
            for s in view.services]


def counter_chips(view: BoardView) -> list[dict[str, Any]]:
    """Each counter: the number it serves, or that it is paused."""
    chips = []
    for c in view.counters:
        if c.paused:
            status_zh, status_en = zh_en("Paused")
        elif c.current:
            serving_zh, serving_en = zh_en("Serving")
            status_zh, status_en = f"{c.current} {serving_zh}", serving_en  # the number, then the state in Chinese
        else:
            status_zh, status_en = zh_en("Counter free")
        chips.append({"name_zh": c.name_zh, "name_en": c.name_en, "status_zh": status_zh, "status_en": status_en,
                      "paused": c.paused, "serving": bool(c.current) and not c.paused})
    return chips


def missed_text(view: BoardView) -> str:
    """The missed list, newest first, as one line of numbers."""
    return "   ".join(view.missed) if view.missed else " / ".join(zh_en("None"))


def suspended_text(view: BoardView) -> str:
    """Self-service machines out of use, said first on the notice line so nobody queues at them."""
    if not view.suspended:
        return ""
    sep_zh, sep_en = zh_en(", ")
    names_zh = sep_zh.join(z for z, _ in view.suspended)
    names_en = sep_en.join(e for _, e in view.suspended)
    return (zh("Out of service: {names}; please use the counters", names=names_zh) + "        "
            + en("Out of service: {names}; please use the counters", names=names_en))


def mentions(notice_zh: str, notice_en: str, machines: tuple[tuple[str, str], ...]) -> bool:
    """Does a standing notice send people to one of these machines (names it in either language)?"""
    return any((zh_name and zh_name in notice_zh) or (en_name and en_name.casefold() in notice_en.casefold())
               for zh_name, en_name in machines)


def marquee_text(suspended: tuple[tuple[str, str], ...], notice_zh: str, notice_en: str,
                 suspended_line: str = "", hint_zh: str = "", hint_en: str = "") -> str:
    """The scrolling line: machines out of use first; a standing notice that sends people to one of them is
    left out while it is out of use (the two would contradict each other); then the missed-number hint."""
    standing = ("",) * 2 if mentions(notice_zh, notice_en, suspended) else (notice_zh, notice_en)
    return "        ".join(t for t in (suspended_line, *standing, hint_zh, hint_en) if t)


def screen_fields(view: BoardView) -> dict[str, Any]:
    """Every field of the screen that follows the board."""
    return {**call_fields(view.current), "recent": recent_rows(view), "services": service_rows(view),
            "counters": counter_chips(view), "missed_text": missed_text(view), "missed_any": bool(view.missed),
            "missed": list(view.missed),
            "suspended_text": suspended_text(view), "suspended": view.suspended}


def settings_fields(settings: DisplaySettings) -> dict[str, Any]:
    """Every field of the screen that comes from the branch's configuration."""
    marquee = "        ".join(t for t in (settings.notice_zh, settings.notice_en) if t)
    return {"branch_zh": settings.branch_zh, "branch_en": settings.branch_en, "notice_text": marquee,
            "notice_zh": settings.notice_zh, "notice_en": settings.notice_en,
            "missed_hint_zh": settings.missed_hint_zh, "missed_hint_en": settings.missed_hint_en,
            "product_notices": [{"text_zh": n.text_zh, "text_en": n.text_en, "image": n.image}
                                for n in settings.product_notices]}


def clock_fields(now: datetime) -> dict[str, str]:
    """The corner clock: time, and the date the Chinese way with the English below."""
    dates = [text(lang, DATE, weekday=text(lang, WEEKDAYS[now.weekday()]), day=now.day,
                  month=text(lang, MONTHS[now.month - 1])) for lang in ("zh", "en")]
    return {"clock_time": now.strftime("%H:%M"), "clock_date": "  ".join(dates)}


def link_fields(offline: bool) -> dict[str, Any]:
    """The corner notice while the host cannot be reached."""
    return {"offline": offline, "offline_text": "\n".join(zh_en("Connection lost")) if offline else ""}
