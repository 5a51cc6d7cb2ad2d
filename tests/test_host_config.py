"""The branch file: the shipped one is valid, and a wrong one names its key and what to do."""
from __future__ import annotations

import re
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
    (lambda d: d["tokens"][-1].update(counter="9"), "a counter_screen token needs one of the counters"),
    (lambda d: d["purposes"][1].update(prefill="mortgage"), "purposes[1].prefill"),
    (lambda d: d["prefill"].update(banks=[]), "prefill.banks"),
    (lambda d: d["prefill"].update(colour="red"), "prefill.colour"),
    (lambda d: d["diversion"].pop("cash_threshold_cny"), "diversion.cash_threshold_cny: missing"),
    (lambda d: d["diversion"].pop("high_value_cny"), "diversion.high_value_cny: missing"),
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


SHIPPED_TEXT = DEFAULT_PATH.read_text(encoding="utf-8")

# One edit each to the shipped branch file (old text -> new text), and the key the error must name.
BROKEN = [
    ("", None, "branch"),  # an empty file
    ("[host]\n", "[hostt]\n", "hostt"),
    ("[calling]\n", "[calling_]\n", "calling_"),
    ("[branch]\n", "[branch_]\n", "branch_"),
    ("max_wait_minutes = 30", "max_wait_minute = 30", "calling.max_wait_minute"),
    ('[host]\naddress = "127.0.0.1"\nport = 8600\ndatabase = "var/fenliu.db"\n', "", "host"),
    ("port = 8600", "port = 8600\npin = \"2468\"", "host.pin"),
    ("max_wait_minutes = 30", "max_wait_minutes = 99999999999999999999", "calling.max_wait_minutes"),
    ("max_wait_minutes = 30", "max_wait_minutes = 0", "calling.max_wait_minutes"),
    ("default_service_minutes = 4", "default_service_minutes = inf", "calling.default_service_minutes"),
    ("default_service_minutes = 4", "default_service_minutes = nan", "calling.default_service_minutes"),
    ("recalls = 2", "recalls = 1000", "calling.recalls"),
    ("recall_interval_s = 15", "recall_interval_s = -1", "calling.recall_interval_s"),
    ("vip_ratio = 2", "vip_ratio = 9223372036854775807", "calling.vip_ratio"),
    ("park_minutes = 5", "park_minutes = 5.5", "calling.park_minutes"),
    ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"', "branch.timezone"),
    ('timezone = "Asia/Shanghai"', 'timezone = "../../etc/passwd"', "branch.timezone"),
    ('timezone = "Asia/Shanghai"', "timezone = 8", "branch.timezone"),
    ("number_digits = 3", "number_digits = 12", "branch.number_digits"),
    ('public_url = "http://127.0.0.1:8600"', 'public_url = "127.0.0.1:8600"', "branch.public_url"),
    ("port = 8600", "port = 70000", "host.port"),
    ('database = "var/fenliu.db"', 'database = ""', "host.database"),
    ("kiosk_visits_per_minute = 60", "kiosk_visits_per_minute = 0", "host.kiosk_visits_per_minute"),
    ("kiosk_visits_per_minute = 60", 'kiosk_visits_per_minute = 60\ntrusted_proxies = ["the-proxy"]',
     "host.trusted_proxies"),
    ("cash_threshold_cny = 20000", "cash_threshold_cny = 1e400", "diversion.cash_threshold_cny"),
    ("max_amount_cny = 100000000", "max_amount_cny = 100000000000000000000", "diversion.max_amount_cny"),
    ("max_amount_cny = 100000000", "max_amount_cny = 100", "diversion.max_amount_cny"),
    ("crm_timeout_s = 0.8", "crm_timeout_s = inf", "tiers.crm_timeout_s"),
    ("min_assets_cny = 200000", "min_assets_cny = -5", "tiers.levels[1].min_assets_cny"),
    ("service_level_minutes = 20", "service_level_minutes = 0", "services[0].service_level_minutes"),
    ("waiting_over = 15", "waiting_over = 10000000000000", "alerts.waiting_over"),
    ("display_offline_s = 30", "display_offline_s = -30", "alerts.display_offline_s"),
    ('id = "manager"\ntoken_hash = ', 'id = "manager"\ntoken = "manager-demo-token"\ntoken_hash = ', "tokens[2].token"),
    ('id = "manager"\ntoken_hash = ', 'id = "manager"\npin = "2468"\ntoken_hash = ', "tokens[2].pin"),
    ('id = "manager"\ntoken_hash = "sha256$', 'id = "manager"\ntoken_hash = "md5$', "tokens[2].token_hash"),
    ('pin_hash = "pbkdf2_sha256$100000$', 'pin_hash = "pbkdf2_sha256$1$', "tokens[2].pin_hash"),
    ('id = "counter-2"', 'id = "counter-1"', "tokens[4].id"),
    ('id = "counter-2"', 'id = "Counter 2!"', "tokens[4].id"),
]


def _broken(tmp_path, old: str, new: str | None):
    if new is None:
        text = old
    else:
        assert old in SHIPPED_TEXT, old
        text = SHIPPED_TEXT.replace(old, new, 1)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path



@pytest.mark.parametrize("old, new, key", BROKEN, ids=[f"{i:02d}-{b[2]}" for i, b in enumerate(BROKEN)])
def test_a_broken_branch_file_is_refused_naming_the_file_and_the_key(tmp_path, old, new, key):
    path = _broken(tmp_path, old, new)
    with pytest.raises(ConfigError) as refused:
        load(path)
    message = str(refused.value)
    assert key in message and str(path) in message
    assert "demo-token" not in message and "2468" not in message and not re.search(r"[0-9a-f]{32}", message)


@pytest.mark.parametrize("old, new, key", BROKEN, ids=[f"{i:02d}-{b[2]}" for i, b in enumerate(BROKEN)])
def test_fenliu_host_stops_on_a_broken_branch_file_with_exit_2_and_the_key(tmp_path, capsys, old, new, key):
    from fenliu.cli import main
    assert main(["host", "--config", str(_broken(tmp_path, old, new))]) == 2
    err = capsys.readouterr().err
    assert key in err and "Traceback" not in err


def test_an_empty_branch_file_stops_the_real_command_without_a_traceback(tmp_path):
    import subprocess
    import sys
    path = _broken(tmp_path, "", None)
    out = subprocess.run([sys.executable, "-m", "fenliu", "host", "--config", str(path)], capture_output=True,
                         text=True, timeout=60, cwd=DEFAULT_PATH.parent.parent)
    assert out.returncode == 2 and "branch" in out.stderr and "Traceback" not in out.stderr


def test_a_missing_optional_table_takes_its_defaults(tmp_path):
    text = SHIPPED_TEXT.replace("[alerts]\n", "[unused_alerts]\n").replace("waiting_over = 15\n", "").replace(
        "display_offline_s = 30\n", "").replace("[unused_alerts]\n", "")
    cfg = parse(tomllib.loads(text))
    assert cfg.waiting_over == 15 and cfg.display_offline_s == 30


def test_a_trusted_proxy_is_read_as_an_address_list():
    data = shipped()
    data["host"]["trusted_proxies"] = ["10.0.0.1", "192.168.1.0/24"]
    assert parse(data).trusted_proxies == ("10.0.0.1", "192.168.1.0/24")


def test_a_card_opening_is_never_offered_the_machines_amount_limit(cfg):
    fitting = {code for code, r in cfg.decline_reasons.items() if r.fits("card_opening")}
    assert "over_limit" not in fitting and "needs_passbook" not in fitting
    assert {"machine_fault", "cannot_operate", "other"} <= fitting
    assert cfg.decline_reasons["over_limit"].fits("cash")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["decline_reasons"][0].update(purposes=["teleport"]), r"decline_reasons\[0\].purposes: unknown purpose"),
    (lambda d: d["decline_reasons"][0].update(purposes=["card_loss"]), "has no self-service target"),
    (lambda d: d["decline_reasons"][0].update(purpose=["cash"]), r"decline_reasons\[0\].purpose: unknown key"),
    (lambda d: d["decline_reasons"][0].update(purposes="cash"), "expected list"),
    (lambda d: [r.update(purposes=["cash"]) for r in d["decline_reasons"]], "no reason fits purpose 'transfer'"),
])
def test_a_decline_reason_names_only_purposes_that_can_be_diverted(change, message):
    data = shipped()
    change(data)
    with pytest.raises(ConfigError, match=message):
        parse(data)


def test_the_shipped_branch_has_a_screen_per_counter_and_a_prefillable_remittance(cfg):
    screens = {t.counter: t.id for t in cfg.tokens.values() if t.role == "counter_screen"}
    assert screens == {c: f"screen-{c}" for c in cfg.counters}
    assert cfg.purposes["transfer"].prefill == "remittance" and "中国建设银行" in cfg.prefill.banks


def test_two_tokens_with_the_same_hash_are_refused_naming_both():
    data = shipped()
    kiosk = next(t for t in data["tokens"] if t["id"] == "kiosk")
    display = next(t for t in data["tokens"] if t["id"] == "display")
    display["token_hash"] = kiosk["token_hash"]  # the display would act as the kiosk
    with pytest.raises(ConfigError, match="'kiosk' and 'display' have the same token_hash"):
        parse(data, "branch.toml")


def test_one_demo_secret_behind_two_differently_salted_hashes_stops_the_host_naming_both(tmp_path, capsys):
    import argparse

    from queue_host import cli
    from queue_host.hashing import hash_secret
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    display = next(t for t in shipped()["tokens"] if t["id"] == "display")["token_hash"]
    path = tmp_path / "branch.toml"
    path.write_text(text.replace(display, hash_secret("kiosk-demo-token", "token")), encoding="utf-8")
    assert cli.shared_demo_secrets(load(path)) == [("display", "kiosk")] or \
        cli.shared_demo_secrets(load(path)) == [("kiosk", "display")]
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args(["--config", str(path), "--db", str(tmp_path / "x.db"),
                                      "--allow-demo-secrets"])) == 2
    err = capsys.readouterr().err
    assert "share one secret" in err and "'kiosk'" in err and "'display'" in err and "kiosk-demo-token" not in err


def test_demo_secrets_that_give_two_devices_one_token_are_refused(tmp_path):
    from demo.host import staff
    secrets = tmp_path / "demo-secrets.toml"
    secrets.write_text('[kiosk]\ntoken = "same"\n\n[display]\ntoken = "same"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[kiosk\] and \[display\] have the same token"):
        staff(DEFAULT_PATH, secrets)


def test_init_branch_gives_every_device_its_own_token_and_the_panels_one_too():
    from operations.init_branch import fresh_secrets
    made = fresh_secrets(shipped())
    assert len({s["token"] for s in made}) == len(made)
    assert [s["id"] for s in made if s["role"] == "panel"] == ["panel"]
