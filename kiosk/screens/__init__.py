"""Kivy screens of the kiosk: each a .kv layout with a thin Python class beside it."""
