"""A display that cannot sound its calls tells the lobby manager through a real host's alerts."""
from __future__ import annotations

from display.faults import FaultReporter
from queue_host.client import HostClient


def test_a_silent_speaker_raises_one_alert_for_the_lobby_manager(host):
    reporter = FaultReporter(HostClient(host.url, host.tokens["display"]))
    reporter.sound_failed(None, OSError("no device")).join(5)
    assert reporter.sound_failed(None, OSError("no device")) is None  # once per run, not once per call
    alerts = HostClient(host.url, host.tokens["manager"]).alerts()
    assert [a["key"] for a in alerts] == ["display-sound"]
    assert alerts[0]["message_zh"].startswith("大厅叫号屏无法播放")


def test_an_unreachable_host_is_asked_again_at_the_next_failure():
    reporter = FaultReporter(HostClient("http://127.0.0.1:9", "display-demo-token", timeout=0.5))
    reporter.sound_failed().join(5)
    assert reporter.reported == set()
