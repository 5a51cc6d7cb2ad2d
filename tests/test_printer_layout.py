"""ESC/POS bytes for tickets and slips: a golden ticket pinned byte for byte, and the fallbacks."""
from __future__ import annotations

import re

import pytest

from printer.layout import slip_bytes, ticket_bytes
from printer.model import Capabilities, TicketPrint
from printer.sample import SAMPLE_SLIP, SAMPLE_TICKET

# Spelled out here rather than taken from printer.sample, so editing the sample cannot move the pin.
GOLDEN_TICKET = TicketPrint(
    branch_name="示例银行 北京西单支行", branch_name_en="Example Bank, Xidan Branch", number="A012",
    service_zh="个人现金业务", service_en="Personal cash", people_ahead=5, wait_minutes=15,
    form_template_no="3", form_name_zh="个人业务凭条", form_desk_zh="大厅入口左侧",
    form_name_en="Personal Slip", form_desk_en="left of entrance",
    documents_zh=("本人身份证", "银行卡"), documents_en=("ID card", "bank card"), issued_at="2026-11-23 09:41",
    no_show_rule_zh="叫号2次未到即过号，请找大堂经理重新排队", no_show_rule_en="Missed 2 calls? Ask the lobby manager.",
    status_url="https://q.example.cn/t/0101/A012", tip_zh="2万元以下存取款可用自助机，免排队",
    tip_en="Under 20,000 CNY? Use the cash machine.",
)

# The whole 80 mm native ticket, one printed line per row. python-escpos is pinned (3.1) beside it.
GOLDEN_80MM = b"".join([
    # ESC @, FS & (Chinese mode), ESC a 1 (centre), ESC E 1 (bold), branch name in GB18030
    b'\x1b@\x1c&\x1ba\x01\x1bE\x01\xca\xbe\xc0\xfd\xd2\xf8\xd0\xd0 \xb1\xb1\xbe\xa9\xce\xf7\xb5\xa5\xd6\xa7\xd0\xd0\n',
    # English branch name, a blank line, ESC E 0, the service in both languages
    b'Example Bank, Xidan Branch\n',
    b'\n',
    b'\x1bE\x00\xb8\xf6\xc8\xcb\xcf\xd6\xbd\xf0\xd2\xb5\xce\xf1\n',
    b'Personal cash\n',
    # GS ! 0x55 (6x6) and the number; GS ! 0 and people ahead / wait
    b'\x1d!UA012\n',
    b'\x1d!\x00\xc7\xb0\xc3\xe65\xc8\xcb\xa3\xac\xd4\xbc\xb5\xc815\xb7\xd6\xd6\xd3\n',
    b'5 ahead, about 15 min\n',
    b'\n',
    # ESC a 0 (left): the form to fill and where the desk is, documents, tip, no-show rule
    b'\x1ba\x00\xc7\xeb\xb5\xbd\xcc\xee\xb5\xa5\xcc\xa8\xb2\xce\xd5\xd53\xba\xc5\xc4\xa3\xb0\xe6\xcc\xee\xd0\xb4\xa1\xb6\xb8\xf6\xc8\xcb\xd2\xb5\xce\xf1\xc6\xbe\xcc\xf5\xa1\xb7\n',
    b'\xce\xbb\xd6\xc3\xa3\xba\xb4\xf3\xcc\xfc\xc8\xeb\xbf\xda\xd7\xf3\xb2\xe0\n',
    b'Form: template 3, Personal Slip\n',
    b'(left of entrance)\n',
    b'\xc7\xeb\xd0\xaf\xb4\xf8\xa3\xba\xb1\xbe\xc8\xcb\xc9\xed\xb7\xdd\xd6\xa4\xa1\xa2\xd2\xf8\xd0\xd0\xbf\xa8\n',
    b'Bring: ID card, bank card\n',
    b'2\xcd\xf2\xd4\xaa\xd2\xd4\xcf\xc2\xb4\xe6\xc8\xa1\xbf\xee\xbf\xc9\xd3\xc3\xd7\xd4\xd6\xfa\xbb\xfa\xa3\xac\xc3\xe2\xc5\xc5\xb6\xd3\n',
    b'Under 20,000 CNY? Use the cash machine.\n',
    b'\xbd\xd0\xba\xc52\xb4\xce\xce\xb4\xb5\xbd\xbc\xb4\xb9\xfd\xba\xc5\xa3\xac\xc7\xeb\xd5\xd2\xb4\xf3\xcc\xc3\xbe\xad\xc0\xed\xd6\xd8\xd0\xc2\xc5\xc5\xb6\xd3\n',
    b'Missed 2 calls? Ask the lobby manager.\n',
    b'\n',
    # ESC a 1, GS ( k: module 6 dots, error correction M, store the address, print; the QR label
    b'\x1ba\x01\x1d(k\x03\x001C\x06\x1d(k\x03\x001E1\x1d(k#\x001P0https://q.example.cn/t/0101/A012\x1d(k\x03\x001Q0\xc9\xa8\xc2\xeb\xbf\xb4\xbd\xf8\xb6\xc8 Scan for status\n',
    # 时间 Time: the issue time (the branch's, as on the slip), then GS V 65 0: feed to the cutter and cut
    b'\xca\xb1\xbc\xe4 Time 2026-11-23 09:41\n',
    b'\x1dVA\x00',
])


def test_the_golden_ticket_is_pinned_byte_for_byte():
    assert ticket_bytes(GOLDEN_TICKET, width_mm=80, qr="native") == GOLDEN_80MM


def test_the_golden_ticket_is_under_600_bytes_so_it_sends_in_0_6_s_at_9600_baud():
    assert len(GOLDEN_80MM) < 600
    assert len(ticket_bytes(SAMPLE_TICKET, 80)) < 600 and len(ticket_bytes(SAMPLE_TICKET, 58)) < 600


def test_the_same_ticket_always_gives_the_same_bytes():
    assert ticket_bytes(SAMPLE_TICKET, 58) == ticket_bytes(SAMPLE_TICKET, 58)


def test_chinese_mode_is_switched_on_explicitly_and_text_is_gb18030():
    data = ticket_bytes(SAMPLE_TICKET)
    assert data.startswith(b"\x1b@\x1c&")
    assert "请到填单台参照3号模版填写《个人业务凭条》".encode("gb18030") in data


def test_modes_are_sent_only_when_they_change():
    data = ticket_bytes(SAMPLE_TICKET)
    assert data.count(b"\x1ba") == 3  # centre, left for the body, centre for the QR
    assert data.count(b"\x1d!") == 2  # the number's size and back


def test_58mm_wraps_the_same_words_into_32_columns():
    data = ticket_bytes(SAMPLE_TICKET, 58)
    for line in re.split(rb"\n", data):
        text = re.sub(rb"\x1b[aE].|\x1d!.|\x1d\(k..1.(?:0[^\x1d]*)?|\x1b@|\x1c&|\x1dVA.", b"", line, flags=re.S)
        assert len(text) <= 32, text
    assert b"\x1d(k\x03\x001C\x05" in data  # 5-dot QR modules on the narrow roll


def test_a_raster_qr_replaces_gs_k_with_a_bit_image_and_keeps_the_text():
    native, raster = ticket_bytes(SAMPLE_TICKET, qr="native"), ticket_bytes(SAMPLE_TICKET, qr="raster")
    assert b"\x1d(k" not in raster and b"\x1dv0\x00" in raster
    qr_at = native.index(b"\x1d(k")
    assert raster.startswith(native[:qr_at])
    assert 5 * len(native) < len(raster) < 12 * len(native)


def test_raster_text_sends_the_whole_ticket_as_full_width_bands_for_printers_without_chinese():
    data = ticket_bytes(SAMPLE_TICKET, capabilities=Capabilities(text="raster"))
    assert data.startswith(b"\x1b@\x1dv0\x00\x48\x00") and data.endswith(b"\x1dVA\x00")  # 72 bytes = 576 dots
    assert b"\x1c&" not in data and "个人".encode("gb18030") not in data


def test_capabilities_win_over_the_qr_shorthand():
    data = ticket_bytes(SAMPLE_TICKET, qr="native", capabilities=Capabilities(qr="raster"))
    assert b"\x1d(k" not in data


def test_the_slip_names_the_machine_and_ends_with_a_cut():
    data = slip_bytes(SAMPLE_SLIP)
    assert "自助存取款机".encode("gb18030") in data
    assert b"\x1d!\x11" in data and data.endswith(b"\x1dVA\x00")
    assert b"https://q.example.cn/help/cash-deposit" in data


def test_a_paper_width_other_than_58_or_80_is_refused():
    with pytest.raises(ValueError, match="58 or 80"):
        ticket_bytes(SAMPLE_TICKET, width_mm=76)
