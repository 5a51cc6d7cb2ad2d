"""A branch installed as a technician installs it (init-branch, then the command a unit runs), for tests."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from fenliu.cli import main
from queue_host.client import HostClient, HostUnreachable

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "127.0.0.4"
FENLIU = str(Path(sys.executable).parent / "fenliu")


def free_port(address: str = ADDRESS) -> int:
    """A port free on the address now."""
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def make_branch(folder: Path, *more: str) -> str:
    """`fenliu init-branch` for localhost / ADDRESS on a free port; returns the host's URL."""
    assert main(["init-branch", str(folder), "--host-name", "localhost", "--host-address", ADDRESS, *more]) == 0
    port = free_port()
    path = folder / "branch.toml"
    text = re.sub(r"(?m)^port = \d+$", f"port = {port}", path.read_text(encoding="utf-8"), count=1)
    path.write_text(text.replace("https://localhost:8600", f"https://localhost:{port}"), encoding="utf-8")
    return f"https://{ADDRESS}:{port}"


def host_env() -> dict[str, str]:
    """The environment of a started host: another time zone than the branch's, no source tree on the path."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {"TZ": "UTC"}


@contextmanager
def serving(argv: list[str], cwd: Path, url: str, ca: Path, log: Path,
            tls_name: str | None = None) -> Iterator[subprocess.Popen]:
    """Start the command line in cwd, wait until the host's /api/health answers, stop it afterwards."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, cwd=cwd, env=host_env(), stdout=out, stderr=subprocess.STDOUT)
    client = HostClient(url, ca=str(ca), timeout=1.0, tls_name=tls_name)
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"the host exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                client.health()
                break
            except HostUnreachable:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the host did not answer: {log.read_text()[-2000:]}") from None
                time.sleep(0.05)  # polling for start-up, not a timing assumption
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def refused(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command line that should stop by itself (a refusal), with its output."""
    return subprocess.run(argv, cwd=cwd, env=host_env(), capture_output=True, text=True, timeout=120)
