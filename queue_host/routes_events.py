"""The live staff feed: the server-sent event stream (resumable). The customer's page is routes_phone."""
from __future__ import annotations

import asyncio
import json
import time

import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from queue_host.auth import require
from queue_host.bodies import MAX_ID
from queue_host.http_errors import responses

router = APIRouter()
KEEPALIVE_S = 10
# Who follows the live log: the lobby display, the staff panels and the counter screens. The kiosk at the
# door (the most exposed machine) only takes numbers; the log is not its business.
READERS = ("display", "counter", "manager", "counter_screen")


def _frame(event: dict) -> str:
    return f"id: {event['seq']}\nevent: {event['kind']}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"


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
    token = host.who(request)
    require(token, *READERS)
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
                for event in backlog:
                    yield _frame(event)
                    sent = event["seq"]
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
                for event in batch:
                    if event["seq"] > sent:
                        yield _frame(event)
                        sent = event["seq"]
        finally:
            broker.readers.discard(inbox)
            if is_display:
                broker.display_readers -= 1
                broker.display_seen = time.monotonic()

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
