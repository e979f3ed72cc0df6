"""What every element lays itself out with: units, text styles, line breaks, colours and runs.

One `Setter` serves one series at one size. Elements (`layout/elements/`) measure and place themselves
through it and return values; nothing here knows any element type.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from cardnews.cache import sized_cache
from cardnews.layout.fonts import FontBook, FontSpec
from cardnews.layout.geometry import Box, EmojiRun, Line, Origin, TextRun
from cardnews.layout.linebreak import break_lines
from cardnews.layout.sizes import SizePreset
from cardnews.layout.templates import render_text, template_fields
from cardnews.model import Case, Notice, Picture, Series
from cardnews.i18n import N_, _

if TYPE_CHECKING:  # the theme is made of elements, which lay themselves out with a Setter
    from cardnews.layout.theme import Design, TypeRange

LEVELS = 12  # levels 0..6 shrink text from largest to comfortable, 6..12 from comfortable to smallest
COMFORTABLE = 6
GROW_STEP = 0.05  # levels below 0 set text larger than the largest size, by this share of it a level (see Stack.grow)
Placed = tuple[list, list[Line]]  # what an element adds to a card: its drawn elements and its lines of text
_CASE_ROLES = ("kicker", "headline", "contents", "emoji", "number")


@dataclass(frozen=True)
class Row:
    """One laid line of a paged list: its text, role and where it starts an entry."""

    text: str
    role: str  # "item", "note" or "entry"
    first: bool  # first line of its item, note or entry
    starts_entry: bool  # first line of an item (checklist) or entry (contents)
    entry: int = 0  # index of the case (contents) the row belongs to
    last: bool = True  # last line of its entry (contents)
    source: str = ""  # the whole item, note or entry the row is a line of
    span: tuple[int, int] = (0, 0)  # the row's place in `source`
    item: int = 0  # the item (from 1) a checklist row belongs to
    note: int = 0  # the note (from 1) under the item, for a note's row


@dataclass(frozen=True)
class Page:
    """The rows of a continuing list that one card shows, at the level the list is set at."""

    rows: tuple[Row, ...]
    level: int
    dense: int = 0  # a long list set compactly in this many columns, as its layout says (ContentsList.dense); 0: not


@dataclass(frozen=True)
class Slot:
    """The card an element is laid out on: its kind, its case, the list rows it shows, what templates see."""

    kind: str
    fields: Mapping[str, Any]  # the template fields: series, case, page, total
    case: Case | None = None
    number: int = 0  # the case's number, from 1; 0 on a card without a case
    page: Page | None = None
    cases: tuple[tuple[int, Case], ...] = ()  # a compact card's cases, each with its number


@dataclass(frozen=True)
class Measured:
    """A flowed element measured at one level: its height, whether it fits, and how to place it."""

    height: float
    fits: bool
    place: Callable[[float, float, float, str], Placed]
    stretch: Callable[[float], Measured] | None = None  # the element made taller (a panel), its content centred
    broken: bool = False  # a line ends inside a word: a smaller level may keep every word whole


def nothing(x: float, y: float, width: float, align: str) -> Placed:
    return [], []


NOTHING = Measured(0, True, nothing)


def size_at(type_range: TypeRange, level: int) -> float:
    if level < 0:
        return type_range.largest * (1 + GROW_STEP * -level)
    if level <= COMFORTABLE:
        return type_range.largest - (type_range.largest - type_range.comfortable) * level / COMFORTABLE
    return type_range.comfortable - (type_range.comfortable - type_range.smallest) * (level - COMFORTABLE) / (LEVELS - COMFORTABLE)


@dataclass
class Setter:
    """Units, styles and runs for one series at one size; collects the notices elements raise."""

    series: Series
    design: Design
    fonts: FontBook
    preset: SizePreset
    logo: Picture | None = None
    notices: list[Notice] = field(default_factory=list)
    _specs: dict = field(default_factory=dict, repr=False)
    _wraps: dict = field(default_factory=dict, repr=False)
    _texts: dict = field(default_factory=dict, repr=False)
    _rows: dict = field(default_factory=dict, repr=False)  # (template, id of the fields) → (those fields, the text)

    @property
    def safe(self) -> Box:
        return self.preset.safe

    def px(self, value: float) -> float:
        return value * self.preset.scale

    def spec(self, role: str, level: int, weight: str | None = None, mode: str = "fit") -> FontSpec:
        key = (role, level, weight, mode)
        found = self._specs.get(key)
        if found is None:  # fitting asks for the same few styles tens of thousands of times a series
            type_range = self.design.type[role]
            size = {
                "largest": type_range.largest,
                "comfortable": type_range.comfortable,
                "smallest": type_range.smallest,
            }.get(mode, size_at(type_range, level))
            found = self._specs[key] = FontSpec(self.design.fonts[weight or role], max(8, round(size * self.preset.scale)))
        return found

    def rows_of(self, paged: Any, slot: Slot, width: float, level: int) -> list[Row]:
        """A list's rows on a slot at a width and level, worked out once: fitting and paging ask again and again."""
        key = (id(paged), slot.kind, slot.number, id(slot.case), id(slot.cases), width, level)
        known = self._rows.get(key)
        if known is None or known[0] is not paged or known[1] is not slot.case or known[2] is not slot.cases:
            known = self._rows[key] = (paged, slot.case, slot.cases, paged.rows(self, slot, width, level))
        return list(known[3])

    def wrap(self, text: str, spec: FontSpec, width: float, balance: bool = False) -> list[str]:
        key = (text, spec, width, balance)
        lines = self._wraps.get(key)
        if lines is None:  # this series' own breaks, in front of the shared bounded cache (held while it is laid out)
            lines = self._wraps[key] = _wrapped(self.fonts, text, spec, width, balance)
        return list(lines)

    def color(self, value: str) -> str:
        return self.design.color(value)

    def text(self, template: str, where: str, slot: Slot) -> str:
        key = (template, id(slot.fields))
        known = self._texts.get(key)
        if known is None or known[0] is not slot.fields:  # each fit renders a card's templates again at every level
            known = self._texts[key] = (slot.fields, render_text(template, slot.fields, where))
        return known[1]

    def box(self, fractions: tuple[float, ...]) -> Box:
        fx, fy, fw, fh = fractions
        s = self.safe
        return Box(s.x + fx * s.width, s.y + fy * s.height, fw * s.width, fh * s.height)

    def set_lines(self, lines, x, top, spec, color, leading, width=0.0, align="left", origin: Origin | None = None) -> tuple[list, float]:
        """Runs for lines from `top`, each centred on its line box; returns runs and block height."""
        runs: list = []
        metrics = self.fonts.metrics(spec)
        line_height = spec.size_px * leading
        for index, line in enumerate(lines):
            baseline = top + index * line_height + line_height / 2 - metrics.hangul_middle
            left = x
            if align != "left":
                slack = width - self.fonts.line_width(line, spec)
                left = x + (slack / 2 if align == "center" else slack)
            runs.extend(self.line_runs(line, left, baseline, spec, color, origin))
        return runs, len(lines) * line_height

    def line_runs(self, line: str, x: float, baseline: float, spec: FontSpec, color: str, origin: Origin | None = None) -> list:
        runs: list = []
        middle = baseline + self.fonts.metrics(spec).hangul_middle
        side = self.fonts.emoji_size(spec)
        advance = self.fonts.emoji_advance(spec)
        for span in self.fonts.spans(line):
            if span.is_emoji:
                runs.append(EmojiRun(round(x + (advance - side) / 2), round(middle - side / 2), side, span.text, origin))
                x += advance
            else:
                face = self.fonts.face(spec, span)
                runs.append(TextRun(x, baseline, span.text, face, color, origin))
                x += self.fonts.text_width(span.text, face)
        return runs

    def ellipsize(self, text: str, spec: FontSpec, width: float) -> str:
        """Cut a decorative repeat (a footer's title) to one line; the full text is on another card."""
        low, high = 0, len(text)  # the longest prefix that fits, found in log(n) measurements of any length
        if self.fonts.line_width(text + "…", spec) <= width:
            low = high
        while low < high:
            middle = (low + high + 1) // 2
            if self.fonts.line_width(text[:middle] + "…", spec) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def origin(self, template: str, where: str, slot: Slot, text: str) -> Origin:
        """What a template's text is: the series or case field it shows, a page number, or a label of the layout's.

        The fields come from the template itself; the one whose value the text is, is the one shown.
        """
        fields = template_fields(template)
        if fields and all(name in ("page", "total") for name in fields):
            return Origin(slot.kind, "page", slot.number, where=where)
        for name in fields:
            scope, _ignored, key = name.partition(".")
            value = slot.fields.get(scope, {}).get(key) if key else None
            if isinstance(value, str) and value and " ".join(value.split()) == text:
                return Origin(slot.kind, key, slot.number if scope == "case" else 0, where=where)
        return Origin(slot.kind, "label", slot.number, where=where)

    def spoken(self, alt: str | None, where: str, slot: Slot) -> str | None:
        """How the layout says a text is read aloud (its alt template), or None to read it as shown."""
        return None if alt is None else render_text(alt, slot.fields, where)

    def notice(self, notice: Notice) -> None:
        """Add a notice once, however many times a card is measured."""
        if notice not in self.notices:
            self.notices.append(notice)

    def cut_notice(self, template: str, slot: Slot) -> None:
        what = _("case {number}").format(number=slot.number) if "case" in slot.fields else _("the {kind} card").format(kind=word(slot.kind))
        self.notice(Notice("warning", _("{what}: the {0} is cut to fit its label; shorten it to show it whole").format(word(field_of(template) or 'text'), what=what)))


def text_lines(lines: list[str], source: str, origin: Origin, spoken: str | None = None, entry: bool = False) -> list[Line]:
    """The lines broken from `source`, each with its origin and its span in `source`."""
    return [
        Line(line, origin, source, start, end, entry and index == 0, spoken)
        for index, (line, (start, end)) in enumerate(zip(lines, spans(source, lines)))
    ]


def spans(source: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each line sits in the text it was broken from; a line cut with … runs to the end."""
    found = []
    position = 0
    for line in lines:
        while position < len(source) and source[position].isspace():
            position += 1
        start = position
        for character in line:
            if character.isspace():
                continue
            while position < len(source) and source[position].isspace():
                position += 1
            if position < len(source) and source[position] == character:
                position += 1
            else:  # the … of a cut line: it stands for the rest
                position = len(source)
                break
        found.append((start, position))
    return found


def breaks_word(source: str, spans_of_lines) -> bool:
    """Whether a line ends inside a word (keep-all breaks only at spaces); a line cut with … does not."""
    return any(0 < end < len(source) and not source[end].isspace() for _start, end in spans_of_lines)


@sized_cache(16 * 1024 * 1024, cost=lambda source, lines: 3 * sys.getsizeof(source) + 400)  # the text, its lines and their spans
def cached_spans(source: str, lines: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    # Fitting a card lays out its list rows at several sizes; the breaks, and so the spans, repeat.
    return tuple(spans(source, list(lines)))


# How messages name a card's kind and a text's field, in the user's language (others stay as written).
_WORDS = {
    N_("cover"), N_("contents"), N_("case"), N_("continuation"), N_("closing"), N_("headline"), N_("kicker"),
    N_("handle"), N_("title"), N_("organisation"), N_("period"), N_("text"), N_("items"), N_("description"),
}


def word(name: str) -> str:
    return _(name) if name in _WORDS else name


def field_of(template: str) -> str:
    """The case or series field a template shows, such as 'headline' for '{{ case.headline }}'."""
    match = re.fullmatch(r"\{\{\s*(?:case|series)\.(\w+)(?:\s+or\s+series\.\w+)?\s*\}\}", template.strip())
    return match.group(1) if match else ""


@sized_cache(16 * 1024 * 1024, cost=lambda fonts, text, spec, width, balance: 2 * sys.getsizeof(text) + 400)  # the text and its lines
def _wrapped(fonts: FontBook, text: str, spec: FontSpec, width: float, balance: bool) -> tuple[str, ...]:
    # Fitting a series asks for the same breaks again and again (six times in ten), and a rebuild for all of them.
    return tuple(break_lines(text, width, fonts.measurer(spec), balance=balance))
