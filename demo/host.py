"""Runs a queue host for the demo: a subprocess on a free loopback port with its own SQLite file."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from queue_host.client import HostClient, HostError, HostUnreachable
from queue_host.config import DEFAULT_PATH, token_id

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = DEFAULT_PATH
DEMO_SECRETS = DEFAULT_PATH.parent / "demo-secrets.toml"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_config(src: Path, dst: Path, port: int, fast: bool) -> Path:
    """Copy the shipped branch, pointing it at this port; `fast` lifts the per-kiosk visit limit.

    The host counts kiosk visits per real minute; the accelerated demo sends an hour's visits in a
    few real seconds. Everything else is the shipped branch, edited line by line so comments stay.
    """
    text = src.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^public_url = ".*"$', f'public_url = "http://127.0.0.1:{port}"', text)
    text = re.sub(r"(?m)^port = \d+$", f"port = {port}", text)
    if fast:
        text = re.sub(r"(?m)^kiosk_visits_per_minute = \d+$", "kiosk_visits_per_minute = 100000", text)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(text, encoding="utf-8")
    return dst


def staff(config: Path, secrets_path: Path = DEMO_SECRETS) -> dict[str, dict]:
    """The config's tokens by staff id (kiosk, display, manager, counter-N), with their plaintext
    demo token and PIN from config/demo-secrets.toml."""
    tokens = tomllib.loads(config.read_text(encoding="utf-8")).get("tokens", [])
    plain = tomllib.loads(secrets_path.read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    for tok in tokens:
        key = token_id(tok)
        out.setdefault(key, dict(tok, id=key, **plain.get(key, {})))
    owner: dict[str, str] = {}
    for key, entry in plain.items():
        token = entry.get("token") if isinstance(entry, dict) else None
        if token is not None and token in owner:  # one secret would open both devices
            raise ValueError(f"{secrets_path}: [{owner[token]}] and [{key}] have the same token; give each its own")
        owner.setdefault(token, key)
    return out


@dataclass
class DemoHost:
    """A running host subprocess."""

    url: str
    config: Path
    db: Path
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """Stop the host and wait for it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_host(workdir: Path, config: Path = SHIPPED_CONFIG, speed: float | None = None, port: int | None = None,
               epoch: float | None = None, timeout: float = 20.0) -> DemoHost:
    """Start the host on loopback with a fresh SQLite file in `workdir`; wait until it answers.

    With `speed`, the host runs on branch time (see demo.hostproc) from wall-clock `epoch`.
    """
    port = port or free_port()
    fast = speed is not None
    workdir.mkdir(parents=True, exist_ok=True)
    cfg = demo_config(config, workdir / "branch-demo.toml", port, fast)
    db = workdir / "fenliu-demo.db"
    for stale in workdir.glob("fenliu-demo.db*"):
        stale.unlink()
    log = workdir / "host.log"
    if fast:
        cmd = [sys.executable, "-m", "demo.hostproc", "--speed", str(speed), "--epoch", str(epoch)]
    else:
        cmd = [sys.executable, "-m", "fenliu", "host"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd + ["--config", str(cfg), "--db", str(db), "--port", str(port),
                                       "--allow-demo-secrets"],
                                cwd=str(REPO), stdout=out, stderr=subprocess.STDOUT)
    host = DemoHost(f"http://127.0.0.1:{port}", cfg, db, proc, log)
    client = HostClient(host.url, timeout=1.0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the host stopped at start (exit {proc.returncode}); see {log}")
        try:
            client.health()
            return host
        except (HostUnreachable, HostError):
            time.sleep(0.1)
    host.stop()
    raise RuntimeError(f"the host did not answer within {timeout:.0f} s; see {log}")
