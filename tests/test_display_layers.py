"""The display keeps the dependency rule: Kivy only in app.py and screens/, the host only via its client."""
from __future__ import annotations

import ast
from pathlib import Path

DISPLAY = Path(__file__).resolve().parent.parent / "display"


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules():
    return sorted(DISPLAY.rglob("*.py"))


def test_only_the_app_and_the_screens_import_kivy():
    kivy_users = {p.relative_to(DISPLAY).as_posix() for p in modules()
                  if any(n == "kivy" or n.startswith("kivy.") for n in imports_of(p))}
    assert kivy_users and all(u == "app.py" or u.startswith("screens/") for u in kivy_users)


def test_the_display_reaches_the_host_only_through_its_client():
    for path in modules():
        host_imports = {n for n in imports_of(path) if n.startswith("queue_host")}
        assert host_imports <= {"queue_host.client"}, path


def test_each_screen_has_its_kv_file_beside_it():
    # A screen loads its rules from the .kv beside it; drawing parts (the notice line, its redraw) have none.
    screens = [p for p in (DISPLAY / "screens").glob("*.py") if "Builder.load_file" in p.read_text(encoding="utf-8")]
    assert screens and all(p.with_suffix(".kv").exists() for p in screens)
    assert all(k.with_suffix(".py").exists() for k in (DISPLAY / "screens").glob("*.kv"))


def test_modules_stay_small():
    assert all(len(p.read_text(encoding="utf-8").splitlines()) < 300 for p in modules())
