#!/usr/bin/env bash
# Set up fenliu on a fresh Debian machine with Python 3.11: system packages, a virtualenv in .venv,
# and the project installed into it. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# libgl1/libegl1: Kivy renders through EGL (offscreen when there is no display).
# espeak-ng: the lobby display's offline voice fallback. sox: plays voice clips.
# libusb-1.0-0: USB ticket printers.
need=()
for pkg in libgl1 libegl1 espeak-ng sox libusb-1.0-0; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fenliu setup: installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), "fenliu needs Python 3.11, found " + sys.version' 
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.fenliu-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
