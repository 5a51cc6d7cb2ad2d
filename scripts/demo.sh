#!/usr/bin/env bash
# Set up, then run a whole branch on this machine: queue host (SQLite), kiosk, lobby display and
# manager panel, with the preview printer writing ticket PNGs. Extra arguments go to `fenliu demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/fenliu demo "$@"
