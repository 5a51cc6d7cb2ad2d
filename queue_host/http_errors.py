"""The one mapping from domain errors to HTTP: status codes, the error shape, and what OpenAPI shows."""
from __future__ import annotations

from typing import Any, Optional

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from queue_host.model import DomainError

# Domain errors name what went wrong; only this table knows which HTTP status says it.
STATUS = {
    "unauthorized": 401, "forbidden": 403, "not_found": 404, "wrong_state": 409, "conflict": 409,
    "too_large": 413, "invalid": 422, "locked": 423, "rate_limited": 429, "server_error": 500,
    "queue_full": 503,
}


class ErrorOut(BaseModel):
    """Every 4xx/5xx answer of the host."""

    error: str
    message_zh: str
    message_en: str
    detail: Optional[Any] = None


def status_of(exc: DomainError) -> int:
    """The HTTP status for a domain error (409 for a refusal the table does not name)."""
    return STATUS.get(exc.error, 409)


def error_response(status: int, error: str, zh: str, en: str, detail: Any = None,
                   headers: dict | None = None) -> JSONResponse:
    """An answer in the host's error shape."""
    return JSONResponse({"error": error, "message_zh": zh, "message_en": en, "detail": detail},
                        status_code=status, headers=headers)


def domain_response(exc: DomainError) -> JSONResponse:
    """A domain refusal as an HTTP answer; a lock or a rate limit says when to try again."""
    status = status_of(exc)
    headers = None
    if status in (423, 429) and isinstance(exc.detail, dict) and "retry_after_s" in exc.detail:
        headers = {"Retry-After": str(exc.detail["retry_after_s"])}
    return error_response(status, exc.error, exc.message_zh, exc.message_en, exc.detail, headers)


_WHY = {400: "the body is not valid JSON", 401: "no token or an unknown one", 403: "this role or counter may not do this",
        404: "no such ticket, counter, target or alert", 409: "the ticket or counter is in the wrong state",
        413: "the body is larger than the host accepts", 422: "the request is malformed (detail names the field)",
        423: "too many wrong PINs for this staff member", 429: "too many requests from this device",
        503: "every number of the service is live"}


def responses(*codes: int) -> dict[int | str, dict]:
    """OpenAPI `responses` for a route: each status it may answer, in the host's error shape."""
    return {code: {"model": ErrorOut, "description": _WHY.get(code, "error")} for code in (400, 401, 413, 422, *codes)}
