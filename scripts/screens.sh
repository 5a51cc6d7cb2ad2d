#!/usr/bin/env bash
# Regenerate the per-size screenshots in docs/screens/ (panel, kiosk, display at every device size)
# by running the layout guard with real offscreen windows, and the lobby display's, the counter
# screen's and the kiosk's scenario screenshots (tests/test_kiosk_gui.py, tests/test_kiosk_prefill_gui.py).
# Extra arguments go to pytest (e.g. -k panel, -k counter_screen, -k kiosk).
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 KIVY_NO_FILELOG=1 KIVY_NO_CONSOLELOG=1 FENLIU_SCREENSHOTS="$PWD/docs/screens"
export FENLIU_UPDATE_SCREENSHOTS=1  # tests/test_display_app.py copies its shots into docs/screens
export FENLIU_SCREENS_DIR="$PWD/docs/screens"  # the kiosk's screen-by-screen shots
exec .venv/bin/python -m pytest -q tests/test_layout_guard.py tests/test_display_app.py tests/test_counter_screen_gui.py \
  tests/test_panel_prefill.py tests/test_phone_chromium.py tests/test_kiosk_gui.py tests/test_kiosk_prefill_gui.py tests/test_kiosk_amount_gui.py "$@"
