"""Pill: one line of text on a fully rounded shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import COLOUR, PX, ROLE, TEXT, Flowed, key
from cardnews.layout.spec import Number
from cardnews.layout.geometry import Box, Shape
from cardnews.layout.setter import NOTHING, Measured, text_lines

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


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
    alt: str | None = key(TEXT, None, 'How a screen reader says it: a template, e.g. "사례 {{ case.number }}"; "" leaves it unsaid (default: the text as shown).')

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        text = setter.text(self.text, self.where, slot)
        if not text:
            return NOTHING
        spec = setter.spec(self.role, 0, self.weight, "largest")
        height = setter.px(self.height)
        sides = 2 * (height * self.padding)
        source = text
        if setter.fonts.line_width(text, spec) + sides > width:
            text = setter.ellipsize(text, spec, width - sides)  # a label: cut, with a warning, rather than drawn past its edge
            setter.cut_notice(self.text, slot)
        pill_w = min(width, setter.fonts.line_width(text, spec) + sides)
        fill, ink = setter.color(self.fill), setter.color(self.ink)

        def place(x: float, y: float, w: float, align: str) -> Placed:
            left = x + (w - pill_w) / 2 if align == "center" else x
            origin = setter.origin(self.text, self.where, slot, source)
            runs, _ = setter.set_lines([text], left, y, spec, ink, height / spec.size_px, pill_w, "center", origin)
            lines = text_lines([text], source, origin, setter.spoken(self.alt, self.where, slot))
            return [Shape(Box(left, y, pill_w, height), fill, radius=height / 2), *runs], lines

        return Measured(height, True, place)
