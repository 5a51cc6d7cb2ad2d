"""The live parts: the server-sent event stream (resumable) and each ticket's status page."""
from __future__ import annotations

import asyncio
import html
import json
import time

import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from queue_host import views
from queue_host.bodies import MAX_ID
from queue_host.http_errors import responses
from queue_host.model import NotFound

router = APIRouter()
KEEPALIVE_S = 10


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


STATE_TEXT = {
    "waiting": ("等候中", "Waiting"), "called": ("请到窗口办理", "Called: please go to the counter"),
    "parked": ("填单中", "Filling in a form"), "missed": ("已过号，请联系大堂经理", "Missed: see the lobby manager"),
    "finished": ("已办结", "Done"), "cancelled": ("已取消", "Cancelled"), "unserved": ("已失效", "Expired"),
}


@router.get("/t/{code}", tags=["live"], responses=responses(404))
async def ticket_status(code: str, request: Request):
    """A ticket's live state for the customer's phone (the ticket's QR); JSON when asked for."""
    host = request.app.state.host

    def command(lobby, now):
        ticket = lobby.by_code.get(code.upper()) if len(code) <= 16 else None
        if ticket is None:
            raise NotFound("没有这张排队票（或已是前一天的票）", "no such ticket today (it may be from an earlier day)")
        view = views.ticket(lobby, ticket)
        counter = lobby.cfg.counters.get(ticket.counter) if ticket.counter else None
        return {k: view[k] for k in ("number", "state", "service", "service_name_zh", "service_name_en",
                                     "people_ahead", "wait_minutes", "counter", "issued_at", "called_at")} | {
            "counter_name_zh": counter.name_zh if counter else None,
            "counter_name_en": counter.name_en if counter else None,
            "branch_zh": lobby.cfg.branch.name_zh, "branch_en": lobby.cfg.branch.name_en}
    state = await host.run(command)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(state)
    zh, en = STATE_TEXT[state["state"]]
    if state["state"] == "called" and state["counter_name_zh"]:
        zh, en = f"请到 {state['counter_name_zh']} 办理", f"Please go to {state['counter_name_en']}"
    esc = html.escape
    wait = (f"<p>前面还有 <b>{state['people_ahead']}</b> 人，预计等候约 <b>{state['wait_minutes']}</b> 分钟<br>"
            f"<small>{state['people_ahead']} ahead of you, about {state['wait_minutes']} min</small></p>"
            if state["state"] == "waiting" else "")
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="15">
<title>{esc(state['number'])} - {esc(state['branch_zh'])}</title>
<style>body{{font-family:sans-serif;text-align:center;margin:2em;font-size:20px;color:#1a1a1a}}
h1{{font-size:64px;margin:.2em}}small{{color:#555}}</style></head><body>
<p>{esc(state['branch_zh'])}<br><small>{esc(state['branch_en'])}</small></p>
<h1>{esc(state['number'])}</h1><p>{esc(state['service_name_zh'])}<br><small>{esc(state['service_name_en'])}</small></p>
<p><b>{esc(zh)}</b><br><small>{esc(en)}</small></p>{wait}
<p><small>本页每15秒自动刷新 / refreshes every 15 s</small></p></body></html>"""
    return HTMLResponse(page)
