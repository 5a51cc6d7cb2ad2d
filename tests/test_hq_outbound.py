"""What leaves the branch for head office: whitelisted fields per event kind, nothing personal."""
from __future__ import annotations

import json
import sqlite3

from queue_host import alerts, calling, overrides
from queue_host.config import Token
from queue_host.outbound import SELECT, TICKET_FIELDS, outbound
from queue_host.visits import VisitRequest, issue, ref_hash, visit

MANAGER = Token("manager", "x", "manager", "王经理")


def a_day(lobby, t0, cfg) -> list[dict]:
    """A morning with everything personal a branch holds: card hashes, notes, leads, typed alert texts."""
    card = ref_hash(cfg.branch.ref_hash_key, "6222020200112233445")
    visit(lobby, VisitRequest("cash", amount_cny=30000, ref_hash=card, tier="platinum"), t0)
    out = visit(lobby, VisitRequest("cash", amount_cny=3000), t0)
    visit(lobby, VisitRequest("cash", amount_cny=3000, insist_counter=True, decline_reason="cannot_operate",
                              replaces_visit=out["visit_id"]), t0)
    issue(lobby, "noncash", t0, note="张三丰 13800138000 要办挂失")
    calling.call_next(lobby, "1", t0)
    calling.no_show(lobby, lobby.counters["1"].current, t0)
    overrides.record_lead(lobby, MANAGER, "张三丰", "13800138000", "想买理财", None, t0)
    overrides.set_target(lobby, MANAGER, "cash_recycler", True, "张三丰说机器吞卡", t0)
    alerts.report(lobby, "manager", "王经理", "other", "k1", False, t0, "张三丰来电 13800138000", "")
    return lobby.take_changes().events


def test_no_card_hash_name_phone_note_or_ticket_code_leaves_the_branch(lobby, t0, cfg):
    events = a_day(lobby, t0, cfg)
    sent = json.dumps([outbound(e) for e in events], ensure_ascii=False)
    card = ref_hash(cfg.branch.ref_hash_key, "6222020200112233445")
    codes = [t.code for t in lobby.tickets.values()]
    assert {"issued", "visit", "missed", "target_suspended", "alert_raised"} <= {e["kind"] for e in events}
    for secret in ["6222020200112233445", card, "张三丰", "13800138000", "王经理", "吞卡", *codes]:
        assert secret not in sent


def test_the_figures_material_leaves_the_branch_whole(lobby, t0, cfg):
    events = {e["kind"]: outbound(e) for e in a_day(lobby, t0, cfg)}
    ticket = events["missed"]["ticket"]
    assert {"id", "number", "service", "tier", "issued_at", "called_at", "counter", "calls"} <= set(ticket)
    assert events["missed"]["counter"] == "1"
    assert events["visit"]["declined_reason"] == "cannot_operate" and events["visit"]["replaces_visit"] == 2
    assert events["target_suspended"]["target"] == {"code": "cash_recycler", "suspended": True}


def test_an_event_kind_nobody_whitelisted_leaves_only_its_number_kind_and_time():
    event = {"seq": 7, "kind": "prefill_saved", "at": "2026-11-23T09:00:00+08:00",
             "payee": "李四", "account": "6222000011112222"}
    assert outbound(event) == {"seq": 7, "kind": "prefill_saved", "at": "2026-11-23T09:00:00+08:00"}


def test_a_field_added_to_the_ticket_later_does_not_leave_until_whitelisted():
    event = {"seq": 1, "kind": "issued", "at": "2026-11-23T09:00:00+08:00",
             "ticket": {"id": 1, "number": "A001", "service": "cash", "payer_name": "李四", "declined": None}}
    ticket = outbound(event)["ticket"]
    assert "payer_name" not in ticket and set(ticket) == set(TICKET_FIELDS) | {"declined"}
    assert (ticket["number"], ticket["called_at"], ticket["declined"]) == ("A001", None, None)


def test_head_office_gets_each_event_in_the_branch_logs_shape_less_what_stays_home(lobby, t0, cfg):
    for e in a_day(lobby, t0, cfg):
        sent = outbound(e)
        assert set(sent) <= set(e)
        if isinstance(e.get("ticket"), dict) and e["kind"] != "lead":  # a lead leaves as its kind and time only
            assert set(sent["ticket"]) == set(e["ticket"]) - {"code", "note", "status_url"}


def shipped_by_sqlite(events: list[dict]) -> list[dict]:
    """What the shipper's SQL cuts out of the stored events (the shipper never parses them in Python)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT, kind TEXT, data TEXT)")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)",
                     [(e["seq"], e["at"], e["kind"], json.dumps(e, ensure_ascii=False)) for e in events])
    return [json.loads(text) for _, _, _, text in conn.execute(SELECT, (0, 10_000))]


def test_the_shippers_sql_cuts_out_exactly_what_the_whitelist_says(lobby, t0, cfg):
    events = a_day(lobby, t0, cfg) + [{"seq": 999, "kind": "prefill_saved", "at": "2026-11-23T09:00:00+08:00",
                                       "payee": "李四"}]
    assert shipped_by_sqlite(events) == [outbound(e) for e in events]
    assert "13800138000" not in json.dumps(shipped_by_sqlite(events), ensure_ascii=False)
