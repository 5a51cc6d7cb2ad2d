"""/metrics on the real host: after scripted visits, calls and faults the Prometheus figures match what was done."""
from __future__ import annotations

import requests
from prometheus_client.parser import text_string_to_metric_families

import asyncio

import httpx

from queue_host.api import create_app
from queue_host.metrics import loopback
import pytest

from tests.hostproc import DEFAULT_CONFIG, start_host, tokens_of


@pytest.fixture
def host(tmp_path):
    """The real host, with recalls allowed at once (the shipped file waits 15 s between calls)."""
    config = tmp_path / "branch.toml"
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    config.write_text(text.replace("recall_interval_s = 15", "recall_interval_s = 0"), encoding="utf-8")
    running = start_host(tmp_path, config_path=config)
    yield running
    running.stop()


def post(host, path, who, body=None):
    r = requests.post(host.url + path, json=body or {}, headers=host.headers(who), timeout=5)
    assert r.status_code == 200, r.text
    return r.json()


def scrape(host) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics by (name, sorted labels)."""
    r = requests.get(host.url + "/metrics", timeout=5)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(r.text) for s in family.samples}


def test_metrics_count_the_visits_tickets_diversions_calls_and_faults_that_happened(host):
    for _ in range(3):
        post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000})
    post(host, "/api/visits", "kiosk", {"purpose": "card_opening"})
    diverted = post(host, "/api/visits", "kiosk", {"purpose": "card_opening"})
    post(host, "/api/visits", "kiosk", {"purpose": "card_opening", "replaces_visit": diverted["visit_id"],
                                        "decline_reason": "cannot_operate", "insist_counter": True})
    post(host, "/api/visits", "kiosk", {"purpose": "credit_card_apply"})
    first = post(host, "/api/counters/1/call-next", "counter-1")["ticket"]
    post(host, f"/api/tickets/{first['id']}/recall", "counter-1")
    post(host, f"/api/tickets/{first['id']}/no-show", "counter-1")
    second = post(host, "/api/counters/1/call-next", "counter-1")["ticket"]
    post(host, f"/api/tickets/{second['id']}/finish", "counter-1")
    post(host, "/api/alerts", "kiosk", {"kind": "printer_fault", "message_zh": "缺纸", "message_en": "paper out"})
    with requests.get(host.url + "/api/events", headers=host.headers("display"), stream=True, timeout=5) as stream:
        lines = stream.iter_lines()  # held: a dropped iterator closes the stream
        assert next(lines) == b": connected"  # the reader is registered
        m = scrape(host)
        assert m[("fenliu_event_stream_readers", ())] == 1

    assert m[("fenliu_visits_total", (("route", "counter"), ("service", "cash")))] == 3
    assert m[("fenliu_visits_total", (("route", "self_service"), ("service", "noncash")))] == 2
    assert m[("fenliu_visits_total", (("route", "lobby_manager"), ("service", "none")))] == 1
    assert m[("fenliu_diverted_total", (("target", "card_machine"),))] == 2
    assert m[("fenliu_diversion_declined_total", (("target", "card_machine"),))] == 1
    assert m[("fenliu_tickets_issued_total", (("service", "cash"),))] == 3
    assert m[("fenliu_tickets_issued_total", (("service", "noncash"),))] == 1
    called = first["service"]
    assert m[("fenliu_calls_total", (("service", called),))] == 2
    assert m[("fenliu_wait_seconds_count", (("service", called),))] == 2
    assert m[("fenliu_recalls_total", (("service", called),))] == 1
    assert m[("fenliu_no_shows_total", (("service", called),))] == 1
    assert m[("fenliu_finished_total", (("service", second["service"]),))] == 1
    assert m[("fenliu_alerts_raised_total", (("kind", "printer_fault"),))] == 1
    assert m[("fenliu_alerts_raised_total", (("kind", "lobby_visit"),))] == 1
    assert m[("fenliu_db_bytes", ())] > 0
    assert m[("fenliu_writer_batch_commands_count", ())] >= 1
    # Request latency is labelled by the route's template, never by the raw path with its ticket id.
    visits = m[("fenliu_request_seconds_count", (("method", "POST"), ("route", "/api/visits")))]
    assert visits == 7
    assert m[("fenliu_request_seconds_count", (("method", "POST"), ("route", "/api/tickets/{ticket_id}/recall")))] == 1
    assert not any(f"/api/tickets/{first['id']}/" in dict(labels).get("route", "") for _, labels in m)


def test_metrics_carry_no_personal_data_in_their_labels(host):
    post(host, "/api/visits", "kiosk", {"purpose": "cash", "amount_cny": 30000, "customer_ref": "6222020200112233"})
    text = requests.get(host.url + "/metrics", timeout=5).text
    assert "6222020200112233" not in text and "2233" not in text


def test_the_event_stream_reader_gauge_falls_back_when_the_reader_leaves(host):
    with requests.get(host.url + "/api/events", headers=host.headers("display"), stream=True, timeout=5) as s:
        next(s.iter_lines())
    # The server notices the closed stream on its next write; a few events make sure it writes.
    for _ in range(3):
        post(host, "/api/visits", "kiosk", {"purpose": "card_opening"})
    values = []
    for _ in range(50):
        values.append(scrape(host)[("fenliu_event_stream_readers", ())])
        if values[-1] == 0:
            break
        post(host, "/api/visits", "kiosk", {"purpose": "card_opening"})
    assert values[-1] == 0


def test_only_the_host_itself_or_a_manager_token_may_read_metrics(tmp_path, cfg):
    assert loopback("127.0.0.1") and loopback("127.0.0.2") and loopback("::1")
    assert not loopback("10.0.0.7") and not loopback("testclient") and not loopback(None)
    # No LAN address exists in a test sandbox: the app is called in-process as if from 10.0.0.7.
    tokens = tokens_of(DEFAULT_CONFIG)

    async def get(token: str | None) -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(cfg, str(tmp_path / "f.db")), client=("10.0.0.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://fenliu-host") as lan:
            return await lan.get("/metrics", headers={"Authorization": f"Bearer {token}"} if token else {})
    refused = asyncio.run(get(None))
    assert refused.status_code == 401 and "token" in refused.json()["message_en"]
    assert asyncio.run(get(tokens["kiosk"])).status_code == 403
    ok = asyncio.run(get(tokens["manager"]))
    assert ok.status_code == 200 and "fenliu_visits_total" in ok.text
