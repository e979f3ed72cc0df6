"""Bar: a short rounded accent bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import COLOUR, PX, Flowed, key
from cardnews.layout.geometry import Box, Shape
from cardnews.layout.setter import Measured

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class Bar(Flowed):
    """A bar `width` by `height` px, fully rounded."""

    width: float = key(PX, doc="Its width in px.")
    height: float = key(PX, doc="Its height in px.")
    color: str = key(COLOUR, doc="Its colour.")

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        bar_w, bar_h = setter.px(self.width), setter.px(self.height)
        color = setter.color(self.color)

        def place(x: float, y: float, w: float, align: str) -> Placed:
            left = x + (w - bar_w) / 2 if align == "center" else x
            return [Shape(Box(left, y, bar_w, bar_h), color, radius=bar_h / 2)], []

        return Measured(bar_h, True, place)
