"""No raw codes in front of the lobby manager: every alert kind and every audit action the host can produce,
found by reading the host's source, goes through the panel's presentation code and reads as names from the
catalogs and the branch file (against a real host's /api/config and /api/staff)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from panel.alerts_flow import AlertsFlow
from panel.audit_flow import AuditFlow
from panel.names import Names
from queue_host.alerts import REPORTABLE
from queue_host.client import HostClient
from queue_host.routes_queue import ACTIONS

HOST_SRC = Path(__file__).resolve().parent.parent / "queue_host"
CJK = re.compile(r"[\u4e00-\u9fff]")
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")  # cash_recycler, reserve_block, card_reader_fault
TOKEN_ID = re.compile(r"\b(?:counter|screen|kiosk)-\d+\b")  # a login or device id


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(HOST_SRC.rglob("*.py")))


def alert_kinds() -> set[str]:
    """Every alert kind the host raises itself or lets a device report."""
    raised = set(re.findall(r'raise_alert\(\s*lobby,\s*"(\w+)"', _source()))
    return raised | {k for kinds in REPORTABLE.values() for k in kinds}


def audit_actions() -> set[str]:
    """Every action the host writes to its audit log."""
    src = _source()
    found = set(re.findall(r'audit\(\s*lobby,\s*\w+,\s*"([\w-]+)"', src))
    for a, b in re.findall(r'audit\(\s*lobby,\s*\w+,\s*"([\w-]+)" if \w+ else "([\w-]+)"', src):
        found |= {a, b}
    found |= set(re.findall(r'"action":\s*"([\w-]+)"', src))
    return found | set(ACTIONS)  # each ticket action audits under its own name


def codes_in(text: str) -> list[str]:
    """The identifiers a person should never read."""
    return SNAKE.findall(text) + TOKEN_ID.findall(text)


def test_the_host_source_yields_the_kinds_and_actions_this_test_renders():
    assert {"rating", "printer_fault", "card_reader_fault", "lobby_visit", "display_offline"} <= alert_kinds()
    assert {"reserve_block", "suspend", "resume", "unlock", "export", "pause", "no-show", "issue"} <= audit_actions()


@pytest.mark.parametrize("kind", sorted(alert_kinds()))
def test_every_alert_kind_reads_as_a_name_in_the_title_and_the_banner(kind):
    flow = AlertsFlow(None)
    line = flow.line({"id": 1, "kind": kind, "message_zh": "消息", "message_en": "message",
                      "raised_at": "2026-12-08T09:30:00+08:00"})
    flow.open = [line]
    shown = f"{line.title}\n{flow.banner()}"
    assert not codes_in(shown) and kind not in (line.title_zh, line.title_en), shown
    assert CJK.search(line.title_zh) and not CJK.search(line.title_en)  # Chinese first, then English


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    from tests.hostproc import start_host
    host = start_host(tmp_path_factory.mktemp("host"))
    try:
        client = HostClient(host.url, host.tokens["manager"])
        yield Names.from_config({**client.config(), "staff": client.staff()})
    finally:
        host.stop()


TARGETS = {"suspend": "cash_recycler", "resume": "cash_recycler", "pause": "counter 5", "unlock": "counter-1",
           "issue": "cash", "export": "leads.csv", "reserve_block": "A950-A999"}


@pytest.mark.parametrize("action", sorted(audit_actions()))
def test_every_audit_action_reads_with_the_names_of_who_did_it_and_what_it_was_done_to(action, names):
    who = "kiosk" if action == "reserve_block" else "lobby manager"  # what the host writes as "who"
    line = AuditFlow(None, names).audit_line({"at": "2026-12-08T09:30:12+08:00", "who": who, "action": action,
                                                "target": TARGETS.get(action, "A001"), "reason": "测试 test"})
    assert not codes_in(line), line
    assert (("取号机" if who == "kiosk" else "王敏") in line), line  # the branch file's display name
    assert "lobby manager" not in line.split("—")[0] and action not in line.split()[1:3], line
    expected = {"suspend": "存取款一体机", "pause": "理财室", "unlock": "李娜", "issue": "个人现金业务",
                "export": "客户线索名单", "reserve_block": "A950-A999"}.get(action)
    assert expected is None or expected in line, line
