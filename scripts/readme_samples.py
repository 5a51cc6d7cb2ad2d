"""Regenerate the README's sample outputs from the real commands, between `<!-- sample NAME -->` markers.

    .venv/bin/python scripts/readme_samples.py           rewrite every sample block of README.md
    .venv/bin/python scripts/readme_samples.py --check   exit 1 when a sample's seeded figures are stale

A sample is what the command prints, with the run's temporary folder shown as the command's default one.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEMO_OUT = "~/.local/share/fenliu/demo"  # `fenliu demo`'s default --out, as a reader's run prints it
# Lines fixed by the seed (the story); waits and no-shows follow the accelerated clock and may move a little.
STABLE = ("来访 visits", "分流去向 diverted", "各队列取号 tickets", "打印 tickets printed", "与主机统计一致")
JSON_KEYS = ("visits", "diversion_rate", "diverted", "tickets", "avg_wait_min", "longest_wait_min", "no_shows",
             "reinstated", "consistent")


def demo_headless() -> str:
    """`fenliu demo --headless --minutes 60` with the default seed, as its summary reads."""
    with tempfile.TemporaryDirectory(prefix="fenliu-readme-") as out:
        done = subprocess.run([sys.executable, "-m", "fenliu", "demo", "--headless", "--minutes", "60", "--out", out],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"readme_samples: the demo failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    lines = done.stdout.replace(out, DEMO_OUT).rstrip("\n").splitlines()
    figures = json.loads(lines[-1])
    short = {k: figures[k] for k in JSON_KEYS}
    lines[-1] = json.dumps(short, ensure_ascii=False)[:-1] + ", ...}"  # the whole line is long; the rest as printed
    return "\n".join(lines) + "\n"


SAMPLES = {"demo-headless": demo_headless}


def block(text: str, name: str) -> str:
    """The text between a sample's markers (its fenced block included)."""
    found = re.search(rf"<!-- sample {re.escape(name)}\b[^\n]*-->\n(.*?)<!-- /sample -->", text, re.S)
    if not found:
        raise SystemExit(f"readme_samples: README.md has no `<!-- sample {name} ... -->` ... `<!-- /sample -->`")
    return found[1]


def splice(text: str, name: str, output: str) -> str:
    """The README text with one sample's block replaced by the output in a plain fenced block."""
    old = block(text, name)
    return text.replace(old, f"```\n{output}```\n", 1)


def stale(text: str, name: str, output: str) -> list[str]:
    """The seeded lines of a sample that differ from the output now."""
    have = {line.strip() for line in block(text, name).splitlines()}
    return [line.strip() for line in output.splitlines() if line.strip().startswith(STABLE) and line.strip() not in have]


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or check) every sample block of the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say which samples are stale (exit 1)")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    problems = []
    for name, produce in SAMPLES.items():
        output = produce()
        if args.check:
            problems += [f"{name}: {line}" for line in stale(text, name, output)]
        else:
            text = splice(text, name, output)
    if args.check:
        print("\n".join(problems) or "readme_samples: every sample is current")
        return 1 if problems else 0
    README.write_text(text, encoding="utf-8")
    print(f"readme_samples: rewrote {', '.join(SAMPLES)} in {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
