"""The dependency rule, read from the imports: only app.py and screens/ touch Kivy; the host only via its client."""
import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_app_and_its_screens_import_kivy():
    for path in KIOSK.rglob("*.py"):
        uses_kivy = any(name == "kivy" or name.startswith("kivy.") for name in _imports(path))
        allowed = path.name == "app.py" or path.parent.name == "screens"
        assert allowed or not uses_kivy, f"{path.relative_to(KIOSK)} imports Kivy"


def test_the_kiosk_reaches_the_host_only_through_its_client():
    for path in KIOSK.rglob("*.py"):
        host_imports = {n for n in _imports(path) if n.startswith("queue_host")}
        assert host_imports <= {"queue_host.client"}, f"{path.relative_to(KIOSK)}: {host_imports}"


def test_every_screen_has_its_kv_file_beside_it():
    # A screen or widget drawn from rules has its .kv; a driver of the real buttons (the demo's autopilot) has none.
    for path in (KIOSK / "screens").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "__init__.py" and ("Builder" in text or "Screen)" in text):
            assert path.with_suffix(".kv").exists(), path.name


def test_no_kiosk_module_reaches_300_lines():
    for path in KIOSK.rglob("*.py"):
        assert len(path.read_text("utf-8").splitlines()) < 300, path.name
