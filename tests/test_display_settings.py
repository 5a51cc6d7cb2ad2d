"""The display's settings as read from the host's /api/config."""
from __future__ import annotations

import tomllib

from display.settings import DisplaySettings, settings_from_config
from tests.hostproc import DEFAULT_CONFIG


def test_the_shipped_branch_notices_and_hint_reach_the_display():
    raw = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    s = settings_from_config({"branch": raw["branch"], "display": raw["display"]})
    assert s.branch_zh == "大安支行" and s.notice_zh.startswith("2万元以下现金存取款")
    assert s.missed_hint_zh.startswith("过号客户") and s.speak_english
    assert [n.text_zh for n in s.product_notices] == ["大额存单 年利率 1.90% 起", "手机银行转账 免手续费"]


def test_a_branch_without_display_settings_gets_a_calm_default_hint():
    s = settings_from_config({})
    assert s.missed_hint_zh == DisplaySettings().missed_hint_zh and s.product_notices == ()


def test_a_branch_can_turn_english_speech_off():
    assert settings_from_config({"display": {"speak_english": False}}).speak_english is False


def test_a_notice_image_named_relative_is_looked_up_under_assets():
    s = settings_from_config({"display": {"product_notices": [{"image": "images/cd.png"}, {"image": "/srv/a.png"}]}})
    assert s.product_notices[0].image.endswith("assets/images/cd.png")
    assert s.product_notices[1].image == "/srv/a.png"
