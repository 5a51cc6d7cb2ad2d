"""The customer's phone (the ticket's QR): the page, its own live stream, and "我不办了"."""
from __future__ import annotations

import asyncio
import json
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from queue_host import calling, phone, views
from contract.bodies import PhoneCancelIn
from queue_host.guard import Guarded, answer
from queue_host.http_errors import responses
from queue_host.model import NotFound
from queue_host.phone_page import render

router = APIRouter(route_class=Guarded)
KEEPALIVE_S = 10
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex",
           "X-Content-Type-Options": "nosniff"}


def _hub(request: Request) -> phone.PhoneHub:
    host = request.app.state.host
    hub = getattr(host, "phones", None)
    if hub is None:
        hub = host.phones = phone.PhoneHub(host.engine.broker, host.run)
    return hub


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _known(request: Request, code: str) -> bool:
    """Is this a code of today (a read of the lobby's index, without the writer)?"""
    return phone.CODE.fullmatch(code) is not None and code.upper() in request.app.state.host.engine.lobby.by_code


async def _run(request: Request, code: str, command):
    """Run a command on the code's ticket; an unknown code counts against the asking address."""
    hub = _hub(request)
    hub.admit(code[:16], _client(request), _known(request, code))
    try:
        return await request.app.state.host.run(lambda lobby, now: command(lobby, phone.find(lobby, code), now))
    except NotFound:
        hub.missed(_client(request))
        raise


async def _view(request: Request, code: str) -> dict:
    """The ticket's phone view."""
    return await _run(request, code, lambda lobby, ticket, now: views.phone(lobby, ticket))


@router.get("/t/{code}", tags=["phone"], responses=responses(404, 429))
async def ticket_page(code: str, request: Request):
    """The ticket's page for the customer's phone (JSON when asked for); it follows /t/{code}/events."""
    state = await _view(request, code)
    if "application/json" in request.headers.get("accept", ""):
        return answer(request, state, PRIVATE)
    nonce = secrets.token_urlsafe(12)
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'; "
           "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return HTMLResponse(render(state, nonce), headers={**PRIVATE, "Content-Security-Policy": csp})


def _frame(view: dict) -> str:
    return f"event: state\ndata: {json.dumps(view, ensure_ascii=False)}\n\n"


@router.get("/t/{code}/events", tags=["phone"], responses=responses(404, 429))
async def ticket_events(code: str, request: Request):
    """Server-sent events of this one ticket: its state, people ahead and estimated wait, nothing else."""
    hub = _hub(request)
    hub.admit(code[:16], _client(request), _known(request, code))
    inbox = hub.open(code[:16])  # follow before reading, so no change falls between the two
    try:
        first = await request.app.state.host.run(lambda lobby, now: views.phone(lobby, phone.find(lobby, code)))
    except NotFound:
        hub.close(code[:16], inbox)
        hub.missed(_client(request))
        raise
    except BaseException:
        hub.close(code[:16], inbox)
        raise

    async def stream():
        last = first
        try:
            yield "retry: 3000\n\n" + _frame(first)
            while last["state"] not in phone.ENDED:
                try:
                    view = await asyncio.wait_for(inbox.get(), KEEPALIVE_S)
                except asyncio.TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if view is phone.EVICTED:  # a newer page of this ticket took this one's place
                    return
                view = view or {**last, "state": "unserved", "people_ahead": 0, "wait_minutes": 0}
                if view != last:
                    last = view
                    yield _frame(view)
        finally:
            hub.close(code[:16], inbox)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={**PRIVATE, "X-Accel-Buffering": "no"})


@router.post("/t/{code}/cancel", tags=["phone"], responses=responses(404, 409, 429))
async def ticket_cancel(code: str, body: PhoneCancelIn, request: Request):
    """The customer is not coming: the ticket leaves its queue (counted as an empty call saved)."""
    view = await _run(request, code, lambda lobby, ticket, now: views.phone(lobby, calling.withdraw(lobby, ticket, now)))
    return answer(request, view, PRIVATE)
