"""Runs a real queue host in a subprocess on a loopback port with a real SQLite file, for tests."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from demo.host import free_port, staff

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config" / "branch.toml"


def tokens_of(config_path: Path) -> dict[str, str]:
    """Tokens by role ("kiosk", "manager", "display") and by counter ("counter-1"); a token a test added
    without a demo plaintext is left out (the test holds its own)."""
    return {key: tok["token"] for key, tok in staff(Path(config_path)).items() if "token" in tok}


class RunningHost:
    """A host subprocess; kill() is kill -9, restart() starts it again on the same port and file.

    With `speed`, the host runs on branch time from 09:00, `speed` times faster than the wall clock
    (demo.hostproc), so a few real seconds make a morning with waits of real branch minutes.
    """

    def __init__(self, db_path: Path, port: int, config_path: Path, log_path: Path, speed: float | None = None):
        self.db_path, self.port, self.config_path, self.log_path = Path(db_path), port, Path(config_path), log_path
        self.speed, self.epoch = speed, time.time()
        self.url = f"http://127.0.0.1:{port}"
        self.tokens = tokens_of(config_path)
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> "RunningHost":
        """Start the process and wait until /api/health answers."""
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   FENLIU_CONTRACT_STRICT="1")  # a field built for no audience is an error in tests
        log = open(self.log_path, "ab")
        where = ["--config", str(self.config_path), "--db", str(self.db_path), "--port", str(self.port)]
        argv = ([sys.executable, "-m", "queue_host", *where, "--address", "127.0.0.1"] if self.speed is None else
                [sys.executable, "-m", "demo.hostproc", *where, "--speed", str(self.speed),
                 "--epoch", str(self.epoch)])
        self.proc = subprocess.Popen(argv + ["--allow-demo-secrets"], cwd=ROOT, env=env, stdout=log,
                                     stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"host exited with {self.proc.returncode}: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/api/health", timeout=0.5).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError(f"host did not answer within {timeout} s: {self.log_path.read_text()[-2000:]}")

    def kill(self) -> None:
        """kill -9: no chance to flush or say goodbye."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """A clean stop (SIGTERM)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> "RunningHost":
        """Kill -9 and start again on the same port and database."""
        self.kill()
        return self.start()

    def headers(self, who: str) -> dict[str, str]:
        """Authorization header for a role or counter key."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def start_host(tmp_path: Path, port: int | None = None, config_path: Path | None = None,
               speed: float | None = None) -> RunningHost:
    """Start a real host for a test (on branch time `speed` times faster, if given); call .stop() when done."""
    return RunningHost(Path(tmp_path) / "fenliu.db", port or free_port(), config_path or DEFAULT_CONFIG,
                       Path(tmp_path) / "host.log", speed).start()
