"""The sample ticket and slip are realistic: every optional line is filled, as a busy branch would."""
from __future__ import annotations

import dataclasses

from printer.sample import SAMPLE_SLIP, SAMPLE_TICKET


def test_the_sample_ticket_fills_every_field_but_the_tier():
    empty = [f.name for f in dataclasses.fields(SAMPLE_TICKET) if getattr(SAMPLE_TICKET, f.name) in (None, "", ())]
    assert empty == ["tier_zh"]


def test_the_sample_ticket_asks_for_template_3_and_an_id_card():
    assert SAMPLE_TICKET.form_template_no == "3" and SAMPLE_TICKET.form_name_zh == "个人业务凭条"
    assert "本人身份证" in SAMPLE_TICKET.documents_zh


def test_the_sample_slip_has_steps_in_both_languages_and_a_qr_address():
    assert len(SAMPLE_SLIP.steps_zh) == len(SAMPLE_SLIP.steps_en) == 3
    assert SAMPLE_SLIP.qr_url.startswith("https://")
