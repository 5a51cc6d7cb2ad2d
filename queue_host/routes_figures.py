"""Routes of the branch head's figures: a day's summary for everyone, the full report for managers."""
from __future__ import annotations

import asyncio
from datetime import date
from typing import Optional

from fastapi import APIRouter, Query, Request

from queue_host import figures, views
from queue_host.guard import Guarded, caller
from queue_host.http_errors import responses
from queue_host.lobby import business_day
from queue_host.model import Invalid
from queue_host.words import zh_en

router = APIRouter(route_class=Guarded)
DAY = r"^\d{4}-\d{2}-\d{2}$"


async def _figures(request: Request, day: str | None) -> dict:
    """Count a day's figures from its committed events, off the writer and off the event loop."""
    host = request.app.state.host
    now = host.clock()
    day = day or business_day(host.cfg, now)
    try:
        date.fromisoformat(day)
    except ValueError:
        raise Invalid(*zh_en("{day!r} is not a calendar date; send YYYY-MM-DD, e.g. 2026-11-24", day=day),
                      {"field": "date"}) from None
    events = await asyncio.to_thread(lambda: host.reader().day_events(host.cfg, day))
    return await asyncio.to_thread(figures.compute, host.cfg, day, events, now)


@router.get("/api/stats", tags=["figures"], responses=responses())
async def stats(request: Request, day: Optional[str] = Query(None, pattern=DAY)):
    """A day's headline figures (today by default; ?day=YYYY-MM-DD for an earlier one)."""
    return views.stats(await _figures(request, day))


@router.get("/api/report", tags=["figures"], responses=responses(403))
async def report(request: Request, date: Optional[str] = Query(None, pattern=DAY)):
    """Every figure of a day for the branch head (manager): the same counts as /api/stats, in full."""
    host = request.app.state.host
    return views.report(host.cfg, await _figures(request, date))
