"""Start one headless device of the lab inside its namespace: `python -m lab.start PLAN.json`."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the device the plan names until the stop file appears."""
    argv = sys.argv[1:] if argv is None else argv
    plan = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    if plan.get("ca"):
        os.environ["FENLIU_CA"] = plan["ca"]
    role = plan["role"]
    if role == "kiosk":
        from lab.kiosk_device import run
    elif role == "display":
        from lab.display_device import run
    else:
        from lab.counter_device import run
    run(plan)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
