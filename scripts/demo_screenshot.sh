#!/usr/bin/env bash
# Screenshot `fenliu demo` on a virtual 1920x1080 screen into docs/screens/demo-1920x1080.png.
# Needs Xvfb and ImageMagick's `import` (Debian: apt-get install xvfb imagemagick).
# Usage: scripts/demo_screenshot.sh [SECONDS_INTO_THE_DEMO (default 40)] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
at="${1:-40}"
out="${2:-docs/screens/demo-1920x1080.png}"
for tool in Xvfb import; do
  command -v "$tool" >/dev/null || { echo "demo_screenshot: $tool is missing (Debian: apt-get install xvfb imagemagick)"; exit 2; }
done
display=":$(( 90 + RANDOM % 100 ))"
Xvfb "$display" -screen 0 1920x1080x24 >/dev/null 2>&1 &
xvfb=$!
run="$(mktemp -d)"
trap 'kill "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; kill "$xvfb" 2>/dev/null || true; rm -rf "$run"' EXIT
sleep 1
DISPLAY="$display" .venv/bin/python -m fenliu demo --out "$run" &
demo=$!
sleep "$at"
DISPLAY="$display" import -window root "$out"
echo "demo_screenshot: $out"
