"""Alerts for the lobby manager: raised once per key while open, cleared by rule or by hand."""
from __future__ import annotations

from datetime import datetime

from queue_host.lobby import Lobby
from queue_host.model import Alert, DomainError, Forbidden
from queue_host.words import zh_en

KINDS = ("printer_fault", "card_reader_fault", "display_fault", "service_level", "crowd", "high_value",
         "display_offline", "lobby_visit", "offline_refused", "rating", "other")
# What each role may report about itself; customer alerts (lobby visit, high value, crowd, service
# level, display offline) come only from the host's rules and are cleared only by staff.
REPORTABLE = {"kiosk": ("printer_fault", "card_reader_fault", "offline_refused"), "display": ("display_fault",),
              "counter": ("other",), "manager": ("other",)}


def open_alert(lobby: Lobby, key: str) -> Alert | None:
    """The open alert with this key, if any."""
    for alert in lobby.alerts.values():
        if alert.key == key and alert.cleared_at is None:
            return alert
    return None


def raise_alert(lobby: Lobby, kind: str, key: str, now: datetime, message_zh: str, message_en: str,
                owner: str = "") -> Alert:
    """Raise an alert, or return the one already open under the same key."""
    current = open_alert(lobby, key)
    if current is not None:
        return current
    alert = Alert(lobby.next_alert_id, lobby.day, kind, key, message_zh, message_en, now, owner=owner)
    lobby.next_alert_id += 1
    lobby.alerts[alert.id] = alert
    lobby.changes.alerts[alert.id] = alert
    lobby.changes.meta = True
    lobby.emit("alert_raised", now, alert=alert.to_row())
    return alert


def clear_alert(lobby: Lobby, alert: Alert, now: datetime) -> Alert:
    """Close an open alert."""
    if alert.cleared_at is not None:
        raise DomainError(*zh_en("alert {alert} is already cleared", alert=alert.id), {"alert": alert.id})
    alert.cleared_at = now
    lobby.changes.alerts[alert.id] = alert
    lobby.emit("alert_cleared", now, alert=alert.to_row())
    return alert


def clear_key(lobby: Lobby, key: str, now: datetime) -> Alert | None:
    """Close the open alert with this key, if there is one (a fault that mended itself)."""
    alert = open_alert(lobby, key)
    return clear_alert(lobby, alert, now) if alert else None


def evaluate(lobby: Lobby, now: datetime, displays_connected: bool, display_silent_s: float) -> None:
    """Raise and clear the rule-based alerts: service level, crowding, a display gone offline."""
    for code, conf in lobby.cfg.services.items():
        waiting = lobby.waiting(code)
        longest = max(((now - t.queued_at).total_seconds() for t in waiting), default=0)
        key = f"service_level:{code}"
        if longest > conf.service_level_minutes * 60:
            raise_alert(lobby, "service_level", key, now,
                        *zh_en("{service}: longest wait over {minutes} min", service=(conf.name_zh, conf.name_en),
                               minutes=conf.service_level_minutes))
        elif open_alert(lobby, key):
            clear_key(lobby, key, now)
        key = f"crowd:{code}"
        if len(waiting) > lobby.cfg.waiting_over:
            raise_alert(lobby, "crowd", key, now,
                        *zh_en("{service}: {n} waiting; tell the supervisor, open more counters",
                               service=(conf.name_zh, conf.name_en), n=len(waiting)))
        elif open_alert(lobby, key) and len(waiting) <= lobby.cfg.waiting_over * 0.8:
            clear_key(lobby, key, now)  # a margin, so the alert does not flap at the threshold
    if not displays_connected and display_silent_s >= lobby.cfg.display_offline_s:
        raise_alert(lobby, "display_offline", "display_offline", now,
                    *zh_en("The lobby display is offline"))
    elif displays_connected and open_alert(lobby, "display_offline"):
        clear_key(lobby, "display_offline", now)


def report(lobby: Lobby, role: str, owner: str, kind: str, key: str, clear: bool, now: datetime,
           message_zh: str = "", message_en: str = "") -> Alert | None:
    """A device or staff member reports its own fault (or that it mended): only its own kinds and keys."""
    if kind not in REPORTABLE.get(role, ()):
        raise Forbidden(*zh_en("the {role} role may not report {kind!r} alerts (may report: {kinds})", role=role,
                               kind=kind, kinds=", ".join(REPORTABLE.get(role, ())) or "none"), {"field": "kind"})
    current = open_alert(lobby, key)
    if current is not None and (current.owner != owner or current.kind != kind):
        raise Forbidden(*zh_en("the open alert {key!r} was raised by another device or rule; "
                               "report under a key of your own", key=key), {"field": "key"})
    if clear:
        return clear_alert(lobby, current, now) if current else None
    return raise_alert(lobby, kind, key, now, message_zh, message_en or message_zh, owner=owner)
