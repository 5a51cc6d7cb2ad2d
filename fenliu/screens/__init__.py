"""Kivy screens shared by the kiosk and the display (kiosk mode's exit PIN prompt)."""
