"""Demo visitors go through the kiosk's own flow, tap by tap, against a real host."""
from __future__ import annotations

from demo.kiosk import CountingPrinter, DemoKiosk
from demo.script import Visitor
from printer import open_printer
from queue_host.client import HostClient


def visitor(purpose: str, **kw) -> Visitor:
    """A visitor with plain defaults."""
    base = dict(n=1, arrive_s=0.0, purpose=purpose, amount=None, card=None, elderly=False, insist=False,
                decline_reason=None, patience_s=1e9, returns_after_s=None, returns_with_card=False,
                service_s=300.0, wants_product=False, lang="zh")
    return Visitor(**{**base, **kw})


def test_small_cash_goes_to_the_machine_and_large_cash_gets_a_printed_ticket(host, tmp_path):
    printer = CountingPrinter(open_printer(f"preview:{tmp_path}"))
    kiosk = DemoKiosk(HostClient(host.url, host.tokens["kiosk"]), printer)
    try:
        small = kiosk.visit(visitor("cash", amount=3000))
        large = kiosk.visit(visitor("cash", amount=30000, elderly=True))
    finally:
        kiosk.close()
    printer.wait()
    assert small["route"] == "self_service" and small["ticket"] is None
    assert large["ticket"]["number"] == "A001" and large["ticket"]["elderly"]
    assert printer.printed == 1 and len(list(tmp_path.glob("*.png"))) == 1


def test_a_visitor_who_refuses_the_machine_is_one_visit_counted_as_declined_not_diverted(host):
    kiosk = DemoKiosk(HostClient(host.url, host.tokens["kiosk"]))
    try:
        answer = kiosk.visit(visitor("e_banking", insist=True, decline_reason="cannot_operate"))
    finally:
        kiosk.close()
    assert answer["first"]["route"] == "self_service"
    assert answer["ticket"]["declined"] == {"target": "mobile_banking", "reason": "cannot_operate"}
    stats = HostClient(host.url, host.tokens["manager"]).stats()
    assert stats["visits"] == 1 and stats["declined_by_reason"] == {"cannot_operate": 1}
    assert stats["diverted"] == 0
