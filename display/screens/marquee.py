"""The notice line: its text rendered once to a texture, slid right to left by one Translate."""
from __future__ import annotations

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, PopMatrix, PushMatrix, Rectangle, Translate
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.stencilview import StencilView

FPS = 30  # smooth to the eye; under software GL each frame redraws only this strip (see redraw.py)


class _Paint:
    """One set of the line's instructions: its background, then the text texture behind a Translate."""

    def __init__(self, canvas, window_coords: bool):
        self.window_coords = window_coords  # a copy drawn on its own (redraw.py) sits in window coordinates
        with canvas:
            self.bg = Color(1, 1, 1, 1)
            self.box = Rectangle(size=(0, 0))
            self.fg = Color(1, 1, 1, 1)
            PushMatrix()
            self.shift = Translate(0, 0)
            self.line = Rectangle(size=(0, 0))
            PopMatrix()


class Marquee(StencilView):
    """A notice line that scrolls from right to left, again and again; still and costless when empty."""

    text = StringProperty("")
    font_size = NumericProperty(20)
    color = ListProperty([1, 1, 1, 1])
    background = ListProperty([0, 0, 0, 1])  # opaque: the line covers its whole box
    speed = NumericProperty(0.08)  # screen widths per second: slow enough to read from a chair
    offset = NumericProperty(0)  # where the text's left end is, from the line's left edge
    text_width = NumericProperty(0)

    def __init__(self, **kwargs):
        self._ev = None
        self._paints: list[_Paint] = []
        self.drawer = None  # a StripRedraw: draws the moving line on its own (software GL)
        super().__init__(**kwargs)
        self._paints.append(_Paint(self.canvas, window_coords=False))
        self.bind(text=self._render, font_size=self._render, color=self._render, background=self._render,
                  pos=self._place, size=self._place)
        self._render()

    @property
    def moving(self) -> bool:
        """Is the line scrolling (it stands still while there is no notice)?"""
        return self._ev is not None

    def paint_copy(self, canvas) -> None:
        """Draw the line into another canvas too, in window coordinates, kept in step with this one."""
        self._paints.append(_Paint(canvas, window_coords=True))
        self._render()

    def _render(self, *_):
        texture = None
        if self.text:
            core = CoreLabel(text=self.text, font_size=max(1, self.font_size))
            core.refresh()
            texture = core.texture
        self.text_width = texture.size[0] if texture else 0
        for p in self._paints:
            p.bg.rgba, p.fg.rgba = self.background, self.color
            p.line.texture, p.line.size = texture, (texture.size if texture else (0, 0))
        self.offset = 0
        self._place()
        self._run()

    def _place(self, *_):
        # The texture sits at the line's left edge; the Translate alone moves it from there.
        for p in self._paints:
            x, y = self.to_window(self.x, self.y) if p.window_coords else (self.x, self.y)
            p.box.pos, p.box.size = (x, y), self.size
            p.line.pos = (x, y + (self.height - p.line.size[1]) / 2)
            p.shift.x = round(self.offset)

    def _run(self) -> None:
        wanted = bool(self.text) and self.width > 1
        if wanted and self._ev is None:
            # Kivy's clock fires intervals on frame ticks (maxfps 30 for the display): 30-37 steps a second.
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
        x = round(self.offset)
        for p in self._paints[1:]:
            p.shift.x = x
        if self.drawer is None or not self.drawer.draw_strip():
            self._paints[0].shift.x = x  # the board's own copy: Kivy redraws the window

    def sync(self) -> None:
        """Bring the board's own copy of the line to where it has moved (before Kivy draws the window)."""
        x = round(self.offset)
        if self._paints[0].shift.x != x:
            self._paints[0].shift.x = x
