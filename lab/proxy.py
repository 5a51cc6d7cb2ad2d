"""A slow, lossy link in user space (this kernel has no netem): a TCP relay that delays and drops while told to.

Runs inside a device's namespace: the device's /etc/hosts points the host's name at this relay, which
forwards to the host. While the flag file exists each chunk waits `delay_ms` in each direction and a
`drop` share of new connections is cut at once (the device sees a reset, as after a lost SYN-ACK retry).

    python -m lab.proxy --listen 127.0.0.1:8600 --to 10.77.24.2:8600 --flag FILE --log FILE
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random


class Relay:
    """Counts what it did; `impaired()` reads the flag file."""

    def __init__(self, target: tuple[str, int], flag: str, delay_ms: float, drop: float, seed: int = 3):
        self.target, self.flag, self.delay_s, self.drop = target, flag, delay_ms / 1000, drop
        self.rng = random.Random(seed)
        self.counts = {"connections": 0, "slow_connections": 0, "dropped": 0, "delayed_chunks": 0}

    def impaired(self) -> bool:
        """Whether the link is slow right now."""
        return os.path.exists(self.flag)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Relay one connection both ways."""
        self.counts["connections"] += 1
        slow = self.impaired()
        if slow:
            self.counts["slow_connections"] += 1
            if self.rng.random() < self.drop:
                self.counts["dropped"] += 1
                writer.transport.abort()
                return
        try:
            up_r, up_w = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        await asyncio.gather(self._pump(reader, up_w), self._pump(up_r, writer), return_exceptions=True)

    async def _pump(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        try:
            while data := await src.read(65536):
                if self.impaired():
                    self.counts["delayed_chunks"] += 1
                    await asyncio.sleep(self.delay_s)
                dst.write(data)
                await dst.drain()
        finally:
            dst.close()


async def main_async(args: argparse.Namespace) -> None:
    """Serve until killed, writing the counts to the log file every second."""
    host, port = args.to.rsplit(":", 1)
    relay = Relay((host, int(port)), args.flag, args.delay_ms, args.drop)
    lhost, lport = args.listen.rsplit(":", 1)
    server = await asyncio.start_server(relay.serve, lhost, int(lport))
    async with server:
        while True:
            with open(args.log + ".tmp", "w", encoding="utf-8") as f:
                json.dump(relay.counts, f)
            os.replace(args.log + ".tmp", args.log)
            await asyncio.sleep(1)


def main(argv: list[str] | None = None) -> int:
    """Parse the options and relay."""
    p = argparse.ArgumentParser(prog="python -m lab.proxy")
    p.add_argument("--listen", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--flag", required=True, help="the link is slow while this file exists")
    p.add_argument("--log", required=True, help="JSON counts, rewritten every second")
    p.add_argument("--delay-ms", type=float, default=300.0)
    p.add_argument("--drop", type=float, default=0.1)
    asyncio.run(main_async(p.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
