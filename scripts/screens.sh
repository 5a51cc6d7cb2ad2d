#!/usr/bin/env bash
# Regenerate the per-size screenshots in docs/screens/ (panel, kiosk, display at every device size)
# by running the layout guard with real offscreen windows. Extra arguments go to pytest (e.g. -k panel).
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 KIVY_NO_FILELOG=1 KIVY_NO_CONSOLELOG=1 FENLIU_SCREENSHOTS="$PWD/docs/screens"
exec .venv/bin/python -m pytest -q tests/test_layout_guard.py "$@"
