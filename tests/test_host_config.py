"""The branch file: the shipped one is valid, and a wrong one names its key and what to do."""
from __future__ import annotations

import tomllib

import pytest

from queue_host.config import DEFAULT_PATH, ConfigError, load, parse


def shipped() -> dict:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_the_shipped_branch_has_four_counters_of_the_seed_kinds_and_a_wealth_room(cfg):
    assert [c.id for c in cfg.counters.values()] == ["1", "2", "3", "4", "5"]
    assert cfg.counters["4"].services[0] == "vip"
    assert {s.prefix for s in cfg.services.values()} == {"A", "B", "C", "V", "M"}
    assert cfg.cash_threshold_cny == 20000 and cfg.calling.recalls == 2


@pytest.mark.parametrize("change, key", [
    (lambda d: d["services"][0].update(prefix="AA"), "services[0].prefix"),
    (lambda d: d["counters"][0].update(services=["cash", "mortgage"]), "counters.1.services"),
    (lambda d: d["branch"].update(day_reset="25:00"), "branch.day_reset"),
    (lambda d: d["purposes"][0].update(route="teleport"), "purposes[0].route"),
    (lambda d: d["calling"].update(recalls="two"), "calling.recalls"),
    (lambda d: d["branch"].pop("name_zh"), "branch.name_zh"),
    (lambda d: d["tokens"][3].update(counter="9"), "counter"),
])
def test_an_invalid_branch_file_names_the_key(change, key):
    data = shipped()
    change(data)
    with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]")):
        parse(data)


def test_a_missing_or_broken_file_says_so(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[branch\nname_zh = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(bad)
