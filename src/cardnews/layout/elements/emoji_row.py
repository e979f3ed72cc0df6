"""Emoji row: the header emoji of a case (or one of each case) on square tiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import COLOUR, ROLE, Flowed, key
from cardnews.layout.spec import Choice, Number
from cardnews.layout.fonts import FontSpec
from cardnews.layout.geometry import Box, EmojiRun, Origin, Shape
from cardnews.layout.setter import GROW_STEP, LEVELS, NOTHING, Measured, text_lines

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot

SHARE = Number(0, 1)


@dataclass(frozen=True, kw_only=True)
class EmojiRow(Flowed):
    """Tiles in rows as wide as the stack; they shrink from `tile` towards `shrink_to` with the stack."""

    source: str = key(Choice(("case", "cases")), doc="case: the case's emoji; cases: the first emoji of every case.")
    tile: float = key(Number(8, 600), doc="A tile's side in px, at the largest.")
    shrink_to: float | None = key(Number(8, 600), None, "A tile's side in px at the smallest (default: tile).")
    fill: str = key(COLOUR, "accent_soft", "The tiles' colour.")
    ink: str = key(COLOUR, "accent", "The case number's colour, on a case without emoji.")
    fallback: str = key(Choice(("number", "none")), "number", "A case without emoji: its number on a tile, or nothing.")
    max_emoji: int = key(Number(1, 12, integer=True), 3, "At most this many emoji of a case (source: case).")
    max_rows: int = key(Number(1, 20, integer=True), 3, "At most this many rows of tiles; the emoji past them are left out (they only repeat the cases').")
    gap: float = key(SHARE, 0.14, "Space between tiles, as a share of a tile's side.")
    radius: float = key(Number(0, 0.5), 0.28, "The tiles' corner radius, as a share of a tile's side.")
    emoji_scale: float = key(SHARE, 0.66, "An emoji's side, as a share of its tile's.")
    number_scale: float = key(SHARE, 0.42, "The case number's size, as a share of its tile's side.")
    number_weight: str = key(ROLE, "headline", "The case number takes the weight of this text role.")

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        case = slot.case
        if self.source == "case":
            emoji = case.emoji[: self.max_emoji] if case else ()
            owners = (slot.number,) * len(emoji)  # the case each tile's emoji was read from
            fallback = f"{slot.number:02d}" if case and self.fallback == "number" else ""
        else:
            first_of: dict[str, int] = {}
            for number, each in enumerate(setter.series.cases, start=1):
                if each.emoji:
                    first_of.setdefault(each.emoji[0], number)
            emoji, owners = tuple(first_of), tuple(first_of.values())
            fallback = ""
        if not emoji and not fallback:
            return NOTHING
        largest = setter.px(self.tile)
        smallest = setter.px(self.shrink_to if self.shrink_to is not None else self.tile)
        side = largest * (1 + GROW_STEP * -level) if level < 0 else largest - (largest - smallest) * level / LEVELS
        gap = side * self.gap
        count = len(emoji) or 1
        per_row = max(1, min(count, int((width + gap) // (side + gap))))
        rows = -(-count // per_row)
        if rows > self.max_rows:  # a long series: its first cases' emoji stand for the rest
            rows, count = self.max_rows, self.max_rows * per_row
            emoji, owners = emoji[:count], owners[:count]
        fill = setter.color(self.fill)
        ink = setter.color(self.ink)

        def place(x: float, y: float, w: float, align: str) -> Placed:
            elements: list = []
            if not emoji:
                spec = FontSpec(setter.design.fonts[self.number_weight], max(1, round(side * self.number_scale)))  # a tiny number_scale is still a size
                left = x + (w - side) / 2 if align == "center" else x
                elements.append(Shape(Box(left, y, side, side), fill, radius=side * self.radius))
                origin = Origin(slot.kind, "label", slot.number, where=self.where)
                runs, _ = setter.set_lines([fallback], left, y, spec, ink, side / spec.size_px, side, "center", origin)
                return elements + runs, text_lines([fallback], fallback, origin, spoken="")  # the chip already says the number
            inner = round(side * self.emoji_scale)
            for index, (sequence, owner) in enumerate(zip(emoji, owners)):
                row, column = divmod(index, per_row)
                in_row = min(per_row, count - row * per_row)
                row_w = in_row * (side + gap) - gap
                left = x + (w - row_w) / 2 if align == "center" else x
                tile_x, tile_y = left + column * (side + gap), y + row * (side + gap)
                elements.append(Shape(Box(tile_x, tile_y, side, side), fill, radius=side * self.radius))
                elements.append(EmojiRun(round(tile_x + (side - inner) / 2), round(tile_y + (side - inner) / 2), inner, sequence, Origin(slot.kind, "emoji", owner, where=self.where)))
            return elements, []

        return Measured(rows * (side + gap) - gap, True, place)
