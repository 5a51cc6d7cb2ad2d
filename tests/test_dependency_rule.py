"""The dependency rule of docs/ARCHITECTURE.md, held by reading every module's imports."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"contract", "queue_host", "printer", "kiosk", "display", "panel", "counter_screen", "fenliu", "demo", "lab",
        "operations", "headoffice", "reports", "simulator"}
APPS = ("kiosk", "display", "panel", "counter_screen")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def test_no_package_is_named_queue():
    assert not (ROOT / "queue").exists() and not (ROOT / "queue.py").exists()


@pytest.mark.parametrize("path", modules("queue_host"), ids=lambda p: p.name)
def test_the_queue_host_imports_none_of_the_apps(path):
    assert {n.split(".")[0] for n in imports(path)} & (OURS - {"queue_host", "contract"}) == set()


@pytest.mark.parametrize("path", modules("printer"), ids=lambda p: p.name)
def test_the_printer_imports_nothing_of_ours(path):
    assert {n.split(".")[0] for n in imports(path)} & (OURS - {"printer"}) == set()


@pytest.mark.parametrize("path", [p for app in APPS for p in modules(app)], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_apps_reach_the_host_only_through_its_client(path):
    host_imports = {n for n in imports(path) if n.split(".")[0] == "queue_host"}
    assert host_imports <= {"queue_host.client"}


@pytest.mark.parametrize("path", modules("contract"), ids=lambda p: p.name)
def test_the_contract_imports_pydantic_and_nothing_else_of_anyone(path):
    import sys
    outside = {n.split(".")[0] for n in imports(path)} - {"contract", "pydantic", "__future__"}
    assert outside <= set(sys.stdlib_module_names), f"{path.name} imports {outside - set(sys.stdlib_module_names)}"


@pytest.mark.parametrize("path", [p for pkg in OURS for p in modules(pkg)], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_only_app_modules_and_screens_import_kivy(path):
    uses_kivy = any(n.split(".")[0] == "kivy" for n in imports(path))
    allowed = path.parent.name in APPS and path.name == "app.py" or path.parent.name == "screens"
    assert not uses_kivy or allowed, f"{path.relative_to(ROOT)} imports Kivy"


DOMAIN = ("model", "lobby", "calling", "visits", "day", "alerts", "overrides", "views", "engine", "store", "ratings",
          "phone")


@pytest.mark.parametrize("name", DOMAIN)
def test_the_domain_knows_no_http(name):
    path = ROOT / "queue_host" / f"{name}.py"
    assert {n.split(".")[0] for n in imports(path)} & {"fastapi", "starlette", "uvicorn", "requests"} == set()
    assert "status =" not in path.read_text(encoding="utf-8")  # errors name what went wrong, not a status code


def test_only_the_api_layer_maps_errors_to_status_codes():
    from queue_host.http_errors import STATUS
    from queue_host import auth, model
    errors = {cls.error for mod in (model, auth) for cls in vars(mod).values()
              if isinstance(cls, type) and issubclass(cls, model.DomainError)}
    assert errors <= set(STATUS)


def _graph() -> dict[str, set[str]]:
    """Every module of ours and the modules of ours it imports (at the top or inside a function)."""
    names = {}
    for pkg in OURS:
        for path in modules(pkg):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        out = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in names]
                # `from pkg import module` imports the module; the package's own code only otherwise.
                out.update(subs if subs and len(subs) == len(node.names) else [base, *subs])
        graph[name] = {d for d in out if d in names and d != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other (Tarjan's strongly connected components of two or more)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_itself_round_a_circle():
    assert _circles(_graph()) == []


def test_no_package_imports_itself_round_a_circle():
    packages: dict[str, set[str]] = {}
    for name, deps in _graph().items():
        packages.setdefault(name.split(".")[0], set()).update(d.split(".")[0] for d in deps)
    assert _circles({p: deps - {p} for p, deps in packages.items()}) == []
