"""The pre-filled remittance slip: laid out like the numbered form template, with the fields the
customer must still complete (amount, signature) left blank and marked. The payer's card is masked
here whatever the caller passes. Pure functions: the same slip always gives the same bytes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block, Cut, Feed, Paper, Text, paper as paper_for
from .compose import _inline, _pair, _text
from .layout import encode
from .model import Capabilities

BLANK = "★待填 / to fill"


@dataclass(frozen=True)
class RemittanceSlip:
    """What the customer entered at the kiosk, and where the slip belongs."""

    branch_name: str
    branch_name_en: str
    number: str  # the queue ticket it goes with
    form_template_no: str
    form_name_zh: str
    form_name_en: str
    payee_name: str
    payee_account: str
    bank: str
    payer_card: str
    issued_at: str


def masked(card: str) -> str:
    """A card number as printed: only its last 4 digits (PIPL; the bank's JR/T 0171 grading)."""
    digits = re.sub(r"\D", "", card)
    return f"**** **** **** {digits[-4:]}" if len(digits) >= 4 else ""


def grouped(account: str) -> str:
    """An account in groups of four, as printed on cards (easier to check by eye)."""
    return " ".join(account[i:i + 4] for i in range(0, len(account), 4))


def _field(paper: Paper, no: int, zh: str, en: str, value: str | None) -> list[Block]:
    head = _text(paper, f"{no} {zh} {en}", bold=True)
    if value:
        return [head, _text(paper, f"  {value}", size=1)]
    line = "_" * max(8, paper.cols - 2 - len(BLANK) - 6)
    return [head, _text(paper, f"  {line}"), _text(paper, f"  {BLANK}")]


def remittance_blocks(s: RemittanceSlip, paper: Paper) -> list[Block]:
    """Lay out the slip for one paper width."""
    rule = Text(("-" * paper.cols,))
    title_zh = f"{s.form_name_zh}（参照{s.form_template_no}号模版）" if s.form_template_no else s.form_name_zh
    title_en = f"{s.form_name_en} (template {s.form_template_no})" if s.form_template_no else s.form_name_en
    return [
        *_pair(paper, title_zh, title_en, "center", bold=True),
        *_pair(paper, f"{s.branch_name}  排队号 {s.number}", f"{s.branch_name_en}  ticket {s.number}", "center"),
        rule,
        *_field(paper, 1, "收款人户名", "Payee name", s.payee_name),
        *_field(paper, 2, "收款账号", "Payee account", grouped(s.payee_account)),
        *_field(paper, 3, "收款银行", "Payee bank", s.bank),
        *_field(paper, 4, "付款卡号", "Payer card", masked(s.payer_card) or "（柜台刷卡 / at the counter）"),
        *_field(paper, 5, "汇款金额（请填写）", "Amount, fill in: ￥", None),
        *_field(paper, 6, "客户签名（请签名）", "Signature, sign", None),
        rule,
        *_pair(paper, "请核对以上信息，填写金额并签名后等候叫号", "Check the details, fill in the amount and sign, "
               "then wait for your number"),
        _text(paper, _inline("Time") + " " + s.issued_at),
        Feed(3),
        Cut(),
    ]


def remittance_bytes(s: RemittanceSlip, width_mm: int = 80, capabilities: Capabilities = Capabilities()) -> bytes:
    """ESC/POS bytes for a pre-filled remittance slip."""
    paper = paper_for(width_mm)
    return encode(remittance_blocks(s, paper), paper, capabilities)
