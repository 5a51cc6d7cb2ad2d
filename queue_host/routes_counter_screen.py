"""Routes of the counter screen facing the customer at each window: what it shows, and the ratings."""
from __future__ import annotations

from fastapi import APIRouter, Request

from queue_host import ratings, views
from queue_host.auth import require
from queue_host.bodies import RatingIn
from queue_host.http_errors import responses
from queue_host.model import Forbidden
from queue_host.words import zh_en

router = APIRouter()


def _own_counter(token, counter_id: str, *roles: str) -> None:
    """The manager anywhere; the other roles only at their own counter."""
    if token.role == "manager" and "manager" in roles:
        return
    require(token, *roles)
    if token.counter != counter_id:
        raise Forbidden(*zh_en("this token belongs to counter {mine}, not {other}; a counter screen shows and rates "
                               "only its own", mine=token.counter, other=counter_id), {"counter": counter_id})


@router.get("/api/counters/{counter_id}/screen", tags=["counter screen"], responses=responses(403, 404))
async def counter_screen(counter_id: str, request: Request):
    """What the counter's customer-facing screen shows: window, number served, teller, paused, a visit to rate."""
    host = request.app.state.host
    _own_counter(host.who(request), counter_id, "counter_screen", "counter", "manager")

    def command(lobby, now):
        lobby.counter(counter_id)
        state = lobby.counters[counter_id]
        staff = lobby.cfg.tokens.get(state.teller) if state.teller else None
        return views.counter(lobby, counter_id) | {
            "teller": {"id": staff.id, "name": staff.name, "name_zh": staff.name_zh, "name_en": staff.name_en,
                       "staff_no": staff.staff_no} if staff else None,
            "to_rate": ratings.awaiting(lobby, counter_id, now), "rating_window_s": ratings.WINDOW_S}
    return await host.run(command)


@router.post("/api/counters/{counter_id}/ratings", tags=["counter screen"], responses=responses(403, 404, 409))
async def rate(counter_id: str, body: RatingIn, request: Request):
    """The customer rates the visit just finished at this counter (only its counter screen may send it)."""
    host = request.app.state.host
    _own_counter(host.who(request), counter_id, "counter_screen")

    def command(lobby, now):
        lobby.counter(counter_id)
        ticket = ratings.rate(lobby, counter_id, body.ticket_id, body.rating, now)
        return {"ticket_id": ticket.id, "number": ticket.number, "rating": ticket.rating}
    return await host.run(command)
