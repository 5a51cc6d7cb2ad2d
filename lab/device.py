"""What every headless device of the lab shares (each runs inside its namespace: `python -m lab.start PLAN.json`).

The plan names the role (kiosk, display, counter), the host's URL and CA, the device's token, the
compressed clock (epoch, speed) and where to write. Each device writes a status file while it runs
(the lab reads it to know when the morning is over) and its record when the stop file appears.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from demo.clock import FastClock


class Device:
    """What every lab device shares: the plan, the clock, the status and record files."""

    def __init__(self, plan: dict):
        self.plan = plan
        self.clock = FastClock(plan["speed"], time.time() + 3600)  # stands at 0 until the lab says go
        self.out = Path(plan["out"])
        self.stop_file = Path(plan["stop"])

    def ready(self, **fields: Any) -> None:
        """Say this device is set up, then wait for the lab's go: the file holding the morning's epoch."""
        self.status(ready=True, **fields)
        go = Path(self.plan["go"])
        while not go.exists() and not self.stopped():
            time.sleep(0.1)
        if go.exists():
            self.clock = FastClock(self.plan["speed"], float(go.read_text(encoding="utf-8")))

    def stopped(self) -> bool:
        """Whether the lab has said the morning is over."""
        return self.stop_file.exists()

    def status(self, **fields: Any) -> None:
        """Replace the status file (read by the lab while the morning runs)."""
        write_json(self.out.with_suffix(".status.json"), {"at": time.time(), **fields})

    def record(self, data: dict) -> None:
        """Write the device's record of the morning."""
        write_json(self.out, data)


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (a reader never sees half a file)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
