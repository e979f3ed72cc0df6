"""Contents list: one entry per case, with a ✅ or its number and the case's emoji; continues when long."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import COLOUR, EMS, LEADING, PX, ROLE, Flowed, key
from cardnews.layout.spec import Choice, Number


@dataclass(frozen=True, kw_only=True)
class ContentsList(Flowed):
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
