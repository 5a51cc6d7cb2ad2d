"""Every fixed word the kiosk shows or says, by key, and how a pair is ordered by language.

The words themselves live in the gettext catalogs (assets/locale/<lang>/LC_MESSAGES/fenliu.po);
here each key names its English msgid, or a singular/plural pair for a sentence that counts.
"""
from __future__ import annotations

from fenliu.words import N_, Np_, zh_en, zh_en_n

STRINGS: dict[str, str | tuple[str, str]] = {
    "greeting": N_("Hello! What can we do for you today?"),
    # The mode switch says what a tap does, not the mode it is in.
    "elderly_on": N_("Large text"),
    "elderly_off": N_("Smaller text"),
    "voice_on": N_("Voice: on"),
    "voice_off": N_("Voice: off"),
    "card_hint": N_("VIP? Swipe your card first"),
    "card_read": N_("Card read {masked}"),
    "prev_page": N_("Previous"),
    "next_page": N_("Next"),
    "page": N_("Page {page} of {pages}"),
    "amount_q": N_("How much money is it?"),
    "under": N_("Under {amount} CNY"),
    "over": N_("{amount} CNY or more"),
    "id_reminder": N_("{amount} CNY+: bring ID"),
    "amount_empty": N_("Please type the amount first"),
    "amount_too_big": N_("At most {most} CNY"),
    "confirm": N_("OK"),
    "back": N_("Back"),
    "home": N_("Start again"),
    "done": N_("Done"),
    "diverted": N_("This is faster at a self-service machine"),
    "where": N_("Where: {location}"),
    "scan": N_("Scan to start"),
    "print_slip": N_("Print these steps"),
    "slip_printing": N_("Printing the steps…"),
    "slip_printed": N_("Steps printed: please take the slip"),
    "insist": N_("I still need a counter"),
    "reason_q": N_("Why do you need a counter?"),
    "your_number": N_("Your number"),
    "existing": N_("You already have a number; it stays the same"),
    "reinstated": N_("You are back in the queue"),
    "ahead": Np_("{n} person ahead of you", "{n} people ahead of you"),
    "ahead_none": N_("Nobody ahead of you"),  # one phrase on the kiosk, the ticket and the phone page
    "next": N_("You are next"),  # the wait when nobody is ahead (never "about 1 minute")
    "wait": Np_("About {n} minute's wait", "About {n} minutes' wait"),
    "form": N_("At the {desk}, copy sample {no}: {name}"),
    "form_desk": N_("form desk"),
    "documents": N_("Please have ready: {docs}"),
    "qr_hint": N_("Scan to follow your place"),
    "printing": N_("Printing your ticket…"),
    "printed": N_("Please take your ticket"),
    "print_fault_wait": N_("The ticket could not print. Your number is still valid: note it or scan the code. "
                           "Telling the staff…"),
    "print_fault_unsent": N_("The ticket could not print. Your number is still valid: note it or scan the code, "
                             "and please tell the lobby manager."),
    "print_fault": N_("The ticket could not print. Your number is still valid: note it or scan the code. "
                      "Staff have been told."),
    "lobby_manager": N_("Please wait here: the lobby manager is coming to you"),
    "customer_manager": N_("Please go to the wealth area: a customer manager will call your number"),
    "customer_manager_now": N_("Please go to the wealth area: a customer manager will see you"),
    "fallback": N_("The machine is out of service, so here is a ticket"),
    "busy": N_("One moment…"),
    "offline": N_("The queue system cannot be reached. Retrying; please wait"),
    "offline_working": N_("The queue system is offline for now. Tickets still print and are valid"),
    "offline_late": N_("The display may call you late"),
    "offline_see_manager": N_("No ticket can be printed here right now. Please see the lobby manager, thank you"),
    "connecting": N_("Connecting to the queue system…"),
    "error": N_("This cannot be done right now. Please ask the lobby manager"),
    "idle_q": N_("Are you still there?"),
    "idle_left": Np_("Returning to the start in {s} second", "Returning to the start in {s} seconds"),
    "continue": N_("Continue"),
    "fault_io": N_("Printer communication error"),
    "fault_offline": N_("Printer offline"),
    "fault_paper_out": N_("Printer out of paper"),
    "fault_cover_open": N_("Printer cover open"),
    "fault_timeout": N_("Printer not responding"),
    "fault_other": N_("Printer fault"),
    "list_sep": N_(", "),
    "full_stop": N_(". "),
    "ahead_wait": N_("{ahead}, {wait}"),
    "lang_name_zh": N_("Chinese"),
    "lang_name_en": N_("English"),
    "language": N_("Language"),
    "yuan": N_("{yuan} CNY"),
    "wan_yuan": N_("{wan}0,000 CNY"),
    "window_title": N_("fenliu kiosk"),
    # the remittance pre-fill (kiosk/prefill_flow.py, kiosk/prefill_view.py)
    "prefill": N_("Fill in the remittance details"),
    "prefill_title": N_("Fill in the remittance details: {step}"),
    "prefill_number": N_("No. {number}"),
    "step_name": N_("Payee name (step 1)"),
    "step_account": N_("Payee account (step 2)"),
    "step_bank": N_("Payee bank (step 3)"),
    "step_review": N_("Check (step 4)"),
    "type_pinyin": N_("Type the payee's name in pinyin"),
    "payee": N_("Payee"),
    "payee_account": N_("Payee account"),
    "payee_bank": N_("Payee bank"),
    "payer_card": N_("Payer card"),
    "payer_at_counter": N_("Swiped at the counter"),
    "amount_sign_on_slip": N_("Amount and signature: on the printed slip"),
    "handing_in": N_("Handing in…"),
    "printing_slip": N_("Printing…"),
    "slip_filled": N_("Printed: fill in the amount, sign, and wait for your number"),
    "key_more": N_("More"),
    "key_delete": N_("Delete"),
    "key_clear": N_("Reset"),
    "next_step": N_("Next step"),
    # the banks a branch lists for the payee (config [prefill] banks, in Chinese): their English names
    "bank_icbc": N_("Industrial and Commercial Bank of China"),
    "bank_abc": N_("Agricultural Bank of China"),
    "bank_boc": N_("Bank of China"),
    "bank_ccb": N_("China Construction Bank"),
    "bank_bocom": N_("Bank of Communications"),
    "bank_psbc": N_("Postal Savings Bank of China"),
    "bank_cmb": N_("China Merchants Bank"),
    "bank_other": N_("Other bank"),
    "confirm_print": N_("Confirm and print"),
    "enter_payee": N_("Enter the payee's name"),
    "account_length": N_("The account has 16 to 19 digits; you typed {n}"),
    "account_check": N_("That account number is not right (check digit); please check it"),
    "handin_failed": N_("Could not hand it in; try again"),
    "slip_fault": N_("The slip did not print; fill one in at the counter"),
    "remittance_form": N_("Remittance form"),
    # `fenliu kiosk --help` and its start line (for the branch's technician)
    "cli_host": N_("queue host URL"),
    "cli_ca": N_("the branch CA"),
    "cli_fullscreen": N_("full screen"),
    "cli_data_dir": N_("offline ticket data folder"),
    "cli_kiosk_mode": N_("kiosk mode"),
    # alerts the kiosk raises for the lobby manager (kiosk/printing.py, kiosk/handin.py)
    "alert_printer_fault": N_("Kiosk printer fault: {fault} ({number} not printed)"),
    "alert_paper_low": N_("Kiosk printer paper is running low"),
    "alert_offline_refused": N_("Offline kiosk numbers refused by the host: {numbers}; please look after "
                                 "the customers holding them"),
}
# The field a counting sentence counts.
COUNTS = {"ahead": "n", "wait": "n", "idle_left": "s"}


def both(key: str, **fmt: object) -> tuple[str, str]:
    """The (zh, en) texts of a key from the catalogs, formatted (plural forms by the counted field)."""
    msg = STRINGS[key]
    if isinstance(msg, tuple):
        return zh_en_n(*msg, int(fmt[COUNTS[key]]), **fmt)  # type: ignore[call-overload]
    return zh_en(msg, **fmt)


def pair(key: str, lang: str, **fmt: object) -> tuple[str, str]:
    """The (main, second) lines of a fixed text: the chosen language first, the other beneath."""
    return order(*both(key, **fmt), lang)


def order(zh: str, en: str, lang: str) -> tuple[str, str]:
    """Put the chosen language first."""
    return (en, zh) if lang == "en" else (zh, en)


def bank_names(name_zh: str) -> tuple[str, str]:
    """A bank as the branch file names it (Chinese) with its English name from the catalogs ("" if unknown)."""
    for key in STRINGS:
        if key.startswith("bank_"):
            zh, en = both(key)
            if zh == name_zh:
                return zh, en
    return name_zh, ""


def yuan_zh(amount: int) -> str:
    """30000 → 3万元, 5000 → 5000元 (how a Chinese customer says an amount)."""
    if amount >= 10000 and amount % 10000 == 0:
        return both("wan_yuan", wan=amount // 10000)[0]
    return both("yuan", yuan=amount)[0]
