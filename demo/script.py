"""Who walks into the demo branch: a seeded-random mix of visitors drawn from the branch documents."""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from queue_host.config import DEFAULT_PATH, load

# (weight, purpose, amount range in CNY or a band of the branch's thresholds, or None). Drawn from the
# seed-003 table: most visits are small cash and sign-ups the machines can take; a few are large cash,
# forex, wealth and loans.
MIX: list[tuple[float, str, tuple[int, int] | str | None]] = [
    (26, "cash", "small"), (7, "cash", "large"), (4, "cash", "high_value"),
    (6, "transfer", (500, 15_000)), (4, "card_repayment", None), (5, "card_opening", None),
    (5, "e_banking", None), (3, "sms_alerts", None), (6, "card_loss", None), (3, "forex", None),
    (3, "deposit_certificate", None), (6, "wealth", None), (2, "loan", None), (4, "credit_card_apply", None),
    (6, "corporate", None), (5, "other", None),
]
# Demo VIP cards of the shipped config (tiers.local); other cards are ordinary customers.
VIP_CARDS = ["6222000000000001", "6222000000000002", "6222000000000003"]
# Reasons a scripted visitor gives for the counter, by purpose (as the shipped branch offers them).
DECLINE_REASONS = {"cash": ["cannot_operate", "needs_passbook", "machine_fault", "other"],
                   "transfer": ["cannot_operate", "needs_passbook", "over_limit", "other"]}
ANY_REASONS = ["cannot_operate", "other"]
# Minutes a teller spends, by purpose (the rest take the default).
SERVICE_MINUTES = {"cash": 4, "card_loss": 8, "forex": 7, "deposit_certificate": 6, "wealth": 12, "loan": 15,
                   "corporate": 9, "other": 5, "card_opening": 6, "e_banking": 5}


@dataclass
class Visitor:
    """One customer of the scripted branch; times are branch seconds from opening."""

    n: int
    arrive_s: float
    purpose: str
    amount: int | None
    card: str | None
    elderly: bool
    insist: bool
    decline_reason: str | None
    patience_s: float
    returns_after_s: float | None
    returns_with_card: bool
    service_s: float
    wants_product: bool
    lang: str

    def visit_fields(self) -> dict:
        """What the kiosk sends the host for this visitor."""
        fields: dict = {"lang": self.lang, "elderly": self.elderly, "insist_counter": self.insist}
        if self.amount is not None:
            fields["amount_cny"] = self.amount
        if self.card:
            fields["customer_ref"] = self.card
        if self.decline_reason:
            fields["decline_reason"] = self.decline_reason
        return fields


def bands(cash_threshold_cny: int, high_value_cny: int) -> dict[str, tuple[int, int]]:
    """The amount ranges of the cash bands: under the machine's cap, a counter's cash, a high-value amount."""
    return {"small": (300, cash_threshold_cny - 1000), "large": (cash_threshold_cny, high_value_cny - 1000),
            "high_value": (high_value_cny, 6 * high_value_cny)}


def branch_thresholds(config_path: Path = DEFAULT_PATH) -> tuple[int, int]:
    """The cash threshold and the high-value amount of a branch file (the shipped one by default)."""
    cfg = load(config_path)
    return cfg.cash_threshold_cny, cfg.high_value_cny


def visitors(minutes: float, seed: int = 7, per_hour: float = 80.0,
             thresholds: tuple[int, int] | None = None) -> list[Visitor]:
    """The branch's visitors over `minutes` of opening, arriving as a Poisson stream (amounts by its thresholds)."""
    band = bands(*(thresholds or branch_thresholds()))
    rng = random.Random(seed)
    weights = [w for w, _, _ in MIX]
    out: list[Visitor] = []
    t = rng.expovariate(per_hour / 3600)
    while t < minutes * 60:
        _, purpose, amounts = rng.choices(MIX, weights)[0]
        amounts = band[amounts] if isinstance(amounts, str) else amounts
        amount = rng.randrange(amounts[0], amounts[1], 100) if amounts else None
        vip = rng.random() < 0.10
        card = rng.choice(VIP_CARDS) if vip else (f"62229{rng.randrange(10**10, 10**11)}" if rng.random() < 0.6
                                                  else None)
        # Some refuse the machine; the kiosk asks why (the diversion KPI counts the reasons).
        insist = rng.random() < 0.15
        leaves = rng.random() < 0.15
        returns = leaves and rng.random() < 0.7
        minutes_of_work = SERVICE_MINUTES.get(purpose, 4)
        out.append(Visitor(
            n=len(out) + 1, arrive_s=t, purpose=purpose, amount=amount, card=card,
            elderly=rng.random() < 0.12, insist=insist,
            decline_reason=rng.choice(DECLINE_REASONS.get(purpose, ANY_REASONS)) if insist else None,
            patience_s=rng.uniform(30, 180) if leaves else 10**9,
            returns_after_s=rng.uniform(120, 420) if returns else None,
            returns_with_card=bool(card) and rng.random() < 0.5,
            service_s=max(60.0, rng.gauss(minutes_of_work * 60, minutes_of_work * 15)),
            wants_product=rng.random() < 0.5, lang="en" if rng.random() < 0.05 else "zh"))
        t += rng.expovariate(per_hour / 3600)
    return out
