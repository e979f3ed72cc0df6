"""Stack: elements flowed top to bottom in a box, shrunk together until they fit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import ALIGN, BOX, Element, Flowed, key
from cardnews.layout.elements.paged import Paged
from cardnews.layout.elements.pill import Pill
from cardnews.layout.elements.text import FlowText
from cardnews.layout.setter import GROW_STEP, LEVELS, field_of, word
from cardnews.layout.spec import Elements, Number
from cardnews.model import Notice
from cardnews.i18n import _

if TYPE_CHECKING:
    from cardnews.layout.geometry import Box, Line
    from cardnews.layout.setter import Measured, Placed, Setter, Slot


@dataclass(frozen=True, kw_only=True)
class Stack(Element):
    """Its children, top to bottom; a checklist or contents list that still does not fit continues on more cards."""

    box: tuple[float, ...] = key(BOX, doc="[x, y, width, height] as fractions of the safe area.")
    children: tuple[Flowed, ...] = key(Elements("flowed"), doc="The elements, top to bottom.")
    valign: float = key(Number(0, 1), 0, "Where the children sit when they leave room: 0 top, 0.5 middle, 1 bottom.")
    align: str = key(ALIGN, "left", "Horizontal alignment of the children.")
    grow: float = key(Number(0, 1), 0, "The least share of the box the children span: a card with little text sets it larger (up to grow_to), then spaces its elements out.")
    grow_to: float = key(Number(1, 3), 1, "How much larger than the type's largest size text may grow, e.g. 1.5 (with grow).")

    def dense(self, columns: int) -> Stack:
        """The stack with its list set compactly, in up to `columns` columns (see Paged.dense)."""
        return replace(self, children=tuple(child.dense(columns) if isinstance(child, Paged) else child for child in self.children))

    def paged_child(self) -> Paged | None:
        return next((child for child in self.children if isinstance(child, Paged)), None)

    def place(self, setter: Setter, slot: Slot) -> Placed:
        box = setter.box(self.box)
        page = slot.page
        level = page.level if page else self.first_fitting_level(setter, slot, box)
        fitted = self.fit(setter, slot, box, level) if level is not None else None
        if fitted is not None and level == 0 and not page and self.grow:
            fitted = self.grown(setter, slot, box, fitted)
        if fitted is None:
            level = LEVELS if not page else page.level
            fitted = [child.measure(setter, slot, level, box.width) for child in self.children]
            self.too_long(setter, slot, box, fitted)
        gaps = [setter.px(child.gap_after) if m.height else 0 for child, m in zip(self.children, fitted)]
        while gaps and fitted and not fitted[-1].height:
            gaps.pop()
            fitted = fitted[:-1]
        total = sum(m.height for m in fitted) + sum(gaps[: len(fitted) - 1])
        shown = [m for m in fitted if m.height]
        if self.grow and total < self.grow * box.height and len(shown) == 1 and shown[0].stretch:
            fitted = [shown[0].stretch(self.grow * box.height)]  # a list alone: its panel takes the room
            gaps, total = [0.0], self.grow * box.height
        elif self.grow and total < self.grow * box.height and page and (panels := [i for i, m in enumerate(fitted) if m.height and m.stretch]):
            fitted = list(fitted)  # a short part of a continued list: its panel takes the room, not the gap under the headline
            stretch = fitted[panels[-1]].stretch
            assert stretch is not None
            fitted[panels[-1]] = stretch(fitted[panels[-1]].height + self.grow * box.height - total)
            total = self.grow * box.height
        elif self.grow and total < self.grow * box.height and len(fitted) > 1:
            gaps = self.spread(gaps, [bool(m.height) for m in fitted[:-1]], self.grow * box.height - total)
            total = self.grow * box.height
        y = box.y + max(0.0, (box.height - total) * float(self.valign))
        elements: list = []
        lines: list[Line] = []
        for measured, gap in zip(fitted, gaps):
            if not measured.height:
                continue
            placed, text = measured.place(box.x, y, box.width, self.align)
            elements += placed
            lines += text
            y += measured.height + gap
        return elements, lines

    def fit(self, setter: Setter, slot: Slot, box: Box, level: int) -> list[Measured] | None:
        """The children measured at `level`, or None when they do not fit the box."""
        measured = [child.measure(setter, slot, level, box.width) for child in self.children]
        if not all(m.fits for m in measured):
            return None
        heights = [m.height for m in measured]
        gaps = [setter.px(child.gap_after) for child, h in zip(self.children, heights) if h]
        total = sum(heights) + sum(gaps[:-1])
        return measured if total <= box.height + 0.5 else None

    def grown(self, setter: Setter, slot: Slot, box: Box, fitted: list[Measured]) -> list[Measured]:
        """Text set larger than the largest size, level by level, until the children span `grow` of the box."""
        steps = round((self.grow_to - 1) / GROW_STEP)
        for level in range(-1, -steps - 1, -1):
            if self.span(setter, fitted) >= self.grow * box.height:
                break
            larger = self.fit(setter, slot, box, level)
            if larger is None or (broken(larger) and not broken(fitted)):  # never larger at the cost of a whole word
                break
            fitted = larger
        return fitted

    def span(self, setter: Setter, fitted: list[Measured]) -> float:
        heights = [m.height for m in fitted]
        gaps = [setter.px(child.gap_after) for child, h in zip(self.children, heights) if h]
        return sum(heights) + sum(gaps[:-1])

    @staticmethod
    def spread(gaps: list[float], shown: list[bool], extra: float) -> list[float]:
        """The room left shared among the gaps below the shown children but the last, in proportion to them (evenly when all are 0)."""
        inner = gaps[: len(shown)]
        weights = inner if sum(inner) > 0 else [1.0 if on else 0.0 for on in shown]
        share = extra / (sum(weights) or 1)
        return [gap + weight * share for gap, weight in zip(inner, weights)] + gaps[len(shown):]

    def first_fitting_level(self, setter: Setter, slot: Slot, box: Box) -> int | None:
        """The largest text that fits and keeps its words whole (keep-all); the largest that fits when
        every level that fits breaks a word."""
        level = self.largest_fitting_level(setter, slot, box)
        if level is None:
            return None
        fitted = self.fit(setter, slot, box, level)
        if fitted is None or not broken(fitted):
            return level
        for smaller in range(level + 1, LEVELS + 1):
            whole = self.fit(setter, slot, box, smaller)
            if whole is not None and not broken(whole):
                return smaller
        return level

    def largest_fitting_level(self, setter: Setter, slot: Slot, box: Box) -> int | None:
        """The largest text that fits: a binary search, as smaller levels never take more room."""
        if self.fit(setter, slot, box, 0) is not None:
            return 0
        if self.fit(setter, slot, box, LEVELS) is None:
            return None
        low, high = 0, LEVELS  # low does not fit, high fits
        while high - low > 1:
            middle = (low + high) // 2
            if self.fit(setter, slot, box, middle) is not None:
                high = middle
            else:
                low = middle
        return high

    def room_for_rows(self, setter: Setter, slot: Slot, box: Box, level: int) -> float:
        """Height left for list rows once the other children are placed."""
        used = 0.0
        for child in self.children:
            if isinstance(child, Paged):
                used += 2 * setter.px(child.padding)
            else:
                used += child.measure(setter, slot, level, box.width).height
            used += setter.px(child.gap_after) if not isinstance(child, Paged) else 0
        return box.height - used

    def too_long(self, setter: Setter, slot: Slot, box: Box, fitted: list[Measured] | None = None) -> None:
        """Report, as an error, the text that keeps the stack from fitting even at the smallest size."""
        fitted = fitted or [child.measure(setter, slot, LEVELS, box.width) for child in self.children]
        case = slot.case
        what = _("case {number}").format(number=slot.number) if case is not None else _("the {kind} card").format(kind=word(slot.kind))
        texts = [child for child, measured in zip(self.children, fitted) if isinstance(child, (FlowText, Pill)) and measured.height]
        culprit = next((child for child, measured in zip(self.children, fitted) if not measured.fits), None)
        if culprit is not None:
            field = word(field_of(getattr(culprit, "text", "")) or "text")
            max_lines = getattr(culprit, "max_lines", 0)
            limit = _("it needs more than {max_lines} lines").format(max_lines=max_lines) if max_lines else _("it is wider than its space")
            message = _("{what}: the {field} is too long: {limit} even at the smallest size; shorten it").format(what=what, field=field, limit=limit)
        else:
            fields = [name for name in dict.fromkeys(field_of(child.text) for child in texts) if name]
            message = _("{what}: the text does not fit on the card even at the smallest size; shorten {0}").format(_(' or ').join(word(f) for f in fields) or _('it'), what=what)
        setter.notice(Notice("error", message, case=slot.number if case is not None else None))


def broken(fitted: list[Measured]) -> bool:
    """Whether any child breaks a word inside (keep-all allows it only when no level keeps it whole)."""
    return any(m.broken for m in fitted)
