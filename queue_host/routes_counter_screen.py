"""Routes of the counter screen facing the customer at each window: what it shows, and the ratings."""
from __future__ import annotations

from fastapi import APIRouter, Request

from queue_host import ratings, views
from contract.bodies import RatingIn
from queue_host.guard import Guarded
from queue_host.http_errors import responses

router = APIRouter(route_class=Guarded)


@router.get("/api/counters/{counter_id}/screen", tags=["counter screen"], responses=responses(403, 404))
async def counter_screen(counter_id: str, request: Request):
    """What the counter's customer-facing screen shows: window, number served, teller, paused, a visit to rate."""
    host = request.app.state.host

    def command(lobby, now):
        lobby.counter(counter_id)
        state = lobby.counters[counter_id]
        staff = lobby.cfg.tokens.get(state.teller) if state.teller else None
        return views.counter(lobby, counter_id) | {
            "teller": {"name_zh": staff.name_zh, "name_en": staff.name_en, "staff_no": staff.staff_no}
            if staff else None,
            "to_rate": ratings.awaiting(lobby, counter_id, now), "rating_window_s": ratings.WINDOW_S}
    return await host.run(command)


@router.post("/api/counters/{counter_id}/ratings", tags=["counter screen"], responses=responses(403, 404, 409))
async def rate(counter_id: str, body: RatingIn, request: Request):
    """The customer rates the visit just finished at this counter (only its counter screen may send it)."""
    host = request.app.state.host

    def command(lobby, now):
        lobby.counter(counter_id)
        ticket = ratings.rate(lobby, counter_id, body.ticket_id, body.rating, now)
        return {"ticket_id": ticket.id, "number": ticket.number, "rating": ticket.rating}
    return await host.run(command)
