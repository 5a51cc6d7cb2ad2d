"""Every screen fits the real device: no label's text overflows its box, no two buttons overlap.

The panel at the teller PCs' sizes and the manager tablet's (both ways up), in real offscreen windows
against a real host. Screenshots go to $FENLIU_SCREENSHOTS (docs/screens when refreshing them, see
scripts/screens.sh) or to the test's temporary folder.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from queue_host.client import HostClient
from tests.gui_harness import run_scenario

pytestmark = pytest.mark.gui

PANEL_SIZES = [(1024, 768), (1366, 768), (1920, 1080), (1280, 800), (800, 1280)]
KIOSK_SIZES = [(1280, 800), (1920, 1080), (1080, 1920)]
# At most this share of an upright kiosk's height may be blank (the steps of the diversion are lines of text
# with room between them; the other screens are mostly buttons).
BLANK_UPRIGHT = {"welcome": 0.3, "amount": 0.35, "decline": 0.3, "diversion": 0.5}
DISPLAY_SIZES = [(1920, 1080), (1280, 720), (1080, 1920)]


def shots_dir(tmp_path: Path) -> str:
    """Where screenshots go."""
    return os.environ.get("FENLIU_SCREENSHOTS") or str(tmp_path / "shots")


# ---------------------------------------------------------------- child side (a window exists)
def _inside(widget, outer) -> bool:
    """Is `widget` wholly inside `outer` on screen (a window counts as an outer box at 0, 0)?"""
    x, y = widget.to_window(*widget.pos)
    ox, oy = outer.to_window(*outer.pos) if hasattr(outer, "pos") else (0, 0)
    return ox - 1 <= x and oy - 1 <= y and x + widget.width <= ox + outer.width + 1 and \
        y + widget.height <= oy + outer.height + 1


def _wheel(driver, scroller) -> str:
    """Turn the mouse wheel over `scroller`: "moved", "fits" (nothing to scroll) or "stuck"."""
    from kivy.input.motionevent import MotionEvent
    if scroller.children[0].height <= scroller.height:
        return "fits"

    class _Wheel(MotionEvent):
        def depack(self, args):
            self.sx, self.sy = args["x"], args["y"]
            self.button = "scrollup"  # Kivy names the wheel turned towards the user "scrollup"
            super().depack(args)

    before = scroller.scroll_y
    x, y = scroller.to_window(*scroller.center)
    win = driver.window
    wheel = _Wheel("harness", 99, {"x": x / (win.width - 1.0), "y": y / (win.height - 1.0)}, is_touch=True)
    wheel.profile = ["pos", "button"]
    driver._loop.post_dispatch_input("begin", wheel)
    driver.frames(1)
    driver._loop.post_dispatch_input("end", wheel)
    driver.wait_until(lambda: scroller.scroll_y != before or None, timeout=5, what="the list scrolled")
    return "moved"


def scenario_panel(driver, url: str, counter_token: str, manager_token: str, shots: str, size: str):
    """A teller calls a flagged customer, then the lobby manager opens the queues; both are checked."""
    from layout_check import layout_problems
    from panel.app import PanelApp
    from panel.session import Session
    app = driver.start(PanelApp(url, Session(url, counter_token, "counter", "1"), live=False))
    driver.wait_until(lambda: app.root.current == "counter" and app.counter and app.counter.view.name_zh,
                      what="counter mode")
    screen = app.root.current_screen
    app.act(app.counter.call_next)
    driver.wait_until(lambda: screen.number not in ("", "—") and app.busy == 0, what="a customer called")
    driver.frames(3)
    found = {"counter": layout_problems(driver.window), "number": screen.number}
    driver.screenshot(f"{shots}/panel-counter-{size}.png")
    app.start_session(Session(url, manager_token, "manager"))
    driver.wait_until(lambda: app.root.current == "manager" and app.manager and app.manager.view.services,
                      what="manager mode")
    driver.wait_until(lambda: driver.find_all(contains="A00"), what="queues on screen")
    driver.tap(driver.find(contains="A002"))
    driver.frames(3)
    found["manager"] = layout_problems(driver.window)
    front = next(w for w in driver.walk() if getattr(w, "zh", None) == "移到最前")
    found["front_shown"] = _inside(front, front.parent.parent) and _inside(front.parent.parent, driver.window)
    found["wheel"] = _wheel(driver, front.parent.parent)
    driver.screenshot(f"{shots}/panel-manager-{size}.png")
    app.root.current_screen.open_tab("figures")
    pane = app.root.current_screen.ids.panes.get_screen("figures")
    driver.wait_until(lambda: pane.ids.c4.bars, what="figures on screen")
    driver.frames(3)
    found["figures"] = layout_problems(driver.window)
    driver.screenshot(f"{shots}/panel-manager-figures-{size}.png")
    return found


def scenario_manager(driver, url: str, manager_token: str, shots: str, name: str):
    """The lobby manager opens every tab (a ticket picked on the queues); each is checked."""
    from layout_check import layout_problems
    from panel.app import PanelApp
    from panel.session import Session
    app = driver.start(PanelApp(url, Session(url, manager_token, "manager"), live=False))
    driver.wait_until(lambda: app.root.current == "manager" and app.manager and app.manager.view.services,
                      what="manager mode")
    driver.wait_until(lambda: driver.find_all(contains="A00"), what="queues on screen")
    driver.tap(driver.find(contains="A002"))
    driver.frames(3)
    found = {"queues": layout_problems(driver.window)}
    columns = app.root.current_screen.ids.panes.get_screen("queues").ids.columns
    summaries = [col.summary for col in reversed(columns.children)]
    driver.screenshot(f"{shots}/panel-manager-{name}.png")
    screen = app.root.current_screen
    for tab in ("alerts", "audit", "leads", "figures"):
        screen.open_tab(tab)
        driver.wait_until(lambda: app.busy == 0, what=f"the {tab} tab read")
        if tab == "figures":
            pane = screen.ids.panes.get_screen("figures")
            driver.wait_until(lambda: pane.ids.c4.bars, what="figures on screen")
        driver.frames(3)
        found[tab] = layout_problems(driver.window)
        driver.screenshot(f"{shots}/panel-manager-{tab}-{name}.png")
    return found, summaries


def _covered(driver, label) -> list[str]:
    """The buttons that lie over `label` on screen."""
    from kivy.uix.behaviors import ButtonBehavior
    from layout_check import _rect, _visible
    lx0, ly0, lx1, ly1 = _rect(label)
    over = []
    for w in driver.walk():
        if isinstance(w, ButtonBehavior) and _visible(w):
            x0, y0, x1, y1 = _rect(w)
            if min(lx1, x1) - max(lx0, x0) > 2 and min(ly1, y1) - max(ly0, y0) > 2:
                over.append(str(getattr(w, "main", "") or getattr(w, "text", "")))
    return over


def scenario_kiosk(driver, tmp: str, shots: str, size: str, elderly: bool, lang: str = "zh"):
    """A customer (elderly or not, Chinese or English first) passes every kiosk screen; each is checked for fit
    (and, elderly, type size).

    Welcome, amount (and its idle prompt), the small-cash diversion, the reason, the ticket, the lobby
    manager's guide, then a transfer's ticket and its remittance pre-fill (name, account, bank, review),
    and the notice a visit waits on while the host is away.
    """
    from kivy.metrics import dp, pt
    from layout_check import (blank_share, broken_buttons, empty_bands, key_gaps_mm, layout_problems, small_type,
                              text_overlaps, uneven_buttons)
    from test_kiosk_gui import _start
    k = _start(driver, tmp, shots)
    mode = ("elderly" if elderly else "normal") + ("-en" if lang == "en" else "")
    found: dict = {}
    upright = driver.window.height > driver.window.width
    blank, gaps = {}, {}

    def choose_modes() -> None:
        if elderly:  # a new customer starts in standard mode and in Chinese
            k.tap("elderly")
            k.wait(lambda: k.view.elderly, "elderly mode")
        if lang == "en":
            k.tap("lang")
            k.wait(lambda: k.view.lang == "en", "English first")

    def check(screen: str, shot: str | None = None, root=None) -> None:
        driver.frames(3)
        root = root or driver.window  # a prompt laid over the screen is checked on its own
        found[screen] = layout_problems(root) + text_overlaps(root) + (small_type(root, 30) if elderly else []) \
            + broken_buttons(root) + uneven_buttons(root)
        if upright and screen in ("welcome", "amount", "diversion", "decline"):
            # An upright kiosk uses its height: no wide empty band, little of the screen blank.
            found[screen] += empty_bands(root, 0.2)
            blank[screen] = round(blank_share(root), 3)
        if shot:
            driver.screenshot(f"{shots}/kiosk-{mode}-{shot}-{size}.png")

    def start_again() -> None:
        k.tap("done")
        k.wait_screen("welcome")
        choose_modes()

    choose_modes()
    check("welcome", "welcome")
    for label in (driver.find(contains=k.view.branch[0]), driver.find(id="card"),
                  driver.find(id="card_beside")):  # each whole: Chinese, English
        lines = len(getattr(label._label, "_cached_lines", None) or [])
        if lines > 2:
            found["welcome"].append(f"{label.text[:30]!r} breaks into {lines} lines")
    k.tap_tile("cash")
    k.wait_screen("amount")
    check("amount", "amount")
    gaps["amount keypad"] = key_gaps_mm(driver.find(id="keypad"))
    k.offset += k.view.theme.idle_s + 1
    k.wait(lambda: k.view.idle_prompt, "the idle prompt")
    check("idle prompt", root=next(w for w in driver.walk() if type(w).__name__ == "IdlePrompt"))
    k.tap("keep")
    k.wait(lambda: not k.view.idle_prompt, "the prompt gone")
    k.tap_tile("5000")
    k.wait_screen("diversion")
    check("diversion")
    lines = driver.find(id="upright_lines" if upright else "lines")
    labels = [w for w in driver.walk(lines) if type(w).__name__ in ("Label", "BiLabel") and getattr(w, "text", "")]
    last = min(labels, key=lambda w: w.to_window(*w.pos)[1]) if labels else None  # lowest on screen
    found["last_step_covered_by"] = _covered(driver, last) if last is not None else ["no steps shown"]
    driver.screenshot(f"{shots}/kiosk-{mode}-diversion-{size}.png")
    k.tap("insist")
    k.wait_screen("decline")
    check("decline", "decline")
    k.tap_tile(k.view.tiles[0].code)
    k.wait_screen("ticket")
    check("ticket", "ticket")
    if driver.window.height > driver.window.width:  # an upright kiosk: the ticket spreads over its height
        found["ticket"] += empty_bands(driver.window, 0.25)
    found["number_pt"] = [driver.find(id="number").font_size / pt(1), k.view.theme.number_pt]
    start_again()
    k.app.flow.choose_purpose("credit_card_apply")  # a later page in elderly mode: what its tile calls
    k.wait_screen("guide")
    check("guide")
    start_again()
    k.tap_tile("transfer")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("ticket")
    k.wait(lambda: k.app.prefill_offer, "the pre-fill offer")
    check("ticket with the pre-fill offer")
    k.tap("prefill")
    k.wait(lambda: k.app.screens.current == "prefill" and k.app.prefill.config, "the pre-fill")
    for letter in "zhang":
        driver.tap(driver.find(text=letter))
    k.wait(lambda: driver.find_all(text="张"), "张 offered")
    check("pre-fill name", "prefill")
    gaps["letters"] = key_gaps_mm(driver.find(id="letters"))
    row, letters = driver.find(id="candidates"), driver.find(id="letters")
    bottom = min(key.to_window(key.x, key.y)[1] for key in row.children)  # the characters' keys themselves
    gaps["characters to letters"] = (bottom - letters.to_window(letters.x, letters.top)[1]) / dp(1) / 160 * 25.4
    driver.tap(driver.find(text="张"))
    k.tap("next")
    k.wait(lambda: k.app.prefill.step == "account", "the account keypad")
    for digit in "622202020011234567":
        driver.tap(driver.find(text=digit))
    check("pre-fill account")
    gaps["account keypad"] = key_gaps_mm(driver.find(id="keypad"))
    for digit in "9":
        driver.tap(driver.find(text=digit))
    k.tap("next")
    k.wait(lambda: k.app.prefill.step == "bank", "the bank list")
    check("pre-fill bank")
    bank = k.app.prefill.config["banks"][-1]
    driver.tap(next(w for w in driver.walk() if getattr(w, "key", None) == bank))
    k.wait(lambda: k.app.prefill.step == "review", "the review")
    check("pre-fill review")
    k.host.kill()  # the host goes away: the next visit waits on the calm notice
    k.app.prefill.close()
    k.wait_screen("ticket")
    start_again()
    k.tap_tile("cash")
    k.wait_screen("amount")
    k.tap_tile("20000")
    k.wait_screen("notice")
    check("notice")
    k.close()
    found["blank"], found["key_gaps_mm"] = blank, gaps
    return found


def scenario_display(driver, tmp: str, shots: str, size: str):
    """A busy lobby on the big screen: calls at every counter, a recall, a no-show, a paused room."""
    from layout_check import layout_problems, lobby_type_problems
    from test_display_app import _open
    host, app, boss = _open(driver, tmp)
    try:
        root = app.root
        driver.wait_until(lambda: root.notice_text, what="the notices from /api/config")
        for service in ["cash"] * 4 + ["noncash"] * 3 + ["wealth", "corporate"]:
            boss.issue(service, reason="test")
        boss.issue("vip", reason="test", tier="platinum")
        for counter in ("1", "2", "3", "4", "1", "3"):
            boss.call_next(counter)
        missed = boss.call_next("1")["ticket"]
        boss.act(missed["id"], "no-show")
        boss.pause("5", reason="lunch")
        called = boss.call_next("2")["ticket"]
        boss.act(called["id"], "recall")
        driver.wait_until(lambda: root.call_number == called["number"] and root.call_recall, what="the recall")
        driver.wait_until(lambda: not root.flashing, timeout=15, what="the flash to end")
        driver.frames(3)
        found = layout_problems(driver.window)
        view = driver.find(id="recent")
        rows = [w for w in driver.walk(view) if type(w).__name__ == "RecentRow" and w.number]
        inside = [w for w in rows if _inside(w, view)]
        if len(inside) < min(len(root.recent), 4) or len(inside) < len(rows):
            found.append(f"{len(inside)} of the {len(rows)} recent calls shown fit their panel "
                         f"({len(root.recent)} made; at least 4 must show)")
        # Read from five metres: numbers, counter and service names and their English at their share of the
        # screen's short side (display/present.py TYPE, the README's rule), Chinese never in the muted grey.
        from display.present import TYPE
        found += lobby_type_problems(driver.window, TYPE, ("RecentRow", "ServiceRow", "CounterChip"),
                                     (0.73, 0.80, 0.89, 1))
        missed = driver.find(id="missed")
        if missed.font_size < min(driver.window.width, driver.window.height) * TYPE["number"] - 0.5:
            found.append(f"the missed numbers are {missed.font_size:.0f} px, under the numbers' size")
        driver.screenshot(f"{shots}/display-busy-{size}.png")
        app.announcer.wait_idle(10)
        return found
    finally:
        host.stop()


# ---------------------------------------------------------------- test side
@pytest.fixture
def busy_lobby(host):
    """A lobby at work: an elderly customer who cannot use the machines, cash, forex, a VIP, a missed number."""
    kiosk = HostClient(host.url, host.tokens["kiosk"])
    kiosk.visit("e_banking", elderly=True, insist_counter=True, decline_reason="cannot_operate")
    for extra in ({"amount_cny": 30000}, {"amount_cny": 60000, "customer_ref": "6222000000000002"},
                  {"amount_cny": 30000, "elderly": True}):
        kiosk.visit("cash", **extra)
    for purpose in ("forex", "card_loss", "corporate", "loan", "deposit_certificate"):
        kiosk.visit(purpose)
    return host


@pytest.mark.parametrize("size", PANEL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_panel_fits_every_teller_pc_and_the_manager_tablet_either_way_up(busy_lobby, tmp_path, size):
    host = busy_lobby
    out = run_scenario(__file__, "scenario_panel", tmp_path=tmp_path, size=size,
                       kwargs={"url": host.url, "counter_token": host.tokens["counter-1"],
                               "manager_token": host.tokens["manager"], "shots": shots_dir(tmp_path),
                               "size": f"{size[0]}x{size[1]}"})
    assert out["number"].startswith("B")
    problems = [f"counter: {p}" for p in out["counter"]] + [f"manager: {p}" for p in out["manager"]] \
        + [f"figures: {p}" for p in out["figures"]]
    assert not problems, "\n".join(problems)
    assert out["front_shown"]  # the override actions are on screen, upright or not
    assert out["wheel"] in ("moved", "fits")  # what does not fit scrolls with the mouse wheel
    if size[1] <= 768:
        assert out["wheel"] == "moved"  # a teller PC's 768 rows cannot show every action at once


@pytest.mark.parametrize("screen", [(1920, 1080), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_manager_panel_fits_its_demo_window_drawn_at_the_demo_scale(busy_lobby, tmp_path, screen):
    from demo.layout import demo_layout
    place = demo_layout(screen)["manager"]  # on 1920x1080: 960x508 drawn at 0.635, as `fenliu demo` opens it
    host = busy_lobby
    shots = shots_dir(tmp_path) if screen == (1920, 1080) else str(tmp_path)  # docs/screens shows the 1920x1080 one
    out = run_scenario(__file__, "scenario_manager", tmp_path=tmp_path, size=(place.width, place.height),
                       scale=place.scale, kwargs={"url": host.url, "manager_token": host.tokens["manager"],
                                                  "shots": shots, "name": "demo"})
    found, summaries = out
    problems = [f"{tab}: {p}" for tab, tab_found in found.items() for p in tab_found]
    assert not problems, "\n".join(problems)
    lines = [summary.split("\n") for summary in summaries]
    assert lines[0][0].startswith("等候 3 人 · 最长 ")  # A001-A003
    assert lines[0][1].startswith("3 people waiting · max ")
    assert any(zh.startswith("等候 1 人") and en.startswith("1 person waiting") for zh, en in lines)  # C001


def _kiosk_case(size, elderly, lang):
    return pytest.param(size, elderly, lang, id=f"{size[0]}x{size[1]}-{'elderly' if elderly else 'normal'}-{lang}")


@pytest.mark.parametrize("size, elderly, lang", [_kiosk_case(size, elderly, lang) for size in KIOSK_SIZES
                                                 for elderly in (False, True) for lang in ("zh", "en")])
def test_the_kiosk_fits_its_screens_in_normal_and_elderly_mode_chinese_or_english_first(tmp_path, size, elderly, lang):
    out = run_scenario(__file__, "scenario_kiosk", tmp_path=tmp_path, size=size, timeout=240,
                       kwargs={"tmp": str(tmp_path), "shots": shots_dir(tmp_path), "size": f"{size[0]}x{size[1]}",
                               "elderly": elderly, "lang": lang})
    problems = [f"{screen}: {p}" for screen, found in out.items()
                if screen not in ("last_step_covered_by", "number_pt", "blank", "key_gaps_mm") for p in found]
    assert not problems, "\n".join(problems)
    print("blank share", out["blank"], "key gaps mm", out["key_gaps_mm"])
    assert all(share <= BLANK_UPRIGHT[screen] for screen, share in out["blank"].items()), out["blank"]
    assert all(mm >= 4 - 0.05 for mm in out["key_gaps_mm"].values()), out["key_gaps_mm"]  # README: 4 mm gaps
    assert out["last_step_covered_by"] == []  # 返回首页 never lies over the last step
    shown, landscape = out["number_pt"]  # the ticket's number, and its size on a landscape screen
    if size[1] > size[0]:
        assert shown >= 1.5 * landscape  # upright, the number is the one big thing on the ticket
    else:
        assert abs(shown - landscape) < 0.5


@pytest.mark.parametrize("size", DISPLAY_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_lobby_display_fits_the_tv_either_way_up(tmp_path, size):
    problems = run_scenario(__file__, "scenario_display", tmp_path=tmp_path, size=size, timeout=150,
                            kwargs={"tmp": str(tmp_path), "shots": shots_dir(tmp_path), "size": f"{size[0]}x{size[1]}"})
    assert not problems, "\n".join(problems)
