"""The words of the pre-fill screen, as plain data from the catalogs: Chinese first, English beneath or after.

kiosk/prefill_flow.py says where the customer is (PrefillView); this turns it into the texts and key
faces kiosk/screens/prefill.py copies onto the screen.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.prefill_flow import CLEAR, DELETE, MORE, PrefillView, grouped
from kiosk.text import bank_names, both

Pair = tuple[str, str]
LETTERS = tuple("qwertyuiopasdfghjkl") + (DELETE,) + tuple("zxcvbnm")
DIGITS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", CLEAR, "0", DELETE)
STEP_WORDS = {"name": "step_name", "account": "step_account", "bank": "step_bank", "review": "step_review",
              "done": "done"}


@dataclass(frozen=True)
class PrefillTexts:
    """Every text of the pre-fill screen for one state of the flow."""

    title: Pair  # (Chinese with the number, English)
    name: str  # markup: the name so far, the pinyin being typed underlined
    account: str
    error: str
    review: str
    state: str
    candidates: tuple[str, ...]  # key codes of the character bar (MORE last)
    back: Pair
    forward: Pair
    faces: dict[str, Pair] = field(default_factory=dict)  # what a special key or bank shows: Chinese, English
    messages: tuple[str, ...] = ()  # every message the screen may show above the keys: its room is kept


def _slash(key: str) -> str:
    return " / ".join(both(key))


def prefill_texts(v: PrefillView) -> PrefillTexts:
    """The texts of the pre-fill screen for the flow's view `v`."""
    step_zh, step_en = both(STEP_WORDS[v.step])
    title = (f"{both('prefill_title', step=step_zh)[0]}  {both('prefill_number', number=v.number)[0]}",
             both("prefill_title", step=step_en)[1])
    lines = [(both("payee"), v.name), (both("payee_account"), grouped(v.account)), (both("payee_bank"), v.bank),
             (both("payer_card"), v.payer or _slash("payer_at_counter"))]
    review = "\n".join(f"{zh} {en}: {value}" for (zh, en), value in lines) + "\n" + _slash("amount_sign_on_slip")
    state = {"sending": _slash("handing_in"), "printing": _slash("printing_slip"),
             "printed": "\n".join(both("slip_filled"))}.get(v.state, "")
    forward = {"review": both("confirm_print"), "done": both("done")}.get(v.step, both("next_step"))
    return PrefillTexts(
        title=title,
        name=f"{v.name}[u]{v.typed}[/u]" if v.name or v.typed else _slash("type_pinyin"),
        account=grouped(v.account) or "—",
        error="\n".join(v.error) if v.error[0] else "",
        review=review, state=state,
        candidates=tuple(v.candidates) + ((MORE,) if v.candidates else ()),
        back=both("back"), forward=forward,
        faces={MORE: both("key_more"), DELETE: both("key_delete"), CLEAR: both("key_clear"),
               **{bank: bank_names(bank) for bank in v.banks}},
        messages=messages())


def messages() -> tuple[str, ...]:
    """Every message above the keys (a mistake, or where the slip is): the screen keeps room for the tallest."""
    return tuple("\n".join(both(key, n=19)) for key in ("enter_payee", "account_length", "account_check",
                                                        "handin_failed", "slip_fault")) + \
        tuple(_slash(key) for key in ("handing_in", "printing_slip"))
