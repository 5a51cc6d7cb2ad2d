"""Bilingual words the panels show for tickets, tiers, services and waits, read once from /api/config."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fenliu.labels import ROLES, role
from fenliu.words import N_, zh_en

Pair = tuple[str, str]

# A ticket's and a counter's states, as msgids of the word catalogs.
STATE_NAMES: dict[str, str] = {
    "waiting": N_("waiting (ticket state)"), "called": N_("called"), "parked": N_("filling a form"),
    "missed": N_("missed"), "finished": N_("finished"), "cancelled": N_("cancelled"),
    "unserved": N_("unserved"),
}
COUNTER_STATES: dict[str, str] = {"open": N_("open"), "paused": N_("paused")}
# The chips on a ticket, in full (flags) and in a word or two (short_flags).
SHORT_FLAGS: tuple[tuple[str, str], ...] = (
    ("high_value", N_("high value")), ("elderly", N_("elderly (short)")), ("declined", N_("declined")),
    ("reinstated", N_("reinstated (short)")), ("transferred_from", N_("transferred")),
)


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
    staff: dict[str, dict] = field(default_factory=dict)  # /api/staff by id: display names, staff numbers

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
                   branch=(branch.get("name_zh", ""), branch.get("name_en", "")),
                   staff={str(s.get("id")): s for s in config.get("staff") or [] if isinstance(s, dict)})

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

    def who(self, who: str) -> Pair:
        """A member of staff or a device, as a person reads it: the display name from the branch file (and the
        staff number), else what kind of device it is; never a token id or a configuration name."""
        person = self.staff.get(who) or next((s for s in self.staff.values() if who and s.get("name") == who), None)
        if person is not None:
            return staff_name(person)
        kind = next((r for r in ROLES if who == r or who.startswith(r + "-")), "")
        return role(kind)

    def flags(self, ticket: dict) -> list[Pair]:
        """The chips a teller or manager must notice on a ticket: tier, high value, elderly, declined."""
        chips: list[Pair] = []
        tier = ticket.get("tier") or "normal"
        if tier != "normal":
            chips.append(self.tier(tier))
        if ticket.get("high_value"):
            chips.append(zh_en("high value"))
        if ticket.get("elderly"):
            chips.append(zh_en("elderly"))
        declined = ticket.get("declined")
        if declined:
            target = self.target(declined.get("target", ""))
            reason = _pair(self.decline_reasons.get(declined.get("reason", "")), declined.get("reason", ""))
            chips.append(zh_en("declined {target_en}: {reason_en}", target_zh=target[0], target_en=target[1],
                               reason_zh=reason[0], reason_en=reason[1]))
        if ticket.get("reinstated"):
            chips.append(zh_en("reinstated"))
        if ticket.get("transferred_from"):
            source = self.service(ticket["transferred_from"])
            chips.append(zh_en("from {service_en}", service_zh=source[0], service_en=source[1]))
        return chips

    def short_flags(self, ticket: dict) -> list[Pair]:
        """The same flags in a word or two each, for a narrow queue column."""
        chips: list[Pair] = []
        tier = ticket.get("tier") or "normal"
        if tier != "normal":
            chips.append(self.tier(tier))
        for key, msgid in SHORT_FLAGS:
            if ticket.get(key):
                chips.append(zh_en(msgid))
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
            return zh_en("no form needed")
        zh, en = zh_en("form template {number} {name_en}", number=number, name_zh=svc.get("form_name_zh", ""),
                       name_en=svc.get("form_name_en", ""))
        return zh.strip(), en.strip()


def staff_name(person: dict) -> Pair:
    """A member of staff by the branch file's display name and staff number (工号), Chinese then English."""
    zh_name = person.get("name_zh") or person.get("label_zh") or ""
    en_name = person.get("name_en") or person.get("label_en") or ""
    if not (zh_name or en_name):
        zh_name, en_name = role(str(person.get("role", "")))
    number = person.get("staff_no") or ""
    if number:
        return zh_en("{name} (staff no. {no})", name=(zh_name or en_name, en_name or zh_name), no=number)
    return zh_name or en_name, en_name or zh_name


def wait_text(minutes: int | float | None) -> Pair:
    """A waiting time in whole minutes, both languages."""
    m = int(minutes or 0)
    return zh_en("{n} min", n=m)


def state_name(state: str) -> Pair:
    """A ticket state's name."""
    return zh_en(STATE_NAMES[state]) if state in STATE_NAMES else (state, state)
