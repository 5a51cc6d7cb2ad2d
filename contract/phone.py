"""What a customer's phone sees of its own ticket (GET /t/{code}): nothing about anyone else."""
from __future__ import annotations

from typing import Optional

from contract.base import Model


class TicketForPhone(Model):
    number: str
    state: str
    service: str = ""
    service_name_zh: str = ""
    service_name_en: str = ""
    people_ahead: int = 0
    wait_minutes: int = 0
    counter: Optional[str] = None
    counter_name_zh: Optional[str] = None
    counter_name_en: Optional[str] = None
    issued_at: Optional[str] = None
    called_at: Optional[str] = None
    branch_zh: str = ""
    branch_en: str = ""
    cancelled_by_me: bool = False
