"""The pre-fill screen's words (kiosk/prefill_view.py): from the catalogs, the same texts customers saw before."""
from __future__ import annotations

from kiosk.prefill_flow import CLEAR, DELETE, MORE, PrefillView
from kiosk.prefill_view import DIGITS, LETTERS, prefill_texts


def _view(**changes) -> PrefillView:
    base = dict(step="name", number="A001", name="", typed="", candidates=(), account="", bank="", banks=(),
                payer="", error=("", ""), state="")
    return PrefillView(**{**base, **changes})


def test_the_title_names_the_step_and_the_number_in_chinese_and_the_step_in_english():
    t = prefill_texts(_view(step="account"))
    assert t.title == ("填写汇款信息 2 收款账号  号码 A001", "Fill in the remittance details: Payee account")
    assert prefill_texts(_view(step="review")).title[1] == "Fill in the remittance details: Check"


def test_an_empty_name_asks_for_pinyin_and_typing_is_underlined():
    assert prefill_texts(_view()).name == "请用拼音输入 / type pinyin"
    assert prefill_texts(_view(name="张", typed="wei")).name == "张[u]wei[/u]"


def test_the_special_keys_and_the_banks_show_chinese_with_english_beneath_and_more_follows_the_characters():
    t = prefill_texts(_view(typed="zhang", candidates=("张", "长"), banks=("中国建设银行", "某某村镇银行")))
    assert t.candidates == ("张", "长", MORE)
    assert t.faces == {MORE: ("更多", "More"), DELETE: ("删除", "Delete"), CLEAR: ("清空", "Reset"),
                       "中国建设银行": ("中国建设银行", "China Construction Bank"),
                       "某某村镇银行": ("某某村镇银行", "")}  # a bank the catalogs do not know: Chinese only
    assert prefill_texts(_view()).candidates == ()  # nothing typed: no page key either
    assert DELETE in LETTERS and DIGITS[-3:] == (CLEAR, "0", DELETE)


def test_the_review_lists_payee_account_bank_and_a_masked_card_in_both_languages():
    t = prefill_texts(_view(step="review", name="张伟", account="6222020200112345679", bank="中国建设银行",
                            payer="**** **** **** 0009"))
    assert t.review.splitlines() == ["收款人 Payee: 张伟", "收款账号 Account: 6222 0202 0011 2345 679",
                                     "收款银行 Bank: 中国建设银行", "付款卡号 Payer card: **** **** **** 0009",
                                     "汇款金额和签名请在打印的单子上填写 / Amount and signature: on the printed slip"]
    assert t.forward == ("确认并打印", "Confirm and print")
    assert "付款卡号 Payer card: 柜台刷卡 / at the counter" in prefill_texts(_view(step="review")).review


def test_the_buttons_and_states_say_what_happens_next():
    assert prefill_texts(_view()).forward == ("下一步", "Next")
    assert prefill_texts(_view()).back == ("返回", "Back")
    assert prefill_texts(_view(step="done", state="printed")).forward == ("完成", "Done")
    assert prefill_texts(_view(state="sending")).state == "正在提交… / Handing in…"
    assert prefill_texts(_view(state="printed")).state == ("已打印，请填写金额并签名，然后等候叫号\n"
                                                           "Printed: fill in the amount, sign, and wait for your number")
    assert prefill_texts(_view(error=("请输入收款人户名", "Enter the payee's name"))).error == \
        "请输入收款人户名\nEnter the payee's name"


def test_every_message_above_the_keys_is_known_so_its_room_can_be_kept():
    t = prefill_texts(_view())
    for error in (("请输入收款人户名", "Enter the payee's name"),):
        assert "\n".join(error) in t.messages
    assert any(m.startswith("账号有误") for m in t.messages) and len(t.messages) == 7
