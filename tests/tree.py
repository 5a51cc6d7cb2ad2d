"""What a run left in the source tree: `git status` with ignored files, bytecode caches aside."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_tree_state() -> set[str]:
    """Every changed, new or ignored path git reports (directories collapsed), except __pycache__ and .pytest_cache."""
    out = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=str(ROOT), capture_output=True,
                         text=True, check=True).stdout
    return {line for line in out.splitlines() if "__pycache__" not in line and ".pytest_cache" not in line}
