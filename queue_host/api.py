"""The HTTP API: translates requests into domain commands and domain errors into status codes."""
from __future__ import annotations

import inspect
import sys
import threading
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.exceptions import RequestValidationError
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_host import __doc__ as host_doc
from queue_host.auth import PinGate, RateLimiter, TokenBook
from queue_host.config import Config, Token
from queue_host.engine import Engine
from queue_host.guard import Guarded
from queue_host.lobby import Lobby
from queue_host.http_errors import domain_response, error_response
from queue_host.limits import BodyLimit
from queue_host.metrics import Metrics, Timing
from queue_host.model import DomainError
from queue_host.store import Reader, Store
from queue_host.tiers import make_lookup
from queue_host.words import N_, zh, zh_en

VERSION = "0.1.0"
PLACES = ("body", "query", "path", "header", "cookie")
# The Chinese beside Starlette's own English for the HTTP errors no route raises.
HTTP_ZH = {400: N_("The request could not be parsed"), 404: N_("No such address"),
           405: N_("This method is not supported")}


# The host exports no OpenTelemetry (its figures are /metrics): FastAPI versions that would look for a
# provider on every request are told so once, here.
NO_TELEMETRY = ({"telemetry": {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}}
                if "telemetry" in inspect.signature(FastAPI.__init__).parameters else {})


class Host:
    """What the routes share: the config, the engine, readers, limits and the tier lookup."""

    def __init__(self, cfg: Config, db_path: str, clock: Callable[[], datetime]):
        self.cfg, self.db_path, self.clock = cfg, db_path, clock
        self.store = Store(db_path)
        self.engine = Engine(cfg, self.store, clock)
        self.limiter = RateLimiter(cfg.kiosk_visits_per_minute)
        self.pins = PinGate(cfg, rows=self.store.pin_rows())  # counts and locks survive a restart
        self.book = TokenBook(cfg)
        self.tiers = make_lookup(cfg)
        self._readers = threading.local()
        self.metrics = Metrics(cfg, db_path, lambda: len(self.engine.broker.readers))
        self.engine.on_commit = self.metrics.observe
        self.shipper = None  # queue_host.shipper.Shipper when the branch file has an [hq] table

    def reader(self) -> Reader:
        """A read connection for the calling thread."""
        reader = getattr(self._readers, "reader", None)
        if reader is None:
            reader = self._readers.reader = Reader(self.db_path)
        return reader

    async def run(self, command: Callable[[Lobby, datetime], object]):
        """Run a command through the one writer and return its committed result."""
        return await self.engine.run(command)


def create_app(cfg: Config, db_path: str, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """Build the host's ASGI app over a SQLite file."""
    from queue_host import (routes_counter_screen, routes_events, routes_figures, routes_kiosk, routes_phone,
                            routes_prefill, routes_queue, routes_staff)

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
        shipper = None
        if cfg.hq is not None:  # head office gets the event log on its own thread; the branch never waits for it
            from queue_host.shipper import Shipper
            shipper = host.shipper = Shipper(cfg, db_path, host.store.log_id).start()
        yield
        if shipper is not None:
            shipper.stop()
        host.engine.stop()

    app = FastAPI(title="fenliu queue host", version=VERSION, description=host_doc, lifespan=lifespan,
                  openapi_url=None, docs_url=None, redoc_url=None, **NO_TELEMETRY)
    app.router.route_class = Guarded  # every route, the host's own included, passes the access declaration
    app.state.host = host

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        return domain_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        def field(loc: tuple) -> str:  # ("body", "amount_cny") -> "amount_cny"; ("query", "after") -> "after"
            return ".".join(str(p) for p in loc[1:] if p != "body") if loc and loc[0] in PLACES else ".".join(map(str, loc))
        problems = [{"field": field(tuple(e["loc"])), "problem": e["msg"]} for e in exc.errors()]
        text = "; ".join(f"{p['field'] or 'body'}: {p['problem']}" for p in problems)[:500]
        return error_response(422, "invalid", *zh_en("invalid request: {problems}", problems=text), problems[:20])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        said = HTTP_ZH.get(exc.status_code, N_("The request failed"))
        error = {400: "invalid", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, error, zh(said), str(exc.detail), None, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        return error_response(500, "server_error", *zh_en("internal error: {error}", error=type(exc).__name__))

    @app.get("/api/health", tags=["host"])
    async def health():
        """Is the host up: its business day and last event number."""
        lobby = host.engine.lobby
        # The host's own clock, so `fenliu doctor` can tell a device whose clock has drifted.
        out = {"status": "ok", "day": lobby.day, "seq": lobby.seq, "log_id": lobby.log_id, "version": VERSION,
               "time": datetime.now(timezone.utc).isoformat()}
        if host.shipper is not None:  # how far head office has the log (no address, no error text)
            out["hq"] = {"state": host.shipper.state, "shipped_seq": host.shipper.acked}
        return out

    @app.get("/metrics", tags=["host"], include_in_schema=False)
    async def metrics(request: Request):
        """Prometheus text format: from the host itself (loopback) freely, from the LAN with a manager token."""
        return Response(generate_latest(host.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/openapi.json", tags=["host"], include_in_schema=False)
    async def openapi():
        """The API's description, from the same models the host answers with (on the host, or with a token)."""
        return JSONResponse(app.openapi())

    for module in (routes_queue, routes_staff, routes_figures, routes_events, routes_kiosk, routes_phone,
                   routes_counter_screen, routes_prefill):
        # The routers' own (guarded, built) routes straight into the app's list, in order: they take no prefix
        # or dependency, and FastAPI's include_router would re-resolve each included router on every request.
        app.router.routes.extend(module.router.routes)
    app.add_middleware(BodyLimit)
    app.add_middleware(Timing, metrics_of=lambda: host.metrics)
    return app
