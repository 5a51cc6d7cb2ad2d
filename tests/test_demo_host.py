"""The demo's host: the shipped branch on a free port, a fresh SQLite file, optionally on branch time."""
from __future__ import annotations

import time
import tomllib

from demo.host import SHIPPED_CONFIG, demo_config, staff, start_host
from queue_host.client import HostClient


def test_the_demo_config_is_the_shipped_branch_on_another_port(tmp_path):
    cfg = tomllib.loads(demo_config(SHIPPED_CONFIG, tmp_path / "b.toml", 8711, fast=False).read_text("utf-8"))
    assert cfg["host"]["port"] == 8711 and cfg["branch"]["public_url"] == "http://127.0.0.1:8711"
    assert cfg["host"]["kiosk_visits_per_minute"] == 60 and cfg["calling"]["recall_interval_s"] == 15
    fast = tomllib.loads(demo_config(SHIPPED_CONFIG, tmp_path / "f.toml", 8711, fast=True).read_text("utf-8"))
    assert fast["host"]["kiosk_visits_per_minute"] == 100000
    assert fast["calling"] == cfg["calling"] and fast["services"] == cfg["services"]


def test_staff_lists_each_role_and_counter_with_its_pin():
    who = staff(SHIPPED_CONFIG)
    assert who["manager"]["pin"] == "2468" and who["counter-5"]["counter"] == "5" and "pin" not in who["kiosk"]


def test_a_host_on_branch_time_measures_waits_in_branch_minutes(tmp_path):
    host = start_host(tmp_path, speed=600, epoch=time.time())
    try:
        kiosk = HostClient(host.url, staff(host.config)["kiosk"]["token"])
        ticket = kiosk.visit("card_loss")["ticket"]
        time.sleep(0.5)  # 300 branch seconds
        # Still waiting: the queue's longest wait so far, in branch seconds.
        display = HostClient(host.url, staff(host.config)["display"]["token"])  # the kiosk does not read the lobby
        service = next(q for q in display.queues()["services"] if q["code"] == ticket["service"])
        assert 240 <= service["longest_wait_s"] <= 1800
        assert ticket["status_url"].startswith(host.url)
    finally:
        host.stop()
    assert host.proc.poll() is not None and host.db.exists()
