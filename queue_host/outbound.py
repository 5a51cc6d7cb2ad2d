"""What of an event may leave the branch: a whitelist of fields per event kind, nothing personal.

Head office gets the figures' raw material (what happened, when, at which counter, in which queue),
never a customer: no card reference or its hash, no ticket code (the key to the customer's status
page), no notes or reasons typed by staff, no alert texts, no leads, no pre-filled form data. A kind
or a field not named here does not leave; a new kind ships as its number, kind and time only until
someone decides what of it may go.
"""
from __future__ import annotations

# A ticket as it leaves the branch: its number in the day's queue, its path and its times; not its code
# (the key to the customer's status page and its status_url) nor the staff's note.
TICKET_FIELDS = ("id", "number", "service", "service_name_zh", "service_name_en", "purpose", "state", "tier", "vip",
                 "high_value", "elderly", "lang", "issued_at", "called_at", "finished_at", "counter", "calls",
                 "reinstated", "transferred_from", "park_until", "people_ahead", "wait_minutes", "form_template",
                 # whether it came from a kiosk's offline block, the teller's staff id, the counter screen's rating,
                 # and whether a pre-fill exists (never its contents)
                 "offline", "teller", "rating", "prefill", "prefilled")
DECLINED = ("target", "reason")  # the reason is a code from the branch file's decline_reasons
COUNTER = ("counter", "counter_name_zh", "counter_name_en")
ALERT = ("id", "kind", "raised_at", "cleared_at")
TARGET = ("code", "suspended")
VISIT = ("visit_id", "arrived_at", "purpose", "route", "target", "high_value", "tier", "elderly", "ticket_id",
         "service", "declined_reason", "fallback", "existing", "reinstated", "replaced", "replaces_visit")

TICKET = {"ticket": TICKET_FIELDS}
# Per kind: the plain fields that may go, and the nested objects with their own whitelists. Each kind
# names exactly the keys the host gives it, so head office's events have the branch log's shape (a
# field the branch had as null, or a whitelisted one it lacked, arrives as null).
FIELDS: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "issued": ((), TICKET),
    "called": (COUNTER + ("recall",), TICKET),
    "recalled": (COUNTER + ("recall",), TICKET),
    "missed": (COUNTER, TICKET),
    "reinstated": ((), TICKET),
    "transferred": (("from_service",), TICKET),
    "parked": ((), TICKET),
    "finished": (("counter",), TICKET),
    "cancelled": ((), TICKET),
    "moved": (("position",), TICKET),
    "returned": ((), TICKET),
    "visit": (VISIT, {}),
    "alert_raised": ((), {"alert": ALERT}),
    "alert_cleared": ((), {"alert": ALERT}),
    "counter_paused": (COUNTER, {}),
    "counter_resumed": (COUNTER, {}),
    "target_suspended": ((), {"target": TARGET}),
    "target_resumed": ((), {"target": TARGET}),
    "day_reset": (("day", "previous_day", "unserved"), {}),
}


def _pick(data: dict, keys: tuple[str, ...]) -> dict:
    return {k: data.get(k) for k in keys}


def outbound(event: dict) -> dict:
    """The event as head office may see it: seq, kind, at and the kind's whitelisted fields."""
    kind = event["kind"]
    out = {"seq": event["seq"], "kind": kind, "at": event["at"]}
    plain, nested = FIELDS.get(kind, ((), {}))
    out.update(_pick(event, plain))
    for key, keys in nested.items():
        value = event.get(key)
        out[key] = _pick(value, keys) if isinstance(value, dict) else None
        if key == "ticket" and out[key] is not None:
            declined = value.get("declined")
            out[key]["declined"] = _pick(declined, DECLINED) if isinstance(declined, dict) else None
    return out


# The same whitelist as SQL over the events table, so the shipper's thread never parses an event in
# Python: SQLite builds the JSON in C (with the GIL released) and the host's answers never wait on it.
def _sql_fields(path: str, keys: tuple[str, ...]) -> list[str]:
    return [f"'{k}', json(data -> '{path}.{k}')" for k in keys]


def _sql_object(path: str, keys: tuple[str, ...], extra: list[str] = ()) -> str:
    inner = ", ".join(_sql_fields(path, keys) + list(extra))
    return f"CASE WHEN json_type(data, '{path}') = 'object' THEN json_object({inner}) END"


def _sql_kind(kind: str) -> str:
    plain, nested = FIELDS[kind]
    parts = ["'seq', seq", "'kind', kind", "'at', at", *_sql_fields("$", plain)]
    for key, keys in nested.items():
        extra = [f"'declined', {_sql_object('$.ticket.declined', DECLINED)}"] if key == "ticket" else []
        parts.append(f"'{key}', {_sql_object(f'$.{key}', keys, extra)}")
    return f"WHEN '{kind}' THEN json_object({', '.join(parts)})"


SELECT = ("SELECT seq, at, kind, CASE kind " + " ".join(_sql_kind(k) for k in FIELDS)
          + " ELSE json_object('seq', seq, 'kind', kind, 'at', at) END"
          " FROM events WHERE seq > ? ORDER BY seq LIMIT ?")
