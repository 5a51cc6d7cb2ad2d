"""Request-size limit: a body larger than the host accepts is refused before it is read into memory."""
from __future__ import annotations

import json

from queue_host.words import zh_en

MAX_BODY = 64 * 1024  # the largest real request (a visit, a lead) is well under 2 KB


def _refusal(limit: int) -> tuple[dict, bytes]:
    message_zh, message_en = zh_en("the request body is over {limit} bytes; send a smaller one", limit=limit)
    body = json.dumps({"error": "too_large", "message_zh": message_zh, "message_en": message_en,
                       "detail": {"limit_bytes": limit}}, ensure_ascii=False).encode()
    start = {"type": "http.response.start", "status": 413,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    return start, body


class BodyLimit:
    """ASGI middleware: answers 413 to a body over `limit` bytes, declared or streamed."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared[:20]) > self.limit):
            return await self._refuse(send)
        chunks, size, more = [], 0, True
        while more:  # read the body here (it is small by now) so an endless stream is cut off
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await self._refuse(send)
            more = message.get("more_body", False)
        body, delivered = b"".join(chunks), False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        await self.app(scope, replay, send)

    async def _refuse(self, send) -> None:
        start, body = _refusal(self.limit)
        await send(start)
        await send({"type": "http.response.body", "body": body})
