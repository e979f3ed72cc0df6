"""The element types a layout can use, by the name a layout file gives them.

A new element type is a module here — its keys, declared with their defaults, and how it measures and
places itself — plus one line below; the checks and the exported schema follow from the declaration.
"""

from __future__ import annotations

from cardnews.layout.elements.bar import Bar
from cardnews.layout.elements.case_list import CaseList
from cardnews.layout.elements.base import Element, Flowed
from cardnews.layout.elements.checklist import Checklist
from cardnews.layout.elements.chip import Chip
from cardnews.layout.elements.contents_list import ContentsList
from cardnews.layout.elements.emoji_row import EmojiRow
from cardnews.layout.elements.logo import FlowLogo, LogoBox
from cardnews.layout.elements.paged import Paged
from cardnews.layout.elements.photo import PhotoBox
from cardnews.layout.elements.pill import Pill
from cardnews.layout.elements.rule import Rule
from cardnews.layout.elements.spacer import Spacer
from cardnews.layout.elements.stack import Stack
from cardnews.layout.elements.text import FlowText, TextBox

PLACED: dict[str, type[Element]] = {"chip": Chip, "text": TextBox, "rule": Rule, "logo": LogoBox, "stack": Stack, "photo": PhotoBox}
FLOWED: dict[str, type[Flowed]] = {
    "text": FlowText,
    "emoji_row": EmojiRow,
    "bar": Bar,
    "checklist": Checklist,
    "contents_list": ContentsList,
    "case_list": CaseList,
    "logo": FlowLogo,
    "pill": Pill,
    "spacer": Spacer,
}
TYPES: dict[str, dict[str, type]] = {"placed": dict(PLACED), "flowed": dict(FLOWED)}

__all__ = ["FLOWED", "PLACED", "TYPES", "Element", "Flowed", "Paged"] + [c.__name__ for c in {*PLACED.values(), *FLOWED.values()}]
