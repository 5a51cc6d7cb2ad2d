"""A visit answered by the kiosk itself while the host is away: a ticket from its reserved block.

Offline the kiosk does not divert (it cannot know whether a machine is in service) and does not know
the customer's tier: every purpose with a queue gets a ticket of that queue, in the normal tier. A
purpose without a queue, or a block used up, sends the customer to the lobby manager.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.text import both


class NoOfflineTicket(Exception):
    """No ticket can be given without the host; the customer is sent to the lobby manager."""

    def __init__(self, why: str):
        super().__init__(why)
        self.message_zh, self.message_en = both("offline_see_manager")


def offline_visit(book: Any, config: Any, body: dict, now: datetime) -> dict:
    """Take the next number of the purpose's service from the book (committed first) and answer like the host."""
    purpose = config.purpose(body["purpose"]) if config is not None else None
    if purpose is None or not purpose.service:
        raise NoOfflineTicket("no queue for this purpose")
    # Blocks of an earlier business day were voided by the host's reset: their numbers would never be called.
    row = book.take(purpose.service, purpose.code, now.isoformat(), body.get("request_id"),
                    day=business_day(config, now), elderly=bool(body.get("elderly")), lang=body.get("lang", "zh"))
    if row is None:
        raise NoOfflineTicket(f"no reserved numbers left for {purpose.service}")
    service = config.services.get(purpose.service)
    ticket = {"id": None, "number": row["number"], "service": purpose.service,
              "service_name_zh": service.name_zh if service else purpose.service,
              "service_name_en": service.name_en if service else purpose.service,
              "purpose": purpose.code, "state": "waiting", "tier": "normal", "issued_at": row["issued_at"],
              "elderly": row["elderly"], "lang": row["lang"],
              "people_ahead": -1, "wait_minutes": 0, "status_url": "", "offline": True}
    route = "customer_manager" if purpose.route == "customer_manager" else "counter"
    return {"visit_id": None, "route": route, "target": None, "ticket": ticket, "existing": False,
            "reinstated": False, "tier": "normal", "high_value": purpose.high_value, "fallback": None,
            "offline": True, "offline_key": row["key"], "at": row["issued_at"]}


def business_day(config: Any, now: datetime) -> str | None:
    """The branch's business day at `now` (the day starts at its reset time), or None if the host did not say."""
    try:
        local = now.astimezone(ZoneInfo(config.timezone))
        hour, minute = (int(part) for part in config.day_reset.split(":"))
    except (ValueError, ZoneInfoNotFoundError, AttributeError):
        return None
    if (local.hour, local.minute) < (hour, minute):
        local -= timedelta(days=1)
    return local.date().isoformat()
