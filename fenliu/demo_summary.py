"""The headless demo's summary: the host's own figures, checked against what the demo saw happen."""
from __future__ import annotations

import json
from typing import Any

from fenliu.demo_run import Ledger


def _num(stats: dict, *names: str, default: Any = 0) -> Any:
    """The first of `names` present in the host's stats (the names the host uses, with old spellings)."""
    for name in names:
        if name in stats and stats[name] is not None:
            return stats[name]
    return default


def host_figures(stats: dict, speed: float) -> dict:
    """The figures the summary reports, read from GET /api/stats; waits converted to branch minutes."""
    avg_s = float(_num(stats, "average_wait_s", "avg_wait_s", default=0.0))
    longest_s = float(_num(stats, "longest_wait_s", "max_wait_s", default=0.0))
    return {
        "visits": int(_num(stats, "visits")),
        "diverted": dict(_num(stats, "diverted", "diverted_by_target", default={})),
        "diversion_rate": round(float(_num(stats, "diversion_rate", default=0.0)), 3),
        "tickets": dict(_num(stats, "tickets", "tickets_per_service", default={})),
        # The host measured real seconds of an accelerated hour: × speed gives the branch's minutes.
        "avg_wait_min": round(avg_s * speed / 60, 1),
        "longest_wait_min": round(longest_s * speed / 60, 1),
        "no_shows": int(_num(stats, "no_shows")),
        "reinstated": int(_num(stats, "reinstated")),
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


def summary(stats: dict, ledger: Ledger, *, minutes: float, speed: float, seed: int, tickets_dir: str) -> dict:
    """The one JSON object the demo prints last."""
    figures = host_figures(stats, speed)
    wrong = mismatches(figures, ledger)
    return {**figures, "minutes": minutes, "speed": speed, "seed": seed, "manual_tickets": ledger.manual,
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
        f"  与主机统计一致 consistent with the host: {'是 yes' if s['consistent'] else '否 NO: ' + '; '.join(s['mismatches'])}",
        json.dumps(s, ensure_ascii=False, sort_keys=True),
    ]
    return "\n".join(lines)
