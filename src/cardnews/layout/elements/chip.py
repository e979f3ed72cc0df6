"""Chip: a short label in a rounded tag, at a point of the safe area."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import AT, COLOUR, EMS, PX, ROLE, TEXT, Element, key
from cardnews.layout.spec import Number


@dataclass(frozen=True, kw_only=True)
class Chip(Element):
    """A label in a tag as tall as `height` ems of its text, set at the role's largest size."""

    at: tuple[float, ...] = key(AT, doc="[x, y] of its top left corner, as fractions of the safe area.")
    text: str = key(TEXT, doc="A Jinja2 template; no chip is drawn when it comes out empty.")
    role: str = key(ROLE, "label", "The text role (its largest size is used).")
    fill: str = key(COLOUR, "accent", "The tag's colour.")
    ink: str = key(COLOUR, "on_accent", "The text colour.")
    outline: str = key(COLOUR, "", "An outline colour (default: none).")
    height: float = key(EMS, 2.08, "The tag's height, in ems of the text.")
    padding: float = key(EMS, 0.92, "Space either side of the text, in ems.")
    outline_width: float = key(PX, 2.5, "The outline's width in px (at least 2 drawn pixels).")
    max_width: float = key(Number(0, 1), 0.7, "At most this share of the safe area's width (the rest of the top row is the page number's); a longer label is cut with ….")
