"""The branch as the kiosk needs it, read once from the host's GET /api/config into frozen dataclasses."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Purpose:
    """One purpose tile (业务需求): its route and, for queue routes, its service."""

    code: str
    name_zh: str
    name_en: str
    kind: str
    route: str
    service: str | None = None
    target: str | None = None
    high_value: bool = False

    @property
    def asks_amount(self) -> bool:
        """Cash purposes ask the amount band before they are routed."""
        return self.kind == "cash"


@dataclass(frozen=True)
class Target:
    """A self-service place (machine or e-channel) a customer is diverted to."""

    code: str
    name_zh: str
    name_en: str
    location_zh: str = ""
    location_en: str = ""
    steps_zh: tuple[str, ...] = ()
    steps_en: tuple[str, ...] = ()
    qr_url: str | None = None
    suspended: bool = False


@dataclass(frozen=True)
class Service:
    """A queue: its name, the form template to copy while waiting and the papers to bring."""

    code: str
    prefix: str = ""
    name_zh: str = ""
    name_en: str = ""
    form_template: str | None = None
    form_name_zh: str | None = None
    form_name_en: str | None = None
    documents_zh: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """A coded choice with a bilingual name: a decline reason (for some purposes) or a tier."""

    code: str
    name_zh: str
    name_en: str
    purposes: tuple[str, ...] = ()  # a decline reason's purposes; () = every purpose

    def fits(self, purpose: str) -> bool:
        """True when the choice is offered for `purpose`."""
        return not self.purposes or purpose in self.purposes


@dataclass(frozen=True)
class KioskConfig:
    """Everything the kiosk shows that the branch configures."""

    name_zh: str
    name_en: str
    purposes: tuple[Purpose, ...]
    targets: dict[str, Target]
    services: dict[str, Service]
    decline_reasons: tuple[Choice, ...]
    tiers: dict[str, Choice] = field(default_factory=dict)
    cash_threshold_cny: int = 20000
    high_value_cny: int = 50000  # at or over it: bring your ID (and the host flags the visit)
    max_amount_cny: int = 100_000_000  # the most the host accepts; more is a typing error
    form_desk_zh: str = ""
    form_desk_en: str = ""
    missed_hint_zh: str = ""
    missed_hint_en: str = ""
    timezone: str = ""  # the branch's IANA zone, e.g. "Asia/Shanghai": every printed time is in it; with day_reset, the kiosk knows the business day
    day_reset: str = ""  # "04:00"

    def reasons_for(self, purpose: str) -> tuple[Choice, ...]:
        """The decline reasons offered to a customer of `purpose`."""
        return tuple(r for r in self.decline_reasons if r.fits(purpose))

    def purpose(self, code: str) -> Purpose:
        """The purpose with this code (KeyError if the host does not offer it)."""
        for purpose in self.purposes:
            if purpose.code == code:
                return purpose
        raise KeyError(code)


def _items(value: Any) -> list[dict]:
    """The host may send a list of objects or an object keyed by code; accept both."""
    if isinstance(value, dict):
        return [{"code": k, **v} if isinstance(v, dict) else {"code": k} for k, v in value.items()]
    return [v for v in (value or []) if isinstance(v, dict)]


def _build(cls, data: dict):
    """Make a dataclass from the known keys of `data` (unknown keys are the host's business)."""
    known = cls.__dataclass_fields__
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    return cls(**kwargs)


def from_api(data: dict) -> KioskConfig:
    """Read the host's /api/config answer; raise ValueError if it names no purposes."""
    branch = data.get("branch") or {}
    diversion = data.get("diversion") or {}
    display = data.get("display") or {}
    purposes = tuple(_build(Purpose, p) for p in _items(data.get("purposes")))
    if not purposes:
        raise ValueError("the host's configuration lists no purposes")
    threshold = diversion.get("cash_threshold_cny", data.get("cash_threshold_cny", 20000))
    return KioskConfig(
        name_zh=branch.get("name_zh", ""), name_en=branch.get("name_en", ""),
        purposes=purposes,
        targets={t["code"]: _build(Target, t) for t in _items(data.get("targets"))},
        services={s["code"]: _build(Service, s) for s in _items(data.get("services"))},
        decline_reasons=tuple(_build(Choice, r) for r in _items(data.get("decline_reasons"))),
        tiers={t["code"]: _build(Choice, t) for t in _items(_tier_list(data.get("tiers")))},
        cash_threshold_cny=int(threshold),
        high_value_cny=int(diversion.get("high_value_cny", 50000)),
        max_amount_cny=int(diversion.get("max_amount_cny", 100_000_000)),
        form_desk_zh=branch.get("form_desk_zh", ""), form_desk_en=branch.get("form_desk_en", ""),
        missed_hint_zh=display.get("missed_hint_zh", ""), missed_hint_en=display.get("missed_hint_en", ""),
        timezone=str(branch.get("timezone", "")), day_reset=str(branch.get("day_reset", "")),
    )


def _tier_list(value: Any) -> Any:
    """Tiers may come as a list or as {"levels": [...]} like the branch file."""
    if isinstance(value, dict) and "levels" in value:
        return value["levels"]
    return value
