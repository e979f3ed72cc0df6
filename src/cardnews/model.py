"""The validated series every input format becomes, and the notices found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """One ✅ line of a case, with the smaller notes that explain it."""

    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """One case: a card (or more, when it is long) in the series."""

    kicker: str
    headline: str
    emoji: tuple[str, ...]
    items: tuple[Item, ...]
    contents: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Series:
    """A week's series: what the cover, contents and closing cards say, and its cases."""

    title: str
    bundle: str
    organisation: str
    handle: str
    period: str
    layout: str
    size: str
    hashtags: tuple[str, ...]
    description: str
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Notice:
    """A warning or error about the input, with where it was found."""

    level: str
    message: str
    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.level}: {self.message}" if where else f"{self.level}: {self.message}"
