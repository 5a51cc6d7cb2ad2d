"""The morning's figures from what each device recorded, the faults' moments and the host's own database."""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from lab.net import SLOW_DELAY_MS, SLOW_DROP

OUTAGES = {  # name: (start kind, end kind, node or None)
    "kiosk1_cable_pulled": ("cable_down", "cable_up", "kiosk1"),
    "display_cable_pulled": ("cable_down", "cable_up", "display"),
    "host_power_cut": ("host_killed", "host_serving", None),
    "host_unreachable": ("cable_down", "cable_up", "host"),
}


def load(path: Path) -> Any:
    """A device's JSON record (None when it wrote none)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def windows(faults: list[dict]) -> dict[str, tuple[dict, dict]]:
    """Each outage's start and end fault notes."""
    out = {}
    for name, (start, end, node) in OUTAGES.items():
        a = next((f for f in faults if f["kind"] == start and f.get("node") == node), None)
        b = next((f for f in faults if f["kind"] == end and f.get("node") == node), None)
        if a and b:
            out[name] = (a, b)
    return out


def host_db(path: Path) -> tuple[list[dict], list[tuple[int, str, dict]]]:
    """The host's tickets and events, read from its SQLite file after it stopped."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tickets = [json.loads(d) for (d,) in con.execute("SELECT data FROM tickets")]
        events = [(s, k, json.loads(d)) for s, k, d in con.execute("SELECT seq, kind, data FROM events ORDER BY seq")]
    finally:
        con.close()
    return tickets, events


def kiosk_figures(kiosks: list[dict], wins: dict) -> dict:
    """Per outage: tickets the kiosks it cut off issued, and how long each customer waited for one."""
    out = {}
    for name, (a, b) in wins.items():
        node = OUTAGES[name][2]
        cut_off = [k for k in kiosks if node in (None, "host", k["name"])]
        inside = [v for k in cut_off for v in k["visits"] if a["at"] <= v["at"] <= b["at"] + 0.5]
        waits = [v["wait_s"] for v in inside if v["number"]]
        out[name] = {"real_s": round(b["at"] - a["at"], 1),
                     "branch_min": round((b["branch_s"] - a["branch_s"]) / 60, 1),
                     "kiosk_visits": len(inside), "tickets": len(waits),
                     "offline_tickets": sum(1 for v in inside if v["offline"] and v["number"]),
                     "kiosk_wait_s": [round(w, 2) for w in waits]}
    return out


def handin_figures(kiosks: list[dict], tickets: list[dict]) -> dict:
    """Offline tickets journalled, handed in, lost; numbers issued twice anywhere."""
    journal = [t for k in kiosks for t in k["book"]]
    at_host = Counter(t.get("number") for t in tickets)
    printed = Counter(v["number"] for k in kiosks for v in k["visits"] if v["number"])
    return {"offline_issued": len(journal), "handed_in": sum(1 for t in journal if t["state"] == "delivered"),
            "still_pending": sum(1 for t in journal if t["state"] == "pending"),
            "refused": sum(1 for t in journal if t["state"] == "refused"),
            "expired": sum(1 for t in journal if t["state"] == "expired"),
            "lost": sorted(t["number"] for t in journal if at_host[t["number"]] == 0),
            "printed": sum(printed.values()),
            "printed_not_at_host": sorted(n for n in printed if at_host[n] == 0),
            "numbers_twice_at_host": sorted(n for n, c in at_host.items() if c > 1),
            "numbers_printed_twice": sorted(n for n, c in printed.items() if c > 1)}


def display_figures(display: dict, events: list, wins: dict) -> dict:
    """Every call of the host's log after the display's first picture shown once, in order; its outage's catch-up."""
    first = display["snapshots"][0]["seq"] if display["snapshots"] else 0
    log = [s for s, kind, _ in events if kind in ("called", "recalled") and s > first]
    shown = [c["seq"] for c in display["calls"]]
    seen = Counter(shown)
    out = {"calls_in_host_log": len(log), "shown": len(shown), "missing": len(set(log) - set(seen)),
           "shown_twice": sum(1 for c in seen.values() if c > 1), "in_order": shown == sorted(shown),
           "snapshots": len(display["snapshots"]),
           "offline_notices": sum(1 for o in display["offline"] if o["offline"])}
    win = wins.get("display_cable_pulled")
    if win and win[0]["seq"] is not None and win[1]["seq"] is not None:
        a, b = win
        during = [s for s in log if a["seq"] < s <= b["seq"]]
        times = {c["seq"]: c["shown_at"] for c in display["calls"]}
        reached = [s for s in during if s in times]
        out["outage_calls"] = len(during)
        out["outage_calls_reached_display"] = len(reached)
        out["catch_up_s"] = round(max((times[s] for s in reached), default=b["at"]) - b["at"], 2) if reached else 0.0
    return out


def refusal_figures(kiosks: list[dict], counters: list[dict]) -> dict:
    """Requests refused or unanswered, by who and why."""
    why: Counter = Counter()
    for k in kiosks:
        for v in k["visits"]:
            if v["refused"]:
                why[f"{k['name']} visit: {v['refused']}"] += 1
        for r in k["refused"]:
            why[f"{k['name']} hand-in: {r.get('problem', '')}"] += 1
    for c in counters:
        for r in c["refusals"]:
            why[f"counter {c['counter']} {r['action']}: {r['error']} ({r['why']})"] += 1
    return dict(why.most_common())


def earlier(a: str | None, b: str) -> bool:
    """Whether time a (ISO, any offset) is before time b; False when a is missing."""
    return bool(a) and datetime.fromisoformat(a) < datetime.fromisoformat(b)


def figures(morning: Any, first_start_s: float, drained_s: float) -> dict:
    """The one JSON object the lab prints."""
    out_dir = morning.dir / "out"
    kiosks = [load(out_dir / f"{n}.json") for n in ("kiosk1", "kiosk2")]
    display = load(out_dir / "display.json")
    counters = [load(out_dir / f"counter{c}.json") for c in ("3", "4", "5")]
    missing = [n for n, r in zip(["kiosk1", "kiosk2", "display", "counter3", "counter4", "counter5"],
                                 [*kiosks, display, *counters]) if r is None]
    if missing:
        raise RuntimeError(f"devices wrote no record: {', '.join(missing)}; see their logs in {morning.dir}")
    tickets, events = host_db(morning.branch.database())
    wins = windows(morning.faults)
    slow = next((f for f in morning.faults if f["kind"] == "slow_on"), None)
    slow_off = next((f for f in morning.faults if f["kind"] == "slow_off"), None)
    slow_calls = [c for c in counters[1]["calls"] if slow and slow_off and slow["at"] <= c["at"] <= slow_off["at"]]
    clock = kiosks[1]
    argv = morning.branch.units["host"].split()
    host_at = {t.get("number"): t.get("issued_at", "") for t in tickets}
    return {
        "visitors": len(morning.people), "speed": morning.opts.speed,
        "branch_minutes": round(morning.end_s / 60, 1),
        "outages": kiosk_figures(kiosks, wins),
        "hand_in": handin_figures(kiosks, tickets),
        "display": display_figures(display, events, wins),
        "teller_calls": sum(len(c["calls"]) for c in counters),
        "refused": refusal_figures(kiosks, counters),
        "host_restart": {"first_start_s": round(first_start_s, 2), **morning.restart},
        "slow_link": {"node": "counter4", "mechanism": "user-space TCP relay (no netem in this kernel)",
                      "delay_ms_each_way": SLOW_DELAY_MS, "drop_share": SLOW_DROP,
                      "calls_while_slow": len(slow_calls), **(load(out_dir / "proxy.json") or {})},
        "clock_offset": {"node": "kiosk2", "offset_s": morning.opts.clock_offset_s,
                         "applied_to": "offline ticket stamps",
                         "offline_tickets": len(clock["book"]),
                         "handed_in": sum(1 for t in clock["book"] if t["state"] == "delivered"),
                         "stamps_ahead_taken_as_hand_in_time": sum(
                             1 for t in clock["book"] if earlier(host_at.get(t["number"]), t["issued_at"]))},
        "drain_s": round(drained_s, 1),
        "host_unit_exec_start": " ".join([Path(argv[0]).name, *argv[1:]]), "notes": morning.branch.notes,
    }
