"""Head office's full reports: the branch head's own report (fenliu/report) per branch and for the branches
combined, counted by queue_host/figures.py from the events head office holds.

Head office has no branch file: the rules come from the shipped branch template (config/branch.toml, or
--config), with each branch's name, time zone and service-level minutes as the branch reported them,
and the queues, counters and self-service targets its events name that the template lacks (by the names
in the events, else by code). Who called a ticket (the staff id) stays at the branch, so the per-teller
figures are absent from these reports, not zero; every other figure of the branch report is counted.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from reports.cli import whole, write_days
from queue_host.config import Config, Counter, Service, Target
from queue_host.figures import OLD_VISIT

ABSENT = {"tellers": "head office does not get who called a ticket (it stays at the branch) / 谁叫的号不上报总行"}
COMBINED = "combined"


def folder(branch: str) -> str:
    """The folder (under --out) of one branch's report."""
    return f"branch-{branch}"


def _tagged(e: dict, prefix: str, counter_prefix: str = "") -> dict:
    """The event with its ticket, visit and alert ids (and counter codes) made unique across logs and branches."""
    e = dict(e)
    if isinstance(e.get("ticket"), dict):
        e["ticket"] = {**e["ticket"], "id": f"{prefix}{e['ticket']['id']}"}
    if e["kind"] == "visit":
        e["visit_id"] = f"{prefix}{e['visit_id']}"
        # A field the branch's log lacked arrives as null: let the figures' defaults apply, as at the branch.
        for key in (*OLD_VISIT, "arrived_at"):
            if e.get(key, 0) is None:
                del e[key]
    if isinstance(e.get("alert"), dict):
        e["alert"] = {**e["alert"], "id": f"{prefix}{e['alert']['id']}"}
    if counter_prefix and e.get("counter") is not None:
        e["counter"] = f"{counter_prefix}{e['counter']}"
    return e


def per_day(rows: list[tuple[str, date, dict]], days: list[str], branch: str = "",
            counters: bool = False) -> dict[str, list[dict]]:
    """A branch's rows as each business day's events (one log after another), ids tagged by log."""
    logs: dict[str, int] = {}
    out: dict[str, list[dict]] = {d: [] for d in days}
    for log_id, day, data in rows:
        n = logs.setdefault(log_id, len(logs))
        out[day.isoformat()].append(_tagged(data, f"{branch}/{n}:", f"{branch} " if counters else ""))
    return out


def merged(days: list[str], branches: list[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """Several branches' days as one, each day's events merged by time (each log keeps its order)."""
    return {d: list(heapq.merge(*(b[d] for b in branches), key=lambda e: e["at"])) for d in days}


def _codes(events: list[dict]) -> tuple[dict, dict, set]:
    """Queues and counters the events name (code -> (zh, en)), and the self-service targets."""
    services, counters, targets = {}, {}, set()
    for e in events:
        t = e.get("ticket")
        if isinstance(t, dict) and t.get("service"):
            services.setdefault(t["service"], (t.get("service_name_zh"), t.get("service_name_en")))
        if e.get("counter") and (e.get("counter_name_zh") or counters.get(e["counter"], (None,))[0] is None):
            counters[e["counter"]] = (e.get("counter_name_zh"), e.get("counter_name_en"))
        if e["kind"] == "visit" and e.get("target"):
            targets.add(e["target"])
    return services, counters, targets


def branch_config(template: Config, info: dict, events: list[dict]) -> Config:
    """The rules for one branch's report: the template with the branch's reported name, zone, queues and levels."""
    services, counters, targets = _codes(events)
    levels = info.get("service_levels") or {}
    queues = {c: s for c, s in template.services.items() if not levels or c in levels}
    for code, (zh, en) in services.items():
        if code not in queues:
            queues[code] = Service(code, "", zh or code, en or code)
    for code in set(levels) - set(queues):
        queues[code] = Service(code, "", code, code)
    queues = {c: replace(s, service_level_minutes=int(levels.get(c, s.service_level_minutes))) for c, s in queues.items()}
    desks = dict(template.counters)
    for code, (zh, en) in counters.items():
        if code not in desks:
            desks[code] = Counter(code, zh or code, en or code, ())
    machines = dict(template.targets) | {c: Target(c, c, c, "", "") for c in targets - set(template.targets)}
    branch = replace(template.branch, name_zh=info.get("name_zh") or template.branch.name_zh,
                     name_en=info.get("name_en") or template.branch.name_en,
                     timezone=ZoneInfo(info.get("timezone") or str(template.branch.timezone)))
    return replace(template, branch=branch, services=queues, counters=desks, targets=machines, tokens={}, hq=None)


def combined_config(template: Config, configs: dict[str, Config]) -> tuple[Config, list[str]]:
    """The rules for the branches combined: every branch's queues and targets, its counters named by branch.

    Where branches give a queue different service-level minutes, the template's are used; the notes say which.
    """
    queues: dict[str, Service] = {}
    minutes: dict[str, set] = {}
    desks: dict[str, Counter] = {}
    machines: dict[str, Target] = {}
    for b, cfg in configs.items():
        for code, s in cfg.services.items():
            queues.setdefault(code, s)
            minutes.setdefault(code, set()).add(s.service_level_minutes)
        for code, c in cfg.counters.items():
            desks[f"{b} {code}"] = replace(c, id=f"{b} {code}", name_zh=f"{b} {c.name_zh}")
        machines |= cfg.targets
    notes = []
    for code, mins in sorted(minutes.items()):
        if len(mins) > 1:
            fallback = template.services[code].service_level_minutes if code in template.services else min(mins)
            queues[code] = replace(queues[code], service_level_minutes=fallback)
            notes.append(f"{code}: branches' service-level minutes differ ({sorted(mins)}); combined uses {fallback}")
    branch = replace(template.branch, name_zh="所选网点合计", name_en=f"{len(configs)} branches combined")
    return replace(template, branch=branch, services=queues, counters=desks, targets=machines, tokens={},
                   hq=None), notes


def note(template_path: Path, extra: list[str] = ()) -> list[str]:
    """The paragraph each head-office report opens with: where its rules came from, what is absent."""
    lines = [f"总行报表：按总行收到的事件计算；规则取自网点模板配置 {template_path}，网点名称、时区和各队列服务时限取自网点上报；"
             "模板中没有的队列、窗口按事件中的名称或代码列出；各柜员数字不上报，故缺。",
             f"Head-office report: counted from the events head office holds, with the rules of the shipped branch "
             f"template {template_path}; each branch's name, time zone and service-level minutes as it reported "
             f"them; queues and counters the template lacks are named as in the events, or by code. Per-teller "
             f"figures are not available at head office: {ABSENT['tellers']}.", *extra]
    return lines


@dataclass(frozen=True)
class Counted:
    """One branch's period at head office: its rules, its events per business day, the period's figures."""
    cfg: Config
    days: dict[str, list[dict]]
    figures: dict  # queue_host/figures.py over the whole period: the report's headline and the league's row


def count(template: Config, info: dict, rows: list[tuple[str, date, dict]], days: list[str],
          now: datetime) -> Counted:
    """One branch's rules and events, and its figures over the whole period, counted once."""
    cfg = branch_config(template, info, [data for _, _, data in rows])
    per = per_day(rows, days)
    return Counted(cfg, per, whole(cfg, per, now, ABSENT))


def write(cfg: Config, template_path: Path, days: dict[str, list[dict]], out: Path, now: datetime,
          extra: list[str] = (), counted: dict | None = None) -> dict[str, Path]:
    """One report (a branch's or the combined one) with fenliu report's writers; returns its files.

    `counted`: the period's figures from count(), so they are not counted a second time.
    """
    return write_days(cfg, days, out, now, notes=note(template_path, extra), absent=ABSENT, counted=counted)
