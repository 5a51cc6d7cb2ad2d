"""Service ratings (评价) from the counter screen: once per finished visit, shortly after it, rolled up
per counter and teller; a "不满意" (dissatisfied) alerts the duty manager. No I/O, no clock."""
from __future__ import annotations

from datetime import datetime

from queue_host import alerts, views
from queue_host.lobby import Lobby
from queue_host.model import DomainError, Forbidden, Ticket
from queue_host.words import zh_en

RATINGS = ("very_satisfied", "satisfied", "neutral", "dissatisfied")
NAMES = {"very_satisfied": zh_en("Very satisfied"), "satisfied": zh_en("Satisfied"),
         "neutral": zh_en("Neutral"), "dissatisfied": zh_en("Dissatisfied")}
WINDOW_S = 60  # the screen asks for 20 s; a rating later than a minute after the finish is not this visit's


def rate(lobby: Lobby, counter_id: str, ticket_id: int, rating: str, now: datetime) -> Ticket:
    """Record the customer's rating of a visit just finished at this counter."""
    ticket = lobby.ticket(ticket_id)
    if ticket.counter != counter_id:
        raise Forbidden(*zh_en("ticket {number} was not served at counter {counter}", number=ticket.number,
                               counter=counter_id), {"counter": counter_id})
    if ticket.state != "finished" or ticket.finished_at is None:
        raise DomainError(*zh_en("{number} is {state}; only a finished visit can be rated", number=ticket.number,
                                 state=ticket.state), {"state": ticket.state})
    if ticket.rating is not None:
        raise DomainError(*zh_en("{number} was already rated", number=ticket.number), {"rating": ticket.rating})
    late = (now - ticket.finished_at).total_seconds()
    if late > WINDOW_S:
        raise DomainError(*zh_en("ratings are taken within {window} s of the finish; {number} finished {late} s ago",
                                 window=WINDOW_S, number=ticket.number, late=int(late)), {"window_s": WINDOW_S})
    shown = showing(lobby, counter_id, now)
    if shown is None or shown.id != ticket.id:
        # The screen asks about one visit: the last one finished here. An older visit is not its to rate.
        raise DomainError(*zh_en("{number} is not the visit this screen is asking about; only that one can be rated",
                                 number=ticket.number), {"showing": shown.number if shown else None})
    ticket.rating = rating
    lobby.touch(ticket)
    lobby.emit("rated", now, ticket_id=ticket.id, number=ticket.number, counter=counter_id, teller=ticket.teller,
               rating=rating)
    if rating == "dissatisfied":
        conf = lobby.cfg.counters[counter_id]
        alerts.raise_alert(lobby, "rating", f"rating:{ticket.id}", now,
                           *zh_en("{counter}: the customer of {number} rated the service dissatisfied",
                                  counter=(conf.name_zh, conf.name_en), number=ticket.number))
    return ticket


def showing(lobby: Lobby, counter_id: str, now: datetime) -> Ticket | None:
    """The visit this counter's screen asks about: the last one finished here, if unrated and in time."""
    done = [t for t in lobby.tickets.values() if t.counter == counter_id and t.state == "finished"
            and t.finished_at and (now - t.finished_at).total_seconds() <= WINDOW_S]
    latest = max(done, key=lambda t: (t.finished_at, t.id), default=None)
    return latest if latest is not None and latest.rating is None else None


def awaiting(lobby: Lobby, counter_id: str, now: datetime) -> dict | None:
    """The visit this counter's screen may still ask to be rated, as the screen sees it."""
    latest = showing(lobby, counter_id, now)
    return views.ticket(lobby, latest) if latest else None


def _tally(rows: list[Ticket], key) -> dict:
    out: dict[str, dict] = {}
    for t in rows:
        entry = out.setdefault(key(t) or "?", {r: 0 for r in RATINGS} | {"count": 0})
        entry[t.rating] += 1
        entry["count"] += 1
    for entry in out.values():
        entry["satisfied_share"] = round((entry["very_satisfied"] + entry["satisfied"]) / entry["count"], 3)
    return out


def rollup(tickets: list[Ticket]) -> dict:
    """The day's ratings: counts in all, per counter and per teller, and the share satisfied."""
    rated = [t for t in tickets if t.rating in RATINGS]
    total = _tally(rated, lambda t: "all").get("all", {r: 0 for r in RATINGS} | {"count": 0, "satisfied_share": 0.0})
    return {**total, "by_counter": _tally(rated, lambda t: t.counter), "by_teller": _tally(rated, lambda t: t.teller)}
