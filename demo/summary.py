"""The headless demo's summary: the host's own figures, checked against what the demo saw happen."""
from __future__ import annotations

import json
from demo.run import Ledger


def host_figures(stats: dict) -> dict:
    """The figures the summary reports, read from the host's GET /api/stats (waits in branch minutes)."""
    waits = stats.get("wait_minutes", {})
    return {
        "visits": int(stats.get("visits", 0)),
        "diverted": dict(stats.get("diverted_by_target", {})),
        "diversion_rate": float(stats.get("diversion_rate", 0.0)),
        "tickets": {k: v for k, v in stats.get("tickets_by_service", {}).items() if v},
        "avg_wait_min": float(waits.get("average", 0.0)),
        "longest_wait_min": float(waits.get("longest", 0.0)),
        "no_shows": int(stats.get("no_shows", 0)),
        "reinstated": int(stats.get("reinstated", 0)),
    }


def mismatches(figures: dict, ledger: Ledger) -> list[str]:
    """Where the host's counts and the demo's own ledger disagree (empty when consistent)."""
    ours = {"visits": ledger.visits, "diverted": {k: v for k, v in ledger.diverted.items() if v},
            "tickets": {k: v for k, v in ledger.tickets.items() if v}, "no_shows": ledger.no_shows,
            "reinstated": ledger.reinstated}
    out = []
    for key, mine in ours.items():
        theirs = figures[key]
        if isinstance(theirs, dict):
            theirs = {k: v for k, v in theirs.items() if v}
        if theirs != mine:
            out.append(f"{key}: host {theirs} / demo {mine}")
    return out


def summary(stats: dict, ledger: Ledger, *, minutes: float, speed: float, seed: int, tickets_dir: str,
            display_png: str | None = None) -> dict:
    """The one JSON object the demo prints last."""
    figures = host_figures(stats)
    wrong = mismatches(figures, ledger)
    return {**figures, "day": stats.get("day", ""), "minutes": minutes, "speed": speed, "seed": seed,
            "display_png": display_png, "manual_tickets": ledger.manual,
            "declined": dict(ledger.declined), "duplicates_refused": ledger.existing,
            "transferred": ledger.transferred, "cancelled": ledger.cancelled, "leads": ledger.leads,
            "overrides": dict(ledger.overrides), "called": ledger.called, "finished": ledger.finished,
            "tickets_printed": ledger.printed, "tickets_dir": tickets_dir, "errors": len(ledger.errors),
            "consistent": not wrong, "mismatches": wrong}


def report(s: dict) -> str:
    """The human-readable lines, then the JSON object as the last line."""
    lines = [
        f"分流演示 fenliu demo: {s['minutes']:g} 分钟营业 / branch minutes (×{s['speed']:g} accelerated)",
        f"  来访 visits: {s['visits']}   分流率 diversion rate: {s['diversion_rate']:.0%}",
        "  分流去向 diverted: " + (", ".join(f"{k} {v}" for k, v in sorted(s["diverted"].items())) or "—"),
        "  各队列取号 tickets: " + (", ".join(f"{k} {v}" for k, v in sorted(s["tickets"].items())) or "—"),
        f"  平均等候 average wait: {s['avg_wait_min']} min   最长 longest: {s['longest_wait_min']} min",
        f"  过号 no-shows: {s['no_shows']}   过号重排 reinstated: {s['reinstated']}   "
        f"手工取号 by hand: {s['manual_tickets']}   转介 transferred: {s['transferred']}",
        f"  打印 tickets printed: {s['tickets_printed']} → {s['tickets_dir']}",
        f"  叫号屏截图 display screenshot: {s['display_png'] or '—'}",
        f"  与主机统计一致 consistent with the host: {'是 yes' if s['consistent'] else '否 NO: ' + '; '.join(s['mismatches'])}",
        json.dumps(s, ensure_ascii=False, sort_keys=True),
    ]
    return "\n".join(lines)
