"""What a ticket and a slip say, in which order, for 58 and 80 mm paper."""
from __future__ import annotations

import dataclasses

import pytest

from printer.blocks import Cut, Feed, Qr, Text, paper
from printer.compose import number_size, slip_blocks, ticket_blocks
from printer.sample import SAMPLE_SLIP, SAMPLE_TICKET
from printer.text import text_width

P80, P58 = paper(80), paper(58)


def lines(blocks):
    return [line for b in blocks if isinstance(b, Text) for line in b.lines]


def joined(blocks):
    return "\n".join(lines(blocks))


def test_the_ticket_says_everything_the_customer_needs():
    text = joined(ticket_blocks(SAMPLE_TICKET, P80))
    for needed in ("示例银行 北京西单支行", "个人现金业务", "Personal cash", "A012", "前面5人，约等15分钟",
                   "5 ahead, about 15 min", "请到填单台参照3号模版填写《个人业务凭条》", "位置：大厅左侧填单台",
                   "template 3", "请携带：本人身份证、银行卡", "Bring: ID card, bank card",
                   "2万元以下存取款可用自助机，免排队", SAMPLE_TICKET.no_show_rule_zh,
                   SAMPLE_TICKET.no_show_rule_en, "2026-11-23 09:41"):
        assert needed in text, needed


def test_the_qr_code_carries_the_status_address_and_the_ticket_ends_with_a_cut():
    blocks = ticket_blocks(SAMPLE_TICKET, P80)
    assert [b.content for b in blocks if isinstance(b, Qr)] == [SAMPLE_TICKET.status_url]
    assert isinstance(blocks[-1], Cut)


def test_a_ticket_without_a_status_address_prints_no_qr_code_but_still_the_time():
    blocks = ticket_blocks(dataclasses.replace(SAMPLE_TICKET, status_url=""), P80)
    assert not any(isinstance(b, Qr) for b in blocks) and "Scan" not in joined(blocks)
    assert "时间 Time 2026-11-23 09:41" in joined(blocks)


def test_chinese_comes_first_and_english_second():
    text = lines(ticket_blocks(SAMPLE_TICKET, P80))
    assert text.index("个人现金业务") + 1 == text.index("Personal cash")
    assert text.index(SAMPLE_TICKET.no_show_rule_zh) + 1 == text.index(SAMPLE_TICKET.no_show_rule_en)


def test_the_number_is_the_largest_thing_on_the_ticket():
    texts = [b for b in ticket_blocks(SAMPLE_TICKET, P80) if isinstance(b, Text)]
    number = next(b for b in texts if b.lines == ("A012",))
    assert number.height == 6 and all(b.height < 6 for b in texts if b is not number)


@pytest.mark.parametrize("number, p, size", [("A012", P80, 6), ("A012", P58, 6), ("VA012", P58, 6),
                                             ("VIP0123", P58, 4), ("A0123456789", P80, 4)])
def test_the_number_is_as_large_as_fits_one_line(number, p, size):
    assert number_size(p, number) == size
    assert text_width(number) * 12 * size <= p.dots


@pytest.mark.parametrize("p", [P80, P58])
def test_every_line_fits_the_paper_at_its_size(p):
    for block in ticket_blocks(SAMPLE_TICKET, p) + slip_blocks(SAMPLE_SLIP, p):
        if isinstance(block, Text):
            assert all(text_width(line) * 12 * block.width <= p.dots for line in block.lines)


def test_a_service_without_a_form_prints_no_form_lines():
    t = dataclasses.replace(SAMPLE_TICKET, form_template_no=None)
    assert "填单" not in joined(ticket_blocks(t, P80)) and "template" not in joined(ticket_blocks(t, P80))


def test_a_form_without_a_name_still_says_which_template():
    t = dataclasses.replace(SAMPLE_TICKET, form_name_zh=None, form_name_en=None, form_desk_zh=None)
    text = joined(ticket_blocks(t, P80))
    assert "请到填单台参照3号模版填写单据" in text and "Form: template 3 (lobby, left side)" in text


def test_the_tip_and_english_documents_are_optional():
    t = dataclasses.replace(SAMPLE_TICKET, tip_zh=None, tip_en=None, documents_en=())
    text = joined(ticket_blocks(t, P80))
    assert "自助机" not in text and "Bring" not in text and "请携带" in text


def test_a_customer_with_no_one_ahead_is_told_so_in_the_kiosks_and_phones_words_without_minutes():
    text = joined(ticket_blocks(dataclasses.replace(SAMPLE_TICKET, people_ahead=0, wait_minutes=1), P80))
    assert "前面没有人等候，马上就到您" in text and "Nobody ahead of you. You are next" in text
    assert "分钟" not in text and "min" not in text


def test_the_tier_is_printed_beside_the_service():
    text = joined(ticket_blocks(dataclasses.replace(SAMPLE_TICKET, tier_zh="贵宾"), P80))
    assert "个人现金业务 · 贵宾" in text


def test_the_slip_says_where_to_go_and_the_steps_in_both_languages():
    blocks = slip_blocks(SAMPLE_SLIP, P80)
    text = lines(blocks)
    assert text[text.index("请前往： Go to:") + 1:][:2] == ["自助存取款机", "cash recycler"]
    assert next(b for b in blocks if isinstance(b, Text) and b.lines == ("自助存取款机",)).height == 2
    assert "位置：大厅右侧，自助区 2 号机" in text
    steps = [line for line in text if line[:2] in ("1.", "2.", "3.")]
    assert steps == ["1. 插入银行卡，输入密码", "1. Insert card, enter PIN", "2. 选择“存款”，放入现金",
                     "2. Choose Deposit, put in cash", "3. 核对金额后确认，取回银行卡", "3. Check amount, confirm, take card"]
    assert any(isinstance(b, Qr) for b in blocks) and isinstance(blocks[-1], Cut)


def test_a_slip_without_a_qr_address_has_no_qr_code():
    blocks = slip_blocks(dataclasses.replace(SAMPLE_SLIP, qr_url=None), P58)
    assert not any(isinstance(b, Qr) for b in blocks)
    assert any(isinstance(b, Feed) for b in blocks)


def test_a_ticket_issued_without_the_queue_host_claims_no_queue_length():
    offline = dataclasses.replace(SAMPLE_TICKET, people_ahead=-1, tip_zh="大厅屏幕可能稍后才叫到您",
                                  tip_en="The display may call you late")
    text = joined(ticket_blocks(offline, P80))
    assert "前面" not in text and "ahead" not in text
    assert text.index("大厅屏幕可能稍后才叫到您") < text.index("The display may call you late")
