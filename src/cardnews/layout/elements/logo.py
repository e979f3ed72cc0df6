"""Logo: the brand kit's logo, when there is one; nothing otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import BOX, PX, Element, Flowed, key


@dataclass(frozen=True, kw_only=True)
class LogoBox(Element):
    """The logo at the top left of a box, `height` px tall (narrowed to the box's width)."""

    height: float = key(PX, doc="The logo's height in px.")
    box: tuple[float, ...] | None = key(BOX, None, "[x, y, width, height] as fractions of the safe area (default: the safe area).")


@dataclass(frozen=True, kw_only=True)
class FlowLogo(Flowed):
    """The logo in a stack, `height` px tall (narrowed to the stack's width)."""

    height: float = key(PX, doc="The logo's height in px.")
