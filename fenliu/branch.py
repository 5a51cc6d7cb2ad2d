"""The branch as every app reads it from the host's GET /api/config: services and coded choices."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


def items(value: Any) -> list[dict]:
    """The host may send a list of objects or an object keyed by code; accept both."""
    if isinstance(value, dict):
        return [{"code": k, **v} if isinstance(v, dict) else {"code": k} for k, v in value.items()]
    return [v for v in (value or []) if isinstance(v, dict)]


def build(cls, data: dict):
    """Make a dataclass from the known keys of `data` (unknown keys are the host's business)."""
    known = cls.__dataclass_fields__
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    return cls(**kwargs)


def tier_list(value: Any) -> Any:
    """Tiers may come as a list or as {"levels": [...]} like the branch file."""
    if isinstance(value, dict) and "levels" in value:
        return value["levels"]
    return value


def services_from_api(data: dict) -> dict[str, Service]:
    """The configured services by code."""
    return {s["code"]: build(Service, s) for s in items(data.get("services"))}


def tiers_from_api(data: dict) -> dict[str, Choice]:
    """The customer tiers by code."""
    return {t["code"]: build(Choice, t) for t in items(tier_list(data.get("tiers")))}
