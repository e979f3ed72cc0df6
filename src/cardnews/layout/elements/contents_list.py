"""Contents list: one entry per case, with a ✅ or its number and the case's emoji; continues when long."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import COLOUR, EMS, LEADING, PX, ROLE, key
from cardnews.layout.spec import Choice, Number
from cardnews.layout.elements.paged import Paged
from cardnews.layout.fonts import FontSpec
from cardnews.layout.geometry import Box, EmojiRun, Line, Origin, Shape
from cardnews.layout.setter import Row, cached_spans
from cardnews.model import Notice
from cardnews.i18n import _

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


MAX_ENTRY_LINES = 4  # as many as a headline may take on its own card: a longer entry is cut with …
_MOST_CHARACTERS = 2_000  # of an entry laid out: more than four lines hold at any size


@dataclass(frozen=True, kw_only=True)
class ContentsList(Paged):
    """Every case's contents line, balanced, on a panel; the case's first emoji at the right of its entry."""

    role: str = key(ROLE, "body", "The entries' text role (their sizes).")
    weight: str | None = key(ROLE, None, "Take the weight of this role instead (default: the role's own).")
    color: str = key(COLOUR, "ink", "The entries' colour.")
    panel: str = key(COLOUR, "", "The panel's colour (default: no panel).")
    outline: str = key(COLOUR, "", "The panel's outline colour (default: none).")
    radius: float = key(PX, 0, "The panel's corner radius in px.")
    padding: float = key(PX, 0, "Space inside the panel in px.")
    divider: str = key(COLOUR, "", "The colour of a line between entries (default: none).")
    marker: str = key(Choice(("check", "number")), "check", "What starts an entry: a ✅ or the case's number.")
    marker_color: str = key(COLOUR, "accent", "The number's colour (marker: number).")
    outline_width: float = key(PX, 2, "The outline's width in px (at least 1 drawn pixel).")
    divider_width: float = key(PX, 2, "The divider's thickness in px (at least 1 drawn pixel).")
    check_gap: float = key(PX, 22, "Space between the marker and the text, in px.")
    leading: float = key(LEADING, 1.4, "An entry's line height, in ems.")
    entry_padding: float = key(EMS, 0.62, "Space above and below an entry, in ems.")
    icon_scale: float = key(Number(0, 4), 1.5, "The case's emoji at the right, in sizes of an inline emoji.")
    columns: int = key(Number(1, 2, integer=True), 1, "Columns of entries side by side.")
    column_gap: float = key(PX, 48, "Space between two columns, in px.")
    dense_padding: float = key(EMS, 0.12, "entry_padding of a long list set compactly, to keep within two contents cards.")
    dense_leading: float = key(LEADING, 1.3, "leading of a long list set compactly.")
    dense_inset: float = key(PX, 24, "padding of the panel of a long list set compactly (at most the padding).")
    dense_columns: int = key(Number(1, 2, integer=True), 2, "At most this many columns for a long list set compactly (one is tried first).")

    def dense(self, columns: int) -> ContentsList:
        return replace(
            self, entry_padding=self.dense_padding, leading=self.dense_leading, padding=min(self.padding, self.dense_inset),
            columns=min(columns, self.dense_columns),
        )

    def most_columns(self) -> int:
        return self.dense_columns

    def column_width(self, setter: Setter, width: float) -> float:
        inner = width - 2 * setter.px(self.padding)
        return (inner - (self.columns - 1) * setter.px(self.column_gap)) / self.columns

    def block_height(self, rows: list[Row], heights: list[float]) -> float:
        return max(sum(heights[start:end]) for start, end in column_spans(rows, heights, self.columns))

    def rows(self, setter: Setter, slot: Slot, width: float, level: int) -> list[Row]:
        spec = setter.spec(self.role, level, self.weight)
        text_width = self.column_width(setter, width) - self.indent(setter, spec) - setter.fonts.emoji_size(spec) * self.icon_scale
        rows = []
        for index, case in enumerate(setter.series.cases):
            text = case.contents[:_MOST_CHARACTERS]  # more could never show: the list is an index
            wrapped = setter.wrap(text, spec, text_width, balance=True)
            spans = list(cached_spans(text, tuple(wrapped)))
            if len(wrapped) > MAX_ENTRY_LINES or len(text) < len(case.contents):
                wrapped, spans = self._cut(setter, spec, text_width, case.contents, wrapped, spans)
                setter.notice(Notice(
                    "warning", _("case {number}: the contents entry is cut to {lines} lines on the contents card (ending in …); shorten it to show it whole").format(number=index + 1, lines=len(wrapped)),
                    case=index + 1,
                ))
            for n, (line, span) in enumerate(zip(wrapped, spans)):
                rows.append(Row(line, "entry", n == 0, n == 0, index, n == len(wrapped) - 1, source=case.contents, span=span))
        return rows

    def _cut(self, setter: Setter, spec: FontSpec, width: float, source: str, wrapped: list[str], spans: list[tuple[int, int]]):
        """An entry's first lines, the last cut with …, and their spans (a cut line's runs to the end of `source`)."""
        keep = min(MAX_ENTRY_LINES, len(wrapped))
        start = spans[keep - 1][0]
        last = setter.ellipsize(source[start : start + _MOST_CHARACTERS // MAX_ENTRY_LINES], spec, width)
        return wrapped[: keep - 1] + [last], spans[: keep - 1] + [(start, len(source))]

    def indent(self, setter: Setter, spec: FontSpec) -> float:
        return setter.fonts.emoji_size(spec) + setter.px(self.check_gap)

    def row_height(self, setter: Setter, row: Row, level: int, first_on_card: bool) -> float:
        spec = setter.spec(self.role, level, self.weight)
        line = spec.size_px * self.leading
        pad = spec.size_px * self.entry_padding
        return line + (pad if row.starts_entry else 0) + (pad if row.last else 0)

    def place_rows(self, setter: Setter, slot: Slot, rows: list[Row], heights: list[float], inner: Box, level: int) -> Placed:
        elements: list = []
        lines: list[Line] = []
        width = (inner.width - (self.columns - 1) * setter.px(self.column_gap)) / self.columns
        for column, (start, end) in enumerate(column_spans(rows, heights, self.columns)):
            box = Box(inner.x + column * (width + setter.px(self.column_gap)), inner.y, width, inner.height)
            placed, text = self.place_column(setter, slot, rows[start:end], heights[start:end], box, level)
            elements += placed
            lines += text
        return elements, lines

    def place_column(self, setter: Setter, slot: Slot, rows: list[Row], heights: list[float], inner: Box, level: int) -> Placed:
        spec = setter.spec(self.role, level, self.weight)
        elements: list = []
        lines: list[Line] = []
        y = inner.y
        check = setter.fonts.emoji_size(spec)
        icon = round(check * self.icon_scale)
        line = spec.size_px * self.leading
        pad = spec.size_px * self.entry_padding
        entry_top = y
        for index, (row, height) in enumerate(zip(rows, heights)):
            if row.starts_entry:
                entry_top = y
                if index and self.divider:
                    elements.append(Shape(Box(inner.x, y, inner.width, max(1, round(setter.px(self.divider_width)))), setter.color(self.divider)))
            line_top = y + (pad if row.starts_entry else 0)
            origin = Origin(slot.kind, "contents", row.entry + 1, where=self.where)
            marker = Origin(slot.kind, "marker", row.entry + 1, where=self.where)
            if row.starts_entry:
                if self.marker == "number":
                    number_spec = FontSpec(spec.weight, spec.size_px)
                    runs, _ = setter.set_lines([f"{row.entry + 1:02d}"], inner.x, line_top, number_spec, setter.color(self.marker_color), self.leading, origin=marker)
                    elements += runs
                else:
                    elements.append(EmojiRun(round(inner.x), round(line_top + line / 2 - check / 2), check, "✅", marker))
            runs, _ = setter.set_lines([row.text], inner.x + self.indent(setter, spec), line_top, spec, setter.color(self.color), self.leading, origin=origin)
            elements += runs
            lines.append(Line(row.text, origin, row.source, *row.span, entry=row.starts_entry))
            y += height
            if row.last or index + 1 == len(rows):
                case = setter.series.cases[row.entry]
                if case.emoji:
                    emoji = Origin(slot.kind, "emoji", row.entry + 1, where=self.where)
                    elements.append(EmojiRun(round(inner.right - icon), round((entry_top + y) / 2 - icon / 2), icon, case.emoji[0], emoji))
        return elements, lines


def column_spans(rows: list[Row], heights: list[float], columns: int) -> list[tuple[int, int]]:
    """Where each column's rows start and end: two columns break at the entry that makes them most even."""
    if columns < 2 or len(rows) < 2:
        return [(0, len(rows))]
    total = sum(heights)
    best, best_cut = total, len(rows)
    above = 0.0
    for index, (row, height) in enumerate(zip(rows, heights)):
        if index and row.starts_entry and max(above, total - above) < best:
            best, best_cut = max(above, total - above), index
        above += height
    return [(0, best_cut), (best_cut, len(rows))]
