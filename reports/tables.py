"""The report's tables from a day's figures (the /api/report shape): one list of rows per table."""
from __future__ import annotations

from dataclasses import dataclass

TIER_NAMES = {"vip": ("贵宾", "VIP"), "ordinary": ("普通", "ordinary")}


@dataclass(frozen=True)
class Table:
    """One table of the report: a key (file and sheet name), its titles, headers and rows."""
    key: str
    title_zh: str
    title_en: str
    headers: tuple[str, ...]
    rows: list[list]


def name(report: dict, kind: str, code: str | None) -> str:
    """A code's display name, Chinese then English ("—" for none)."""
    if code is None:
        return "—"
    names = report["names"].get(kind, {}).get(code)
    if not names:
        return code
    return names["zh"] if names["zh"] == names["en"] else f"{names['zh']} {names['en']}"


def _level(rate: float, counted: int) -> float | None:
    """A rate of something that happened; None (shown 无 n/a) when nothing was counted, rather than 0.0."""
    return rate if counted else None


def _spread_row(label: str, s: dict) -> list:
    return [label, s["count"], s["average"], s["p90"], s["longest"]]


SPREAD = ("次数 count", "平均(分) avg min", "P90(分) p90 min", "最长(分) max min")


def summary(r: dict) -> Table:
    """The headline figures."""
    w = r["wait_minutes"]
    rows = [["来访 visits", r["visits"]], ["分流率 diversion rate (KPI)", r["diversion_rate"]],
            ["分流 diverted to self-service", r["diverted"]], ["拒绝分流 declined", r["declined"]],
            ["设备停用转柜台 machine out of service", r["fallback_to_counter"]],
            ["老年客户来访(不计入KPI) elderly visits (not in the KPI)", r["elderly_visits"]],
            ["取号 tickets", r["tickets"]], ["平均等候(分) average wait (min)", w["average"]],
            ["P90等候(分) p90 wait (min)", w["p90"]], ["最长等候(分) longest wait (min)", w["longest"]],
            ["服务达标率(全部队列) service level (all queues)", _level(r["service_level"], r["waits"]["overall_level"]["counted"])],
            ["叫号 calls", r["calls"]], ["重呼/叫号 recalls per call", r["recalls_per_call"]],
            ["过号 no-shows", r["no_shows"]], ["过号率(每叫到一号) no-show rate (per ticket called)", r["no_show_rate"]],
            ["过号重排 reinstated", r["reinstated"]],
            ["拒绝重复取号 duplicate tickets refused", r["duplicates_refused"]],
            ["转介 transferred", r["transferred"]], ["高价值来访 high-value visits", r["high_value"]],
            ["转交客户经理线索 leads handed on", r["leads"]], ["贵宾取号 VIP tickets", r["vip_tickets"]]]
    return Table("summary", "概览", "Summary", ("指标 Figure", "数值 Value"), rows)


def arrivals(r: dict) -> Table:
    """Arrivals per half hour by purpose."""
    purposes = sorted({p for slot in r["arrivals"].values() for p in slot})
    rows = [[slot, *[counts.get(p, 0) for p in purposes], sum(counts.values())]
            for slot, counts in r["arrivals"].items()]
    return Table("arrivals", "每30分钟来访(按业务)", "Arrivals per 30 minutes by purpose",
                 ("时段 slot", *[name(r, "purposes", p) for p in purposes], "合计 total"), rows)


def diversion(r: dict) -> list[Table]:
    """The KPI per self-service target and per hour, and declined diversions by reason."""
    d = r["diversion"]
    head = ("可分流 divertible", "已分流 diverted", "分流率 rate")
    targets = [[name(r, "targets", code), t["divertible"], t["diverted"], _level(t["rate"], t["divertible"])]
               for code, t in d["per_target"].items()]
    hours = [[hour, h["divertible"], h["diverted"], _level(h["rate"], h["divertible"])] for hour, h in d["per_hour"].items()]
    reasons = [[name(r, "reasons", code), n] for code, n in sorted(r["declined_by_reason"].items())]
    return [Table("diversion_targets", "各自助设备分流率", "Diversion rate per self-service target",
                  ("设备 target", *head), targets),
            Table("diversion_hours", "每小时分流率", "Diversion rate per hour", ("小时 hour", *head), hours),
            Table("declined", "拒绝分流原因", "Declined diversions by reason", ("原因 reason", "次数 count"), reasons)]


def tickets(r: dict) -> Table:
    """Tickets and the service level per service."""
    rows = []
    for code, issued in r["issued_by_service"].items():
        lvl = r["waits"]["service_level"][code]
        rows.append([name(r, "services", code), issued, r["tickets_by_service"][code], lvl["minutes"],
                     lvl["within"], lvl["counted"], _level(lvl["rate"], lvl["counted"])])
    return Table("tickets", "各队列取号与服务水平", "Tickets and service level per service",
                 ("队列 service", "取号 issued", "办理队列 ended in", "标准(分) target min", "达标 within",
                  "计数 counted", "达标率 service level"), rows)


def waits(r: dict) -> list[Table]:
    """Waits per service and per tier."""
    w = r["waits"]
    services = [_spread_row(name(r, "services", c), s) for c, s in w["per_service"].items()]
    tiers = [_spread_row(" ".join(TIER_NAMES[k]), s) for k, s in w["per_tier"].items()]
    tiers.append(["贵宾窗口最长普通等候 longest ordinary wait at a VIP window", "", "", "",
                  w["ordinary_at_vip_window_longest"]])
    return [Table("waits_service", "各队列等候", "Waits per service", ("队列 service", *SPREAD), services),
            Table("waits_tier", "按客户等级等候", "Waits per tier", ("等级 tier", *SPREAD), tiers)]


def staff(r: dict) -> list[Table]:
    """Service time and utilisation per counter and per teller."""
    head = ("办结 served", "平均办理(分) avg service min", "P90办理(分) p90 service min", "忙碌(分) busy min")
    counters = [[name(r, "counters", c), x["served"], x["service"]["average"], x["service"]["p90"],
                 x["busy_minutes"], x["staffed_minutes"], x["utilisation"]] for c, x in r["counters"].items()]
    tellers = [[name(r, "tellers", t), x["served"], x["service"]["average"], x["service"]["p90"],
                x["busy_minutes"], x["utilisation"]] for t, x in (r["tellers"] or {}).items()]
    if r["tellers"] is None:  # not in the events (head office does not get who called): absent, not zero
        tellers = [["无此数据 not available: " + r.get("tellers_absent", "the events do not say who called"),
                    "", "", "", "", ""]]
    return [Table("counters", "各窗口办理与利用率", "Service time and utilisation per counter",
                  ("窗口 counter", *head, "在岗(分) staffed min", "利用率 utilisation"), counters),
            Table("tellers", "各柜员办理与利用率", "Service time and utilisation per teller",
                  ("柜员 teller", *head, "利用率 utilisation"), tellers)]


def alerts(r: dict) -> Table:
    """Alerts raised and how long until cleared."""
    rows = [[kind, a["raised"], a["open"], *([a["to_clear"]["average"], a["to_clear"]["longest"]]
                                             if a["to_clear"]["count"] else [None, None])]
            for kind, a in r["alerts"].items()]
    return Table("alerts", "提醒", "Alerts", ("类型 kind", "发出 raised", "未处理 open", "平均处理(分) avg min to clear",
                                               "最长(分) longest min"), rows)


def all_tables(r: dict) -> list[Table]:
    """Every table of the report, in reading order."""
    return [summary(r), arrivals(r), *diversion(r), tickets(r), *waits(r), *staff(r), alerts(r)]
