"""Routes for a kiosk working without the host: its reserved blocks of numbers and the hand-in of offline tickets."""
from __future__ import annotations

import asyncio
from typing import Optional

from fastapi import APIRouter, Query, Request

from queue_host import kiosk_blocks, views
from contract.bodies import BlocksIn, HandInIn
from queue_host.guard import Guarded, caller
from queue_host.http_errors import responses
from queue_host.kiosk_blocks import OfflineTicket

router = APIRouter(route_class=Guarded)


def _host(request: Request):
    return request.app.state.host


def _listing(lobby, kiosk: str) -> dict:
    return {"kiosk": kiosk, "day": lobby.day, "block_size": kiosk_blocks.block_size(lobby),
            "blocks": [views.block(lobby, b) for b in kiosk_blocks.blocks_of(lobby, kiosk)]}


@router.post("/api/kiosk/blocks", tags=["kiosk"], responses=responses(403))
async def reserve_blocks(request: Request, body: BlocksIn = BlocksIn()):
    """This kiosk's reserved numbers for today (one block per service at least; `refill` asks one more)."""
    host = _host(request)
    token = caller(request)
    refill = tuple(body.refill)

    def command(lobby, now):
        kiosk_blocks.seen(lobby, token.id, now)
        kiosk_blocks.reserve(lobby, token.id, refill, now)
        return _listing(lobby, token.id)
    return await host.run(command)


@router.post("/api/kiosk/offline-tickets", tags=["kiosk"], responses=responses(403))
async def hand_in(body: HandInIn, request: Request):
    """Tickets this kiosk issued from its blocks while offline: they join their queues by issue time."""
    host = _host(request)
    token = caller(request)
    items = [OfflineTicket(key=t.key, day=t.day, number=t.number.strip().upper(), service=t.service,
                           purpose=t.purpose, tier=t.tier, issued_at=t.issued_at.astimezone(host.cfg.branch.timezone),
                           request_id=t.request_id, elderly=t.elderly, lang=t.lang) for t in body.tickets]
    return await host.run(lambda lobby, now: kiosk_blocks.hand_in(lobby, token.id, items, now))


@router.get("/api/kiosk-blocks", tags=["kiosk"], responses=responses(403))
async def audit_blocks(request: Request,
                       day_: Optional[str] = Query(None, alias="day", pattern=r"^\d{4}-\d{2}-\d{2}$")):
    """Every block reserved on a day (today by default), with how many of its numbers were handed in (manager)."""
    host = _host(request)

    def rows(lobby, blocks, tickets):
        return {"day": day_ or lobby.day, "blocks": [views.block(lobby, b, sum(
            1 for t in tickets if t.kiosk_block == b.id)) for b in blocks]}
    if day_ is None:
        return await host.run(lambda lobby, now: rows(lobby, sorted(lobby.blocks.values(), key=lambda b: b.id),
                                                      list(lobby.tickets.values())))
    reader = host.reader
    blocks, (tickets, _) = await asyncio.to_thread(lambda: (reader().blocks(day_), reader().day_rows(day_)))
    return await host.run(lambda lobby, now: rows(lobby, [b for b in blocks if b.service in lobby.cfg.services],
                                                  tickets))
