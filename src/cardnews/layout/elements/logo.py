"""Logo: the brand kit's logo, when there is one; nothing otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import BOX, PX, Element, Flowed, key
from cardnews.layout.geometry import ImageRun
from cardnews.layout.setter import NOTHING, Measured

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class LogoBox(Element):
    """The logo at the top left of a box, `height` px tall (narrowed to the box's width)."""

    height: float = key(PX, doc="The logo's height in px.")
    box: tuple[float, ...] | None = key(BOX, None, "[x, y, width, height] as fractions of the safe area (default: the safe area).")

    def place(self, setter: Setter, slot: Slot) -> Placed:
        logo = setter.logo
        if logo is None:
            return [], []
        box = setter.box(self.box) if self.box is not None else setter.safe
        height = setter.px(self.height)
        width = height * logo.width / logo.height
        if width > box.width:
            width, height = box.width, box.width * logo.height / logo.width
        return [ImageRun(round(box.x), round(box.y), round(width), round(height), logo)], []


@dataclass(frozen=True, kw_only=True)
class FlowLogo(Flowed):
    """The logo in a stack, `height` px tall (narrowed to the stack's width)."""

    height: float = key(PX, doc="The logo's height in px.")

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        logo = setter.logo
        if logo is None:
            return NOTHING
        height = setter.px(self.height)
        logo_w = min(width, height * logo.width / logo.height)
        height = logo_w * logo.height / logo.width

        def place(x: float, y: float, w: float, align: str) -> Placed:
            left = x + (w - logo_w) / 2 if align == "center" else x
            return [ImageRun(round(left), round(y), round(logo_w), round(height), logo)], []

        return Measured(height, True, place)
