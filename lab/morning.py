"""A scripted branch morning in the lab: the network, the branch, the parts started, the faults on a schedule.

Times in the schedule are branch seconds on the compressed clock (demo.clock); faults that a
person would feel (how long a kiosk made a customer wait, how long the display took to catch up)
are measured in real seconds.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from demo.clock import Agenda, FastClock
from demo.script import visitors
from lab import net
from lab.net import SLOW_DELAY_MS, SLOW_DROP
from lab.branch import LabBranch, make
from queue_host.client import HostClient, HostUnreachable, HostError

HOST = net.Node("host", f"{net.SUBNET}.2")
KIOSKS = [net.Node("kiosk1", f"{net.SUBNET}.11"), net.Node("kiosk2", f"{net.SUBNET}.12")]
DISPLAY = net.Node("display", f"{net.SUBNET}.21")
# Counters 3, 4 and 5 between them serve every queue (non-cash/corporate, VIP/cash/non-cash, wealth).
COUNTERS = [net.Node(f"counter{c}", f"{net.SUBNET}.3{c}") for c in ("3", "4", "5")]
SLOW = COUNTERS[1]  # the panel behind the slow link
RESTART_PAUSE_S = 3.0  # the host unit's RestartSec
PROXY_PORT = 8600


@dataclass
class Options:
    """How big and how fast the morning is; where it lives."""

    lab_dir: Path
    visitors: int = 60
    per_hour: float = 80.0
    speed: float = 30.0
    seed: int = 7
    clock_offset_s: float = 420.0  # kiosk 2's clock runs 7 minutes fast
    drain_limit_s: float = 60.0    # real seconds allowed after the last arrival for hand-ins and calls
    host_outage_min_s: float = 180.0  # branch seconds the host's port stays dead at least


class Morning:
    """Builds the lab, plays the morning, and tears everything down (also after a failure)."""

    def __init__(self, opts: Options):
        self.opts = opts
        self.dir = opts.lab_dir
        self.people = visitors(24 * 60, seed=opts.seed, per_hour=opts.per_hour)[:opts.visitors]
        self.end_s = (self.people[-1].arrive_s if self.people else 0) + 60
        self.procs: dict[str, subprocess.Popen] = {}
        self.faults: list[dict] = []
        self.restart: dict = {}
        self.down: set[net.Node] = set()
        self.restarting: threading.Thread | None = None
        self.restart_error: RuntimeError | None = None
        self.branch: LabBranch | None = None
        self.observer: HostClient | None = None

    # -- the parts
    def host_up(self) -> None:
        """Start the host with its unit's command line, inside its namespace, from the unit's folder."""
        with open(self.dir / "host.log", "ab") as log:  # the child keeps its own copy of the descriptor
            self.procs["host"] = subprocess.Popen(net.in_ns(HOST, self.branch.host_argv),
                                                  cwd=self.branch.host_workdir, stdout=log, stderr=subprocess.STDOUT)

    def serving(self, limit_s: float = 30.0) -> float:
        """Real seconds until the host answers /api/health over TLS; raises if it never does."""
        start = time.monotonic()
        while time.monotonic() - start < limit_s:
            if self.procs["host"].poll() is not None:
                raise RuntimeError(f"the host exited ({self.procs['host'].returncode}); see {self.dir / 'host.log'}")
            try:
                self.observer.health()
                return time.monotonic() - start
            except (HostUnreachable, HostError):
                time.sleep(0.05)
        raise RuntimeError(f"the host did not serve within {limit_s} s; see {self.dir / 'host.log'}")

    def start_device(self, node: net.Node, plan: dict) -> None:
        """A headless device in its namespace, with its plan."""
        out = self.dir / "out"
        plan = {**plan, "name": node.name, "url": self.branch.url, "ca": str(self.branch.ca),
                "out": str(out / f"{node.name}.json"),
                "stop": str(self.dir / "stop"), "go": str(self.dir / "go"), "speed": self.opts.speed,
                "data_dir": str(self.dir / "data" / node.name)}
        path = self.dir / "plans" / f"{node.name}.json"
        path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        with open(self.dir / f"{node.name}.log", "ab") as log:
            self.procs[node.name] = subprocess.Popen(
                net.in_ns(node, [sys.executable, "-m", "lab.start", str(path)]), cwd=net_root(), stdout=log,
                stderr=subprocess.STDOUT)

    def start_proxy(self) -> None:
        """The slow link's relay in the slow panel's namespace (its /etc/hosts points the host name here)."""
        with open(self.dir / "proxy.log", "ab") as log:
            self.procs["proxy"] = self._proxy(log)

    def _proxy(self, log) -> subprocess.Popen:
        return subprocess.Popen(net.in_ns(SLOW, [
            sys.executable, "-m", "lab.proxy", "--listen", f"127.0.0.1:{PROXY_PORT}", "--to", f"{HOST.address}:8600",
            "--flag", str(self.dir / "slow-link"), "--log", str(self.dir / "out" / "proxy.json"),
            "--delay-ms", str(SLOW_DELAY_MS), "--drop", str(SLOW_DROP)]),
            cwd=net_root(), stdout=log, stderr=subprocess.STDOUT)

    # -- the faults
    def note(self, kind: str, **fields) -> None:
        """Record a fault's moment (real time and the host's event count, when it answers)."""
        seq = None
        try:
            seq = int(self.observer.health().get("seq", 0))
        except (HostUnreachable, HostError):
            pass
        self.faults.append({"kind": kind, "at": time.time(), "branch_s": round(self.agenda.clock.now()),
                            "seq": seq, **fields})

    def cable(self, node: net.Node, up: bool) -> None:
        """Pull or plug a device's cable."""
        net.cable(node, up)
        self.down.discard(node) if up else self.down.add(node)
        self.note("cable_up" if up else "cable_down", node=node.name)

    def power_cut(self) -> None:
        """SIGKILL the host; on a thread of its own (the schedule goes on) wait the unit's restart pause, start
        it again and time it to serving."""
        self.note("host_killed")
        proc = self.procs["host"]
        killed = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

        def come_back() -> None:
            time.sleep(RESTART_PAUSE_S)
            self.host_up()
            try:
                to_serving = self.serving()
            except RuntimeError as exc:  # the unit's command line cannot bring the host back: the lab fails
                self.restart_error = exc
                return
            self.restart = {"restart_to_serving_s": round(to_serving, 2),
                            "killed_to_serving_s": round(time.monotonic() - killed, 2),
                            "restart_pause_s": RESTART_PAUSE_S}
            self.note("host_serving")
        self.restarting = threading.Thread(target=come_back, name="lab-restart", daemon=True)
        self.restarting.start()

    def slow(self, on: bool) -> None:
        """Make the slow panel's link slow and lossy, or well again."""
        flag = self.dir / "slow-link"
        flag.touch() if on else flag.unlink(missing_ok=True)
        self.note("slow_on" if on else "slow_off", node=SLOW.name)

    def counted(self, names: list[str], key: str) -> int:
        """The sum of one figure over some devices' status files (visits at kiosks, calls at counters)."""
        return sum(int(self.status(n).get(key, 0)) for n in names)

    def outage(self, node: net.Node, names: list[str], key: str, more: int, min_s: float, cap_s: float) -> None:
        """Pull a cable; plug it back once the devices counted `more` of `key` and `min_s` passed (at most cap_s)."""
        if node is HOST and self.restarting is not None and self.restarting.is_alive():
            self.agenda.at(self.agenda.clock.now() + 5, lambda: self.outage(node, names, key, more, min_s, cap_s))
            return
        self.cable(node, False)
        start, base = self.agenda.clock.now(), self.counted(names, key)

        def check() -> None:
            now = self.agenda.clock.now()
            if now - start >= cap_s or (now - start >= min_s and self.counted(names, key) >= base + more):
                self.cable(node, True)
            else:
                self.agenda.at(now + 5, check)
        self.agenda.at(start + 5, check)

    def schedule(self) -> None:
        """Each fault when a share of the visitors has arrived; outages end by counts (capped in branch time)."""
        def at(share: float, act) -> None:
            self.agenda.at(max(0.0, self.people[int(share * (len(self.people) - 1))].arrive_s - 5), act)
        kiosks, counters = [k.name for k in KIOSKS], [c.name for c in COUNTERS]
        minutes = self.end_s / 60
        at(0.10, lambda: self.outage(KIOSKS[0], kiosks[:1], "visits", 2, 60, 8 * 60))
        self.agenda.at(self.end_s * 0.15, lambda: self.slow(True))
        self.agenda.at(self.end_s * 0.85, lambda: self.slow(False))
        at(0.25, lambda: self.outage(DISPLAY, counters, "calls", 2, 60, max(4, minutes * 0.2) * 60))
        at(0.40, self.power_cut)
        at(0.62, lambda: self.outage(HOST, kiosks, "visits", 3, self.opts.host_outage_min_s,
                                     max(6, minutes * 0.3) * 60))

    def restore(self) -> None:
        """Every cable plugged and the slow link well, whatever the schedule reached."""
        for node in list(self.down):
            self.cable(node, True)
        (self.dir / "slow-link").unlink(missing_ok=True)

    # -- the morning
    def run(self) -> dict:
        """Build, play, drain, stop, and return the figures (teardown is the caller's `close`)."""
        from lab.figures import figures
        for old in ("branch", "units", "host-workdir", "out", "plans", "data", "stop", "go", "slow-link"):
            path = self.dir / old  # a lab folder used before starts afresh
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        for sub in ("out", "plans", "data"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        net.clean_stale()
        nodes = [HOST, *KIOSKS, DISPLAY, *COUNTERS]
        net.build(nodes, HOST, {SLOW.name: "127.0.0.1"})
        self.branch = make(self.dir, HOST.address)
        self.observer = HostClient(f"https://{HOST.address}:8600", self.branch.tokens["manager"],
                                   ca=str(self.branch.ca), timeout=2.0, connect_timeout=0.5)
        self.host_up()
        first_start = self.serving()
        self.start_proxy()
        for i, node in enumerate(KIOSKS):
            mine = [dataclasses.asdict(v) for j, v in enumerate(self.people) if j % 2 == i]
            self.start_device(node, {"role": "kiosk", "token": self.branch.tokens["kiosk" if i == 0 else "kiosk-2"],
                                     "visitors": mine, "clock_offset_s": self.opts.clock_offset_s if i else 0})
        self.start_device(DISPLAY, {"role": "display", "token": self.branch.tokens["display"]})
        for node in COUNTERS:
            c = node.name.removeprefix("counter")
            self.start_device(node, {"role": "counter", "counter": c, "token": self.branch.tokens[f"counter-{c}"]})
        self.await_ready()
        self.epoch = time.time() + 1.0
        (self.dir / "go.tmp").write_text(repr(self.epoch), encoding="utf-8")
        os.replace(self.dir / "go.tmp", self.dir / "go")  # a device never reads half of it
        self.agenda = Agenda(FastClock(self.opts.speed, self.epoch))
        self.schedule()
        self.agenda.run(self.end_s + 1)
        if self.restarting is not None:
            self.restarting.join(60)
        if self.restart_error is not None:
            raise self.restart_error
        self.restore()
        drained = self.drain()
        (self.dir / "stop").touch()
        self.stop_all()
        (self.dir / "faults.json").write_text(json.dumps(self.faults), encoding="utf-8")
        result = figures(self, first_start, drained)
        (self.dir / "figures.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return result

    def await_ready(self, limit_s: float = 90.0) -> None:
        """Wait until every device is set up (kiosks with their first blocks); a device that is not fails the lab."""
        names = [n.name for n in (*KIOSKS, DISPLAY, *COUNTERS)]
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            late = [n for n in names if not self.status(n).get("ready")]
            dead = [n for n in late if self.procs[n].poll() is not None]
            if dead:
                raise RuntimeError(f"lab devices exited before the morning: {', '.join(dead)}; see {self.dir}")
            if not late:
                return
            time.sleep(0.2)
        raise RuntimeError(f"lab devices not ready within {limit_s} s: {', '.join(late)}; see {self.dir}")

    def status(self, name: str) -> dict:
        """A device's last status file (empty before its first)."""
        try:
            return json.loads((self.dir / "out" / f"{name}.status.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def drain(self) -> float:
        """After the last arrival: wait (bounded) until the kiosks handed everything in and the display shows
        the host's last event. Returns the real seconds it took (-1: not within the limit)."""
        start = time.monotonic()
        while time.monotonic() - start < self.opts.drain_limit_s:
            kiosks = all(self.status(k.name).get("done") for k in KIOSKS)
            try:
                seq = int(self.observer.health().get("seq", 0))
            except (HostUnreachable, HostError):
                seq = -1
            if kiosks and seq >= 0 and self.status(DISPLAY.name).get("seq", 0) >= seq:
                return time.monotonic() - start
            time.sleep(0.5)
        return -1.0

    def stop_all(self) -> None:
        """Let the devices write their records, then stop everything the lab started."""
        deadline = time.monotonic() + 15
        for name, proc in self.procs.items():
            if name in ("host", "proxy"):
                continue
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        for name in ("proxy", "host"):
            proc = self.procs.get(name)
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def close(self) -> None:
        """Kill whatever still runs and remove the lab's namespaces, links and hosts files."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
        net.clean_stale()


def net_root() -> str:
    """The source tree, so `python -m lab.start` finds the lab beside the apps."""
    return str(Path(__file__).resolve().parent.parent)
