"""Messages in the user's language: Korean unless English is asked for.

English comes with `--lang en`, `CARDNEWS_LANG=en`, or (in the web app) a browser whose Accept-Language
prefers it. The catalogues are stdlib gettext files under `locale/`, extracted and compiled with Babel
(see README, "Translations"). The language is held per context, so each web request speaks its own.
"""

from __future__ import annotations

import contextvars
import gettext
import os
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "cardnews"
LANGUAGES = ("ko", "en")
DEFAULT = "ko"

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("cardnews_language", default=None)


def normalise(value: str | None) -> str | None:
    """`en`, `en_US.UTF-8`, `en-GB` → `en`; `ko…` → `ko`; anything else → None."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def language() -> str:
    """The language messages are written in now: the one chosen here, else CARDNEWS_LANG, else Korean."""
    return _chosen.get() or normalise(os.environ.get("CARDNEWS_LANG")) or DEFAULT


def set_language(value: str | None) -> contextvars.Token:
    """Speak `value` (ko or en) in this context from now on; None goes back to CARDNEWS_LANG or Korean."""
    return _chosen.set(normalise(value))


def from_accept_language(header: str | None) -> str | None:
    """The language an Accept-Language header prefers among ours (`en-US,en;q=0.9` → en); None if neither."""
    best, best_q = None, 0.0
    for part in (header or "").split(","):
        tag, _sep, params = part.strip().partition(";")
        code = normalise(tag) if tag.strip() != "*" else None
        if code is None:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > best_q or (best is None and q > 0):
            best, best_q = code, q
    return best


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str) -> str:
    """`message` (its English text is the msgid) in the current language."""
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The singular or plural of a message, as the current language counts `number`."""
    return _catalogue(language()).ngettext(singular, plural, number)


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (a table of labels)."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural for extraction, translated later with `ngettext`."""
    return singular, plural
