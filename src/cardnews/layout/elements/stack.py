"""Stack: elements flowed top to bottom in a box, shrunk together until they fit."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import ALIGN, BOX, Element, key
from cardnews.layout.spec import Elements, Number


@dataclass(frozen=True, kw_only=True)
class Stack(Element):
    """Its children, top to bottom; a checklist or contents list that still does not fit continues on more cards."""

    box: tuple[float, ...] = key(BOX, doc="[x, y, width, height] as fractions of the safe area.")
    children: tuple = key(Elements("flowed"), doc="The elements, top to bottom.")
    valign: float = key(Number(0, 1), 0, "Where the children sit when they leave room: 0 top, 0.5 middle, 1 bottom.")
    align: str = key(ALIGN, "left", "Horizontal alignment of the children.")
