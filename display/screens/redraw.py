"""Redraw only the notice strip while nothing else on the board changes.

Kivy redraws the whole window whenever anything moves. On a GPU that costs nothing; under Mesa's software
renderer (llvmpipe: a small signage PC without a GPU driver) every 1920x1080 frame costs tens of
milliseconds of CPU, and a notice line moving at 30 frames a second kept a core busy. So the moving line
keeps a second copy of its few instructions (background, Translate, text texture) in a RenderContext of
its own, and each step draws only that, clipped to the strip by a GL scissor, then presents the frame.
The board's own copy is brought up to date just before Kivy's next full frame (anything else changing).
The rest of the picture stays from the last full frame: the software renderer's back buffer (and an
offscreen pbuffer) keeps its contents across swaps, and every swap still presents the whole buffer. A GPU
driver may flip buffers instead, so this is used only under Mesa's software renderers;
FENLIU_FULL_REDRAW=1 turns it off.
"""
from __future__ import annotations

import ctypes
import math
import os
from typing import Any

SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast")


def software_renderer(renderer: str) -> bool:
    """Is this GL_RENDERER one of Mesa's software rasterizers (whose back buffer keeps its contents)?"""
    return any(name in renderer.lower() for name in SOFTWARE_RENDERERS)


def strip_box(x: float, y: float, width: float, height: float, window_size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A widget's window box as a scissor box (x, y, w, h): the whole pixels a rectangle there covers, in the window.

    GL fills a pixel when its centre is inside the rectangle, so the box holds exactly the pixels that the
    strip's opaque background paints: nothing of the board around it is touched.
    """
    x0, y0 = max(0, math.ceil(x - 0.5)), max(0, math.ceil(y - 0.5))
    x1 = min(window_size[0], math.ceil(x + width - 0.5))
    y1 = min(window_size[1], math.ceil(y + height - 0.5))
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def _box(widget: Any) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def covered(window: Any, strip: Any) -> bool:
    """Is anything drawn after `strip` (so over it) where the strip is: a later sibling of it or of an ancestor?"""
    sx0, sy0, sx1, sy1 = _box(strip)
    child = strip
    while child is not window:
        parent = child.parent
        if parent is None:
            return True  # not on the window (being rebuilt): let Kivy draw
        for widget in parent.children[:parent.children.index(child)]:  # children[0] is drawn last
            x0, y0, x1, y1 = _box(widget)
            if widget.opacity > 0 and min(sx1, x1) > max(sx0, x0) and min(sy1, y1) > max(sy0, y0):
                return True
        if parent is not window and parent.canvas.has_after:
            return True
        child = parent
    return False


class XStripPresenter:
    """Puts just the strip on an X11 window: read back from GL, sent with XPutImage (a few hundred KB).

    Presenting a frame through Mesa's software GLX path (a swap, or GLX_MESA_copy_sub_buffer) copies the
    whole picture to the X server, about 20 ms a frame at 1080x1920 here: more than drawing the strip.
    Reading the strip back and putting it on the window costs a fraction of that. Offscreen (EGL) or
    under Wayland there is no X window, and the frame is presented by a swap as usual.
    """

    ZPIXMAP = 2

    def __init__(self, window: Any):
        self.ok = False
        try:
            info = window.get_window_info()
            if type(info).__name__ != "WindowInfoX11" or not info.display or not info.window:
                return
            x = ctypes.CDLL("libX11.so.6")
        except (OSError, AttributeError):
            return
        x.XDefaultScreen.argtypes = [ctypes.c_void_p]
        x.XDefaultVisual.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XDefaultVisual.restype = ctypes.c_void_p
        x.XDefaultDepth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XCreateGC.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_void_p]
        x.XCreateGC.restype = ctypes.c_void_p
        x.XCreateImage.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_int,
                                   ctypes.c_char_p, ctypes.c_uint, ctypes.c_uint, ctypes.c_int, ctypes.c_int]
        x.XCreateImage.restype = ctypes.c_void_p
        x.XPutImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int,
                                ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        self.x, self.display, self.xwindow = x, ctypes.c_void_p(info.display), info.window
        screen = x.XDefaultScreen(self.display)
        if x.XDefaultDepth(self.display, screen) != 24:
            return  # the byte order below is 24-bit TrueColor's (BGRX)
        self.visual = x.XDefaultVisual(self.display, screen)
        self.gc = x.XCreateGC(self.display, self.xwindow, 0, None)
        self.ok = bool(self.gc)

    def present(self, box: tuple[int, int, int, int], window_height: int) -> bool:
        """Show this box of the back buffer on the X window; False when a whole swap is needed instead."""
        if not self.ok:
            return False
        from kivy.graphics import opengl as gl
        left, bottom, width, height = box
        if width <= 0 or height <= 0:
            return True
        pixels = bytearray(gl.glReadPixels(left, bottom, width, height, gl.GL_RGBA, gl.GL_UNSIGNED_BYTE))
        pixels[0::4], pixels[2::4] = pixels[2::4], pixels[0::4]  # RGBA to X's BGRX
        row = width * 4
        data = b"".join(pixels[i:i + row] for i in range((height - 1) * row, -1, -row))  # GL is bottom-up
        image = self.x.XCreateImage(self.display, self.visual, 24, self.ZPIXMAP, 0, data, width, height, 32, 0)
        if not image:
            return False
        self.x.XPutImage(self.display, self.xwindow, self.gc, image, 0, 0, left, window_height - bottom - height,
                         width, height)
        self.x.XFree(image)  # the XImage only: its pixels belong to `data`
        self.x.XFlush(self.display)
        return True


class StripRedraw:
    """Draws the moving strip on its own between Kivy's full frames (software GL only)."""

    def __init__(self, window: Any, strip: Any):
        from kivy.graphics import RenderContext
        from kivy.graphics import opengl as gl
        self.window = window
        self.strip = strip.__self__  # the widget itself, not the weak proxy that `ids` hands out
        self.full_frames = 0
        self.strip_frames = 0
        renderer = gl.glGetString(gl.GL_RENDERER)
        renderer = renderer.decode() if isinstance(renderer, bytes) else str(renderer)
        self.enabled = software_renderer(renderer) and os.environ.get("FENLIU_FULL_REDRAW", "") in ("", "0")
        window.bind(on_draw=self._full_frame)
        if self.enabled:
            self.alone = RenderContext(use_parent_projection=False, use_parent_modelview=False)
            self.strip.paint_copy(self.alone)
            self.strip.drawer = self
            self.presenter = XStripPresenter(window)

    def _full_frame(self, window: Any) -> bool:
        self.strip.sync()  # the board's copy of the line to where the strip frames left it
        self.full_frames += 1
        return False  # Kivy goes on to clear and draw the whole window

    def draw_strip(self) -> bool:
        """Draw and present just the strip; False when Kivy must draw the whole window this frame instead."""
        window = self.window
        if window.canvas.needs_redraw or covered(window, self.strip):
            return False
        from kivy.graphics import opengl as gl
        for key in ("projection_mat", "modelview_mat"):
            self.alone[key] = window.render_context[key]
        x, y = self.strip.to_window(self.strip.x, self.strip.y)
        box = strip_box(x, y, self.strip.width, self.strip.height, tuple(window.size))
        gl.glEnable(gl.GL_SCISSOR_TEST)
        gl.glScissor(*box)
        try:
            window.clear()
            self.alone.draw()
        finally:
            gl.glDisable(gl.GL_SCISSOR_TEST)
        if not self.presenter.present(box, window.size[1]):
            window.dispatch("on_flip")
        self.strip_frames += 1
        return True
