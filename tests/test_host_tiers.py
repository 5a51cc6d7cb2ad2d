"""Tier lookup: the local table, and the bank's CRM over HTTP (a real server on loopback)."""
from __future__ import annotations

import json
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from queue_host.tiers import CrmTiers, LocalTiers
from queue_host.visits import ref_hash


def test_the_local_table_knows_the_demo_cards_by_their_hash(cfg):
    tiers = LocalTiers(cfg)
    card = "6222000000000002"
    assert tiers.tier(card, ref_hash(cfg.branch.ref_hash_key, card)) == "platinum"
    assert tiers.tier("6222999999999999", ref_hash(cfg.branch.ref_hash_key, "6222999999999999")) == "normal"


@pytest.fixture
def crm():
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlparse(self.path).query)
            seen.append(query)
            if query["ref_hash"][0] == "slow":
                threading.Event().wait(1.0)
            body = json.dumps({"tier": "black_gold" if query["ref_hash"][0] == "known" else "normal"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/tier", seen
    server.shutdown()
    server.server_close()


def test_the_crm_lookup_sends_only_the_hash_and_reads_the_tier(cfg, crm):
    url, seen = crm
    tiers = CrmTiers(replace(cfg, tier_lookup="http", crm_url=url))
    assert tiers.tier("6222000011110000", "known") == "black_gold"
    assert seen == [{"ref_hash": ["known"]}]


def test_a_slow_or_absent_crm_serves_the_customer_as_normal(cfg, crm):
    url, _ = crm
    assert CrmTiers(replace(cfg, crm_url=url, crm_timeout_s=0.2)).tier("x", "slow") == "normal"
    assert CrmTiers(replace(cfg, crm_url="http://127.0.0.1:9/none", crm_timeout_s=0.2)).tier("x", "known") == "normal"
