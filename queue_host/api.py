"""The HTTP API: translates requests into domain commands and domain errors into status codes."""
from __future__ import annotations

import sys
import threading
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_host import __doc__ as host_doc
from queue_host.auth import PinGate, RateLimiter, TokenBook, require, token_for
from queue_host.config import Config, Token
from queue_host.engine import Engine
from queue_host.lobby import Lobby
from queue_host.model import DomainError, Invalid
from queue_host.store import Reader, Store
from queue_host.tiers import make_lookup

VERSION = "0.1.0"


class Host:
    """What the routes share: the config, the engine, readers, limits and the tier lookup."""

    def __init__(self, cfg: Config, db_path: str, clock: Callable[[], datetime]):
        self.cfg, self.db_path, self.clock = cfg, db_path, clock
        self.store = Store(db_path)
        self.engine = Engine(cfg, self.store, clock)
        self.limiter = RateLimiter(cfg.kiosk_visits_per_minute)
        self.pins = PinGate(cfg)
        self.book = TokenBook(cfg)
        self.tiers = make_lookup(cfg)
        self._readers = threading.local()

    def reader(self) -> Reader:
        """A read connection for the calling thread."""
        reader = getattr(self._readers, "reader", None)
        if reader is None:
            reader = self._readers.reader = Reader(self.db_path)
        return reader

    async def run(self, command: Callable[[Lobby, datetime], object]):
        """Run a command through the one writer and return its committed result."""
        return await self.engine.run(command)

    def who(self, request: Request, *roles: str) -> Token:
        """The caller's token, refused unless its role is one of `roles`."""
        token = token_for(self.book, request.headers.get("authorization"))
        if roles:
            require(token, *roles)
        return token


def audit(lobby: Lobby, token: Token, action: str, target: str, reason: str | None, now: datetime,
          required: bool = True) -> None:
    """Write a manager's override to the audit log, in the same transaction as the change."""
    if token.role != "manager" and not reason:
        return
    if required and token.role == "manager" and not (reason or "").strip():
        raise Invalid("请填写原因", f"{action} by the lobby manager needs a short reason", {"field": "reason"})
    lobby.changes.audit.append({"day": lobby.day, "at": now.isoformat(), "who": token.name or token.role,
                                "action": action, "target": target, "reason": (reason or "").strip()})


def _error(status: int, error: str, zh: str, en: str, detail=None, headers=None) -> JSONResponse:
    return JSONResponse({"error": error, "message_zh": zh, "message_en": en, "detail": detail},
                        status_code=status, headers=headers)


def create_app(cfg: Config, db_path: str, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """Build the host's ASGI app over a SQLite file."""
    from queue_host import routes_events, routes_queue, routes_staff

    clock = clock or (lambda: datetime.now(cfg.branch.timezone))
    host = Host(cfg, db_path, clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        import asyncio
        import gc
        host.engine.broker.loop = asyncio.get_running_loop()
        host.engine.start()
        # The framework's import-time objects never die: move them out of the collector's way so a
        # full collection walks only the day's objects (a 60-100 ms pause otherwise, under load).
        gc.collect()
        gc.freeze()
        # The writer thread and the event loop share one GIL: hand it over every millisecond rather
        # than every five, so an answer ready to send does not wait behind a batch being written.
        sys.setswitchinterval(0.001)
        yield
        host.engine.stop()

    app = FastAPI(title="fenliu queue host", version=VERSION, description=host_doc, lifespan=lifespan)
    app.state.host = host

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        headers = None
        if isinstance(exc.detail, dict) and "retry_after_s" in exc.detail and exc.status in (429, 423):
            headers = {"Retry-After": str(exc.detail["retry_after_s"])}
        return _error(exc.status, exc.error, exc.message_zh, exc.message_en, exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        problems = [{"field": ".".join(str(p) for p in e["loc"] if p != "body"), "problem": e["msg"]}
                    for e in exc.errors()]
        text = "; ".join(f"{p['field'] or 'body'}: {p['problem']}" for p in problems)
        return _error(422, "invalid", "请求内容不正确", f"invalid request: {text}", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        zh = {404: "没有这个地址", 405: "不支持该操作"}.get(exc.status_code, "请求出错")
        return _error(exc.status_code, "not_found" if exc.status_code == 404 else "http_error", zh, str(exc.detail))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        return _error(500, "server_error", "排队系统内部错误，请联系管理员", f"internal error: {type(exc).__name__}")

    @app.get("/api/health", tags=["host"])
    async def health():
        """Is the host up: its business day and last event number."""
        lobby = host.engine.lobby
        return {"status": "ok", "day": lobby.day, "seq": lobby.seq, "log_id": lobby.log_id, "version": VERSION}

    app.include_router(routes_queue.router)
    app.include_router(routes_staff.router)
    app.include_router(routes_events.router)
    return app
