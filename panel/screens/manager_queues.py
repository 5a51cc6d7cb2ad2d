"""The live lobby: each service's queue, the missed and parked lists, counters, self-service machines."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules
from fenliu.words import N_, Np_, en, plural, zh, zh_en
from panel.manager_flow import MIN_REASON, QUICK_REASONS, RESUME_REASONS, SUSPEND_REASONS
from panel.screens.ask_popup import AskPopup
from panel.screens.widgets import ChoiceButton


TICKET_ACTIONS = {"front", "move", "transfer", "cancel", "reinstate", "call", "reprint"}
TARGET_ACTIONS = {"suspend", "resume_target"}
QUICK = {"suspend": SUSPEND_REASONS, "resume_target": RESUME_REASONS}  # one-touch reasons that fit the action
SUMMARY = Np_("{n} person waiting · max {m} min", "{n} people waiting · max {m} min")
MACHINE = {True: N_("{name} · suspended"), False: N_("{name} · in use")}
COUNTER = {True: N_("{name} paused"), False: N_("{name} open")}


class QueueColumn(BoxLayout):
    """One service's header and its tickets."""

    title = StringProperty("")
    summary = StringProperty("")
    over = BooleanProperty(False)


class QueuesPane(Screen):
    """Select a ticket, a counter or a machine, then press an override; each asks a reason."""

    picked = StringProperty("")
    selection = StringProperty("")  # what was picked last, by its name: a number, a counter or a machine
    picked_state = StringProperty("")
    counter_text = StringProperty("")
    target_text = StringProperty("")

    def load(self) -> None:
        """Nothing extra to load: the queues come with every refresh."""

    def show(self) -> None:
        """Rebuild the columns and strips from the manager flow's view."""
        app = App.get_running_app()
        if app.manager is None:
            return
        self.picked_id = getattr(self, "picked_id", None)
        view = app.manager.view
        cols = self.ids.columns
        cols.clear_widgets()
        for s in view.services:
            summary = "\n".join(plural(lang, *SUMMARY, s.waiting, n=s.waiting, m=s.longest_wait_minutes)
                                for lang in ("zh", "en"))
            col = QueueColumn(title=f"{s.name_zh}\n{s.name_en}", over=s.over_level, summary=summary)
            for row in s.rows:
                col.ids.rows.add_widget(self._ticket_button(row))
            cols.add_widget(col)
        counts = {"missed": len(view.missed), "parked": len(view.parked)}
        side = QueueColumn(title="\n".join(zh_en("Missed / parked")),
                           summary="\n".join(zh_en("{missed} missed · {parked} parked", **counts)))
        for row in view.missed + view.parked:
            side.ids.rows.add_widget(self._ticket_button(row))
        cols.add_widget(side)
        self._strip(self.ids.counters, [(str(c["id"]), self._counter_label(c), c.get("state") == "paused")
                                        for c in view.counters], "counter")
        self._strip(self.ids.targets, [(t["code"], self._machine_label(t), t.get("suspended"))
                                       for t in view.targets], "target")

    def _ticket_button(self, row) -> ChoiceButton:
        b = ChoiceButton(text=row.label, markup=True, value=str(row.id), group="ticket", warn=row.over_level,
                         font_size=dp(17),
                         state="down" if str(row.id) == str(self.picked_id) else "normal")
        b.bind(on_release=lambda btn, row=row: self.pick(row))
        return b

    @staticmethod
    def _counter_label(c: dict) -> str:
        cur = (c.get("current") or {}).get("number", "—")
        msgid = COUNTER[c.get("state") == "paused"]
        return f"{zh(msgid, name=c.get('name_zh', ''))} · {cur}\n{en(msgid, name=c.get('name_en', ''))}"

    @staticmethod
    def _machine_label(t: dict) -> str:
        msgid = MACHINE[bool(t.get("suspended"))]
        return f"{zh(msgid, name=t.get('name_zh', ''))}\n{en(msgid, name=t.get('name_en', ''))}"

    def _strip(self, box, items, kind: str) -> None:
        box.clear_widgets()
        chosen = getattr(self, f"picked_{kind}", "")
        for value, text, warn in items:
            b = ChoiceButton(text=text, value=value, group=kind, warn=bool(warn), font_size=dp(16),
                             state="down" if value == chosen else "normal")
            b.bind(on_release=lambda btn, kind=kind: self.pick_other(kind, btn.value))
            box.add_widget(b)

    def pick(self, row) -> None:
        """Select a ticket; its actions come into view."""
        self.picked_id, self.picked, self.picked_state = row.id, row.number, row.state
        self.selection = row.number
        self._bring("")  # the ticket actions lead the list: back to its top

    def pick_other(self, kind: str, value: str) -> None:
        """Select a counter or a self-service machine; its actions come into view, named in the selection line."""
        setattr(self, f"picked_{kind}", value)
        setattr(self, f"{kind}_text", value)
        names = App.get_running_app().names
        self.selection = " ".join(names.target(value) if kind == "target" else names.counter(value))
        self._bring("resume_machine" if kind == "target" else "open_counter")

    def _bring(self, button_id: str) -> None:
        """Scroll the actions so the picked thing's buttons show whole, without the manager scrolling ("": the top)."""
        def scroll(dt) -> None:
            view = self.ids.actions
            if not (view.children and view.children[0].height > view.height):
                return
            if button_id:
                view.scroll_to(self.ids[button_id], padding=dp(8), animate=False)
            else:
                view.scroll_y = 1
        Clock.schedule_once(scroll, 0)

    def ask(self, action: str, title: str, choices=(), ask_number=False) -> None:
        """Open the reason popup for one override (its title a msgid), then run it through the manager flow."""
        app = App.get_running_app()
        # Say which machine: the strip's pick is easy to miss.
        machine = app.names.target(self.target_text) if action in TARGET_ACTIONS else ("", "")
        title_zh = zh(title, counter=self.counter_text, machine=machine[0])
        title_en = en(title, counter=self.counter_text, machine=machine[1])
        if action in TICKET_ACTIONS:
            title_zh, title_en = f"{title_zh} {self.picked}", f"{title_en} {self.picked}"
        # What the popup is about is fixed now: a pick made later must not change what gets done.
        picked = (getattr(self, "picked_id", None), self.counter_text, self.target_text)
        AskPopup(lambda choice, number, reason: app.act(lambda: self.run(action, choice, number, reason, *picked)),
                 list(choices), title_zh=title_zh, title_en=title_en, ask_number=ask_number,
                 quick=QUICK.get(action, QUICK_REASONS), min_reason=MIN_REASON).open()

    def run(self, action: str, choice: str, number: int, reason: str, tid, counter: str, target: str):
        """The flow call behind each override button (runs on the host thread: it reads no widget)."""
        app = App.get_running_app()
        m = app.manager
        return {
            "front": lambda: m.to_front(tid, reason), "move": lambda: m.move(tid, number, reason),
            "transfer": lambda: m.transfer(tid, choice, reason), "cancel": lambda: m.cancel(tid, reason),
            "reinstate": lambda: m.reinstate(tid, reason), "call": lambda: m.call_to(choice, tid, reason),
            "issue": lambda: m.issue(choice, reason, reprinter=app.reprinter), "reprint": lambda: m.reprint(tid, reason, app.reprinter),
            "pause": lambda: m.pause_counter(counter, reason),
            "open": lambda: m.open_counter(counter, reason),
            "suspend": lambda: m.suspend_target(target, reason),
            "resume_target": lambda: m.resume_target(target, reason),
        }[action]()

    def services(self):
        """Services as popup choices."""
        names = App.get_running_app().names
        return [(code, *names.service(code)) for code in names.services]

    def counters(self):
        """Counters as popup choices."""
        names = App.get_running_app().names
        return [(cid, *names.counter(cid)) for cid in names.counters]


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
