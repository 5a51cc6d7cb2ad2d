"""A counter's busy time against its scheduled (staffed) hours: utilisation of the schedule and overtime.

The host's day report measures a counter against the time it actually worked (first call to last release),
so a window that served two hours past closing still reads below 100%. The simulator knows each window's
schedule, so it also says how far the day ran over: busy minutes over scheduled minutes (above 1.0 when the
tellers served longer than they were rostered) and the minutes served outside the schedule (into a break or
after the window's scheduled end).
"""
from __future__ import annotations

Span = tuple[float, float]  # seconds of the day


def outside(span: Span, scheduled: tuple[Span, ...]) -> float:
    """Seconds of `span` that fall outside every scheduled span."""
    start, end = span
    inside = sum(max(0.0, min(end, b) - max(start, a)) for a, b in scheduled)
    return max(0.0, (end - start) - inside)


def counter_hours(shifts: dict[str, tuple[Span, ...]], busy: dict[str, list[Span]]) -> dict[str, dict]:
    """Per counter: scheduled, busy and overtime minutes and busy over scheduled (None when never scheduled)."""
    out = {}
    for cid in sorted(set(shifts) | set(busy)):
        scheduled = sum(b - a for a, b in shifts.get(cid, ()))
        spans = busy.get(cid, [])
        worked = sum(b - a for a, b in spans)
        over = sum(outside(s, shifts.get(cid, ())) for s in spans)
        if not scheduled and not worked:
            continue
        out[cid] = {"scheduled_minutes": scheduled / 60, "busy_minutes": worked / 60, "overtime_minutes": over / 60,
                    "utilisation": worked / scheduled if scheduled else None}
    return out


def utilisation(counters: dict[str, dict]) -> float:
    """All counters' busy minutes over their scheduled minutes (above 1.0: the day ran over its roster)."""
    scheduled = sum(c["scheduled_minutes"] for c in counters.values())
    return sum(c["busy_minutes"] for c in counters.values()) / scheduled if scheduled else 0.0


def overtime(counters: dict[str, dict]) -> float:
    """Minutes served outside the counters' schedules, all counters together."""
    return sum(c["overtime_minutes"] for c in counters.values())
