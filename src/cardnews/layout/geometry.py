"""Immutable values layout produces and render draws: boxes, shapes, text and emoji runs."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.fonts import FontSpec


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, self.width - 2 * dx, self.height - 2 * dy)


@dataclass(frozen=True)
class Shape:
    """A filled rectangle (rounded when `radius`), ellipse or vertical gradient; colours may carry alpha."""

    box: Box
    fill: str
    kind: str = "rect"
    radius: float = 0
    fill_to: str = ""
    outline: str = ""
    outline_px: int = 0
    image: str = ""  # kind "image": a background picture, cropped to fill the box


@dataclass(frozen=True)
class TextRun:
    """Text drawn from `x` on `baseline` in one style and colour."""

    x: float
    baseline: float
    text: str
    font: FontSpec
    color: str


@dataclass(frozen=True)
class EmojiRun:
    """One colour emoji drawn in a square of side `size_px` at (x, y)."""

    x: float
    y: float
    size_px: int
    sequence: str


@dataclass(frozen=True)
class ImageRun:
    """A picture (the brand logo) drawn into a box of the given pixel size."""

    x: int
    y: int
    width: int
    height: int
    path: str


@dataclass(frozen=True)
class CardLayout:
    """A card, fully measured: render only draws its elements, in order.

    `lines` is the card's text in reading order, as laid out; a list entry starts with "✅ " whatever
    marker the layout draws for it (✅ or a number), so readers of the record see the list.
    """

    kind: str
    filename: str
    page: int
    total: int
    width: int
    height: int
    elements: tuple
    lines: tuple[str, ...]

    @property
    def photographic(self) -> bool:
        """True when a background picture fills part of the card: its PNG needs row filters to stay small."""
        return any(isinstance(element, Shape) and element.kind == "image" for element in self.elements)
