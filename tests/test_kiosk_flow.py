"""The kiosk conversation without a window: screens, what is sent to the host, what is printed.

The host here is a small in-test stand-in that answers as docs/api.md says (a recording fake keeps
these tests about the flow's own decisions: in-flight double taps, idle timing, retries); the real
host is exercised by the tests at the end of this file and through the window in tests/test_kiosk_gui.py.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.flow import KioskFlow
from printer.errors import PaperOut
from queue_host.client import HostError, HostUnreachable

BRANCH = tomllib.loads((Path(__file__).resolve().parent.parent / "config" / "branch.toml").read_text("utf-8"))


def api_config() -> dict:
    """The shipped branch shaped as GET /api/config answers it."""
    return {"branch": BRANCH["branch"], "services": BRANCH["services"], "purposes": BRANCH["purposes"],
            "targets": BRANCH["targets"], "decline_reasons": BRANCH["decline_reasons"],
            "tiers": BRANCH["tiers"]["levels"], "diversion": BRANCH["diversion"], "display": BRANCH["display"]}


class ManualWorker:
    """Holds submitted jobs until the test runs them, so a request can be caught in flight."""

    def __init__(self):
        self.jobs = []

    def submit(self, fn, done):
        self.jobs.append((fn, done))

    def run_all(self):
        while self.jobs:
            fn, done = self.jobs.pop(0)
            try:
                result, error = fn(), None
            except Exception as exc:
                result, error = None, exc
            done(result, error)


class FakeHost:
    """Answers /api/config and /api/visits like the contract; can be switched off."""

    def __init__(self):
        self.visits, self.alerts, self.down = [], [], False
        self.seq = 0

    def config(self):
        if self.down:
            raise HostUnreachable("refused")
        return api_config()

    def visit(self, purpose, **fields):
        if self.down:
            raise HostUnreachable("refused")
        self.visits.append({"purpose": purpose, **fields})
        purpose_cfg = next(p for p in BRANCH["purposes"] if p["code"] == purpose)
        small = fields.get("amount_band") == "under" or \
            fields.get("amount_cny", 10 ** 9) < BRANCH["diversion"]["cash_threshold_cny"]
        if purpose_cfg["kind"] == "cash" and small and not fields.get("insist_counter"):
            target = next(t for t in BRANCH["targets"] if t["code"] == purpose_cfg["target"])
            return {"visit_id": 1, "route": "self_service", "target": target, "ticket": None, "tier": "normal",
                    "at": "2026-11-23T09:41:02+08:00"}
        if purpose_cfg["route"] == "self_service" and not fields.get("insist_counter") and purpose_cfg["kind"] != "cash":
            target = next(t for t in BRANCH["targets"] if t["code"] == purpose_cfg["target"])
            return {"visit_id": 1, "route": "self_service", "target": target, "ticket": None, "tier": "normal",
                    "at": "2026-11-23T09:41:02+08:00"}
        if purpose_cfg["route"] == "lobby_manager":
            return {"visit_id": 1, "route": "lobby_manager", "ticket": None, "target": None, "tier": "normal",
                    "message_zh": "大堂经理马上到", "message_en": "The lobby manager is coming"}
        self.seq += 1
        vip = fields.get("customer_ref") == "6222000000000001"
        number = ("V" if vip else "A") + f"{self.seq:03d}"
        ticket = {"id": self.seq, "number": number, "service": "vip" if vip else purpose_cfg["service"],
                  "people_ahead": 2, "wait_minutes": 8, "status_url": f"http://127.0.0.1:8600/t/K{self.seq}",
                  "issued_at": "2026-11-23T09:41:02+08:00", "form_template": "3"}
        return {"visit_id": 1, "route": "counter", "ticket": ticket, "target": None,
                "tier": "standard" if vip else "normal", "existing": False, "reinstated": False}

    def raise_alert(self, kind, message_zh, message_en, key=""):
        self.alerts.append({"kind": kind, "message_zh": message_zh, "key": key})
        return {"id": len(self.alerts)}


class FakePrinter:
    """The printer interface (print_ticket / print_slip) with a switchable paper-out fault."""

    def __init__(self):
        self.tickets, self.slips, self.fault = [], [], None

    def print_ticket(self, ticket):
        if self.fault:
            raise self.fault
        self.tickets.append(ticket)

    def print_slip(self, slip):
        self.slips.append(slip)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def kiosk():
    host, printer, net, press, clock = FakeHost(), FakePrinter(), ManualWorker(), ManualWorker(), Clock()
    flow = KioskFlow(host, printer, net, press, clock=clock, kiosk_id="kiosk-t")
    flow.start()
    net.run_all()

    def settle():
        while net.jobs or press.jobs:
            net.run_all()
            press.run_all()
    flow.host_, flow.printer_, flow.net_, flow.clock_, flow.settle = host, printer, net, clock, settle
    return flow


def test_the_welcome_screen_greets_and_offers_the_configured_purposes(kiosk):
    view = kiosk.view()
    assert view.heading[0] == "您好，请问您需要办理什么业务？"
    assert view.branch == ("大安支行", "Da'an Sub-branch")
    assert [t.main for t in view.tiles][:2] == ["存款 / 取款", "转账 / 汇款"]
    assert len(view.tiles) == len(BRANCH["purposes"])


def test_a_small_withdrawal_is_diverted_to_the_cash_recycler_in_two_taps(kiosk):
    kiosk.choose_purpose("cash")
    assert kiosk.view().tiles[0].main == "5000元"
    kiosk.choose_amount("5000")
    kiosk.settle()
    view = kiosk.view()
    assert view.screen == "diversion"
    assert view.lines[0][0] == "存取款一体机"
    assert "大厅右侧自助区" in view.lines[1][0]
    sent = dict(kiosk.host_.visits[0])
    assert sent.pop("request_id").startswith(kiosk.kiosk_id + ":")
    assert sent == {"purpose": "cash", "lang": "zh", "elderly": False, "amount_cny": 5000}


def test_a_large_withdrawal_gets_a_ticket_that_prints_with_its_form_template(kiosk):
    kiosk.choose_purpose("cash")
    kiosk.choose_amount("over")
    assert kiosk.view().busy
    kiosk.settle()
    view = kiosk.view()
    assert (view.screen, view.number) == ("ticket", "A001")
    assert view.status[0] == "请取走号票"
    printed = kiosk.printer_.tickets[0]
    assert (printed.number, printed.form_template_no, printed.service_zh) == ("A001", "3", "个人现金业务")
    assert any("3 号模版" in line[0] for line in view.lines)


def test_two_taps_in_a_row_send_one_visit(kiosk):
    kiosk.choose_purpose("cash")
    kiosk.choose_amount("over")
    kiosk.choose_amount("over")
    kiosk.settle()
    assert len(kiosk.host_.visits) == 1
    assert len(kiosk.printer_.tickets) == 1


def test_declining_the_machine_asks_a_reason_and_issues_a_counter_ticket(kiosk):
    kiosk.choose_purpose("card_opening")
    kiosk.settle()
    assert kiosk.screen == "diversion"
    kiosk.insist_counter()
    assert [t.code for t in kiosk.view().tiles][:2] == ["machine_fault", "cannot_operate"]
    kiosk.choose_reason("cannot_operate")
    kiosk.settle()
    assert kiosk.screen == "ticket"
    assert kiosk.host_.visits[-1]["insist_counter"] is True
    assert kiosk.host_.visits[-1]["decline_reason"] == "cannot_operate"


def test_a_card_read_is_sent_with_the_visit_and_shown_only_masked(kiosk):
    kiosk.card_read("6222000000000001")
    assert kiosk.view().card[0] == "已读卡 6222 **** 0001"
    kiosk.choose_purpose("card_loss")
    kiosk.settle()
    view = kiosk.view()
    assert view.number.startswith("V")
    assert kiosk.host_.visits[-1]["customer_ref"] == "6222000000000001"
    assert "6222000000000001" not in repr(view)
    assert view.service[0] == "贵宾业务 · 贵宾客户"


def test_printer_out_of_paper_keeps_the_ticket_on_screen_and_tells_the_manager(kiosk):
    kiosk.printer_.fault = PaperOut("sensor")
    kiosk.choose_purpose("forex")
    kiosk.settle()
    view = kiosk.view()
    assert view.screen == "ticket" and view.number and view.qr_url
    assert view.fault and "已通知工作人员" in view.status[0]
    assert kiosk.host_.alerts[0]["kind"] == "printer_fault"
    assert "打印机缺纸" in kiosk.host_.alerts[0]["message_zh"]


def test_host_unreachable_shows_a_calm_message_and_retries_the_same_visit(kiosk):
    kiosk.host_.down = True
    kiosk.choose_purpose("card_loss")
    kiosk.settle()
    assert kiosk.screen == "notice"
    assert "正在重试" in kiosk.view().heading[0]
    kiosk.host_.down = False
    kiosk.clock_.now += 3.5
    kiosk.tick()
    kiosk.settle()
    assert kiosk.screen == "ticket"
    assert len(kiosk.host_.visits) == 1


def test_the_kiosk_starts_without_the_host_and_loads_purposes_when_it_returns():
    host, net = FakeHost(), ManualWorker()
    host.down = True
    clock = Clock()
    flow = KioskFlow(host, FakePrinter(), net, ManualWorker(), clock=clock)
    flow.start()
    net.run_all()
    assert flow.view().tiles == () and "正在重试" in flow.view().banner[0]
    host.down = False
    clock.now += 4
    flow.tick()
    net.run_all()
    assert len(flow.view().tiles) == len(BRANCH["purposes"])


def test_a_host_refusal_is_shown_in_the_hosts_own_words(kiosk):
    def full(purpose, **fields):
        raise HostError(503, "queue_full", "该业务号码已满", "Every number is in use")
    kiosk.host_.visit = full
    kiosk.choose_purpose("card_loss")
    kiosk.settle()
    assert kiosk.view().heading == ("该业务号码已满", "Every number is in use")


def test_after_45_idle_seconds_a_prompt_asks_then_after_20_more_everything_is_cleared(kiosk):
    kiosk.toggle_lang()
    kiosk.card_read("6222000000000002")
    kiosk.choose_purpose("cash")
    kiosk.clock_.now += 44
    kiosk.tick()
    assert not kiosk.idle_prompt
    kiosk.clock_.now += 2
    kiosk.tick()
    assert kiosk.view().idle_prompt and kiosk.view().labels["idle_q"][0] == "Are you still there?"
    kiosk.clock_.now += 20
    kiosk.tick()
    view = kiosk.view()
    assert (view.screen, view.lang, view.card, view.idle_prompt) == ("welcome", "zh", ("", ""), False)


def test_a_touch_answers_the_idle_prompt_and_keeps_the_customer(kiosk):
    kiosk.choose_purpose("cash")
    kiosk.clock_.now += 50
    kiosk.tick()
    kiosk.touch()
    kiosk.clock_.now += 30
    kiosk.tick()
    assert kiosk.screen == "amount" and not kiosk.idle_prompt


def test_elderly_mode_waits_longer_shows_fewer_tiles_and_pages_them(kiosk):
    kiosk.toggle_elderly()
    view = kiosk.view()
    assert len(view.tiles) == 6 and view.pages == 3 and view.page_text[0] == "第 1 / 3 页"
    kiosk.turn_page(+1)
    assert kiosk.view().tiles[0].code == BRANCH["purposes"][6]["code"]
    kiosk.clock_.now += 60
    kiosk.tick()
    assert not kiosk.idle_prompt
    kiosk.clock_.now += 35
    kiosk.tick()
    assert kiosk.idle_prompt


def test_the_ticket_screen_returns_to_welcome_by_itself(kiosk):
    kiosk.choose_purpose("card_loss")
    kiosk.settle()
    kiosk.clock_.now += 21
    kiosk.tick()
    assert kiosk.screen == "welcome"


def test_a_credit_card_application_sends_the_customer_to_the_lobby_manager_without_a_ticket(kiosk):
    kiosk.choose_purpose("credit_card_apply")
    kiosk.settle()
    view = kiosk.view()
    assert view.screen == "guide" and view.number == ""
    assert "大堂经理" in view.heading[0]


def test_a_diversion_slip_prints_on_request(kiosk):
    kiosk.choose_purpose("e_banking")
    kiosk.settle()
    assert kiosk.view().qr_url == "https://example.com/mobile-banking"
    kiosk.print_slip()
    kiosk.settle()
    slip = kiosk.printer_.slips[0]
    assert slip.target_zh == "手机银行" and slip.qr_url == "https://example.com/mobile-banking"
    assert kiosk.view().status[0] == "指引已打印，请取走"


def test_english_puts_english_first_and_keeps_chinese_beneath(kiosk):
    kiosk.toggle_lang()
    view = kiosk.view()
    assert view.heading == ("Hello! What can we do for you today?", "您好，请问您需要办理什么业务？")
    assert view.tiles[0].main == "Deposit / withdrawal"


def test_an_answer_that_arrives_after_an_idle_reset_is_not_shown_to_the_next_customer(kiosk):
    kiosk.choose_purpose("card_loss")
    kiosk.reset()
    kiosk.settle()
    assert kiosk.screen == "welcome"
    assert kiosk.printer_.tickets == []  # nor printed for them


def test_a_resent_visit_answered_after_the_customer_went_home_is_not_printed_for_the_next_one(kiosk):
    kiosk.host_.down = True
    kiosk.choose_purpose("card_loss")
    kiosk.settle()
    kiosk.host_.down = False
    kiosk.clock_.now += 3.5
    kiosk.tick()  # the resend is on its way ...
    kiosk.reset()  # ... when 返回首页 is tapped
    kiosk.settle()
    assert len(kiosk.host_.visits) == 1  # the host committed the visit: the manager can look it up
    assert kiosk.printer_.tickets == [] and kiosk.screen == "welcome" and kiosk.session.pending is None


def test_while_the_host_stays_down_the_kiosk_lets_a_departed_customer_go(kiosk):
    tries = []

    def down(purpose, **fields):
        tries.append(fields)
        raise HostUnreachable("refused")
    kiosk.host_.visit = down
    kiosk.choose_purpose("card_loss")
    kiosk.settle()
    assert kiosk.screen == "notice"
    for _ in range(70):  # nobody touches the screen; the kiosk retries every 3 s
        kiosk.clock_.now += 1
        kiosk.tick()
        kiosk.settle()
    assert kiosk.screen == "welcome" and kiosk.session.pending is None
    gave_up = len(tries)
    assert 1 < gave_up < 70 // 3 + 2
    for _ in range(10):
        kiosk.clock_.now += 1
        kiosk.tick()
        kiosk.settle()
    assert len(tries) == gave_up  # nothing more is sent for the customer who left


def test_spoken_guidance_in_elderly_mode_says_each_screen_in_mandarin(kiosk):
    said = []

    class Ear:
        def say(self, text, lang):
            said.append((text, lang))

        def stop(self):
            pass
    kiosk.speaker, kiosk.voice_default = Ear(), True
    kiosk.toggle_elderly()
    kiosk.choose_purpose("cash")
    assert said[-1] == ("请问您办理的金额是多少？", "zh")


# ---------------------------------------------------------------- with the real host
def _real_flow(host, printer=None):
    from kiosk.jobs import Inbox, Worker
    from queue_host.client import HostClient
    inbox = Inbox()
    flow = KioskFlow(HostClient(host.url, host.tokens["kiosk"]), printer or FakePrinter(),
                     Worker(inbox.post, "net"), Worker(inbox.post, "press"))
    flow.start()
    assert inbox.run_one(5)
    return flow, inbox


def test_two_taps_in_a_row_make_one_ticket_at_the_real_host(host):
    import requests
    flow, inbox = _real_flow(host)
    flow.choose_purpose("cash")
    flow.choose_amount("over")
    flow.choose_amount("over")  # the second tap arrives while the first request is in flight
    while flow.busy or flow.session.print_state in ("", "printing"):
        assert inbox.run_one(5)
    queues = requests.get(host.url + "/api/queues", headers=host.headers("manager")).json()
    cash = next(s for s in queues["services"] if s["code"] == "cash")
    assert cash["waiting"] == 1 and flow.view().number == "A001"


def test_the_same_card_at_the_real_host_keeps_its_one_live_ticket(host):
    flow, inbox = _real_flow(host)
    numbers = []
    for _ in range(2):
        flow.reset()
        flow.card_read("6222000000000003")
        flow.choose_purpose("card_loss")
        while flow.busy:
            assert inbox.run_one(5)
        numbers.append(flow.view().number)
    assert numbers[0] == numbers[1]
    assert flow.view().lines[0][0] == "您已取过号，号码不变"


def test_a_visit_resent_after_the_answer_was_lost_gets_the_same_ticket_from_the_real_host(host):
    # The host commits the visit, then the answer is lost (the host dies before sending it): the kiosk
    # sends the same request again and the host answers with the ticket it already issued.
    from queue_host.client import HostClient

    flow, inbox = _real_flow(host)
    real = flow.host
    sent = []

    class LosesFirstAnswer:
        def __getattr__(self, name):
            return getattr(real, name)

        def visit(self, purpose, **fields):
            sent.append(fields["request_id"])
            answer = real.visit(purpose, **fields)
            if len(sent) == 1:
                raise HostUnreachable("read timed out")
            return answer
    flow.host = LosesFirstAnswer()
    flow.retry_s = 0  # retry at the next tick
    flow.choose_purpose("card_loss")
    while flow.busy:
        assert inbox.run_one(5)
    assert flow.screen == "notice" and flow.offline
    flow.tick()
    while flow.busy or flow.screen != "ticket":
        assert inbox.run_one(5)
    assert len(sent) == 2 and sent[0] == sent[1]
    assert flow.view().number == "B001"
    assert HostClient(host.url, host.tokens["manager"]).stats()["tickets"] == 1


def test_turning_down_the_machine_counts_one_declined_visit_at_the_real_host(host):
    from queue_host.client import HostClient

    flow, inbox = _real_flow(host)
    flow.choose_purpose("card_opening")
    while flow.busy:
        assert inbox.run_one(5)
    assert flow.screen == "diversion"
    flow.insist_counter()
    flow.choose_reason("cannot_operate")
    while flow.busy:
        assert inbox.run_one(5)
    assert flow.screen == "ticket"
    stats = HostClient(host.url, host.tokens["manager"]).stats()
    assert (stats["visits"], stats["diverted"], stats["declined"]) == (1, 0, 1)


def test_the_branch_configuration_is_read_again_between_customers_after_ten_minutes(kiosk):
    calls = []
    original = kiosk.host_.config
    kiosk.host_.config = lambda: calls.append(1) or original()
    kiosk.reset()
    kiosk.settle()
    assert calls == []
    kiosk.clock_.now += 601
    kiosk.reset()
    kiosk.settle()
    assert calls == [1] and kiosk.view().tiles


def test_a_card_opening_customer_is_offered_only_the_reasons_that_fit_it(kiosk):
    kiosk.choose_purpose("card_opening")
    kiosk.settle()
    kiosk.insist_counter()
    codes = [t.code for t in kiosk.view().tiles]
    assert codes == ["machine_fault", "cannot_operate", "other"]
    kiosk.back()
    kiosk.back()
    kiosk.choose_purpose("cash")
    kiosk.choose_amount("under")
    kiosk.settle()
    kiosk.insist_counter()
    assert "over_limit" in [t.code for t in kiosk.view().tiles]
