"""`python -m lab`: one scripted branch morning with every fault; prints one JSON line last."""
from __future__ import annotations

import argparse
import json
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
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dir", type=Path, default=None, help="keep the lab's files here (default: a temp folder)")
    args = p.parse_args(argv)
    why = net.permitted()
    if why:
        print(f"fenliu lab: {why}", file=sys.stderr)
        return 2
    folder = args.dir or Path(tempfile.mkdtemp(prefix="fenliu-lab-"))
    folder.mkdir(parents=True, exist_ok=True)
    morning = Morning(Options(folder, visitors=args.visitors, speed=args.speed, seed=args.seed))
    try:
        result = morning.run()
    finally:
        morning.close()
    print(f"fenliu lab: files in {folder}", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
