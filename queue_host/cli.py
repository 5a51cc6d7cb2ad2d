"""`fenliu host`: run the queue host on the branch file's address with its SQLite store."""
from __future__ import annotations

import argparse
import logging
import sys

from queue_host.config import DEFAULT_PATH, ConfigError, load


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu host`."""
    parser.add_argument("--config", default=str(DEFAULT_PATH), help="branch file (default: config/branch.toml)")
    parser.add_argument("--db", help="SQLite file (default: host.database in the branch file)")
    parser.add_argument("--address", help="listen address (default: host.address in the branch file)")
    parser.add_argument("--port", type=int, help="listen port (default: host.port in the branch file)")
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])


def run(args: argparse.Namespace) -> int:
    """Load and check the branch file, then serve until stopped."""
    import uvicorn

    from queue_host.api import create_app

    try:
        cfg = load(args.config)
    except ConfigError as exc:
        print(f"fenliu host: the branch file is invalid / 配置文件有误:\n  {exc}", file=sys.stderr)
        return 2
    db = args.db or cfg.database
    address = args.address or cfg.address
    port = cfg.port if args.port is None else args.port
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app(cfg, db)
    print(f"fenliu host: {cfg.branch.name_zh} / {cfg.branch.name_en} on http://{address}:{port} "
          f"(database {db})", flush=True)
    uvicorn.run(app, host=address, port=port, log_level=args.log_level, access_log=False,
                loop="uvloop", http="httptools", timeout_graceful_shutdown=2)
    return 0
