"""Alerts for the lobby manager: the host raises and clears them; the panel shows them and rings once each."""
from __future__ import annotations

from dataclasses import dataclass

from fenliu.labels import ALERT_KINDS, alert_kind
from fenliu.words import Np_, plural, zh_en, zh_en_n
from queue_host.client import HostClient
from panel.outcome import Outcome, attempt, done

# Shown above the host's own message so the kind reads at a glance (fenliu/labels.py: one catalog for all).
KIND_NAMES = ALERT_KINDS
NEW = Np_("{n} new alert: {title}", "{n} new alerts: {title}")
BANNER = Np_("Alert: {n} open: {title}", "Alerts: {n} open: {title}")


@dataclass(frozen=True)
class AlertLine:
    """One open alert as the screen shows it."""

    id: int
    kind: str
    title: str
    text: str
    raised_at: str
    title_zh: str = ""
    title_en: str = ""


class AlertsFlow:
    """Keeps the open alerts and knows which are new since the last look (those ring the bell)."""

    def __init__(self, client: HostClient):
        self.client = client
        self.open: list[AlertLine] = []
        self._seen: set[int] = set()

    def refresh(self) -> Outcome:
        """Read the open alerts; Outcome.data is the list of alerts that are new since last time."""
        return attempt(self.client.alerts, self._take)

    def _take(self, alerts: list[dict]) -> Outcome:
        self.open = [self.line(a) for a in alerts if not a.get("cleared_at")]
        new = [a for a in self.open if a.id not in self._seen]
        self._seen.update(a.id for a in self.open)
        if new:
            return done(plural("zh", *NEW, len(new), n=len(new), title=new[0].title_zh),
                        plural("en", *NEW, len(new), n=len(new), title=new[0].title_en), new)
        return done(*zh_en_n("{n} open alert", "{n} open alerts", len(self.open), n=len(self.open)), [])

    @staticmethod
    def line(alert: dict) -> AlertLine:
        """One alert in both languages, kind first."""
        kind = alert.get("kind", "")
        zh, en = alert_kind(kind)
        return AlertLine(int(alert["id"]), alert.get("kind", ""), f"{zh} / {en}",
                         f"{alert.get('message_zh', '')}\n{alert.get('message_en', '')}",
                         str(alert.get("raised_at", ""))[11:16], zh, en)

    def banner(self) -> str:
        """The line over every pane: how many alerts are open and the first one's kind, Chinese then English."""
        if not self.open:
            return ""
        n, first = len(self.open), self.open[0]
        return plural("zh", *BANNER, n, n=n, title=first.title_zh) + "  " + \
            plural("en", *BANNER, n, n=n, title=first.title_en)

    def clear(self, alert_id: int) -> Outcome:
        """The manager has dealt with an alert."""
        def take(alert: dict) -> Outcome:
            self.open = [a for a in self.open if a.id != alert_id]
            return done(*zh_en("alert cleared"), alert)
        return attempt(lambda: self.client.post(f"/api/alerts/{alert_id}/clear"), take)
