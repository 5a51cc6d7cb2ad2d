"""The live staff feed: the server-sent event stream (resumable). The customer's page is routes_phone."""
from __future__ import annotations

import asyncio
import json
import time

import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from contract.events import for_reader
from contract.bodies import MAX_ID
from queue_host.guard import Guarded, caller
from queue_host.http_errors import responses

router = APIRouter(route_class=Guarded)
KEEPALIVE_S = 10
# Who follows the live log is declared in queue_host/access.py (the display, the staff panels and the counter
# screens; the kiosk at the door only takes numbers). What each receives of an event: contract.events.


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(event, ensure_ascii=False), made once


def _frame(event: dict) -> str:
    return f"id: {event['seq']}\nevent: {event['kind']}\ndata: {_ENCODE(event)}\n\n"


def _frames(role: str, counter: str | None, events: list[dict]) -> str:
    """The frames of a batch for one reader; an event it may not see is skipped (its number is not a secret)."""
    out = []
    for event in events:
        seen = for_reader(role, counter, event)
        if seen is not None:
            out.append(_frame(seen))
    return "".join(out)


def resume_point(header: str, after: int | None) -> int:
    """Where a reader resumes: a sane Last-Event-ID, else ?after=N, else 0 (a garbled one starts afresh)."""
    header = header.strip()
    if re.fullmatch(r"\d{1,15}", header):
        return int(header)
    return after or 0


@router.get("/api/events", tags=["live"], responses=responses())
async def events(request: Request, after: int | None = Query(None, ge=0, le=MAX_ID)):
    """Server-sent events; replays everything after Last-Event-ID (or ?after=N), then follows live."""
    host = request.app.state.host
    token = caller(request)
    role, counter = token.role, token.counter
    last = resume_point(request.headers.get("last-event-id", ""), after)
    broker = host.engine.broker
    inbox: asyncio.Queue = asyncio.Queue()
    broker.readers.add(inbox)  # subscribe before replaying, so nothing falls between the two
    is_display = token.role == "display"
    if is_display:
        broker.display_readers += 1
        broker.display_seen = time.monotonic()

    async def stream():
        sent = last
        try:
            yield ": connected\n\n"
            while True:  # replay what was committed while this reader was away
                backlog = await asyncio.to_thread(lambda: host.reader().events_after(sent))
                if backlog:
                    frames = _frames(role, counter, backlog)
                    sent = backlog[-1]["seq"]
                    if frames:
                        yield frames
                if len(backlog) < 5000:
                    break
            while True:
                try:
                    batch = await asyncio.wait_for(inbox.get(), KEEPALIVE_S)
                except asyncio.TimeoutError:
                    if is_display:
                        broker.display_seen = time.monotonic()
                    yield ": keepalive\n\n"
                    continue
                fresh = [event for event in batch if event["seq"] > sent]
                if fresh:
                    sent = fresh[-1]["seq"]
                    frames = _frames(role, counter, fresh)
                    if frames:
                        yield frames
        finally:
            broker.readers.discard(inbox)
            if is_display:
                broker.display_readers -= 1
                broker.display_seen = time.monotonic()

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
