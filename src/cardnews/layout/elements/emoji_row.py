"""Emoji row: the header emoji of a case (or one of each case) on square tiles."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import COLOUR, PX, ROLE, Flowed, key
from cardnews.layout.spec import Choice, Number

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
    gap: float = key(SHARE, 0.14, "Space between tiles, as a share of a tile's side.")
    radius: float = key(Number(0, 0.5), 0.28, "The tiles' corner radius, as a share of a tile's side.")
    emoji_scale: float = key(SHARE, 0.66, "An emoji's side, as a share of its tile's.")
    number_scale: float = key(SHARE, 0.42, "The case number's size, as a share of its tile's side.")
    number_weight: str = key(ROLE, "headline", "The case number takes the weight of this text role.")
