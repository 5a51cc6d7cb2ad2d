"""`fenliu demo` tiles its four windows over one screen: all visible at once, none over another."""
from __future__ import annotations

from itertools import combinations

import pytest

from demo.command import app_command
from demo.host import SHIPPED_CONFIG
from demo.layout import ORDER, demo_layout


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("screen", [(1920, 1080), (1366, 768), (2560, 1440)])
def test_the_four_windows_with_their_title_bars_lie_within_the_screen_and_never_overlap(screen):
    places = demo_layout(screen)
    assert sorted(places) == sorted(ORDER) == ["counter", "display", "kiosk", "manager"]
    frames = {name: p.frame() for name, p in places.items()}
    for left, top, right, bottom in frames.values():
        assert 0 <= left < right <= screen[0] and 0 <= top < bottom <= screen[1]
    for (a, fa), (b, fb) in combinations(frames.items(), 2):
        assert not overlap(fa, fb), f"{a} {fa} overlaps {b} {fb}"


def test_on_a_1920x1080_screen_the_windows_fill_it_two_by_two_with_the_kiosk_top_left():
    places = demo_layout((1920, 1080))
    assert (places["kiosk"].left, places["display"].left) == (0, 960)
    assert places["kiosk"].top < places["counter"].top and places["display"].top < places["manager"].top
    covered = sum(p.width * (p.height + 32) for p in places.values())
    assert covered == 1920 * 1080  # nothing wasted, nothing hidden


def test_each_app_is_drawn_smaller_so_its_designed_screen_fits_its_window():
    places = demo_layout((1920, 1080))
    assert places["kiosk"].scale == pytest.approx(508 / 800, abs=0.001)  # 1280x800 into 960x508
    assert places["display"].scale == pytest.approx(508 / 720, abs=0.001)  # 1280x720 into 960x508
    for p in places.values():
        assert 0.3 <= p.scale < 1


def test_each_window_is_opened_at_its_place_with_its_size_and_scale(tmp_path):
    places = demo_layout((1920, 1080))
    for name in ORDER:
        cmd = app_command(name, "http://127.0.0.1:1", SHIPPED_CONFIG, tmp_path)
        p = places[name]
        assert cmd[cmd.index("--position") + 1] == f"{p.left},{p.top}"
        assert cmd[cmd.index("--size") + 1] == f"{p.width}x{p.height}"
        assert float(cmd[cmd.index("--scale") + 1]) == p.scale
    counter = app_command("counter", "http://127.0.0.1:1", SHIPPED_CONFIG, tmp_path)
    assert counter[counter.index("--role") + 1] == "counter" and "--counter" in counter
    assert "--demo-visitors" in app_command("kiosk", "http://127.0.0.1:1", SHIPPED_CONFIG, tmp_path)
    assert "--demo-visitors" not in app_command("kiosk", "http://127.0.0.1:1", SHIPPED_CONFIG, tmp_path, lobby=False)
