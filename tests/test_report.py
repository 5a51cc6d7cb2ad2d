"""`fenliu report` and GET /api/report on the headless demo's scripted day: every figure equals the one
counted here, independently and plainly, from the same event log; /api/stats on a real host agrees."""
from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime

import pytest
import requests
from openpyxl import load_workbook

from queue_host import figures, views
from queue_host.config import load
from tests.hostproc import ROOT, tokens_of
from demo.host import free_port

MINUTES = 40


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """One scripted demo day (40 branch minutes at 360x) and its event log."""
    out = tmp_path_factory.mktemp("demo")
    proc = subprocess.run([sys.executable, "-m", "fenliu", "demo", "--headless", "--minutes", str(MINUTES),
                           "--speed", "360", "--seed", "11", "--out", str(out), "--no-screenshot"],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    db, config = out / "fenliu-demo.db", out / "branch-demo.toml"
    events = [json.loads(d) for (d,) in sqlite3.connect(db).execute("SELECT data FROM events ORDER BY seq")]
    return {"out": out, "db": db, "config": config, "cfg": load(config), "events": events,
            "date": events[0]["at"][:10]}


def t(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def nearest_rank_p90(values):
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def plain(events):
    """The figures, counted the obvious way: one loop per figure."""
    last_visit = {}
    for e in events:
        if e["kind"] == "visit":
            last_visit[e["visit_id"]] = e
    visits = list(last_visit.values())
    kpi = [v for v in visits if not v["elderly"]
           and (v["route"] == "self_service" or v["declined_reason"] or v["fallback"])]
    issued = {e["ticket"]["id"]: e for e in events if e["kind"] == "issued"}
    first_call = {}
    for e in events:
        if e["kind"] == "called" and e["ticket"]["id"] not in first_call:
            first_call[e["ticket"]["id"]] = e
    waits = defaultdict(list)
    for tid, call in first_call.items():
        waits[issued[tid]["ticket"]["service"]].append((t(call["at"]) - t(issued[tid]["at"])).total_seconds())
    arrivals = Counter()
    for v in visits:
        a = t(v["arrived_at"])
        arrivals[(f"{a.hour:02d}:{'30' if a.minute >= 30 else '00'}", v["purpose"])] += 1
    served = Counter(e["counter"] for e in events if e["kind"] == "finished")
    return {
        "visits": len(visits),
        "diversion_rate": round(sum(v["route"] == "self_service" for v in kpi) / len(kpi), 3),
        "declined": Counter(v["declined_reason"] for v in visits if v["declined_reason"]),
        "issued": Counter(e["ticket"]["service"] for e in issued.values()),
        "waits": {s: (round(sum(w) / len(w) / 60, 1), round(nearest_rank_p90(w) / 60, 1), round(max(w) / 60, 1))
                  for s, w in waits.items()},
        "no_shows": len({e["ticket"]["id"] for e in events if e["kind"] == "missed"}),
        "reinstated": len({e["ticket"]["id"] for e in events if e["kind"] == "reinstated"}),
        "recalls_per_call": round(sum(e["kind"] == "recalled" for e in events)
                                  / sum(e["kind"] == "called" for e in events), 3),
        "duplicates": sum(1 for e in events if e["kind"] == "visit" and e["existing"]),
        "served": served,
        "high_value": sum(1 for v in visits if v["high_value"]),
        "leads": sum(1 for e in events if e["kind"] == "lead"),
        "alerts": Counter(e["alert"]["kind"] for e in events if e["kind"] == "alert_raised"),
        "arrivals": arrivals,
    }


def test_the_days_figures_equal_those_counted_plainly_from_its_event_log(day):
    cfg, events = day["cfg"], day["events"]
    f = figures.compute(cfg, day["date"], figures.day_events(cfg, day["date"], events), t(events[-1]["at"]))
    p = plain(events)
    assert f["visits"] == p["visits"] > 30
    assert f["diversion_rate"] == p["diversion_rate"] > 0
    assert f["declined_by_reason"] == dict(p["declined"])
    assert {k: v for k, v in f["issued_by_service"].items() if v} == dict(p["issued"])
    assert {s: (w["average"], w["p90"], w["longest"]) for s, w in f["waits"]["per_service"].items() if w["count"]} \
        == p["waits"]
    assert (f["no_shows"], f["reinstated"], f["recalls_per_call"]) == (p["no_shows"], p["reinstated"],
                                                                      p["recalls_per_call"])
    assert f["no_shows"] >= 1 and f["duplicates_refused"] == p["duplicates"]
    assert {c: x["served"] for c, x in f["counters"].items() if x["served"]} == dict(p["served"])
    assert (f["high_value"], f["leads"]) == (p["high_value"], p["leads"]) and f["leads"] >= 1
    assert {k: a["raised"] for k, a in f["alerts"].items()} == dict(p["alerts"])
    assert {(slot, purpose): n for slot, c in f["arrivals"].items() for purpose, n in c.items()} == dict(p["arrivals"])


def test_fenliu_report_writes_html_csv_and_excel_with_the_same_figures(day, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fenliu", "report", "--db", str(day["db"]), "--config",
                           str(day["config"]), "--date", day["date"], "--out", str(tmp_path)],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    p = plain(day["events"])
    book = load_workbook(tmp_path / f"report-{day['date']}.xlsx")
    summary = {row[0]: row[1] for row in book["summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["来访 visits"] == p["visits"]
    assert summary["分流率 diversion rate (KPI)"] == p["diversion_rate"]
    assert summary["过号 no-shows"] == p["no_shows"] and summary["转交客户经理线索 leads handed on"] == p["leads"]
    names = {c.name_zh + " " + c.name_en: code for code, c in day["cfg"].services.items()}
    waits = {names[r[0]]: tuple(r[2:5]) for r in book["waits_service"].iter_rows(min_row=3, values_only=True) if r[1]}
    assert waits == p["waits"]
    csv_text = (tmp_path / f"report-{day['date']}-csv" / "declined.csv").read_text(encoding="utf-8-sig")
    assert sum(int(line.rsplit(",", 1)[1]) for line in csv_text.splitlines()[1:]) == sum(p["declined"].values())
    page = (tmp_path / f"report-{day['date']}.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 7 and "分流率" in page and "Diversion rate" in page


def test_a_report_for_a_day_without_events_says_so_and_writes_nothing(day, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fenliu", "report", "--db", str(day["db"]), "--config",
                           str(day["config"]), "--date", "2020-01-01", "--out", str(tmp_path / "r")],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "no events for 2020-01-01" in proc.stderr
    assert not (tmp_path / "r").exists()


def test_a_report_at_a_malformed_time_says_how_to_write_it_and_writes_nothing(day, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fenliu", "report", "--db", str(day["db"]), "--config",
                           str(day["config"]), "--date", day["date"], "--at", "6pm", "--out", str(tmp_path / "r")],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "--at must be a time like 2026-11-24T18:00, got '6pm'" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "r").exists()


def test_api_stats_and_api_report_on_a_real_host_equal_the_figures_of_today(day, tmp_path):
    port = free_port()
    # The demo's own host process, reopened on the day's database with branch time just after the demo.
    host = subprocess.Popen([sys.executable, "-m", "demo.hostproc", "--config", str(day["config"]), "--db",
                             str(day["db"]), "--port", str(port), "--speed", "1", "--epoch",
                             str(time.time() - (MINUTES + 1) * 60), "--allow-demo-secrets"],
                            cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url, tokens = f"http://127.0.0.1:{port}", tokens_of(day["config"])
    manager = {"Authorization": f"Bearer {tokens['manager']}"}
    try:
        for _ in range(300):
            assert host.poll() is None, "the reopened demo host stopped (is its port taken?)"
            try:
                if requests.get(url + "/api/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise AssertionError("the reopened demo host did not answer")
        cfg = day["cfg"]
        conn = sqlite3.connect(day["db"])
        for _ in range(50):  # the host's housekeeping may log an event meanwhile: read a quiet moment
            before = conn.execute("SELECT MAX(seq) FROM events").fetchone()[0]
            stats = requests.get(url + "/api/stats", headers=manager, timeout=5).json()
            report = requests.get(url + "/api/report", headers=manager, timeout=5).json()
            if conn.execute("SELECT MAX(seq) FROM events").fetchone()[0] == before:
                break
        events = [json.loads(d) for (d,) in conn.execute("SELECT data FROM events ORDER BY seq")]
        mine = figures.compute(cfg, day["date"], figures.day_events(cfg, day["date"], events), t(events[-1]["at"]))
        assert stats == json.loads(json.dumps(views.stats(mine)))
        assert stats["visits"] == plain(events)["visits"] and stats["day"] == day["date"]
        for key in ("arrivals", "diversion", "counters", "tellers", "alerts", "issued_by_service"):
            assert report[key] == json.loads(json.dumps(mine[key])), key
        assert report["waits"]["per_service"] == json.loads(json.dumps(mine["waits"]["per_service"]))
        counter = {"Authorization": f"Bearer {tokens['counter-1']}"}
        assert requests.get(url + "/api/report", headers=counter, timeout=5).status_code == 403
        wrong = requests.get(url + "/api/report?date=2026-02-30", headers=manager, timeout=5)
        assert wrong.status_code == 422 and "YYYY-MM-DD" in wrong.json()["message_en"]
    finally:
        host.terminate()
        host.wait(timeout=10)


def test_a_period_report_adds_a_day_by_day_table(day, tmp_path):
    first = (datetime.fromisoformat(day["date"]).date().replace(day=1)).isoformat()
    proc = subprocess.run([sys.executable, "-m", "fenliu", "report", "--db", str(day["db"]), "--config",
                           str(day["config"]), "--from", first, "--to", day["date"], "--out", str(tmp_path)],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    stem = f"report-{first}_{day['date']}"
    rows = (tmp_path / f"{stem}-csv" / "days.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith(f"{day['date']},{plain(day['events'])['visits']},")
    assert "期间报表" in (tmp_path / f"{stem}.html").read_text(encoding="utf-8")


def test_every_chart_letters_its_chinese_in_the_shipped_font_without_missing_glyphs(day):
    import warnings
    from reports import charts
    cfg, events = day["cfg"], day["events"]
    report = views.report(cfg, figures.compute(cfg, day["date"], figures.day_events(cfg, day["date"], events),
                                               t(events[-1]["at"])))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = charts.all_charts(report)
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]
    assert charts.FONT.name == "NotoSansSC-Regular-GB2312.otf"
    assert all(png.startswith(b"\x89PNG") and len(png) > 5000 for png in pngs.values())
