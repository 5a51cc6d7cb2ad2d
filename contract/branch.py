"""The branch as the apps need it (GET /api/config): purposes, queues, machines, counters, thresholds, notices.
Nothing secret is in it (no token, no PIN, no key); every device of the branch reads it."""
from __future__ import annotations

from typing import Any, Optional

from contract.base import Model


class BranchInfo(Model):
    name_zh: str = ""
    name_en: str = ""
    public_url: str = ""
    form_desk_zh: str = ""
    form_desk_en: str = ""
    timezone: str = "Asia/Shanghai"
    day_reset: str = ""


class Service(Model):
    """A queue with its ticket prefix and the paper form a customer fills while waiting."""

    code: str
    prefix: str = ""
    name_zh: str = ""
    name_en: str = ""
    form_template: Optional[str] = None
    form_name_zh: Optional[str] = None
    form_name_en: Optional[str] = None
    documents_zh: list[str] = []
    documents_en: list[str] = []
    service_level_minutes: Optional[int] = None
    vip_for: list[str] = []


class Purpose(Model):
    """What a customer came for, and where the branch sends it."""

    code: str
    name_zh: str = ""
    name_en: str = ""
    kind: str = ""
    route: str = ""
    service: Optional[str] = None
    target: Optional[str] = None
    high_value: bool = False
    prefill: Optional[str] = None


class Target(Model):
    """A self-service machine or e-channel a purpose may be sent to."""

    code: str
    name_zh: str = ""
    name_en: str = ""
    location_zh: str = ""
    location_en: str = ""
    steps_zh: list[str] = []
    steps_en: list[str] = []
    qr_url: Optional[str] = None


class Counter(Model):
    id: str
    name_zh: str = ""
    name_en: str = ""
    services: list[str] = []


class Reason(Model):
    """A reason a customer may give for turning a machine down."""

    code: str
    name_zh: str = ""
    name_en: str = ""
    purposes: list[str] = []


class Tier(Model):
    code: str
    name_zh: str = ""
    name_en: str = ""
    min_assets_cny: int = 0


class Diversion(Model):
    """The branch's amount thresholds: machines take cash under the first; the second is high value."""

    cash_threshold_cny: int
    high_value_cny: int
    max_amount_cny: int


class PrefillForm(Model):
    form_template: Optional[str] = None
    form_name_zh: Optional[str] = None
    form_name_en: Optional[str] = None
    banks: list[Any] = []


class Branch(Model):
    """GET /api/config."""

    model_config = Model.model_config | {"extra": "allow"}  # branch settings only; no secret is ever in them

    branch: BranchInfo
    services: list[Service] = []
    purposes: list[Purpose] = []
    targets: list[Target] = []
    counters: list[Counter] = []
    decline_reasons: list[Reason] = []
    tiers: list[Tier] = []
    diversion: Diversion
    calling: dict[str, Any] = {}
    display: dict[str, Any] = {}
    prefill: PrefillForm = PrefillForm()
