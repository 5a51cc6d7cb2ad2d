"""Each shared rule is written once: a reading of the source (as `git grep` would) finds one home for each."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every top-level package the project ships (as pyproject.toml names them), and the benches.
PACKAGES = (*(p for p in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
              ["packages"] if "." not in p), "bench")


def sources() -> dict[str, str]:
    """Every Python module of the product and its benches, by path from the repository root."""
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def homes(pattern: str) -> set[str]:
    """The modules whose text matches `pattern`."""
    rx = re.compile(pattern)
    return {path for path, text in sources().items() if rx.search(text)}


def test_the_installed_or_source_asset_lookup_lives_in_the_hosts_paths_module_and_the_printers_own():
    assert homes(r'"fenliu" / "data"') == {"queue_host/paths.py", "printer/paths.py"}


def test_the_token_id_rule_is_written_once():
    assert homes(r'f"counter-\{[^}]*\}" if') == {"queue_host/config.py"}
    assert homes(r"def token_id\(") == {"queue_host/config.py"}


def test_the_cash_and_high_value_amounts_come_only_from_the_branch_file():
    amounts = homes(r"(?<![\d_])(20_?000|50_?000)(?![\d_])")
    assert amounts - {"bench/hq_status.py"} == set()  # the bench's 50_000 counts event rows, not yuan
    branch_file = (ROOT / "config" / "branch.toml").read_text(encoding="utf-8")
    assert "cash_threshold_cny = 20000" in branch_file and "high_value_cny = 50000" in branch_file


def test_one_module_builds_the_printed_ticket():
    assert homes(r"\bTicketPrint\(") - {"printer/sample.py"} == {"fenliu/tickets.py"}


def test_one_report_writer_writes_every_report_table_and_formats_every_rate():
    # The host's audit export (routes_staff) is a download of the host's own, which may not import fenliu.
    assert homes(r"csv\.writer\(") - {"queue_host/routes_staff.py"} == {"reports/write.py"}
    assert homes(r"\.1%\}|\* 100:\.1f") == {"reports/write.py"}


def test_no_module_assembles_an_html_page_every_page_is_a_template():
    assert homes(r"(?i)<!doctype|<html") == set()
    templates = ROOT / "assets" / "templates"
    assert {p.name for p in templates.iterdir()} >= {"base.html", "style.css", "phone.html", "report.html",
                                                     "league.html", "compare.html"}
