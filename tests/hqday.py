"""A branch day driven over HTTP against a real host, for the head-office tests: visits, calls, no-shows,
customers who turn the machine down, and personal data (card numbers, names, phones, notes) that must
never leave the branch."""
from __future__ import annotations

import random
import threading
from pathlib import Path

import requests

from tests.hostproc import DEFAULT_CONFIG

CARD, NAME, PHONE = "6222020200112233445", "张三丰", "13800138000"
PERSONAL = (CARD, NAME, PHONE)

MIX = [
    (30, {"purpose": "cash", "amount_cny": 30000, "customer_ref": CARD}),   # counter, cash
    (12, {"purpose": "card_loss"}),                                         # counter, non-cash
    (12, {"purpose": "cash", "amount_cny": 5000}),                          # diverted: cash recycler
    (8, {"purpose": "e_banking", "elderly": True}),                         # diverted
    (6, {"purpose": "credit_card_apply"}),                                  # lobby manager
    (6, {"purpose": "wealth"}),                                             # customer manager
]


def branch_file(dest: Path, dsn: str, branch_id: str, password_file: Path, batch_size: int = 20) -> Path:
    """The shipped branch file with an [hq] table pointing at head office (the password in a file)."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace('name_en = "Da\'an Sub-branch"',
                                                              f'name_en = "Branch {branch_id}"', 1)
    text += (f'\n[hq]\ndsn = "{dsn}"\nbranch_id = "{branch_id}"\nbatch_size = {batch_size}\n'
             f'password_file = "{password_file}"\npoll_s = 0.1\nretry_max_s = 1\nheartbeat_s = 1\n')
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


class Day(threading.Thread):
    """`steps` actions on one host from a seeded random stream; a refused or failed request is just counted."""

    def __init__(self, host, seed: int, steps: int):
        super().__init__(daemon=True, name=f"day-{seed}")
        self.host, self.rng, self.steps = host, random.Random(seed), steps
        self.done = self.ok = self.failed = 0
        self.current: dict[str, int] = {}
        self.session = requests.Session()

    def _post(self, path: str, body: dict, who: str = "manager") -> dict | None:
        try:
            r = self.session.post(self.host.url + path, json=body, headers=self.host.headers(who), timeout=5)
        except requests.RequestException:
            self.failed += 1
            return None
        if r.status_code != 200:
            return None
        self.ok += 1
        return r.json()

    def step(self) -> None:
        """One action of the day."""
        roll = self.rng.random()
        if roll < 0.55:
            weights, bodies = zip(*MIX)
            self._post("/api/visits", dict(self.rng.choices(bodies, weights)[0]))
        elif roll < 0.62:  # shown the cash recycler, the customer insists on a counter: one visit, declined
            out = self._post("/api/visits", {"purpose": "cash", "amount_cny": 3000})
            if out and out["route"] == "self_service":
                self._post("/api/visits", {"purpose": "cash", "amount_cny": 3000, "insist_counter": True,
                                           "decline_reason": "cannot_operate", "replaces_visit": out["visit_id"]})
        elif roll < 0.90:
            counter = self.rng.choice(["1", "2", "3", "4", "5"])
            out = self._post(f"/api/counters/{counter}/call-next", {}, f"counter-{counter}")
            if out and out.get("ticket"):
                self.current[counter] = out["ticket"]["id"]
        elif roll < 0.95 and self.current:  # the called customer is not there
            counter, ticket = self.rng.choice(sorted(self.current.items()))
            self._post(f"/api/tickets/{ticket}/no-show", {}, f"counter-{counter}")
            del self.current[counter]
        elif roll < 0.97:
            self._post("/api/leads", {"name": NAME, "contact": PHONE, "need": f"理财 {PHONE}", "consent": True})
        elif roll < 0.99:
            self._post("/api/tickets", {"service": "noncash", "reason": "客户不会用取号机", "note": f"{NAME} {PHONE}"})
        else:
            self._post("/api/alerts", {"kind": "other", "message_zh": f"{NAME}来电 {PHONE}", "key": f"k{self.done}"})

    def run(self) -> None:
        while self.done < self.steps:
            self.step()
            self.done += 1
