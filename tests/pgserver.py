"""A throwaway PostgreSQL server for tests: Debian's binaries, a temp data directory, a loopback port.

initdb refuses to run as root, and CI runs as root: then the server runs as the unprivileged user
`nobody` (runuser), its data and socket directories owned by it. Password authentication on TCP
(scram-sha-256), as head office would have it.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from demo.host import free_port

USER, PASSWORD = "fenliu", "hq-test-password"


def pg_bin(name: str) -> str:
    """The newest installed PostgreSQL's program `name` (initdb, pg_ctl, ...)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path:
        return path
    raise RuntimeError(f"PostgreSQL's {name} not found: install Debian's postgresql package (scripts/setup.sh)")


class PgServer:
    """One PostgreSQL server; stop() and start() again keep its data (head office down and back)."""

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable  # fsync on: for benchmarks; tests run without it
        self.root = Path(tempfile.mkdtemp(prefix="fenliu-pg-"))
        self.data, self.sock, self.log = self.root / "data", self.root / "sock", self.root / "server.log"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self.as_user = ["runuser", "-u", "nobody", "--"]
            os.chmod(self.root, 0o755)
            for d in (self.data, self.sock):
                d.mkdir(mode=0o700)
                os.chown(d, nobody.pw_uid, nobody.pw_gid)
            self.log.touch()
            os.chown(self.log, nobody.pw_uid, nobody.pw_gid)
        pwfile = self.root / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        os.chmod(pwfile, 0o644)
        self._run([pg_bin("initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
                   "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
        pwfile.unlink()
        self.dsn = f"host=127.0.0.1 port={self.port} dbname=postgres user={USER}"
        self.url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/postgres"

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(self.as_user + argv, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:2])} failed: {done.stdout[-1500:]} {done.stderr[-1500:]}")

    def start(self) -> "PgServer":
        """Start on the loopback port and wait until it accepts connections."""
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.sock} "
                f"-c fsync={'on' if self.durable else 'off'} -c max_connections=200 -c shared_buffers=64MB")
        self._run([pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "60",
                   "start"])
        return self

    def stop(self) -> None:
        """Stop fast: connected clients are cut off, as when the WAN goes down."""
        self._run([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop"])

    def running(self) -> bool:
        """Whether the server process is up."""
        return subprocess.run(self.as_user + [pg_bin("pg_ctl"), "-D", str(self.data), "status"],
                              capture_output=True).returncode == 0

    def connect(self):
        """A psycopg connection as the superuser (autocommit)."""
        import psycopg
        return psycopg.connect(self.dsn, password=PASSWORD, autocommit=True)

    def destroy(self) -> None:
        """Stop (if running) and remove the data directory."""
        if self.running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def wait_for(condition, limit_s: float = 60.0, every_s: float = 0.05) -> bool:
    """Poll until condition() is true; the limit only stops a hang (tests assert on the outcome)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every_s)
    return bool(condition())
