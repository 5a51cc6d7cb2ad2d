"""Today's figures: a headline and four bar charts drawn by Kivy (no chart library in the panel)."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import panel.screens.widgets  # noqa: F401 - registers the shared widget rules


class BarRow(BoxLayout):
    """One bar: its label, the bar itself (value 0..1 of the chart's width) and its figure."""

    label = StringProperty("")
    value = NumericProperty(0)
    text = StringProperty("")


class BarChart(BoxLayout):
    """A titled horizontal bar chart."""

    title = StringProperty("")
    bars = ListProperty([])

    def on_bars(self, *_) -> None:
        """Rebuild the rows when the bars change."""
        self.ids.rows.clear_widgets()
        for bar in self.bars:
            self.ids.rows.add_widget(BarRow(label=bar.label, value=bar.value, text=bar.text))


class FiguresPane(Screen):
    """Reads today's report when opened, on Refresh, and when events arrive (at most every 30 s)."""

    headline = StringProperty("")

    def load(self) -> None:
        """Ask the host for today's figures."""
        app = App.get_running_app()
        app.work(app.figures.refresh, self._take, busy=False)

    def _take(self, out) -> None:
        App.get_running_app().status = out.message
        self.show()

    def show(self) -> None:
        """Redraw from the flow; read again if the figures are stale."""
        flow = App.get_running_app().figures
        if flow is None:
            return
        self.headline = flow.headline()
        for chart, box in zip(flow.charts(), (self.ids.c1, self.ids.c2, self.ids.c3, self.ids.c4)):
            box.title, box.bars = chart.title, list(chart.bars)
        if flow.stale() and flow.report is not None:
            self.load()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
