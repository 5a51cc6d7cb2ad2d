"""Visits: the diversion rules (where a customer should go) and the issuing of tickets."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from queue_host import views
from queue_host.lobby import Lobby
from queue_host.model import Forbidden, Invalid, QueueFull, Ticket, Visit
from queue_host.words import N_, zh_en

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed from paper


@dataclass(frozen=True)
class VisitRequest:
    purpose: str
    amount_cny: float | None = None
    amount_band: str | None = None
    ref_hash: str | None = None
    tier: str = "normal"
    lang: str = "zh"
    elderly: bool = False
    insist_counter: bool = False
    decline_reason: str | None = None
    replaces_visit: int | None = None
    request_id: str | None = None
    caller: str = ""  # the token id that sent it: request ids are its own, never another device's


@dataclass(frozen=True)
class Decision:
    route: str
    service: str | None
    target: str | None
    high_value: bool
    fallback: str | None = None
    declined: bool = False


def ref_hash(key: str, reference: str) -> str:
    """Keyed hash of a card number or ID: the only form in which the host keeps it."""
    cleaned = "".join(reference.split())
    return hmac.new(key.encode(), cleaned.encode(), hashlib.sha256).hexdigest()[:32]


def scoped(caller: str, request_id: str | None) -> str | None:
    """A device's request id as the host keeps it: under the token that made it, so no device reaches another's."""
    return f"{caller}:{request_id}" if request_id else None


# Random byte b -> CODE_ALPHABET[b % 31], as one table for bytes.translate.
_CODE_TABLE = bytes(ord(CODE_ALPHABET[b % len(CODE_ALPHABET)]) for b in range(256))


def new_code(taken) -> str:
    """A short unguessable ticket code (8 characters, about 40 bits)."""
    while True:
        code = secrets.token_bytes(8).translate(_CODE_TABLE).decode("ascii")
        if code not in taken:
            return code


def check_request(lobby: Lobby, req: VisitRequest) -> None:
    """Refuse a visit the branch cannot route, saying what was wrong and what to send."""
    cfg = lobby.cfg
    purpose = cfg.purposes.get(req.purpose)
    if purpose is None:
        raise Invalid(*zh_en("unknown purpose {purpose!r}; use one of {purposes}", purpose=req.purpose,
                             purposes=", ".join(cfg.purposes)), {"field": "purpose"})
    if req.amount_cny is not None and not (0 <= req.amount_cny <= cfg.max_amount_cny):
        raise Invalid(*zh_en("amount_cny must be between 0 and {most} CNY, got {amount}", most=cfg.max_amount_cny,
                             amount=req.amount_cny), {"field": "amount_cny"})
    if req.amount_band not in (None, "under", "over"):
        raise Invalid(*zh_en("amount_band must be \"under\" or \"over\" the cash threshold"), {"field": "amount_band"})
    if purpose.kind == "cash" and req.amount_cny is None and req.amount_band is None:
        raise Invalid(*zh_en("a cash visit needs amount_cny or amount_band (under/over {threshold} CNY)",
                             threshold=cfg.cash_threshold_cny), {"field": "amount_cny"})
    fitting = [code for code, r in cfg.decline_reasons.items() if r.fits(req.purpose)] if req.insist_counter else ()
    if req.insist_counter and req.decline_reason not in fitting:
        raise Invalid(*zh_en("insist_counter for {purpose} needs decline_reason, one of {reasons}",
                             purpose=req.purpose, reasons=", ".join(fitting)), {"field": "decline_reason"})
    replaced = lobby.visits.get(req.replaces_visit) if req.replaces_visit is not None else None
    if replaced is not None and req.caller and replaced.by != req.caller:
        # Another kiosk's visit is not this kiosk's to replace (nor to read its ticket through).
        raise Forbidden(*zh_en("replaces_visit {visit} was made at another kiosk", visit=req.replaces_visit),
                        {"field": "replaces_visit"})
    if req.replaces_visit is not None and not (replaced and (replaced.route == "self_service" or replaced.declined_reason)):
        raise Invalid(*zh_en("replaces_visit {visit} is not a self-service visit of today; send it only when the "
                             "customer turns down the machine they were shown", visit=req.replaces_visit),
                      {"field": "replaces_visit"})
    if req.lang not in ("zh", "en"):
        raise Invalid(*zh_en("lang must be \"zh\" or \"en\""), {"field": "lang"})


def decide(lobby: Lobby, req: VisitRequest) -> Decision:
    """The lobby manager's first question, as a rule: where does this visit go?"""
    cfg = lobby.cfg
    purpose = cfg.purposes[req.purpose]
    high_value = purpose.high_value or (req.amount_cny is not None and req.amount_cny >= cfg.high_value_cny)
    route, target = purpose.route, purpose.target
    if route == "self_service" and purpose.kind == "cash":
        large = (req.amount_cny >= cfg.cash_threshold_cny) if req.amount_cny is not None else req.amount_band == "over"
        if large:
            return Decision("counter", purpose.service, None, high_value)
    if route == "self_service":
        if lobby.targets[target].suspended:
            return Decision("counter", purpose.service, target, high_value, fallback="target_suspended")
        if req.insist_counter:
            return Decision("counter", purpose.service, target, high_value, declined=True)
        return Decision("self_service", None, target, high_value)
    return Decision(route, purpose.service, None, high_value)


def ticket_service(lobby: Lobby, service: str, tier: str) -> str:
    """VIP customers of a personal queue go to the VIP queue."""
    if tier != "normal":
        for code, conf in lobby.cfg.services.items():
            if service in conf.vip_for:
                return code
    return service


def next_number(lobby: Lobby, service: str) -> tuple[int, str]:
    """The service's next number of the day; after the last one it wraps, skipping numbers still live."""
    conf = lobby.cfg.services[service]
    # Numbers reserved for kiosks sit at the top of the range; the host's own numbering stays below them.
    size = min((b.first - 1 for b in lobby.blocks.values() if b.service == service),
               default=10 ** lobby.cfg.branch.number_digits - 1)
    digits = lobby.cfg.branch.number_digits
    seq = lobby.sequences[service]
    if seq < size:  # first lap of the day: this number was never issued today, so nobody holds it
        return seq + 1, f"{conf.prefix}{seq + 1:0{digits}d}"
    live = {t.number for t in lobby.live.values() if t.service == service}
    for step in range(1, size + 1):
        n = (seq + step - 1) % size + 1
        number = f"{conf.prefix}{n:0{lobby.cfg.branch.number_digits}d}"
        if number not in live:
            return seq + step, number
    raise QueueFull(*zh_en("all {size} numbers of {service} are in use; ask the lobby manager to close old tickets",
                           size=size, service=service), {"service": service})


def issue(lobby: Lobby, service: str, now: datetime, *, purpose: str | None = None, tier: str = "normal",
          ref: str | None = None, elderly: bool = False, lang: str = "zh", note: str = "",
          high_value: bool = False, declined_target: str | None = None, declined_reason: str | None = None,
          visit_id: int | None = None, by: str | None = None) -> Ticket:
    """Issue a new ticket at the back of a service's queue."""
    return _issue(lobby, service, now, purpose=purpose, tier=tier, ref=ref, elderly=elderly, lang=lang, note=note,
                  high_value=high_value, declined_target=declined_target, declined_reason=declined_reason,
                  visit_id=visit_id, by=by)[0]


def _issue(lobby: Lobby, service: str, now: datetime, *, purpose: str | None, tier: str, ref: str | None,
           elderly: bool, lang: str, note: str, high_value: bool, declined_target: str | None,
           declined_reason: str | None, visit_id: int | None, by: str | None) -> tuple[Ticket, dict]:
    """issue(), also giving the ticket's view as it stands now (the visit's answer carries it as well)."""
    if service not in lobby.cfg.services:
        raise Invalid(*zh_en("unknown service {service!r}; use one of {services}", service=service,
                             services=", ".join(lobby.cfg.services)), {"field": "service"})
    seq, number = next_number(lobby, service)
    ticket = Ticket(id=lobby.next_ticket_id, day=lobby.day, code=new_code(lobby.by_code), number=number, seq=seq,
                    service=service, purpose=purpose, state="waiting", issued_at=now, queued_at=now,
                    rank=lobby.next_rank, tier=tier, vip=lobby.cfg.services[service].vip,
                    high_value=high_value, elderly=elderly, lang=lang, note=note, ref_hash=ref,
                    declined_target=declined_target, declined_reason=declined_reason, visit_id=visit_id,
                    issued_by=by)
    lobby.next_ticket_id += 1
    lobby.next_rank += 1
    lobby.sequences[service] = seq
    lobby.changes.meta = True
    lobby.add_ticket(ticket)
    view = views.ticket(lobby, ticket)
    lobby.emit("issued", now, ticket=view)
    return ticket, view


def visit(lobby: Lobby, req: VisitRequest, now: datetime) -> dict:
    """Route one visit and, where it queues, give (or give back) its ticket."""
    from queue_host import calling  # late: calling imports nothing of visits, but keep modules one-way, views

    check_request(lobby, req)
    # The same request again (a kiosk retrying after a lost answer) gets the same answer, not a new ticket.
    request_id = scoped(req.caller, req.request_id)
    done = lobby.visits.get(lobby.visit_requests.get(request_id, -1)) if request_id else None
    if done is None and req.replaces_visit is not None and lobby.visits[req.replaces_visit].ticket_id:
        done = lobby.visits[req.replaces_visit]
    if done is not None:
        ticket = lobby.ticket(done.ticket_id) if done.ticket_id else None
        decision = Decision(done.route, ticket.service if ticket else None, done.target, done.high_value,
                            done.fallback, bool(done.declined_reason))
        return answer(lobby, done, decision, ticket, now, existing=True, reinstated=False)
    decision = decide(lobby, req)
    cfg = lobby.cfg
    purpose = cfg.purposes[req.purpose]
    ticket, existing, reinstated, view = None, False, False, None
    if decision.service:
        service = ticket_service(lobby, decision.service, req.tier)
        held = lobby.live_for(req.ref_hash, service) if req.ref_hash else None
        if held is not None and held.state == "missed" and held.reinstated < cfg.calling.reinstate_max:
            calling.reinstate(lobby, held.id, now)
            ticket, reinstated = held, True
        elif held is not None:
            ticket, existing = held, True
    # A customer who turns down the machine they were just shown is one visit, not two: the
    # insisting request replaces the diverted one, so the diversion rate counts them once.
    replaced = lobby.visits.get(req.replaces_visit) if req.replaces_visit is not None else None
    visit_id = replaced.id if replaced else lobby.next_visit_id
    if decision.service and ticket is None:
        ticket, view = _issue(lobby, service, now, purpose=req.purpose, tier=req.tier, ref=req.ref_hash,
                              elderly=req.elderly, lang=req.lang, note="", high_value=decision.high_value,
                              declined_target=decision.target if decision.declined else None,
                              declined_reason=req.decline_reason if decision.declined else None,
                              visit_id=visit_id, by=req.caller or None)
    visit_row = Visit(id=visit_id, day=lobby.day, at=replaced.at if replaced else now, purpose=req.purpose,
                      route=decision.route, target=decision.target,
                      declined_reason=req.decline_reason if decision.declined else None,
                      fallback=decision.fallback, tier=req.tier, high_value=decision.high_value,
                      request_id=request_id, elderly=req.elderly, by=req.caller or None)
    visit_row.ticket_id = ticket.id if ticket else None
    if not replaced:
        lobby.next_visit_id += 1
    lobby.add_visit(visit_row)
    lobby.changes.meta = True
    lobby.changes.visits.append(visit_row)
    # Every visit is in the log (the figures are counted from it), never the customer's reference.
    lobby.emit("visit", now, visit_id=visit_row.id, arrived_at=visit_row.at.isoformat(), purpose=req.purpose,
               route=decision.route, target=decision.target, high_value=decision.high_value, tier=req.tier,
               elderly=req.elderly, declined_reason=visit_row.declined_reason, fallback=decision.fallback,
               ticket_id=visit_row.ticket_id, service=ticket.service if ticket else None,
               existing=existing, reinstated=reinstated, replaced=replaced is not None,
               replaces_visit=replaced.id if replaced else None)
    if decision.route == "lobby_manager":  # no queue: the lobby manager must know someone waits for them
        from queue_host import alerts
        alerts.raise_alert(lobby, "lobby_visit", f"visit:{visit_row.id}", now,
                           *zh_en("{purpose}: a customer is waiting at the kiosk for you",
                                  purpose=(purpose.name_zh, purpose.name_en)))
    if decision.high_value and not existing and not replaced:
        from queue_host import alerts
        said = N_("High-value visit: {purpose} {number}") if ticket else N_("High-value visit: {purpose}")
        alerts.raise_alert(lobby, "high_value", f"visit:{visit_row.id}", now,
                           *zh_en(said, purpose=(purpose.name_zh, purpose.name_en), number=ticket and ticket.number))
    # The ticket's view from its issue still holds: nothing since moved a ticket or a counter.
    return answer(lobby, visit_row, decision, ticket, now, existing=existing, reinstated=reinstated,
                  ticket_view=view)


def answer(lobby: Lobby, row: Visit, decision: Decision, ticket: Ticket | None, now: datetime, *,
           existing: bool, reinstated: bool, ticket_view: dict | None = None) -> dict:
    """The answer to a visit, the first time and when asked again (one shape, built here only)."""
    if ticket is not None and ticket_view is None:
        ticket_view = views.ticket(lobby, ticket)
    return {"visit_id": row.id, "route": decision.route, "at": now.astimezone(lobby.cfg.branch.timezone).isoformat(),
            "target": views.target(lobby, decision.target) if decision.target else None,
            "ticket": ticket_view, "existing": existing, "reinstated": reinstated,
            "tier": row.tier, "high_value": decision.high_value, "fallback": decision.fallback,
            **message(lobby, decision, ticket)}


def message(lobby: Lobby, decision: Decision, ticket: Ticket | None) -> dict:
    """What to tell the customer, in Chinese then English."""
    target = lobby.cfg.targets.get(decision.target) if decision.target else None
    if decision.route == "self_service":
        said = zh_en("Please use the {machine}: {location}", machine=(target.name_zh, target.name_en.lower()),
                     location=(target.location_zh, target.location_en))
    elif decision.route == "lobby_manager":
        said = zh_en("Please wait here: the lobby manager will take your application, no queue needed")
    elif decision.route == "customer_manager":
        said = zh_en("Please wait in the wealth area; a customer manager will see you ({number})", number=ticket.number)
    elif decision.fallback:
        said = zh_en("The {machine} is out of service. Your number is {number}; please watch the screen",
                     machine=(target.name_zh, target.name_en.lower()), number=ticket.number)
    else:
        said = zh_en("Your number is {number}; please watch the screen", number=ticket.number)
    return {"message_zh": said[0], "message_en": said[1]}
