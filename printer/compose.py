"""Ticket and slip layouts: model in, blocks out. Chinese first, English second; labels from the catalogs."""
from __future__ import annotations

from .blocks import CHAR_W, Block, Cut, Feed, Paper, Qr, Text
from .model import DiversionSlip, TicketPrint
from .text import text_width, wrap
from .words import zh_en, zh_en_n

MAX_NUMBER_SIZE = 6  # GS ! 6x6: 144 dots (18 mm) tall, readable from the counter screen distance


def _text(paper: Paper, text: str, align: str = "left", size: int = 1, bold: bool = False) -> Text:
    """A Text block wrapped to the paper for its magnification."""
    return Text(tuple(wrap(text, paper.cols // size)), align, size, size, bold)


def _pair(paper: Paper, zh: str | None, en: str | None, align: str = "left", bold: bool = False) -> list[Block]:
    """A Chinese line and its English line below it; either may be missing."""
    return [_text(paper, s, align, bold=bold) for s in (zh, en) if s]


def number_size(paper: Paper, number: str) -> int:
    """The largest magnification at which the ticket number fits on one line, at most 6x."""
    fit = paper.dots // max(1, text_width(number) * CHAR_W)
    return max(1, min(MAX_NUMBER_SIZE, fit))


def _two(msgid: str, zh_fmt: dict, en_fmt: dict) -> tuple[str, str]:
    """One label in Chinese and English, each filled with its own language's values."""
    return zh_en(msgid, **zh_fmt)[0], zh_en(msgid, **en_fmt)[1]


def _inline(msgid: str) -> str:
    """A short label as one line, Chinese then English ("扫码看进度 Scan for status")."""
    return " ".join(zh_en(msgid))


def _wait_lines(people_ahead: int, wait_minutes: int) -> tuple[str | None, str | None]:
    """The people-ahead and estimated-wait sentence in both languages (none when unknown: below zero)."""
    if people_ahead < 0:  # issued without the queue host: nobody knows the queue, so say nothing
        return None, None
    if people_ahead == 0:  # the phrase the kiosk and the phone page say too, and no minutes for nobody
        nobody, soon = zh_en("Nobody ahead of you"), zh_en("You are next")
        return _two("{ahead}, {wait}", {"ahead": nobody[0], "wait": soon[0]}, {"ahead": nobody[1], "wait": soon[1]})
    return zh_en_n("{n} ahead, about {m} min", "{n} ahead, about {m} min", people_ahead,
                   n=people_ahead, m=wait_minutes)


def _form_lines(t: TicketPrint) -> tuple[str | None, str | None, str | None]:
    """What to fill in at the form desk: the instruction and the desk's place in Chinese, then the English line."""
    if not t.form_template_no:
        return None, None, None
    no = t.form_template_no
    if t.form_name_zh:
        zh = zh_en("Fill in {name} from sample {no} at the form desk", no=no, name=t.form_name_zh)[0]
    else:
        zh = zh_en("Fill in the slip from sample {no} at the form desk", no=no)[0]
    # "位置" (where), not "填单台": branches write the desk as "大厅左侧填单台" or as "大厅入口左侧".
    desk_zh = zh_en("Where: {location}", location=t.form_desk_zh)[0] if t.form_desk_zh else None
    fmt = {"no": no, "name": t.form_name_en, "where": t.form_desk_en}
    if t.form_name_en and t.form_desk_en:
        en = zh_en("Fill in {name} from sample {no} at the form desk ({where})", **fmt)[1]
    elif t.form_name_en:
        en = zh_en("Fill in {name} from sample {no} at the form desk", **fmt)[1]
    elif t.form_desk_en:
        en = zh_en("Fill in the slip from sample {no} at the form desk ({where})", **fmt)[1]
    else:
        en = zh_en("Fill in the slip from sample {no} at the form desk", **fmt)[1]
    return zh, desk_zh, en


def ticket_blocks(t: TicketPrint, paper: Paper) -> list[Block]:
    """Lay out a queue ticket for one paper width."""
    service_zh = f"{t.service_zh} · {t.tier_zh}" if t.tier_zh else t.service_zh
    size = number_size(paper, t.number)
    wait_zh, wait_en = _wait_lines(t.people_ahead, t.wait_minutes)
    form_zh, desk_zh, form_en = _form_lines(t)
    blocks: list[Block] = [
        *_pair(paper, t.branch_name, t.branch_name_en, "center", bold=True),
        Feed(),
        *_pair(paper, service_zh, t.service_en, "center"),
        # Not bold: at 6x the strokes are already 12 dots wide, and bold costs 6 bytes.
        _text(paper, t.number, "center", size=size),
        *_pair(paper, wait_zh, wait_en, "center"),
        Feed(),
        *_pair(paper, form_zh, desk_zh),
        *_pair(paper, None, form_en),
    ]
    if t.documents_zh:
        sep_zh, sep_en = zh_en(", ")
        docs_zh, docs_en = _two("Bring: {docs}", {"docs": sep_zh.join(t.documents_zh)},
                                {"docs": sep_en.join(t.documents_en)})
        blocks += _pair(paper, docs_zh, docs_en if t.documents_en else None)
    if t.tip_zh or t.tip_en:
        blocks += _pair(paper, t.tip_zh, t.tip_en)  # a tip reads as one without a label
    blocks += _pair(paper, t.no_show_rule_zh, t.no_show_rule_en)
    if t.status_url:  # a host without a public address sends none: no code beats a dead one
        blocks += [Feed(), Qr(t.status_url, paper.qr_module), _text(paper, _inline("Scan for status"), "center")]
    blocks += [_text(paper, _inline("Time") + " " + t.issued_at, "center"), Cut()]
    return blocks


def slip_blocks(s: DiversionSlip, paper: Paper) -> list[Block]:
    """Lay out a diversion slip: where the self-service machine is and what to do there."""
    guide = zh_en("Self-service guide")
    blocks: list[Block] = [
        *_pair(paper, s.branch_name, s.branch_name_en, "center", bold=True),
        Feed(),
        _text(paper, guide[0], "center", size=2, bold=True),
        _text(paper, guide[1], "center"),
        Feed(),
        *_pair(paper, *_two("For: {purpose}", {"purpose": s.purpose_zh}, {"purpose": s.purpose_en})),
        _text(paper, _inline("Go to:")),
        _text(paper, s.target_zh, size=2, bold=True),  # what to look for across the lobby
        _text(paper, s.target_en),
        *_pair(paper, *_two("Where: {location}", {"location": s.location_zh}, {"location": s.location_en})),
        Feed(),
        _text(paper, _inline("Steps:")),
    ]
    for i in range(max(len(s.steps_zh), len(s.steps_en))):
        zh = s.steps_zh[i] if i < len(s.steps_zh) else None
        en = s.steps_en[i] if i < len(s.steps_en) else None
        blocks += _pair(paper, zh and f"{i + 1}. {zh}", en and f"{i + 1}. {en}")
    if s.qr_url:
        blocks += [Feed(), Qr(s.qr_url, paper.qr_module), _text(paper, _inline("Scan for help"), "center")]
    blocks += [
        *_pair(paper, *zh_en("Need help? Ask the lobby manager"), "center"),
        _text(paper, _inline("Time") + " " + s.issued_at, "center"),
        Cut(),
    ]
    return blocks
