"""The notice line: its text rendered once to a texture, slid right to left by one Translate."""
from __future__ import annotations

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, PopMatrix, PushMatrix, Rectangle, Translate
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.stencilview import StencilView

FPS = 30  # smooth to the eye; every frame redraws only this strip (see redraw.py)


class Marquee(StencilView):
    """A notice line that scrolls from right to left, again and again; still and silent when empty."""

    text = StringProperty("")
    font_size = NumericProperty(20)
    color = ListProperty([1, 1, 1, 1])
    speed = NumericProperty(0.08)  # screen widths per second: slow enough to read from a chair
    offset = NumericProperty(0)  # where the text's left end is, from the line's left edge
    text_width = NumericProperty(0)

    def __init__(self, **kwargs):
        self._ev = None
        super().__init__(**kwargs)
        with self.canvas:
            self._color = Color(*self.color)
            PushMatrix()
            self._shift = Translate(0, 0)
            self._line = Rectangle(size=(0, 0))
            PopMatrix()
        self.bind(text=self._render, font_size=self._render, color=self._render, pos=self._place, size=self._place)
        self._render()

    @property
    def moving(self) -> bool:
        """Is the line scrolling (it stands still, and costs nothing, while there is no notice)?"""
        return self._ev is not None

    def _render(self, *_):
        if not self.text:
            self._line.texture, self._line.size, self.text_width = None, (0, 0), 0
        else:
            core = CoreLabel(text=self.text, font_size=max(1, self.font_size))
            core.refresh()
            self._line.texture, self._line.size = core.texture, core.texture.size
            self.text_width = core.texture.size[0]
        self._color.rgba = self.color
        self.offset = 0
        self._place()
        self._run()

    def _place(self, *_):
        # The texture sits at the left edge; the Translate alone moves it from there.
        self._line.pos = (self.x, self.y + (self.height - self._line.size[1]) / 2)
        self._shift.x = round(self.offset)

    def _run(self) -> None:
        wanted = bool(self.text) and self.width > 1
        if wanted and self._ev is None:
            self._ev = Clock.schedule_interval(self._step, 1 / FPS)
        elif not wanted and self._ev is not None:
            self._ev.cancel()
            self._ev = None

    def on_width(self, *_):
        """Start or stop scrolling once the line has a width."""
        self._run()

    def _step(self, dt: float) -> None:
        self.offset -= self.width * self.speed * dt
        if self.offset < -self.text_width:
            self.offset = self.width  # gone off the left edge: come in again from the right
        self._shift.x = round(self.offset)
