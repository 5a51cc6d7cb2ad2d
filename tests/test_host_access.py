"""The access declaration, tried as an attacker on the branch LAN would: every route with every identity
(no token, each device, a teller of another counter, the manager), on a real host on loopback.

The cases are generated from queue_host/access.py: a route added there is tried here; a route the host
serves without a declaration cannot be built at all."""
from __future__ import annotations

import json
import re
import threading

import pytest
import requests

from contract.events import READERS, for_reader
from contract.shape import shape
from queue_host.access import ANYONE, LOOPBACK, RULES
from queue_host.hashing import hash_secret
from tests.hostproc import DEFAULT_CONFIG, start_host

KIOSK_2 = "kiosk-two-secret-token-0123456789"
# Who tries: the token key of tests.hostproc (None: no token) and the role the host knows it by.
IDENTITIES = {"nobody": (None, None), "kiosk": ("kiosk", "kiosk"), "display": ("display", "display"),
              "teller-1": ("counter-1", "counter"), "teller-2": ("counter-2", "counter"),
              "screen-1": ("screen-1", "counter_screen"), "screen-2": ("screen-2", "counter_screen"),
              "manager": ("manager", "manager")}
OWN_COUNTER = "1"  # the counter in every path; teller-1 and screen-1 are its own, teller-2 and screen-2 not


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    """A host with a second kiosk, one served ticket at counter 1 and others waiting."""
    tmp = tmp_path_factory.mktemp("access")
    config = tmp / "branch.toml"
    # Hundreds of visits in a few seconds: the per-kiosk limit (tested on its own elsewhere) is lifted here.
    shipped = DEFAULT_CONFIG.read_text(encoding="utf-8").replace("kiosk_visits_per_minute = 60",
                                                                 "kiosk_visits_per_minute = 100000")
    config.write_text(shipped + f'''
[[tokens]]
id = "kiosk-2"
token_hash = "{hash_secret(KIOSK_2, 'token')}"
role = "kiosk"
name = "second kiosk"
''', encoding="utf-8")
    host = start_host(tmp, config_path=config)
    try:
        host.tokens["kiosk-2"] = KIOSK_2
        host.ctx = prepare(host)
        yield host
    finally:
        host.stop()


def post(host, who: str | None, path: str, body=None) -> requests.Response:
    return requests.post(host.url + path, json=body or {}, timeout=5, headers=auth(host, who))


def remittance(host) -> dict:
    """A fresh remittance ticket with its form handed in by the kiosk that printed it."""
    ticket = post(host, "kiosk", "/api/visits", {"purpose": "transfer", "amount_cny": 30000}).json()["ticket"]
    assert post(host, "kiosk", f"/api/tickets/{ticket['id']}/prefill", FORM).ok
    return ticket


def served_at_counter_1(host) -> dict:
    """A fresh remittance (with its form) called at counter 1 right now."""
    ticket = remittance(host)
    called = post(host, "manager", "/api/counters/1/call", {"ticket_id": ticket["id"], "reason": "test"})
    assert called.ok, called.text
    return ticket


def prepare(host) -> dict:
    """Three waiting tickets, one of another kiosk, one served at counter 1."""
    first = remittance(host)
    waiting = [post(host, "kiosk", "/api/visits", {"purpose": "card_loss"}).json()["ticket"] for _ in range(3)]
    post(host, "kiosk-2", "/api/visits", {"purpose": "card_loss"})
    served = post(host, "counter-1", "/api/counters/1/call-next").json()["ticket"]
    return {"waiting": waiting, "served": served, "codes": {first["code"], *(t["code"] for t in waiting)}}


def auth(host, who: str | None) -> dict:
    return {"Authorization": f"Bearer {host.tokens[who]}"} if who else {}


def first_bank(host) -> str:
    banks = requests.get(host.url + "/api/config", headers=auth(host, "kiosk"), timeout=5).json()["prefill"]["banks"]
    return banks[0] if isinstance(banks[0], str) else banks[0]["code"]


def concrete(host, path: str) -> str:
    """The declared path with real values: counter 1, a ticket served there right now, a real phone code."""
    ctx = host.ctx
    values = {"counter_id": OWN_COUNTER, "code": ctx["waiting"][-1]["code"], "staff_id": "counter-3", "alert_id": "1"}
    if "{ticket_id}" in path:
        values["ticket_id"] = str(served_at_counter_1(host)["id"])
    if path.startswith("/api/targets/"):
        values["code"] = "cash_recycler"
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


FORM = {"payee_name": "张三", "payee_account": "6222020200112233446", "bank": "中国工商银行"}
BODIES = {("POST", "/api/tickets/{ticket_id}/transfer"): {"service": "noncash"},
          ("PUT", "/api/tickets/{ticket_id}/prefill"): FORM}


def call(host, method: str, path: str, who: str | None, body=None) -> requests.Response:
    """One request (with a valid body where the route needs one); event streams are only opened."""
    body = BODIES.get((method, path), body)
    url = host.url + concrete(host, path)
    stream = path.endswith("/events")
    response = requests.request(method, url, headers=auth(host, who), json=body if method != "GET" else None,
                                timeout=5, stream=stream)
    if stream:
        response.close()
    return response


CASES = [(method, path, name) for (method, path) in sorted(RULES) for name in IDENTITIES
         if path not in ("/metrics", "/openapi.json")]  # these two admit the host's own machine: see below


@pytest.mark.parametrize("method,path,name", CASES, ids=[f"{m} {p} as {n}" for m, p, n in CASES])
def test_every_route_admits_exactly_whom_the_declaration_names(lobby, method, path, name):
    key, role = IDENTITIES[name]
    rule = RULES[(method, path)]
    response = call(lobby, method, path, key)
    admitted = ANYONE in rule.answers or (role in rule.answers)
    mine = name.endswith("-1")
    other_counter = (rule.own_counter and role in ("counter", "counter_screen") and not mine
                     or rule.ticket_at_counter and role == "counter" and not mine)
    if not admitted and role is None:
        assert response.status_code == 401, response.text
    elif not admitted or other_counter:
        assert response.status_code == 403, response.text
    else:
        assert response.status_code not in (401, 403), response.text
        model = rule.model_for(role)
        if response.ok and model is not None and "json" in response.headers.get("content-type", ""):
            data = response.json()
            assert data == shape(model, data), f"{name} received fields {model.__name__} does not declare"
            model.model_validate(data)


@pytest.mark.parametrize("path", ["/metrics", "/openapi.json"])
def test_the_hosts_own_pages_answer_on_its_machine_and_otherwise_need_a_token(lobby, path):
    assert requests.get(lobby.url + path, timeout=5).status_code == 200  # the test runs on the host's machine
    assert requests.get(lobby.url + path, headers={"Authorization": "Bearer nonsense"}, timeout=5).status_code == 401


def test_no_device_but_the_kiosk_that_printed_it_and_the_manager_ever_sees_a_phone_code(lobby):
    codes = lobby.ctx["codes"]
    seen: dict[str, str] = {}
    for (method, path), rule in RULES.items():
        if method != "GET" or path.startswith("/t/") or path.endswith("/events"):
            continue
        for name, (key, role) in IDENTITIES.items():
            if name in ("manager", "nobody"):
                continue
            text = call(lobby, method, path, key).text
            seen.update({code: f"{name} GET {path}" for code in codes if code in text})
    for name in ("display", "teller-1", "screen-1"):
        text = read_events(lobby, IDENTITIES[name][0])
        seen.update({code: f"{name} event stream" for code in codes if code in text})
    assert seen == {}


def read_events(host, who: str) -> str:
    """The event stream's text from the start up to a counter 1 pause made now (every reader sees that one)."""
    post(host, "manager", "/api/counters/1/pause", {"reason": "test"})
    post(host, "manager", "/api/counters/1/resume", {"reason": "test"})
    lines = []
    with requests.get(host.url + "/api/events?after=0", headers=auth(host, who), stream=True, timeout=5) as r:
        for line in r.iter_lines(decode_unicode=True):
            lines.append(line)
            if line == "event: counter_resumed":
                break
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["display", "teller-1", "screen-1", "manager"])
def test_each_reader_of_the_event_stream_gets_only_its_audiences_fields(lobby, name):
    key, role = IDENTITIES[name]
    text = read_events(lobby, key)
    events = [json.loads(line[5:]) for line in text.splitlines() if line.startswith("data:")]
    assert events, "the stream sent nothing"
    model = READERS[role]
    for event in events:
        assert event == shape(model, event)
    if role == "counter_screen":
        assert {e["kind"] for e in events} <= {"called", "recalled", "finished", "missed", "counter_paused",
                                               "counter_resumed", "rated", "transferred", "parked", "cancelled",
                                               "day_reset"}
    if role == "display":
        assert all("tier" not in (e.get("ticket") or {}) and "note" not in (e.get("ticket") or {}) for e in events)


def test_a_counter_screen_hears_nothing_of_another_counters_calls():
    event = {"seq": 5, "kind": "called", "at": "", "counter": "2", "ticket": {"id": 1, "number": "A001"}}
    assert for_reader("counter_screen", "1", event) is None
    assert for_reader("counter_screen", "2", event) == {"seq": 5, "kind": "called", "at": "", "counter": "2"}


def test_a_kiosk_cannot_rewrite_a_remittance_once_handed_in(lobby):
    ticket = remittance(lobby)
    body = {"payee_name": "李四", "payee_account": "6222020200112233446", "bank": first_bank(lobby)}
    again = requests.post(f"{lobby.url}/api/tickets/{ticket['id']}/prefill", json=body, headers=auth(lobby, "kiosk"),
                          timeout=5)
    assert again.status_code == 409 and "teller" in again.json()["message_en"]
    other = requests.post(f"{lobby.url}/api/tickets/{lobby.ctx['waiting'][0]['id']}/prefill", json=body,
                          headers=auth(lobby, "kiosk-2"), timeout=5)
    assert other.status_code == 403


def test_a_counter_screen_rates_only_the_visit_it_is_showing(lobby):
    first, second = served_at_counter_1(lobby), remittance(lobby)
    post(lobby, "manager", "/api/counters/1/call", {"ticket_id": second["id"], "reason": "test"})  # first finished
    post(lobby, "counter-1", f"/api/tickets/{second['id']}/finish")  # the screen now asks about the second
    older = post(lobby, "screen-1", "/api/counters/1/ratings", {"ticket_id": first["id"], "rating": "dissatisfied"})
    assert older.status_code == 409 and "not the visit this screen is asking about" in older.json()["message_en"]
    shown = requests.get(lobby.url + "/api/counters/1/screen", headers=auth(lobby, "screen-1"), timeout=5).json()
    assert shown["to_rate"] and set(shown["to_rate"]) <= {"id", "number", "service", "service_name_zh",
                                                         "service_name_en", "state"}
    assert shown["to_rate"]["id"] == second["id"]
    assert post(lobby, "screen-1", "/api/counters/1/ratings", {"ticket_id": second["id"],
                                                               "rating": "satisfied"}).status_code == 200


@pytest.mark.parametrize("path,body", [
    ("/api/visits", {"purpose": 7, "extra": "x"}),
    ("/api/counters/1/ratings", {"rating": []}),
    ("/api/kiosk/offline-tickets", {"tickets": "none"}),
    ("/api/tickets/1/prefill", {"payee_account": None}),
])
def test_an_outsider_with_a_bad_body_learns_only_that_a_token_is_needed(lobby, path, body):
    response = requests.post(lobby.url + path, json=body, timeout=5)
    assert response.status_code == 401 and response.json()["detail"] is None
    garbled = requests.post(lobby.url + path, data=b"{not json", timeout=5,
                            headers={"Content-Type": "application/json"})
    assert garbled.status_code == 401


def test_a_kiosk_cannot_read_another_kiosks_ticket_by_replacing_its_visit(lobby):
    diverted = requests.post(lobby.url + "/api/visits", json={"purpose": "cash", "amount_cny": 500},
                             headers=auth(lobby, "kiosk"), timeout=5).json()
    assert diverted["route"] == "self_service"
    stolen = requests.post(lobby.url + "/api/visits", json={"purpose": "cash", "amount_cny": 500,
                                                            "insist_counter": True, "decline_reason": "cannot_operate",
                                                            "replaces_visit": diverted["visit_id"]},
                           headers=auth(lobby, "kiosk-2"), timeout=5)
    assert stolen.status_code == 403 and "another kiosk" in stolen.json()["message_en"]


def test_a_request_id_belongs_to_the_kiosk_that_sent_it(lobby):
    first = requests.post(lobby.url + "/api/visits", json={"purpose": "card_loss", "request_id": "same-id-123"},
                          headers=auth(lobby, "kiosk"), timeout=5).json()
    other = requests.post(lobby.url + "/api/visits", json={"purpose": "card_loss", "request_id": "same-id-123"},
                          headers=auth(lobby, "kiosk-2"), timeout=5).json()
    assert other["ticket"]["number"] != first["ticket"]["number"] and other["ticket"]["code"] != first["ticket"]["code"]


def test_every_declared_route_is_served_and_every_served_route_is_declared(lobby):
    from queue_host.api import create_app
    from queue_host.config import load
    app = create_app(load(DEFAULT_CONFIG), str(lobby.db_path) + ".unused")
    served = set()

    def walk(routes):
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes)
            elif hasattr(route, "rule"):
                served.update((m, route.path) for m in route.methods)
            else:
                raise AssertionError(f"{route} is not guarded by the access declaration")
    walk(app.router.routes)
    assert served == set(RULES)


def test_the_serving_teller_corrects_a_remittance_and_the_audit_keeps_it_masked(lobby):
    ticket = served_at_counter_1(lobby)
    fixed = {**FORM, "payee_name": "张山", "payee_account": "6222020200112233453"}
    assert requests.put(f"{lobby.url}/api/tickets/{ticket['id']}/prefill", json=fixed, timeout=5,
                        headers=auth(lobby, "counter-2")).status_code == 403
    answer = requests.put(f"{lobby.url}/api/tickets/{ticket['id']}/prefill", json=fixed, timeout=5,
                          headers=auth(lobby, "counter-1"))
    assert answer.status_code == 200 and answer.json()["payee_account"] == fixed["payee_account"]
    read = requests.get(f"{lobby.url}/api/tickets/{ticket['id']}/prefill", headers=auth(lobby, "counter-1"), timeout=5)
    assert read.json()["payee_name"] == "张山"
    entries = requests.get(lobby.url + "/api/audit", headers=auth(lobby, "manager"), timeout=5).json()["entries"]
    entry = next(e for e in entries if e["action"] == "prefill_correct" and e["target"] == ticket["number"])
    assert "****3446" in entry["reason"] and "****3453" in entry["reason"]
    assert FORM["payee_account"] not in json.dumps(entries) and fixed["payee_account"] not in json.dumps(entries)


def test_a_teller_records_a_lead_only_for_the_customer_at_their_own_counter(lobby):
    ticket = served_at_counter_1(lobby)
    lead = {"name": "王女士", "contact": "139****0000", "need": "大额存单", "consent": True, "ticket_id": ticket["id"]}
    other = requests.post(lobby.url + "/api/leads", json=lead, headers=auth(lobby, "counter-2"), timeout=5)
    assert other.status_code == 403 and "not served at your counter" in other.json()["message_en"]
    assert requests.post(lobby.url + "/api/leads", json=lead, headers=auth(lobby, "counter-1"), timeout=5).ok
