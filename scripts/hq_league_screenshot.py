"""Regenerate docs/hq-league.png: three real branch hosts on branch time ship a morning to a throwaway
PostgreSQL, `fenliu hq report` writes the league, and headless Chromium takes its picture.

Usage: .venv/bin/python scripts/hq_league_screenshot.py [OUT.png]   (needs Debian's postgresql and chromium)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fenliu.cli import main  # noqa: E402
from headoffice import migrate  # noqa: E402
from tests.hostproc import start_host  # noqa: E402
from tests.hqday import Day, branch_file  # noqa: E402
from tests.pgserver import PASSWORD, PgServer, wait_for  # noqa: E402

BRANCHES = {"b1": 300, "b2": 260, "b3": 200}  # actions in each branch's morning
SPEED = 200  # branch time runs 200 times faster: a few real seconds are a morning with real waits


def shipped(host) -> bool:
    """Head office holds every event the branch has."""
    import requests
    health = requests.get(host.url + "/api/health", timeout=5).json()
    return health["hq"]["shipped_seq"] == health["seq"]


def run(out_png: Path) -> int:
    """Make the branches' morning, the league page and its screenshot."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("hq_league_screenshot: chromium is missing (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="fenliu-league-"))
    server = PgServer().start()
    hosts = {}
    try:
        dsn = server.dsn
        with server.connect() as conn:
            migrate.migrate(conn)
        secret = work / "hq-password"
        secret.write_text(PASSWORD)
        for b in BRANCHES:
            hosts[b] = start_host(work / b, config_path=branch_file(work / b / "branch.toml", dsn, b, secret),
                                  speed=SPEED)
        days = [Day(hosts[b], seed, steps) for seed, (b, steps) in enumerate(BRANCHES.items())]
        for d in days:
            d.start()
        for d in days:
            d.join(300)
        if not wait_for(lambda: all(shipped(h) for h in hosts.values())):
            print("hq_league_screenshot: the branches did not finish shipping", file=sys.stderr)
            return 1
        import requests
        day = requests.get(hosts["b1"].url + "/api/health", timeout=5).json()["day"]
        for h in hosts.values():
            h.stop()
        os.environ["PGPASSWORD"] = PASSWORD
        report = work / "report"
        if main(["hq", "--dsn", dsn, "report", "--from", day, "--to", day, "--out", str(report)]) != 0:
            return 1
        page = report / f"hq-league-{day}-{day}.html"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=1400,500", f"--screenshot={out_png.resolve()}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        print(f"hq_league_screenshot: {out_png}")
        return 0
    finally:
        for h in hosts.values():
            h.stop()
        server.destroy()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "hq-league.png")))
