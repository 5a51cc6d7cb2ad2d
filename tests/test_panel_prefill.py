"""The teller's panel shows the kiosk's pre-filled remittance form when it calls that ticket (no window)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from panel.counter_flow import CounterFlow
from panel.names import Names
from queue_host.client import HostClient

FORM = {"payee_name": "张伟", "payee_account": "6222020200112345679", "bank": "中国建设银行",
        "payer_card": "**** **** **** 0009"}


def test_calling_a_prefilled_ticket_shows_the_payee_account_and_bank_and_forgets_them_after(host):
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    ticket = kiosk.visit("transfer", amount_cny=50000)["ticket"]
    kiosk.post(f"/api/tickets/{ticket['id']}/prefill", FORM)
    plain = kiosk.visit("cash", amount_cny=30000)["ticket"]
    teller = CounterFlow(HostClient(host.url, host.tokens["counter-1"]), "1", Names.from_config(kiosk.config()))
    teller.refresh()
    assert teller.call_next().ok
    number, details = teller.current_text()
    assert number == ticket["number"]
    assert "收款人 张伟" in details and "6222 0202 0011 2345 679" in details and "中国建设银行" in details
    assert "**** **** **** 0009" in details
    assert teller.call_next().ok  # finishes the remittance, calls the cash customer
    number, details = teller.current_text()
    assert number == plain["number"] and "预填" not in details and teller.prefill is None


# ---------------------------------------------------------------- the panel in a real window
def scenario_panel_prefill(driver, url: str, token: str, shots: str, tmp: str):
    from panel.app import PanelApp
    from panel.session import Session
    app = driver.start(PanelApp(url, Session(url, token, "counter", "1", "teller"), printer=f"preview:{tmp}/reprints",
                                export_dir=Path(tmp) / "exports"))
    driver.wait_until(lambda: app.root.current == "counter" and app.counter and app.counter.view.name_zh,
                      what="counter mode")
    screen = app.root.current_screen
    driver.tap(driver.find(id="call_next"))
    driver.wait_until(lambda: "预填汇款" in screen.details, what="the pre-fill on the panel")
    driver.screenshot(f"{shots}/panel-counter-prefill.png")
    button = driver.find(id="correct_prefill")
    can_correct = button.opacity == 1 and not button.disabled
    driver.tap(button)
    popup = driver.wait_until(lambda: driver.find_all(cls="PrefillPopup"), what="the correction popup")[0]
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-counter-prefill-correct.png")
    return {"number": screen.number, "details": screen.details, "can_correct": can_correct,
            "popup": [popup.ids.name.text, popup.ids.account.text, popup.bank]}


@pytest.mark.gui
def test_the_panel_shows_the_prefill_in_a_real_window(host, tmp_path):
    from tests.gui_harness import run_scenario
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    ticket = kiosk.visit("transfer", amount_cny=50000)["ticket"]
    kiosk.post(f"/api/tickets/{ticket['id']}/prefill", FORM)
    shots = os.environ.get("FENLIU_SCREENSHOTS") or str(tmp_path / "shots")
    out = run_scenario(__file__, "scenario_panel_prefill", tmp_path=tmp_path,
                       kwargs={"url": host.url, "token": host.tokens["counter-1"], "shots": shots, "tmp": str(tmp_path)})
    assert out["number"] == ticket["number"] and "收款人 张伟" in out["details"]
    assert out["can_correct"]  # the teller sees the button to correct the form with the customer
    assert out["popup"] == ["张伟", FORM["payee_account"], "中国建设银行"]  # the form as handed in, to correct


def test_the_teller_corrects_the_payee_with_the_customer_and_a_wrong_account_changes_nothing(host):
    from panel.prefill_fix import PrefillCorrection
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    ticket = kiosk.visit("transfer", amount_cny=50000)["ticket"]
    kiosk.post(f"/api/tickets/{ticket['id']}/prefill", FORM)
    teller = CounterFlow(HostClient(host.url, host.tokens["counter-1"]), "1", Names.from_config(kiosk.config()))
    teller.refresh()
    assert teller.call_next().ok
    fix = PrefillCorrection(teller.client, teller)
    wrong = fix.correct("张伟", "6222020200112345678", "中国建设银行")  # check digit wrong
    assert not wrong.ok and "check digit" in wrong.message_en
    assert "6222 0202 0011 2345 679" in teller.current_text()[1]
    fixed = fix.correct("张玮", "6222 0202 0011 2233 446", "中国银行")
    assert fixed.ok
    details = teller.current_text()[1]
    assert "收款人 张玮" in details and "6222 0202 0011 2233 446" in details and "中国银行" in details
    manager = HostClient(host.url, host.tokens["manager"])
    entry = next(e for e in manager.get("/api/audit")["entries"] if e["action"] == "prefill_correct")
    assert "****5679" in entry["reason"] and "****3446" in entry["reason"]
