"""Branch time for every screen and paper: the branch file's zone (branch.timezone), never the machine's."""
from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STAMP = "%Y-%m-%d %H:%M"


def zone(name: str) -> tzinfo | None:
    """The branch's zone from its name (Asia/Shanghai), or None when empty or unknown on this machine."""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def branch_now(name: str, wall: Callable[[], datetime] | None = None) -> datetime:
    """Now in the branch's zone; the machine's own zone only while the branch's is not known yet."""
    moment = (wall or (lambda: datetime.now().astimezone()))()
    where = zone(name)
    return moment.astimezone(where) if where is not None else moment.astimezone()


def branch_stamp(name: str, wall: Callable[[], datetime] | None = None) -> str:
    """Now as printed on papers (2026-12-08 09:30), in branch time."""
    return branch_now(name, wall).strftime(STAMP)
