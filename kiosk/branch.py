"""The branch as the kiosk needs it, read once from the host's GET /api/config into frozen dataclasses."""
from __future__ import annotations

from dataclasses import dataclass, field

from fenliu.branch import Choice, Service, build, items, services_from_api, tiers_from_api


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
class KioskConfig:
    """Everything the kiosk shows that the branch configures."""

    name_zh: str
    name_en: str
    purposes: tuple[Purpose, ...]
    targets: dict[str, Target]
    services: dict[str, Service]
    decline_reasons: tuple[Choice, ...]
    cash_threshold_cny: int  # the branch file's, as the host answers it
    high_value_cny: int  # at or over it: bring your ID (and the host flags the visit)
    max_amount_cny: int  # the most the host accepts; more is a typing error
    tiers: dict[str, Choice] = field(default_factory=dict)
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


def from_api(data: dict) -> KioskConfig:
    """Read the host's /api/config answer; raise ValueError if it names no purposes."""
    branch = data.get("branch") or {}
    diversion = data.get("diversion") or {}
    display = data.get("display") or {}
    purposes = tuple(build(Purpose, p) for p in items(data.get("purposes")))
    if not purposes:
        raise ValueError("the host's configuration lists no purposes")
    threshold = diversion.get("cash_threshold_cny", data.get("cash_threshold_cny"))
    for key, value in (("cash_threshold_cny", threshold), ("high_value_cny", diversion.get("high_value_cny")),
                       ("max_amount_cny", diversion.get("max_amount_cny"))):
        if value is None:
            raise ValueError(f"the host's configuration gives no diversion.{key}")
    return KioskConfig(
        name_zh=branch.get("name_zh", ""), name_en=branch.get("name_en", ""),
        purposes=purposes,
        targets={t["code"]: build(Target, t) for t in items(data.get("targets"))},
        services=services_from_api(data),
        decline_reasons=tuple(build(Choice, r) for r in items(data.get("decline_reasons"))),
        tiers=tiers_from_api(data),
        cash_threshold_cny=int(threshold),
        high_value_cny=int(diversion["high_value_cny"]), max_amount_cny=int(diversion["max_amount_cny"]),
        form_desk_zh=branch.get("form_desk_zh", ""), form_desk_en=branch.get("form_desk_en", ""),
        missed_hint_zh=display.get("missed_hint_zh", ""), missed_hint_en=display.get("missed_hint_en", ""),
        timezone=str(branch.get("timezone", "")), day_reset=str(branch.get("day_reset", "")),
    )

