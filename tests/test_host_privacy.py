"""Personal data is kept only as long as its purpose: leads are purged after the branch's days (real SQLite)."""
from __future__ import annotations

from datetime import timedelta

from queue_host.config import Token
from queue_host.engine import Engine
from queue_host.overrides import record_lead
from queue_host.store import Reader, Store

MANAGER = Token(id="manager", token_hash="", role="manager", name="lobby manager")


def test_a_lead_is_kept_for_the_branchs_days_then_purged_at_the_day_reset(cfg, t0, tmp_path):
    now = [t0]
    store = Store(tmp_path / "fenliu.db")
    engine = Engine(cfg, store, lambda: now[0])
    engine.start()
    try:
        lead = engine.submit(lambda lobby, at: record_lead(lobby, MANAGER, "李女士", "13900001111", "理财",
                                                           None, at)).result(timeout=10)
        assert lead["consent_at"] == t0.isoformat()
        reader = Reader(str(tmp_path / "fenliu.db"))
        for days, kept in ((1, True), (cfg.lead_days - 1, True), (cfg.lead_days + 1, False)):
            now[0] = t0 + timedelta(days=days)
            engine.submit(lambda lobby, at: None).result(timeout=10)  # the day resets on the next command
            assert bool(reader.leads(t0.date().isoformat())) is kept, days
    finally:
        engine.stop()
        store.close()
