"""The branch head's figures of a business day, counted from its event log. No I/O, no clock.

Definitions (the report, /api/report and /api/stats all use these):
- a visit is counted once, as it last stood (a customer who turned down the machine replaces their
  diverted visit); arrivals are bucketed by the time the customer arrived;
- the diversion rate (the KPI) is, of the visits a machine could take (diverted, declined, or sent back
  because the machine was out of service), the share that went to one; visits marked elderly are left
  out of the KPI (regulator's guidance) but still counted as visits and where they went;
- a ticket's wait runs from its issue to its first call, in the queue it was issued to; p90 is the
  nearest-rank 90th percentile; the service level is the share of tickets first called within the
  service's minutes (a ticket still uncalled past them counts as a miss), and overall the same over
  every queue's counted tickets;
- the no-show rate is the tickets that went to the missed list per ticket called;
- a counter is busy from a call until the ticket leaves it (finished, no-show, parked, transferred,
  cancelled); its utilisation is busy time over its staffed span (first call to last release, less
  pauses).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from types import SimpleNamespace
from datetime import datetime, timedelta

from queue_host import ratings
from queue_host.config import Config
from queue_host.lobby import business_day

LIVE = {"waiting", "called", "parked", "missed"}
MOVES = {"called": "called", "missed": "missed", "reinstated": "waiting", "returned": "waiting",
         "transferred": "waiting", "parked": "parked", "finished": "finished", "cancelled": "cancelled"}
RELEASES = ("finished", "missed", "parked", "transferred", "cancelled")
OLD_VISIT = {"tier": "normal", "elderly": False, "declined_reason": None, "fallback": None, "existing": False,
             "high_value": False, "target": None}


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def spread(seconds: list[float]) -> dict:
    """Count, average, p90 and maximum of durations, in minutes (one decimal)."""
    if not seconds:
        return {"count": 0, "average": 0.0, "p90": 0.0, "longest": 0.0}
    return {"count": len(seconds), "average": round(sum(seconds) / len(seconds) / 60, 1),
            "p90": round(p90(seconds) / 60, 1), "longest": round(max(seconds) / 60, 1)}


def slot(at: datetime) -> str:
    """The half hour an instant falls in, as HH:MM."""
    return f"{at.hour:02d}:{30 if at.minute >= 30 else 0:02d}"


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _t(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def day_events(cfg: Config, day: str, events: list[dict]) -> list[dict]:
    """The events of one business day, in log order."""
    return [e for e in events if business_day(cfg, _t(e["at"])) == day]


def _diversion(cfg: Config, visits: list[dict]) -> dict:
    """The KPI overall, per self-service target and per hour of arrival (elderly visits left out)."""
    counted = [v for v in visits if not v["elderly"]]
    overall = [v for v in counted if v["route"] == "self_service" or v["declined_reason"] or v["fallback"]]
    per_target = {}
    for code in cfg.targets:
        mine = [v for v in overall if v["target"] == code]
        went = sum(1 for v in mine if v["route"] == "self_service")
        per_target[code] = {"divertible": len(mine), "diverted": went, "rate": _rate(went, len(mine))}
    per_hour: dict[str, dict] = {}
    for v in overall:
        hour = f"{_t(v['arrived_at']).hour:02d}:00"
        h = per_hour.setdefault(hour, {"divertible": 0, "diverted": 0})
        h["divertible"] += 1
        h["diverted"] += v["route"] == "self_service"
    for h in per_hour.values():
        h["rate"] = _rate(h["diverted"], h["divertible"])
    went = sum(1 for v in overall if v["route"] == "self_service")
    return {"rate": _rate(went, len(overall)), "divertible": len(overall), "diverted": went,
            "elderly_left_out": len(visits) - len(counted), "per_target": per_target,
            "per_hour": dict(sorted(per_hour.items()))}


class _Day:
    """One pass over the log: visits, tickets, counters, alerts as they last stood."""

    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.visits: dict[int, dict] = {}
        self.tickets: dict[int, dict] = {}
        self.counts: Counter = Counter()
        self.busy: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
        self.at_counter: dict[int, tuple[str, datetime, str]] = {}
        self.paused: dict[str, list[list]] = defaultdict(list)
        self.alerts: dict[int, dict] = {}
        self.rated: list[SimpleNamespace] = []  # the counter screens' ratings (counter, teller, rating)

    def feed(self, e: dict) -> None:
        """Take one event into the day's state."""
        kind, at = e["kind"], _t(e["at"])
        self.counts[kind] += 1
        if kind == "cancelled" and e.get("by") == "customer":  # "我不办了" on the phone: an empty call saved
            self.counts["empty_calls_saved"] += 1
        elif kind == "rated":
            self.rated.append(SimpleNamespace(counter=e.get("counter"), teller=e.get("teller"), rating=e.get("rating")))
        if kind == "visit":
            # Logs written before every visit was logged carry fewer fields: read them with defaults.
            self.visits[e["visit_id"]] = {**OLD_VISIT, "arrived_at": e["at"], **e}
            self.counts["duplicates_refused"] += bool(e.get("existing"))
        elif kind == "issued":
            t = e["ticket"]
            self.tickets[t["id"]] = {"service": t["service"], "final_service": t["service"], "tier": t["tier"],
                                     "vip": t["vip"], "issued_at": at, "first_call": None, "first_counter": None,
                                     "state": "waiting", "missed": False, "reinstated": False, "end": None}
        elif kind in MOVES and "ticket" in e and e["ticket"]["id"] in self.tickets:
            self._move(kind, e, at)
        elif kind in ("counter_paused", "counter_resumed"):
            spans = self.paused[e["counter"]]
            if kind == "counter_paused":
                spans.append([at, None])
            elif spans and spans[-1][1] is None:
                spans[-1][1] = at
        elif kind in ("alert_raised", "alert_cleared"):
            self.alerts[e["alert"]["id"]] = e["alert"]

    def _move(self, kind: str, e: dict, at: datetime) -> None:
        tid = e["ticket"]["id"]
        t = self.tickets[tid]
        t["state"] = MOVES[kind]
        t["final_service"] = e["ticket"]["service"]
        if kind == "called":
            if t["first_call"] is None:
                t["first_call"], t["first_counter"] = at, e["counter"]
            self.at_counter[tid] = (e["counter"], at, e.get("by", ""))
        elif kind in RELEASES and tid in self.at_counter:
            counter, start, by = self.at_counter.pop(tid)
            self.busy[counter].append((start, at, by))
            if kind == "finished":
                t["service_s"] = (at - start).total_seconds()
                t["counter"], t["by"] = counter, by
        if kind == "missed":
            t["missed"] = True
        elif kind == "reinstated":
            t["reinstated"] = True
        if kind in ("finished", "cancelled"):
            t["end"] = at


def _waits(cfg: Config, tickets: list[dict], now: datetime, closed: bool) -> dict:
    """Waits per service and per tier, the service level, and the longest ordinary wait at a VIP window."""
    vip_windows = {cid for cid, c in cfg.counters.items() if any(cfg.services[s].vip for s in c.services)}
    called = [t for t in tickets if t["first_call"]]
    wait = {id(t): (t["first_call"] - t["issued_at"]).total_seconds() for t in called}
    per_service, level = {}, {}
    for code, conf in cfg.services.items():
        mine = [wait[id(t)] for t in called if t["service"] == code]
        per_service[code] = spread(mine)
        limit = conf.service_level_minutes * 60
        # Uncalled tickets that already waited past the limit are misses (until they left or now).
        late = sum(1 for t in tickets if t["service"] == code and not t["first_call"]
                   and _uncalled_until(t, now, closed) - t["issued_at"] > timedelta(seconds=limit))
        within = sum(1 for w in mine if w <= limit)
        level[code] = {"minutes": conf.service_level_minutes, "within": within, "counted": len(mine) + late,
                       "rate": _rate(within, len(mine) + late)}
    ordinary_at_vip = [wait[id(t)] for t in called if not t["vip"] and t["first_counter"] in vip_windows]
    within, counted = sum(x["within"] for x in level.values()), sum(x["counted"] for x in level.values())
    return {"all": spread(list(wait.values())), "per_service": per_service,
            "overall_level": {"within": within, "counted": counted, "rate": _rate(within, counted)},
            "per_tier": {"vip": spread([wait[id(t)] for t in called if t["tier"] != "normal"]),
                         "ordinary": spread([wait[id(t)] for t in called if t["tier"] == "normal"])},
            "ordinary_at_vip_window_longest": round(max(ordinary_at_vip, default=0) / 60, 1),
            "service_level": level}


def _uncalled_until(t: dict, now: datetime, closed: bool) -> datetime:
    # A ticket never called waited until it was cancelled, or until now while the day is open; one
    # left live at the close has no known end and is not counted.
    return t["end"] or (t["issued_at"] if closed else now)


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds())


def _counters(cfg: Config, d: _Day, until: datetime) -> tuple[dict, dict]:
    """Service time and utilisation per counter and per teller (a call still open runs to `until`)."""
    per_counter, per_teller = {}, {}
    for tid, (cid, start, by) in d.at_counter.items():
        if start <= until:
            d.busy[cid].append((start, until, by))
    for cid in cfg.counters:
        spans = d.busy.get(cid, [])
        served = [t["service_s"] for t in d.tickets.values() if t.get("counter") == cid and "service_s" in t]
        busy = sum((end - start).total_seconds() for start, end, _ in spans)
        staffed = 0.0
        if spans:
            first, last = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
            staffed = (last - first).total_seconds()
            # A pause is time off, except while the teller was still serving (paused after this customer).
            for p_start, p_end in d.paused.get(cid, []):
                p_end = p_end or last
                staffed -= _overlap(p_start, p_end, first, last)
                staffed += sum(_overlap(p_start, p_end, s, e) for s, e, _ in spans)
        per_counter[cid] = {"served": len(served), "service": spread(served),
                            "busy_minutes": round(busy / 60, 1), "staffed_minutes": round(staffed / 60, 1),
                            "utilisation": _rate(busy, staffed) if staffed > 0 else 0.0}
    tellers = defaultdict(list)
    for cid, spans in d.busy.items():
        for start, end, by in spans:
            tellers[by or "—"].append((start, end))
    for by, spans in sorted(tellers.items()):
        served = [t["service_s"] for t in d.tickets.values() if "service_s" in t and (t.get("by") or "—") == by]
        busy = sum((e - s).total_seconds() for s, e in spans)
        staffed = (max(e for _, e in spans) - min(s for s, _ in spans)).total_seconds()
        per_teller[by] = {"served": len(served), "service": spread(served), "busy_minutes": round(busy / 60, 1),
                          "utilisation": _rate(busy, staffed) if staffed > 0 else 0.0}
    return per_counter, per_teller


def _alerts(alerts: list[dict]) -> dict:
    """Alerts raised per kind and the minutes until they were cleared."""
    out = {}
    for kind in sorted({a["kind"] for a in alerts}):
        mine = [a for a in alerts if a["kind"] == kind]
        cleared = [(_t(a["cleared_at"]) - _t(a["raised_at"])).total_seconds() for a in mine if a["cleared_at"]]
        out[kind] = {"raised": len(mine), "open": len(mine) - len(cleared), "to_clear": spread(cleared)}
    return out


def compute(cfg: Config, day: str, events: list[dict], now: datetime) -> dict:
    """Every figure of one business day from its events (pass them through day_events first)."""
    closed = business_day(cfg, now) != day
    d = _Day(cfg)
    for e in events:
        d.feed(e)
    visits = sorted(d.visits.values(), key=lambda v: (v["arrived_at"], v["visit_id"]))
    tickets = list(d.tickets.values())
    arrivals: dict[str, Counter] = defaultdict(Counter)
    for v in visits:
        arrivals[slot(_t(v["arrived_at"]))][v["purpose"]] += 1
    states = Counter("unserved" if closed and t["state"] in LIVE else t["state"] for t in tickets)
    diverted = Counter(v["target"] for v in visits if v["route"] == "self_service")
    declined = Counter(v["declined_reason"] for v in visits if v["declined_reason"])
    # Calls still open at the end of the log run to its last event, so a report does not grow with the hour
    # it is read at.
    last = _t(events[-1]["at"]) if events else now
    per_counter, per_teller = _counters(cfg, d, min(now, last))
    diversion = _diversion(cfg, visits)
    waits = _waits(cfg, tickets, now, closed)
    served = [t["service_s"] for t in tickets if "service_s" in t]
    calls = d.counts["called"]
    no_shows = sum(1 for t in tickets if t["missed"])
    return {
        "day": day, "closed": closed,
        "visits": len(visits), "by_route": dict(Counter(v["route"] for v in visits)),
        "elderly_visits": sum(1 for v in visits if v["elderly"]),
        "arrivals": {k: dict(arrivals[k]) for k in sorted(arrivals)},
        "diverted": sum(diverted.values()), "diverted_by_target": dict(diverted),
        "declined": sum(declined.values()), "declined_by_reason": dict(declined),
        "fallback_to_counter": sum(1 for v in visits if v["fallback"]),
        "diversion_rate": diversion["rate"], "diversion": diversion,
        "tickets": len(tickets),
        "tickets_by_service": {c: sum(1 for t in tickets if t["final_service"] == c) for c in cfg.services},
        "issued_by_service": {c: sum(1 for t in tickets if t["service"] == c) for c in cfg.services},
        "states": {s: states.get(s, 0) for s in
                   ("waiting", "called", "parked", "missed", "finished", "cancelled", "unserved")},
        "wait_minutes": waits["all"], "waits": waits, "service_level": waits["overall_level"]["rate"],
        "service_minutes": spread(served),
        "calls": calls, "recalls": d.counts["recalled"], "recalls_per_call": _rate(d.counts["recalled"], calls),
        "no_shows": no_shows, "no_show_rate": _rate(no_shows, waits["all"]["count"]),
        "no_show_calls": d.counts["missed"],
        "reinstated": sum(1 for t in tickets if t["reinstated"]),
        "duplicates_refused": d.counts["duplicates_refused"], "transferred": d.counts["transferred"],
        "counters": per_counter, "tellers": per_teller,
        "high_value": sum(1 for v in visits if v["high_value"]), "leads": d.counts["lead"],
        "vip_tickets": sum(1 for t in tickets if t["tier"] != "normal"),
        "alerts": _alerts(list(d.alerts.values())),
        "empty_calls_saved": d.counts["empty_calls_saved"], "ratings": ratings.rollup(d.rated),
    }
