"""The real queue host on an accelerated clock, for the headless demo: `python -m demo.hostproc`.

The host's rules take `now` from one clock function (queue_host.api.create_app(clock=...)). Here that
clock reads branch time: the opening hour plus `speed` × the real seconds since `epoch`, standing still
before `epoch` so the demo and the host start the hour together. Waits, service levels, recall spacing
and park returns then all happen in branch minutes, and GET /api/stats reports branch minutes.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta


def branch_clock(opening: datetime, epoch: float, speed: float):
    """A clock function: branch time, `speed` times faster than the wall clock from `epoch`."""
    def now() -> datetime:
        return opening + timedelta(seconds=max(0.0, time.time() - epoch) * speed)
    return now


def main(argv: list[str] | None = None) -> int:
    """Serve the host with the accelerated clock until stopped."""
    import uvicorn

    from queue_host.api import create_app
    from queue_host.cli import uses_demo_secrets
    from queue_host.config import load

    p = argparse.ArgumentParser(prog="python -m demo.hostproc")
    p.add_argument("--config", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--speed", type=float, required=True)
    p.add_argument("--epoch", type=float, required=True, help="wall-clock time (time.time()) of the opening")
    p.add_argument("--opening", default="09:00", help="branch local time the hour starts")
    p.add_argument("--allow-demo-secrets", action="store_true", help="as for `fenliu host`")
    args = p.parse_args(argv)
    cfg = load(args.config)
    if uses_demo_secrets(cfg) and not args.allow_demo_secrets:
        print("demo host: the branch file uses the shipped demo secrets; pass --allow-demo-secrets", file=sys.stderr)
        return 2
    hour, minute = (int(x) for x in args.opening.split(":"))
    opening = datetime.now(cfg.branch.timezone).replace(hour=hour, minute=minute, second=0, microsecond=0)
    app = create_app(cfg, args.db, branch_clock(opening, args.epoch, args.speed))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False, proxy_headers=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
