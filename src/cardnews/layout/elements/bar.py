"""Bar: a short rounded accent bar."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import COLOUR, PX, Flowed, key


@dataclass(frozen=True, kw_only=True)
class Bar(Flowed):
    """A bar `width` by `height` px, fully rounded."""

    width: float = key(PX, doc="Its width in px.")
    height: float = key(PX, doc="Its height in px.")
    color: str = key(COLOUR, doc="Its colour.")
