#!/usr/bin/env bash
# Regenerate the per-size screenshots in docs/screens/ (panel, kiosk, display at every device size)
# by running the layout guard with real offscreen windows, and the kiosk's screen-by-screen shots
# (tests/test_kiosk_gui.py, tests/test_kiosk_prefill_gui.py). Extra arguments go to pytest
# (e.g. -k kiosk: only the kiosk's).
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 KIVY_NO_FILELOG=1 KIVY_NO_CONSOLELOG=1 FENLIU_SCREENSHOTS="$PWD/docs/screens"
export FENLIU_SCREENS_DIR="$PWD/docs/screens"
exec .venv/bin/python -m pytest -q tests/test_layout_guard.py tests/test_kiosk_gui.py tests/test_kiosk_prefill_gui.py "$@"
