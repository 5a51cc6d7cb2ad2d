"""What clients see: the JSON shapes of tickets, counters, targets and the lobby snapshot, in one place."""
from __future__ import annotations

from datetime import datetime

from queue_host.lobby import Lobby
from queue_host.model import Ticket


def ticket(lobby: Lobby, ticket: Ticket, ahead: int | None = None) -> dict:
    """The ticket as clients see it (never the customer reference)."""
    if ticket.state == "waiting" and ahead is None:
        ahead = lobby.ahead_of(ticket)
    ahead = ahead if ticket.state == "waiting" else 0
    service = lobby.cfg.services[ticket.service]
    purpose_service = lobby.cfg.services.get(lobby.cfg.purposes[ticket.purpose].service) \
        if ticket.purpose in lobby.cfg.purposes and lobby.cfg.purposes[ticket.purpose].service else service
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "id": ticket.id, "code": ticket.code, "number": ticket.number, "service": ticket.service,
        "service_name_zh": service.name_zh, "service_name_en": service.name_en,
        "purpose": ticket.purpose, "state": ticket.state, "tier": ticket.tier, "vip": ticket.vip,
        "high_value": ticket.high_value, "elderly": ticket.elderly, "lang": ticket.lang,
        "declined": ({"target": ticket.declined_target, "reason": ticket.declined_reason}
                     if ticket.declined_reason else None),
        "note": ticket.note, "issued_at": iso(ticket.issued_at), "called_at": iso(ticket.called_at),
        "finished_at": iso(ticket.finished_at), "counter": ticket.counter, "calls": ticket.calls,
        "reinstated": ticket.reinstated, "transferred_from": ticket.transferred_from,
        "park_until": iso(ticket.park_until), "people_ahead": ahead,
        "wait_minutes": lobby.wait_minutes(ticket.service, ahead) if ticket.state == "waiting" else 0,
        "status_url": f"{lobby.cfg.branch.public_url}/t/{ticket.code}",
        "form_template": (purpose_service or service).form_template,
        "offline": ticket.kiosk_block is not None,
        "teller": ticket.teller, "rating": ticket.rating,
        "prefill": lobby.cfg.purposes[ticket.purpose].prefill or None if ticket.purpose in lobby.cfg.purposes else None,
        "prefilled": ticket.id in lobby.prefills,
    }

PHONE_FIELDS = ("number", "state", "service", "service_name_zh", "service_name_en", "people_ahead", "wait_minutes",
                "counter", "issued_at", "called_at")


def phone(lobby: Lobby, t: Ticket) -> dict:
    """What the customer's phone sees of its own ticket: nothing about anyone else."""
    view = ticket(lobby, t)
    conf = lobby.cfg.counters.get(t.counter) if t.counter else None
    return {k: view[k] for k in PHONE_FIELDS} | {
        "counter_name_zh": conf.name_zh if conf else None, "counter_name_en": conf.name_en if conf else None,
        "branch_zh": lobby.cfg.branch.name_zh, "branch_en": lobby.cfg.branch.name_en,
        "cancelled_by_me": t.cancelled_by == "customer"}



def counter(lobby: Lobby, counter_id: str) -> dict:
    """A counter as clients see it."""
    conf, state = lobby.cfg.counters[counter_id], lobby.counters[counter_id]
    current = lobby.tickets.get(state.current) if state.current else None
    return {"id": conf.id, "name_zh": conf.name_zh, "name_en": conf.name_en, "services": list(conf.services),
            "state": "paused" if state.paused else "open",
            "current": ticket(lobby, current) if current else None,
            "waiting": sum(1 for t in lobby.live.values()
                           if t.state == "waiting" and t.service in conf.services
                           and t.preferred_counter in (None, counter_id))}


def target(lobby: Lobby, code: str) -> dict:
    """A self-service target as clients see it."""
    conf, state = lobby.cfg.targets[code], lobby.targets[code]
    return {"code": conf.code, "name_zh": conf.name_zh, "name_en": conf.name_en,
            "location_zh": conf.location_zh, "location_en": conf.location_en,
            "steps_zh": list(conf.steps_zh), "steps_en": list(conf.steps_en), "qr_url": conf.qr_url,
            "suspended": state.suspended, "suspend_reason": state.reason}


def snapshot(lobby: Lobby, now: datetime) -> dict:
    """Everything a display or panel needs: services with true waiting counts, counters, missed list."""
    ahead = lobby.positions()
    services = []
    for code, conf in lobby.cfg.services.items():
        waiting = lobby.waiting(code)
        longest = max(((now - t.queued_at).total_seconds() for t in waiting), default=0)
        services.append({"code": code, "prefix": conf.prefix, "name_zh": conf.name_zh, "name_en": conf.name_en,
                         "waiting": len(waiting), "longest_wait_s": round(longest),
                         "service_level_minutes": conf.service_level_minutes,
                         "tickets": [ticket(lobby, t, ahead[t.id]) for t in waiting]})
    missed = sorted((t for t in lobby.live.values() if t.state == "missed"),
                    key=lambda t: t.missed_at, reverse=True)
    parked = sorted((lobby.tickets[i] for i in lobby.parked), key=lambda t: t.park_until)
    return {"day": lobby.day, "seq": lobby.seq, "log_id": lobby.log_id, "services": services,
            "counters": [counter(lobby, cid) for cid in lobby.cfg.counters],
            "missed": [ticket(lobby, t) for t in missed], "parked": [ticket(lobby, t) for t in parked],
            "targets": [target(lobby, code) for code in lobby.cfg.targets],
            "recent_calls": list(lobby.recent_calls)}


def block_numbers(lobby: Lobby, block) -> str:
    """A reserved block as the branch reads it: A950-A999."""
    prefix, digits = lobby.cfg.services[block.service].prefix, lobby.cfg.branch.number_digits
    return f"{prefix}{block.first:0{digits}d}-{prefix}{block.last:0{digits}d}"


def block(lobby: Lobby, b, used: int | None = None) -> dict:
    """A kiosk's reserved block as the kiosk and the audit page see it."""
    out = {"id": b.id, "day": b.day, "kiosk": b.kiosk, "service": b.service,
           "prefix": lobby.cfg.services[b.service].prefix, "digits": lobby.cfg.branch.number_digits,
           "first": b.first, "last": b.last, "numbers": block_numbers(lobby, b), "reserved_at": b.reserved_at.isoformat()}
    if used is not None:
        out["handed_in"] = used
    return out


STATS_KEYS = ("day", "visits", "by_route", "diverted", "diverted_by_target", "declined", "declined_by_reason",
              "fallback_to_counter", "diversion_rate", "tickets", "tickets_by_service", "states", "wait_minutes",
              "service_minutes", "no_shows", "reinstated", "high_value", "vip_tickets", "duplicates_refused",
              "recalls_per_call", "elderly_visits", "leads", "empty_calls_saved", "ratings")


def stats(figures: dict) -> dict:
    """The headline figures of a day (GET /api/stats): a subset of the report, never counted apart."""
    return {key: figures[key] for key in STATS_KEYS}


def report(cfg, figures: dict) -> dict:
    """The full figures of a day (GET /api/report), with the names a chart needs, Chinese and English."""
    pick = lambda items: {k: {"zh": v.name_zh, "en": v.name_en} for k, v in items}  # noqa: E731
    return {**figures, "names": {
        "services": pick(cfg.services.items()), "counters": pick(cfg.counters.items()),
        "targets": pick(cfg.targets.items()), "purposes": pick(cfg.purposes.items()),
        "reasons": pick(cfg.decline_reasons.items()),
        "tellers": {t.id: {"zh": t.name, "en": t.name} for t in cfg.tokens.values()}}}
