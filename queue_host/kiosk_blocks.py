"""Numbers a kiosk may issue while it cannot reach the host, and how its offline tickets join their queues.

Rules (plain functions, `now` passed in):
- A block is a run of one service's numbers reserved for one kiosk for one business day. Blocks are
  cut from the top of the number range downwards (A950-A999, then A900-A949...), always above every
  number the host's own numbering has issued today and never into its lower half; the host's
  numbering stays below the lowest block (visits.next_number), so no number is ever issued twice.
- A kiosk holds at most MAX_ACTIVE blocks per service with numbers left (by what it handed in); it asks
  for another when it runs low.
- The day's reset drops the blocks: a kiosk fetches new ones, and tickets of an old day are expired.
- Handed-in tickets join their service's queue by the kiosk's issue time: after every ticket of the
  service issued at or before it, before the first one issued later, so an offline customer keeps
  the place they would have had. The kiosk's clock is trusted within bounds: a time in the future is
  taken as now, one before its block was reserved, or before the kiosk's last contact with the host
  ahead of its silence, as that moment (a kiosk cannot issue offline while it still reaches the host).
- Contact: every kiosk request counts (`seen`). An online kiosk refreshes its blocks every 30 s, so a
  silence of GAP_S or more is an offline spell; the last contact before the latest silence is the floor,
  kept in the store so a restart does not forget it.
- A hand-in is idempotent by the kiosk's key (scoped to the kiosk's token, as request ids are); a number
  outside the kiosk's own blocks refuses the batch; a number twice in the batch or already issued today
  is refused alone (with its reason, under `refused` in the answer) and the rest of the batch goes in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_host import views
from queue_host.lobby import Lobby
from queue_host.model import Block, Contact, Forbidden, Invalid, Ticket, Visit
from queue_host.visits import new_code, scoped
from queue_host.words import zh_en, zh_en_n

MAX_ACTIVE = 2  # blocks per kiosk and service with numbers left: the one in use and the next
GAP_S = 90  # no request from a kiosk for this long: it was offline (it refreshes its blocks every 30 s)
SAVE_EVERY_S = 10  # a contact is written at most this often while a kiosk stays in touch


@dataclass(frozen=True)
class OfflineTicket:
    """One ticket a kiosk issued from its block while the host was away."""

    key: str
    day: str
    number: str
    service: str
    purpose: str
    tier: str
    issued_at: datetime
    request_id: str | None = None
    elderly: bool = False
    lang: str = "zh"


def seen(lobby: Lobby, kiosk: str, now: datetime) -> None:
    """Record a successful request of a kiosk token (its contact with the host)."""
    contact = lobby.contacts.get(kiosk)
    if contact is None:
        lobby.contacts[kiosk] = Contact(last=now)
        lobby.changes.contacts.add(kiosk)
        return
    if now <= contact.last:
        return
    if now - contact.last >= timedelta(seconds=GAP_S):
        contact.before_gap = contact.last
        lobby.changes.contacts.add(kiosk)
    contact.last = now
    if contact.saved is None or now - contact.saved >= timedelta(seconds=SAVE_EVERY_S):
        lobby.changes.contacts.add(kiosk)


def contact_floor(lobby: Lobby, kiosk: str, now: datetime) -> datetime | None:
    """The earliest moment this kiosk can have issued offline: its last contact before its latest silence."""
    contact = lobby.contacts.get(kiosk)
    if contact is None:
        return None
    if now - contact.last >= timedelta(seconds=GAP_S):  # silent until this very request
        return contact.last
    return contact.before_gap


def block_size(lobby: Lobby) -> int:
    """Numbers in one block: a twentieth of the day's range (50 of A001-A999), at least 5."""
    return max(5, (10 ** lobby.cfg.branch.number_digits) // 20)


def blocks_of(lobby: Lobby, kiosk: str) -> list[Block]:
    """A kiosk's blocks of today, oldest first."""
    return sorted((b for b in lobby.blocks.values() if b.kiosk == kiosk), key=lambda b: b.id)


def _reserve_one(lobby: Lobby, kiosk: str, service: str, now: datetime) -> Block | None:
    """Cut the next block of a service for a kiosk, or None when no room is left today."""
    top = 10 ** lobby.cfg.branch.number_digits - 1
    floor = min((b.first for b in lobby.blocks.values() if b.service == service), default=top + 1)
    last = floor - 1
    first = last - block_size(lobby) + 1
    # Never below a number the host has issued today (its sequence), never into the lower half.
    if first <= lobby.sequences[service] or first <= top // 2:
        return None
    block = Block(id=lobby.next_block_id, day=lobby.day, kiosk=kiosk, service=service, first=first, last=last,
                  reserved_at=now)
    lobby.next_block_id += 1
    lobby.blocks[block.id] = block
    lobby.changes.blocks.append(block)
    text = views.block_numbers(lobby, block)
    lobby.changes.audit.append({"day": lobby.day, "at": now.isoformat(), "who": kiosk, "action": "reserve_block",
                                "target": text, "reason": ""})
    lobby.emit("block_reserved", now, kiosk=kiosk, service=service, numbers=text)
    return block


def reserve(lobby: Lobby, kiosk: str, refill: tuple[str, ...], now: datetime) -> list[Block]:
    """Give a kiosk one block per service it has none of today, plus one more per service in `refill`."""
    for service in refill:
        if service not in lobby.cfg.services:
            raise Invalid(*zh_en("unknown service {service!r} in refill; use one of {services}", service=service,
                                 services=", ".join(lobby.cfg.services)), {"field": "refill"})
    used: dict[int, int] = {}
    for t in lobby.tickets.values():
        if t.kiosk_block is not None:
            used[t.kiosk_block] = used.get(t.kiosk_block, 0) + 1
    for service in lobby.cfg.services:
        mine = [b for b in blocks_of(lobby, kiosk) if b.service == service]
        # A kiosk hands in before it asks again, so a block whose every number came back is used up.
        active = sum(1 for b in mine if used.get(b.id, 0) < b.last - b.first + 1)
        if not mine or (service in refill and active < MAX_ACTIVE):
            _reserve_one(lobby, kiosk, service, now)
    return blocks_of(lobby, kiosk)


def _parse(lobby: Lobby, item: OfflineTicket) -> int | None:
    """The number's digits if it is well formed for its service, else None."""
    conf = lobby.cfg.services.get(item.service)
    digits = lobby.cfg.branch.number_digits
    if conf is None or not item.number.startswith(conf.prefix):
        return None
    rest = item.number[len(conf.prefix):]
    return int(rest) if len(rest) == digits and rest.isdigit() else None


def _why_refused(lobby: Lobby, kiosk: str, item: OfflineTicket) -> str | None:
    if item.service not in lobby.cfg.services:
        return f"unknown service {item.service!r}"
    if item.purpose not in lobby.cfg.purposes:
        return f"unknown purpose {item.purpose!r}"
    n = _parse(lobby, item)
    if n is None:
        return f"{item.number!r} is not a number of service {item.service!r}"
    if not any(b.service == item.service and b.holds(n) for b in blocks_of(lobby, kiosk)):
        return f"{item.number} is not in a block reserved for {kiosk} today"
    return None


def _why_not_this_one(item: OfflineTicket, numbers: set[str], twice: set[str]) -> tuple[str, str] | None:
    """Why this one ticket cannot go in although its batch is sound (Chinese, English): its number is taken."""
    if item.number in twice:  # which of the two is the real one cannot be told: neither goes in
        return zh_en("{number} appears twice in this batch under different keys; ask the lobby manager to issue "
                     "these customers new numbers", number=item.number)
    if item.number in numbers:
        return zh_en("{number} was already issued today; ask the lobby manager to issue this customer a new number",
                     number=item.number)
    return None


def _rank(lobby: Lobby, service: str, at: datetime) -> float:
    """A rank after every ticket of the service issued at or before `at`, before the first one issued later."""
    same = [t for t in lobby.tickets.values() if t.service == service]
    before = max((t.rank for t in same if t.issued_at <= at), default=0.0)
    after = min((t.rank for t in same if t.rank > before), default=None)
    if after is None:
        rank = max(lobby.next_rank, before + 1)
        lobby.next_rank = rank + 1
        return rank
    return (before + after) / 2


def hand_in(lobby: Lobby, kiosk: str, items: list[OfflineTicket], now: datetime) -> dict:
    """Put a kiosk's offline tickets in their queues by issue time; a re-sent one is answered, not added."""
    refused = [{"key": i.key, "number": i.number, "problem": why} for i in items
               if i.day == lobby.day and scoped(kiosk, i.key) not in lobby.offline_keys
               and (why := _why_refused(lobby, kiosk, i))]
    if refused:
        raise Forbidden(*zh_en_n("refused the whole batch: {problem} ({n} of {total} ticket); fetch this kiosk's "
                                 "blocks again and hand in only numbers issued from them",
                                 "refused the whole batch: {problem} ({n} of {total} tickets); fetch this kiosk's "
                                 "blocks again and hand in only numbers issued from them", len(items),
                                 problem=refused[0]["problem"], n=len(refused), total=len(items)),
                        {"refused": refused[:50]})
    floor = contact_floor(lobby, kiosk, now)
    seen(lobby, kiosk, now)
    accepted, duplicates, expired, taken = [], [], [], []
    keys: set[str] = set()
    numbers = {t.number for t in lobby.tickets.values()}
    batch = [i for i in items if i.day == lobby.day and scoped(kiosk, i.key) not in lobby.offline_keys]
    keys_of: dict[str, set[str]] = {}
    for i in batch:
        keys_of.setdefault(i.number, set()).add(i.key)
    twice = {n for n, k in keys_of.items() if len(k) > 1}
    for item in sorted(items, key=lambda i: i.issued_at):
        key = scoped(kiosk, item.key)
        if item.day != lobby.day:
            expired.append({"key": item.key, "number": item.number})
        elif key in lobby.offline_keys or key in keys:
            ticket = lobby.tickets.get(lobby.offline_keys.get(key, -1))
            duplicates.append({"key": item.key, "number": item.number, "ticket_id": ticket.id if ticket else None})
        elif why := _why_not_this_one(item, numbers, twice):
            taken.append({"key": item.key, "number": item.number, "problem_zh": why[0], "problem": why[1]})
        else:
            keys.add(key)
            accepted.append(_insert(lobby, kiosk, item, now, floor))
            numbers.add(item.number)
    if accepted:
        lobby.changes.audit.append({"day": lobby.day, "at": now.isoformat(), "who": kiosk, "action": "offline_hand_in",
                                    "target": ", ".join(t.number for t in accepted)[:200],
                                    "reason": f"{len(accepted)} offline ticket(s)"})
        lobby.changes.meta = True
    if taken:  # the manager sees which numbers were set aside and why
        lobby.changes.audit.append({"day": lobby.day, "at": now.isoformat(), "who": kiosk,
                                    "action": "offline_refused", "target": ", ".join(t["number"] for t in taken)[:200],
                                    "reason": taken[0]["problem"][:200]})
    return {"accepted": [{"key": item_key(t), **views.ticket(lobby, t)} for t in accepted],
            "duplicates": duplicates, "expired": expired, "refused": taken}


def item_key(ticket: Ticket) -> str:
    """The kiosk's own key of an offline ticket (its stored key is scoped to the kiosk's token)."""
    return ticket.offline_key.split(":", 1)[1]


def _insert(lobby: Lobby, kiosk: str, item: OfflineTicket, now: datetime, floor: datetime | None) -> Ticket:
    n = _parse(lobby, item)
    block = next(b for b in blocks_of(lobby, kiosk) if b.service == item.service and b.holds(n))
    # The kiosk's clock, kept within what is possible: not after now, not before its block existed,
    # not before it last reached the host ahead of going quiet.
    at = max(min(item.issued_at, now), block.reserved_at, min(floor or block.reserved_at, now))
    ghost = _ghost(lobby, kiosk, item)
    rank = ghost.rank if ghost is not None else _rank(lobby, item.service, at)
    if ghost is not None:  # the host took this visit but its answer never reached the kiosk: nobody holds it
        ghost.state, ghost.finished_at, ghost.note = "cancelled", now, f"replaced by offline {item.number}"
        lobby.touch(ghost)
        lobby.emit("cancelled", now, ticket=views.ticket(lobby, ghost))
    ticket = Ticket(id=lobby.next_ticket_id, day=lobby.day, code=new_code(lobby.by_code), number=item.number, seq=n,
                    service=item.service, purpose=item.purpose, state="waiting", issued_at=at, queued_at=at,
                    rank=rank, tier=item.tier, vip=lobby.cfg.services[item.service].vip,
                    high_value=lobby.cfg.purposes[item.purpose].high_value, note="offline",
                    elderly=item.elderly, lang=item.lang,
                    visit_id=lobby.next_visit_id, kiosk_block=block.id, offline_key=scoped(kiosk, item.key),
                    issued_by=kiosk)
    lobby.next_ticket_id += 1
    lobby.add_ticket(ticket)
    if ghost is not None and ghost.visit_id in lobby.visits:  # one customer, one visit: it now holds this ticket
        visit = lobby.visits[ghost.visit_id]
        visit.ticket_id = ticket.id
        ticket.visit_id = visit.id
    else:
        route = "customer_manager" if lobby.cfg.purposes[item.purpose].route == "customer_manager" else "counter"
        visit = Visit(id=lobby.next_visit_id, day=lobby.day, at=at, purpose=item.purpose, route=route,
                      ticket_id=ticket.id, tier=item.tier, high_value=ticket.high_value,
                      request_id=f"offline:{ticket.offline_key}", by=kiosk)
        lobby.next_visit_id += 1
    lobby.add_visit(visit)
    lobby.changes.visits.append(visit)
    lobby.emit("issued", now, ticket=views.ticket(lobby, ticket), offline=True)
    return ticket


def _ghost(lobby: Lobby, kiosk: str, item: OfflineTicket) -> Ticket | None:
    """The still-waiting ticket the host issued for this very request (of this kiosk) before the kiosk gave up."""
    visit = lobby.visits.get(lobby.visit_requests.get(scoped(kiosk, item.request_id), -1)) if item.request_id else None
    ticket = lobby.tickets.get(visit.ticket_id) if visit and visit.ticket_id else None
    return ticket if ticket is not None and ticket.state == "waiting" and ticket.kiosk_block is None else None
