"""Alerts for the lobby manager: the host raises and clears them; the panel shows them and rings once each."""
from __future__ import annotations

from dataclasses import dataclass

from queue_host.client import HostClient
from panel.outcome import Outcome, attempt, done

# Shown above the host's own message so the kind reads at a glance.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "printer_fault": ("取号机打印故障", "kiosk printer fault"),
    "service_level": ("等候超时", "wait over service level"),
    "crowd": ("客流量大", "many waiting"),
    "other": ("其他提醒", "other"),
    "high_value": ("高价值客户到达", "high-value visit"),
    "display_offline": ("叫号屏离线", "display offline"),
    "display_fault": ("叫号屏故障", "display fault"),
    "lobby_visit": ("客户等候大堂经理", "customer waiting for you"),
    "offline_refused": ("离线号码未被接收", "offline numbers refused"),
}


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
            return done(f"新提醒 {len(new)} 条：{new[0].title_zh}", f"{len(new)} new alert(s): {new[0].title_en}", new)
        return done(f"未处理提醒 {len(self.open)} 条", f"{len(self.open)} open alert(s)", [])

    @staticmethod
    def line(alert: dict) -> AlertLine:
        """One alert in both languages, kind first."""
        zh, en = KIND_NAMES.get(alert.get("kind", ""), (alert.get("kind", ""), alert.get("kind", "")))
        return AlertLine(int(alert["id"]), alert.get("kind", ""), f"{zh} / {en}",
                         f"{alert.get('message_zh', '')}\n{alert.get('message_en', '')}",
                         str(alert.get("raised_at", ""))[11:16], zh, en)

    def clear(self, alert_id: int) -> Outcome:
        """The manager has dealt with an alert."""
        def take(alert: dict) -> Outcome:
            self.open = [a for a in self.open if a.id != alert_id]
            return done("提醒已处理", "alert cleared", alert)
        return attempt(lambda: self.client.post(f"/api/alerts/{alert_id}/clear"), take)
