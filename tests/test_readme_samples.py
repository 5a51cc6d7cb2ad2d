"""scripts/readme_samples.py writes the README's sample outputs from the real commands, between markers."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("readme_samples", ROOT / "scripts" / "readme_samples.py")
samples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(samples)

TEXT = "intro\n<!-- sample demo-headless: written by the script -->\n```\nold 99\n```\n<!-- /sample -->\nafter\n"


def test_a_sample_block_is_replaced_between_its_markers_and_nothing_else_moves():
    once = samples.splice(TEXT, "demo-headless", "new 88\n")
    assert once == TEXT.replace("old 99", "new 88")
    assert samples.splice(once, "demo-headless", "new 88\n") == once


def test_a_readme_without_the_markers_is_refused_with_what_to_add():
    with pytest.raises(SystemExit, match="<!-- sample demo-headless"):
        samples.splice("no markers here\n", "demo-headless", "x\n")


def test_a_stale_sample_is_named_by_its_seeded_lines_only():
    now = "  来访 visits: 88   分流率 diversion rate: 56%\n  平均等候 average wait: 4.9 min\n"
    readme = TEXT.replace("old 99", "  来访 visits: 99   分流率 diversion rate: 69%\n  平均等候 average wait: 4.8 min")
    assert samples.stale(readme, "demo-headless", now) == ["来访 visits: 88   分流率 diversion rate: 56%"]


def test_the_readme_carries_the_demo_sample_block():
    block = samples.block((ROOT / "README.md").read_text(encoding="utf-8"), "demo-headless")
    assert "来访 visits:" in block and block.rstrip().endswith("```")


@pytest.mark.slow
def test_the_readmes_demo_sample_is_what_the_default_seed_prints_now():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert samples.stale(readme, "demo-headless", samples.demo_headless()) == []
