"""Rule: a thin horizontal line across a box."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import BOX, COLOUR, PX, Element, key
from cardnews.layout.geometry import Box, Shape

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class Rule(Element):
    """A line along the top of its box."""

    box: tuple[float, ...] = key(BOX, doc="[x, y, width, height] as fractions of the safe area; the line runs along its top.")
    color: str = key(COLOUR, doc="The line's colour.")
    thickness: float = key(PX, 2, "The line's thickness in px (at least 1 drawn pixel).")

    def place(self, setter: Setter, slot: Slot) -> Placed:
        box = setter.box(self.box)
        return [Shape(Box(box.x, box.y, box.width, max(1, round(setter.px(self.thickness)))), setter.color(self.color))], []
