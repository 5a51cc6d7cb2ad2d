#!/usr/bin/env bash
# Regenerate the per-size screenshots in docs/screens/ (panel, kiosk, display at every device size)
# by running the layout guard with real offscreen windows, and the lobby display's and the counter
# screen's scenario screenshots. Extra arguments go to pytest (e.g. -k panel, -k counter_screen).
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 KIVY_NO_FILELOG=1 KIVY_NO_CONSOLELOG=1 FENLIU_SCREENSHOTS="$PWD/docs/screens"
export FENLIU_UPDATE_SCREENSHOTS=1  # tests/test_display_app.py copies its shots into docs/screens
exec .venv/bin/python -m pytest -q tests/test_layout_guard.py tests/test_display_app.py tests/test_counter_screen_gui.py \
  tests/test_panel_prefill.py tests/test_phone_chromium.py "$@"
