"""A what-if scenario: a TOML file read once into frozen dataclasses, with clear errors for bad input."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from queue_host.config import DEFAULT_PATH, Config, load

DISTRIBUTIONS = ("exponential", "lognormal", "fixed")


class ScenarioError(ValueError):
    """The scenario file is wrong; the message says where and what to write instead."""


@dataclass(frozen=True)
class ServiceTime:
    """A service's time: mean minutes and distribution."""
    mean_minutes: float
    dist: str = "lognormal"
    cv: float = 0.5


@dataclass(frozen=True)
class Machine:
    """A self-service machine: customers at once, minutes each."""
    capacity: int = 1
    minutes: float = 3.0


@dataclass(frozen=True)
class Outage:
    """A machine out of service between two times (seconds of the day)."""
    target: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Customers:
    """How customers behave: shares and ranges drawn per person."""
    vip_share: float = 0.1
    elderly_share: float = 0.12
    decline: float = 0.15
    elderly_decline: float = 0.8
    leave: float = 0.0
    patience_minutes: tuple[float, float] = (10.0, 40.0)
    return_share: float = 0.5
    return_after_minutes: tuple[float, float] = (5.0, 20.0)
    large_cash_share: float = 0.2
    machine_patience_minutes: float = 10.0


@dataclass(frozen=True)
class Scenario:
    """Everything one what-if sets: the branch's rules, people, staff and machines."""
    name: str
    cfg: Config
    open_s: float
    close_s: float
    arrivals: tuple[tuple[float, float, float], ...]  # (from_s, to_s, visitors per hour)
    mix: dict[str, float]
    service_times: dict[str, ServiceTime]
    shifts: dict[str, tuple[tuple[float, float], ...]]  # counter -> open spans in seconds of the day
    machines: dict[str, Machine] = field(default_factory=dict)
    outages: tuple[Outage, ...] = ()
    customers: Customers = Customers()
    walk_s: float = 15.0
    manager_minutes: float = 3.0
    seed: int = 1
    replications: int = 10
    diversion: bool = True
    starving_factor: float = 5.0  # a queue whose mean wait exceeds this times its service level starves
    source: str = ""

    def service_time(self, service: str) -> ServiceTime:
        """The service's time distribution (or the scenario's default)."""
        return self.service_times.get(service) or self.service_times["default"]


def seconds(text: str, where: str) -> float:
    """'HH:MM' as seconds after midnight."""
    try:
        t = time.fromisoformat(text)
    except (TypeError, ValueError):
        raise ScenarioError(f"{where}: write a time as \"HH:MM\", got {text!r}") from None
    return t.hour * 3600 + t.minute * 60


def _share(value, where: str) -> float:
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ScenarioError(f"{where}: a share between 0 and 1, got {value!r}")
    return float(value)


def _pair(value, where: str) -> tuple[float, float]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)
            and 0 <= value[0] <= value[1]):
        raise ScenarioError(f"{where}: two numbers [low, high], low <= high, got {value!r}")
    return float(value[0]), float(value[1])


def _branch(data: dict, base: Path) -> Config:
    path = Path(data.get("branch", DEFAULT_PATH))
    path = path if path.is_absolute() or path.exists() else base / path
    cfg = load(path)
    calling = data.get("calling", {})
    unknown = set(calling) - {f.name for f in dataclasses.fields(cfg.calling)}
    if unknown:
        raise ScenarioError(f"[calling]: unknown rule(s) {', '.join(sorted(unknown))}; "
                            f"use {', '.join(f.name for f in dataclasses.fields(cfg.calling))}")
    cfg = dataclasses.replace(cfg, calling=dataclasses.replace(cfg.calling, **calling))
    if not data.get("diversion", True):
        # The branch without diversion: the same rules, with every machine purpose routed to its counter.
        purposes = {code: dataclasses.replace(p, route="counter", target=None) if p.route == "self_service" else p
                    for code, p in cfg.purposes.items()}
        cfg = dataclasses.replace(cfg, purposes=purposes)
    return cfg


def parse(data: dict, source: str = "", base: Path = Path(".")) -> Scenario:
    """A scenario from parsed TOML."""
    cfg = _branch(data, base)
    open_s, close_s = seconds(data.get("open", "09:00"), "open"), seconds(data.get("close", "17:00"), "close")
    if close_s <= open_s:
        raise ScenarioError(f"close {data.get('close')} must be after open {data.get('open')}")
    hourly = data.get("arrivals") or {}
    if not hourly:
        raise ScenarioError("[arrivals]: give visitors per hour by starting hour, e.g. \"09:00\" = 60")
    starts = sorted((seconds(k, f"[arrivals] {k}"), float(v)) for k, v in hourly.items())
    if any(v < 0 for _, v in starts):
        raise ScenarioError("[arrivals]: visitors per hour cannot be negative")
    arrivals = tuple((s, starts[i + 1][0] if i + 1 < len(starts) else close_s, v) for i, (s, v) in enumerate(starts))
    mix = {k: float(v) for k, v in (data.get("mix") or {}).items()}
    bad = set(mix) - set(cfg.purposes)
    if bad or not mix or any(v < 0 for v in mix.values()) or not sum(mix.values()):
        raise ScenarioError(f"[mix]: positive weights of the branch's purposes ({', '.join(cfg.purposes)})"
                            + (f"; unknown: {', '.join(sorted(bad))}" if bad else ""))
    times = {}
    for code, spec in (data.get("service_minutes") or {}).items():
        if code != "default" and code not in cfg.services:
            raise ScenarioError(f"[service_minutes] {code}: not a service ({', '.join(cfg.services)}) or default")
        spec = spec if isinstance(spec, dict) else {"mean": spec}
        st = ServiceTime(float(spec.get("mean", 0)), spec.get("dist", "lognormal"), float(spec.get("cv", 0.5)))
        if st.mean_minutes <= 0 or st.dist not in DISTRIBUTIONS or st.cv < 0:
            raise ScenarioError(f"[service_minutes] {code}: mean > 0 minutes, dist one of {DISTRIBUTIONS}, cv >= 0")
        times[code] = st
    times.setdefault("default", ServiceTime(cfg.calling.default_service_minutes))
    shifts = {}
    for cid, spans in (data.get("counters") or {cid: [[data.get("open", "09:00"), data.get("close", "17:00")]]
                                                for cid in cfg.counters}).items():
        if cid not in cfg.counters:
            raise ScenarioError(f"[counters] {cid}: not a counter of the branch ({', '.join(cfg.counters)})")
        shifts[cid] = tuple((seconds(a, f"[counters] {cid}"), seconds(b, f"[counters] {cid}")) for a, b in spans)
    machines = {}
    for code, spec in (data.get("self_service") or {}).items():
        if code not in cfg.targets:
            raise ScenarioError(f"[self_service] {code}: not a target ({', '.join(cfg.targets)})")
        machines[code] = Machine(int(spec.get("capacity", 1)), float(spec.get("minutes", 3)))
    outages = []
    for o in data.get("outages", []):
        if o.get("target") not in cfg.targets:
            raise ScenarioError(f"[[outages]] target: one of {', '.join(cfg.targets)}, got {o.get('target')!r}")
        outages.append(Outage(o["target"], seconds(o.get("from"), "[[outages]] from"), seconds(o.get("to"), "[[outages]] to")))
    c = data.get("customers", {})
    known = {f.name for f in dataclasses.fields(Customers)}
    if set(c) - known:
        raise ScenarioError(f"[customers]: unknown {', '.join(sorted(set(c) - known))}; use {', '.join(sorted(known))}")
    customers = Customers(**{k: (_pair(v, f"[customers] {k}") if isinstance(v, list) else
                                 (_share(v, f"[customers] {k}") if k not in ("machine_patience_minutes",) else float(v)))
                             for k, v in c.items()})
    factor = data.get("starving_factor", 5)
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 1 <= factor <= 100:
        raise ScenarioError(f"starving_factor: a number from 1 to 100 (a queue starves when its mean wait exceeds "
                            f"this many times its service-level minutes), got {factor!r}")
    return Scenario(name=str(data.get("name", Path(source).stem or "scenario")), cfg=cfg, open_s=open_s, close_s=close_s,
                    arrivals=arrivals, mix=mix, service_times=times, shifts=shifts, machines=machines,
                    outages=tuple(outages), customers=customers, walk_s=float(data.get("walk_seconds", 15)),
                    manager_minutes=float(data.get("manager_minutes", 3)),
                    seed=int(data.get("seed", 1)), replications=int(data.get("replications", 10)),
                    diversion=bool(data.get("diversion", True)), starving_factor=float(factor), source=source)


def read(path: str | Path) -> Scenario:
    """A scenario from its TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None
    try:
        return parse(data, str(path), path.parent)
    except ScenarioError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
