"""A real branch install: init-branch, then a host on HTTPS that only clients holding the branch CA trust."""
from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fenliu.cli import main
from queue_host.client import HostClient, HostError, HostUnreachable
from queue_host.config import ConfigError, load, parse

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "127.0.0.2"


def init_branch(folder: Path, capsys) -> str:
    """Run `fenliu init-branch` for localhost / 127.0.0.2 and return what it printed."""
    assert main(["init-branch", str(folder), "--host-name", "localhost", "--host-address", ADDRESS]) == 0
    return capsys.readouterr().out


def sheet_secrets(folder: Path) -> dict[str, dict[str, str]]:
    """Tokens and PINs by staff id, read back from SETUP.txt."""
    text = (folder / "SETUP.txt").read_text(encoding="utf-8")
    found: dict[str, dict[str, str]] = {}
    for role in ("kiosk", "display"):
        found[role] = {"token": re.search(rf"fenliu {role} .*--token (\S+)", text)[1]}
    for ident, token in re.findall(r"SCREEN: (\S+) .*\n  fenliu counter-screen .*--token (\S+)", text):
        found[ident] = {"token": token}
    for ident, pin, token in re.findall(r"staff / 工号: (\S+)\s+PIN / 密码: (\d+)\n.*令牌: (\S+)", text):
        found[ident] = {"pin": pin, "token": token}
    found["panel"] = {"token": re.search(r"fenliu panel .*--panel-token (?!<)(\S+)", text)[1]}
    return found


def free_port(address: str = ADDRESS) -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    """A fresh branch folder and its host running on https://127.0.0.2:PORT."""
    folder = tmp_path_factory.mktemp("branch") / "da-an"
    assert main(["init-branch", str(folder), "--host-name", "localhost", "--host-address", ADDRESS]) == 0
    port = free_port()
    log_path = folder.parent / "host.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "queue_host", "--config", str(folder / "branch.toml"),
             "--cert", str(folder / "host.pem"), "--key", str(folder / "host-key.pem"),
             "--db", str(folder.parent / "fenliu.db"), "--address", ADDRESS, "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"https://{ADDRESS}:{port}"
    client = HostClient(url, ca=str(folder / "ca.pem"), timeout=1.0)
    deadline = time.monotonic() + 20
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"host exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
            try:
                client.health()
                break
            except HostUnreachable:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"host did not answer: {log_path.read_text()[-2000:]}") from None
                time.sleep(0.05)  # polling for start-up, not a timing assumption
        yield {"folder": folder, "url": url, "secrets": sheet_secrets(folder)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_client_holding_the_branch_ca_reaches_the_https_host_and_a_kiosk_visit_works(branch):
    kiosk = HostClient(branch["url"], branch["secrets"]["kiosk"]["token"], ca=str(branch["folder"] / "ca.pem"))
    assert kiosk.health()["status"] == "ok"
    answer = kiosk.visit("cash", amount_cny=30000)
    assert answer["ticket"]["number"]


def test_a_client_trusting_another_branchs_ca_is_refused_with_a_certificate_error(branch, tmp_path, capsys):
    init_branch(tmp_path / "other", capsys)
    stranger = HostClient(branch["url"], branch["secrets"]["kiosk"]["token"], ca=str(tmp_path / "other" / "ca.pem"))
    with pytest.raises(HostUnreachable, match="(?i)certificate|ssl"):
        stranger.health()


def test_a_client_without_the_branch_ca_is_refused(branch, monkeypatch):
    monkeypatch.setenv("FENLIU_CA", "")
    with pytest.raises(HostUnreachable, match="(?i)certificate|ssl"):
        HostClient(branch["url"]).health()


def test_the_ca_from_the_environment_is_used_when_none_is_passed(branch, monkeypatch):
    monkeypatch.setenv("FENLIU_CA", str(branch["folder"] / "ca.pem"))
    assert HostClient(branch["url"]).health()["status"] == "ok"


def test_the_generated_pins_sign_in_and_the_sheet_names_every_device(branch):
    cfg = load(branch["folder"] / "branch.toml")
    found = branch["secrets"]
    assert set(found) == set(cfg.tokens)
    client = HostClient(branch["url"], ca=str(branch["folder"] / "ca.pem"))
    for ident, tok in cfg.tokens.items():
        if tok.pin_hash:
            assert re.fullmatch(r"\d{6}", found[ident]["pin"])
            assert client.signin(ident, found[ident]["pin"])["role"] == tok.role
    sheet = (branch["folder"] / "SETUP.txt").read_text(encoding="utf-8")
    assert sheet.count("--ca ") >= len(cfg.tokens) and "ca.pem" in sheet
    panel = HostClient(branch["url"], found["panel"]["token"], ca=str(branch["folder"] / "ca.pem"))
    assert {p["id"] for p in panel.staff()} == {i for i, t in cfg.tokens.items() if t.pin_hash}


def test_a_wrong_pin_is_refused_by_the_new_branch(branch):
    client = HostClient(branch["url"], ca=str(branch["folder"] / "ca.pem"))
    pin = branch["secrets"]["manager"]["pin"]
    with pytest.raises(HostError):
        client.signin("manager", f"{(int(pin) + 1) % 10**6:06d}")


def test_init_branch_keeps_keys_and_secrets_private_and_prints_none(tmp_path, capsys):
    out = init_branch(tmp_path / "b", capsys)
    folder = tmp_path / "b"
    for name in ("ca-key.pem", "host-key.pem", "SETUP.txt", "branch.toml"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    for entry in sheet_secrets(folder).values():
        for value in entry.values():
            assert value not in out
    assert "host.pem" in out and "SETUP.txt" in out


def test_the_new_branch_uses_no_demo_secrets_and_its_public_url_is_https(tmp_path, capsys):
    from queue_host.cli import uses_demo_secrets
    init_branch(tmp_path / "b", capsys)
    cfg = load(tmp_path / "b" / "branch.toml")
    assert not uses_demo_secrets(cfg)
    assert cfg.branch.public_url == "https://localhost:8600"
    assert (cfg.tls_cert, cfg.tls_key) == ("host.pem", "host-key.pem")


def test_init_branch_never_overwrites_an_existing_branch(tmp_path, capsys):
    init_branch(tmp_path / "b", capsys)
    before = (tmp_path / "b" / "branch.toml").read_bytes()
    assert main(["init-branch", str(tmp_path / "b")]) == 2
    assert "already holds" in capsys.readouterr().err
    assert (tmp_path / "b" / "branch.toml").read_bytes() == before


def test_plain_http_on_a_lan_address_without_a_certificate_exits_2_with_a_clear_message(capsys):
    code = main(["host", "--address", "192.0.2.10", "--allow-demo-secrets"])
    assert code == 2
    err = capsys.readouterr().err
    assert "HTTPS" in err and "--insecure-http" in err and "--cert" in err


def test_a_certificate_without_its_key_is_refused(tmp_path, capsys):
    init_branch(tmp_path / "b", capsys)
    code = main(["host", "--config", str(tmp_path / "b" / "branch.toml"), "--key", str(tmp_path / "missing.pem")])
    assert code == 2
    assert "missing.pem" in capsys.readouterr().err


def test_the_branch_file_wants_both_tls_keys_or_neither(tmp_path, capsys):
    import tomllib
    init_branch(tmp_path / "b", capsys)
    data = tomllib.loads((tmp_path / "b" / "branch.toml").read_text(encoding="utf-8"))
    del data["host"]["tls_key"]
    with pytest.raises(ConfigError, match="tls_key"):
        parse(data)
    data["host"]["tls_keyfile"] = "x.pem"
    with pytest.raises(ConfigError, match="unknown key"):
        parse(data)


def test_the_event_stream_follows_the_https_host_with_the_branch_ca(branch):
    from queue_host.client import EventStream
    ca = str(branch["folder"] / "ca.pem")
    HostClient(branch["url"], branch["secrets"]["kiosk"]["token"], ca=ca).visit("cash", amount_cny=30000)
    stream = EventStream(branch["url"], branch["secrets"]["display"]["token"], ca=ca, read_timeout=15.0)
    first = next(iter(stream))
    stream.stop()
    assert first.seq >= 1


def test_the_app_clis_take_the_branch_ca_and_refuse_a_missing_file(tmp_path, monkeypatch, capsys):
    import argparse
    from queue_host.client import use_ca
    for module in ("kiosk.cli", "display.cli", "panel.cli"):
        parser = argparse.ArgumentParser()
        __import__(module, fromlist=["add_arguments"]).add_arguments(parser)
        assert parser.parse_args(["--ca", "/x/ca.pem"]).ca == "/x/ca.pem"
    monkeypatch.setenv("FENLIU_CA", "")  # recorded, so what use_ca sets is undone after the test
    assert not use_ca(str(tmp_path / "nope.pem"))
    assert "CA" in capsys.readouterr().err
    (tmp_path / "ca.pem").write_text("x")
    assert use_ca(str(tmp_path / "ca.pem"))
    assert os.environ["FENLIU_CA"] == str(tmp_path / "ca.pem")
    assert HostClient("https://127.0.0.2:1").ca == str(tmp_path / "ca.pem")


@pytest.fixture
def uvicorn_calls(monkeypatch):
    """uvicorn.run replaced by a recorder: the host's checks run, nothing listens."""
    import uvicorn
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    return calls


def test_insecure_http_on_a_lan_address_starts_with_a_bilingual_warning(uvicorn_calls, tmp_path, capsys):
    code = main(["host", "--address", "192.0.2.10", "--insecure-http", "--allow-demo-secrets",
                 "--db", str(tmp_path / "f.db")])
    assert code == 0 and uvicorn_calls and "ssl_certfile" not in uvicorn_calls[0]
    err = capsys.readouterr().err
    assert "警告" in err and "WARNING: plain HTTP on 192.0.2.10" in err


def test_plain_http_on_loopback_needs_no_flag(uvicorn_calls, tmp_path, capsys):
    assert main(["host", "--address", "127.0.0.1", "--allow-demo-secrets", "--db", str(tmp_path / "f.db")]) == 0
    assert "plain HTTP" not in capsys.readouterr().err


def test_the_branch_files_certificate_reaches_uvicorn_relative_to_the_branch_file(uvicorn_calls, tmp_path, capsys):
    init_branch(tmp_path / "b", capsys)
    assert main(["host", "--config", str(tmp_path / "b" / "branch.toml"), "--db", str(tmp_path / "f.db")]) == 0
    assert uvicorn_calls[0]["ssl_certfile"] == str(tmp_path / "b" / "host.pem")
    assert uvicorn_calls[0]["ssl_keyfile"] == str(tmp_path / "b" / "host-key.pem")
    assert "https://127.0.0.2:8600" in capsys.readouterr().out
