"""The kiosk keeps no widgets per visit: after many customers it holds what it held after the first few.

The cause of the kiosk's memory growth (issue 10) was a new set of tile buttons and labels, each
with its textures, for every screen of every visit, left to Python's rarely-run full collection.
The scenario taps through real visits in an offscreen window and counts the live kiosk widgets.
"""
from __future__ import annotations

import gc

import pytest

from kiosk import memory
from tests.gui_harness import run_scenario


def scenario_many_visits(driver, tmp):
    from pathlib import Path

    from kiosk.app import KioskApp
    from printer import open_printer
    from tests.hostproc import start_host
    host = start_host(Path(tmp))
    app = KioskApp(host.url, host.tokens["kiosk"], open_printer("dummy:"), tick_s=0.1)
    driver.start(app)
    driver.wait_until(lambda: app.view.tiles, what="purpose tiles")

    def tile(code):
        driver.frames(2)
        return next(w for w in driver.walk() if type(w).__name__ == "Tile" and w.code == code)

    def alive():  # no collection here: what the kiosk itself leaves standing, garbage included
        return sum(1 for o in gc.get_objects() if type(o).__name__ in ("Tile", "BiLabel", "Texture"))

    counts = []
    for _ in range(8):
        driver.tap(tile("cash"))
        driver.wait_until(lambda: app.view.screen == "amount" and not app.view.busy, what="amount screen")
        driver.tap(tile("20000"))
        driver.wait_until(lambda: app.view.status[0] == "请取走号票", what="ticket printed")
        driver.wait_until(lambda: app.view.screen == "ticket" and not app.view.busy, what="ticket screen")
        driver.frames(3)
        collections = memory.collections
        driver.tap(driver.find(id="done"))
        driver.wait_until(lambda: app.view.screen == "welcome", what="welcome again")
        # The kiosk stands at welcome until it has tidied up after the visit, before the next customer.
        driver.wait_until(lambda: memory.collections > collections and not memory.untrimmed,
                          what="the visit's garbage collected and the heap trimmed")
        counts.append(alive())
    host.kill()
    return {"counts": counts}


@pytest.mark.gui
def test_eight_visits_leave_no_more_tiles_labels_or_textures_alive_than_two(tmp_path):
    out = run_scenario(__file__, "scenario_many_visits", tmp_path=tmp_path, kwargs={"tmp": str(tmp_path)})
    counts = out["counts"]
    assert counts[-1] <= counts[1], counts


def test_collecting_frees_objects_caught_in_reference_cycles():
    class Node:
        pass
    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    assert memory.collect() >= 2


def test_trimming_the_heap_never_fails_whatever_the_c_library():
    assert memory.trim() in (True, False)
