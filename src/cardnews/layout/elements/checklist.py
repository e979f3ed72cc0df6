"""Checklist: a case's ✅ items with their notes, on a panel; what does not fit continues on more cards."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import COLOUR, EMS, LEADING, PX, ROLE, Flowed, key


@dataclass(frozen=True, kw_only=True)
class Checklist(Flowed):
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
