"""Who walks in on a simulated day: drawn once per replication seed, the same for every scenario that
shares the arrival profile and mix (common random numbers), so scenarios differ only by their rules."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from statistics import NormalDist

from simulator.scenario import Scenario, ServiceTime

NORMAL = NormalDist()


@dataclass(frozen=True)
class Person:
    """One visitor and the random draws that decide what they do."""
    n: int
    arrive_s: float
    purpose: str
    amount: int | None
    tier: str
    elderly: bool
    u_decline: float
    decline_reason: str
    leaves: bool
    patience_s: float
    returns: bool
    return_after_s: float
    u_service: float


def draw_time(spec: ServiceTime, u: float) -> float:
    """Seconds of service from a uniform draw (inverse transform, so one draw serves every scenario)."""
    mean = spec.mean_minutes * 60
    u = min(max(u, 1e-12), 1 - 1e-12)
    if spec.dist == "exponential":
        return -mean * math.log(1 - u)
    if spec.dist == "fixed" or spec.cv == 0:
        return mean
    sigma2 = math.log(1 + spec.cv ** 2)
    return math.exp(math.log(mean) - sigma2 / 2 + math.sqrt(sigma2) * NORMAL.inv_cdf(u))


class Uniforms:
    """A seeded stream of uniforms; its antithetic twin gives 1 - u for every u (a variance reduction:
    replications 2k and 2k+1 share a seed and mirror each other)."""

    def __init__(self, seed: str, antithetic: bool = False):
        self.rng, self.antithetic = random.Random(seed), antithetic

    def random(self) -> float:
        """The next uniform in [0, 1)."""
        u = self.rng.random()
        return 1.0 - u if self.antithetic else u

    def expovariate(self, rate: float) -> float:
        """An exponential draw by inverse transform of the next uniform."""
        return -math.log(max(1e-300, 1.0 - self.random())) / rate

    def choices(self, items: list, weights: list[float]) -> list:
        """One weighted choice by the next uniform."""
        total, u = sum(weights), self.random()
        acc = 0.0
        for item, w in zip(items, weights):
            acc += w / total
            if u < acc:
                return [item]
        return [items[-1]]


def people(s: Scenario, seed: int, antithetic: bool = False) -> list[Person]:
    """The day's visitors: Poisson arrivals at each hour's rate, then each person's traits in a fixed order."""
    arrivals = Uniforms(f"arrivals-{seed}", antithetic)
    traits = Uniforms(f"traits-{seed}", antithetic)
    purposes, weights = list(s.mix), list(s.mix.values())
    tiers = [t.code for t in s.cfg.tiers if t.code != "normal"] or ["standard"]
    reasons = {code: _reasons(s, code) for code in s.cfg.purposes}  # each purpose's fitting decline reasons
    c = s.customers
    out: list[Person] = []
    for start, end, per_hour in s.arrivals:
        if per_hour <= 0:
            continue
        t = start + arrivals.expovariate(per_hour / 3600)
        while t < end:
            u = [traits.random() for _ in range(10)]
            purpose = traits.choices(purposes, weights)[0]
            kind = s.cfg.purposes[purpose].kind
            amount = (60_000 if u[0] < c.large_cash_share else 2_000) if kind == "cash" else None
            out.append(Person(
                n=len(out) + 1, arrive_s=t, purpose=purpose, amount=amount,
                tier=tiers[int(u[1] * len(tiers))] if u[2] < c.vip_share else "normal",
                elderly=u[3] < c.elderly_share, u_decline=u[4], decline_reason=_pick(reasons[purpose], u[5]),
                leaves=u[6] < c.leave, patience_s=60 * (c.patience_minutes[0] + u[7] * (c.patience_minutes[1] - c.patience_minutes[0])),
                returns=u[8] < c.return_share,
                return_after_s=60 * (c.return_after_minutes[0] + u[8] / max(c.return_share, 1e-9)
                                     * (c.return_after_minutes[1] - c.return_after_minutes[0])) if u[8] < c.return_share else 0.0,
                u_service=u[9]))
            t += arrivals.expovariate(per_hour / 3600)
    return out


def _reasons(s: Scenario, purpose: str) -> list[str]:
    """The reasons a customer of `purpose` may give for turning the machine down (machine faults aside)."""
    fits = [code for code, r in s.cfg.decline_reasons.items() if r.fits(purpose)]
    return [code for code in fits if code != "machine_fault"] or fits


def _pick(reasons: list[str], u: float) -> str:
    return reasons[int(u * len(reasons))] if reasons else ""
