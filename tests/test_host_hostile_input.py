"""Hostile or malformed requests get a clear 4xx in the host's error shape, never a 500 (real host)."""
from __future__ import annotations

import socket

import pytest
import requests

JSON = {"content-type": "application/json"}
HOSTILE = [  # (path, raw body, status expected)
    ("/api/visits", b'{"purpose": "cash", "amount_cny": NaN}', 422),
    ("/api/visits", b'{"purpose": "cash", "amount_cny": Infinity}', 422),
    ("/api/visits", b'{"purpose": "cash", "amount_cny": -1e999}', 422),
    ("/api/visits", b'{"purpose": "cash", "replaces_visit": 123456789012345678901234567890}', 422),
    ("/api/visits", b'{"purpose": "cash", "elderly": "maybe"}', 422),
    ("/api/visits", b'{"purpose": "cash", "unknown_field": 1}', 422),
    ("/api/visits", b'{"purpose": 17}', 422),
    ("/api/visits", b'{}', 422),
    ("/api/visits", b'[1, 2, 3]', 422),
    ("/api/visits", b'"just text"', 422),
    ("/api/visits", b'{"purpose": "cash"', 422),
    ("/api/visits", b'\xff\xfe\xfa{"purpose": "cash"}', 422),
    ("/api/visits", b'[' * 50_000, 400),
    ("/api/visits", b'{"purpose": "' + b"x" * 100_000 + b'"}', 413),
    ("/api/tickets/1/cancel", b'{"reason": 5}', 422),
    ("/api/tickets/1/move", b'{"position": 1e400, "reason": "x"}', 422),
    ("/api/tickets/1/park", b'{"minutes": -3}', 422),
    ("/api/tickets/99999999999999999999999/finish", b'{}', 404),
    ("/api/tickets/1/transfer", b'{}', 422),
    ("/api/counters/1/call", b'{"ticket_id": {"$gt": 0}}', 422),
    ("/api/counters/nowhere/pause", b'{"reason": "x"}', 404),
    ("/api/tickets", b'{"service": "cash", "tier": "emperor", "reason": "x"}', 422),
    ("/api/alerts", b'{"kind": "printer_fault", "message_zh": ["a"]}', 422),
    ("/api/leads", b'{"name": "a", "contact": "123", "need": "x", "consent": "yes please"}', 422),
]


@pytest.mark.parametrize("path,raw,status", HOSTILE, ids=[f"{p} {r[:30]!r}" for p, r, _ in HOSTILE])
def test_a_malformed_request_gets_a_clear_4xx_and_the_same_connection_serves_the_next(host, path, raw, status):
    session = requests.Session()
    r = session.post(host.url + path, data=raw, headers=host.headers("manager") | JSON, timeout=10)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] and body["message_zh"] and body["message_en"]
    ok = session.get(host.url + "/api/health", timeout=5)  # keep-alive: the connection was not dropped
    assert ok.status_code == 200


def test_a_body_streamed_past_the_limit_is_refused_without_reading_it_all(host):
    def endless():
        for _ in range(10_000):
            yield b"x" * 1024
    r = requests.post(host.url + "/api/visits", data=endless(), headers=host.headers("kiosk") | JSON, timeout=10)
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_a_wrong_method_answers_405_with_allow(host):
    r = requests.get(host.url + "/api/visits", headers=host.headers("manager"), timeout=5)
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert r.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize("last_id", ["9" * 5000, "-1", "abc", "12abc", "1" * 30, "³"])
def test_a_garbled_last_event_id_gets_a_fresh_stream_not_an_error(host, last_id):
    requests.post(host.url + "/api/visits", json={"purpose": "card_loss"}, headers=host.headers("kiosk"), timeout=5)
    headers = host.headers("display") | {"Last-Event-ID": last_id}
    with requests.get(host.url + "/api/events", headers=headers, stream=True, timeout=5) as r:
        assert r.status_code == 200
        lines = r.iter_lines(decode_unicode=True)
        seen = [next(lines) for _ in range(4)]
    assert seen[0] == ": connected" and seen[2] == "id: 1"  # replayed from the start of the log


def test_an_event_stream_asked_to_start_past_64_bits_is_refused_clearly(host):
    r = requests.get(host.url + "/api/events?after=" + "9" * 30, headers=host.headers("display"), timeout=5)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "after"


def test_a_raw_request_with_a_broken_content_length_is_answered_not_dropped(host):
    with socket.create_connection(("127.0.0.1", host.port), timeout=5) as s:
        s.sendall(b"POST /api/visits HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n"
                  b"Authorization: " + host.headers("kiosk")["Authorization"].encode() + b"\r\n\r\n{}")
        answer = s.recv(4096)
    assert answer.split(b"\r\n", 1)[0].split(b" ")[1] in (b"400", b"413")


def test_a_kiosk_reports_and_clears_only_its_own_printer_alerts(host):
    kiosk, display, manager = (host.headers(k) for k in ("kiosk", "display", "manager"))
    url = host.url + "/api/alerts"
    raised = requests.post(url, json={"kind": "printer_fault", "message_zh": "缺纸", "key": "kiosk-1"}, headers=kiosk)
    assert raised.status_code == 200
    # A display may not silence the kiosk's alert, nor raise a customer alert of its own making.
    r = requests.post(url, json={"kind": "printer_fault", "message_zh": "", "key": "kiosk-1", "clear": True},
                      headers=display)
    assert r.status_code == 403
    r = requests.post(url, json={"kind": "display_fault", "message_zh": "", "key": "kiosk-1", "clear": True},
                      headers=display)
    assert r.status_code == 403
    for kind in ("high_value", "lobby_visit", "crowd", "service_level", "display_offline"):
        for who in (kiosk, display):
            r = requests.post(url, json={"kind": kind, "message_zh": "假的"}, headers=who)
            assert r.status_code == 403, (kind, r.text)
    assert [a["key"] for a in requests.get(url, headers=manager).json()["alerts"]] == ["kiosk-1"]
    cleared = requests.post(url, json={"kind": "printer_fault", "message_zh": "", "key": "kiosk-1", "clear": True},
                            headers=kiosk)
    assert cleared.status_code == 200 and cleared.json()["cleared_at"]


def test_a_device_may_not_clear_a_customer_alert_raised_by_the_host(host):
    r = requests.post(host.url + "/api/visits", json={"purpose": "credit_card_apply"}, headers=host.headers("kiosk"))
    key = f"visit:{r.json()['visit_id']}"
    for who in ("kiosk", "display"):
        r = requests.post(host.url + "/api/alerts", json={"kind": "printer_fault", "message_zh": "", "key": key,
                                                           "clear": True}, headers=host.headers(who))
        assert r.status_code == 403
    alerts = requests.get(host.url + "/api/alerts", headers=host.headers("manager")).json()["alerts"]
    assert [a["kind"] for a in alerts] == ["lobby_visit"]


def test_the_openapi_document_names_every_body_and_the_hosts_own_error_shape(host):
    spec = requests.get(host.url + "/openapi.json", timeout=5).json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert set(spec["components"]["schemas"]["ErrorOut"]["required"]) == {"error", "message_zh", "message_en"}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if path != "/api/health":
                assert {"401", "422"} <= set(op["responses"]), (method, path)
                assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorOut")
            if method == "post" and not path.endswith(("/clear", "/signout")):  # these take no input
                assert "requestBody" in op, path
