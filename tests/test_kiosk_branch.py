"""The kiosk reads the real host's /api/config into its own frozen view of the branch."""
import pytest

from kiosk.branch import from_api
from queue_host.client import HostClient


def test_the_real_hosts_configuration_gives_tiles_thresholds_targets_and_reasons(host):
    cfg = from_api(HostClient(host.url, host.tokens["kiosk"]).config())
    assert (cfg.name_zh, cfg.cash_threshold_cny) == ("大安支行", 20000)
    assert cfg.purpose("cash").asks_amount and not cfg.purpose("card_loss").asks_amount
    assert cfg.targets["cash_recycler"].location_zh == "大厅右侧自助区 1、2号机"
    assert [r.code for r in cfg.decline_reasons][:2] == ["machine_fault", "cannot_operate"]
    assert cfg.services["cash"].form_template == "3"
    assert cfg.tiers["standard"].name_zh == "贵宾客户"
    assert cfg.form_desk_zh == "大厅左侧填单台"


def test_a_configuration_without_purposes_is_refused():
    with pytest.raises(ValueError):
        from_api({"branch": {"name_zh": "x"}, "purposes": []})


def test_lists_keyed_by_code_are_read_as_well_as_lists():
    cfg = from_api({"purposes": {"cash": {"name_zh": "存取款", "name_en": "Cash", "kind": "cash",
                                          "route": "self_service", "unknown_key": 1}},
                    "tiers": {"levels": [{"code": "normal", "name_zh": "普通", "name_en": "Customer"}]},
                    "diversion": {"cash_threshold_cny": 30000, "high_value_cny": 60000,
                                  "max_amount_cny": 1000000}})
    assert cfg.purpose("cash").name_en == "Cash" and "normal" in cfg.tiers and cfg.cash_threshold_cny == 30000


def test_a_configuration_without_the_branchs_cash_threshold_is_refused_by_name():
    with pytest.raises(ValueError, match="cash_threshold_cny"):
        from_api({"purposes": [{"code": "cash", "name_zh": "存取款", "name_en": "Cash", "kind": "cash",
                                "route": "self_service"}]})
