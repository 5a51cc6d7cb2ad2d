"""The head-office league table: branches ranked by the figures of their own reports.

A branch's league figures (diversion rate, service level, average wait, no-show rate, and the counts
beside them) are read from what queue_host/figures.py counted for that branch's report over the whole
period (reports/cli.py whole()), never counted apart, so a league row and the branch's report
cannot disagree.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figures:
    visits: int
    diverted: int            # to self-service, elderly visits left out (as the KPI counts)
    divertible: int          # diverted + declined the machine + sent to a counter because it was out of service
    diversion_rate: float    # the lobby manager's KPI, elderly visits left out
    tickets: int
    called: int              # tickets called at least once
    within_level: int        # first called within their queue's service-level minutes
    level_counted: int       # called, plus still uncalled past the minutes
    service_level: float     # within_level / level_counted
    average_wait_min: float  # issue to first call, called tickets
    no_shows: int            # tickets that went to the missed list
    no_show_rate: float      # no_shows / called

    def row(self) -> dict:
        """The figures as a flat dict (a CSV row)."""
        return asdict(self)


def of_report(f: dict) -> Figures:
    """A branch's league figures from the figures of its report (queue_host/figures.py compute)."""
    level = f["waits"]["overall_level"]
    return Figures(
        visits=f["visits"], diverted=f["diversion"]["diverted"], divertible=f["diversion"]["divertible"],
        diversion_rate=f["diversion_rate"], tickets=f["tickets"], called=f["wait_minutes"]["count"],
        within_level=level["within"], level_counted=level["counted"], service_level=f["service_level"],
        average_wait_min=f["wait_minutes"]["average"], no_shows=f["no_shows"], no_show_rate=f["no_show_rate"])


def league(per_branch: dict[str, Figures]) -> list[tuple[int, str, Figures]]:
    """Branches ranked: higher diversion rate first, then higher service level, then shorter average wait."""
    order = sorted(per_branch.items(),
                   key=lambda kv: (-kv[1].diversion_rate, -kv[1].service_level, kv[1].average_wait_min, kv[0]))
    return [(i + 1, branch, f) for i, (branch, f) in enumerate(order)]
