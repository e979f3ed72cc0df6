"""Text: a template filled with the series, set in a box of its own or flowed in a stack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import ALIGN, BOX, COLOUR, FLAG, LEADING, LINES, ROLE, SIZE_MODE, TEXT, Element, Flowed, key
from cardnews.layout.spec import Choice
from cardnews.layout.setter import LEVELS, NOTHING, Measured, breaks_word, cached_spans, text_lines

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class TextBox(Element):
    """Text in its own box: shrinks within its role's sizes until it fits; a line over max_lines ends in …."""

    text: str = key(TEXT, doc='A Jinja2 template, e.g. "{{ page }}/{{ total }}" or "{{ series.title }}".')
    box: tuple[float, ...] = key(BOX, doc="[x, y, width, height] as fractions of the safe area.")
    role: str = key(ROLE, "body", "The text role: its sizes (type) and, unless weight says otherwise, its weight (fonts).")
    weight: str | None = key(ROLE, None, "Take the weight of this role instead (default: the role's own).")
    color: str = key(COLOUR, "ink", "The text colour.")
    align: str = key(ALIGN, "left", "Horizontal alignment in the box.")
    valign: str = key(Choice(("top", "center")), "top", "Vertical alignment in the box.")
    size: str = key(SIZE_MODE, "fit", "fit: shrink to fit the box; or always the role's largest, comfortable or smallest size.")
    balance: bool = key(FLAG, False, "Make the lines as even as the line count allows (for headlines).")
    max_lines: int = key(LINES, 0, "At most this many lines, the last cut with … (0: no limit).")
    leading: float = key(LEADING, 1.4, "Line height, in ems.")
    alt: str | None = key(TEXT, None, 'How a screen reader says it: a template, e.g. "사례 {{ case.number }}"; "" leaves it unsaid (default: the text as shown).')

    def place(self, setter: Setter, slot: Slot) -> Placed:
        text = setter.text(self.text, self.where, slot)
        if not text:
            return [], []
        box = setter.box(self.box)
        leading, max_lines = self.leading, self.max_lines
        spec, lines = None, []
        fitting = None  # the first level that fits, kept when every level that fits breaks a word
        for level in range(LEVELS + 1):
            spec = setter.spec(self.role, level, self.weight, self.size)
            lines = setter.wrap(text, spec, box.width, balance=self.balance)
            if (not max_lines or len(lines) <= max_lines) and len(lines) * spec.size_px * leading <= max(box.height, spec.size_px * leading):
                if not breaks_word(text, cached_spans(text, tuple(lines))):
                    break
                fitting = fitting or (spec, lines)
        else:
            if fitting is not None:
                spec, lines = fitting
        assert spec is not None
        if max_lines and len(lines) > max_lines:
            lines = lines[: max_lines - 1] + [setter.ellipsize(" ".join(lines[max_lines - 1 :]), spec, box.width)]
        height = len(lines) * spec.size_px * leading
        top = box.y + (box.height - height) / 2 if self.valign == "center" else box.y
        origin = setter.origin(self.text, self.where, slot, text)
        runs, _ = setter.set_lines(lines, box.x, top, spec, setter.color(self.color), leading, box.width, self.align, origin)
        return runs, text_lines(lines, text, origin, setter.spoken(self.alt, self.where, slot))


@dataclass(frozen=True, kw_only=True)
class FlowText(Flowed):
    """Text in a stack: as wide as the stack, shrunk with the rest of it."""

    text: str = key(TEXT, doc='A Jinja2 template, e.g. "{{ case.headline }}"; nothing is drawn when it comes out empty.')
    role: str = key(ROLE, "body", "The text role: its sizes (type) and, unless weight says otherwise, its weight (fonts).")
    weight: str | None = key(ROLE, None, "Take the weight of this role instead (default: the role's own).")
    color: str = key(COLOUR, "ink", "The text colour.")
    size: str = key(SIZE_MODE, "fit", "fit: shrink with the stack; or always the role's largest, comfortable or smallest size.")
    balance: bool = key(FLAG, False, "Make the lines as even as the line count allows (for headlines).")
    max_lines: int = key(LINES, 0, "More lines than this do not fit: the stack shrinks further (0: no limit).")
    drop_if_long: bool = key(FLAG, False, "Leave the text out instead when it needs more than max_lines.")
    leading: float = key(LEADING, 1.3, "Line height, in ems.")
    alt: str | None = key(TEXT, None, 'How a screen reader says it: a template, e.g. "사례 {{ case.number }}"; "" leaves it unsaid (default: the text as shown).')

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        text = setter.text(self.text, self.where, slot)
        if not text:
            return NOTHING
        spec = setter.spec(self.role, level, self.weight, self.size)
        leading = self.leading
        lines = setter.wrap(text, spec, width, balance=self.balance)
        max_lines = self.max_lines
        if max_lines and len(lines) > max_lines:
            if self.drop_if_long:
                return NOTHING
            fits = self.size != "fit"  # set at one size (a repeat): cut to its lines instead
            if fits:
                lines = lines[: max_lines - 1] + [setter.ellipsize(" ".join(lines[max_lines - 1 :]), spec, width)]
        else:
            fits = True
        color = setter.color(self.color)

        def place(x: float, y: float, w: float, align: str) -> Placed:
            origin = setter.origin(self.text, self.where, slot, text)
            runs, _ = setter.set_lines(lines, x, y, spec, color, leading, w, align, origin)
            return runs, text_lines(lines, text, origin, setter.spoken(self.alt, self.where, slot))

        broken = breaks_word(text, cached_spans(text, tuple(lines)))
        return Measured(len(lines) * spec.size_px * leading, fits, place, broken=broken)
