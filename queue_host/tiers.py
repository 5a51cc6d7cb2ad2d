"""Customer tiers from a card or ID reference: a local table, or the bank's CRM over HTTP."""
from __future__ import annotations

import asyncio
import logging

import requests

from queue_host.config import TIER_CODES, Config
from queue_host.model import Invalid
from queue_host.visits import ref_hash
from queue_host.words import zh_en

log = logging.getLogger("fenliu.tiers")


class LocalTiers:
    """The table in the branch file; it is hashed at start so no clear reference stays in memory."""

    def __init__(self, cfg: Config):
        key = cfg.branch.ref_hash_key
        self._by_hash = {ref_hash(key, ref): tier for ref, tier in cfg.local_tiers.items()}

    def tier(self, reference: str, hashed: str) -> str:
        """The tier of a hashed reference ("normal" when unknown)."""
        return self._by_hash.get(hashed, "normal")


class CrmTiers:
    """Asks the bank's CRM: GET {crm_url}?ref_hash=... answering {"tier": "platinum"}.

    The CRM gets the keyed hash, never the card number; when it is slow or down the customer is
    served as "normal" rather than kept waiting at the kiosk.
    """

    def __init__(self, cfg: Config):
        self.url, self.timeout = cfg.crm_url, cfg.crm_timeout_s
        self.session = requests.Session()

    def tier(self, reference: str, hashed: str) -> str:
        """The CRM's tier for the hashed reference, or "normal" if it cannot tell in time."""
        try:
            resp = self.session.get(self.url, params={"ref_hash": hashed}, timeout=self.timeout)
            resp.raise_for_status()
            tier = resp.json().get("tier", "normal")
        except (requests.RequestException, ValueError) as exc:
            log.warning("CRM tier lookup failed (%s); serving as normal", exc)
            return "normal"
        return tier if tier in TIER_CODES else "normal"


def make_lookup(cfg: Config):
    """The lookup the branch file asks for."""
    return CrmTiers(cfg) if cfg.tier_lookup == "http" else LocalTiers(cfg)


async def identify(lookup, key: str, customer_ref: str | None) -> tuple[str | None, str]:
    """The keyed hash and tier of a card or ID read at the kiosk (no reference: anonymous, normal)."""
    if not customer_ref:
        return None, "normal"
    ref = customer_ref.strip()
    if not (ref.isascii() and ref.isalnum()):
        raise Invalid(*zh_en("customer_ref must be letters and digits only"), {"field": "customer_ref"})
    hashed = ref_hash(key, ref)
    if isinstance(lookup, CrmTiers):  # the bank's CRM is a network call: keep it off the event loop
        return hashed, await asyncio.to_thread(lookup.tier, ref, hashed)
    return hashed, lookup.tier(ref, hashed)
