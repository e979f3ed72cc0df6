"""The YAML case file's schema, declared once: the loader validates with it, `cardnews schema` exports it.

The declaration is plain JSON Schema (draft-07, what editors' YAML support reads best). The one
keyword of our own, `x-expected`, is the phrase a message uses for what belongs there; editors
ignore it. The validator below understands only the keywords the declaration uses, so adding a
new keyword means teaching it here first.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Iterator

from cardnews.i18n import N_, _

_TEXT_TYPES = ["string", "number"]  # a bare number (2024) is read as text
# An optional key left empty (`handle:`) reads as null, and means "not given": the schema says so too.
_OR_EMPTY = ["null"]


def _text(description: str, required: bool = False) -> dict:
    if required:
        return {"type": _TEXT_TYPES, "pattern": r"\S", "description": description}
    return {"type": _TEXT_TYPES + _OR_EMPTY, "description": description}


def _text_or_list(description: str, expected: str) -> dict:
    return {"type": ["string", "array"] + _OR_EMPTY, "items": {"type": _TEXT_TYPES}, "description": description, "x-expected": expected}


_FRACTION = r"^\s*(0(\.[0-9]*)?|1(\.0*)?|\.[0-9]+)\s*$"  # 0 to 1, as YAML text


def _photo_keys(what: str) -> dict:
    return {
        "image": _text(f"A photo for {what}: a JPEG, PNG, WebP or HEIC file, relative to this file."),
        "image_alt": _text("What the photo shows, for people who cannot see it (read out with the card's alt text)."),
        "credit": _text("The photo's credit, printed small on it, e.g. 사진: 강남구."),
        "focus": {
            "description": "[x, y]: the point of the photo to keep when it is cropped, as fractions from its top left (default: chosen from what the photo shows).",
            "type": ["array"] + _OR_EMPTY,
            "items": {"type": _TEXT_TYPES, "minimum": 0, "maximum": 1, "pattern": _FRACTION, "x-expected": N_("a number from 0 to 1")},
            "minItems": 2,
            "maxItems": 2,
            "x-expected": N_("[x, y], each a number from 0 to 1"),
        },
    }


ITEM = {
    "description": "A ✅ line: text, or a mapping with the text and smaller notes under it.",
    "type": ["string", "number", "object"],
    "x-expected": N_("text"),
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": _text("The ✅ line.", required=True),
        "notes": _text_or_list("Smaller lines under the item.", N_("a list of lines")),
    },
}

CASE = {
    "description": "One case: a card (or more, when it is long).",
    "type": "object",
    "x-expected": N_("a mapping with a headline (and items)"),
    "required": ["headline"],
    "additionalProperties": False,
    "properties": {
        "kicker": _text("The short line above the headline."),
        "headline": _text("The case's headline; emoji inside it are drawn inline.", required=True),
        "emoji": _text_or_list("The header emoji (one or a list; default: the emoji in the headline).", N_("an emoji or a list of emoji")),
        "contents": _text("The case's line on the contents card (default: the headline without emoji)."),
        **_photo_keys("the case's card"),
        "items": {
            "description": "The ✅ lines: text, or {text, notes}; none for a case given as a headline alone.",
            "type": "array",
            "x-expected": N_("a list of ✅ lines (text, or {text, notes})"),
            "items": ITEM,
        },
    },
}

SERIES = {
    "description": "What the cover, contents and closing cards say.",
    "type": "object",
    "x-expected": N_("a mapping with title, organisation, … (see README)"),
    "required": ["title"],
    "additionalProperties": False,
    "properties": {
        "title": _text("The series title, on the cover.", required=True),
        "bundle": _text("The zip's name without .zip (default: the title)."),
        "organisation": _text("The office, on the cover and closing card (default: read from the title, e.g. 강남구)."),
        "handle": _text("The channel handle on the closing card, e.g. @gangnam_gu."),
        "period": _text("The period on the cover, e.g. 2024 상반기 (default: read from the title)."),
        "layout": _text("The layout (theme) name or a path to a layout file."),
        "size": _text("The size preset: portrait (default), square, story or landscape; several as portrait,story; or all."),
        "compact": _text("Brief cases several to a card: off (default), on, or auto (when most cases are brief: a headline alone, or one short item)."),
        "hashtags": _text_or_list("Hashtags for the caption, without #.", N_("a list of words")),
        "description": _text("Long-form text about the series, for the post body and alt text."),
        **_photo_keys("the cover"),
    },
}

BRAND = {
    "description": "The office's brand kit: logo, colours, channel handle (also as brand.yaml beside the case file).",
    "type": "object",
    "x-expected": N_("a mapping with logo, colors, handle"),
    "additionalProperties": False,
    "properties": {
        "logo": _text("A PNG with transparency, relative to this file: drawn on the cover and closing card."),
        "colors": {
            "description": "Colours over the layout's: primary, accent, or any palette name of the layout.",
            "type": ["object"] + _OR_EMPTY,
            "x-expected": N_('a mapping like primary: "#0051A4"'),
            "additionalProperties": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$", "x-expected": N_('a colour like "#0051A4"')},
        },
        "handle": _text("The channel handle, used when the series gives none."),
        "organisation": _text("The office's name, used when the series gives none."),
        "layout": _text("The layout, used when the series names none."),
        "size": _text("The size preset(s), used when the series names none."),
    },
}

CASE_FILE = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "cardnews case file",
    "description": "A week's card-news series: the series settings and its cases.",
    "type": "object",
    "required": ["series", "cases"],
    "additionalProperties": False,
    "properties": {
        "series": SERIES,
        "brand": {**BRAND, "type": ["object"] + _OR_EMPTY},
        "cases": {
            "description": "The cases, one card (or more) each, in order.",
            "type": "array",
            "minItems": 1,
            "x-expected": N_("a list of cases, each with a headline (and items)"),
            "items": CASE,
        },
    },
}


def schema_json() -> str:
    """The case-file schema as JSON text, for editors."""
    return json.dumps(CASE_FILE, ensure_ascii=False, indent=2) + "\n"


def validate(value: Any, schema: dict = CASE_FILE, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (key path, message) where `value` breaks `schema`; parents before their children."""
    if not _has_type(value, schema.get("type")):
        yield path, _("expected {0}, got {1}").format(_expected(schema), kind(value))
        return
    if isinstance(value, dict):
        yield from _validate_mapping(value, schema, path)
    elif isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield path, _("is required: {0}").format(_expected(schema)) if not value or "maxItems" not in schema else _("expected {0}, got {1} values").format(_expected(schema), len(value))
            return
        if len(value) > schema.get("maxItems", len(value)):
            yield path, _("expected {0}, got {1} values").format(_expected(schema), len(value))
            return
        for index, element in enumerate(value):
            yield from validate(element, schema.get("items", {}), f"{path}[{index}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        yield path, _("expected {0}, got {value!r}").format(_expected(schema), value=value)
    elif isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        yield path, _("expected {0}, got {value!r}").format(_(schema['x-expected']), value=value) if "x-expected" in schema else _("is empty; write the text here")


def _validate_mapping(value: dict, schema: dict, path: str) -> Iterator[tuple[str, str]]:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    if extra is False:
        for key in value:
            if key not in properties:
                yield _join(path, key), _("unknown key; expected one of {0}").format(', '.join(sorted(properties)))
    elif isinstance(extra, dict):
        for key in value:
            if key not in properties:
                yield from validate(value[key], extra, _join(path, key))
    for key, child in properties.items():
        where = _join(path, key)
        if value.get(key) is None:
            if key in schema.get("required", ()):
                yield where, _("is required: {0}").format(_(child['x-expected'])) if "x-expected" in child and child["type"] != _TEXT_TYPES else _("is required")
            continue
        yield from validate(value[key], child, where)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _has_type(value: Any, types: str | list[str] | None) -> bool:
    if types is None:
        return True
    names = [types] if isinstance(types, str) else types
    checks = {
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "null": lambda v: v is None,
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
    }
    return any(checks[name](value) for name in names)


_TYPE_NAMES = {"object": N_("a mapping"), "array": N_("a list")}


def _expected(schema: dict) -> str:
    if "x-expected" in schema:
        return _(schema["x-expected"])
    types = schema.get("type")
    names = [n for n in ([types] if isinstance(types, str) else types or []) if n != "null"]
    if names in (_TEXT_TYPES, ["string"]):
        return _("text")
    return _(" or ").join(_(_TYPE_NAMES[n]) if n in _TYPE_NAMES else n for n in names)


def kind(value: Any) -> str:
    """How a message names the type of a YAML value."""
    names = {dict: N_("a mapping"), list: N_("a list"), bool: N_("true/false"), type(None): N_("nothing"), str: N_("text"), int: N_("a number"), float: N_("a number")}
    if isinstance(value, datetime.date):
        return _("a date")
    return _(names[type(value)]) if type(value) in names else type(value).__name__
