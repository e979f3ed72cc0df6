"""Each request speaks one language: `?lang=` (kept in a cookie for the next requests), else the `lang` cookie,
else the browser's Accept-Language, else CARDNEWS_LANG, else Korean.

The pages are Jinja2 templates written with gettext (jinja2.ext.i18n), so they speak the request's language
too, and each offers a link to the other one.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.requests import Request, cookie_parser
from starlette.templating import Jinja2Templates

from cardnews import i18n
from cardnews.i18n import from_accept_language, language, normalise, set_language

COOKIE = "lang"
COOKIE_SECONDS = 365 * 24 * 3600
# Each language is offered by its own name, whatever the page's language.
NAMES = {"ko": "한국어", "en": "English"}


def chosen_language(scope) -> tuple[str | None, bool]:
    """The language a request asks for (None: the server's default) and whether it asked by `?lang=`."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    asked = normalise(query.get(COOKIE))
    if asked:
        return asked, True
    headers = dict(scope.get("headers") or [])
    cookie = cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(COOKIE)
    return normalise(cookie) or from_accept_language(headers.get(b"accept-language", b"").decode("latin-1")), False


class Language:
    """ASGI middleware, outermost, so every answer (limits, sign-in, API errors, the page) is in one language."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chosen, by_query = chosen_language(scope)
        token = set_language(chosen)

        async def remembering(message):
            if by_query and message["type"] == "http.response.start":
                cookie = f"{COOKIE}={chosen}; Path=/; Max-Age={COOKIE_SECONDS}; SameSite=Lax"
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie.encode("latin-1"))]}
            await send(message)

        try:
            await self.app(scope, receive, remembering)
        finally:
            token.var.reset(token)


def page_templates(directory: Path) -> Jinja2Templates:
    """The pages' templates: `_()` and `ngettext()` in them speak the request's language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(directory), autoescape=jinja2.select_autoescape(),
                             extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True  # a message wrapped over lines in a template is one line in the catalogue
    env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return Jinja2Templates(env=env, context_processors=[_language_context])


def _language_context(request: Request) -> dict:
    """The page's language (for `<html lang>`) and the link to the same page in the other language."""
    current = language()
    other = "en" if current == "ko" else "ko"
    query = [(key, value) for key, value in request.query_params.multi_items() if key != COOKIE]
    href = request.url.path + "?" + urlencode([*query, (COOKIE, other)])
    return {"lang": current, "other_language": {"code": other, "name": NAMES[other], "href": href}}
