"""The panel's Kivy screens: each holds properties and one-line handlers that call a plain flow."""
