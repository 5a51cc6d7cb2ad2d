"""Who is calling: bearer tokens and roles, the kiosk rate limit, and staff PIN sign-in with lockout."""
from __future__ import annotations

import time
from collections import deque

from queue_host.config import Config, Token
from queue_host.model import DomainError, Forbidden


class Unauthorized(DomainError):
    """No token, or one the branch does not know."""

    error = "unauthorized"


class RateLimited(DomainError):
    """Too many visits from one kiosk in a minute."""

    error = "rate_limited"


class Locked(DomainError):
    """Too many wrong PINs from one place."""

    error = "locked"


def token_for(cfg: Config, header: str | None) -> Token:
    """The token named by an Authorization header, or Unauthorized with what to send."""
    if not header or not header.lower().startswith("bearer "):
        raise Unauthorized("未登录：缺少令牌", "missing token: send 'Authorization: Bearer <token>' "
                           "with a token from the branch file")
    token = cfg.tokens.get(header[7:].strip())
    if token is None:
        raise Unauthorized("令牌无效", "unknown token: check the token in the app's settings against the branch file")
    return token


def require(token: Token, *roles: str) -> None:
    """Refuse a role that may not do this."""
    if token.role not in roles:
        raise Forbidden("无权执行此操作", f"the {token.role} role may not do this (needs {' or '.join(roles)})",
                        {"role": token.role})


def require_counter(token: Token, counter_id: str | None) -> None:
    """A teller acts only at their own counter; the manager anywhere."""
    if token.role == "manager":
        return
    require(token, "counter")
    if token.counter != counter_id:
        raise Forbidden("只能操作本窗口的号码", f"this token belongs to counter {token.counter}, "
                        f"not {counter_id or 'a ticket at no counter'}", {"counter": counter_id})


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
            raise RateLimited("取号过于频繁，请稍候再试", f"more than {self.per_minute} visits a minute from this "
                              f"kiosk; try again in {wait} s", {"retry_after_s": wait})
        hits.append(now)


class PinGate:
    """Staff sign in with a PIN; five wrong PINs from one address lock it for five minutes."""

    def __init__(self, cfg: Config, attempts: int = 5, lock_s: float = 300):
        self.by_pin = {t.pin: t for t in cfg.tokens.values() if t.pin}
        self.attempts, self.lock_s = attempts, lock_s
        self.failures: dict[str, list[float]] = {}

    def sign_in(self, pin: str, client: str, now: float | None = None) -> Token:
        """The token for a PIN, Unauthorized for a wrong one, Locked after too many."""
        now = time.monotonic() if now is None else now
        recent = [t for t in self.failures.get(client, []) if now - t < self.lock_s]
        self.failures[client] = recent
        if len(recent) >= self.attempts:
            wait = int(self.lock_s - (now - recent[-self.attempts])) + 1
            raise Locked(f"密码错误次数过多，请 {wait // 60 + 1} 分钟后再试",
                         f"too many wrong PINs; locked for {wait} s", {"retry_after_s": wait})
        token = self.by_pin.get(str(pin))
        if token is None:
            recent.append(now)
            left = self.attempts - len(recent)
            raise Unauthorized(f"密码错误，还可尝试 {left} 次", f"wrong PIN; {left} attempt(s) left before a lock",
                               {"attempts_left": left})
        self.failures.pop(client, None)
        return token
