"""Layout guard for a real window: labels whose text overflows their box, visible buttons that overlap."""
from __future__ import annotations

import re
from typing import Any, Iterator

SLACK = 2  # pixels of rounding a texture may exceed its box by
# A line's texture is the font's whole line box (ascent to descent, about 1.45 em for Noto Sans SC);
# the glyphs fill about 0.69 of it, so one line of big type may spill that empty margin and stay whole.
INK_SHARE = 0.69


def _visible(widget: Any) -> bool:
    """Drawn at all: every ancestor opaque and the widget has an area."""
    node = widget
    while node is not None:
        if getattr(node, "opacity", 1) <= 0:
            return False
        parent = getattr(node, "parent", None)
        node = parent if parent is not node else None
    return widget.width > 1 and widget.height > 1


def _in_scroll(widget: Any) -> bool:
    """Inside a ScrollView (what does not fit is reached by scrolling, so it may leave the window)."""
    from kivy.uix.scrollview import ScrollView
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            return True
        node = node.parent
    return False


def _room(label: Any) -> float:
    """The texture height a label's box holds: one line may spill its empty line margin, more lines not."""
    lines = getattr(label._label, "_cached_lines", None) or []
    return label.height / INK_SHARE if len(lines) == 1 else label.height


def _in_stencil(widget: Any) -> bool:
    """Inside a StencilView that clips on purpose (a marquee scrolling a long notice through)."""
    from kivy.uix.stencilview import StencilView
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, StencilView):
            return True
        node = node.parent
    return False


def _rect(widget: Any) -> tuple[float, float, float, float]:
    """The widget's box in window pixels, cut to what its scroll views let show."""
    from kivy.uix.scrollview import ScrollView
    x, y = widget.to_window(widget.x, widget.y)
    box = [x, y, x + widget.width, y + widget.height]
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            sx, sy = node.to_window(node.x, node.y)
            box = [max(box[0], sx), max(box[1], sy), min(box[2], sx + node.width), min(box[3], sy + node.height)]
        node = node.parent
    return box[0], box[1], box[2], box[3]


def _walk(root: Any) -> Iterator[Any]:
    stack = [root]
    while stack:
        widget = stack.pop()
        yield widget
        stack.extend(widget.children)


def _name(widget: Any) -> str:
    text = str(getattr(widget, "text", "") or getattr(widget, "zh", "")).replace("\n", " ")
    return f"{type(widget).__name__}({text[:40]!r})"


def _needed(label: Any) -> tuple[float, float]:
    """The size the label's text needs: a text_size box crops the texture, so measure without its height."""
    width, height = label.text_size
    if not (width and height) or label.shorten:
        return label.texture_size
    from kivy.core.text import Label as CoreLabel
    from kivy.core.text.markup import MarkupLabel
    options = dict(label._label.options)
    options["text_size"] = (width, None)
    core = (MarkupLabel if label.markup else CoreLabel)(text=label.text, **{k: v for k, v in options.items() if k != "text"})
    core.refresh()
    return core.texture.size


def layout_problems(window: Any) -> list[str]:
    """Every overflowing label, label leaving the window, and pair of overlapping buttons on screen."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label
    problems: list[str] = []
    buttons, texts = [], []
    for widget in _walk(window):
        if not isinstance(widget, Label) or not _visible(widget):
            continue
        if widget.text.strip():
            widget.texture_update()
            tw, th = _needed(widget)
            if (tw > widget.width + SLACK or th > _room(widget) + SLACK) and not _in_stencil(widget):
                problems.append(f"{_name(widget)} text {tw:.0f}x{th:.0f} overflows its {widget.width:.0f}x{widget.height:.0f} box")
            if not _in_scroll(widget) and not _in_stencil(widget):
                x0, y0, x1, y1 = _rect(widget)
                if x0 < -SLACK or y0 < -SLACK or x1 > window.width + SLACK or y1 > window.height + SLACK:
                    problems.append(f"{_name(widget)} leaves the window at {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}")
        if isinstance(widget, ButtonBehavior):
            buttons.append(widget)
        elif widget.text.strip() and not _under_button(widget):
            texts.append(widget)
    for i, a in enumerate(buttons):
        ra = _rect(a)
        for b in buttons[i + 1:]:
            w, h = _overlap(ra, _rect(b))
            if w > SLACK and h > SLACK:
                problems.append(f"{_name(a)} and {_name(b)} overlap by {w:.0f}x{h:.0f}")
    for label in texts:
        rl = _rect(label)
        for button in buttons:
            w, h = _overlap(rl, _rect(button))
            if w > SLACK and h > SLACK:
                problems.append(f"{_name(button)} covers the text of {_name(label)} by {w:.0f}x{h:.0f}")
    return problems


def _ink(label: Any) -> tuple[float, float, float, float]:
    """Where a label's text is drawn in window pixels: its texture, centred on its box (one line: its ink)."""
    x, y = label.to_window(*label.center)
    w, h = label.texture_size
    if len(getattr(label._label, "_cached_lines", None) or []) == 1:
        h *= INK_SHARE
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def _overlap(a: tuple, b: tuple) -> tuple[float, float]:
    """Width and height two (x0, y0, x1, y1) boxes share (negative: apart)."""
    return min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])


def text_overlaps(window: Any) -> list[str]:
    """Every pair of visible texts (outside buttons) drawn over each other."""
    from kivy.uix.label import Label
    texts = [w for w in _walk(window) if isinstance(w, Label) and _visible(w) and w.text.strip()
             and not _under_button(w) and not _in_scroll(w)]
    problems = []
    for i, a in enumerate(texts):
        ra = _ink(a)
        for b in texts[i + 1:]:
            w, h = _overlap(ra, _ink(b))
            if w > SLACK and h > SLACK * 4:  # line boxes may touch: the font's empty margins
                problems.append(f"{_name(a)} and {_name(b)} are drawn over each other by {w:.0f}x{h:.0f}")
    return problems


def empty_bands(window: Any, share: float = 0.25) -> list[str]:
    """Every empty horizontal band taller than `share` of the window between the first and last thing drawn
    (a text, a button, an image)."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.image import Image
    from kivy.uix.label import Label
    spans = []
    for widget in _walk(window):
        if not _visible(widget):
            continue
        if isinstance(widget, ButtonBehavior) and not _under_button(widget):
            spans.append(_rect(widget)[1::2])  # a button is drawn whole, its face and its text
        elif isinstance(widget, Label) and widget.text.strip() and not _under_button(widget):
            spans.append((_ink(widget)[1], _ink(widget)[3]))
        elif isinstance(widget, Image) and widget.texture is not None:
            x, y = widget.to_window(widget.x, widget.y)
            spans.append((y, y + widget.height))
    # What a scroll area holds counts where it shows, inside the window.
    spans = sorted((max(0, low), min(window.height, high)) for low, high in spans if high > 0 and low < window.height)
    problems, reach = [], None
    for low, high in spans:
        if reach is not None and low - reach > share * window.height:
            problems.append(f"an empty band of {low - reach:.0f} px ({(low - reach) / window.height:.0%} of the "
                            f"height) from {reach:.0f} to {low:.0f}")
        reach = high if reach is None else max(reach, high)
    return problems


def small_type(window: Any, min_pt: float) -> list[str]:
    """Every visible label or button on screen whose main type is under `min_pt` (elderly mode: 30 pt)."""
    from kivy.metrics import pt
    from kivy.uix.label import Label
    return [f"{_name(w)} type {w.font_size / pt(1):.0f} pt is under {min_pt:g} pt" for w in _walk(window)
            if isinstance(w, Label) and _visible(w) and w.text.strip() and w.font_size < pt(min_pt) - 0.5]


def _under_button(widget: Any) -> bool:
    """Is `widget` part of a button (its own caption or key hint)?"""
    from kivy.uix.behaviors import ButtonBehavior
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ButtonBehavior):
            return True
        node = node.parent
    return False


CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"^[A-Z]{0,2}\d+$")


def lobby_type_problems(window: Any, rules: dict[str, float], rows: tuple[str, ...], muted: tuple) -> list[str]:
    """Every text in the lobby board's rows (`rows`: class names) under its size for five metres: numbers at
    rules["number"] of the short side, Chinese at rules["words_zh"] and never in the muted grey, English at
    rules["words_en"]."""
    from kivy.uix.label import Label
    short = min(window.width, window.height)
    problems = []
    for row in (w for w in _walk(window) if type(w).__name__ in rows and _visible(w)):
        for label in (w for w in _walk(row) if isinstance(w, Label) and _visible(w) and w.text.strip()):
            plain = re.sub(r"\[/?[a-z]+[^\]]*\]", "", label.text).strip()
            kind = "number" if NUMBER.match(plain) else "words_zh" if CJK.search(plain) else "words_en"
            least = short * rules[kind]
            if label.font_size < least - 0.5:
                problems.append(f"{type(row).__name__}: {_name(label)} type {label.font_size:.0f} px is under "
                                f"{least:.0f} px ({kind}, short side / {1 / rules[kind]:g})")
            if kind == "words_zh" and tuple(round(c, 2) for c in label.color) == tuple(round(c, 2) for c in muted):
                problems.append(f"{type(row).__name__}: {_name(label)} is Chinese in the muted grey")
    return problems


def button_places(root: Any) -> dict[str, tuple[float, float, float, float]]:
    """Every visible button under `root` by its code, kv id or face: its box in window pixels, rounded."""
    from kivy.uix.behaviors import ButtonBehavior
    ids = {id(w): name for node in _walk(root) for name, w in getattr(node, "ids", {}).items()}
    places: dict[str, tuple[float, float, float, float]] = {}
    for widget in _walk(root):
        if isinstance(widget, ButtonBehavior) and _visible(widget):
            name = ids.get(id(widget)) or getattr(widget, "code", "") or getattr(widget, "key", "") or widget.text
            x, y = widget.to_window(widget.x, widget.y)
            places[str(name)] = (round(x, 1), round(y, 1), round(widget.width, 1), round(widget.height, 1))
    return places


def moved(before: dict, after: dict, both_only: bool = False) -> list[str]:
    """The buttons whose box differs between two button_places (or that came or went, unless `both_only`:
    the characters offered for a syllable come and go, the keys around them must not move)."""
    names = set(before) & set(after) if both_only else set(before) | set(after)
    return [f"{name}: {before.get(name)} -> {after.get(name)}" for name in sorted(names)
            if before.get(name) != after.get(name)]


def blank_share(window: Any) -> float:
    """The share of the window's height with nothing drawn across it (no text, button or image)."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.image import Image
    from kivy.uix.label import Label
    spans = []
    for widget in _walk(window):
        if not _visible(widget) or _under_button(widget):
            continue
        if isinstance(widget, ButtonBehavior) or (isinstance(widget, Image) and widget.texture is not None):
            x0, y0, x1, y1 = _rect(widget)
            spans.append((y0, y1))
        elif isinstance(widget, Label) and widget.text.strip():
            x, y = widget.to_window(*widget.center)  # its lines, with the room between them
            spans.append((y - widget.texture_size[1] / 2, y + widget.texture_size[1] / 2))
    covered, reach = 0.0, 0.0
    for low, high in sorted((max(0.0, lo), min(float(window.height), hi)) for lo, hi in spans):
        if high > reach:
            covered += high - max(low, reach)
            reach = high
    return 1 - covered / window.height


def broken_buttons(window: Any) -> list[str]:
    """Every visible two-line action button (main and second language) whose main line breaks."""
    from kivy.uix.behaviors import ButtonBehavior
    problems = []
    for widget in _walk(window):
        if isinstance(widget, ButtonBehavior) and _visible(widget) and hasattr(widget, "main") \
                and type(widget).__name__ != "Tile" and widget.main:
            widget.texture_update()
            lines = len(getattr(widget._label, "_cached_lines", None) or [])
            if lines > 1 + bool(getattr(widget, "sub", "")):
                problems.append(f"{_name(widget)} breaks into {lines} lines")
    return problems


def uneven_buttons(window: Any) -> list[str]:
    """Every row of action buttons (siblings) whose heights differ."""
    from kivy.uix.behaviors import ButtonBehavior
    problems = []
    for parent in _walk(window):
        row = [w for w in parent.children if isinstance(w, ButtonBehavior) and _visible(w) and hasattr(w, "main")
               and type(w).__name__ != "Tile"]
        if len(row) > 1 and max(w.height for w in row) - min(w.height for w in row) > SLACK:
            problems.append("buttons of one row differ in height: " +
                            ", ".join(f"{_name(w)} {w.height:.0f}" for w in row))
    return problems


def key_gaps_mm(grid: Any) -> float:
    """The narrowest gap between two neighbouring keys of a grid, in millimetres reckoned from dp."""
    from kivy.metrics import dp
    keys = [w for w in grid.children if _visible(w)]
    gaps = []
    for a in keys:
        ax0, ay0, ax1, ay1 = _rect(a)
        for b in keys:
            bx0, by0, bx1, by1 = _rect(b)
            if b is not a and min(ay1, by1) - max(ay0, by0) > 1 and bx0 >= ax1:
                gaps.append(bx0 - ax1)  # b right of a on the same row
            if b is not a and min(ax1, bx1) - max(ax0, bx0) > 1 and by1 <= ay0:
                gaps.append(ay0 - by1)  # b below a in the same column
    return min(gaps) / dp(1) / 160 * 25.4 if gaps else float("inf")
