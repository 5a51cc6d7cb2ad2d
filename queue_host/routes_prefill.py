"""Routes of the pre-filled forms: the kiosk that printed the ticket hands one in, once; the teller who
calls the ticket reads it and corrects it with the customer (audited)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from queue_host import prefill
from contract.bodies import PrefillIn
from queue_host.guard import Guarded, caller
from queue_host.http_errors import responses
from queue_host.overrides import audit

router = APIRouter(route_class=Guarded)


@router.post("/api/tickets/{ticket_id}/prefill", tags=["prefill"], responses=responses(403, 404, 409))
async def hand_in(ticket_id: int, body: PrefillIn, request: Request):
    """The kiosk that printed the ticket hands in its pre-filled form, once (held in memory until the ticket ends)."""
    token = caller(request)
    return await request.app.state.host.run(
        lambda lobby, now: prefill.hold(lobby, ticket_id, body.payee_name, body.payee_account, body.bank,
                                        body.payer_card, token.id))


@router.put("/api/tickets/{ticket_id}/prefill", tags=["prefill"], responses=responses(403, 404, 409))
async def correct(ticket_id: int, body: PrefillIn, request: Request):
    """The teller serving the ticket corrects its form with the customer; the change is audited, masked."""
    token = caller(request)
    counter = None if token.role == "manager" else token.counter

    def command(lobby, now):
        data, change = prefill.correct(lobby, ticket_id, counter, body.payee_name, body.payee_account, body.bank,
                                       body.payer_card)
        audit(lobby, token, "prefill_correct", data["number"], change, now)
        return data
    return await request.app.state.host.run(command)


@router.get("/api/tickets/{ticket_id}/prefill", tags=["prefill"], responses=responses(403, 404, 409))
async def read(ticket_id: int, request: Request):
    """The pre-filled form of the ticket this counter is serving (or any, for the manager)."""
    token = caller(request)
    counter = None if token.role == "manager" else token.counter
    return await request.app.state.host.run(lambda lobby, now: prefill.for_teller(lobby, ticket_id, counter))
