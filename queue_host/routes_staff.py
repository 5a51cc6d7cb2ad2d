"""Routes for staff: PIN sign-in, alerts, the audit log, and leads for the customer managers."""
from __future__ import annotations

import asyncio
import csv
import io
from datetime import datetime
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import Response

from queue_host import alerts
from contract.bodies import AlertIn, LeadIn, SignInIn, UnlockIn
from queue_host.guard import Guarded, caller
from queue_host.hashing import verify_secret
from queue_host.http_errors import responses
from queue_host.model import Invalid, NotFound
from queue_host.overrides import audit, record_lead
from queue_host.words import N_, zh_en

router = APIRouter(route_class=Guarded)


def _host(request: Request):
    return request.app.state.host


@router.post("/api/signin", tags=["staff"], responses=responses(423, 429))
async def signin(body: SignInIn, request: Request):
    """Exchange a staff id and PIN for a session token; wrong PINs slow that address down, many lock the id."""
    host = _host(request)
    client = request.client.host if request.client else "?"
    token, at = host.pins.admit(body.staff, client)
    try:
        right = await asyncio.to_thread(verify_secret, str(body.pin), token.pin_hash)
        host.pins.settle(token, client, at, right)
    finally:
        await _keep_pins(host, token.id)
    return {"token": host.book.open_session(token), "staff": token.id, "role": token.role,
            "counter": token.counter, "name": token.name, "name_zh": token.name_zh, "name_en": token.name_en,
            "staff_no": token.staff_no}


async def _keep_pins(host, staff_id: str) -> None:
    """Commit one staff id's wrong PINs and lock through the one writer, so a restart keeps them."""
    def command(lobby, now):
        lobby.changes.pins[staff_id] = host.pins.row(staff_id)
    await host.run(command)


@router.post("/api/signout", tags=["staff"], responses=responses())
async def signout(request: Request):
    """End the caller's sign-in session; its token stops working at once."""
    host = _host(request)
    closed = host.book.close_session(request.headers["authorization"][7:].strip())
    return {"signed_out": closed}


@router.get("/api/staff", tags=["staff"], responses=responses(403))
async def staff_list(request: Request):
    """Who may sign in at a panel (no secrets): id, role, counter and name (the panel's token, or staff)."""
    return {"staff": _host(request).pins.listing()}


@router.get("/api/staff/locks", tags=["staff"], responses=responses(403))
async def staff_locks(request: Request):
    """Staff ids locked after too many wrong PINs, for the manager to unlock (manager)."""
    host = _host(request)
    tz = host.cfg.branch.timezone
    return {"locks": [{**lock, "since": datetime.fromtimestamp(lock["since"], tz).isoformat()}
                      for lock in host.pins.locks()]}


@router.post("/api/staff/{staff_id}/unlock", tags=["staff"], responses=responses(403, 404))
async def unlock_staff(staff_id: str, request: Request, body: Optional[UnlockIn] = None):
    """The lobby manager lifts a PIN lock on one staff id (audited; kept across a restart)."""
    host = _host(request)
    token = caller(request)

    def command(lobby, now):
        host.pins.unlock(staff_id)
        lobby.changes.pins[staff_id] = None
        audit(lobby, token, "unlock", staff_id, (body.reason if body else "") or "PIN lock lifted", now)
        return {"staff": staff_id, "unlocked": True}
    return await host.run(command)


@router.get("/api/alerts", tags=["staff"], responses=responses())
async def list_alerts(request: Request, all: int = 0):
    """Open alerts (all of the day with ?all=1), newest first."""
    host = _host(request)

    def command(lobby, now):
        rows = [a.to_row() for a in lobby.alerts.values() if all or a.cleared_at is None]
        return {"alerts": sorted(rows, key=lambda a: a["id"], reverse=True)}
    return await host.run(command)


@router.post("/api/alerts", tags=["staff"], responses=responses(403, 409))
async def post_alert(body: AlertIn, request: Request):
    """A device reports its own fault (raised once per key while open) or that it mended (clear: true)."""
    host = _host(request)
    token = caller(request)
    if body.kind not in alerts.KINDS:
        raise Invalid(*zh_en("kind must be one of {kinds}", kinds=", ".join(alerts.KINDS)), {"field": "kind"})
    owner = token.name or token.role
    key = body.key or f"{body.kind}:{owner}"

    def command(lobby, now):
        alert = alerts.report(lobby, token.role, owner, body.kind, key, body.clear, now, body.message_zh,
                              body.message_en)
        return alert.to_row() if alert else {"key": key, "cleared_at": None}
    return await host.run(command)


@router.post("/api/alerts/{alert_id}/clear", tags=["staff"], responses=responses(403, 404, 409))
async def clear_alert(alert_id: int, request: Request):
    """The lobby manager has dealt with an alert."""
    host = _host(request)

    def command(lobby, now):
        alert = lobby.alerts.get(alert_id)
        if alert is None:
            raise NotFound(*zh_en("no alert {alert} today", alert=alert_id))
        return alerts.clear_alert(lobby, alert, now).to_row()
    return await host.run(command)


@router.get("/api/audit", tags=["staff"], responses=responses(403))
async def audit_log(request: Request):
    """Today's overrides: who, what, when, why (newest first)."""
    host = _host(request)
    return {"entries": await asyncio.to_thread(lambda: host.reader().audit(host.engine.lobby.day))}


@router.post("/api/leads", tags=["staff"], responses=responses(403, 404))
async def post_lead(body: LeadIn, request: Request):
    """Record a customer's product need for a customer manager, only with their consent."""
    host = _host(request)
    token = caller(request)
    if not body.consent:
        raise Invalid(*zh_en("a lead is recorded only with the customer's consent (consent: true)"),
                      {"field": "consent"})
    return await host.run(lambda lobby, now: record_lead(lobby, token, body.name, body.contact, body.need,
                                                         body.ticket_id, now))


@router.get("/api/leads", tags=["staff"], responses=responses(403))
async def leads(request: Request):
    """Today's leads."""
    host = _host(request)
    return {"leads": await asyncio.to_thread(lambda: host.reader().leads(host.engine.lobby.day))}


# The CSV's header, each column named in Chinese then English.
LEAD_COLUMNS = (N_("time"), N_("ticket"), N_("name"), N_("contact"), N_("need"), N_("by"), N_("consent at"))


@router.get("/api/leads.csv", tags=["staff"], responses=responses(403))
async def leads_csv(request: Request):
    """Today's leads as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese); the export is audited."""
    host = _host(request)
    token = caller(request)

    def command(lobby, now):
        audit(lobby, token, "export", "leads.csv", "{} / {}".format(*zh_en("leads exported")), now)
        return lobby.day
    day = await host.run(command)
    rows = await asyncio.to_thread(lambda: host.reader().leads(day))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["{} {}".format(*zh_en(column)) for column in LEAD_COLUMNS])
    for r in rows:
        writer.writerow([r["at"], r["ticket"], r["name"], r["contact"], r["need"], r["by"], r.get("consent_at", r["at"])])
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="leads-{day}.csv"'})
