"""The names people read for the host's codes: alert kinds, audit actions and device roles (catalog words).

One place for every screen and paper that shows them (the manager panel; the day report may use it too), so
no code such as "rating" or "reserve_block" reaches a person. An unknown code reads as a plain "other …".
"""
from __future__ import annotations

from fenliu.words import N_, zh_en

Pair = tuple[str, str]

ALERT_KINDS: dict[str, str] = {
    "printer_fault": N_("kiosk printer fault"),
    "card_reader_fault": N_("kiosk card reader fault"),
    "service_level": N_("wait over service level"),
    "crowd": N_("many waiting"),
    "other": N_("other alert"),
    "high_value": N_("high-value visit"),
    "display_offline": N_("display offline"),
    "display_fault": N_("display fault"),
    "lobby_visit": N_("customer waiting for you"),
    "offline_refused": N_("offline numbers refused"),
    "rating": N_("unsatisfied rating"),
}
AUDIT_ACTIONS: dict[str, str] = {
    "move": N_("move (audit action)"), "cancel": N_("cancel (audit action)"),
    "reinstate": N_("reinstate (audit action)"), "call": N_("call (audit action)"),
    "issue": N_("issue (audit action)"), "transfer": N_("transfer (audit action)"),
    "pause": N_("pause (audit action)"), "resume": N_("resume (audit action)"),
    "suspend": N_("suspend (audit action)"), "reprint": N_("reprint (audit action)"),
    "recall": N_("recall (audit action)"), "no-show": N_("no-show (audit action)"),
    "park": N_("park (audit action)"), "finish": N_("finish (audit action)"),
    "unlock": N_("unlock (audit action)"), "export": N_("export (audit action)"),
    "reserve_block": N_("reserve offline numbers (audit action)"),
    "offline_hand_in": N_("hand in offline numbers (audit action)"),
    "offline_refused": N_("offline numbers refused (audit action)"),
    "prefill_correct": N_("correct a pre-filled form (audit action)"),
}
ROLES: dict[str, str] = {
    "kiosk": N_("kiosk (device)"), "display": N_("lobby display (device)"), "manager": N_("lobby manager"),
    "counter": N_("teller (role)"), "counter_screen": N_("counter screen (device)"),
    "panel": N_("staff panel (device)"),
}


def alert_kind(kind: str) -> Pair:
    """An alert kind's name, Chinese and English."""
    return zh_en(ALERT_KINDS.get(kind, ALERT_KINDS["other"]))


def audit_action(action: str) -> Pair:
    """An audit action's name, Chinese and English."""
    return zh_en(AUDIT_ACTIONS[action]) if action in AUDIT_ACTIONS else zh_en("other action (audit action)")


def role(code: str) -> Pair:
    """A token role's name (a device or staff kind), Chinese and English."""
    return zh_en(ROLES[code]) if code in ROLES else zh_en("another device")
