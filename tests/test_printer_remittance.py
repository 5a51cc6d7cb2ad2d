"""The pre-filled remittance slip: its bytes over the real serial path to the fake ESC/POS printer."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from printer import open_printer
from printer.remittance import RemittanceSlip, masked, remittance_bytes
from tests.fake_escpos import FakeEscposPrinter

SLIP = RemittanceSlip("大安支行", "Da'an Sub-branch", "A003", "4", "个人汇款申请书", "Personal Remittance Application",
                      "张伟明", "6222020200112345679", "中国建设银行", "6222000000000001", "2026-11-29 14:52")
DOCS = Path(__file__).resolve().parent.parent / "docs" / "screens"


def printed_text(data: bytes) -> list[str]:
    """The slip's lines as the customer reads them: GB18030 text without the ESC/GS/FS commands."""
    data = re.sub(rb"\x1b[@]|\x1c&|\x1ba.|\x1bE.|\x1d!.|\x1dVA.|\x1bd.|\x10\x04.", b"", data, flags=re.S)
    return [line.strip() for line in data.decode("gb18030").split("\n") if line.strip()]


@pytest.fixture
def fake():
    printer = FakeEscposPrinter()
    yield printer
    printer.stop()


def test_the_slip_arrives_byte_for_byte_laid_out_like_the_numbered_template(fake):
    with open_printer(f"serial:{fake.start_pty()}?baud=115200&timeout=1") as printer:
        printer.print_remittance(SLIP)
    assert fake.printed == remittance_bytes(SLIP)
    lines = printed_text(fake.printed)
    assert lines[0] == "个人汇款申请书（参照4号模版）" and lines[1].startswith("Personal Remittance")
    fields = [line for line in lines if re.match(r"\d ", line)]
    assert [f.split()[1] for f in fields] == ["收款人户名", "收款账号", "收款银行", "付款卡号", "汇款金额（请填写）",
                                              "客户签名（请签名）"]
    after = {f.split()[1]: lines[lines.index(f) + 1] for f in fields}
    assert after["收款人户名"] == "张伟明" and after["收款账号"] == "6222 0202 0011 2345 679"
    assert after["收款银行"] == "中国建设银行"


def test_amount_and_signature_are_left_blank_and_marked_and_the_card_is_masked(fake):
    lines = printed_text(remittance_bytes(SLIP))
    for field in ("汇款金额（请填写）", "客户签名（请签名）"):
        at = next(i for i, line in enumerate(lines) if field in line)
        assert set(lines[at + 1]) == {"_"} and lines[at + 2] == "★待填 / to fill"
    text = "\n".join(lines)
    assert "**** **** **** 0001" in text and "6222000000000001" not in text and "622200000000" not in text


def test_masking_keeps_only_the_last_four_digits_whatever_comes_in():
    assert masked("6222 0000 0000 0001") == "**** **** **** 0001"
    assert masked("**** 0001") == "**** **** **** 0001" and masked("") == ""


def test_the_preview_shows_the_slip_as_it_will_print(tmp_path):
    printer = open_printer(f"preview:{DOCS / 'remittance-slip.png'}")
    printer.print_remittance(SLIP)
    assert (DOCS / "remittance-slip.png").stat().st_size > 1000
