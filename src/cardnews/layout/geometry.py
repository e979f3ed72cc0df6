"""Immutable values layout produces and render draws: boxes, shapes, text and emoji runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from cardnews.layout.fonts import FontSpec
from cardnews.model import Photo, Picture


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
class Origin:
    """What a piece of laid-out text is: on which card, from which part of the series, in which role.

    `role` is a series or case field (title, organisation, handle, period, subtitle, kicker, headline,
    contents, item, note), "page" for a page number, "label" for text the layout writes itself (CASE 01,
    감사합니다), "marker" for a list's ✅ or number, or "emoji" for an emoji tile.
    """

    card: str  # the card kind: cover, contents, case, continuation, closing
    role: str
    case: int = 0  # the case it belongs to, from 1; 0 for the series
    item: int = 0  # the item, from 1 (item and note roles)
    note: int = 0  # the note under the item, from 1 (note role)
    where: str = ""  # "file:line" of the layout element that set it

    @property
    def continued(self) -> bool:
        """On a card that continues a case from the card before."""
        return self.card == "continuation"

    @property
    def path(self) -> str | None:
        """The key path in the case file of the text this shows (`cases[1].items[0].notes[2]`), as the
        source map names it; None for what the layout writes itself (labels, page numbers, markers)."""
        if self.role in ("page", "label", "marker"):
            return None
        if not self.case:
            return "series.description" if self.role == "subtitle" else f"series.{self.role}"  # the cover's subtitle is its first paragraph
        case = f"cases[{self.case - 1}]"
        if self.role == "item" and self.item:
            return f"{case}.items[{self.item - 1}]"
        if self.role == "note" and self.item and self.note:
            return f"{case}.items[{self.item - 1}].notes[{self.note - 1}]"
        return f"{case}.{self.role}"


@dataclass(frozen=True)
class Line:
    """One laid-out line of text, with what it is and where it sits in the text it was broken from."""

    text: str  # as drawn
    origin: Origin
    source: str  # the whole text the line is part of
    start: int  # the line's span in `source`; a line cut with … ends at the end of `source`
    end: int
    entry: bool = False  # the first line of a list entry (a ✅ item, a contents entry)
    spoken: str | None = None  # how the text is read aloud, when the layout says (alt:); "" for not at all

    @property
    def first(self) -> bool:
        return self.start == 0

    @property
    def last(self) -> bool:
        return self.end >= len(self.source)


@dataclass(frozen=True)
class TextRun:
    """Text drawn from `x` on `baseline` in one style and colour."""

    x: float
    baseline: float
    text: str
    font: FontSpec
    color: str
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class EmojiRun:
    """One colour emoji drawn in a square of side `size_px` at (x, y)."""

    x: float
    y: float
    size_px: int
    sequence: str
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ImageRun:
    """A picture (the brand logo) drawn into a box of the given pixel size."""

    x: int
    y: int
    width: int
    height: int
    picture: Picture


@dataclass(frozen=True)
class PhotoRun:
    """A photo drawn into `box`: the `crop` of it (upright photo pixels: left, top, right, bottom) fills
    the box (fit cover) or sits inside it on `matte` (contain), with rounded corners, and a scrim over
    it: the colours of `scrim` spread evenly from `scrim_span[0]` of the box's height to `scrim_span[1]`."""

    box: Box
    photo: Photo  # its repr names the photo by its hash, so a card's digest changes with its photo
    crop: tuple[float, float, float, float]
    fit: str = "cover"
    radius: float = 0
    matte: str = ""
    scrim: tuple[str, ...] = ()
    scrim_span: tuple[float, float] = (0.0, 1.0)
    origin: Origin | None = field(default=None, compare=False)

    @property
    def picture_box(self) -> Box:
        """Where the photo's pixels go: the whole box, or the part of it `contain` fills."""
        if self.fit == "cover":
            return self.box
        left, top, right, bottom = self.crop
        scale = min(self.box.width / (right - left), self.box.height / (bottom - top))
        width, height = (right - left) * scale, (bottom - top) * scale
        return Box(self.box.x + (self.box.width - width) / 2, self.box.y + (self.box.height - height) / 2, width, height)

    def scrim_alpha_at(self, y: float) -> str:
        """The scrim's colour at card height `y`, "" where there is none."""
        if not self.scrim:
            return ""
        start, end = (self.box.y + share * self.box.height for share in self.scrim_span)
        share = 0.0 if y <= start else 1.0 if y >= end or end <= start else (y - start) / (end - start)
        position = share * (len(self.scrim) - 1)
        index = min(int(position), len(self.scrim) - 2)
        return _mix_rgba(self.scrim[index], self.scrim[index + 1], position - index)


def _mix_rgba(top: str, bottom: str, share: float) -> str:
    a = [int(top[i : i + 2], 16) for i in (1, 3, 5, 7)]
    b = [int(bottom[i : i + 2], 16) for i in (1, 3, 5, 7)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


@dataclass(frozen=True)
class CardLayout:
    """A card, fully measured: render only draws its elements, in order.

    `lines` is the card's text in reading order, as laid out, each with its origin; `case` is the case
    the card shows (from 1), 0 for the cover, contents and closing cards.
    """

    kind: str
    filename: str
    page: int
    total: int
    width: int
    height: int
    elements: tuple
    lines: tuple[Line, ...]
    case: int = 0
    cases: tuple[int, ...] = ()  # every case the card shows: one, or a compact card's several

    @property
    def texts(self) -> tuple[str, ...]:
        """The lines' text alone, in reading order."""
        return tuple(line.text for line in self.lines)

    @property
    def photographic(self) -> bool:
        """True when a background picture fills part of the card: its PNG needs row filters to stay small."""
        return any((isinstance(element, Shape) and element.kind == "image") or isinstance(element, PhotoRun) for element in self.elements)

    @property
    def photos(self) -> tuple[PhotoRun, ...]:
        return tuple(element for element in self.elements if isinstance(element, PhotoRun))
