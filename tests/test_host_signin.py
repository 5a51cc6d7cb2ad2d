"""Staff sign-in on a real host: per-identity locks a teller cannot walk around, the manager's unlock,
X-Forwarded-For ignored, demo secrets refused without the flag."""
from __future__ import annotations

import subprocess
import sys

import requests

from tests.hostproc import DEFAULT_CONFIG, ROOT


def signin(host, staff: str, pin: str, **headers) -> requests.Response:
    return requests.post(host.url + "/api/signin", json={"staff": staff, "pin": pin}, headers=headers, timeout=10)


def test_a_teller_signing_in_between_guesses_gets_at_most_ten_wrong_guesses_at_the_manager(host):
    codes = []
    for guess in range(14):
        assert signin(host, "counter-1", "1111").status_code == 200
        codes.append(signin(host, "manager", f"{9000 + guess}").status_code)
    assert codes == [401] * 10 + [423] * 4
    locked = signin(host, "manager", "2468")
    assert locked.status_code == 423 and int(locked.headers["Retry-After"]) > 3000
    body = locked.json()
    assert body["error"] == "locked" and body["message_zh"] and body["message_en"]


def test_the_manager_still_signs_in_while_a_tellers_name_is_locked(host):
    for _ in range(10):
        assert signin(host, "counter-2", "0000").status_code == 401
    assert signin(host, "counter-2", "2222").status_code == 423
    assert signin(host, "manager", "2468").status_code == 200
    assert signin(host, "counter-3", "3333").status_code == 200


def test_x_forwarded_for_does_not_spread_guesses_over_made_up_addresses(host):
    codes = [signin(host, "counter-4", "0000", **{"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(11)]
    assert codes == [401] * 10 + [423]
    assert signin(host, "counter-4", "4444", **{"X-Forwarded-For": "10.9.9.9"}).status_code == 423


def test_only_the_manager_can_unlock_a_teller_and_the_unlock_is_audited(host):
    for _ in range(10):
        signin(host, "counter-5", "0000")
    assert signin(host, "counter-5", "5555").status_code == 423
    teller = signin(host, "counter-1", "1111").json()["token"]
    refused = requests.post(host.url + "/api/staff/counter-5/unlock", json={"reason": "let me in"},
                            headers={"Authorization": f"Bearer {teller}"}, timeout=5)
    assert refused.status_code == 403
    assert requests.post(host.url + "/api/staff/counter-5/unlock", timeout=5).status_code == 401
    manager = signin(host, "manager", "2468").json()["token"]
    ok = requests.post(host.url + "/api/staff/counter-5/unlock", json={"reason": "teller forgot the PIN"},
                       headers={"Authorization": f"Bearer {manager}"}, timeout=5)
    assert ok.status_code == 200
    assert signin(host, "counter-5", "5555").status_code == 200
    audit = requests.get(host.url + "/api/audit", headers={"Authorization": f"Bearer {manager}"}, timeout=5).json()
    assert ("unlock", "counter-5") in [(e["action"], e["target"]) for e in audit["entries"]]


def test_the_staff_list_needs_a_token_and_holds_no_secrets(host):
    assert requests.get(host.url + "/api/staff", timeout=5).status_code == 401
    people = requests.get(host.url + "/api/staff", headers=host.headers("counter-1"), timeout=5).json()["staff"]
    assert {p["id"] for p in people} == {"manager", "counter-1", "counter-2", "counter-3", "counter-4", "counter-5"}
    assert "hash" not in str(people) and "2468" not in str(people)


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
