"""The remittance pre-fill screen: pinyin keyboard, account keypad, bank list, review. Layout in
prefill.kv; every tap is one call into app.prefill (kiosk/prefill_flow.py)."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.metrics import dp, pt
from kivy.properties import ListProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.screenmanager import Screen

from kiosk.screens import widgets  # noqa: F401 - the shared widget rules must load first


class Keys(GridLayout):
    """A row or grid of big keys; a tap calls app.prefill.<action>(key)."""

    keys = ListProperty([])
    action = StringProperty("key")

    def on_keys(self, *_args) -> None:
        """Make one button per key."""
        self.clear_widgets()
        app = App.get_running_app()
        theme = app.view.theme
        for key in self.keys:
            button = Button(text=key, font_size=pt(theme.heading_pt), size_hint_y=None,
                            height=max(dp(64), dp(theme.tile_min_dp)), background_normal="",
                            background_color=app.rgba(theme.tile), color=app.rgba(theme.tile_text))
            button.key = key
            button.bind(on_release=lambda b: getattr(App.get_running_app().prefill, self.action)(b.key))
            self.add_widget(button)


class PrefillScreen(Screen):
    """Holds the texts of the pre-fill's view."""

    step = StringProperty("name")
    title = StringProperty("")
    name_text = StringProperty("")
    account_text = StringProperty("")
    error_text = StringProperty("")
    review_text = StringProperty("")
    state_text = StringProperty("")
    candidates = ListProperty([])
    banks = ListProperty([])

    def show(self, v) -> None:
        """Copy the flow's view onto the screen."""
        steps = {"name": ("1 收款人户名", "Payee name"), "account": ("2 收款账号", "Payee account"),
                 "bank": ("3 收款银行", "Payee bank"), "review": ("4 请核对", "Check"), "done": ("完成", "Done")}
        zh, en = steps[v.step]
        self.title = f"[b]填写汇款信息 {zh}[/b]  号码 {v.number}\n[size={int(pt(14))}]Fill in the remittance details: {en}[/size]"
        self.step = v.step
        self.ids.steps.current = v.step
        self.name_text = f"{v.name}[u]{v.typed}[/u]" if v.name or v.typed else "（请用拼音输入 / type pinyin）"
        self.candidates = list(v.candidates)
        self.account_text = " ".join(v.account[i:i + 4] for i in range(0, len(v.account), 4)) or "—"
        self.banks = list(v.banks)
        self.error_text = f"{v.error[0]}\n{v.error[1]}" if v.error[0] else ""
        grouped = " ".join(v.account[i:i + 4] for i in range(0, len(v.account), 4))
        self.review_text = (f"收款人 Payee: {v.name}\n收款账号 Account: {grouped}\n收款银行 Bank: {v.bank}\n"
                            f"付款卡号 Payer card: {v.payer or '（柜台刷卡 / at the counter）'}\n"
                            "汇款金额和签名请在打印的单子上填写 / Amount and signature: on the printed slip")
        self.state_text = {"sending": "正在提交… / Handing in…", "printing": "正在打印… / Printing…",
                           "printed": "已打印，请填写金额并签名，然后等候叫号\nPrinted: fill in the amount, sign, "
                                      "and wait for your number"}.get(v.state, "")


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
