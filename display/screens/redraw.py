"""Redraw only the notice strip when nothing else on the board changed.

Kivy redraws the whole window whenever anything moves. On a GPU that costs nothing; under Mesa's software
renderer (llvmpipe, what a small signage PC without a GPU driver runs) every 1920x1080 frame costs tens
of milliseconds of CPU, and a notice line moving at 30 frames a second kept a core busy. When the only
change since the last frame is inside the notice strip, the frame is drawn with a GL scissor around the
strip: the same drawing, but only the strip's pixels are touched. The rest of the picture stays from the
last full frame: the software renderer's back buffer (and an offscreen pbuffer) keeps its contents across
swaps, and every swap still presents the whole buffer. A GPU driver may flip buffers instead, so strip
frames are used only under Mesa's software renderers; FENLIU_FULL_REDRAW=1 turns them off.
"""
from __future__ import annotations

import math
import os
from typing import Any

SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast")


def software_renderer(renderer: str) -> bool:
    """Is this GL_RENDERER one of Mesa's software rasterizers (whose back buffer keeps its contents)?"""
    return any(name in renderer.lower() for name in SOFTWARE_RENDERERS)


def strip_box(x: float, y: float, width: float, height: float, window_size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A widget's window box as a scissor box (x, y, w, h) in whole pixels, rounded outwards, inside the window."""
    x0, y0 = max(0, math.floor(x) - 1), max(0, math.floor(y) - 1)
    x1, y1 = min(window_size[0], math.ceil(x + width) + 1), min(window_size[1], math.ceil(y + height) + 1)
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def _changed(canvas: Any) -> bool:
    return bool(canvas.needs_redraw or (canvas.has_before and canvas.before.needs_redraw)
                or (canvas.has_after and canvas.after.needs_redraw))


def changed_outside(window: Any, strip: Any) -> bool:
    """Has anything drawn outside `strip` changed since the last frame?

    A change anywhere flags its canvas and every canvas above it, so the strip's own changes flag its
    ancestors too. What is not the strip's is then: a sibling of the strip or of one of its ancestors
    (the other parts of the board, a popup on the window), or an ancestor's canvas.before/after (the
    board's background). The ancestors draw nothing else of their own (layouts).
    """
    child = strip
    while child is not window:
        parent = child.parent
        if parent is None:
            return True  # the strip is not on the window (being rebuilt): draw everything
        for sibling in parent.children:
            if sibling is not child and _changed(sibling.canvas):
                return True
        if parent is not window:
            canvas = parent.canvas
            if (canvas.has_before and canvas.before.needs_redraw) or (canvas.has_after and canvas.after.needs_redraw):
                return True
        child = parent
    return False


class StripRedraw:
    """Hooks the window's drawing: a frame whose only change is in the strip redraws just the strip."""

    def __init__(self, window: Any, strip: Any):
        self.window = window
        self.strip = strip.__self__  # the widget itself, not the weak proxy that `ids` hands out
        self.full_frames = 0
        self.strip_frames = 0
        self._size = None
        from kivy.graphics import opengl as gl
        renderer = gl.glGetString(gl.GL_RENDERER)
        renderer = renderer.decode() if isinstance(renderer, bytes) else str(renderer)
        self.enabled = software_renderer(renderer) and os.environ.get("FENLIU_FULL_REDRAW", "") in ("", "0")
        window.bind(on_draw=self._on_draw)

    def _on_draw(self, window: Any) -> bool:
        # Returning True stops the window's own on_draw (clear, then draw everything).
        size = tuple(window.size)
        if not self.enabled or size != self._size or changed_outside(window, self.strip):
            self._size = size
            self.full_frames += 1
            return False
        from kivy.graphics import opengl as gl
        x, y = self.strip.to_window(self.strip.x, self.strip.y)
        gl.glEnable(gl.GL_SCISSOR_TEST)
        gl.glScissor(*strip_box(x, y, self.strip.width, self.strip.height, size))
        try:
            window.clear()
            window.render_context.draw()
        finally:
            gl.glDisable(gl.GL_SCISSOR_TEST)
        self.strip_frames += 1
        return True
