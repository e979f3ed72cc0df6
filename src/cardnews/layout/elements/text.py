"""Text: a template filled with the series, set in a box of its own or flowed in a stack."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import ALIGN, BOX, COLOUR, FLAG, LEADING, LINES, ROLE, SIZE_MODE, TEXT, Element, Flowed, key
from cardnews.layout.spec import Choice


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
