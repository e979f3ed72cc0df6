"""Chip: a short label in a rounded tag, at a point of the safe area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import AT, COLOUR, EMS, PX, ROLE, TEXT, Element, key
from cardnews.layout.spec import Number
from cardnews.layout.geometry import Box, Shape
from cardnews.layout.setter import text_lines

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


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
    alt: str | None = key(TEXT, None, 'How a screen reader says it: a template, e.g. "사례 {{ case.number }}"; "" leaves it unsaid (default: the text as shown).')
    max_width: float = key(Number(0, 1), 0.7, "At most this share of the safe area's width (the rest of the top row is the page number's); a longer label is cut with ….")

    def place(self, setter: Setter, slot: Slot) -> Placed:
        text = setter.text(self.text, self.where, slot)
        if not text:
            return [], []
        spec = setter.spec(self.role, 0, mode="largest")
        height = spec.size_px * self.height
        pad = spec.size_px * self.padding
        fx, fy = self.at
        safe = setter.safe
        x, y = safe.x + fx * safe.width, safe.y + fy * safe.height
        room = min(safe.width * self.max_width, safe.right - x) - 2 * pad  # clear of the page number
        source = text
        if setter.fonts.line_width(text, spec) > room:
            text = setter.ellipsize(text, spec, room)  # a label repeating the title or office, said in full elsewhere
        box = Box(x, y, setter.fonts.line_width(text, spec) + 2 * pad, height)
        outline = setter.color(self.outline) if self.outline else ""
        outline_px = max(2, round(setter.px(self.outline_width))) if outline else 0
        shape = Shape(box, setter.color(self.fill), radius=height / 2, outline=outline, outline_px=outline_px)
        origin = setter.origin(self.text, self.where, slot, source)
        runs, _ = setter.set_lines([text], x + pad, y, spec, setter.color(self.ink), height / spec.size_px, origin=origin)
        return [shape, *runs], text_lines([text], source, origin, setter.spoken(self.alt, self.where, slot))
