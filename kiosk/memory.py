"""Give memory back between customers: the screens a visit leaves behind are freed while the kiosk waits.

Kivy widgets hold reference cycles, so the buttons, labels and textures of a finished visit wait for
Python's cyclic collector, which runs its full pass rarely; meanwhile the C heap (label surfaces,
the software renderer's texture copies) grows, and glibc keeps freed pages mapped. The app collects once a
visit is over (back at welcome) and trims after every screen change, a few frames later, once Kivy has
deleted the dead textures: the kiosk's memory then stays flat (see bench/kiosk_latency.py).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc

_libc = None
collections = 0  # how often the app collected (tests wait for events, not for a time)
untrimmed = False  # collected since the last trim


def collect() -> int:
    """Free the objects a finished visit left in reference cycles; how many were found."""
    global collections, untrimmed
    collections += 1
    found = gc.collect()
    untrimmed = True
    return found


def trim() -> bool:
    """Ask glibc to return freed heap pages to the system; False where there is no malloc_trim."""
    global _libc, untrimmed
    untrimmed = False
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.malloc_trim  # noqa: B018 - musl and macOS have no malloc_trim
        except (OSError, AttributeError):
            _libc = False
    return bool(_libc) and bool(_libc.malloc_trim(0))
