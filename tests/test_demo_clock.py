"""The demo's accelerated clock and its agenda of things to do at branch times."""
from __future__ import annotations

import threading
import time

from demo.clock import Agenda, FastClock


def test_branch_time_runs_speed_times_faster_and_stands_still_before_the_epoch():
    clock = FastClock(600, epoch=time.time() + 60)
    assert clock.now() == 0.0
    clock = FastClock(600, epoch=time.time() - 1)
    assert 590 <= clock.now() <= 700
    assert clock.real_delay(6000) > 8.0 and clock.real_delay(10) == 0.0


def test_the_agenda_runs_actions_in_branch_time_order_and_drops_what_is_after_closing():
    agenda = Agenda(FastClock(10_000))
    done: list[str] = []
    agenda.at(300, lambda: done.append("b"))
    agenda.at(100, lambda: done.append("a"))
    agenda.at(100, lambda: agenda.after(50, lambda: done.append("a+50")))
    agenda.at(9000, lambda: done.append("after closing"))
    agenda.run(until_s=3600)
    assert done == ["a", "a+50", "b"]


def test_after_counts_from_when_the_action_was_due_not_when_it_ran():
    agenda = Agenda(FastClock(10_000, epoch=time.time() - 1))  # already 10 000 branch seconds late
    seen: list[float] = []
    agenda.at(100, lambda: agenda.after(20, lambda: seen.append(agenda.current)))
    agenda.run(until_s=200)
    assert seen == [120]


def test_stop_ends_a_run_early():
    agenda = Agenda(FastClock(1))
    agenda.at(3600, lambda: None)
    threading.Timer(0.2, agenda.stop).start()
    started = time.monotonic()
    agenda.run(until_s=7200)
    assert time.monotonic() - started < 5
