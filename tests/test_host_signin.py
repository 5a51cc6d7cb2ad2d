"""Staff sign-in on a real host: wrong PINs slow one address down, a lock from many addresses that a restart
keeps and the manager lifts, X-Forwarded-For ignored, the staff list behind a token, demo secrets refused
without the flag."""
from __future__ import annotations

import subprocess
import sys

import httpx
import requests

from queue_host.auth import FREE_TRIES, LOCK_AFTER
from tests.hostproc import DEFAULT_CONFIG, ROOT


def signin(host, staff: str, pin: str, source: str = "127.0.0.1", **headers) -> requests.Response:
    """Sign in from one loopback address (127.0.0.0/8 all reach the host: one address per guesser)."""
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=10) as client:
        answer = client.post(host.url + "/api/signin", json={"staff": staff, "pin": pin}, headers=headers)
    out = requests.Response()  # the same shape as the other tests' answers
    out.status_code, out._content, out.headers = answer.status_code, answer.content, requests.structures.CaseInsensitiveDict(answer.headers)
    return out


def spread(host, staff: str, n: int) -> list[int]:
    """n wrong PINs from n // FREE_TRIES + 1 addresses, none of which has to wait: their statuses."""
    return [signin(host, staff, "0000", f"127.0.{10 + i // FREE_TRIES}.1").status_code for i in range(n)]


def test_a_guesser_waits_longer_and_longer_while_the_right_pin_elsewhere_still_signs_in(host):
    codes = [signin(host, "manager", f"{9000 + n}", "127.0.0.66").status_code for n in range(5)]
    assert codes == [401] * FREE_TRIES + [429] * 2  # answered at once: no worker sleeps
    early = signin(host, "manager", "2468", "127.0.0.66")
    assert early.status_code == 429 and early.json()["detail"]["retry_after_s"] >= 1
    assert int(early.headers["Retry-After"]) >= 1 and early.json()["message_zh"]
    assert signin(host, "manager", "2468", "127.0.0.5").status_code == 200  # the manager's own panel


def test_x_forwarded_for_does_not_spread_guesses_over_made_up_addresses(host):
    codes = [signin(host, "counter-4", "0000", **{"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(5)]
    assert codes == [401] * FREE_TRIES + [429] * 2


def test_a_lock_from_many_addresses_survives_a_restart_until_the_manager_unlocks_it_audited(host):
    assert spread(host, "counter-5", LOCK_AFTER) == [401] * LOCK_AFTER
    assert signin(host, "counter-5", "5555", "127.0.0.5").status_code == 423
    host.restart()
    locked = signin(host, "counter-5", "5555", "127.0.0.5")
    assert locked.status_code == 423 and "unlock" in locked.json()["message_en"]
    teller = signin(host, "counter-1", "1111").json()["token"]
    refused = requests.post(host.url + "/api/staff/counter-5/unlock", json={"reason": "let me in"},
                            headers={"Authorization": f"Bearer {teller}"}, timeout=5)
    assert refused.status_code == 403
    assert requests.post(host.url + "/api/staff/counter-5/unlock", timeout=5).status_code == 401
    manager = {"Authorization": f"Bearer {signin(host, 'manager', '2468').json()['token']}"}
    locks = requests.get(host.url + "/api/staff/locks", headers=manager, timeout=5).json()["locks"]
    assert [(lock["staff"], lock["failures"]) for lock in locks] == [("counter-5", LOCK_AFTER)]
    ok = requests.post(host.url + "/api/staff/counter-5/unlock", json={"reason": "teller forgot the PIN"},
                       headers=manager, timeout=5)
    assert ok.status_code == 200
    host.restart()  # the unlock is kept too
    assert signin(host, "counter-5", "5555", "127.0.0.5").status_code == 200
    audit = requests.get(host.url + "/api/audit", headers=host.headers("manager"), timeout=5).json()
    assert ("unlock", "counter-5", "teller forgot the PIN") in [(e["action"], e["target"], e["reason"])
                                                                for e in audit["entries"]]


def test_wrong_pins_counted_before_a_restart_still_count_after_it(host):
    assert spread(host, "counter-2", LOCK_AFTER - 2) == [401] * (LOCK_AFTER - 2)
    host.restart()
    assert signin(host, "counter-2", "0000", "127.0.0.2").status_code == 401
    assert signin(host, "counter-2", "0000", "127.0.0.3").status_code == 401
    assert signin(host, "counter-2", "2222", "127.0.0.4").status_code == 423
    assert signin(host, "counter-3", "3333", "127.0.0.4").status_code == 200  # one locked id never locks another


def test_the_staff_list_needs_a_token_the_panels_own_or_a_staff_one_and_holds_no_secrets(host):
    assert requests.get(host.url + "/api/staff", timeout=5).status_code == 401
    for who in ("panel", "manager", "counter-1"):
        answer = requests.get(host.url + "/api/staff", headers=host.headers(who), timeout=5)
        assert answer.status_code == 200, who
    people = answer.json()["staff"]
    assert {p["id"] for p in people} == {"manager", "counter-1", "counter-2", "counter-3", "counter-4", "counter-5"}
    assert "hash" not in str(people) and "2468" not in str(people)
    assert requests.get(host.url + "/api/staff", headers=host.headers("kiosk"), timeout=5).status_code == 403


def test_the_panels_own_token_lists_staff_and_does_nothing_else(host):
    panel = host.headers("panel")
    for path in ("/api/queues", "/api/alerts", "/api/stats", "/api/audit", "/api/staff/locks", "/api/events"):
        assert requests.get(host.url + path, headers=panel, timeout=5).status_code == 403, path
    assert requests.post(host.url + "/api/visits", json={"purpose": "card_loss"}, headers=panel,
                         timeout=5).status_code == 403


def test_the_hashed_device_tokens_of_the_demo_still_open_the_api(host):
    answer = requests.get(host.url + "/api/stats", headers=host.headers("manager"), timeout=5)
    assert answer.status_code == 200


def test_the_host_refuses_the_shipped_demo_secrets_without_the_flag(tmp_path):
    out = subprocess.run([sys.executable, "-m", "queue_host", "--config", str(DEFAULT_CONFIG),
                          "--db", str(tmp_path / "x.db"), "--port", "9"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2
    assert "--allow-demo-secrets" in out.stderr and "hash-secret" in out.stderr and "Traceback" not in out.stderr


def test_hash_secret_prints_only_a_hash_of_the_secret_read_from_stdin():
    out = subprocess.run([sys.executable, "-m", "fenliu", "hash-secret", "--kind", "pin"], input="8642\n",
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("pbkdf2_sha256$") and "8642" not in out.stdout + out.stderr


def _serve_args(monkeypatch, tmp_path, config_text: str):
    """Run `fenliu host` up to uvicorn.run and return the options it would serve with."""
    import argparse

    import uvicorn

    from queue_host import cli
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    path = tmp_path / "branch.toml"
    path.write_text(config_text, encoding="utf-8")
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args(["--config", str(path), "--db", str(tmp_path / "x.db"),
                                      "--allow-demo-secrets"])) == 0
    return seen


def test_uvicorn_ignores_proxy_headers_unless_the_branch_names_a_trusted_proxy(monkeypatch, tmp_path):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    plain = _serve_args(monkeypatch, tmp_path, text)
    assert plain["proxy_headers"] is False
    proxied = _serve_args(monkeypatch, tmp_path, text.replace(
        "kiosk_visits_per_minute = 60", 'kiosk_visits_per_minute = 60\ntrusted_proxies = ["10.0.0.1"]'))
    assert proxied["proxy_headers"] is True and proxied["forwarded_allow_ips"] == ["10.0.0.1"]


def test_the_demo_secrets_flag_warns_when_it_lets_the_host_start(monkeypatch, tmp_path, capsys):
    _serve_args(monkeypatch, tmp_path, DEFAULT_CONFIG.read_text(encoding="utf-8"))
    err = capsys.readouterr().err
    assert "WARNING" in err and "demo" in err and "2468" not in err


def test_signing_out_ends_the_session_token_but_not_the_device_token(host):
    token = signin(host, "counter-1", "1111").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert requests.get(host.url + "/api/queues", headers=auth, timeout=5).status_code == 200
    assert requests.post(host.url + "/api/signout", headers=auth, timeout=5).json() == {"signed_out": True}
    assert requests.get(host.url + "/api/queues", headers=auth, timeout=5).status_code == 401
    assert requests.post(host.url + "/api/signout", headers=host.headers("counter-1"), timeout=5).json() == {
        "signed_out": False}
    assert requests.get(host.url + "/api/queues", headers=host.headers("counter-1"), timeout=5).status_code == 200
