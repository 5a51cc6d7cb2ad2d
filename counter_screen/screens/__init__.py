"""Kivy screens of the counter screen."""
