"""Case list: the brief cases of a compact card, each its number, kicker, headline and short item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import COLOUR, EMS, FLAG, LEADING, PX, ROLE, Flowed, key
from cardnews.layout.geometry import Box, Line, Origin, Shape
from cardnews.layout.setter import NOTHING, Measured, breaks_word, cached_spans, text_lines

if TYPE_CHECKING:
    from cardnews.layout.fonts import FontSpec
    from cardnews.layout.setter import Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class CaseList(Flowed):
    """One entry per case on the card, numbered as in the series, divided by a line; only on compact cards."""

    number_role: str = key(ROLE, "headline", "The case number's text role (its sizes and weight).")
    number_color: str = key(COLOUR, "accent", "The case number's colour.")
    number_width: float = key(EMS, 1.6, "The number's column, in ems of the number; the entry's text starts after it.")
    kicker_role: str = key(ROLE, "kicker", "The kicker's text role.")
    kicker_color: str = key(COLOUR, "accent", "The kicker's colour.")
    headline_role: str = key(ROLE, "headline", "The headline's text role.")
    headline_color: str = key(COLOUR, "ink", "The headline's colour.")
    item_role: str = key(ROLE, "body", "The role of a case's ✅ item and notes, when it has one.")
    item_color: str = key(COLOUR, "muted", "The item's colour.")
    divider: str = key(COLOUR, "", "The colour of the line between entries (default: none).")
    divider_width: float = key(PX, 2, "The divider's thickness in px (at least 1 drawn pixel).")
    entry_space: float = key(EMS, 0.9, "Space above and below a divider, in ems of the headline.")
    line_space: float = key(EMS, 0.25, "Space between an entry's kicker, headline and item, in ems of the headline.")
    leading: float = key(LEADING, 1.25, "The headline's line height, in ems (the kicker's and item's: 1.35).")
    balance: bool = key(FLAG, True, "Make a headline's lines as even as their count allows.")

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        if not slot.cases:
            return NOTHING
        headline = setter.spec(self.headline_role, level)
        number = setter.spec(self.number_role, level)
        indent = number.size_px * self.number_width
        text_width = width - indent
        gap = headline.size_px * self.line_space
        space = headline.size_px * self.entry_space
        entries = []  # per case: its number and its blocks (text, spec, leading, colour, origin, lines)
        broken = False
        for number_of_case, case in slot.cases:
            blocks = []
            parts = [(case.kicker, self.kicker_role, self.kicker_color, "kicker", 0, 1.35)]
            parts.append((case.headline, self.headline_role, self.headline_color, "headline", 0, self.leading))
            for index, item in enumerate(case.items, start=1):
                parts.append((item.text, self.item_role, self.item_color, "item", index, 1.35))
            for text, role, colour, field, item_number, leading in parts:
                if not text:
                    continue
                spec = setter.spec(role, level)
                lines = setter.wrap(text, spec, text_width, balance=self.balance and field == "headline")
                broken = broken or breaks_word(text, cached_spans(text, tuple(lines)))
                origin = Origin(slot.kind, field, number_of_case, item_number, where=self.where)
                blocks.append((text, spec, leading, setter.color(colour), origin, lines))
            entries.append((number_of_case, blocks))
        heights = [sum(len(b[5]) * b[1].size_px * b[2] for b in blocks) + gap * (len(blocks) - 1) for _n, blocks in entries]
        natural = sum(heights) + 2 * space * (len(entries) - 1)
        return self.spaced(setter, slot, entries, heights, number, indent, gap, space, natural, broken)

    def spaced(self, setter, slot, entries, heights, number, indent, gap, space, total, broken) -> Measured:
        """The entries placed with `space` above and below each divider, `total` high in all."""

        def place(x: float, y: float, w: float, align: str) -> Placed:
            elements: list = []
            lines: list[Line] = []
            top = y
            for index, ((case_number, blocks), height) in enumerate(zip(entries, heights)):
                if index:
                    top += space
                    if self.divider:
                        elements.append(Shape(Box(x, top, w, max(1, round(setter.px(self.divider_width)))), setter.color(self.divider)))
                    top += space
                elements += self.number(setter, slot, case_number, number, x, top, lines)
                block_top = top
                for text, spec, leading, colour, origin, wrapped in blocks:
                    runs, used = setter.set_lines(wrapped, x + indent, block_top, spec, colour, leading, w - indent, "left", origin)
                    elements += runs
                    lines += text_lines(wrapped, text, origin)
                    block_top += used + gap
                top += height
            return elements, lines

        def stretch(height: float) -> Measured:  # more room: wider spaces between the entries
            wider = space + max(0.0, height - total) / (2 * max(1, len(entries) - 1))
            return self.spaced(setter, slot, entries, heights, number, indent, gap, wider, max(height, total), broken)

        return Measured(total, True, place, stretch if len(entries) > 1 else None, broken)

    def number(self, setter: Setter, slot: Slot, case_number: int, spec: FontSpec, x: float, top: float, lines: list[Line]) -> list:
        """The case's number, as the series numbers it, said as "사례 N"."""
        label = f"{case_number:02d}"
        origin = Origin(slot.kind, "label", case_number, where=self.where)
        runs, _height = setter.set_lines([label], x, top, spec, setter.color(self.number_color), self.leading, origin=origin)
        lines += text_lines([label], label, origin, spoken=f"사례 {case_number}")
        return runs
