"""The panel in real offscreen windows against a real host: counter mode, manager mode, PIN lockout.

Each scenario runs in its own process (one Kivy window per process, see tests/gui_harness.py); the host
runs in the test process. Screenshots go to $FENLIU_SCREENSHOTS (docs/screens when refreshing them)
or to the test's temporary folder.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.gui_harness import run_scenario
from queue_host.client import HostClient
from tests.hostproc import start_host

pytestmark = pytest.mark.gui

F = {f"f{i}": 281 + i for i in range(1, 13)}


def shots_dir(tmp_path: Path) -> str:
    """Where screenshots go."""
    return os.environ.get("FENLIU_SCREENSHOTS") or str(tmp_path / "shots")


# ---------------------------------------------------------------- child side (a window exists)
def _key(driver, name: str) -> None:
    """Press a named key (F1..F12, escape) as a keyboard would."""
    code = F.get(name) or {"escape": 27}[name]
    driver.window.dispatch("on_key_down", code, 0, None, [])
    driver.window.dispatch("on_key_up", code, 0)
    driver.frames(2)


def _big(driver, zh: str):
    """The big button whose Chinese label is `zh`."""
    return next(w for w in driver.walk() if getattr(w, "zh", None) == zh)


def _popup_gone(driver) -> None:
    """Wait until the popup's closing animation has ended (keys go to the screen again)."""
    from kivy.uix.modalview import ModalView
    driver.wait_until(lambda: not any(isinstance(w, ModalView) for w in driver.window.children), what="popup closed")


def _shown(driver, widget):
    """Scroll the widget's scroll view (the override buttons scroll on smaller screens) until it is in view."""
    from kivy.uix.scrollview import ScrollView
    parent = widget.parent
    while parent is not None and not isinstance(parent, ScrollView):
        parent = parent.parent
    if parent is not None:
        parent.scroll_to(widget, padding=10, animate=False)
        driver.frames(3)
    return widget


WHO = {"1111": "1号窗口 李娜", "2468": "大堂经理 王敏", "0000": "大堂经理 王敏"}  # the counter, then the name in branch.toml
PANEL_TOKEN = "panel-demo-token"  # the panels' own token in config/demo-secrets.toml: it lists who signs in


def _pin(driver, pin: str) -> None:
    """Tap who signs in (the manager for a wrong PIN), type the PIN on the pad and press Sign in."""
    who = WHO[pin]
    driver.wait_until(lambda: any(getattr(w, "zh", None) == who for w in driver.walk()), what="staff list")
    driver.tap(_big(driver, who))
    for digit in pin:
        driver.tap(_big(driver, digit))
    driver.tap(_big(driver, "登录"))


def _app(url: str, tmp: str, bell: bool = False):
    from panel.alert_sound import Bell
    from panel.app import PanelApp
    ring = Bell(Path(tmp) / "chime.wav", command=["sox", "{wav}", str(Path(tmp) / "played.wav")]) if bell else None
    return PanelApp(url, printer=f"preview:{tmp}/reprints", export_dir=Path(tmp) / "exports", bell=ring,
                    panel_token=PANEL_TOKEN)


def scenario_counter(driver, url: str, shots: str, tmp: str):
    """A teller signs in, calls with F1, sees the customer's flags, marks a no-show, transfers, pauses."""
    app = driver.start(_app(url, tmp))
    _pin(driver, "1111")
    driver.wait_until(lambda: app.root.current == "counter" and app.counter.view.name_zh, what="counter mode")
    screen = app.root.current_screen
    # A double press of F1: the second is ignored while the first call is in flight, the button greys.
    driver.window.dispatch("on_key_down", F["f1"], 0, None, [])
    in_flight = {"busy": app.busy, "call_disabled": driver.find(id="call_next").disabled,
                 "finish_disabled": _big(driver, "办结").disabled}
    _key(driver, "f1")
    driver.wait_until(lambda: screen.number == "B001" and app.busy == 0, what="B001 called")
    driver.screenshot(f"{shots}/panel-counter.png")
    seen = {"number": screen.number, "details": screen.details, "waiting": screen.waiting,
            "status": app.status, "in_flight": in_flight, "call_enabled_after": not driver.find(id="call_next").disabled}
    driver.tap(_big(driver, "过号"))
    driver.wait_until(lambda: screen.number == "—", what="no-show")
    seen["after_no_show"] = app.status
    _key(driver, "f1")
    driver.wait_until(lambda: screen.number == "B002", what="B002 called")
    driver.tap(_big(driver, "转移"))
    driver.tap(driver.find(text="理财顾问 / Wealth adviser"))
    note = driver.find(id="reason")
    note.focus = True
    driver.type_text("想了解大额存单")
    driver.screenshot(f"{shots}/panel-counter-transfer.png")
    driver.tap(_big(driver, "确定"))
    driver.wait_until(lambda: screen.number == "—" and "理财顾问" in app.status, what="transferred")
    _popup_gone(driver)
    seen["after_transfer"] = app.status
    _key(driver, "f7")
    driver.wait_until(lambda: screen.paused, what="paused")
    seen["paused_state"] = screen.state_text
    seen["call_disabled"] = driver.find(id="call_next").disabled
    _key(driver, "escape")
    seen["after_escape"] = app.root.current
    return seen


def scenario_manager(driver, url: str, shots: str, tmp: str):
    """The lobby manager moves a ticket to the front with a reason, reads the audit log, clears an
    alert (the chime rings), records a lead and exports the day's leads."""
    app = driver.start(_app(url, tmp, bell=True))
    driver.wait_until(lambda: any(getattr(w, "zh", None) == "大堂经理 王敏" for w in driver.walk()), what="staff list")
    driver.tap(_big(driver, "大堂经理 王敏"))
    driver.type_text("2468", enter=True)
    driver.wait_until(lambda: app.root.current == "manager" and app.manager.view.services, what="manager mode")
    driver.wait_until(lambda: app.alerts and app.alerts.open, what="alerts read")
    driver.wait_until(lambda: driver.find_all(contains="A003") and app.root.current_screen.alert_count,
                      what="queues and alerts on screen")
    seen = {"bell": app.bell.rung}
    driver.tap(driver.find(contains="A003"))
    driver.screenshot(f"{shots}/panel-manager-queues.png")
    # The actions follow the selection a frame later; the reason dialog opens once the tap is taken.
    driver.wait_until(lambda: not _big(driver, "移到最前").disabled, what="move to the front enabled")
    driver.tap(_big(driver, "移到最前"))
    driver.tap(driver.wait_until(lambda: driver.find_all(text="老年客户照顾 / elderly customer"),
                                 what="the reason dialog")[0])
    driver.screenshot(f"{shots}/panel-manager-reason.png")
    # The host thread is held, so the override waits in line; the manager picks another ticket
    # meanwhile: the override still acts on the ticket that was picked when it was asked for.
    gate = threading.Event()
    app._pool.submit(gate.wait, 10)
    driver.tap(_big(driver, "确定"))
    pane = app.root.current_screen.ids.panes.get_screen("queues")
    pane.pick(next(r for r in app.manager.view.services[0].rows if r.number == "A002"))
    gate.set()
    driver.wait_until(lambda: app.manager.view.services[0].rows[0].number == "A003", what="A003 in front")
    _popup_gone(driver)
    seen["front"] = app.manager.view.services[0].rows[0].number
    seen["status"] = app.status
    driver.tap(_big(driver, "手工取号"))
    driver.tap(driver.find(text="个人现金业务 / Personal cash"))
    driver.tap(driver.find(text="客户不会用取号机 / customer cannot use the kiosk"))
    driver.tap(_big(driver, "确定"))
    driver.wait_until(lambda: "已为客户取号" in app.status, what="issued by hand")
    _popup_gone(driver)
    seen["issued"] = app.status
    _key(driver, "f3")
    pane = app.root.current_screen.ids.panes.get_screen("audit")
    driver.wait_until(lambda: pane.entries, what="audit read")
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-manager-audit.png")
    seen["audit"] = [w.text for w in driver.find_all(cls="Line")]
    _key(driver, "f2")
    before = len(app.alerts.open)
    driver.screenshot(f"{shots}/panel-manager-alerts.png")
    seen["alert_titles"] = [a.title for a in app.alerts.open]
    driver.tap(_big(driver, "已处理"))
    driver.wait_until(lambda: len(app.alerts.open) == before - 1, what="alert cleared")
    seen["alerts_left"] = len(app.alerts.open)
    _key(driver, "f4")
    ids = app.root.current_screen.ids.panes.get_screen("leads").ids
    ids.name.text, ids.contact.text, ids.need.text, ids.ticket.text = "王先生", "13800001234", "大额存单", "a004"
    driver.tap(ids.consent)
    driver.tap(_big(driver, "保存线索"))
    leads = app.root.current_screen.ids.panes.get_screen("leads")
    driver.wait_until(lambda: leads.leads, what="lead listed")
    driver.tap(_big(driver, "导出 CSV"))
    driver.wait_until(lambda: (Path(tmp) / "exports" / "leads.csv").exists(), what="csv exported")
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-manager-leads.png")
    seen["leads"] = [w.text for w in driver.find_all(cls="Line")]
    return seen


def scenario_lockout(driver, url: str, shots: str, tmp: str):
    """Three wrong PINs against the manager from this panel: the pad says how long to wait, even for the right one."""
    app = driver.start(_app(url, tmp))
    driver.wait_until(lambda: any(getattr(w, "zh", None) == "大堂经理 王敏" for w in driver.walk()), what="staff list")
    driver.screenshot(f"{shots}/panel-signin.png")
    for _ in range(3):
        _pin(driver, "0000")
        driver.wait_until(lambda: app.busy == 0, what="answer")
    _pin(driver, "2468")
    driver.wait_until(lambda: app.busy == 0 and "秒后再试" in app.status, what="wait")
    driver.screenshot(f"{shots}/panel-signin-locked.png")
    return {"screen": app.root.current, "status": app.status}


def scenario_refresh_during_refresh(driver, url: str, kiosk_token: str, tmp: str):
    """A change announced while a refresh is on its way is read by one more refresh, not dropped."""
    from panel.app import PanelApp
    app = driver.start(PanelApp(url, live=False, panel_token=PANEL_TOKEN))
    _pin(driver, "1111")
    driver.wait_until(lambda: app.root.current == "counter" and app.counter.view.name_zh and app.busy == 0
                      and not app._refresh_due, what="counter mode")
    screen, flow = app.root.current_screen, app.counter
    read, gate, plain = threading.Event(), threading.Event(), flow.refresh

    def slow_refresh():
        out = plain()  # the host has been read: this answer cannot hold what happens next
        read.set()
        gate.wait(10)
        return out
    flow.refresh = slow_refresh
    app.refresh_now()
    driver.wait_until(read.is_set, what="first refresh read")
    HostClient(url, kiosk_token).visit("card_loss")
    app.refresh_now()  # the event for that visit, while the first refresh is still in flight
    gate.set()
    driver.wait_until(lambda: screen.waiting == 1, timeout=5, what="the new customer counted")
    return {"waiting": screen.waiting}


def scenario_sign_out_before_the_session_is_ready(driver, url: str, tmp: str):
    """A teller signs out while the sign-in is still reading the branch config: it stays signed out."""
    from queue_host.client import HostClient as Client
    asked, gate, plain = threading.Event(), threading.Event(), Client.config

    def slow_config(self):
        asked.set()
        gate.wait(10)
        return plain(self)
    Client.config = slow_config
    app = driver.start(_app(url, tmp))
    _pin(driver, "1111")
    driver.wait_until(asked.is_set, what="config asked")
    app.sign_out()
    gate.set()
    driver.wait_until(lambda: app.busy == 0, what="late answer")
    driver.frames(5)
    return {"screen": app.root.current, "session": app.session is not None,
            "counter": app.counter is not None, "feed": app.feed is not None}


def scenario_config_failed_at_sign_in(driver, url: str, tmp: str):
    """/api/config fails while the teller signs in: the names are read again once the host answers."""
    from queue_host.client import HostClient as Client, HostUnreachable
    calls, plain = [], Client.config

    def flaky_config(self):
        calls.append(1)
        if len(calls) == 1:
            raise HostUnreachable("config: connection refused")
        return plain(self)
    Client.config = flaky_config
    app = driver.start(_app(url, tmp))
    _pin(driver, "1111")
    driver.wait_until(lambda: app.root.current == "counter" and app.counter.view.name_zh, what="counter mode")
    driver.wait_until(lambda: app.names.services, what="names read again")
    screen = app.root.current_screen
    _key(driver, "f1")
    driver.wait_until(lambda: screen.number == "B001", what="B001 called")
    return {"config_calls": len(calls), "details": screen.details, "counter_names": app.counter.names is app.names}


def scenario_suspend_machine(driver, url: str, shots: str, tmp: str):
    """The manager picks the cash recycler, opens Suspend, presses OK with no reason, then picks "out of cash"."""
    from kivy.uix.modalview import ModalView
    app = driver.start(_app(url, tmp))
    _pin(driver, "2468")
    driver.wait_until(lambda: app.root.current == "manager" and app.manager.view.targets, what="manager mode")
    driver.wait_until(lambda: driver.find_all(contains="存取款一体机 · 正常"), what="machines on screen")
    driver.tap(driver.find(contains="存取款一体机 · 正常"))
    driver.frames(3)
    # Picked, the machine is named in the selection line and its two buttons show whole without scrolling.
    screen = app.root.current_screen.ids.panes.get_screen("queues")
    view = screen.ids.actions
    vx, vy = view.to_window(view.x, view.y)

    def whole(w) -> bool:
        x, y = w.to_window(w.x, w.y)
        return vy - 1 <= y and y + w.height <= vy + view.height + 1

    button = _big(driver, "暂停自助设备")
    seen_pick = {"selection": screen.selection, "whole": [whole(button), whole(screen.ids.resume_machine)],
                 "label": next(w.text for w in driver.walk(view) if "selected" in getattr(w, "text", "") or
                               "请先点选" in getattr(w, "text", ""))}
    driver.tap(button)
    popup = driver.wait_until(lambda: next((w for w in driver.window.children if isinstance(w, ModalView)), None),
                              what="popup open")
    seen = {"title": (popup.title_zh, popup.title_en),
            "quick": [w.text for w in popup.ids.quick.children][::-1]}
    driver.tap(_big(driver, "确定"))  # no reason yet
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-manager-suspend-hint.png")
    hint = popup.ids.problem
    seen["after_empty_ok"] = {"open": popup in driver.window.children, "hint": hint.text,
                              "hint_shown": hint.opacity == 1 and hint.height > 0, "status": app.status,
                              "busy": app.busy}
    driver.tap(driver.find(text="现金不足 / out of cash"))
    seen["hint_after_pick"] = hint.text
    driver.tap(_big(driver, "确定"))
    driver.wait_until(lambda: "已暂停使用" in app.status, what="suspended")
    _popup_gone(driver)
    seen["status"] = app.status
    seen.update(seen_pick)
    # Back in use: the dialog offers what brings a machine back, not the suspend-style reasons.
    recycler = driver.wait_until(lambda: next((b for b in screen.ids.targets.children if b.value == "cash_recycler"
                                               and b.warn), None), what="the machine shown suspended")
    driver.tap(recycler)
    driver.frames(3)
    driver.tap(screen.ids.resume_machine)
    popup = driver.wait_until(lambda: next((w for w in driver.window.children if isinstance(w, ModalView)), None),
                              what="resume popup open")
    seen["resume_quick"] = [w.text for w in popup.ids.quick.children][::-1]
    return seen


def scenario_sign_out_clears_the_pin(driver, url: str, shots: str, tmp: str):
    """A teller signs in with the pad, signs out with Esc; the pad shows no digits and holds none."""
    app = driver.start(_app(url, tmp))
    _pin(driver, "1111")
    driver.wait_until(lambda: app.root.current == "counter" and app.counter.view.name_zh, what="counter mode")
    _key(driver, "escape")
    driver.wait_until(lambda: app.root.current == "signin", what="signed out")
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-signin-after-sign-out.png")
    screen = app.root.get_screen("signin")
    out = {"dots": screen.dots, "shown": driver.find(id="dots").text, "digits": app.pinpad.digits,
           "chosen": screen.chosen}
    _pin(driver, "2468")  # the next person's PIN is theirs alone: no digit of the last one is left
    driver.wait_until(lambda: app.root.current == "manager", what="the manager signs in next")
    out["next"] = app.root.current
    return out


# ---------------------------------------------------------------- test side
@pytest.fixture
def kiosk(host):
    """The entrance kiosk's client."""
    return HostClient(host.url, host.tokens["kiosk"])


def test_a_teller_calls_sees_flags_marks_a_no_show_transfers_and_pauses_by_keyboard_and_touch(host, kiosk, tmp_path):
    kiosk.visit("e_banking", elderly=True, insist_counter=True, decline_reason="cannot_operate")
    kiosk.visit("deposit_certificate")
    out = run_scenario(__file__, "scenario_counter", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    assert out["number"] == "B001" and out["waiting"] == 1
    assert out["in_flight"] == {"busy": 1, "call_disabled": True, "finish_disabled": True}
    assert out["call_enabled_after"]
    assert "老年客户" in out["details"] and "不会操作" in out["details"] and "填单模版 5 号" in out["details"]
    assert "B001" in out["status"] and "1号窗口" in out["status"]
    assert "已过号" in out["after_no_show"] and "理财顾问" in out["after_transfer"]
    assert out["paused_state"] == "暂停 / paused" and out["call_disabled"]
    assert out["after_escape"] == "signin"
    manager = HostClient(host.url, host.tokens["manager"])
    q = manager.queues()
    assert [t["number"] for t in q["missed"]] == ["B001"]
    wealth = next(s for s in q["services"] if s["code"] == "wealth")
    assert wealth["tickets"][0]["number"] == "B002" and wealth["tickets"][0]["note"] == "想了解大额存单"
    assert next(c for c in q["counters"] if c["id"] == "1")["state"] == "paused"


def test_the_manager_overrides_with_a_reason_reads_the_audit_clears_an_alert_and_exports_leads(host, kiosk, tmp_path):
    for _ in range(2):
        kiosk.visit("cash", amount_cny=30000)
    kiosk.visit("cash", amount_cny=30000, elderly=True)
    kiosk.visit("forex")  # a high-value visit: an alert
    # A lobby at work around them: other queues, a VIP, a missed number, a paused room, an ATM out of cash.
    boss = HostClient(host.url, host.tokens["manager"])
    for purpose, extra in (("card_loss", {}), ("e_banking", {"insist_counter": True, "decline_reason": "cannot_operate",
                                                               "elderly": True}), ("corporate", {}), ("corporate", {}),
                           ("cash", {"amount_cny": 60000, "customer_ref": "6222000000000002"}), ("loan", {}),
                           ("card_loss", {})):
        kiosk.visit(purpose, **extra)
    boss.call_next("2")
    missed = boss.call_next("3")["ticket"]
    boss.act(missed["id"], "no-show")
    boss.call_next("3")
    boss.pause("5", "客户经理外出 / adviser out")
    boss.suspend_target("cash_recycler", "缺钞 / out of cash")
    out = run_scenario(__file__, "scenario_manager", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    assert out["front"] == "A003" and "已移到第 1 位" in out["status"]
    manager = "王敏（工号 0901） Wang Min (staff no. 0901)"  # the branch file's names
    assert any(manager in line and "移位 move" in line and "A003" in line and "老年客户照顾" in line
               for line in out["audit"])
    assert any("手工取号 issue" in line for line in out["audit"])
    assert any("高价值客户到达" in t for t in out["alert_titles"])
    assert out["alerts_left"] == len(out["alert_titles"]) - 1
    if shutil.which("sox"):
        assert out["bell"] >= 1 and (tmp_path / "played.wav").exists()
    assert out["issued"] == "已为客户取号 A005 并打印 / Issued and printed A005"
    assert len(list((tmp_path / "reprints").glob("*.png"))) == 1
    assert any("A004" in line and "王先生" in line and "大额存单" in line for line in out["leads"])
    csv_text = (tmp_path / "exports" / "leads.csv").read_text(encoding="utf-8-sig")
    assert "王先生" in csv_text and "13800001234" in csv_text
    entries = boss.get("/api/audit")["entries"]
    assert entries[0]["action"] == "export" and entries[0]["target"] == "leads.csv"  # the export is audited
    assert [(e["action"], e["reason"]) for e in entries if e["action"] != "export"][:2] == [
        ("issue", "客户不会用取号机 / customer cannot use the kiosk"), ("move", "老年客户照顾 / elderly customer")]


def test_wrong_pins_make_the_pad_say_how_long_to_wait_even_for_the_right_pin(host, tmp_path):
    out = run_scenario(__file__, "scenario_lockout", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    assert out["screen"] == "signin" and "秒后再试" in out["status"] and "wait" in out["status"]


def test_an_event_during_a_refresh_is_not_dropped_the_screen_reads_again(host, tmp_path):
    out = run_scenario(__file__, "scenario_refresh_during_refresh", tmp_path=tmp_path,
                       kwargs={"url": host.url, "kiosk_token": host.tokens["kiosk"], "tmp": str(tmp_path)})
    assert out["waiting"] == 1


def test_a_late_sign_in_answer_after_sign_out_does_not_open_the_session_again(host, tmp_path):
    out = run_scenario(__file__, "scenario_sign_out_before_the_session_is_ready", tmp_path=tmp_path,
                       kwargs={"url": host.url, "tmp": str(tmp_path)})
    assert out == {"screen": "signin", "session": False, "counter": False, "feed": False}


def test_names_are_read_again_when_the_config_failed_at_sign_in(host, kiosk, tmp_path):
    kiosk.visit("card_loss")
    out = run_scenario(__file__, "scenario_config_failed_at_sign_in", tmp_path=tmp_path,
                       kwargs={"url": host.url, "tmp": str(tmp_path)})
    assert out["config_calls"] == 2 and out["counter_names"]
    assert "个人非现金业务" in out["details"] and "填单模版 5 号" in out["details"]


def test_the_suspend_dialog_names_the_machine_offers_out_of_cash_and_stays_open_without_a_reason(host, tmp_path):
    out = run_scenario(__file__, "scenario_suspend_machine", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    assert out["title"] == ["暂停自助设备：存取款一体机", "Suspend machine: Cash recycler"]
    assert "现金不足 / out of cash" in out["quick"]
    empty = out["after_empty_ok"]
    assert empty["open"] and empty["hint_shown"] and "请填写原因" in empty["hint"]
    assert "暂停" not in empty["status"] and empty["busy"] == 0  # nothing was sent to the host
    assert out["hint_after_pick"] == ""
    assert "存取款一体机已暂停使用" in out["status"]
    assert out["selection"] == "存取款一体机 Cash recycler" and "请先点选" not in out["label"]
    assert out["whole"] == [True, True]  # suspend and back-in-use show whole at 1280x800, no scrolling
    assert "已补钞 / cash refilled" in out["resume_quick"] and "已修复 / repaired" in out["resume_quick"]
    assert not any("老年客户" in q or "重复取号" in q for q in out["resume_quick"])
    target = next(t for t in HostClient(host.url, host.tokens["manager"]).queues()["targets"]
                  if t["code"] == "cash_recycler")
    assert target["suspended"] and target["suspend_reason"] == "现金不足 / out of cash"


def test_the_pin_pad_is_empty_after_sign_out(host, tmp_path):
    out = run_scenario(__file__, "scenario_sign_out_clears_the_pin", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    assert (out["dots"], out["shown"], out["digits"], out["chosen"]) == ("", "_ _ _ _", "", "")
    assert out["next"] == "manager"


def scenario_unlock(driver, url: str, shots: str, tmp: str):
    """The manager opens the audit pane, sees the locked teller at the top and unlocks them with a reason."""
    app = driver.start(_app(url, tmp))
    _pin(driver, "2468")
    driver.wait_until(lambda: app.root.current == "manager" and app.busy == 0, what="manager mode")
    _key(driver, "f3")
    pane = app.root.current_screen.ids.panes.get_screen("audit")
    driver.wait_until(lambda: pane.locks, what="locked staff read")
    driver.frames(3)
    driver.screenshot(f"{shots}/panel-manager-locked-staff.png")
    listed = [w.text for w in driver.find_all(cls="Line")]
    driver.tap(_big(driver, "解锁"))
    driver.tap(driver.wait_until(lambda: driver.find_all(text="员工忘记密码 / staff member forgot the PIN"),
                                 what="the reason dialog")[0])
    driver.tap(_big(driver, "确定"))
    driver.wait_until(lambda: not pane.locks and pane.entries and app.busy == 0, what="unlocked")
    _popup_gone(driver)
    driver.frames(3)
    return {"listed": listed, "status": app.status, "audit": [w.text for w in driver.find_all(cls="Line")]}


def test_the_manager_unlocks_a_locked_teller_from_the_audit_pane_with_a_reason(host, tmp_path):
    import httpx

    from queue_host.auth import FREE_TRIES, LOCK_AFTER
    for i in range(LOCK_AFTER):  # a guesser on many machines of the LAN
        with httpx.Client(transport=httpx.HTTPTransport(local_address=f"127.0.{20 + i // FREE_TRIES}.1")) as c:
            c.post(host.url + "/api/signin", json={"staff": "counter-2", "pin": "0000"})
    assert HostClient(host.url).post("/api/signin", {"staff": "counter-1", "pin": "1111"})  # others still sign in
    out = run_scenario(__file__, "scenario_unlock", tmp_path=tmp_path,
                       kwargs={"url": host.url, "shots": shots_dir(tmp_path), "tmp": str(tmp_path)})
    # Who is locked reads as the branch file's name (张伟, 工号 1022), never the login id counter-2.
    assert any("张伟" in line and "锁定" in line and "30" in line for line in out["listed"])
    assert any("解锁 unlock" in line and "张伟" in line and "员工忘记密码" in line for line in out["audit"])
    assert not any("counter-2" in line for line in out["listed"] + out["audit"])
    assert HostClient(host.url).signin("counter-2", "2222")["counter"] == "2"
