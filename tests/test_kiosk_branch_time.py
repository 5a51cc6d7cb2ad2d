"""The ticket and the diversion slip print one branch time: the host's clock, in the branch's zone.

The host runs as a real subprocess whose clock stands still at 09:00 branch time (demo.hostproc
at speed 0), far from this machine's own clock; the kiosk flow prints on the real dummy: printer and
the test decodes the printed bytes.
"""
from __future__ import annotations

import re

import pytest

from demo.host import staff, start_host
from kiosk.flow import KioskFlow
from kiosk.jobs import Inbox, Worker
from printer import open_printer
from queue_host.client import HostClient

STAMP = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d")


@pytest.fixture
def still_host(tmp_path):
    """A real host whose clock reads 09:00 branch time today, whatever the wall clock says."""
    running = start_host(tmp_path / "host", speed=0.0, epoch=0.0)
    yield running
    running.stop()


def _settle(flow: KioskFlow, inbox: Inbox) -> None:
    while flow.busy or flow.session.slip_state == "printing" or flow.session.print_state == "printing":
        assert inbox.run_one(5)


def test_a_slip_and_then_a_ticket_of_one_visit_print_the_same_branch_time(still_host):
    kiosk_token = staff(still_host.config)["kiosk"]["token"]
    inbox = Inbox()
    slip_printer, ticket_printer = open_printer("dummy:"), open_printer("dummy:")
    flow = KioskFlow(HostClient(still_host.url, kiosk_token), slip_printer,
                     Worker(inbox.post, "net"), Worker(inbox.post, "press"))
    flow.start()
    assert inbox.run_one(5)
    flow.choose_purpose("cash")
    flow.choose_amount("under")
    _settle(flow, inbox)
    assert flow.screen == "diversion"
    flow.print_slip()
    _settle(flow, inbox)
    flow.printing.printer = ticket_printer  # the ticket lands on its own roll, to read it apart
    flow.insist_counter()
    flow.choose_reason("cannot_operate")
    _settle(flow, inbox)
    assert flow.screen == "ticket" and flow.session.print_state == "printed"
    slip_times = STAMP.findall(slip_printer.output)
    ticket_times = STAMP.findall(ticket_printer.output)
    assert len(slip_times) == 1 and len(ticket_times) == 1
    assert slip_times == ticket_times and slip_times[0].endswith(b" 09:00")
