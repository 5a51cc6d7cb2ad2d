"""What each screen shows, as plain data in the customer's language order (main line, second line)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from fenliu.tickets import form_of, service_of
from kiosk import amount
from kiosk.cardref import mask
from kiosk.text import both, order, pair, yuan_zh
from kiosk.theme import Theme, theme_for

Pair = tuple[str, str]
EMPTY: Pair = ("", "")


@dataclass(frozen=True)
class Tile:
    """One large button: what it sends to the flow and its two lines of text."""

    code: str
    main: str
    sub: str


@dataclass(frozen=True)
class View:
    """Everything the screens bind to; rebuilt after each change of the flow."""

    screen: str
    lang: str
    elderly: bool
    voice: bool
    voice_available: bool
    busy: bool
    offline: bool
    theme: Theme
    branch: Pair = EMPTY
    heading: Pair = EMPTY
    banner: Pair = EMPTY
    card: Pair = EMPTY
    tiles: tuple[Tile, ...] = ()
    page: int = 0
    pages: int = 1
    page_text: Pair = EMPTY
    lines: tuple[Pair, ...] = ()  # body lines: location, steps, form, documents, guidance
    qr_url: str = ""
    qr_hint: Pair = EMPTY
    number: str = ""
    service: Pair = EMPTY
    ahead: Pair = EMPTY
    wait: Pair = EMPTY
    ahead_wait: Pair = EMPTY  # the ahead line with the wait after it, as the ticket screen shows them
    status: Pair = EMPTY  # printing / printed / print fault / slip printed
    fault: bool = False
    idle_prompt: bool = False
    idle_left: Pair = EMPTY
    labels: dict[str, Pair] = field(default_factory=dict)
    keys: tuple[Tile, ...] = ()  # the amount keypad, always the same keys in the same places
    entry: str = ""  # the amount typed so far, as a bank writes it
    note: Pair = EMPTY  # under the typed amount: a hint, the ID reminder (strong), or what is wrong (fault)
    notes: tuple[Pair, ...] = ()  # every note the screen may show: its room is kept for the longest
    strong: bool = False


def page_count(flow) -> int:
    """Pages of purpose tiles in the current mode."""
    if flow.config is None:
        return 1
    return max(1, math.ceil(len(flow.config.purposes) / theme_for(flow.session.elderly, flow.session.lang, flow.screen_shape).per_page))


def build_view(flow) -> View:
    """The view of the flow's current screen."""
    s, cfg, lang = flow.session, flow.config, flow.session.lang
    theme = theme_for(s.elderly, lang, flow.screen_shape)
    labels = {key: pair(key, lang) for key in (
        "back", "home", "done", "prev_page", "next_page", "insist", "print_slip", "continue", "confirm",
        "card_hint", "idle_q")}
    # The switch names the other language in that language, and "language" in both (chosen first).
    other = "en" if lang == "zh" else "zh"
    labels["lang_switch"] = (both(f"lang_name_{other}")[other == "en"], " ".join(pair("language", lang)))
    labels["prefill"] = pair("prefill", lang)
    labels["elderly"] = pair("elderly_off" if s.elderly else "elderly_on", lang)
    labels["voice"] = pair("voice_on" if s.voice else "voice_off", lang)
    speaker = flow.speaker
    base = dict(screen=flow.screen, lang=lang, elderly=s.elderly, voice=s.voice, busy=flow.busy,
                voice_available=bool(speaker is not None and getattr(speaker, "available", True)),
                offline=flow.offline, theme=theme, labels=labels, idle_prompt=flow.idle_prompt,
                idle_left=pair("idle_left", lang, s=flow.seconds_left()) if flow.idle_prompt else EMPTY)
    if cfg is not None:
        base["branch"] = order(cfg.name_zh, cfg.name_en, lang)
    if s.customer_ref:
        base["card"] = pair("card_read", lang, masked=mask(s.customer_ref))
    if flow.busy:
        base["banner"] = pair("busy", lang)
    elif cfg is None:
        base["banner"] = pair("offline" if flow.offline else "connecting", lang)
    elif flow.offline and flow.book is not None:
        base["banner"] = pair("offline_working", lang)  # calm: the kiosk still gives numbers
    build = {"welcome": _welcome, "amount": _amount, "diversion": _diversion, "decline": _decline,
             "ticket": _ticket, "guide": _guide, "notice": _notice}[flow.screen]
    return View(**base, **build(flow, lang, theme))


def _welcome(flow, lang: str, theme: Theme) -> dict:
    cfg = flow.config
    if cfg is None:
        return {"heading": pair("greeting", lang)}
    pages = page_count(flow)
    page = min(flow.session.page, pages - 1)
    shown = cfg.purposes[page * theme.per_page:(page + 1) * theme.per_page]
    tiles = tuple(Tile(p.code, *order(p.name_zh, p.name_en, lang)) for p in shown)
    return {"heading": pair("greeting", lang), "tiles": tiles, "page": page, "pages": pages,
            "page_text": pair("page", lang, page=page + 1, pages=pages) if pages > 1 else EMPTY}


def _amount(flow, lang: str, theme: Theme) -> dict:
    cfg, s = flow.config, flow.session
    high = cfg.high_value_cny
    tiles = tuple(Tile(str(value), *order(yuan_zh(value), both("yuan", yuan=amount.grouped(value))[1], lang))
                  for value in amount.presets(cfg.cash_threshold_cny, high, cfg.max_amount_cny))
    # Elderly type: a key holds one line at 30 pt, the first language's.
    faces = {k: (pair(key, lang)[0], "") if s.elderly else pair(key, lang)
             for k, key in ((amount.CLEAR, "key_clear"), (amount.DELETE, "key_delete"))}
    keys = tuple(Tile(k, *faces.get(k, (k[1:], ""))) for k in amount.KEYPAD)
    typed = int(s.amount_typed) if s.amount_typed else 0
    most = {"most": amount.grouped(cfg.max_amount_cny), "most_zh": yuan_zh(cfg.max_amount_cny)}
    # The ID reminder stands there from the start (a preset is one tap to the ticket), strong once it applies.
    notes = {"id_reminder": pair("id_reminder", lang, amount=amount.grouped(high), amount_zh=yuan_zh(high)),
             "amount_empty": pair("amount_empty", lang), "amount_too_big": pair("amount_too_big", lang, **most)}
    key = s.amount_error or "id_reminder"
    note = notes[key]
    purpose = s.purpose
    return {"heading": pair("amount_q", lang), "lines": (order(purpose.name_zh, purpose.name_en, lang),),
            "tiles": tiles, "keys": keys, "entry": f"￥{amount.grouped(typed)}" if typed else "￥",
            "note": note, "notes": tuple(notes.values()), "fault": bool(s.amount_error),
            "strong": key == "id_reminder" and typed >= high}


def _diversion(flow, lang: str, theme: Theme) -> dict:
    s = flow.session
    target = s.target
    if target is None:
        return {"heading": pair("diverted", lang)}
    lines = [order(target.name_zh, target.name_en, lang),
             order(both("where", location=target.location_zh)[0], both("where", location=target.location_en)[1],
                   lang)]
    zh_steps, en_steps = list(target.steps_zh), list(target.steps_en)
    for i in range(max(len(zh_steps), len(en_steps))):
        zh = f"{i + 1}. {zh_steps[i]}" if i < len(zh_steps) else ""
        en = f"{i + 1}. {en_steps[i]}" if i < len(en_steps) else ""
        lines.append(order(zh, en, lang))
    status = {"printing": pair("slip_printing", lang), "printed": pair("slip_printed", lang)}.get(s.slip_state, EMPTY)
    if s.slip_state == "fault" and s.fault:
        status = order(*s.fault, lang)
    return {"heading": pair("diverted", lang), "lines": tuple(lines), "qr_url": target.qr_url or "",
            "qr_hint": pair("scan", lang) if target.qr_url else EMPTY, "status": status,
            "fault": s.slip_state == "fault"}


def _decline(flow, lang: str, theme: Theme) -> dict:
    reasons = flow.config.reasons_for(flow.session.purpose.code)
    return {"heading": pair("reason_q", lang),
            "tiles": tuple(Tile(r.code, *order(r.name_zh, r.name_en, lang)) for r in reasons)}


def _ticket(flow, lang: str, theme: Theme) -> dict:
    s, cfg = flow.session, flow.config
    visit = s.visit or {}
    ticket = visit.get("ticket") or {}
    service = service_of(cfg, ticket)
    lines: list[Pair] = []
    if visit.get("existing"):
        lines.append(pair("existing", lang))
    if visit.get("reinstated"):
        lines.append(pair("reinstated", lang))
    if visit.get("fallback") == "target_suspended":
        lines.append(pair("fallback", lang))
    if visit.get("route") == "customer_manager":
        lines.append(pair("customer_manager", lang))
    if s.amount_cny is not None and s.amount_cny >= cfg.high_value_cny:  # Chinese first, English second
        high = cfg.high_value_cny
        lines.append(pair("id_reminder", lang, amount=amount.grouped(high), amount_zh=yuan_zh(high)))
    if visit.get("offline"):
        lines.append(pair("offline_late", lang))
    tier = cfg.tiers.get(visit.get("tier") or "normal")
    service_zh, service_en = service.name_zh, service.name_en
    if tier is not None and tier.code != "normal":
        service_zh = f"{service_zh} · {tier.name_zh}"
        service_en = service_en if tier.name_en == service_en else f"{service_en} · {tier.name_en}"
    form = form_of(cfg, ticket)
    if form is not None:
        desk_zh, desk_en = both("form_desk")
        zh = both("form", desk=cfg.form_desk_zh or desk_zh, no=form.form_template, name=form.form_name_zh)[0]
        en = both("form", desk=cfg.form_desk_en or desk_en, no=form.form_template,
                  name=form.form_name_en or form.form_name_zh)[1]
        lines.append(order(zh, en, lang))
    if service.documents_zh:
        lines.append(order(both("documents", docs=both("list_sep")[0].join(service.documents_zh))[0],
                           both("documents", docs=both("list_sep")[1].join(service.documents_en))[1], lang))
    ahead = max(0, int(ticket.get("people_ahead") or 0))  # below zero: unknown (issued offline)
    fault_key = {True: "print_fault", False: "print_fault_unsent"}.get(s.extra.get("alerted"), "print_fault_wait")
    status = {"printing": pair("printing", lang), "printed": pair("printed", lang),
              "fault": pair(fault_key, lang)}.get(s.print_state, EMPTY)
    ahead_line = (EMPTY if visit.get("offline") else pair("ahead", lang, n=ahead) if ahead
                  else pair("ahead_none", lang))
    wait = (EMPTY if visit.get("offline") else pair("wait", lang, n=int(ticket.get("wait_minutes") or 0)) if ahead
            else pair("next", lang))
    ahead_wait = tuple(pair("ahead_wait", lang, ahead=a, wait=w)[i] if w else a
                       for i, (a, w) in enumerate(zip(ahead_line, wait or ("", ""))))
    return {"heading": pair("your_number", lang), "number": ticket.get("number", ""),
            "service": order(service_zh, service_en, lang),
            "ahead": ahead_line, "wait": wait, "ahead_wait": ahead_wait,
            "lines": tuple(lines), "qr_url": ticket.get("status_url", ""),
            "qr_hint": pair("qr_hint", lang) if ticket.get("status_url") else EMPTY,
            "status": status, "fault": s.print_state == "fault"}


def _guide(flow, lang: str, theme: Theme) -> dict:
    visit = flow.session.visit or {}
    key = "lobby_manager" if visit.get("route") == "lobby_manager" else "customer_manager_now"
    # The host's own words know the branch best (who comes, where to wait); ours are the fallback.
    heading = pair(key, lang)
    if visit.get("message_zh") and visit.get("message_en"):
        heading = order(visit["message_zh"], visit["message_en"], lang)
    purpose = flow.session.purpose
    lines = (order(purpose.name_zh, purpose.name_en, lang),) if purpose is not None else ()
    return {"heading": heading, "lines": lines}


def _notice(flow, lang: str, theme: Theme) -> dict:
    s = flow.session
    if s.pending is not None:
        return {"heading": pair("offline", lang), "fault": True}
    message = order(*s.error, lang) if s.error else pair("error", lang)
    return {"heading": message, "fault": True}


def spoken(flow) -> str:
    """The sentence elderly mode says for the current screen, in the customer's language."""
    view = build_view(flow)
    if view.idle_prompt:
        return view.labels["idle_q"][0]
    if view.screen == "ticket":
        stop = both("full_stop")[0 if view.lang == "zh" else 1]  # "。" after Chinese, ". " after English
        return f"{view.heading[0]} {' '.join(view.number)}{stop}{view.ahead[0]}{stop}{view.status[0]}"
    return view.heading[0]
