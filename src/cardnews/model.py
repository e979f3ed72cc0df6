"""The values every stage passes on: the series a case file describes, how to build it, where each part
was read, and the notices found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from cardnews.i18n import _
from pathlib import Path
from typing import Mapping

DEFAULT_LAYOUT = "civic"
DEFAULT_SIZE = "portrait"
DEFAULT_QUALITY = 92
COMPACT_MODES = ("off", "on", "auto")  # whether brief cases share a card (see layout/engine.py: brief)
DEFAULT_COMPACT = "off"


@dataclass(frozen=True)
class Item:
    """One ✅ line of a case, with the smaller notes that explain it."""

    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Photo:
    """A photo on a card, as the case file gives it and as read once at the edge.

    `data` is the file's bytes (empty until the loader has read them); `width` and `height` are upright
    (EXIF orientation applied); `preview` a small upright sRGB copy (raw RGB, `preview_size`) that
    cropping and the contrast check look at, so neither decodes the photo again. `focus` is the point
    to keep, as fractions of the upright photo from its top left.
    """

    path: str  # as written in the case file
    alt: str = ""
    credit: str = ""
    focus: tuple[float, float] | None = None
    data: bytes = field(default=b"", repr=False)
    sha256: str = ""
    format: str = ""
    width: int = 0
    height: int = 0
    preview: bytes = field(default=b"", repr=False, compare=False)
    preview_size: tuple[int, int] = (0, 0)
    detail: tuple[float, ...] = field(default=(), repr=False, compare=False)  # where the detail is, row by row
    detail_size: tuple[int, int] = (0, 0)

    @property
    def ready(self) -> bool:
        """Read and decodable: it can be laid out and drawn."""
        return bool(self.data) and self.width > 0 and self.height > 0


@dataclass(frozen=True)
class Case:
    """One case: a card (or more, when it is long) in the series."""

    kicker: str
    headline: str
    emoji: tuple[str, ...]
    items: tuple[Item, ...]
    contents: str
    photo: Photo | None = None


@dataclass(frozen=True)
class Series:
    """A week's series: what the cover, contents and closing cards say, and its cases."""

    title: str
    bundle: str
    organisation: str
    handle: str
    period: str
    hashtags: tuple[str, ...]
    description: str
    cases: tuple[Case, ...]
    photo: Photo | None = None  # the cover's

    def photos(self) -> list[tuple[str, Photo]]:
        """Every photo with the key path it is written at: `series` (the cover's), `cases[2]`."""
        found = [("series", self.photo)] + [(f"cases[{index}]", case.photo) for index, case in enumerate(self.cases)]
        return [(path, photo) for path, photo in found if photo is not None]


@dataclass(frozen=True)
class Picture:
    """A picture read from input once (the brand logo): the stages after input draw these bytes and never
    open the file again. `name` is where it was read, for messages; `sha256` names the bytes in digests."""

    name: str
    data: bytes = field(repr=False, compare=False)
    sha256: str
    width: int
    height: int


@dataclass(frozen=True)
class Brand:
    """What a brand kit sets; empty fields leave the case file and layout as they are."""

    logo: Picture | None = None
    colors: Mapping[str, str] = field(default_factory=dict)
    handle: str = ""
    organisation: str = ""
    layout: str = ""
    size: str = ""
    source: str = ""


@dataclass(frozen=True)
class Settings:
    """How a series is built, apart from what it says: its look, sizes and brand, and how it is packaged.

    `layout` is a layout name or a path to a layout file; `size` the size presets as written
    (`portrait,story`, `all`); `compact` off, on or auto (brief cases set several to a card);
    `channels` channel names (none: Instagram, from the cards at the top).
    """

    layout: str = DEFAULT_LAYOUT
    size: str = DEFAULT_SIZE
    compact: str = DEFAULT_COMPACT
    brand: Brand | None = None
    channels: tuple[str, ...] = ()
    image_format: str = "png"
    quality: int = DEFAULT_QUALITY
    link: str = ""


@dataclass(frozen=True)
class Location:
    """A place in a case file, 1-based."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class SourceMap:
    """Where each part of a case file was read, by key path: `series.layout`, `cases[2]`,
    `cases[2].items[0].notes[1]` (the same paths for a summary text as for YAML)."""

    file: str = ""
    spots: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: str) -> Location | None:
        """Where `path` was read, else where its nearest enclosing part was; None when nothing was."""
        while path not in self.spots:
            if not path:
                return None
            path = path.rsplit("[", 1)[0] if path.endswith("]") else path.rsplit(".", 1)[0] if "." in path else ""
        line, column = self.spots[path]
        return Location(self.file, line, column)

    def line(self, path: str) -> int | None:
        found = self.location(path)
        return found.line if found else None

    def case_at(self, line: int | None) -> int | None:
        """The case (1-based) whose lines hold `line`: the last one starting at or before it."""
        found = None
        for number in range(1, len(self.spots) + 1):
            start = self.spots.get(f"cases[{number - 1}]")
            if start is None or not line or start[0] > line:
                break
            found = number
        return found


# A notice's level as printed ("file:3: 경고: …"); `level` itself stays error/warning for --json and code.
LEVELS = {"error": lambda: _("error"), "warning": lambda: _("warning")}


@dataclass(frozen=True)
class Notice:
    """A warning or error about the input, with where it was found and, where known, the case it concerns
    (1-based) and the size it was laid out at."""

    level: str
    message: str
    file: str = ""
    line: int | None = None
    case: int | None = None
    size: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        level = LEVELS[self.level]()
        return f"{where}: {level}: {self.message}" if where else f"{level}: {self.message}"
