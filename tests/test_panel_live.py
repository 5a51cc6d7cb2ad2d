"""The panel follows the host's event stream on a background thread."""
from __future__ import annotations

import queue

from panel.live import ALERT_KINDS, QUEUE_KINDS, LiveFeed
from queue_host.client import HostClient


def test_a_call_at_a_window_reaches_the_manager_panel_as_an_event(host):
    seen: queue.Queue = queue.Queue()
    states: list[bool] = []
    feed = LiveFeed(host.url, host.tokens["manager"], on_event=seen.put, on_state=states.append).start()
    try:
        HostClient(host.url, host.tokens["kiosk"]).visit("card_loss")
        HostClient(host.url, host.tokens["counter-3"]).call_next("3")
        kinds = []
        while "called" not in kinds:
            kinds.append(seen.get(timeout=10).kind)
        # The visit's own record ("visit") follows its ticket; the panel's picture changes at both.
        assert [k for k in kinds if k != "visit"][:2] == ["issued", "called"] and states[0] is True
        assert set(kinds) <= QUEUE_KINDS
    finally:
        feed.stop()


def test_a_refused_token_ends_the_feed_and_shows_offline(host):
    states: list[bool] = []
    feed = LiveFeed(host.url, "not-a-token", on_event=lambda e: None, on_state=states.append).start()
    feed.thread.join(timeout=10)
    assert not feed.thread.is_alive() and states == [False]


def test_queue_and_alert_events_are_the_ones_that_redraw_the_panel():
    assert {"called", "missed", "reinstated", "counter_paused", "target_suspended"} <= QUEUE_KINDS
    assert ALERT_KINDS == {"alert_raised", "alert_cleared"}
