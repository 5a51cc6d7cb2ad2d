"""Today's figures for the lobby manager: GET /api/report turned into a headline and a few bar charts."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from fenliu.words import N_, en, zh, zh_en
from queue_host.client import HostClient
from panel.outcome import Outcome, attempt, done

HEADLINE = N_("visits {visits} · diversion {rate} (elderly left out) · tickets {tickets} · "
              "wait avg {average} / p90 {p90} min · no-shows {no_shows} · leads {leads}")
STALE_S = 30.0  # while the pane is open, events read the figures again at most this often


@dataclass(frozen=True)
class Bar:
    """One bar of a chart."""
    label: str
    value: float  # 0..1 of the chart's scale
    text: str


@dataclass(frozen=True)
class Chart:
    """A titled bar chart."""
    title: str
    bars: tuple[Bar, ...]


def _name(report: dict, kind: str, code: str) -> str:
    names = report.get("names", {}).get(kind, {}).get(code)
    return names["zh"] if names else code


NONE_YET = Bar("—", 0.0, " ".join(zh_en("none yet")))


def _scaled(items: list[tuple[str, float, str]], top: float | None = None) -> tuple[Bar, ...]:
    if not items:
        return (NONE_YET,)
    top = top or max((v for _, v, _ in items), default=0) or 1
    return tuple(Bar(label, min(1.0, value / top), text) for label, value, text in items)


def _title(msgid: str) -> str:
    """A chart's title: Chinese, then English."""
    return " ".join(zh_en(msgid))


def charts(report: dict) -> list[Chart]:
    """The key charts: the KPI per hour, waits per service, service level per service, counter utilisation."""
    hours = report["diversion"]["per_hour"]
    waits = {c: w for c, w in report["waits"]["per_service"].items() if w["count"]}
    levels = {c: x for c, x in report["waits"]["service_level"].items() if x["counted"]}
    return [
        Chart(_title(N_("Diversion rate per hour")),
              _scaled([(h, x["rate"], f"{x['rate']:.0%} ({x['diverted']}/{x['divertible']})") for h, x in hours.items()], 1)),
        Chart(_title(N_("Wait avg/p90 (min)")),
              _scaled([(_name(report, "services", c), w["p90"], f"{w['average']:g} / {w['p90']:g}") for c, w in waits.items()])),
        Chart(_title(N_("Service level")),
              _scaled([(_name(report, "services", c), x["rate"], f"{x['rate']:.0%}≤{x['minutes']}′") for c, x in levels.items()], 1)),
        Chart(_title(N_("Counter utilisation")),
              _scaled([(_name(report, "counters", c), x["utilisation"], f"{x['utilisation']:.0%} · {x['served']}")
                       for c, x in report["counters"].items()], 1)),
    ]


def headline(report: dict) -> str:
    """One line of today's totals, Chinese first."""
    w = report["wait_minutes"]
    fields = dict(visits=report["visits"], rate=f"{report['diversion_rate']:.0%}", tickets=report["tickets"],
                  average=f"{w['average']:g}", p90=f"{w['p90']:g}", no_shows=report["no_shows"], leads=report["leads"])
    return zh(HEADLINE, **fields) + "\n" + en(HEADLINE, **fields)


class FiguresFlow:
    """Reads today's report; says when it is worth reading again."""

    def __init__(self, client: HostClient, clock: Callable[[], float] = time.monotonic):
        self.client, self.clock = client, clock
        self.report: dict | None = None
        self.read_at: float | None = None

    def refresh(self) -> Outcome:
        """Read today's figures from the host."""
        def take(report: dict) -> Outcome:
            """Keep the report and when it was read."""
            self.report, self.read_at = report, self.clock()
            return done(*zh_en("Today's figures read ({day})", day=report["day"]), report)
        return attempt(lambda: self.client.get("/api/report"), take)

    def stale(self) -> bool:
        """True when the figures were never read or were read over STALE_S seconds ago."""
        return self.read_at is None or self.clock() - self.read_at >= STALE_S

    def charts(self) -> list[Chart]:
        """The charts of the last report read (none before the first)."""
        return charts(self.report) if self.report else []

    def headline(self) -> str:
        """The headline of the last report read."""
        return headline(self.report) if self.report else " / ".join(zh_en("Reading today's figures…"))
