"""Spacer: empty room in a stack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.elements.base import PX, Flowed, key
from cardnews.layout.setter import Measured, nothing

if TYPE_CHECKING:
    from cardnews.layout.setter import Setter, Slot


@dataclass(frozen=True, kw_only=True)
class Spacer(Flowed):
    """`height` px of nothing."""

    height: float = key(PX, doc="Its height in px.")

    def measure(self, setter: Setter, slot: Slot, level: int, width: float) -> Measured:
        return Measured(setter.px(self.height), True, nothing)
