"""Ticket and slip layouts: model in, blocks out. Chinese first, English second; labels live here."""
from __future__ import annotations

from .blocks import CHAR_W, Block, Cut, Feed, Paper, Qr, Text
from .model import DiversionSlip, TicketPrint
from .text import text_width, wrap

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


def _wait_lines(people_ahead: int, wait_minutes: int) -> tuple[str | None, str | None]:
    """The people-ahead and estimated-wait sentence in both languages (none when unknown: below zero)."""
    if people_ahead < 0:  # issued without the queue host: nobody knows the queue, so say nothing
        return None, None
    if people_ahead == 0:
        return "前面无人等候，请留意叫号", "No one ahead - watch the screen"
    return f"前面{people_ahead}人，约等{wait_minutes}分钟", f"{people_ahead} ahead, about {wait_minutes} min"


def _form_lines(t: TicketPrint) -> tuple[str | None, str | None, str | None]:
    """What to fill in at the form desk: the instruction, the desk's place, the English line."""
    if not t.form_template_no:
        return None, None, None
    name = f"《{t.form_name_zh}》" if t.form_name_zh else "单据"
    zh = f"请到填单台参照{t.form_template_no}号模版填写{name}"
    # "位置" (where), not "填单台": branches write the desk as "大厅左侧填单台" or as "大厅入口左侧".
    desk = f"位置：{t.form_desk_zh}" if t.form_desk_zh else None
    en = f"Form: template {t.form_template_no}"
    en += f", {t.form_name_en}" if t.form_name_en else ""
    en += f" ({t.form_desk_en})" if t.form_desk_en else ""
    return zh, desk, en


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
        docs_en = f"Bring: {', '.join(t.documents_en)}" if t.documents_en else None
        blocks += _pair(paper, f"请携带：{'、'.join(t.documents_zh)}", docs_en)
    if t.tip_zh or t.tip_en:
        blocks += _pair(paper, t.tip_zh, t.tip_en)  # a tip reads as one without a label
    blocks += _pair(paper, t.no_show_rule_zh, t.no_show_rule_en)
    if t.status_url:  # a host without a public address sends none: no code beats a dead one
        blocks += [Feed(), Qr(t.status_url, paper.qr_module), _text(paper, "扫码看进度 Scan for status", "center")]
    blocks += [_text(paper, f"取号时间 {t.issued_at}", "center"), Cut()]
    return blocks


def slip_blocks(s: DiversionSlip, paper: Paper) -> list[Block]:
    """Lay out a diversion slip: where the self-service machine is and what to do there."""
    blocks: list[Block] = [
        *_pair(paper, s.branch_name, s.branch_name_en, "center", bold=True),
        Feed(),
        _text(paper, "自助办理指引", "center", size=2, bold=True),
        _text(paper, "Self-service guide", "center"),
        Feed(),
        *_pair(paper, f"您要办理：{s.purpose_zh}", f"For: {s.purpose_en}"),
        _text(paper, "请前往 Go to:"),
        _text(paper, s.target_zh, size=2, bold=True),  # what to look for across the lobby
        _text(paper, s.target_en),
        *_pair(paper, f"位置：{s.location_zh}", f"Where: {s.location_en}"),
        Feed(),
        _text(paper, "操作步骤 Steps:"),
    ]
    for i in range(max(len(s.steps_zh), len(s.steps_en))):
        zh = s.steps_zh[i] if i < len(s.steps_zh) else None
        en = s.steps_en[i] if i < len(s.steps_en) else None
        blocks += _pair(paper, zh and f"{i + 1}. {zh}", en and f"{i + 1}. {en}")
    if s.qr_url:
        blocks += [Feed(), Qr(s.qr_url, paper.qr_module), _text(paper, "扫码查看操作指引 Scan for help", "center")]
    blocks += [
        *_pair(paper, "如需帮助，请找大堂经理", "Need help? Ask the lobby manager", "center"),
        _text(paper, f"打印时间 Printed {s.issued_at}", "center"),
        Cut(),
    ]
    return blocks
