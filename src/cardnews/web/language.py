"""Each request speaks its browser's language: Accept-Language picks Korean or English (else CARDNEWS_LANG, else Korean)."""

from __future__ import annotations

from cardnews.i18n import from_accept_language, set_language


class Language:
    """ASGI middleware, outermost, so every answer (limits, sign-in, API errors, the page) is in one language."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        header = dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1")
        token = set_language(from_accept_language(header))
        try:
            await self.app(scope, receive, send)
        finally:
            token.var.reset(token)
