"""What every element has and does: where it is in the layout file, a name a size variant can refer to,
and how it lays itself out (placed on a card, or measured first when a stack flows it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cardnews.layout.spec import FONT_ROLES, Choice, Colour, Flag, Fractions, Number, Text, key

ROLE = Choice(FONT_ROLES)
ALIGN = Choice(("left", "center", "right"))
SIZE_MODE = Choice(("fit", "largest", "comfortable", "smallest"))
BOX = Fractions(("x", "y", "width", "height"), 0, 1)
AT = Fractions(("x", "y"), 0, 1)
PX = Number(0, 2000)  # a length in px on a 1080 px wide card
EMS = Number(0, 10)  # a length in ems of the text it goes with
LEADING = Number(0.8, 3)
LINES = Number(0, 20, integer=True)
COLOUR = Colour()
TEXT = Text()
FLAG = Flag()

if TYPE_CHECKING:
    from cardnews.layout.setter import Measured, Placed, Setter, Slot

__all__ = ["ALIGN", "AT", "BOX", "COLOUR", "EMS", "FLAG", "Element", "Flowed", "LEADING", "LINES", "PX", "ROLE", "SIZE_MODE", "TEXT", "key"]


@dataclass(frozen=True, kw_only=True)
class Element:
    """An element of a card, as checked: every key has its value or its declared default."""

    where: str = field(default="", compare=False, repr=False)  # "file:line" of the element, for messages
    id: str = key(TEXT, "", "A name for this element, so a size variant can change it alone (elements: {NAME: {…}}).")

    def place(self, setter: Setter, slot: Slot) -> Placed:
        """Its drawn elements and lines of text on the card in `slot`."""
        raise NotImplementedError(type(self).__name__)


@dataclass(frozen=True, kw_only=True)
class Flowed(Element):
    """An element a stack flows top to bottom."""

    gap_after: float = key(PX, 0, "Space below it, in px, when it is followed by another element.")

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        """Its height at shrink `level` in a stack `width` px wide, whether it fits, and how to place it."""
        raise NotImplementedError(type(self).__name__)
