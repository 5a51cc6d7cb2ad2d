#!/usr/bin/env bash
# The Debian packages fenliu needs, installed when missing (called by scripts/setup.sh).
#   scripts/debian_packages.sh              install what the product needs to run
#   scripts/debian_packages.sh --test       also what only the tests need (scripts/test.sh passes it)
#   scripts/debian_packages.sh --list [--test]   print the packages, install nothing
#   scripts/debian_packages.sh --lock-holder     print the process holding apt's or dpkg's lock, if any
set -euo pipefail

# libgl1/libegl1: Kivy renders through EGL (offscreen when there is no display).
# espeak-ng: the lobby display's offline voice fallback. sox: plays voice clips.
# libusb-1.0-0: USB ticket printers.
RUNTIME=(libgl1 libegl1 espeak-ng sox libusb-1.0-0)
# Only the tests: xvfb gives the display's on-screen redraw test a real X window; postgresql's initdb/pg_ctl
# start a throwaway head-office server (the Debian service itself is not used); chromium and its driver run
# the phone page's browser tests.
TEST=(xvfb postgresql chromium chromium-driver)
LOCKS=(${FENLIU_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock})
LOCK_WAIT_S=600

want=("${RUNTIME[@]}")
list=0
for arg in "$@"; do
  case "$arg" in
    --test) want+=("${TEST[@]}") ;;
    --list) list=1 ;;
    --lock-holder) ;;
    *) echo "fenliu setup: 未知选项 / unknown option $arg" >&2; exit 2 ;;
  esac
done

# The pid and command of whoever holds one of the lock files (a POSIX lock in /proc/locks), else nothing.
lock_holder() {
  local file inode pid
  for file in "${LOCKS[@]}"; do
    [ -e "$file" ] || continue
    inode=$(stat -c %i "$file")
    pid=$(awk -v inode="$inode" '$2 == "POSIX" { n = split($6, f, ":"); if (f[n] == inode) { print $5; exit } }' /proc/locks)
    if [ -n "$pid" ]; then
      echo "$pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
      return
    fi
  done
}

if [[ " $* " == *" --lock-holder "* ]]; then lock_holder; exit 0; fi
if [ "$list" -eq 1 ]; then echo "${want[*]}"; exit 0; fi

need=()
for pkg in "${want[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "fenliu setup: 需要 root 安装 / installing ${need[*]} needs root: run as root or install sudo" >&2
    exit 1
  fi
  sudo="sudo"
fi
holder=$(lock_holder)
if [ -n "$holder" ]; then
  echo "fenliu setup: 另一个安装程序正在运行，最多等待 $((LOCK_WAIT_S / 60)) 分钟 / another apt or dpkg holds the" \
       "package lock (pid $holder); waiting up to $((LOCK_WAIT_S / 60)) min for it to finish (Ctrl+C to stop)"
fi
apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$LOCK_WAIT_S")
echo "fenliu setup: 安装系统软件包 / installing Debian packages: ${need[*]}"
said=$(mktemp)
if ! "${apt[@]}" update -q >"$said" 2>&1; then
  grep -E '^(E|W):' "$said" >&2 || tail -n 5 "$said" >&2
  rm -f "$said"
  echo "fenliu setup: 软件源更新失败，未安装任何软件包 / apt-get update failed, nothing was installed: the lines" \
       "above name the source or lock at fault; check the network, proxy and /etc/apt/sources.list, then run" \
       "this again" >&2
  exit 1
fi
rm -f "$said"
"${apt[@]}" install -y -q --no-install-recommends "${need[@]}"
