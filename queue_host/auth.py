"""Who is calling: bearer tokens and roles, the kiosk rate limit, and staff PIN sign-in with lockout."""
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
    """Too many visits from one kiosk in a minute."""

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


class PinGate:
    """Staff sign in by naming who they are and typing their PIN. Wrong PINs are counted per staff
    identity, wherever they come from: at most `attempts` in a rolling `window_s`, then that identity
    (and only it) is locked until its oldest failure leaves the window or a manager unlocks it."""

    def __init__(self, cfg: Config, attempts: int = 10, window_s: float = 3600,
                 clock: Callable[[], float] = time.monotonic):
        self.staff = {t.id: t for t in cfg.tokens.values() if t.pin_hash}
        self.counters = cfg.counters
        self.attempts, self.window_s, self.clock = attempts, window_s, clock
        self.failures: dict[str, deque] = {}
        self.lock = threading.Lock()

    def _recent(self, staff_id: str, now: float) -> deque:
        recent = self.failures.setdefault(staff_id, deque())
        while recent and now - recent[0] >= self.window_s:
            recent.popleft()
        return recent

    def sign_in(self, staff_id: str, pin: str, now: float | None = None) -> Token:
        """The token of `staff_id` for its PIN; Unauthorized for a wrong one; Locked after too many."""
        now = self.clock() if now is None else now
        token = self.staff.get(str(staff_id))
        if token is None:
            raise Unauthorized(*zh_en("no such staff member; choose a name from the list"),
                               {"staff": str(staff_id)[:40]})
        with self.lock:
            recent = self._recent(token.id, now)
            full = len(recent) >= self.attempts
            if full:
                wait = int(self.window_s - (now - recent[0])) + 1
            else:
                # Counted before the slow check, so parallel guesses cannot overrun the limit.
                recent.append(now)
            left = self.attempts - len(recent)
        if full:
            locked = (N_("too many wrong PINs for this staff member; locked for {wait} s") if token.role == "manager"
                      else N_("too many wrong PINs for this staff member; locked for {wait} s or until the lobby "
                              "manager unlocks it"))
            raise Locked(*zh_en(locked, wait=wait, minutes=wait // 60 + 1), {"retry_after_s": wait, "staff": token.id})
        if not verify_secret(str(pin), token.pin_hash):
            raise Unauthorized(*zh_en_n("wrong PIN; {n} attempt left before a lock",
                                        "wrong PIN; {n} attempts left before a lock", left, n=left),
                               {"attempts_left": left, "staff": token.id})
        with self.lock:
            if now in recent:
                recent.remove(now)
        return token

    def unlock(self, staff_id: str) -> None:
        """Forget the wrong PINs of one staff identity (the manager's unlock)."""
        if staff_id not in self.staff:
            raise NotFound(*zh_en("no such staff member"), {"staff": staff_id[:40]})
        with self.lock:
            self.failures.pop(staff_id, None)

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
