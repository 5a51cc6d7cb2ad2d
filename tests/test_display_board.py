"""The board state: what the lobby screen shows after a snapshot and after each event (no window)."""
from __future__ import annotations

import pytest

from display.board import RECENT_MAX, Board, counter_pattern

SERVICES = [("cash", "A", "个人现金业务", "Personal cash"), ("noncash", "B", "个人非现金业务", "Personal non-cash"),
            ("wealth", "M", "理财顾问", "Wealth adviser")]


def ticket(tid, number, service="cash", state="waiting", counter=None, calls=0):
    """A ticket shaped as docs/api.md gives it."""
    return {"id": tid, "number": number, "service": service, "state": state, "counter": counter, "calls": calls}


def snapshot(waiting=(), counters=("1", "3"), missed=(), recent=(), seq=10, day="2026-11-23"):
    """A /api/queues answer with the given tickets."""
    services = []
    for code, prefix, zh, en in SERVICES:
        tickets = [t for t in waiting if t["service"] == code]
        services.append({"code": code, "prefix": prefix, "name_zh": zh, "name_en": en,
                         "waiting": len(tickets), "tickets": tickets})
    return {"day": day, "seq": seq, "services": services,
            "counters": [{"id": c, "name_zh": f"{c}号窗口", "name_en": f"Window {c}", "state": "open",
                          "current": None, "waiting": 0} for c in counters],
            "missed": list(missed), "parked": [], "targets": [], "recent_calls": list(recent)}


def event(board, kind, seq, tk=None, counter=None, **extra):
    """Apply one event the way the host sends it."""
    data = {"seq": seq, "kind": kind, "at": "2026-11-23T09:52:10+08:00", **extra}
    if tk is not None:
        data["ticket"] = tk
    if counter is not None:
        data["counter"] = counter
        data.setdefault("counter_name_zh", f"{counter}号窗口")
        data.setdefault("counter_name_en", f"Window {counter}")
    return board.apply(kind, data, seq)


def waiting_of(board, code):
    return {s.code: s.waiting for s in board.view().services}[code]


def fresh(*waiting):
    board = Board()
    board.apply_snapshot(snapshot(waiting=waiting))
    return board


def test_the_snapshot_shows_the_true_waiting_count_of_each_service():
    board = fresh(ticket(1, "A001"), ticket(2, "A002"), ticket(3, "B001", "noncash"))
    assert [(s.code, s.waiting) for s in board.view().services] == [("cash", 2), ("noncash", 1), ("wealth", 0)]
    assert board.view().current is None


def test_a_call_shows_the_number_and_counter_and_leaves_the_waiting_count():
    board = fresh(ticket(1, "A001"), ticket(2, "A002"))
    call = event(board, "called", 11, ticket(1, "A001", state="called", counter="3", calls=1), counter="3")
    view = board.view()
    assert (call.number, call.counter_name_zh, call.recall) == ("A001", "3号窗口", False)
    assert view.current == call and view.recent[0] == call
    assert waiting_of(board, "cash") == 1
    assert {c.id: c.current for c in view.counters}["3"] == "A001"


def test_a_recall_is_marked_as_a_recall_and_moves_the_number_back_to_the_top():
    board = fresh(ticket(1, "A001"), ticket(2, "A002"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    event(board, "called", 12, ticket(2, "A002", state="called", counter="3", calls=1), counter="3")
    recall = event(board, "recalled", 13, ticket(1, "A001", state="called", counter="1", calls=2),
                   counter="1", recall=True)
    view = board.view()
    assert recall.recall and view.current.number == "A001" and view.current.recall
    assert [c.number for c in view.recent] == ["A001", "A002"]


def test_a_called_event_flagged_recall_counts_as_a_recall():
    board = fresh(ticket(1, "A001"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    again = event(board, "called", 12, ticket(1, "A001", state="called", counter="1", calls=2),
                  counter="1", recall=True)
    assert again.recall


def test_recent_calls_keep_only_the_last_eight_newest_first():
    board = fresh(*[ticket(i, f"A{i:03d}") for i in range(1, 12)])
    for i in range(1, 12):
        event(board, "called", 10 + i, ticket(i, f"A{i:03d}", state="called", counter="1", calls=1), counter="1")
    recent = [c.number for c in board.view().recent]
    assert len(recent) == RECENT_MAX and recent[0] == "A011" and recent[-1] == "A004"


def test_a_no_show_goes_to_the_missed_list_newest_first():
    board = fresh(ticket(1, "A001"), ticket(2, "A002"))
    for tid, num in ((1, "A001"), (2, "A002")):
        event(board, "called", 10 + tid, ticket(tid, num, state="called", counter="1", calls=1), counter="1")
    event(board, "missed", 13, ticket(1, "A001", state="missed", counter="1", calls=3))
    event(board, "missed", 14, ticket(2, "A002", state="missed", counter="1", calls=3))
    view = board.view()
    assert view.missed == ("A002", "A001")
    assert {c.id: c.current for c in view.counters}["1"] is None


def test_a_reinstated_ticket_leaves_the_missed_list_and_waits_again():
    board = Board()
    board.apply_snapshot(snapshot(missed=[ticket(1, "A001", state="missed")]))
    assert board.view().missed == ("A001",)
    event(board, "reinstated", 11, ticket(1, "A001", state="waiting"))
    assert board.view().missed == () and waiting_of(board, "cash") == 1


def test_a_transfer_moves_the_waiting_count_to_the_new_service_and_frees_the_counter():
    board = fresh(ticket(1, "A001"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    event(board, "transferred", 12, ticket(1, "A001", service="wealth", state="waiting"))
    assert waiting_of(board, "cash") == 0 and waiting_of(board, "wealth") == 1
    assert {c.id: c.current for c in board.view().counters}["1"] is None


def test_a_paused_counter_shows_paused_until_it_resumes():
    board = fresh()
    event(board, "counter_paused", 11, counter="3")
    assert {c.id: c.paused for c in board.view().counters} == {"1": False, "3": True}
    event(board, "counter_resumed", 12, counter={"id": "3", "name_zh": "3号窗口", "state": "open"})
    assert {c.id: c.paused for c in board.view().counters} == {"1": False, "3": False}


def test_a_day_reset_clears_calls_waiting_and_missed_but_keeps_the_counters():
    board = fresh(ticket(1, "A001"), ticket(2, "A002"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    event(board, "missed", 12, ticket(1, "A001", state="missed", counter="1", calls=3))
    event(board, "day_reset", 13, day="2026-11-24")
    view = board.view()
    assert view.day == "2026-11-24" and view.current is None and view.recent == () and view.missed == ()
    assert waiting_of(board, "cash") == 0 and len(view.counters) == 2


def test_finished_and_cancelled_tickets_stop_counting():
    board = fresh(ticket(1, "A001"), ticket(2, "A002"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    event(board, "finished", 12, ticket(1, "A001", state="finished", counter="1", calls=1))
    event(board, "cancelled", 13, ticket(2, "A002", state="cancelled"))
    assert waiting_of(board, "cash") == 0
    assert board.view().recent[0].number == "A001"  # history of calls stays on screen


def test_events_already_in_the_snapshot_or_replayed_twice_change_nothing():
    board = fresh(ticket(1, "A001"))
    assert event(board, "called", 9, ticket(1, "A001", state="called", counter="1", calls=1), counter="1") is None
    assert board.view().current is None
    event(board, "issued", 11, ticket(2, "A002"))
    event(board, "issued", 11, ticket(2, "A002"))
    assert waiting_of(board, "cash") == 2


def test_the_snapshot_recent_calls_give_the_main_call_and_one_line_per_number():
    recent = [{"number": "A002", "counter": "3", "counter_name_zh": "3号窗口", "at": "t2", "recall": False},
              {"number": "A001", "counter": "1", "counter_name_zh": "1号窗口", "at": "t1", "recall": True},
              {"number": "A001", "counter": "1", "counter_name_zh": "1号窗口", "at": "t0", "recall": False}]
    snap = snapshot(recent=recent)
    snap["counters"][1]["current"] = ticket(2, "A002", state="called", counter="3", calls=1)
    board = Board()
    board.apply_snapshot(snap)
    view = board.view()
    assert view.current.number == "A002" and view.current.counter_name_en == "Window 3"
    assert [(c.number, c.recall) for c in view.recent] == [("A002", False), ("A001", True)]


def test_a_snapshot_whose_called_numbers_all_left_shows_the_calm_idle_state():
    recent = [{"number": "A001", "counter": "1", "counter_name_zh": "1号窗口", "at": "t1", "recall": True}]
    board = Board()
    board.apply_snapshot(snapshot(recent=recent))
    assert board.view().current is None and board.view().recent[0].number == "A001"


@pytest.mark.parametrize("outcome", ["missed", "parked", "finished"])
def test_after_a_no_show_park_or_finish_now_calling_shows_the_latest_live_call(outcome):
    board = fresh(ticket(1, "A001"), ticket(2, "A002"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    event(board, "called", 12, ticket(2, "A002", state="called", counter="3", calls=1), counter="3")
    event(board, "recalled", 13, ticket(2, "A002", state="called", counter="3", calls=2), counter="3")
    assert (board.view().current.number, board.view().current.recall) == ("A002", True)
    event(board, outcome, 14, ticket(2, "A002", state=outcome, counter="3", calls=2))
    assert board.view().current.number == "A001" and not board.view().current.recall
    event(board, outcome, 15, ticket(1, "A001", state=outcome, counter="1", calls=1))
    assert board.view().current is None  # nobody is being called: the calm welcome


def test_the_screen_shows_the_welcome_not_a_recall_badge_once_the_recalled_number_left():
    from display.present import screen_fields
    from fenliu.words import zh
    board = fresh(ticket(1, "A001"))
    event(board, "recalled", 11, ticket(1, "A001", state="called", counter="1", calls=2), counter="1")
    assert screen_fields(board.view())["call_recall"]
    event(board, "missed", 12, ticket(1, "A001", state="missed", counter="1", calls=2))
    fields = screen_fields(board.view())
    assert (fields["call_number"], fields["call_recall"], fields["call_idle_zh"]) == ("", False, zh("Welcome"))


def test_a_suspended_machine_is_listed_until_it_is_back_in_use():
    board = Board()
    snap = snapshot()
    snap["targets"] = [{"code": "cash_recycler", "name_zh": "存取款一体机", "name_en": "Cash recycler",
                        "suspended": False}]
    board.apply_snapshot(snap)
    assert board.view().suspended == ()
    target = {"code": "cash_recycler", "name_zh": "存取款一体机", "name_en": "Cash recycler", "suspended": True}
    event(board, "target_suspended", 11, target=target)
    assert board.view().suspended == (("存取款一体机", "Cash recycler"),)
    event(board, "target_resumed", 12, target={**target, "suspended": False})
    assert board.view().suspended == ()


def test_a_call_to_a_counter_the_host_names_no_name_for_reads_window_n_in_both_languages():
    board = fresh(ticket(1, "A001"))
    call = board.apply("called", {"seq": 11, "ticket": ticket(1, "A001", state="called", counter="7"), "counter": "7"}, 11)
    assert (call.counter_name_zh, call.counter_name_en) == ("7号窗口", "Window 7")


def test_a_counter_named_the_plain_way_is_recognised_in_each_language():
    assert counter_pattern("zh").match("12号窗口").group(1) == "12" and not counter_pattern("zh").match("理财室")
    assert counter_pattern("en").match("Window 3").group(1) == "3" and not counter_pattern("en").match("Window 4 (VIP)")


def test_a_recalled_number_that_goes_to_the_missed_list_is_no_longer_marked_recalled_in_recent_calls():
    from display.present import screen_fields
    board = fresh(ticket(1, "A001"))
    event(board, "called", 11, ticket(1, "A001", state="called", counter="1", calls=1), counter="1")
    event(board, "recalled", 12, ticket(1, "A001", state="called", counter="1", calls=2), counter="1", recall=True)
    assert screen_fields(board.view())["recent"][0]["recall_text"] == "重呼 Recall"
    event(board, "no_show", 13, ticket(1, "A001", state="missed", counter="1", calls=2))
    row = screen_fields(board.view())["recent"][0]
    assert row["number"] == "A001" and row["recall_text"] == "" and board.view().missed == ("A001",)
