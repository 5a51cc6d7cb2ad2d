"""The printer package: its public names, and the rule that it imports nothing else of ours."""
from __future__ import annotations

import ast
from pathlib import Path

import printer

OURS = {"fenliu", "queue_host", "kiosk", "display", "panel", "tests"}


def test_the_public_names_other_parts_rely_on_are_exported():
    for name in ("open_printer", "Printer", "TicketPrint", "DiversionSlip", "PrinterStatus", "PrinterFault",
                 "PrinterOffline", "PaperOut", "CoverOpen", "PrinterTimeout", "Capabilities"):
        assert hasattr(printer, name), name
    from printer.layout import slip_bytes, ticket_bytes  # noqa: F401
    from printer.preview import render_ticket_png  # noqa: F401


def test_printer_imports_nothing_of_fenliu_or_the_queue():
    for path in Path(printer.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            assert not {n.split(".")[0] for n in names} & OURS, f"{path.name} imports {names}"


def test_every_module_is_small_and_every_public_function_has_a_docstring():
    for path in Path(printer.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert source.count("\n") < 300, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{path.name}: {node.name}"
