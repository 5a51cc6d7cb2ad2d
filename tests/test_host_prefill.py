"""Pre-filled remittance forms on the real host: checked, read only by the serving teller, dropped at
the end, and never in the event log, the database or the host's log."""
from __future__ import annotations

import requests

from queue_host.prefill import luhn_ok

ACCOUNT = "6222020200112345679"  # a made-up number with a right check digit
NAME = "张伟明"
FORM = {"payee_name": NAME, "payee_account": ACCOUNT, "bank": "中国建设银行", "payer_card": "**** **** 0001"}


def post(host, path, who, body=None):
    return requests.post(host.url + path, json=body if body is not None else {}, headers=host.headers(who), timeout=5)


def get(host, path, who):
    return requests.get(host.url + path, headers=host.headers(who), timeout=5)


def remittance_ticket(host):
    visit = post(host, "/api/visits", "kiosk", {"purpose": "transfer", "amount_cny": 50000}).json()
    assert visit["ticket"]["prefill"] == "remittance"
    return visit["ticket"]


def test_the_luhn_check_accepts_a_right_number_and_refuses_one_typo():
    assert luhn_ok(ACCOUNT) and not luhn_ok(ACCOUNT[:-1] + "8") and not luhn_ok("62220202001123456x")


def test_the_teller_who_calls_the_ticket_reads_the_prefill_and_nobody_else(host):
    ticket = remittance_ticket(host)
    assert post(host, f"/api/tickets/{ticket['id']}/prefill", "kiosk", FORM).json()["held"] is True
    assert get(host, f"/api/tickets/{ticket['id']}/prefill", "counter-1").status_code == 403  # not called yet
    called = post(host, "/api/counters/1/call-next", "counter-1").json()["ticket"]
    assert called["id"] == ticket["id"] and called["prefilled"] is True
    seen = get(host, f"/api/tickets/{ticket['id']}/prefill", "counter-1").json()
    assert (seen["payee_name"], seen["payee_account"], seen["bank"]) == (NAME, ACCOUNT, "中国建设银行")
    assert seen["payer_card"].endswith("0001") and "6222000000000001" not in str(seen)
    for who in ("counter-2", "display", "kiosk", "screen-1"):
        assert get(host, f"/api/tickets/{ticket['id']}/prefill", who).status_code == 403, who
    post(host, f"/api/tickets/{ticket['id']}/finish", "counter-1")
    gone = get(host, f"/api/tickets/{ticket['id']}/prefill", "manager")
    assert gone.status_code == 409 and "no pre-fill" in gone.json()["message_en"]


def test_a_wrong_field_is_refused_naming_it_and_nothing_is_kept(host):
    ticket = remittance_ticket(host)
    path = f"/api/tickets/{ticket['id']}/prefill"
    bad = post(host, path, "kiosk", {**FORM, "payee_account": ACCOUNT[:-1] + "8"})
    assert bad.status_code == 422 and bad.json()["message_zh"].startswith("收款账号校验位")
    assert ACCOUNT[:-1] not in bad.text  # the number is not echoed back
    assert post(host, path, "kiosk", {**FORM, "bank": "Bank of Nowhere"}).status_code == 422
    assert post(host, path, "kiosk", {**FORM, "payer_card": "6222000000000001"}).status_code == 422
    assert post(host, path, "kiosk", {**FORM, "payee_name": "Zhang"}).status_code == 422
    assert post(host, path, "kiosk", {**FORM, "cvv": "123"}).status_code == 422
    assert post(host, path, "counter-1", FORM).status_code == 403
    assert get(host, path, "manager").status_code == 409
    cash = post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000}).json()["ticket"]
    assert post(host, f"/api/tickets/{cash['id']}/prefill", "kiosk", FORM).status_code == 422  # not prefillable


def test_the_prefill_is_never_in_the_event_log_the_database_or_the_host_log(host):
    ticket = remittance_ticket(host)
    post(host, f"/api/tickets/{ticket['id']}/prefill", "kiosk", FORM)
    post(host, "/api/counters/1/call-next", "counter-1")
    get(host, f"/api/tickets/{ticket['id']}/prefill", "counter-1")
    post(host, f"/api/tickets/{ticket['id']}/prefill", "kiosk", {**FORM, "payee_account": "12"})  # a refusal too
    events = requests.get(host.url + "/api/events?after=0", headers=host.headers("display"), stream=True, timeout=5)
    with events:
        text = ""
        for chunk in events.iter_content(chunk_size=None, decode_unicode=True):
            text += chunk
            if '"kind": "called"' in text or '"kind":"called"' in text:
                break
    host.stop()  # everything is on disk now
    stored = b"".join(p.read_bytes() for p in host.db_path.parent.glob(host.db_path.name + "*"))
    logged = host.log_path.read_text(encoding="utf-8")
    for secret in (NAME, ACCOUNT, ACCOUNT[-8:]):
        assert secret not in text and secret.encode() not in stored and secret not in logged
