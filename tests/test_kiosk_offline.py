"""The kiosk without its host, against the real host process and real SQLite files on both sides:
tickets from the reserved block while the host is down or out of reach, the journal across a kiosk
restart, the hand-in when the host returns, and the queues and calls that follow."""
from __future__ import annotations

import sqlite3
import json
from collections import Counter
from pathlib import Path

import requests

from demo.host import free_port
from kiosk.flow import KioskFlow
from kiosk.handin import Courier
from kiosk.jobs import Inbox, Worker
from kiosk.offline import OfflineBook
from queue_host.client import OFFLINE_CONNECT_S, HostClient
from queue_host.hashing import hash_secret
from tests.blackhole import Blackhole
from tests.hostproc import DEFAULT_CONFIG, RunningHost
from tests.test_kiosk_flow import Clock, FakePrinter


class Kiosk:
    """A kiosk flow on real workers, its book in `data`, its courier on a worker of its own."""

    def __init__(self, url: str, token: str, data: Path):
        self.inbox, self.clock, self.printer = Inbox(), Clock(), FakePrinter()
        self.book = OfflineBook(data / "offline.db")
        self.client = HostClient(url, token, timeout=2.0)
        self.courier = Courier(self.book, self.client, Worker(self.inbox.post, "handin"), self.clock)
        self.flow = KioskFlow(self.client, self.printer, Worker(self.inbox.post, "net"),
                              Worker(self.inbox.post, "press"), clock=self.clock, book=self.book,
                              courier=self.courier)
        self.flow.start()
        assert self.inbox.run_one(5)

    def sync(self, until, rounds: int = 60) -> None:
        """Tick the courier (time moved past any backoff) until `until()` holds."""
        for _ in range(rounds):
            if until():
                return
            self.clock.now += 61
            self.flow.tick()
            while self.courier.busy or self.flow.busy or self.flow._loading:
                assert self.inbox.run_one(5)
        assert until(), "the courier did not get there"

    def visit(self, purpose: str = "card_loss") -> str:
        """One customer taps a purpose; the number shown (printing done)."""
        self.flow.reset()
        self.flow.choose_purpose(purpose)
        while self.flow.busy or self.flow.session.print_state in ("", "printing"):
            assert self.inbox.run_one(5)
        return self.flow.view().number


def waiting(host: RunningHost, service: str = "noncash") -> list[str]:
    q = requests.get(host.url + "/api/queues", headers=host.headers("manager")).json()
    return [t["number"] for s in q["services"] if s["code"] == service for t in s["tickets"]]


def all_numbers(db: Path) -> list[str]:
    """Every ticket number of the day in the host's database (read straight from the SQLite file)."""
    with sqlite3.connect(db) as conn:
        return [json.loads(d)["number"] for (d,) in conn.execute("SELECT data FROM tickets")]


def test_the_host_killed_mid_stream_loses_no_ticket_and_the_offline_ones_are_called_in_turn(host, tmp_path):
    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    online = [kiosk.visit() for _ in range(2)]
    host.kill()
    offline = [kiosk.visit() for _ in range(3)]
    assert online == ["B001", "B002"] and offline == ["B950", "B951", "B952"]
    assert kiosk.flow.offline and kiosk.flow.view().banner[0].startswith("排队系统暂时离线")
    assert kiosk.printer.tickets[-1].tip_zh == "大厅屏幕可能稍后才叫到您"
    assert len(kiosk.book.pending()) == 3
    host.start()
    kiosk.sync(lambda: not kiosk.book.pending() and not kiosk.flow.offline)
    assert kiosk.visit() == "B003"
    assert waiting(host) == ["B001", "B002", "B950", "B951", "B952", "B003"]
    counter = HostClient(host.url, host.tokens["counter-3"])
    called = [counter.call_next("3")["ticket"]["number"] for _ in range(3)]
    assert called == ["B001", "B002", "B950"]
    numbers = all_numbers(host.db_path)
    assert len(numbers) == 6 and not [n for n, c in Counter(numbers).items() if c > 1]


def test_with_the_cable_pulled_the_customer_gets_a_number_from_the_block_and_it_reaches_the_queue_later(
        host, tmp_path):
    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    hole = Blackhole()  # the host still runs, but nothing reaches it: the kiosk's connect is never answered
    try:
        kiosk.client.base_url = hole.url
        assert kiosk.visit() == "B950" and kiosk.client.connect_timeout == 1.0  # the first customer waits 1 s
        assert kiosk.visit() == "B951" and kiosk.client.connect_timeout == OFFLINE_CONNECT_S  # the next 0.25 s
        assert kiosk.flow.offline and kiosk.printer.tickets[-1].tip_zh == "大厅屏幕可能稍后才叫到您"
        assert waiting(host) == []
    finally:
        hole.close()
    kiosk.client.base_url = host.url  # the cable back in
    kiosk.sync(lambda: not kiosk.book.pending() and not kiosk.flow.offline)
    assert waiting(host) == ["B950", "B951"]
    assert kiosk.visit() == "B001" and kiosk.client.connect_timeout == 1.0  # online again: the usual patience


def test_a_kiosk_restarted_while_offline_reloads_its_journal_and_never_reuses_a_number(host, tmp_path):
    data = tmp_path / "kiosk"
    first = Kiosk(host.url, host.tokens["kiosk"], data)
    first.sync(lambda: first.book.remaining("noncash") == 50)
    host.kill()
    before = [first.visit() for _ in range(2)]
    first.book.close()
    again = Kiosk(host.url, host.tokens["kiosk"], data)  # the branch from its cached copy, the host still down
    assert again.flow.config is not None and again.flow.offline
    after = [again.visit() for _ in range(2)]
    assert before == ["B950", "B951"] and after == ["B952", "B953"]
    assert [t["number"] for t in again.book.pending()] == before + after
    host.start()
    again.sync(lambda: not again.book.pending())
    assert waiting(host) == before + after
    assert {t["state"] for t in again.book.tickets()} == {"delivered"}


def test_offline_tickets_keep_their_place_among_tickets_issued_while_the_kiosk_was_cut_off(host, tmp_path):
    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    manager = HostClient(host.url, host.tokens["manager"])
    kiosk.client.base_url = f"http://127.0.0.1:{free_port()}"  # the LAN cable out: nothing answers there
    manager.issue("noncash", "by hand")
    assert kiosk.visit() == "B950"
    manager.issue("noncash", "by hand")
    kiosk.client.base_url = host.url
    kiosk.sync(lambda: not kiosk.book.pending())
    assert waiting(host) == ["B001", "B950", "B002"]


def test_a_resent_batch_inserts_nothing_twice(host, tmp_path):
    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    host.kill()
    kiosk.visit(), kiosk.visit()
    batch = kiosk.book.pending()
    host.start()
    kiosk.sync(lambda: not kiosk.book.pending())
    again = kiosk.client.hand_in(batch)  # as if the first answer had been lost on the way back
    assert again["accepted"] == [] and len(again["duplicates"]) == 2
    assert waiting(host) == ["B950", "B951"]


def test_a_kiosk_cannot_hand_in_another_kiosks_numbers(tmp_path):
    config = tmp_path / "branch.toml"
    config.write_text(DEFAULT_CONFIG.read_text("utf-8") + '\n[[tokens]]\nid = "kiosk-2"\nrole = "kiosk"\nname = "Kiosk 2"\n'
                      f'token_hash = "{hash_secret("second-kiosk-token", "token")}"\n', "utf-8")
    host = RunningHost(tmp_path / "fenliu.db", free_port(), config, tmp_path / "host.log").start()
    try:
        one = HostClient(host.url, host.tokens["kiosk"])
        two = HostClient(host.url, "second-kiosk-token")
        day = one.kiosk_blocks()["day"]
        theirs = next(b for b in two.kiosk_blocks()["blocks"] if b["service"] == "noncash")
        item = {"key": "x1", "day": day, "number": f"B{theirs['first']:03d}", "service": "noncash",
                "purpose": "card_loss", "issued_at": "2026-11-29T09:00:00+08:00"}
        refused = requests.post(host.url + "/api/kiosk/offline-tickets", json={"tickets": [item]},
                                headers=host.headers("kiosk"))
        assert refused.status_code == 403
        assert f"B{theirs['first']:03d} is not in a block reserved for kiosk today" in refused.json()["message_en"]
        assert waiting(host) == []
        audit = HostClient(host.url, host.tokens["manager"]).block_audit()["blocks"]
        assert {b["kiosk"] for b in audit} == {"kiosk", "kiosk-2"} and {b["handed_in"] for b in audit} == {0}
        assert HostClient(host.url, host.tokens["manager"]).block_audit(day)["blocks"] == audit  # from the file
        assert requests.get(host.url + "/api/kiosk-blocks", headers=host.headers("kiosk")).status_code == 403
    finally:
        host.stop()


def test_display_and_panel_show_the_outage_recover_by_themselves_and_see_the_offline_tickets(host, tmp_path):
    from panel.live import LiveFeed
    from tests.test_display_feed import Seen, start_feed, wait_for
    from tests.test_display_feed import waiting as board_waiting

    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    seen, states, panel_events = Seen(), [], []
    display = start_feed(host, seen)
    panel = LiveFeed(host.url, host.tokens["manager"], lambda e: panel_events.append(e), states.append).start()
    try:
        wait_for(lambda: seen.view is not None and states == [True], what="both connected")
        host.kill()
        wait_for(display.offline, what="the display's offline notice")
        wait_for(lambda: False in states, what="the panel's offline state")
        offline = [kiosk.visit(), kiosk.visit()]
        host.start()
        wait_for(lambda: not display.offline() and states[-1] is True, what="both back without a restart")
        kiosk.sync(lambda: not kiosk.book.pending())
        wait_for(lambda: board_waiting(seen, "noncash") == 2, what="the offline tickets on the board")
        wait_for(lambda: [e.data["ticket"]["number"] for e in panel_events if e.kind == "issued"] == offline,
                 what="the offline tickets on the panel")
        HostClient(host.url, host.tokens["counter-3"]).call_next("3")
        wait_for(lambda: seen.calls and seen.calls[-1].number == offline[0], what="the call on the display")
    finally:
        display.stop()
        panel.stop()


def test_with_its_block_used_up_the_kiosk_sends_the_customer_to_the_lobby_manager(host, tmp_path):
    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    host.kill()
    while kiosk.book.remaining("noncash"):
        kiosk.book.take("noncash", "card_loss", "2026-11-29T09:00:00+08:00")
    printed = len(kiosk.printer.tickets)
    kiosk.flow.reset()
    kiosk.flow.choose_purpose("card_loss")
    while kiosk.flow.busy:
        assert kiosk.inbox.run_one(5)
    assert kiosk.flow.screen == "notice"
    assert kiosk.flow.view().heading == ("暂时无法在此取号，请到大堂经理处办理，谢谢",
                                         "No ticket can be printed here right now. Please see the lobby manager, thank you")
    assert len(kiosk.printer.tickets) == printed and len(kiosk.book.tickets()) == 50  # no number invented


def test_after_the_days_reset_the_kiosk_gives_no_number_from_an_old_days_block(tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import pytest

    from kiosk import branch
    from kiosk.offline_visit import NoOfflineTicket, offline_visit
    from tests.test_kiosk_flow import api_config

    config = branch.from_api(api_config())
    book = OfflineBook(tmp_path / "offline.db")
    book.update_blocks({"day": "2026-11-23", "blocks": [{"id": 1, "day": "2026-11-23", "service": "noncash",
                                                         "prefix": "B", "digits": 3, "first": 950, "last": 999}]})
    shanghai = ZoneInfo("Asia/Shanghai")
    night = offline_visit(book, config, {"purpose": "card_loss"}, datetime(2026, 11, 24, 3, 0, tzinfo=shanghai))
    assert night["ticket"]["number"] == "B950"  # 03:00 still belongs to the 23rd (reset at 04:00)
    with pytest.raises(NoOfflineTicket):
        offline_visit(book, config, {"purpose": "card_loss"}, datetime(2026, 11, 24, 9, 0, tzinfo=shanghai))
    assert [t["number"] for t in book.tickets()] == ["B950"]


def test_a_visit_whose_answer_was_lost_is_not_a_second_ticket_after_the_hand_in(host, tmp_path):
    from queue_host.client import HostUnreachable

    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    real = kiosk.client

    class LosesTheAnswer:  # the host commits the visit, then the link drops before the answer
        def __getattr__(self, name):
            return getattr(real, name)

        def visit(self, purpose, **fields):
            real.visit(purpose, **fields)
            raise HostUnreachable("read timed out")
    kiosk.flow.host = LosesTheAnswer()
    assert kiosk.visit() == "B950"
    assert waiting(host) == ["B001"]  # the ticket nobody holds
    kiosk.sync(lambda: not kiosk.book.pending())
    assert waiting(host) == ["B950"]
    stats = HostClient(host.url, host.tokens["manager"]).stats()
    assert stats["visits"] == 1 and stats["states"]["cancelled"] == 1


def test_a_number_the_host_refuses_is_set_aside_the_rest_goes_in_and_the_manager_is_told(host, tmp_path):
    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    day = kiosk.book.day()
    good = kiosk.book.take("noncash", "card_loss", "2026-11-29T09:00:00+08:00")
    with sqlite3.connect(kiosk.book.path) as conn:  # a journal row no block of this kiosk covers
        conn.execute("INSERT INTO tickets (key, day, number, service, purpose, tier, issued_at) VALUES "
                     "('bad', ?, 'B100', 'noncash', 'card_loss', 'normal', '2026-11-29T09:00:01+08:00')", (day,))
    kiosk.sync(lambda: not kiosk.book.pending())
    states = {t["number"]: t["state"] for t in kiosk.book.tickets()}
    assert states == {good["number"]: "delivered", "B100": "refused"}
    assert waiting(host) == [good["number"]]
    alerts = HostClient(host.url, host.tokens["manager"]).alerts()
    assert any(a["kind"] == "offline_refused" and "B100" in a["message_zh"] for a in alerts)


def test_a_batch_with_one_number_twice_lands_the_rest_and_names_the_refused_ones(host):
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    day = kiosk.kiosk_blocks()["day"]
    item = {"day": day, "service": "noncash", "purpose": "card_loss", "tier": "normal",
            "issued_at": "2026-11-29T09:00:00+08:00"}
    answer = kiosk.hand_in([dict(item, key="k1", number="B951"), dict(item, key="k2", number="B951"),
                            dict(item, key="k3", number="B952")])
    assert [a["number"] for a in answer["accepted"]] == ["B952"]
    assert sorted((r["key"], r["number"]) for r in answer["refused"]) == [("k1", "B951"), ("k2", "B951")]
    assert all(r["problem_zh"] and "twice" in r["problem"] for r in answer["refused"])
    again = kiosk.hand_in([dict(item, key="k4", number="B952")])  # already issued today
    assert again["accepted"] == [] and "already issued today" in again["refused"][0]["problem"]
    assert waiting(host) == ["B952"]


def test_a_block_handed_out_again_never_repeats_a_number_already_in_the_journal(tmp_path):
    book = OfflineBook(tmp_path / "offline.db")
    block = {"id": 1, "day": "2026-11-23", "service": "noncash", "prefix": "B", "digits": 3, "first": 950, "last": 999}
    book.update_blocks({"day": "2026-11-23", "blocks": [block]})
    taken = [book.take("noncash", "card_loss", "2026-11-23T09:00:00+08:00")["number"] for _ in range(2)]
    # The host's database was replaced (a restore): the same numbers come back under another id.
    book.update_blocks({"day": "2026-11-23", "blocks": [dict(block, id=7)]})
    assert book.take("noncash", "card_loss", "2026-11-23T09:05:00+08:00")["number"] == "B952"
    assert taken == ["B950", "B951"]


def test_a_host_killed_while_requests_are_in_flight_leaves_every_printed_number_in_the_queue_once(host, tmp_path):
    import threading

    kiosk = Kiosk(host.url, host.tokens["kiosk"], tmp_path / "kiosk")
    kiosk.sync(lambda: kiosk.book.remaining("noncash") == 50)
    killer = None
    printed = []
    for n in range(12):
        if n == 3:  # from another thread, wherever the kiosk's next request happens to be
            killer = threading.Thread(target=host.kill)
            killer.start()
        printed.append(kiosk.visit())
    killer.join()
    host.start()
    kiosk.sync(lambda: not kiosk.book.pending())
    assert len(set(printed)) == len(printed)
    assert sorted(waiting(host)) == sorted(printed)  # each printed number waits once; nothing else does
    numbers = all_numbers(host.db_path)
    assert len(numbers) == len(set(numbers))
