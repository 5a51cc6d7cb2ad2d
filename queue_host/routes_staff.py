"""Routes for staff: PIN sign-in, alerts, the audit log, and leads for the customer managers."""
from __future__ import annotations

import asyncio
import csv
import io
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from queue_host import alerts
from queue_host.api import audit
from queue_host.model import Invalid, NotFound

router = APIRouter()


class SignInIn(BaseModel):
    staff: str = Field(min_length=1, max_length=40)
    pin: str = Field(max_length=16)


class UnlockIn(BaseModel):
    reason: str = Field("", max_length=200)


class AlertIn(BaseModel):
    kind: str
    message_zh: str = Field(max_length=200)
    message_en: str = Field("", max_length=200)
    key: str = Field("", max_length=80)
    clear: bool = False


class LeadIn(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    contact: str = Field(min_length=3, max_length=40)
    need: str = Field(min_length=1, max_length=200)
    consent: bool
    ticket_id: Optional[int] = None


def _host(request: Request):
    return request.app.state.host


@router.post("/api/signin", tags=["staff"])
async def signin(body: SignInIn, request: Request):
    """Exchange a staff id and PIN for a session token; ten wrong PINs in an hour lock that staff id."""
    host = _host(request)
    token = await asyncio.to_thread(host.pins.sign_in, body.staff, body.pin)
    return {"token": host.book.open_session(token), "staff": token.id, "role": token.role,
            "counter": token.counter, "name": token.name}


@router.post("/api/signout", tags=["staff"])
async def signout(request: Request):
    """End the caller's sign-in session; its token stops working at once."""
    host = _host(request)
    host.who(request)
    closed = host.book.close_session(request.headers["authorization"][7:].strip())
    return {"signed_out": closed}


@router.get("/api/staff", tags=["staff"])
async def staff_list(request: Request):
    """Who may sign in at a panel (no secrets): id, role, counter and name."""
    return {"staff": _host(request).pins.listing()}


@router.post("/api/staff/{staff_id}/unlock", tags=["staff"])
async def unlock_staff(staff_id: str, request: Request, body: Optional[UnlockIn] = None):
    """The lobby manager lifts a PIN lock on one staff id (audited)."""
    host = _host(request)
    token = host.who(request, "manager")

    def command(lobby, now):
        host.pins.unlock(staff_id)
        audit(lobby, token, "unlock", staff_id, (body.reason if body else "") or "PIN lock lifted", now)
        return {"staff": staff_id, "unlocked": True}
    return await host.run(command)


@router.get("/api/alerts", tags=["staff"])
async def list_alerts(request: Request, all: int = 0):
    """Open alerts (all of the day with ?all=1), newest first."""
    host = _host(request)
    host.who(request)

    def command(lobby, now):
        rows = [a.to_row() for a in lobby.alerts.values() if all or a.cleared_at is None]
        return {"alerts": sorted(rows, key=lambda a: a["id"], reverse=True)}
    return await host.run(command)


@router.post("/api/alerts", tags=["staff"])
async def post_alert(body: AlertIn, request: Request):
    """A device reports a fault (raised once per key while open) or that it mended (clear: true)."""
    host = _host(request)
    token = host.who(request, "kiosk", "display", "manager", "counter")
    if body.kind not in alerts.KINDS:
        raise Invalid("提醒类型不正确", f"kind must be one of {', '.join(alerts.KINDS)}", {"field": "kind"})
    key = body.key or f"{body.kind}:{token.name or token.role}"

    def command(lobby, now):
        if body.clear:
            alert = alerts.clear_key(lobby, key, now)
            return alert.to_row() if alert else {"key": key, "cleared_at": None}
        return alerts.raise_alert(lobby, body.kind, key, now, body.message_zh, body.message_en or body.message_zh).to_row()
    return await host.run(command)


@router.post("/api/alerts/{alert_id}/clear", tags=["staff"])
async def clear_alert(alert_id: int, request: Request):
    """The lobby manager has dealt with an alert."""
    host = _host(request)
    host.who(request, "manager")

    def command(lobby, now):
        alert = lobby.alerts.get(alert_id)
        if alert is None:
            raise NotFound("没有这条提醒", f"no alert {alert_id} today")
        return alerts.clear_alert(lobby, alert, now).to_row()
    return await host.run(command)


@router.get("/api/audit", tags=["staff"])
async def audit_log(request: Request):
    """Today's overrides: who, what, when, why (newest first)."""
    host = _host(request)
    host.who(request, "manager")
    return {"entries": await asyncio.to_thread(lambda: host.reader().audit(host.engine.lobby.day))}


@router.post("/api/leads", tags=["staff"])
async def post_lead(body: LeadIn, request: Request):
    """Record a customer's product need for a customer manager, only with their consent."""
    host = _host(request)
    token = host.who(request, "manager", "counter")
    if not body.consent:
        raise Invalid("需客户同意后才能记录", "a lead is recorded only with the customer's consent (consent: true)",
                      {"field": "consent"})

    def command(lobby, now):
        number = lobby.ticket(body.ticket_id).number if body.ticket_id else ""
        lead = {"day": lobby.day, "at": now.isoformat(), "by": token.name or token.role, "ticket": number,
                **body.model_dump(exclude={"consent", "ticket_id"})}
        lobby.changes.leads.append(lead)
        return lead
    return await host.run(command)


@router.get("/api/leads", tags=["staff"])
async def leads(request: Request):
    """Today's leads."""
    host = _host(request)
    host.who(request, "manager")
    return {"leads": await asyncio.to_thread(lambda: host.reader().leads(host.engine.lobby.day))}


@router.get("/api/leads.csv", tags=["staff"])
async def leads_csv(request: Request):
    """Today's leads as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    host = _host(request)
    host.who(request, "manager")
    day = host.engine.lobby.day
    rows = await asyncio.to_thread(lambda: host.reader().leads(day))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["时间 time", "号码 ticket", "姓名 name", "联系方式 contact", "需求 need", "记录人 by"])
    for r in rows:
        writer.writerow([r["at"], r["ticket"], r["name"], r["contact"], r["need"], r["by"]])
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="leads-{day}.csv"'})
