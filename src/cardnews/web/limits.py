"""Request limits the web app keeps, as ASGI middleware: bounds on body size and on the time to send it,
and safe response headers. (The time to send the headers is bounded in server.TimedProtocol.)"""

from __future__ import annotations

import asyncio
import json
import time

from cardnews.i18n import _

MAX_BODY_BYTES = 1024 * 1024  # a week's summary is about 8 KB, a case file with notes rarely 30 KB
HEADER_TIMEOUT = 10.0  # seconds to send a request's headers
BODY_TIMEOUT = 30.0  # seconds to send a whole body: 1 MB at 35 KB/s, far slower than any office line

# The page uses only its own scripts, styles, fonts and images: nothing else may load, nothing may frame it.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; font-src 'self'; "
        b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
]


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def error_body(message: str) -> bytes:
    return json.dumps({"error": {"message": message}}, ensure_ascii=False).encode("utf-8")


class RequestLimits:
    """Refuses a body over `max_body_bytes` with 413 (by its Content-Length, or as it streams in without one),
    and one not received within `body_timeout` seconds of the headers with 408."""

    def __init__(self, app, max_body_bytes: int = MAX_BODY_BYTES, body_timeout: float = BODY_TIMEOUT, larger: dict[str, int] | None = None):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        self.larger = dict(larger or {})  # paths that take a bigger body (a photo upload), and their limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ignored in message.get("headers", [])}
                message = {**message, "headers": list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]}
            await send(message)

        limit = self.larger.get(scope.get("path", ""), self.max_body_bytes)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send_with_headers, limit)
            return
        received = 0
        body_done = False
        deadline = time.monotonic() + self.body_timeout

        async def limited_receive():
            nonlocal received, body_done
            if body_done:  # waiting for the client to go away, not for its body
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
                body_done = not message.get("more_body", False)
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._refuse(send_with_headers, limit)
        except _TooSlow:
            if not started:
                body = error_body(f"request body not received within {self.body_timeout:g} s")
                await send_with_headers({"type": "http.response.start", "status": 408, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
                await send_with_headers({"type": "http.response.body", "body": body})

    async def _refuse(self, send, limit: int) -> None:
        limit_kb = limit // 1024
        body = error_body(_("request too large: the limit is {limit_kb} KB (a week's summary is about 8 KB)").format(limit_kb=limit_kb))
        await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
