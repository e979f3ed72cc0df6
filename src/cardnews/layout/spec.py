"""A layout's keys, declared once: what each holds, its default, its range and what it is for.

An element type is a frozen dataclass whose fields are declared with `key(...)`. From that one
declaration come the checks a layout file passes through (unknown keys with a "did you mean", types,
ranges, the defaults filled in) and the JSON Schema `cardnews schema --layout` prints for editors.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from cardnews.i18n import _

FONT_ROLES = ("title", "headline", "kicker", "body", "label", "note", "small")
CARD_KINDS = ("cover", "contents", "case", "headline", "compact", "continuation", "closing", "photo_cover", "photo_case")
# "headline" is a case given as a headline alone; a layout without it shows such a case on its case card.
# "compact" sets several brief cases to one card (compact: on or auto); a layout without it never does.
# "photo_cover" and "photo_case" are the cover and a case card when they have a photo.
REQUIRED_CARD_KINDS = ("cover", "contents", "case", "continuation", "closing")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}(/[0-9A-Fa-f]{2})?$")
_NAMED = re.compile(r"^[a-z_]+(/[0-9A-Fa-f]{2})?$")
COLOUR_PATTERN = r"^(#[0-9A-Fa-f]{6}|[a-z_]+)(/[0-9A-Fa-f]{2})?$"


class Invalid(ValueError):
    """A value that does not belong where it is; the message says what does."""


class Kind:
    """What a key holds: how to check and convert a value, and how the schema states it."""

    expected = "a value"

    def read(self, value: Any, check: Checker) -> Any:
        return value

    def schema(self) -> dict:
        return {}


class Text(Kind):
    """Text, a Jinja2 template; a bare number is text too."""

    expected = "text"

    def read(self, value: Any, check: Checker) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid(f"expected text, got {_kind(value)}")
        return str(value)

    def schema(self) -> dict:
        return {"type": ["string", "number"]}


@dataclass(frozen=True)
class Number(Kind):
    minimum: float
    maximum: float
    integer: bool = False

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"{'a whole number' if self.integer else 'a number'} from {self.minimum:g} to {self.maximum:g}"

    def read(self, value: Any, check: Checker) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (self.integer and not isinstance(value, int)):
            raise Invalid(f"expected {self.expected}, got {value!r}")
        if not self.minimum <= value <= self.maximum:
            raise Invalid(f"expected {self.expected}, got {value!r}")
        return value

    def schema(self) -> dict:
        return {"type": "integer" if self.integer else "number", "minimum": self.minimum, "maximum": self.maximum}


class Flag(Kind):
    expected = "true or false"

    def read(self, value: Any, check: Checker) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {value!r}")
        return value

    def schema(self) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple[str, ...]

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.options)

    def read(self, value: Any, check: Checker) -> str:
        if value not in self.options:
            raise Invalid(f"expected one of {', '.join(map(str, self.options))}, got {value!r}{_did_you_mean(value, self.options)}")
        return value

    def schema(self) -> dict:
        return {"enum": list(self.options)}


class Colour(Kind):
    """A palette name or "#RRGGBB", either with an optional "/AA" alpha."""

    expected = 'a palette name or "#RRGGBB"'

    def read(self, value: Any, check: Checker) -> str:
        if isinstance(value, str) and _HEX.match(value):
            return value
        if isinstance(value, str) and _NAMED.match(value) and value.partition("/")[0] in check.palette:
            return value
        hint = _did_you_mean(value.partition("/")[0], check.palette) if isinstance(value, str) else ""
        raise Invalid(f'unknown colour {value!r}; use a palette name or "#RRGGBB"{hint}')

    def schema(self) -> dict:
        return {"type": "string", "pattern": COLOUR_PATTERN}


@dataclass(frozen=True)
class Colours(Kind):
    """A list of `count` colours (up to `most`, when given)."""

    count: int
    most: int = 0

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a list of {self.count} to {self.most} colours" if self.most > self.count else f"a list of {self.count} colours"

    def read(self, value: Any, check: Checker) -> tuple[str, ...]:
        if not isinstance(value, list) or not self.count <= len(value) <= max(self.count, self.most):
            raise Invalid(f"expected {self.expected}, got {value!r}")
        return tuple(Colour().read(v, check) for v in value)

    def schema(self) -> dict:
        return {"type": "array", "items": Colour().schema(), "minItems": self.count, "maxItems": max(self.count, self.most)}


@dataclass(frozen=True)
class Fractions(Kind):
    """[x, y] or [x, y, width, height], each a fraction."""

    names: tuple[str, ...]
    minimum: float
    maximum: float

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"[{', '.join(self.names)}] as fractions from {self.minimum:g} to {self.maximum:g}"

    def read(self, value: Any, check: Checker) -> tuple[float, ...]:
        if (
            not isinstance(value, list)
            or len(value) != len(self.names)
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and self.minimum <= v <= self.maximum for v in value)
        ):
            raise Invalid(f"expected {self.expected}, got {value!r}")
        return tuple(value)

    def schema(self) -> dict:
        number = {"type": "number", "minimum": self.minimum, "maximum": self.maximum}
        return {"type": "array", "items": number, "minItems": len(self.names), "maxItems": len(self.names)}


@dataclass(frozen=True)
class Elements(Kind):
    """A list of elements, each of one of the types in `group` (filled in by the elements package)."""

    group: str  # "placed" or "flowed"

    expected = "a list of elements"

    def read(self, value: Any, check: Checker) -> tuple:
        raise AssertionError(_("elements are read by Checker.elements"))

    def schema(self) -> dict:
        return {"type": "array", "items": {"$ref": f"#/definitions/{self.group}"}}


def key(kind: Kind, default: Any = dataclasses.MISSING, doc: str = "") -> Any:
    """Declare a field as a layout key of `kind`; without `default` it is required."""
    metadata = {"kind": kind, "doc": doc}
    if default is dataclasses.MISSING:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


def keys(cls: type) -> list[dataclasses.Field]:
    """The declared layout keys of a dataclass, in declaration order."""
    return [f for f in dataclasses.fields(cls) if "kind" in f.metadata]


# -- checking ------------------------------------------------------------------------------------


class Checker:
    """Collects every problem of one layout file, each with its file, line and key path."""

    def __init__(self, file: str, line: Callable[[str], int | None], types: Mapping[str, Any]):
        self.file = file
        self._line = line
        self.types = types  # group → {type name: class}, or the one class of a list without types
        self.problems: list[str] = []
        self.palette: Mapping[str, str] = {}
        self.locate: Callable[[str], str] = lambda path: path

    def where(self, path: str) -> str:
        """file:line of a key path, in the file as written (a variant's keys at the variant)."""
        return f"{self.file}:{self._line(self.locate(path)) or 1}"

    def problem(self, path: str, message: str) -> None:
        text = f"{self.where(path)}: {self.locate(path)}: {message}"
        if text not in self.problems:
            self.problems.append(text)

    def mapping(self, value: Any, path: str, what: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, _("expected {what}, got {0}").format(_kind(value), what=what))
            return {}
        return value

    def unknown(self, data: dict, allowed: Any, path: str, what: str) -> None:
        for name in data:
            if name not in allowed:
                self.problem(_join(path, name), _("unknown key in {what}{0}; expected one of {1}").format(_did_you_mean(name, allowed), ', '.join(sorted(allowed)), what=what))

    def value(self, kind: Kind, value: Any, path: str) -> tuple[bool, Any]:
        try:
            return True, kind.read(value, self)
        except Invalid as exc:
            self.problem(path, str(exc))
            return False, None

    def record(self, cls: type, data: dict, path: str, what: str, extra: dict | None = None, skip: tuple[str, ...] = ()) -> Any:
        """A dataclass from a mapping of its declared keys: unknown keys, missing ones and bad values are problems."""
        declared = {f.name: f for f in keys(cls)}
        self.unknown({k: v for k, v in data.items() if k not in skip}, list(declared), path, what)
        values: dict[str, Any] = dict(extra or {})
        ok = True
        for name, declared_field in declared.items():
            where = _join(path, name)
            kind = declared_field.metadata["kind"]
            if name not in data or data[name] is None:
                if declared_field.default is dataclasses.MISSING and declared_field.default_factory is dataclasses.MISSING:
                    self.problem(where, _("is required for {what}: {expected}").format(what=what, expected=kind.expected))
                    ok = False
                elif isinstance(kind, Colour) and isinstance(declared_field.default, str):
                    self.default_colour(declared_field.default, where, name)
                continue
            if isinstance(kind, Elements):
                values[name] = self.elements(data[name], where, kind.group)
                continue
            good, converted = self.value(kind, data[name], where)
            ok = ok and good
            if good:
                values[name] = converted
        return cls(**values) if ok else None

    def default_colour(self, default: str, path: str, name: str) -> None:
        colour = default.partition("/")[0]
        if default and not colour.startswith("#") and colour not in self.palette:
            self.problem(
                path,
                _("is not set and its default colour {colour!r} is not in the palette; add {colour}: \"#RRGGBB\" to the palette or set {name}").format(colour=colour, name=name),
            )

    def elements(self, value: Any, path: str, group: str) -> tuple:
        if not isinstance(value, list):
            self.problem(path, _("expected a list of elements, got {0}").format(_kind(value)))
            return ()
        found = []
        allowed = self.types[group]
        for index, data in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(data, dict):
                self.problem(where, _("expected {0}, got {1}").format('an element (a mapping with a type)' if isinstance(allowed, Mapping) else 'a mapping', _kind(data)))
                continue
            if not isinstance(allowed, Mapping):  # one kind of record, no type key
                record = self.record(allowed, data, where, f"{group}")
                if record is not None:
                    found.append(record)
                continue
            name = data.get("type")
            if name not in allowed:
                self.problem(_join(where, "type"), _("expected {0}, got {name!r}{1}").format(_or(tuple(allowed)), _did_you_mean(name, allowed), name=name))
                continue
            element = self.record(allowed[name], data, where, f"a {name} element", {"where": self.where(where)}, skip=("type",))
            if element is not None:
                found.append(element)
        return tuple(found)


# -- the schema for editors ----------------------------------------------------------------------


def record_schema(cls: type, description: str = "", *, type_name: str | None = None, partial: bool = False) -> dict:
    """The JSON Schema of a dataclass's declared keys (an element when `type_name` is given)."""
    properties: dict[str, dict] = {}
    required: list[str] = []
    if type_name:
        properties["type"] = {"const": type_name, "description": "The element type."}
        required.append("type")
    for declared in keys(cls):
        node = dict(declared.metadata["kind"].schema())
        if declared.metadata["doc"]:
            node["description"] = declared.metadata["doc"]
        if declared.default is not dataclasses.MISSING and declared.default not in ((), None):
            node["default"] = list(declared.default) if isinstance(declared.default, tuple) else declared.default
        elif declared.default is dataclasses.MISSING and declared.default_factory is dataclasses.MISSING:
            required.append(declared.name)
        properties[declared.name] = node
    schema: dict = {"type": "object", "additionalProperties": False, "properties": properties}
    if description:
        schema["description"] = description
    if required and not partial:
        schema["required"] = required
    elif type_name:
        schema["required"] = ["type"]
    return schema


def _join(path: str, name: Any) -> str:
    return f"{path}.{name}" if path else str(name)


def _or(options: tuple[str, ...] | list[str]) -> str:
    options = list(options)
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


def _did_you_mean(value: Any, options: Any) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing", str: "text", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
