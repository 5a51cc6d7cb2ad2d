"""Who is calling: bearer tokens and roles, the kiosk rate limit, and staff PIN sign-in with slowdown and lock."""
from __future__ import annotations

import threading
import time
from collections import deque
from secrets import token_urlsafe
from typing import Callable

from queue_host.config import Config, Token
from queue_host.hashing import verify_secret
from queue_host.model import DomainError, Forbidden, NotFound
from queue_host.words import N_, en, zh, zh_en, zh_en_n


class Unauthorized(DomainError):
    """No token, or one the branch does not know."""

    error = "unauthorized"


class RateLimited(DomainError):
    """Too many requests: visits from one kiosk, PIN tries from one address, phone requests."""

    error = "rate_limited"


class Locked(DomainError):
    """Too many wrong PINs against one staff identity."""

    error = "locked"


class TokenBook:
    """Finds the token behind a bearer string: hashed device tokens (verified once, then cached) and
    the sessions handed out at sign-in."""

    CACHE_MAX = 1024

    def __init__(self, cfg: Config):
        self.tokens = list(cfg.tokens.values())
        self.by_id = dict(cfg.tokens)
        self.cache: dict[str, Token] = {}
        self.sessions: dict[str, Token] = {}

    def find(self, presented: str) -> Token | None:
        """The token for a presented bearer string, or None."""
        token = self.sessions.get(presented) or self.cache.get(presented)
        if token is not None:
            return token
        for candidate in self.tokens:
            if verify_secret(presented, candidate.token_hash):
                if len(self.cache) >= self.CACHE_MAX:
                    self.cache.pop(next(iter(self.cache)))
                self.cache[presented] = candidate
                return candidate
        return None

    def close_session(self, presented: str) -> bool:
        """End a sign-in session (a device token is not a session and stays valid)."""
        return self.sessions.pop(presented, None) is not None

    def open_session(self, token: Token) -> str:
        """A fresh random session token standing for `token` until the host stops."""
        if len(self.sessions) >= self.CACHE_MAX:
            self.sessions.pop(next(iter(self.sessions)))
        session = token_urlsafe(32)
        self.sessions[session] = token
        return session


def token_for(book: TokenBook, header: str | None) -> Token:
    """The token named by an Authorization header, or Unauthorized with what to send."""
    if not header or not header.lower().startswith("bearer "):
        raise Unauthorized(*zh_en("missing token: send 'Authorization: Bearer <token>' "
                                  "with a token from the branch file"))
    token = book.find(header[7:].strip())
    if token is None:
        raise Unauthorized(*zh_en("unknown token: check the token in the app's settings against the branch file"))
    return token


def require(token: Token, *roles: str) -> None:
    """Refuse a role that may not do this."""
    if token.role not in roles:
        raise Forbidden(*zh_en("the {role} role may not do this (needs {roles})", role=token.role,
                               roles=" or ".join(roles)), {"role": token.role})


def require_counter(token: Token, counter_id: str | None) -> None:
    """A teller acts only at their own counter; the manager anywhere."""
    if token.role == "manager":
        return
    require(token, "counter")
    if token.counter != counter_id:
        raise Forbidden(*zh_en("this token belongs to counter {mine}, not {other}", mine=token.counter,
                               other=counter_id or "a ticket at no counter"), {"counter": counter_id})


class RateLimiter:
    """Sliding one-minute window per token."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.hits: dict[str, deque] = {}

    def check(self, key: str, now: float | None = None) -> None:
        """Count one request, or raise RateLimited with when to try again."""
        now = time.monotonic() if now is None else now
        hits = self.hits.setdefault(key, deque())
        while hits and now - hits[0] >= 60:
            hits.popleft()
        if len(hits) >= self.per_minute:
            wait = int(60 - (now - hits[0])) + 1
            raise RateLimited(*zh_en_n("more than {n} visit a minute from this kiosk; try again in {wait} s",
                                       "more than {n} visits a minute from this kiosk; try again in {wait} s",
                                       self.per_minute, n=self.per_minute, wait=wait), {"retry_after_s": wait})
        hits.append(now)


FREE_TRIES = 3  # wrong PINs from one address at one staff id before each try must wait
MAX_DELAY_S = 300  # the longest wait between tries: five minutes
LOCK_AFTER = 30  # wrong PINs at one staff id, from any addresses, within the window: a real lock
WINDOW_S = 3600  # wrong PINs older than an hour stop counting
MANAGER_LOCK_S = 3600  # nobody is above the manager to unlock them: their own lock ends after an hour


def delay_after(failures: int) -> int:
    """Seconds one address waits after its n-th wrong PIN at one staff id (0, 0, 2, 4, ... 256, then 300)."""
    return 0 if failures < FREE_TRIES else min(MAX_DELAY_S, 2 ** (failures - FREE_TRIES + 1))


class PinGate:
    """Staff sign in by naming who they are and typing their PIN. Wrong PINs slow down per (staff id,
    address): FREE_TRIES at once, then a doubling wait answered as 429 (never slept), so a guesser
    elsewhere never keeps the right PIN out. LOCK_AFTER wrong PINs at one staff id from anywhere within
    WINDOW_S lock it until the manager unlocks it (the manager's own lock ends after MANAGER_LOCK_S).
    Times are wall-clock seconds so the counts and locks survive a restart (`rows` / `restore`)."""

    def __init__(self, cfg: Config, clock: Callable[[], float] = time.time, rows: dict[str, dict] | None = None):
        self.staff = {t.id: t for t in cfg.tokens.values() if t.pin_hash}
        self.counters = cfg.counters
        self.clock = clock
        self.failures: dict[str, dict[str, list[float]]] = {}  # staff id -> address -> times of wrong PINs
        self.locked: dict[str, float] = {}  # staff id -> when its lock began
        self.lock = threading.Lock()
        for staff_id, row in (rows or {}).items():
            self.restore(staff_id, row)

    def _prune(self, staff_id: str, now: float) -> dict[str, list[float]]:
        by_address = self.failures.setdefault(staff_id, {})
        for address in list(by_address):
            by_address[address] = [t for t in by_address[address] if now - t < WINDOW_S]
            if not by_address[address]:
                del by_address[address]
        since = self.locked.get(staff_id)
        if since is not None and self.staff[staff_id].role == "manager" and now - since >= MANAGER_LOCK_S:
            del self.locked[staff_id]
        return by_address

    def admit(self, staff_id: str, client: str, now: float | None = None) -> tuple[Token, float]:
        """Count one try of (staff id, address) before the slow check; Locked, RateLimited or Unauthorized."""
        now = self.clock() if now is None else now
        token = self.staff.get(str(staff_id))
        if token is None:
            raise Unauthorized(*zh_en("no such staff member; choose a name from the list"),
                               {"staff": str(staff_id)[:40]})
        with self.lock:
            by_address = self._prune(token.id, now)
            if token.id not in self.locked and sum(len(v) for v in by_address.values()) >= LOCK_AFTER:
                self.locked[token.id] = now  # tries in flight count too, so parallel guesses cannot overrun it
            since = self.locked.get(token.id)
            mine = by_address.get(client, [])
            wait = int(mine[-1] + delay_after(len(mine)) - now + 0.999) if mine else 0
            if since is None and wait <= 0:
                # Counted before the slow check, so parallel guesses cannot overrun the limits.
                by_address.setdefault(client, []).append(now)
        if since is not None:
            if token.role == "manager":
                left = int(since + MANAGER_LOCK_S - now) + 1
                raise Locked(*zh_en("too many wrong PINs for this staff member; locked for {wait} s", wait=left,
                                    minutes=left // 60 + 1),
                             {"retry_after_s": left, "staff": token.id})
            raise Locked(*zh_en("too many wrong PINs for this staff member; locked until the lobby manager unlocks "
                                "it on the panel"), {"staff": token.id})
        if wait > 0:
            raise RateLimited(*zh_en("wrong PIN too often from here; wait {wait} s before the next try", wait=wait),
                              {"retry_after_s": wait, "staff": token.id})
        return token, now

    def settle(self, token: Token, client: str, at: float, right: bool) -> Token:
        """The outcome of an admitted try: the right PIN clears this address's count; a wrong one may lock."""
        with self.lock:
            by_address = self.failures.setdefault(token.id, {})
            if right:
                by_address.pop(client, None)  # the staff member at their own panel starts afresh
                return token
            total = sum(len(v) for v in by_address.values())
            if total >= LOCK_AFTER and token.id not in self.locked:
                self.locked[token.id] = at
            mine = len(by_address.get(client, []))
        wait = delay_after(mine)
        detail = {"attempts_before_lock": max(0, LOCK_AFTER - total), "retry_after_s": wait, "staff": token.id}
        if wait:
            raise Unauthorized(*zh_en("wrong PIN; wait {wait} s before the next try", wait=wait), detail)
        raise Unauthorized(*zh_en("wrong PIN; check it and try again"), detail)

    def sign_in(self, staff_id: str, pin: str, client: str = "?", now: float | None = None) -> Token:
        """The token of `staff_id` for its PIN; Unauthorized for a wrong one, RateLimited too soon, Locked."""
        token, at = self.admit(staff_id, client, now)
        return self.settle(token, client, at, verify_secret(str(pin), token.pin_hash))

    def unlock(self, staff_id: str) -> None:
        """Lift a lock and forget the wrong PINs of one staff identity (the manager's unlock)."""
        if staff_id not in self.staff:
            raise NotFound(*zh_en("no such staff member"), {"staff": staff_id[:40]})
        with self.lock:
            self.failures.pop(staff_id, None)
            self.locked.pop(staff_id, None)

    def locks(self, now: float | None = None) -> list[dict]:
        """Staff ids locked now, with when and how many wrong PINs, for the manager's panel."""
        now = self.clock() if now is None else now
        out = []
        with self.lock:
            for staff_id in list(self.locked):
                self._prune(staff_id, now)
                if staff_id in self.locked:
                    out.append({"staff": staff_id, "name": self.staff[staff_id].name,
                                "since": self.locked[staff_id],
                                "failures": sum(len(v) for v in self.failures.get(staff_id, {}).values())})
        return out

    def row(self, staff_id: str) -> dict | None:
        """One staff id's counts and lock as the store keeps them (None: nothing to keep)."""
        with self.lock:
            failures = {a: list(v) for a, v in self.failures.get(staff_id, {}).items() if v}
            since = self.locked.get(staff_id)
        return {"failures": failures, "locked_since": since} if failures or since is not None else None

    def restore(self, staff_id: str, row: dict) -> None:
        """Take back one staff id's counts and lock from the store (at start)."""
        if staff_id not in self.staff:
            return
        self.failures[staff_id] = {str(a): [float(t) for t in v] for a, v in (row.get("failures") or {}).items()}
        if row.get("locked_since") is not None:
            self.locked[staff_id] = float(row["locked_since"])

    def listing(self) -> list[dict]:
        """Who may sign in: id, role, counter and name, for the panel's choice."""
        out = []
        for t in self.staff.values():
            counter = self.counters.get(t.counter) if t.counter else None
            out.append({"id": t.id, "role": t.role, "counter": t.counter, "name": t.name,
                        "name_zh": t.name_zh, "name_en": t.name_en, "staff_no": t.staff_no,
                        # Where they work (the window, or 大堂经理), then their own name from the branch file.
                        "label_zh": " ".join(filter(None, (counter.name_zh if counter else zh("Lobby manager")
                                                           if t.role == "manager" else "", t.name_zh))) or t.id,
                        "label_en": " ".join(filter(None, (counter.name_en if counter else en("Lobby manager")
                                                           if t.role == "manager" else "", t.name_en)))
                        or t.name or t.role})
        return out
