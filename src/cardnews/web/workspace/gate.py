"""Who may reach what: the session cookie, CSRF tokens, and the loopback rule before any account exists.

ASGI middleware in front of the whole app. With no account yet, only loopback clients are served (the
command line also refuses another --host). Once an account exists every page and API needs a session,
except signing in, health, and the static files the sign-in page uses; every state-changing request of
the workspace must carry the session's CSRF token in `X-CSRF-Token`. Cookies are HttpOnly and SameSite.
Everything answered behind sign-in is `Cache-Control: private, no-store`: no shared cache keeps a team's cards.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import quote

import anyio

from cardnews.store.accounts import has_accounts, session_account
from cardnews.store.database import Store
from cardnews.i18n import _

COOKIE = "cardnews_session"
CSRF_HEADER = b"x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_PATHS = {"/login", "/api/ws/login", "/api/health", "/favicon.ico"}
OPEN_PREFIXES = ("/static/", "/fonts/")
# Builds change nothing on the server (they answer with cards or a zip), so the page that makes them
# needs no token; a cross-site form cannot send the SameSite cookie with them anyway.
STATELESS_POSTS = {"/api/check", "/api/preview", "/api/render", "/api/card"}
ACCOUNTS_RECHECK_SECONDS = 2.0


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


class Gate:
    def __init__(self, app, store: Store):
        self.app = app
        self.store = store
        self._accounts_seen = 0.0  # when accounts were last seen to exist (they are not removed in normal use)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        headers = dict(scope.get("headers", []))
        scope.setdefault("state", {})
        scope["state"]["account"] = None
        scope["state"]["session"] = None
        if not await self._has_accounts():
            client = (scope.get("client") or ("", 0))[0]
            if not is_loopback(client):
                await _json(send, 403, _("no account exists yet, so this server answers only on this computer; create one with: cardnews users add NAME --role admin"))
                return
            scope["state"]["no_accounts"] = True
            await self.app(scope, receive, send)
            return
        if method in UNSAFE and not _same_origin(headers):
            await _json(send, 403, _("refused: the request comes from another site"))
            return
        token = _cookie(headers)
        found = await anyio.to_thread.run_sync(self._lookup, token) if token else None
        if found is not None:
            scope["state"]["account"], scope["state"]["session"] = found[0], found[1]
            scope["state"]["token"] = token
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        if found is None:
            if path.startswith("/api/") or path == "/openapi.json":
                await _json(send, 401, _("sign in first"), {"WWW-Authenticate": 'Cookie realm="cardnews"'})
            else:
                target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
                await _redirect(send, "/login?next=" + quote(target, safe="/"))
            return
        if method in UNSAFE and path not in STATELESS_POSTS:
            sent = headers.get(CSRF_HEADER, b"").decode("latin-1")
            if not sent or not secrets.compare_digest(sent, found[1]):
                await _json(send, 403, _("missing or wrong CSRF token: reload the page and try again"))
                return
        await self.app(scope, receive, _private(send))

    async def _has_accounts(self) -> bool:
        now = time.monotonic()
        if now - self._accounts_seen < ACCOUNTS_RECHECK_SECONDS:
            return True
        if await anyio.to_thread.run_sync(self._count):
            self._accounts_seen = now
            return True
        return False

    def _count(self) -> bool:
        with self.store.session() as db:
            return has_accounts(db)

    def _lookup(self, token: str):
        with self.store.session() as db:
            found = session_account(db, token)
            return None if found is None else (found[0], found[1].csrf)


def _private(send):
    """`send`, with every answer marked for this browser only and not to be stored."""

    async def private_send(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
            message = {**message, "headers": headers + [(b"cache-control", b"private, no-store")]}
        await send(message)

    return private_send


def _cookie(headers: dict) -> str:
    raw = headers.get(b"cookie", b"").decode("latin-1")
    if COOKIE not in raw:
        return ""
    cookies = SimpleCookie()
    try:
        cookies.load(raw)
    except Exception:
        return ""
    morsel = cookies.get(COOKIE)
    return morsel.value if morsel else ""


def _same_origin(headers: dict) -> bool:
    """A browser names the page a request comes from; one from another site is refused (no header: not a browser form)."""
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin or origin == "null":
        return origin != "null"
    host = headers.get(b"host", b"").decode("latin-1")
    return origin.split("://", 1)[-1] == host


async def _json(send, status: int, message: str, extra: dict | None = None) -> None:
    body = json.dumps({"error": {"message": message}}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]
    headers += [(k.lower().encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303, "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


def session_cookie(token: str, secure: bool) -> str:
    """The Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax (no cross-site post carries it)."""
    return f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={7 * 24 * 3600}" + ("; Secure" if secure else "")


def cleared_cookie(secure: bool) -> str:
    return f"{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + ("; Secure" if secure else "")
