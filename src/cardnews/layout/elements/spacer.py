"""Spacer: empty room in a stack."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.elements.base import PX, Flowed, key


@dataclass(frozen=True, kw_only=True)
class Spacer(Flowed):
    """`height` px of nothing."""

    height: float = key(PX, doc="Its height in px.")
