"""The staff panel: counter mode for tellers and manager mode for the lobby manager (one Kivy app)."""
