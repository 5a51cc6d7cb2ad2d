"""A lab counter panel: the teller's plain flow calling, serving and now and then recalling, on the branch clock."""
from __future__ import annotations

import time

from demo.script import SERVICE_MINUTES
from lab.device import Device
from panel.counter_flow import CounterFlow
from panel.names import Names
from queue_host.client import HostClient, HostUnreachable

IDLE_S = 30.0    # branch seconds an idle teller waits before calling again
RETRY_S = 10.0   # branch seconds before trying again after a refusal or an unreachable host
RECALL_EVERY = 7  # one customer in this many does not come at once: called again


class LabCounter(Device):
    """One teller at one window; what it asked for and what the host answered."""

    def __init__(self, plan: dict):
        super().__init__(plan)
        self.client = HostClient(plan["url"], plan["token"], ca=plan["ca"])
        self.flow: CounterFlow | None = None
        self.calls: list[dict] = []
        self.refusals: list[dict] = []
        self.idle_at = 0.0

    def sleep_branch(self, branch_s: float) -> None:
        """Wait branch_s on the branch clock (or until the lab stops)."""
        end = self.clock.now() + branch_s
        while self.clock.now() < end and not self.stopped():
            time.sleep(min(0.2, self.clock.real_delay(end)))

    def refused(self, action: str, out) -> None:
        """Note a refusal: the action, the host's error and its English words."""
        self.refusals.append({"action": action, "error": out.error, "why": out.message_en, "at": time.time()})

    def connect(self) -> None:
        """Read the branch's names until the host answers (the panel's start)."""
        while self.flow is None and not self.stopped():
            try:
                names = Names.from_config(self.client.config())
                self.flow = CounterFlow(self.client, self.plan["counter"], names)
                self.flow.refresh()
            except HostUnreachable:
                self.sleep_branch(RETRY_S)

    def step(self) -> float:
        """Finish the current customer and call the next; branch seconds until the next step."""
        out = self.flow.call_next()
        if not out.ok:
            self.refused("call_next", out)
            return RETRY_S
        ticket = out.data
        if not isinstance(ticket, dict):
            self.idle_at = time.time()
            return IDLE_S
        self.calls.append({"number": ticket["number"], "id": ticket["id"], "at": time.time()})
        minutes = SERVICE_MINUTES.get(ticket.get("purpose", ""), 4)
        if ticket["id"] % RECALL_EVERY == 0:
            self.sleep_branch(20)
            again = self.flow.recall()
            if not again.ok:
                self.refused("recall", again)
        return minutes * 60

    def run(self) -> None:
        """Serve until the lab stops."""
        self.connect()
        self.ready()
        while not self.stopped():
            wait = self.step()
            self.status(calls=len(self.calls), idle_at=self.idle_at)
            self.sleep_branch(wait)
        self.record({"name": self.plan["name"], "counter": self.plan["counter"], "calls": self.calls,
                     "refusals": self.refusals})


def run(plan: dict) -> None:
    """Run a lab counter panel."""
    LabCounter(plan).run()
