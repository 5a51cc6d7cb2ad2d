"""Routes of the queue itself: visits, tickets, counters, self-service targets, snapshot."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Request

from queue_host import calling, kiosk_blocks, visits, views
from queue_host.auth import require_counter
from contract.bodies import (CallIn, CallNextIn, IssueIn, MoveIn, ParkIn, ReasonIn, TransferIn,
                               VisitIn)
from queue_host.guard import Guarded, caller
from queue_host.http_errors import responses
from queue_host.overrides import audit, set_target
from queue_host.tiers import identify
from queue_host.visits import VisitRequest

router = APIRouter(route_class=Guarded)


def _host(request: Request):
    return request.app.state.host


@router.get("/api/config", tags=["queue"], responses=responses())
async def config(request: Request):
    """The branch as the apps need it: purposes, services, targets, counters, thresholds, notices."""
    host = _host(request)
    cfg = host.cfg
    as_dict = lambda obj: {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(obj).items()}  # noqa: E731
    return {
        "branch": {"name_zh": cfg.branch.name_zh, "name_en": cfg.branch.name_en, "public_url": cfg.branch.public_url,
                   "form_desk_zh": cfg.branch.form_desk_zh, "form_desk_en": cfg.branch.form_desk_en,
                   "timezone": str(cfg.branch.timezone), "day_reset": cfg.branch.day_reset.strftime("%H:%M")},
        "services": [as_dict(s) for s in cfg.services.values()],
        "purposes": [as_dict(p) for p in cfg.purposes.values()],
        "targets": [as_dict(t) for t in cfg.targets.values()],
        "counters": [as_dict(c) for c in cfg.counters.values()],
        "decline_reasons": [as_dict(r) for r in cfg.decline_reasons.values()],
        "tiers": [as_dict(t) for t in cfg.tiers],
        "diversion": {"cash_threshold_cny": cfg.cash_threshold_cny, "high_value_cny": cfg.high_value_cny,
                      "max_amount_cny": cfg.max_amount_cny},
        "calling": as_dict(cfg.calling),
        "display": cfg.display,
        "prefill": {"form_template": cfg.prefill.form_template, "form_name_zh": cfg.prefill.form_name_zh,
                    "form_name_en": cfg.prefill.form_name_en, "banks": list(cfg.prefill.banks)},
    }


@router.post("/api/visits", tags=["queue"], responses=responses(403, 409, 429, 503))
async def post_visit(body: VisitIn, request: Request):
    """Route a visit; where it queues, the answer carries its ticket."""
    host = _host(request)
    token = caller(request)
    if token.role == "kiosk":
        host.limiter.check(token.id)
    hashed, tier = await identify(host.tiers, host.cfg.branch.ref_hash_key, body.customer_ref)
    req = VisitRequest(purpose=body.purpose, amount_cny=body.amount_cny, amount_band=body.amount_band,
                       ref_hash=hashed, tier=tier, lang=body.lang, elderly=body.elderly,
                       insist_counter=body.insist_counter, decline_reason=body.decline_reason,
                       replaces_visit=body.replaces_visit, request_id=body.request_id, caller=token.id)

    def command(lobby, now):
        answer = visits.visit(lobby, req, now)
        if token.role == "kiosk":  # its contact bounds where its offline tickets may join (kiosk_blocks)
            kiosk_blocks.seen(lobby, token.id, now)
        return answer
    return await host.run(command)


@router.post("/api/tickets", tags=["queue"], responses=responses(403, 404, 409, 503))
async def issue_ticket(body: IssueIn, request: Request):
    """Issue a ticket by hand for a customer who cannot use the kiosk (manager)."""
    host = _host(request)
    token = caller(request)

    def command(lobby, now):
        service = visits.ticket_service(lobby, body.service, body.tier) if body.service in lobby.cfg.services \
            else body.service
        audit(lobby, token, "issue", body.service, body.reason, now)
        ticket = visits.issue(lobby, service, now, tier=body.tier, elderly=body.elderly, note=body.note)
        lobby.changes.audit[-1]["target"] = ticket.number
        return views.ticket(lobby, ticket)
    return await host.run(command)


@router.get("/api/queues", tags=["queue"], responses=responses())
async def queues(request: Request):
    """Services with true waiting counts and tickets, counters, missed list, recent calls."""
    host = _host(request)
    return await host.run(lambda lobby, now: views.snapshot(lobby, now))


@router.get("/api/tickets/{ticket_id}", tags=["queue"], responses=responses(404))
async def get_ticket(ticket_id: int, request: Request):
    """One ticket of today."""
    host = _host(request)
    return await host.run(lambda lobby, now: views.ticket(lobby, lobby.ticket(ticket_id)))


@router.post("/api/counters/{counter_id}/call-next", tags=["calling"], responses=responses(403, 404, 409))
async def call_next(counter_id: str, request: Request, body: Optional[CallNextIn] = None):
    """Finish the counter's current customer and call the next one."""
    host = _host(request)
    token = caller(request)
    expect = body.expect_current if body is not None and "expect_current" in body.model_fields_set else calling.ANY
    teller = token.id if token.role == "counter" else None
    return await host.run(lambda lobby, now: calling.call_next(lobby, counter_id, now, expect, token.id, teller))


@router.post("/api/counters/{counter_id}/call", tags=["calling"], responses=responses(403, 404, 409))
async def call_specific(counter_id: str, body: CallIn, request: Request):
    """Call a specific waiting ticket out of order."""
    host = _host(request)
    token = caller(request)

    def command(lobby, now):
        audit(lobby, token, "call", lobby.ticket(body.ticket_id).number, body.reason, now)
        return calling.call_ticket(lobby, counter_id, body.ticket_id, now, token.id,
                                   token.id if token.role == "counter" else None)
    return await host.run(command)


async def _pause(request: Request, counter_id: str, body: ReasonIn, paused: bool):
    host = _host(request)
    token = caller(request)

    def command(lobby, now):
        lobby.counter(counter_id)
        audit(lobby, token, "pause" if paused else "resume", f"counter {counter_id}", body.reason, now)
        return calling.set_paused(lobby, counter_id, paused, now)
    return await host.run(command)


@router.post("/api/counters/{counter_id}/pause", tags=["calling"], responses=responses(403, 404, 409))
async def pause(counter_id: str, request: Request, body: ReasonIn = ReasonIn()):
    """Pause a counter: it gets no calls until resumed."""
    return await _pause(request, counter_id, body, True)


@router.post("/api/counters/{counter_id}/resume", tags=["calling"], responses=responses(403, 404, 409))
async def resume(counter_id: str, request: Request, body: ReasonIn = ReasonIn()):
    """Open a paused counter again."""
    return await _pause(request, counter_id, body, False)


def _ticket_action(name: str, model: type, teller: bool, manager_reason: bool, run):
    """A route for one action on a ticket: who may (teller at its counter, or manager only), with its body."""
    required = any(f.is_required() for f in model.model_fields.values())

    async def handler(ticket_id: int, request: Request, body=... if required else model()):
        host = _host(request)
        token = caller(request)

        def command(lobby, now):
            ticket = lobby.ticket(ticket_id)
            if token.role != "manager":
                require_counter(token, ticket.counter if ticket.state in ("called", "parked") else None)
            audit(lobby, token, name, ticket.number, body.reason, now, required=manager_reason)
            return views.ticket(lobby, run(lobby, ticket_id, body, now))
        return await host.run(command)
    # Real classes, not strings: FastAPI reads the body's model from the annotations.
    handler.__annotations__ = {"ticket_id": int, "request": Request, "body": model}
    handler.__name__ = name.replace("-", "_")
    handler.__doc__ = f"{name} a ticket."
    return handler


# action: (body, a teller may do it at their counter, a manager must give a reason, the rule)
ACTIONS = {
    "recall": (ReasonIn, True, False, lambda lobby, i, b, now: calling.recall(lobby, i, now)),
    "no-show": (ReasonIn, True, False, lambda lobby, i, b, now: calling.no_show(lobby, i, now)),
    "reinstate": (ReasonIn, False, True, lambda lobby, i, b, now: calling.reinstate(lobby, i, now)),
    "transfer": (TransferIn, True, False, lambda lobby, i, b, now: calling.transfer(lobby, i, b.service, b.note, now)),
    "park": (ParkIn, True, False, lambda lobby, i, b, now: calling.park(lobby, i, b.minutes, now)),
    "finish": (ReasonIn, True, False, lambda lobby, i, b, now: calling.finish(lobby, i, now)),
    "cancel": (ReasonIn, False, True, lambda lobby, i, b, now: calling.cancel(lobby, i, now)),
    "reprint": (ReasonIn, False, True, lambda lobby, i, b, now: lobby.ticket(i)),
    "move": (MoveIn, False, True, lambda lobby, i, b, now: calling.move(lobby, i, b.position, now)),
}
for _name, (_model, _teller, _reason, _run) in ACTIONS.items():
    router.add_api_route(f"/api/tickets/{{ticket_id}}/{_name}", _ticket_action(_name, _model, _teller, _reason, _run),
                         methods=["POST"], tags=["calling"], responses=responses(403, 404, 409))


async def _target(request: Request, code: str, body: ReasonIn, suspended: bool):
    host = _host(request)
    token = caller(request)
    return await host.run(lambda lobby, now: set_target(lobby, token, code, suspended, body.reason, now))


@router.post("/api/targets/{code}/suspend", tags=["diversion"], responses=responses(403, 404, 409))
async def suspend_target(code: str, body: ReasonIn, request: Request):
    """Take a self-service target out of the diversion rules (e.g. ATM out of cash)."""
    return await _target(request, code, body, True)


@router.post("/api/targets/{code}/resume", tags=["diversion"], responses=responses(403, 404, 409))
async def resume_target(code: str, request: Request, body: ReasonIn = ReasonIn()):
    """Put a self-service target back into the diversion rules."""
    return await _target(request, code, body, False)
