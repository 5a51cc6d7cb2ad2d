#!/usr/bin/env bash
# The reliability lab from a fresh clone: set up, then one scripted branch morning with every fault, the branch
# built from Linux network namespaces (needs root). Prints one JSON line last. Options go to `python -m lab`
# (--visitors N, --speed X, --seed N, --dir DIR). Everything the lab made is removed on exit, even after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "$(id -u)" -ne 0 ]; then
  echo "fenliu lab: 需要 root 权限建立网络命名空间 / the lab builds network namespaces: running it with sudo" >&2
  exec sudo "$(pwd)/.venv/bin/python" -m lab "$@"
fi
trap '.venv/bin/python -m lab --clean' EXIT
.venv/bin/python -m lab "$@"
