"""The lobby display's Kivy screens (one .kv beside each .py)."""
