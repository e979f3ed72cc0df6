"""Lists that continue on further cards: they give their rows, each row's height, and place a card's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cardnews.layout.elements.base import Flowed
from cardnews.layout.geometry import Box, Shape
from cardnews.layout.setter import NOTHING, Measured, breaks_word

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Row, Setter, Slot


class Paged(Flowed):
    """A list a stack may split across cards: a case's checklist, the contents list.

    Not a dataclass itself: the keys below are declared, with their defaults, by each list type.
    """

    panel: str
    outline: str
    radius: float
    padding: float
    outline_width: float
    role: str

    def rows(self, setter: Setter, slot: Slot, width: float, level: int) -> list[Row]:
        """Every row of the list at `level`, for a stack `width` px wide."""
        raise NotImplementedError(type(self).__name__)

    def row_height(self, setter: Setter, row: Row, level: int, first_on_card: bool) -> float:
        raise NotImplementedError(type(self).__name__)

    def place_rows(self, setter: Setter, slot: Slot, rows: list[Row], heights: list[float], inner: Box, level: int) -> Placed:
        raise NotImplementedError(type(self).__name__)

    def block_height(self, rows: list[Row], heights: list[float]) -> float:
        """How tall a card's rows stand (a list in columns stands as tall as its tallest column)."""
        return sum(heights)

    def dense(self, columns: int) -> Paged:
        """The list as it is set when it must be compact to keep to few cards, in up to `columns` columns (the
        contents list's own keys say how)."""
        return self

    def most_columns(self) -> int:
        return 1

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        rows = list(slot.page.rows) if slot.page else setter.rows_of(self, slot, width, level)
        if not rows:  # a case with no items (a press-release heading alone): no empty panel
            return NOTHING
        pad = setter.px(self.padding)
        heights = [self.row_height(setter, row, level, i == 0) for i, row in enumerate(rows)]
        natural = 2 * pad + self.block_height(rows, heights)
        broken = any(breaks_word(row.source, [row.span]) for row in rows)

        def panelled(height: float) -> Measured:
            def place(x: float, y: float, w: float, align: str) -> Placed:
                panel = Box(x, y, w, height)
                elements: list = []
                if self.panel:
                    outline = setter.color(self.outline) if self.outline else ""
                    outline_px = max(1, round(setter.px(self.outline_width))) if outline else 0
                    elements.append(Shape(panel, setter.color(self.panel), radius=setter.px(self.radius), outline=outline, outline_px=outline_px))
                inner = panel.inset(pad)
                inner = Box(inner.x, inner.y + (height - natural) / 2, inner.width, inner.height - (height - natural))
                placed, lines = self.place_rows(setter, slot, rows, heights, inner, level)
                return elements + placed, lines

            return Measured(height, True, place, panelled if self.panel else None, broken)

        return panelled(natural)


def split_rows(rows: list[Row], first_room: float, next_room: float, height) -> list[list[Row]]:
    """Split rows into cards: an item moves whole to the next card when it fits there."""
    pages: list[list[Row]] = []
    current: list[Row] = []
    used, room = 0.0, first_room
    index = 0
    while index < len(rows):
        row = rows[index]
        if current and row.starts_entry:
            entry = [row] + _rest_of_entry(rows, index + 1)
            need = sum(height(r, False) for r in entry)
            if used + need > room and sum(height(r, k == 0) for k, r in enumerate(entry)) <= next_room:
                pages.append(current)
                current, used, room = [], 0.0, next_room
        need = height(row, not current)
        if current and used + need > room:
            pages.append(current)
            current, used, room = [], 0.0, next_room
            need = height(row, True)
        current.append(row)
        used += need
        index += 1
    if current:
        pages.append(current)
    return pages


def _rest_of_entry(rows: list[Row], start: int) -> list[Row]:
    rest = []
    for row in rows[start:]:
        if row.starts_entry:
            break
        rest.append(row)
    return rest
