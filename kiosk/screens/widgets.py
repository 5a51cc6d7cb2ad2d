"""Shared kiosk widgets: a two-line tile, a grid of tiles, a two-line label, a QR image."""
from __future__ import annotations

import io
from pathlib import Path

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.metrics import dp, mm, pt
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.factory import Factory
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.label import Label

from kiosk.qr import qr_png

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

GROW_DP = 240  # a purpose tile's height when the screen has room for it (easier to hit, calmer to read)


class Tile(Button):
    """A large button with the main language on top and the other beneath, smaller."""

    code = StringProperty("")
    main = StringProperty("")
    sub = StringProperty("")
    main_pt = NumericProperty(18)
    sub_pt = NumericProperty(12)


class TileGrid(GridLayout):
    """Lays out `tiles` (kiosk.view.Tile) as Tile buttons; dispatches on_choose(code) on a tap."""

    tiles = ListProperty([])
    theme = ObjectProperty(None, allownone=True)
    busy = BooleanProperty(False)
    fixed_cols = NumericProperty(0)  # a screen with few tiles (amount, reasons) sets its own columns
    tile_dp = NumericProperty(0)  # ... and may make them taller than the mode's minimum
    fit_height = NumericProperty(0)  # the height the grid must fit in (0: grow as needed)
    grow_dp = NumericProperty(GROW_DP)  # with room to spare, tiles grow up to this height (a keypad: less)
    tile_pt = NumericProperty(0)  # the main line's type size, if not the mode's tile size (a keypad's digits)
    gap_dp = NumericProperty(0)  # the gap between tiles, if not the mode's (a keypad: the theme's key gap)
    min_dp = NumericProperty(0)  # the least height of a tile, if not the mode's (a keypad: a key's)
    __events__ = ("on_choose",)

    def on_tiles(self, *_args) -> None:
        """Rebuild the buttons when the tiles change (page turn, language, mode)."""
        if tuple(self.tiles) == getattr(self, "_shown", None):
            return  # every view update re-assigns the same tiles; rebuilding would flicker
        self._shown = tuple(self.tiles)
        # Reuse the buttons there are: a new button per tile per visit leaves its textures to the
        # cyclic collector, and the kiosk's memory grew by megabytes per visit (bench/kiosk_latency.py).
        buttons = list(reversed(self.children))
        for button in buttons[len(self.tiles):]:
            self.remove_widget(button)
        for i, tile in enumerate(self.tiles):
            if i < len(buttons):
                buttons[i].code, buttons[i].main, buttons[i].sub = tile.code, tile.main, tile.sub
                continue
            button = Tile(code=tile.code, main=tile.main, sub=tile.sub)
            button.bind(on_release=lambda b: self.dispatch("on_choose", b.code), texture_size=self._fit)
            self.add_widget(button)
        self.on_theme()
        self.on_busy()

    def on_theme(self, *_args) -> None:
        """Apply the mode's sizes: tile height, gaps, columns and type."""
        theme = self.theme
        if theme is None:
            return
        self.cols = int(self.fixed_cols) or theme.columns
        self.spacing = dp(self.gap_dp) if self.gap_dp else mm(theme.gap_mm)
        for button in self.children:
            # A keypad's digits are large; its two-line keys (the Chinese face over the English) as small as fits a key.
            main = (theme.face_pt if button.sub or len(button.main) > 1 else self.tile_pt) if self.tile_pt \
                else theme.tile_pt
            button.main_pt, button.sub_pt = main, (theme.face_sub_pt if self.tile_pt else theme.small_pt)
            button.min_height = dp(max(self.min_dp or theme.tile_min_dp, self.tile_dp))
        self._fit()

    def _fit(self, *_args) -> None:
        # Every tile as tall as the tallest: a grid of ragged tiles reads as a mess.
        needed = [max(b.min_height, b.texture_size[1] + dp(24)) for b in self.children]
        height = max(needed, default=dp(56))
        if self.fit_height and self.children:
            rows = -(-len(self.children) // max(1, self.cols or 1))
            room = (self.fit_height - self.spacing[1] * (rows - 1)) / rows
            # Long English names must not push the last row off screen; never below the mode's minimum. With
            # room to spare (an upright kiosk), tiles grow to a bigger target, up to GROW_DP.
            height = max(min(max(height, dp(self.grow_dp)), room), max(b.min_height for b in self.children))
        self.row_default_height = height

    def on_fit_height(self, *_args) -> None:
        """The room changed (window size, mode)."""
        self._fit()

    def on_min_dp(self, *_args) -> None:
        """Least height set by the screen."""
        self.on_theme()

    def on_gap_dp(self, *_args) -> None:
        """Gap set by the screen."""
        self.on_theme()

    def on_tile_pt(self, *_args) -> None:
        """Type size set by the screen."""
        self.on_theme()

    def on_grow_dp(self, *_args) -> None:
        """The screen set how far tiles may grow."""
        self._fit()

    def on_fixed_cols(self, *_args) -> None:
        """Columns set by the screen."""
        self.on_theme()

    def on_tile_dp(self, *_args) -> None:
        """Tile height set by the screen."""
        self.on_theme()

    def on_busy(self, *_args) -> None:
        """While a request is in flight no tile takes a second tap."""
        for button in self.children:
            button.disabled = self.busy

    def on_choose(self, code: str) -> None:
        """Default handler (the screen binds its own)."""


class PairList(BoxLayout):
    """A column of two-line labels, one per (main, second) pair in `pairs`."""

    pairs = ListProperty([])
    main_pt = NumericProperty(18)
    sub_pt = NumericProperty(12)
    align = StringProperty("left")

    def on_pairs(self, *_args) -> None:
        """Rebuild the labels when the lines change."""
        if tuple(self.pairs) == getattr(self, "_shown", None):
            return
        self._shown = tuple(self.pairs)
        labels = list(reversed(self.children))  # reused, as TileGrid reuses its buttons
        for label in labels[len(self.pairs):]:
            self.remove_widget(label)
        for i, (main, sub) in enumerate(self.pairs):
            if i < len(labels):
                labels[i].main, labels[i].sub = main, sub
                continue
            self.add_widget(Factory.BiLabel(main=main, sub=sub, halign=self.align,
                                            main_pt=self.main_pt, sub_pt=self.sub_pt))

    def on_main_pt(self, *_args) -> None:
        """New type size (mode switch) for every line; no per-label bindings that would keep old labels alive."""
        for label in self.children:
            label.main_pt, label.sub_pt = self.main_pt, self.sub_pt

    on_sub_pt = on_main_pt

    def on_align(self, *_args) -> None:
        """New alignment (the screen turned upright or back) for every line."""
        for label in self.children:
            label.halign = self.align


class ReservedLabel(Label):
    """A label as tall as the tallest text it may ever show (`texts`): a message appearing or changing
    never moves the keys below it."""

    texts = ListProperty([])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._trigger_reserve = Clock.create_trigger(lambda _dt: self._reserve(), -1)
        self.fbind("texts", self._trigger_reserve)
        self.fbind("width", self._trigger_reserve)
        self.fbind("font_size", self._trigger_reserve)
        self.fbind("text", self._trigger_reserve)

    def _reserve(self) -> None:
        from kivy.core.text.markup import MarkupLabel
        tallest = 0
        options = {k: v for k, v in self._label.options.items() if k != "text"}
        options["text_size"] = (self.width, None)
        for text in list(self.texts) + [self.text]:
            if text.strip():
                core = MarkupLabel(text=text, **options)
                core.refresh()
                tallest = max(tallest, core.texture.size[1])
        self.height = tallest + dp(6)


def bi_markup(pair, main_pt: float, sub_pt: float, muted: str) -> str:
    """Two lines as a BiLabel writes them: the main line, the second smaller and muted beneath."""
    main, sub = pair
    return f"{main}\n[size={int(pt(sub_pt))}][color={muted}]{sub}[/color][/size]" if sub else main


class QRImage(Image):
    """Shows `data` as a QR code, crisp at any size."""

    data = StringProperty("")

    def on_data(self, *_args) -> None:
        """Draw the new code (an empty string shows nothing)."""
        if not self.data:
            self.texture = None
            return
        texture = CoreImage(io.BytesIO(qr_png(self.data, box_size=6)), ext="png", nocache=True).texture
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        self.texture = texture


def rgba(rgb, alpha: float = 1.0) -> list[float]:
    """A theme colour as Kivy's RGBA list."""
    return [*rgb, alpha]


__all__ = ["PairList", "QRImage", "ReservedLabel", "Tile", "TileGrid", "bi_markup", "pt", "rgba"]
