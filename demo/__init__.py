"""The demo: a whole branch on one machine (host, kiosk, display, panels) and a scripted lobby that drives
the apps from outside, as people would. `fenliu demo` runs it; nothing in the apps depends on it."""
