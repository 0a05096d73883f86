"""Refuse request bodies over `settings.api_max_body_bytes` with 413, before the route reads them whole.

Why a middleware and both checks: a declared `Content-Length` over the limit is refused
before a byte is read, and a body sent without one (chunked) is counted as it streams and
refused as soon as it passes the limit, so no route ever holds more than the limit in memory.
"""

from __future__ import annotations

import json

from fastapi import HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit"]


def _too_large(limit: int) -> str:
    return f"request body is larger than the service accepts ({limit:,} bytes; CONFLICTWIRE_API_MAX_BODY_BYTES)"


class BodyLimit:
    """Pure ASGI middleware: 413 when the declared or the streamed size of a body passes `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _reply(send, status.HTTP_400_BAD_REQUEST, "Content-Length is not a number")
                return
            if size > self.max_bytes:
                await _reply(send, status.HTTP_413_CONTENT_TOO_LARGE, _too_large(self.max_bytes))
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI re-raises an HTTPException met while reading the body, so the route answers 413
                    raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=_too_large(self.max_bytes))
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except HTTPException as exc:
            # a route that read the stream itself, outside FastAPI's body handling
            if exc.status_code != status.HTTP_413_CONTENT_TOO_LARGE or started:
                raise
            await _reply(send, exc.status_code, str(exc.detail))


async def _reply(send: Send, code: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json"),
                                          (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
