"""Head office's full report: two real branch hosts ship a day to a real PostgreSQL; `fenliu hq report` writes
each branch's report with the same figures as `fenliu report` at the branch, the branches combined (their
totals summed), and the league table linking them; wrong input gets a clear error."""
from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo
from pathlib import Path

import psycopg
import pytest
import requests

from fenliu.cli import main
from headoffice import cli as hq_cli, migrate
from headoffice.report import COLUMNS
from tests.hostproc import start_host
from tests.hqday import Day, branch_file
from tests.pgserver import PASSWORD, wait_for

pytestmark = pytest.mark.slow

BRANCHES = ("b1", "b2")
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the shipped branch template's zone
SPEED = 200
SUMMED = ("来访 visits", "分流 diverted to self-service", "拒绝分流 declined", "设备停用转柜台 machine out of service",
          "老年客户来访(不计入KPI) elderly visits (not in the KPI)", "取号 tickets", "叫号 calls", "过号 no-shows",
          "过号重排 reinstated", "拒绝重复取号 duplicate tickets refused", "转介 transferred",
          "高价值来访 high-value visits", "转交客户经理线索 leads handed on", "贵宾取号 VIP tickets")


def closing(day: str) -> str:
    """The branch time every report here counts at: the evening of the shipped day, whatever the clock says now
    (tickets still waiting then are past their minutes, and two reports of one test count the same moment)."""
    return f"{day}T20:00"


def health(host) -> dict:
    return requests.get(host.url + "/api/health", timeout=5).json()


def tables(folder: Path) -> dict[str, list[list[str]]]:
    """Every CSV of a report folder, by table key."""
    return {p.stem: list(csv.reader(p.read_text(encoding="utf-8-sig").splitlines())) for p in sorted(folder.glob("*.csv"))}


def summary(folder: Path) -> dict[str, float]:
    """The summary table's figures."""
    return {row[0]: float(row[1]) for row in tables(folder)["summary"][1:]}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, pg_server):
    """Two branches' day, shipped to a fresh head office: (dsn, day, {branch: (db, branch file)})."""
    tmp = tmp_path_factory.mktemp("hqreport")
    name = "hq_report_day"
    if not pg_server.running():
        pg_server.start()
    with pg_server.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    dsn = pg_server.dsn.replace("dbname=postgres", f"dbname={name}")
    with psycopg.connect(dsn, password=PASSWORD, autocommit=True) as conn:
        migrate.migrate(conn)
    secret = tmp / "hq-password"
    secret.write_text(PASSWORD)
    files = {b: branch_file(tmp / b / "branch.toml", dsn, b, secret) for b in BRANCHES}
    # On branch time 200 times faster: the morning's waits are branch minutes, some past the service level.
    hosts = {b: start_host(tmp / b, config_path=files[b], speed=SPEED) for b in BRANCHES}
    try:
        for seed, b in enumerate(BRANCHES):
            day = Day(hosts[b], 40 + seed, 300)
            day.run()
            assert day.ok > 150
        assert wait_for(lambda: all(health(h)["hq"]["shipped_seq"] == health(h)["seq"] for h in hosts.values()))
        today = health(hosts["b1"])["day"]
    finally:
        for h in hosts.values():
            h.stop()
    return dsn, today, {b: (hosts[b].db_path, files[b]) for b in BRANCHES}


@pytest.fixture
def hq_report(shipped, tmp_path, monkeypatch):
    """Run `fenliu hq report` for the shipped day with the given extra arguments; the output folder."""
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    dsn, day, _ = shipped

    def run(*extra: str) -> Path:
        out = tmp_path / "hq"
        assert main(["hq", "--dsn", dsn, "report", "--from", day, "--to", day, "--at", closing(day), "--out", str(out),
                     *extra]) == 0
        return out
    return run


def test_a_branchs_head_office_report_has_the_same_figures_as_its_own_report(shipped, hq_report, tmp_path):
    dsn, day, branches = shipped
    db, config = branches["b1"]
    assert main(["report", "--db", str(db), "--config", str(config), "--date", day, "--at", closing(day),
                 "--out", str(tmp_path / "own")]) == 0
    out = hq_report("--branch", "b1")

    own, hq = tables(tmp_path / "own" / f"report-{day}-csv"), tables(out / "branch-b1" / f"report-{day}-csv")
    assert sorted(own) == sorted(hq)
    for key in own:
        if key != "tellers":  # who called stays at the branch: head office shows the table as not available
            assert hq[key] == own[key], key
    assert len(own["tellers"]) > 1 and "not available" in hq["tellers"][1][0]
    figures = summary(out / "branch-b1" / f"report-{day}-csv")
    assert figures["来访 visits"] > 40 and figures["过号 no-shows"] > 0 and figures["叫号 calls"] > 10
    assert (out / "branch-b1" / f"report-{day}.xlsx").stat().st_size > 0
    page = (out / "branch-b1" / f"report-{day}.html").read_text(encoding="utf-8")
    assert "Branch b1" in page and "data:image/png;base64" in page and "branch template" in page
    assert not (out / "combined").exists()  # one branch: no combined report
    league = (out / f"hq-league-{day}-{day}.html").read_text(encoding="utf-8")
    assert f'href="branch-b1/report-{day}.html"' in league


def test_a_period_report_at_head_office_matches_the_branchs_period_report_day_by_day(shipped, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    dsn, day, branches = shipped
    db, config = branches["b2"]
    before = (date.fromisoformat(day) - timedelta(days=2)).isoformat()
    assert main(["report", "--db", str(db), "--config", str(config), "--from", before, "--to", day,
                 "--at", closing(day), "--out", str(tmp_path / "own")]) == 0
    out = tmp_path / "hq"
    assert main(["hq", "--dsn", dsn, "report", "--from", before, "--to", day, "--branch", "b2",
                 "--at", closing(day), "--out", str(out)]) == 0
    own = tables(tmp_path / "own" / f"report-{before}_{day}-csv")
    hq = tables(out / "branch-b2" / f"report-{before}_{day}-csv")
    assert "days" in hq and {k: v for k, v in hq.items() if k != "tellers"} == {
        k: v for k, v in own.items() if k != "tellers"}


def test_the_combined_report_sums_the_branches_and_the_league_links_every_report(shipped, hq_report):
    _, day, _ = shipped
    out = hq_report()
    per = {b: summary(out / f"branch-{b}" / f"report-{day}-csv") for b in BRANCHES}
    both = summary(out / "combined" / f"report-{day}-csv")
    for figure in SUMMED:
        assert both[figure] == sum(p[figure] for p in per.values()), figure
    assert both["来访 visits"] > 80
    # Arrivals per half hour and tickets per queue add up too; each branch's counters are listed by branch.
    arrivals = {b: tables(out / f"branch-{b}" / f"report-{day}-csv")["arrivals"] for b in BRANCHES}
    combined = tables(out / "combined" / f"report-{day}-csv")
    assert sum(int(r[-1]) for r in combined["arrivals"][1:]) == sum(int(r[-1]) for a in arrivals.values() for r in a[1:])
    served = {row[0]: int(row[1]) for row in combined["counters"][1:]}
    for b in BRANCHES:
        for row in tables(out / f"branch-{b}" / f"report-{day}-csv")["counters"][1:]:
            assert served[f"{b} {row[0]}"] == int(row[1])
    league = (out / f"hq-league-{day}-{day}.html").read_text(encoding="utf-8")
    assert 'href="combined/' in league and all(f'href="branch-{b}/report-{day}.html"' in league for b in BRANCHES)


LEAGUE = {  # league CSV column -> the branch report's summary row holding the same figure
    "分流率 / Diversion rate": "分流率 diversion rate (KPI)",
    "服务达标率 / Service level": "服务达标率(全部队列) service level (all queues)",
    "平均等候(分) / Average wait (min)": "平均等候(分) average wait (min)",
    "过号率 / No-show rate": "过号率(每叫到一号) no-show rate (per ticket called)",
}


def test_each_league_row_shows_the_numbers_of_the_branchs_own_reports(shipped, hq_report, tmp_path):
    dsn, day, branches = shipped
    out = hq_report()
    with open(out / f"hq-league-{day}-{day}.csv", encoding="utf-8-sig", newline="") as f:
        league = {row["网点 / Branch"]: row for row in csv.DictReader(f)}
    assert sorted(league) == list(BRANCHES)
    late = 0
    for b in BRANCHES:
        db, config = branches[b]
        assert main(["report", "--db", str(db), "--config", str(config), "--date", day,
                     "--at", closing(day), "--out", str(tmp_path / f"own-{b}")]) == 0
        own = summary(tmp_path / f"own-{b}" / f"report-{day}-csv")
        at_hq = summary(out / f"branch-{b}" / f"report-{day}-csv")
        for column, figure in LEAGUE.items():
            assert float(league[b][column]) == at_hq[figure] == own[figure], (b, column)
        # The day has tickets left uncalled past their queue's minutes: the league counts them as misses, as
        # the report does (called tickets alone would give a higher service level).
        levels = tables(out / f"branch-{b}" / f"report-{day}-csv")["tickets"][1:]
        late += sum(int(row[5]) for row in levels) - int(league[b]["叫号 / Called"])
    assert late > 0

    # The league alone (no report written) has the same rows.
    with psycopg.connect(dsn, password=PASSWORD) as conn:
        quick = {r["branch"]: r for r in hq_cli.league_rows(conn, date.fromisoformat(day), date.fromisoformat(day), None,
                                                          now=datetime.fromisoformat(closing(day)).replace(tzinfo=SHANGHAI))}
    for b in BRANCHES:
        assert [str(quick[b][key]) for key, _, _ in COLUMNS] == [league[b][f"{zh} / {en}"] for _, zh, en in COLUMNS]


def test_unknown_branches_dates_the_wrong_way_round_and_an_unreachable_server_get_a_clear_error(
        shipped, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    dsn, day, _ = shipped
    out = tmp_path / "out"
    assert main(["hq", "--dsn", dsn, "report", "--from", day, "--to", day, "--branch", "b1", "--branch", "b9",
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no branch b9" in err and "b1, b2" in err and "fenliu hq status" in err and "Traceback" not in err
    assert not out.exists()

    assert main(["hq", "--dsn", dsn, "report", "--from", day, "--to", day, "--config", str(tmp_path / "none.toml"),
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "none.toml" in err and "--config" in err and not out.exists()

    assert main(["hq", "--dsn", dsn, "report", "--from", "2026-11-30", "--to", "2026-11-01"]) == 1
    assert "--to 2026-11-01 is before --from 2026-11-30" in capsys.readouterr().err

    from demo.host import free_port
    nowhere = f"host=127.0.0.1 port={free_port()} dbname=hq user=fenliu"
    assert main(["hq", "--dsn", nowhere, "report", "--from", day, "--to", day]) == 1
    err = capsys.readouterr().err
    assert "cannot reach head office's database" in err and "Check the host, port" in err
    assert "Traceback" not in err
