"""Routes of the pre-filled forms: the kiosk hands one in, the teller who calls the ticket reads it."""
from __future__ import annotations

from fastapi import APIRouter, Request

from queue_host import prefill
from queue_host.bodies import PrefillIn
from queue_host.http_errors import responses

router = APIRouter()


@router.post("/api/tickets/{ticket_id}/prefill", tags=["prefill"], responses=responses(403, 404, 409))
async def hand_in(ticket_id: int, body: PrefillIn, request: Request):
    """The kiosk hands in a ticket's pre-filled form (held in memory until the ticket ends)."""
    host = request.app.state.host
    host.who(request, "kiosk")
    return await host.run(lambda lobby, now: prefill.hold(lobby, ticket_id, body.payee_name, body.payee_account,
                                                          body.bank, body.payer_card))


@router.get("/api/tickets/{ticket_id}/prefill", tags=["prefill"], responses=responses(403, 404, 409))
async def read(ticket_id: int, request: Request):
    """The pre-filled form of the ticket this counter is serving (or any, for the manager)."""
    host = request.app.state.host
    token = host.who(request, "counter", "manager")
    counter = None if token.role == "manager" else token.counter
    return await host.run(lambda lobby, now: prefill.for_teller(lobby, ticket_id, counter))
