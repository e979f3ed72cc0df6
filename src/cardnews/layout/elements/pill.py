"""Pill: one line of text on a fully rounded shape."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import COLOUR, PX, ROLE, TEXT, Flowed, key
from cardnews.layout.spec import Number


@dataclass(frozen=True, kw_only=True)
class Pill(Flowed):
    """A line of text at its role's largest size, centred on a pill `height` px tall."""

    text: str = key(TEXT, doc="A Jinja2 template; no pill is drawn when it comes out empty.")
    height: float = key(PX, doc="The pill's height in px.")
    role: str = key(ROLE, "kicker", "The text role (its largest size is used).")
    weight: str | None = key(ROLE, None, "Take the weight of this role instead (default: the role's own).")
    fill: str = key(COLOUR, "accent", "The pill's colour.")
    ink: str = key(COLOUR, "on_accent", "The text colour.")
    padding: float = key(Number(0, 5), 0.5, "Space either side of the text, as a share of the pill's height.")
