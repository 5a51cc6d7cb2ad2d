#!/usr/bin/env bash
# Set up, then run the whole test suite (Kivy windows render offscreen). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export KIVY_NO_ARGS=1 KIVY_NO_FILELOG=1 KIVY_NO_CONSOLELOG=1
exec .venv/bin/python -m pytest "$@"
