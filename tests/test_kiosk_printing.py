"""Printing through the real printer package (dummy: backend) and printer alerts to the real host."""
import requests

from kiosk.branch import from_api
from kiosk.jobs import Inbox, Worker
from kiosk.printing import Press, fault_text
from kiosk.session import Session
from printer import open_printer
from printer.errors import CoverOpen
from queue_host.client import HostClient


def _press(host, printer_url):
    inbox = Inbox()
    client = HostClient(host.url, host.tokens["kiosk"])
    changed = []
    press = Press(open_printer(printer_url), Worker(inbox.post, "press"), Worker(inbox.post, "net"),
                  client, "kiosk-7", changed.append)
    return press, client, inbox, changed


def test_a_ticket_prints_on_the_printer_thread_and_the_session_says_printed(host):
    press, client, inbox, changed = _press(host, "dummy:")
    session = Session()
    press.ticket(from_api(client.config()), session, client.visit("card_loss"))
    assert inbox.run_one(5)
    assert session.print_state == "printed" and b"B001" in press.printer.output


def test_out_of_paper_marks_the_session_and_raises_one_printer_alert_at_the_host(host):
    press, client, inbox, changed = _press(host, "dummy:?state=paper_out")
    session = Session()
    press.ticket(from_api(client.config()), session, client.visit("card_loss"))
    assert inbox.run_one(5) and inbox.run_one(5)  # the print fails, then the alert is sent
    assert session.print_state == "fault" and session.fault[0] == "打印机缺纸"
    assert session.extra["alerted"] is True
    alerts = requests.get(host.url + "/api/alerts", headers=host.headers("manager")).json()["alerts"]
    assert [(a["kind"], a["key"]) for a in alerts] == [("printer_fault", "kiosk-7")]
    assert "B001 未打印" in alerts[0]["message_zh"]


def test_a_slip_prints_once_even_if_asked_twice_while_printing(host):
    press, client, inbox, changed = _press(host, "dummy:")
    cfg = from_api(client.config())
    session = Session(purpose=cfg.purpose("cash"), target=cfg.targets["cash_recycler"])
    press.slip(cfg, session, "2026-11-23T09:41:00+08:00")
    press.slip(cfg, session, "2026-11-23T09:41:00+08:00")
    assert inbox.run_one(5)
    assert not inbox.run_one(0.3)
    assert session.slip_state == "printed"


def test_a_fault_reads_as_a_short_phrase_in_both_languages():
    assert fault_text(CoverOpen()) == ("打印机上盖未关", "Printer cover open")
    assert fault_text(OSError("x"))[0] == "打印机故障"


def test_a_roll_near_its_end_still_prints_and_warns_the_manager_once(host):
    press, client, inbox, changed = _press(host, "dummy:?state=near_end")
    cfg = from_api(client.config())
    for _ in range(2):
        session = Session()
        press.ticket(cfg, session, client.visit("card_loss"))
        assert inbox.run_one(5) and inbox.run_one(5)  # printed, then the warning went to the host
        assert session.print_state == "printed"
    alerts = requests.get(host.url + "/api/alerts", headers=host.headers("manager")).json()["alerts"]
    assert [(a["kind"], a["key"]) for a in alerts] == [("printer_fault", "kiosk-7-paper")]
    assert "将尽" in alerts[0]["message_zh"]


def test_every_printer_fault_has_its_own_words_in_both_catalogs():
    from printer.errors import PaperOut, PrinterFault, PrinterOffline, PrinterTimeout
    said = {fault_text(cls()) for cls in (PrinterFault, PrinterOffline, PaperOut, CoverOpen, PrinterTimeout)}
    assert len(said) == 5 and all(zh and en and zh != en for zh, en in said)
