"""The display's live link against a real host subprocess on loopback (real SQLite, real event stream)."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from display.feed import Feed
from demo.host import free_port
from queue_host.client import HostClient
from tests.hostproc import DEFAULT_CONFIG, RunningHost, start_host, tokens_of


def quick_recall_config(tmp_path: Path) -> Path:
    """The shipped branch, but recalls allowed at once (the 15 s wait would only slow the tests)."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace("recall_interval_s = 15", "recall_interval_s = 0")
    path = tmp_path / "branch.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def host(tmp_path):
    running = start_host(tmp_path, config_path=quick_recall_config(tmp_path))
    yield running
    running.stop()


class Seen:
    """What the feed handed out: the latest view and every call it queued for the voice."""

    def __init__(self):
        self.view, self.calls, self.lock = None, [], threading.Lock()

    def on_view(self, view, call):
        with self.lock:
            self.view = view

    def on_call(self, call):
        with self.lock:
            self.calls.append(call)


def wait_for(predicate, timeout=30.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def start_feed(host, seen, **kw):
    return Feed(HostClient(host.url, host.tokens["display"]), seen.on_view, seen.on_call,
                offline_after_s=kw.pop("offline_after_s", 0.5), retry_s=0.1, max_retry_s=0.3, **kw).start()


def manager(host):
    return HostClient(host.url, host.tokens["manager"])


def waiting(seen, code):
    return seen.view and {s.code: s.waiting for s in seen.view.services}[code]


def test_the_display_starts_from_the_snapshot_and_follows_calls_live(host):
    boss = manager(host)
    tickets = [boss.issue("cash", reason="test") for _ in range(3)]
    seen = Seen()
    feed = start_feed(host, seen)
    try:
        wait_for(lambda: waiting(seen, "cash") == 3, what="three waiting from the snapshot")
        HostClient(host.url, host.tokens["counter-1"]).call_next("1")
        wait_for(lambda: seen.view.current and seen.view.current.number == tickets[0]["number"], what="the call")
        assert seen.view.current.counter_name_zh == "1号窗口" and not seen.view.current.recall
        assert waiting(seen, "cash") == 2
        wait_for(lambda: [c.number for c in seen.calls] == [tickets[0]["number"]], what="the announcement")
        assert feed.settings.notice_zh.startswith("2万元以下") and feed.settings.speak_english
    finally:
        feed.stop()


def test_a_recall_no_show_and_reinstate_reach_the_screen(host):
    boss = manager(host)
    first = boss.issue("noncash", reason="test")
    boss.issue("noncash", reason="test")
    seen = Seen()
    feed = start_feed(host, seen)
    try:
        wait_for(lambda: waiting(seen, "noncash") == 2)
        teller = HostClient(host.url, host.tokens["counter-3"])
        teller.call_next("3")
        teller.act(first["id"], "recall")
        wait_for(lambda: len(seen.calls) == 2, what="call and recall")
        assert [c.recall for c in seen.calls] == [False, True] and seen.view.current.recall
        teller.act(first["id"], "no-show")
        wait_for(lambda: seen.view.missed == (first["number"],), what="the missed list")
        boss.act(first["id"], "reinstate", reason="came back")
        wait_for(lambda: seen.view.missed == () and waiting(seen, "noncash") == 2, what="the reinstated ticket")
    finally:
        feed.stop()


def test_a_paused_counter_a_transfer_and_a_machine_out_of_use_reach_the_screen(host):
    boss = manager(host)
    ticket = boss.issue("cash", reason="test")
    seen = Seen()
    feed = start_feed(host, seen)
    try:
        wait_for(lambda: waiting(seen, "cash") == 1)
        teller = HostClient(host.url, host.tokens["counter-2"])
        teller.call_next("2")
        teller.act(ticket["id"], "transfer", service="wealth", note="想了解大额存单")
        wait_for(lambda: waiting(seen, "wealth") == 1 and waiting(seen, "cash") == 0, what="the transfer")
        teller.pause("2", reason="lunch")
        wait_for(lambda: {c.id: c.paused for c in seen.view.counters}["2"], what="the pause")
        boss.suspend_target("cash_recycler", reason="out of cash")
        wait_for(lambda: seen.view.suspended == (("存取款一体机", "Cash recycler"),), what="the machine out of use")
    finally:
        feed.stop()


def test_a_host_killed_and_restarted_while_calls_are_made_loses_no_call(host):
    boss = manager(host)
    numbers = [boss.issue("cash", reason="test")["number"] for _ in range(6)]
    seen = Seen()
    feed = start_feed(host, seen)
    teller = HostClient(host.url, host.tokens["counter-1"])
    try:
        wait_for(lambda: waiting(seen, "cash") == 6)
        teller.call_next("1")
        teller.call_next("1")
        host.kill()
        wait_for(feed.offline, what="the link counted as lost")
        host.start()
        # Calls made at once after the restart, before the display has found the host again.
        for _ in range(4):
            teller.call_next("1")
        wait_for(lambda: len(seen.calls) == 6, what="every call")
        assert [c.number for c in seen.calls] == numbers
        assert [c.number for c in seen.view.recent] == numbers[::-1]
        assert not feed.offline() and feed.snapshots == 1  # resumed from the last event, no fresh snapshot
    finally:
        feed.stop()


def test_the_link_counts_as_lost_only_after_a_few_seconds(host):
    seen = Seen()
    feed = start_feed(host, seen, offline_after_s=3.0)
    try:
        wait_for(lambda: seen.view is not None)
        host.kill()
        wait_for(lambda: feed.down_for() > 0, what="the drop noticed")
        assert not feed.offline()  # a blink of the network does not alarm the lobby
        wait_for(feed.offline, what="the notice")
        assert seen.view is not None  # the last state stays
        host.start()
        wait_for(lambda: not feed.offline(), what="the link back")
    finally:
        feed.stop()


def _database_with(path, cfg, tickets: int) -> None:
    """A host database that already issued `tickets` non-cash tickets (its event numbers run ahead)."""
    from queue_host.store import Store
    from queue_host.visits import issue

    store = Store(path)
    now = datetime.now(cfg.branch.timezone)
    lobby = store.load(cfg, now)
    for _ in range(tickets):
        issue(lobby, "noncash", now)
    with store.transaction():
        store.write(lobby, lobby.take_changes())
    store.close()


# A new database behind ours (fewer events), or one further along: only the log's identity tells
# the second apart, and resuming into it would apply another day's events to this board.
@pytest.mark.parametrize("its_tickets", [0, 10], ids=["behind", "ahead"])
def test_a_host_on_another_database_gives_the_display_a_fresh_snapshot(host, tmp_path, cfg, its_tickets):
    _database_with(tmp_path / "other.db", cfg, its_tickets)
    boss = manager(host)
    for _ in range(3):
        boss.issue("cash", reason="test")
    seen = Seen()
    feed = start_feed(host, seen)
    try:
        wait_for(lambda: waiting(seen, "cash") == 3)
        host.kill()
        other = RunningHost(tmp_path / "other.db", host.port, host.config_path, tmp_path / "other.log").start()
        try:
            manager(other).issue("corporate", reason="test")
            wait_for(lambda: waiting(seen, "cash") == 0 and waiting(seen, "corporate") == 1
                     and waiting(seen, "noncash") == its_tickets, what="the other database's queues")
            assert feed.snapshots == 2
            HostClient(other.url, other.tokens["counter-3"]).call_next("3")
            wait_for(lambda: seen.view.current and seen.view.current.number[0] in "BC", what="a call")
        finally:
            other.stop()
    finally:
        feed.stop()


def test_calls_replayed_long_after_they_were_made_are_shown_but_not_said(host):
    boss = manager(host)
    boss.issue("cash", reason="test")
    seen = Seen()
    later = lambda: datetime.now(timezone.utc) + timedelta(minutes=10)  # noqa: E731 - a clock 10 min ahead
    feed = start_feed(host, seen, wall=later)
    try:
        wait_for(lambda: waiting(seen, "cash") == 1)
        HostClient(host.url, host.tokens["counter-1"]).call_next("1")
        wait_for(lambda: seen.view.current is not None)
        assert seen.calls == []
    finally:
        feed.stop()


class Garbage(BaseHTTPRequestHandler):
    """Not a queue host: 200 with broken JSON, or 200 with a web page (a captive portal, a wrong service)."""

    served = 0

    def do_GET(self):
        Garbage.served += 1
        body, kind = ((b'{"services": [', "application/json") if Garbage.served % 2
                      else (b"<html>hello</html>", "text/html"))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_garbled_answers_show_the_notice_and_the_feed_lives_on_until_a_real_host_answers(tmp_path):
    port, config = free_port(), quick_recall_config(tmp_path)
    garbage = ThreadingHTTPServer(("127.0.0.1", port), Garbage)
    threading.Thread(target=garbage.serve_forever, daemon=True).start()
    seen = Seen()
    feed = Feed(HostClient(f"http://127.0.0.1:{port}", tokens_of(config)["display"]), seen.on_view, seen.on_call,
                offline_after_s=0.5, retry_s=0.1, max_retry_s=0.3).start()
    host = None
    try:
        wait_for(lambda: Garbage.served >= 6, what="several garbled answers")
        wait_for(feed.offline, what="the corner notice")
        assert feed._thread.is_alive() and seen.view is None
        garbage.shutdown()
        garbage.server_close()
        host = start_host(tmp_path, port=port, config_path=config)
        manager(host).issue("cash", reason="test")
        wait_for(lambda: waiting(seen, "cash") == 1, what="the board filled from the real host")
        assert not feed.offline() and feed._thread.is_alive()
    finally:
        feed.stop()
        garbage.server_close()
        if host is not None:
            host.stop()
