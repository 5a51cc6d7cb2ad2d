"""The words the panels put on a ticket: tier, high value, elderly, declined diversion, and the form."""
from __future__ import annotations

from panel.names import Names, state_name, wait_text

CONFIG = {
    "branch": {"name_zh": "大安支行", "name_en": "Da'an Sub-branch"},
    "services": [{"code": "cash", "name_zh": "个人现金业务", "name_en": "Personal cash", "form_template": "3",
                  "form_name_zh": "个人业务凭条", "form_name_en": "Personal Banking Slip"},
                 {"code": "wealth", "name_zh": "理财顾问", "name_en": "Wealth adviser"}],
    "tiers": [{"code": "platinum", "name_zh": "白金客户", "name_en": "Platinum VIP"}],
    "decline_reasons": [{"code": "needs_passbook", "name_zh": "需要存折 / 现金", "name_en": "I need a passbook"}],
    "targets": [{"code": "cash_recycler", "name_zh": "存取款一体机", "name_en": "Cash recycler"}],
}


def test_a_platinum_elderly_customer_who_refused_the_machine_shows_every_flag():
    names = Names.from_config(CONFIG)
    ticket = {"tier": "platinum", "high_value": True, "elderly": True, "service": "cash",
              "declined": {"target": "cash_recycler", "reason": "needs_passbook"}}
    zh, en = names.flags_text(ticket).split("\n")
    assert zh == "白金客户  高价值  老年客户  拒绝分流至存取款一体机：需要存折 / 现金"
    assert en == "Platinum VIP  high value  elderly  declined Cash recycler: I need a passbook"


def test_an_ordinary_ticket_has_no_flags_and_names_its_form_template():
    names = Names.from_config(CONFIG)
    assert names.flags_text({"tier": "normal", "service": "cash"}) == ""
    assert names.form({"service": "cash"}) == ("填单模版 3 号 个人业务凭条", "form template 3 Personal Banking Slip")
    assert names.form({"service": "wealth"}) == ("无需填单", "no form needed")


def test_a_transferred_or_reinstated_ticket_says_so():
    names = Names.from_config(CONFIG)
    chips = names.flags({"transferred_from": "cash", "reinstated": 1})
    assert ("过号重排", "reinstated") in chips and ("由个人现金业务转入", "from Personal cash") in chips


def test_unknown_codes_fall_back_to_the_code_itself():
    names = Names()
    assert names.service("fx") == ("fx", "fx") and names.counter("9") == ("#9", "#9")
    assert state_name("missed") == ("过号", "missed") and wait_text(7.9) == ("已等 7 分钟", "7 min")
