"""One ticket builder: the kiosk's ticket and the manager's reprint of it print the same bytes.

Both go through their real paths (the kiosk's Press, the manager flow's Reprinter) against a real host
on loopback, onto the printer package's dummy: backend, with this machine (and the host) on UTC while
the branch is in Asia/Shanghai. The product has no "reprint" mark on paper: a reprint is the original's twin.
"""
from __future__ import annotations

import re
import time

import pytest

from fenliu.tickets import short_time, ticket_branch, ticket_print
from kiosk.branch import from_api
from kiosk.jobs import Inbox, Worker
from kiosk.printing import Press
from kiosk.session import Session
from panel.manager_flow import ManagerFlow
from panel.names import Names
from panel.reprint import Reprinter
from printer import open_printer
from queue_host.client import HostClient
from tests.hostproc import start_host

STAMP = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d")


@pytest.fixture(scope="module")
def utc_host(tmp_path_factory):
    """A real host and this test process both on UTC (the branch file says Asia/Shanghai)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        running = start_host(tmp_path_factory.mktemp("twins"))
        yield running
        running.stop()
    time.tzset()


def _kiosk_prints(host, purpose: str, **body) -> tuple[dict, bytes]:
    """A visit at the kiosk, printed by the kiosk's own Press on a dummy: printer."""
    client = HostClient(host.url, host.tokens["kiosk"])
    inbox, session = Inbox(), Session()
    press = Press(open_printer("dummy:"), Worker(inbox.post, "press"), Worker(inbox.post, "net"),
                  client, "kiosk-1", lambda _s: None)
    visit = client.visit(purpose, **body)
    press.ticket(from_api(client.config()), session, visit)
    assert inbox.run_one(5) and session.print_state == "printed"
    return visit["ticket"], press.printer.output


def _manager_reprints(host, ticket: dict) -> bytes:
    """The lobby manager reprints the ticket from the panel, on a dummy: printer."""
    client = HostClient(host.url, host.tokens["manager"])
    reprinter = Reprinter("dummy:")
    out = ManagerFlow(client, Names.from_config(client.config())).reprint(ticket["id"], "号票丢失", reprinter)
    assert out.ok, out.message_en
    return reprinter.printer().output


@pytest.mark.parametrize("purpose, body", [("cash", {"amount_cny": 30000}),
                                           ("card_loss", {"customer_ref": "6222000000000001"})])
def test_a_reprinted_ticket_prints_the_same_bytes_as_the_original(utc_host, purpose, body):
    ticket, original = _kiosk_prints(utc_host, purpose, **body)
    reprint = _manager_reprints(utc_host, ticket)
    assert ticket["number"].encode() in original
    assert reprint == original


def test_the_reprint_prints_the_branch_time_not_the_machines(utc_host):
    ticket, original = _kiosk_prints(utc_host, "card_loss")
    branch_time = short_time(ticket["issued_at"], "Asia/Shanghai").encode()
    assert STAMP.findall(_manager_reprints(utc_host, ticket)) == [branch_time] == STAMP.findall(original)


def test_a_vip_reprint_names_the_tier_and_the_form_of_its_purpose(utc_host):
    ticket, _ = _kiosk_prints(utc_host, "card_loss", customer_ref="6222000000000003")
    config = HostClient(utc_host.url, utc_host.tokens["manager"]).config()
    printed = ticket_print(ticket_branch(config), ticket)
    assert printed.number.startswith("V") and printed.tier_zh == "黑金客户"
    assert (printed.form_template_no, printed.form_name_zh) == ("5", "个人业务申请书")
