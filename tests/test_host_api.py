"""The HTTP API against the real host process on a loopback port with a real SQLite file."""
from __future__ import annotations

import threading
import time

import requests

from queue_host.client import EventStream, HostClient, HostError


def post(host, path, who, body=None, **kw):
    return requests.post(host.url + path, json=body if body is not None else {}, headers=host.headers(who),
                         timeout=5, **kw)


def get(host, path, who="display", **kw):
    return requests.get(host.url + path, headers=host.headers(who), timeout=5, **kw)


def big_cash(host, who="kiosk", **extra):
    return post(host, "/api/visits", who, {"purpose": "cash", "amount_cny": 30000, **extra})


def test_health_and_the_openapi_document_answer_without_a_token(host):
    health = requests.get(host.url + "/api/health", timeout=5).json()
    assert health["status"] == "ok" and health["day"]
    paths = requests.get(host.url + "/openapi.json", timeout=5).json()["paths"]
    for route in ("/api/visits", "/api/queues", "/api/counters/{counter_id}/call-next",
                  "/api/tickets/{ticket_id}/recall", "/api/tickets/{ticket_id}/no-show", "/api/events", "/t/{code}"):
        assert route in paths


def test_a_visit_gets_a_ticket_that_the_snapshot_then_shows(host):
    ticket = big_cash(host).json()["ticket"]
    assert ticket["number"] == "A001" and ticket["status_url"].endswith("/t/" + ticket["code"])
    snap = get(host, "/api/queues").json()
    cash = next(s for s in snap["services"] if s["code"] == "cash")
    assert cash["waiting"] == 1 and cash["tickets"][0]["number"] == "A001"


def test_a_missing_or_unknown_token_is_refused_with_401_and_a_clear_message(host):
    r = requests.post(host.url + "/api/visits", json={"purpose": "cash"}, timeout=5)
    assert r.status_code == 401 and "Authorization: Bearer" in r.json()["message_en"]
    r = requests.get(host.url + "/api/queues", headers={"Authorization": "Bearer wrong-token-123"}, timeout=5)
    assert r.status_code == 401 and r.json()["message_zh"] == "令牌无效"


def test_roles_are_kept_apart(host):
    big_cash(host)
    assert post(host, "/api/counters/1/call-next", "kiosk").status_code == 403
    assert post(host, "/api/visits", "display", {"purpose": "cash", "amount_cny": 1}).status_code == 403
    assert post(host, "/api/counters/1/call-next", "counter-2").status_code == 403
    ticket = post(host, "/api/counters/1/call-next", "counter-1").json()["ticket"]
    assert post(host, f"/api/tickets/{ticket['id']}/finish", "counter-2").status_code == 403
    assert post(host, f"/api/tickets/{ticket['id']}/cancel", "counter-1", {"reason": "x"}).status_code == 403
    assert post(host, f"/api/tickets/{ticket['id']}/finish", "counter-1").json()["state"] == "finished"


def test_the_kiosk_at_the_door_may_not_read_the_live_log_but_the_staff_and_screens_may(host):
    big_cash(host)
    r = requests.get(host.url + "/api/events?after=0", headers=host.headers("kiosk"), stream=True, timeout=5)
    assert r.status_code == 403 and "display or counter or manager" in r.json()["message_en"]
    for who in ("display", "counter-1", "manager", "screen-1"):
        with requests.get(host.url + "/api/events?after=0", headers=host.headers(who), stream=True, timeout=5) as r:
            assert r.status_code == 200, who
            assert next(r.iter_lines(decode_unicode=True)) == ": connected"


def test_bad_input_gets_a_4xx_that_says_what_was_wrong_and_changes_nothing(host):
    r = requests.post(host.url + "/api/visits", data="{not json", timeout=5,
                      headers={**host.headers("kiosk"), "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "invalid"
    r = post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": -5})
    assert r.status_code == 422 and "amount_cny" in r.json()["message_en"]
    r = post(host, "/api/visits", "kiosk", {"purpose": "mortgage-magic"})
    assert r.status_code == 422 and "cash" in r.json()["message_en"]
    r = post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": "lots"})
    assert r.status_code == 422 and "amount_cny" in r.json()["message_en"]
    ticket = big_cash(host).json()["ticket"]
    r = post(host, f"/api/tickets/{ticket['id']}/finish", "manager", {})
    assert r.status_code == 409 and "waiting" in r.json()["message_en"] and r.json()["message_zh"]
    r = post(host, f"/api/tickets/{ticket['id']}/transfer", "manager", {"service": "nowhere"})
    assert r.status_code == 422
    assert post(host, "/api/tickets/999/recall", "manager").status_code == 404
    assert get(host, f"/api/tickets/{ticket['id']}", "manager").json()["state"] == "waiting"
    stats = get(host, "/api/stats", "manager").json()
    assert stats["visits"] == 1 and stats["tickets"] == 1


def test_too_many_visits_from_one_kiosk_in_a_minute_get_429(tmp_path):
    from tests.hostproc import start_host
    config = tmp_path / "branch.toml"
    from queue_host.config import DEFAULT_PATH
    config.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "kiosk_visits_per_minute = 60", "kiosk_visits_per_minute = 5"), encoding="utf-8")
    host = start_host(tmp_path, config_path=config)
    try:
        codes = [post(host, "/api/visits", "kiosk", {"purpose": "card_opening"}).status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        r = post(host, "/api/visits", "kiosk", {"purpose": "card_opening"})
        assert int(r.headers["Retry-After"]) > 0 and "visits a minute" in r.json()["message_en"]
        assert post(host, "/api/visits", "manager", {"purpose": "card_opening"}).status_code == 200
    finally:
        host.stop()


def test_the_ticket_status_page_shows_people_ahead_and_then_the_counter(host):
    codes = [big_cash(host).json()["ticket"]["code"] for _ in range(3)]
    page = requests.get(f"{host.url}/t/{codes[2]}", timeout=5)
    assert "A003" in page.text and '前面还有 <b id="ahead">2</b> 人' in page.text
    post(host, "/api/counters/2/call-next", "counter-2")
    state = requests.get(f"{host.url}/t/{codes[0]}", headers={"Accept": "application/json"}, timeout=5).json()
    assert state["state"] == "called" and state["counter_name_zh"] == "2号窗口"
    assert requests.get(f"{host.url}/t/NOSUCHXX", timeout=5).status_code == 404


def test_overrides_need_a_reason_and_land_in_the_audit_log(host):
    ticket = big_cash(host).json()["ticket"]
    r = post(host, f"/api/tickets/{ticket['id']}/cancel", "manager", {})
    assert r.status_code == 422 and r.json()["detail"]["field"] == "reason"
    assert post(host, f"/api/tickets/{ticket['id']}/cancel", "manager", {"reason": "重复取号"}).status_code == 200
    post(host, "/api/targets/cash_recycler/suspend", "manager", {"reason": "ATM out of cash"})
    entries = get(host, "/api/audit", "manager").json()["entries"]
    assert [(e["action"], e["target"], e["reason"]) for e in entries] == [
        ("suspend", "cash_recycler", "ATM out of cash"), ("cancel", "A001", "重复取号")]
    assert get(host, "/api/audit", "counter-1").status_code == 403


def test_a_suspended_atm_sends_small_cash_to_the_counter_until_resumed(host):
    post(host, "/api/targets/cash_recycler/suspend", "manager", {"reason": "out of cash"})
    assert big_cash(host, amount_cny=500).json()["route"] == "counter"
    post(host, "/api/targets/cash_recycler/resume", "manager", {"reason": "refilled"})
    assert big_cash(host, amount_cny=500).json()["route"] == "self_service"


def test_a_staff_id_and_pin_sign_in_and_wrong_pins_make_that_address_wait(host):
    def signin(staff, pin):
        return requests.post(host.url + "/api/signin", json={"staff": staff, "pin": pin}, timeout=5)
    ok = signin("counter-1", "1111").json()
    assert ok["role"] == "counter" and ok["counter"] == "1" and ok["staff"] == "counter-1"
    assert requests.get(host.url + "/api/audit", headers={"Authorization": f"Bearer {ok['token']}"},
                        timeout=5).status_code == 403
    codes = [signin("counter-1", "0000").status_code for _ in range(4)]
    assert codes == [401] * 3 + [429]
    early = signin("counter-1", "1111")
    assert early.status_code == 429 and int(early.headers["Retry-After"]) > 0


def test_leads_need_consent_and_export_as_csv(host):
    ticket = big_cash(host, amount_cny=90000).json()["ticket"]
    lead = {"name": "王先生", "contact": "13800000000", "need": "大额存单", "ticket_id": ticket["id"]}
    assert post(host, "/api/leads", "manager", {**lead, "consent": False}).status_code == 422
    assert post(host, "/api/leads", "manager", {**lead, "consent": True}).status_code == 200
    csv_text = get(host, "/api/leads.csv", "manager").content.decode("utf-8-sig")
    assert "王先生" in csv_text and "A001" in csv_text


def test_a_kiosk_printer_fault_is_an_alert_until_cleared(host):
    client = HostClient(host.url, host.tokens["kiosk"])
    client.raise_alert("printer_fault", "取号机打印机缺纸", "kiosk printer out of paper", key="kiosk-1")
    client.raise_alert("printer_fault", "取号机打印机缺纸", "kiosk printer out of paper", key="kiosk-1")
    manager = HostClient(host.url, host.tokens["manager"])
    open_alerts = manager.alerts()
    assert [a["kind"] for a in open_alerts] == ["printer_fault"]
    manager.post(f"/api/alerts/{open_alerts[0]['id']}/clear")
    assert manager.alerts() == []


def test_the_event_stream_replays_from_last_event_id_after_a_host_restart(host):
    for _ in range(3):
        big_cash(host)
    seen, stream = [], EventStream(host.url, host.tokens["manager"], last_event_id=1, retry_s=0.1)
    follower = threading.Thread(target=lambda: [seen.append(e) for e in stream], daemon=True)
    follower.start()
    counter = HostClient(host.url, host.tokens["counter-1"])
    counter.call_next("1")
    host.restart()
    counter.call_next("1")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len([e for e in seen if e.kind == "called"]) < 2:
        time.sleep(0.05)
    stream.stop()
    assert [e.seq for e in seen] == list(range(2, 2 + len(seen)))
    calls = [e.data["ticket"]["number"] for e in seen if e.kind == "called"]
    assert calls == ["A001", "A002"]


def test_the_client_turns_errors_into_host_errors_with_both_languages(host):
    client = HostClient(host.url, host.tokens["counter-1"])
    try:
        client.act(12345, "finish")
    except HostError as exc:
        assert exc.status == 404 and exc.message_zh and exc.message_en
    else:
        raise AssertionError("no error")


def test_a_reprint_asks_a_reason_and_is_audited(host):
    ticket = big_cash(host).json()["ticket"]
    assert post(host, f"/api/tickets/{ticket['id']}/reprint", "manager", {}).status_code == 422
    again = post(host, f"/api/tickets/{ticket['id']}/reprint", "manager", {"reason": "卡纸"}).json()
    assert again["number"] == "A001" and again["state"] == "waiting"
    assert get(host, "/api/audit", "manager").json()["entries"][0]["action"] == "reprint"


def test_call_next_with_the_screens_current_ticket_refuses_a_double_press(host):
    big_cash(host)
    big_cash(host)
    first = post(host, "/api/counters/1/call-next", "counter-1", {"expect_current": None})
    again = post(host, "/api/counters/1/call-next", "counter-1", {"expect_current": None})
    assert first.status_code == 200 and again.status_code == 409 and "A001" in again.json()["message_zh"]
    assert post(host, "/api/counters/1/call-next", "counter-1").json()["ticket"]["number"] == "A002"
