"""docs/ARCHITECTURE.md names the folders as they are, and the README points only inside the repository."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"


def tracked_top_folders() -> set[str]:
    """The repository's top-level folders that hold committed files (dot folders aside)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return {f.split("/")[0] for f in files if "/" in f and not f.startswith(".")}


def test_the_architecture_notes_list_every_top_folder_and_only_folders_that_exist():
    listed = set(re.findall(r"^\| `([a-z_]+)/` \|", DOC.read_text(encoding="utf-8"), re.M))
    assert listed == tracked_top_folders()


def test_the_readme_links_the_architecture_notes_and_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/ARCHITECTURE.md)" in readme
    assert "../" not in readme and "DESIGN.md" not in readme
    for path in set(re.findall(r"`((?:docs|scripts|tests|bench)/[\w./-]+\.(?:md|sh|py|png))`", readme)):
        assert (ROOT / path).exists(), f"the README names {path}, which is not in the repository"
