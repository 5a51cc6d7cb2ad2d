"""The demo's scripted visitor picks the kiosk's buttons screen by screen, against the real flow and host.

Each step the visitor chooses is done the way its button does it (the .kv `on_release` / `on_choose`
call), so the visit reaches the real host; the window-side presser is covered by tests/test_demo_windows.py.
"""
from __future__ import annotations

from dataclasses import asdict

from demo.kiosk import DemoKiosk
from kiosk.autopilot import ScriptedVisitor
from queue_host.client import HostClient
from tests.test_demo_kiosk import visitor

BUTTONS = {"lang": "toggle_lang", "elderly": "toggle_elderly", "insist": "insist_counter", "done": "reset",
           "home": "back", "amount_ok": "confirm_amount"}
TILES = {"welcome": "choose_purpose", "amount": "choose_amount", "decline": "choose_reason"}


def walk(kiosk: DemoKiosk, fields: dict) -> tuple[list[tuple[str, str]], dict | None]:
    """Let the scripted visitor act until they have left; the steps taken and the answer handed over."""
    flow, person, steps = kiosk.flow, ScriptedVisitor(fields), []
    while not person.finished:
        kiosk._settle(lambda: not flow.busy)
        step = person.next_step(flow)
        steps.append((step.kind, step.target))
        if step.kind == "button" and step.target in ("next_page", "prev_page"):
            flow.turn_page(1 if step.target == "next_page" else -1)
        elif step.kind == "button":
            getattr(flow, BUTTONS[step.target])()
        elif step.kind == "tile":
            getattr(flow, TILES[flow.screen])(step.target)
        elif step.kind == "key":
            flow.amount_key(step.target)
        elif step.kind == "card":
            flow.card_read(step.target)
        elif step.kind == "reset":
            flow.reset()
        kiosk.inbox.drain()
    return steps, person.answer


def test_an_english_card_holder_with_large_cash_switches_language_swipes_and_takes_a_ticket(host):
    kiosk = DemoKiosk(HostClient(host.url, host.tokens["kiosk"]))
    try:
        steps, answer = walk(kiosk, {**asdict(visitor("cash", amount=30000, card="6222000000000001", lang="en")),
                                     "band": "over"})
    finally:
        kiosk.close()
    assert steps == [("button", "lang"), ("card", "6222000000000001"), ("tile", "cash"), ("key", "k3"),
                     ("key", "k0"), ("key", "k0"), ("key", "k0"), ("key", "k0"), ("button", "amount_ok"), ("answer", ""), ("wait", ""), ("wait", ""), ("wait", ""), ("button", "done")]
    assert answer["ticket"]["service"] == "vip"


def test_a_visitor_who_refuses_the_machine_presses_i_still_need_a_counter_and_gives_the_reason(host):
    kiosk = DemoKiosk(HostClient(host.url, host.tokens["kiosk"]))
    try:
        steps, answer = walk(kiosk, {**asdict(visitor("e_banking", insist=True, decline_reason="cannot_operate"))})
    finally:
        kiosk.close()
    assert ("button", "insist") in steps and ("tile", "cannot_operate") in steps
    assert answer["first"]["route"] == "self_service" and answer["ticket"]["declined"]["reason"] == "cannot_operate"


def test_an_elderly_visitor_turns_the_page_to_find_a_purpose_not_on_the_first(host):
    kiosk = DemoKiosk(HostClient(host.url, host.tokens["kiosk"]))
    try:
        steps, answer = walk(kiosk, asdict(visitor("other", elderly=True)))
    finally:
        kiosk.close()
    assert steps[0] == ("button", "elderly") and ("button", "next_page") in steps
    assert steps[-6] == ("tile", "other") and answer is not None


def test_the_next_visitor_first_leaves_what_the_last_one_left_on_screen(host):
    kiosk = DemoKiosk(HostClient(host.url, host.tokens["kiosk"]))
    try:
        kiosk.flow.choose_purpose("cash")  # someone walked away on the amount screen
        kiosk._settle(lambda: not kiosk.flow.busy)
        steps, answer = walk(kiosk, asdict(visitor("wealth")))
    finally:
        kiosk.close()
    assert steps[0] == ("reset", "") and ("tile", "wealth") in steps and answer["ticket"]["service"] == "wealth"
