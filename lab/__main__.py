"""`python -m lab`: one scripted branch morning with every fault; prints one JSON line last."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
from pathlib import Path

from lab import net
from lab.morning import Morning, Options


def main(argv: list[str] | None = None) -> int:
    """Run the morning, tear the lab down whatever happens, print the figures."""
    p = argparse.ArgumentParser(prog="python -m lab", description="fenliu reliability lab (needs root)")
    p.add_argument("--visitors", type=int, default=60, help="customers through the kiosks (default 60)")
    p.add_argument("--speed", type=float, default=30.0, help="branch seconds per real second (default 30)")
    p.add_argument("--per-hour", type=float, default=80.0, help="arrivals per branch hour (default 80)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dir", type=Path, default=None, help="keep the lab's files here (default: a temp folder)")
    p.add_argument("--clean", action="store_true", help="only remove what an earlier lab left behind")
    args = p.parse_args(argv)
    if args.clean:
        net.clean_stale()
        return 0
    why = net.permitted()
    if why:
        print(f"fenliu lab: 无法建立网络命名空间 / cannot build network namespaces: {why}", file=sys.stderr)
        return 2
    folder = args.dir or Path(tempfile.mkdtemp(prefix="fenliu-lab-"))
    folder.mkdir(parents=True, exist_ok=True)
    morning = Morning(Options(folder, visitors=args.visitors, speed=args.speed, seed=args.seed,
                               per_hour=args.per_hour))
    # A stop (systemctl, kill) tears the lab down like a failure does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        result = morning.run()
    finally:
        morning.close()
    print(f"fenliu lab: 文件在 / files in {folder}", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
