"""Bilingual words the panels show for tickets, tiers, services and waits, read once from /api/config."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Pair = tuple[str, str]

# The host's config lists these with their own names; these stand in only if a code is missing there.
STATE_NAMES: dict[str, Pair] = {
    "waiting": ("等候中", "waiting"), "called": ("已叫号", "called"), "parked": ("填单中", "filling a form"),
    "missed": ("过号", "missed"), "finished": ("已办结", "finished"), "cancelled": ("已取消", "cancelled"),
    "unserved": ("未办理", "unserved"),
}
COUNTER_STATES: dict[str, Pair] = {"open": ("开放", "open"), "paused": ("暂停", "paused")}


def _by_code(items: Any) -> dict[str, dict]:
    """Index a config list of {code, ...} (or an already keyed dict) by code."""
    if isinstance(items, dict):
        return {str(k): (v if isinstance(v, dict) else {"name_zh": str(v), "name_en": str(v)})
                for k, v in items.items()}
    return {str(item.get("code", item.get("id"))): item for item in items or [] if isinstance(item, dict)}


def _pair(item: dict | None, code: str) -> Pair:
    """The (zh, en) names of one config item, falling back to its code."""
    if not item:
        return (code, code)
    return (item.get("name_zh") or code, item.get("name_en") or code)


@dataclass(frozen=True)
class Names:
    """Names of the branch's services, tiers, decline reasons, targets and counters."""

    services: dict[str, dict] = field(default_factory=dict)
    tiers: dict[str, dict] = field(default_factory=dict)
    decline_reasons: dict[str, dict] = field(default_factory=dict)
    targets: dict[str, dict] = field(default_factory=dict)
    counters: dict[str, dict] = field(default_factory=dict)
    branch: Pair = ("", "")

    @classmethod
    def from_config(cls, config: dict) -> "Names":
        """Build the names from the host's /api/config answer."""
        tiers = config.get("tiers", {})
        if isinstance(tiers, dict) and "levels" in tiers:
            tiers = tiers["levels"]
        branch = config.get("branch", {}) or {}
        return cls(services=_by_code(config.get("services")), tiers=_by_code(tiers),
                   decline_reasons=_by_code(config.get("decline_reasons")),
                   targets=_by_code(config.get("targets")), counters=_by_code(config.get("counters")),
                   branch=(branch.get("name_zh", ""), branch.get("name_en", "")))

    def service(self, code: str) -> Pair:
        """A service (queue) by code."""
        return _pair(self.services.get(code), code)

    def tier(self, code: str) -> Pair:
        """A customer tier by code."""
        return _pair(self.tiers.get(code), code)

    def target(self, code: str) -> Pair:
        """A self-service target by code."""
        return _pair(self.targets.get(code), code)

    def counter(self, counter_id: str) -> Pair:
        """A counter (window) by id."""
        return _pair(self.counters.get(str(counter_id)), f"#{counter_id}")

    def flags(self, ticket: dict) -> list[Pair]:
        """The chips a teller or manager must notice on a ticket: tier, high value, elderly, declined."""
        chips: list[Pair] = []
        tier = ticket.get("tier") or "normal"
        if tier != "normal":
            chips.append(self.tier(tier))
        if ticket.get("high_value"):
            chips.append(("高价值", "high value"))
        if ticket.get("elderly"):
            chips.append(("老年客户", "elderly"))
        declined = ticket.get("declined")
        if declined:
            target = self.target(declined.get("target", ""))
            reason = _pair(self.decline_reasons.get(declined.get("reason", "")), declined.get("reason", ""))
            chips.append((f"拒绝分流至{target[0]}：{reason[0]}", f"declined {target[1]}: {reason[1]}"))
        if ticket.get("reinstated"):
            chips.append(("过号重排", "reinstated"))
        if ticket.get("transferred_from"):
            chips.append((f"由{self.service(ticket['transferred_from'])[0]}转入",
                          f"from {self.service(ticket['transferred_from'])[1]}"))
        return chips

    def short_flags(self, ticket: dict) -> list[Pair]:
        """The same flags in a word or two each, for a narrow queue column."""
        chips: list[Pair] = []
        tier = ticket.get("tier") or "normal"
        if tier != "normal":
            chips.append(self.tier(tier))
        for key, zh, en in (("high_value", "高价值", "high value"), ("elderly", "老年", "elderly"),
                            ("declined", "拒绝分流", "declined"), ("reinstated", "重排", "reinstated"),
                            ("transferred_from", "转入", "transferred")):
            if ticket.get(key):
                chips.append((zh, en))
        return chips

    def flags_text(self, ticket: dict) -> str:
        """The flags on two short lines, Chinese then English (empty when there are none)."""
        chips = self.flags(ticket)
        if not chips:
            return ""
        return "  ".join(zh for zh, _ in chips) + "\n" + "  ".join(en for _, en in chips)

    def form(self, ticket: dict) -> Pair:
        """The form template the customer copies at the form desk, if the service has one."""
        svc = self.services.get(ticket.get("service", ""), {})
        number = ticket.get("form_template") or svc.get("form_template")
        if not number:
            return ("无需填单", "no form needed")
        return (f"填单模版 {number} 号 {svc.get('form_name_zh', '')}".strip(),
                f"form template {number} {svc.get('form_name_en', '')}".strip())


def wait_text(minutes: int | float | None) -> Pair:
    """A waiting time in whole minutes, both languages."""
    m = int(minutes or 0)
    return (f"已等 {m} 分钟", f"{m} min")


def state_name(state: str) -> Pair:
    """A ticket state's name."""
    return STATE_NAMES.get(state, (state, state))
