#!/usr/bin/env bash
# Set up fenliu on a fresh Debian machine with Python 3.11, 3.12 or 3.13: system packages, a virtualenv in .venv,
# and the project installed into it. Safe to run again; it only installs what is missing.
#   bash scripts/setup.sh          the product: its Debian packages and Python dependencies (no test tools)
#   bash scripts/setup.sh --test   also the tests' (xvfb, postgresql, chromium; pytest and friends);
#                                  scripts/test.sh passes it
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: what the product needs to run; with --test (scripts/test.sh) also what only the tests need.
bash scripts/debian_packages.sh "$@"

# fenliu supports Python 3.11, 3.12 and 3.13: take $PYTHON if given, else the first that runs
# (3.11 preferred), looking on PATH and in pyenv's versions (whose shims may not be active).
supported='import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)'
candidates=()
if [ -n "${PYTHON:-}" ]; then
  candidates=("$PYTHON")
else
  for v in 3.11 3.12 3.13; do
    candidates+=("python$v")
    for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v"*/bin/python"$v"; do [ -x "$p" ] && candidates+=("$p"); done
  done
  candidates+=(python3)
fi
PY=""
for c in "${candidates[@]}"; do
  if "$c" -c "$supported" >/dev/null 2>&1; then PY=$c; break; fi
done
if [ -z "$PY" ]; then
  echo "fenliu setup: 需要 Python 3.11、3.12 或 3.13 / fenliu needs Python 3.11, 3.12 or 3.13; tried: ${candidates[*]}" >&2
  echo "  (set PYTHON=/path/to/python3.1x to choose one)" >&2
  exit 1
fi
echo "fenliu setup: using $("$PY" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# The product alone, or with the tests' Python tools: each has its own stamp, so a product machine never
# gets pytest, and the test command adds it once.
extra=""; stamp=.venv/.fenliu-installed
for arg in "$@"; do [ "$arg" = "--test" ] && extra="[test]" && stamp=.venv/.fenliu-installed-test; done
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extra"
  touch "$stamp"
fi
