"""The API's description in the request's language: FastAPI's schema is made once with the English msgids
(every summary and description in the code is marked with N_), then each summary and description is
translated, once per language."""

from __future__ import annotations

import copy
from typing import Any, Callable

from cardnews.i18n import N_, _, language

# FastAPI's own words in the schema, so that they have a translation too
FRAMEWORK = (N_("Successful Response"), N_("Validation Error"))


def translated(schema: Any) -> Any:
    """A copy of `schema` with every `summary` and `description` text in the current language."""
    if isinstance(schema, dict):
        return {key: _(value) if key in ("summary", "description") and isinstance(value, str) else translated(value)
                for key, value in schema.items()}
    if isinstance(schema, list):
        return [translated(value) for value in schema]
    return copy.copy(schema)


def speak_the_request_language(app) -> None:
    """Make `app.openapi()` (and so /openapi.json and /docs) answer in the request's language."""
    english: Callable[[], dict[str, Any]] = app.openapi
    by_language: dict[str, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        lang = language()
        if lang not in by_language:
            by_language[lang] = translated(english())
        return by_language[lang]

    app.openapi = openapi
