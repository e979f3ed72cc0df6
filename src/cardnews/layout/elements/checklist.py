"""Checklist: a case's ✅ items with their notes, on a panel; what does not fit continues on more cards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import COLOUR, EMS, LEADING, PX, ROLE, key
from cardnews.layout.elements.paged import Paged
from cardnews.layout.fonts import FontSpec
from cardnews.layout.geometry import Box, EmojiRun, Line, Origin, Shape
from cardnews.layout.setter import Row, cached_spans

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class Checklist(Paged):
    """Items as ✅ lines, notes as smaller lines under them with a dot; only on case and continuation cards."""

    role: str = key(ROLE, "body", "The items' text role.")
    note_role: str = key(ROLE, "note", "The notes' text role.")
    color: str = key(COLOUR, "ink", "The items' colour.")
    note_color: str = key(COLOUR, "note", "The notes' colour.")
    bullet_color: str = key(COLOUR, "muted", "The colour of the dot before a note.")
    panel: str = key(COLOUR, "", "The panel's colour (default: no panel).")
    outline: str = key(COLOUR, "", "The panel's outline colour (default: none).")
    radius: float = key(PX, 0, "The panel's corner radius in px.")
    padding: float = key(PX, 0, "Space inside the panel in px.")
    outline_width: float = key(PX, 2, "The outline's width in px (at least 1 drawn pixel).")
    check_gap: float = key(PX, 18, "Space between the ✅ and an item's text, in px.")
    item_leading: float = key(LEADING, 1.46, "An item's line height, in ems.")
    note_leading: float = key(LEADING, 1.42, "A note's line height, in ems.")
    item_space: float = key(EMS, 0.75, "Space above an item (not the first on a card), in ems of the items.")
    note_space: float = key(EMS, 0.2, "Space above a note, in ems of the items.")
    note_indent: float = key(PX, 26, "How much further in a note starts than its item, in px.")
    bullet_size: float = key(PX, 8, "The note dot's diameter in px.")
    bullet_offset: float = key(PX, 22, "How far left of the note's text the dot starts, in px.")

    def rows(self, setter: Setter, slot: Slot, width: float, level: int) -> list[Row]:
        assert slot.case is not None  # the theme's checks keep checklists to cards with a case
        pad = setter.px(self.padding)
        body = setter.spec(self.role, level)
        note = setter.spec(self.note_role, level)
        text_width = width - 2 * pad - self.indent(setter, body)
        note_indent = setter.px(self.note_indent)
        rows = []
        for number, item in enumerate(slot.case.items, start=1):
            lines = setter.wrap(item.text, body, text_width)
            for n, (line, span) in enumerate(zip(lines, cached_spans(item.text, tuple(lines)))):
                rows.append(Row(line, "item", n == 0, n == 0, source=item.text, span=span, item=number))
            for index, text in enumerate(item.notes, start=1):
                lines = setter.wrap(text, note, text_width - note_indent)
                for n, (line, span) in enumerate(zip(lines, cached_spans(text, tuple(lines)))):
                    rows.append(Row(line, "note", n == 0, False, source=text, span=span, item=number, note=index))
        return rows

    def indent(self, setter: Setter, spec: FontSpec) -> float:
        return setter.fonts.emoji_size(spec) + setter.px(self.check_gap)

    def row_height(self, setter: Setter, row: Row, level: int, first_on_card: bool) -> float:
        body = setter.spec(self.role, level)
        spec = body if row.role == "item" else setter.spec(self.note_role, level)
        leading = self.item_leading if row.role == "item" else self.note_leading
        space = 0.0
        if not first_on_card:
            if row.starts_entry:
                space = body.size_px * self.item_space
            elif row.first and row.role == "note":
                space = body.size_px * self.note_space
        return space + spec.size_px * leading

    def place_rows(self, setter: Setter, slot: Slot, rows: list[Row], heights: list[float], inner: Box, level: int) -> Placed:
        body = setter.spec(self.role, level)
        note = setter.spec(self.note_role, level)
        elements: list = []
        lines: list[Line] = []
        y = inner.y
        marker = Origin(slot.kind, "marker", slot.number, where=self.where)
        for row, height in zip(rows, heights):
            origin = Origin(slot.kind, row.role, slot.number, row.item, row.note, self.where)
            spec = body if row.role == "item" else note
            leading = self.item_leading if row.role == "item" else self.note_leading
            line_top = y + height - spec.size_px * leading
            middle = line_top + spec.size_px * leading / 2
            x = inner.x + self.indent(setter, body)
            if row.role == "item" and row.starts_entry:
                side = setter.fonts.emoji_size(body)
                elements.append(EmojiRun(round(inner.x), round(middle - side / 2), side, "✅", marker))
            if row.role == "note":
                x += setter.px(self.note_indent)
                if row.first:
                    dot = setter.px(self.bullet_size)
                    elements.append(Shape(Box(x - setter.px(self.bullet_offset), middle - dot / 2, dot, dot), setter.color(self.bullet_color), kind="ellipse"))
            color = setter.color(self.color if row.role == "item" else self.note_color)
            runs, _ = setter.set_lines([row.text], x, line_top, spec, color, leading, origin=origin)
            elements += runs
            lines.append(Line(row.text, origin, row.source, *row.span, entry=row.starts_entry))
            y += height
        return elements, lines
