"""Checks on a series before anything is drawn: glyphs, broken emoji, settings, contrast, channel limits.

Each check returns notices naming the file and line to fix, so `cardnews check` and `build` report
the same problems the same way. Nothing here draws or writes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from cardnews.errors import CardnewsError
from cardnews.fonts import FontBook
from cardnews.model import Notice, Series
from cardnews.reading import read_text
from cardnews.text import ZWJ, clean_line, split_spans

# Cards are seen on a phone at about this many CSS pixels wide; WCAG's "large text" is measured there.
PHONE_CSS_PX = 390
LAYOUT_BASE_PX = 1080
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_FLAG_LETTERS = range(0x1F1E6, 0x1F200)


@dataclass(frozen=True)
class Source:
    """The case file's lines as the parsers see them, to find the line a problem is on."""

    file: str
    lines: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> Source:
        return cls(str(path), tuple(clean_line(line) for line in read_text(path, []).split("\n")))

    def line_of(self, needle: str, fallback: int | None = None) -> int | None:
        """The first line holding `needle`, else `fallback` (the case's line, when known)."""
        if needle:
            for number, line in enumerate(self.lines, start=1):
                if needle in line:
                    return number
        return fallback

    def key_line(self, key: str) -> int | None:
        """The line setting `key:` (a summary header line or a YAML key)."""
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith(f"{key}:"):
                return number
        return None


def _texts(series: Series) -> Iterator[tuple[str, int | None]]:
    """Every text that is drawn, with the line to fall back on when it cannot be found verbatim."""
    for text in (series.title, series.organisation, series.handle, series.period):
        yield text, None
    for case in series.cases:
        for text in (case.kicker, case.headline, case.contents, *case.emoji):
            yield text, case.line
        for item in case.items:
            for text in (item.text, *item.notes):
                yield text, case.line


def glyph_problems(series: Series, fonts: FontBook, source: Source) -> list[Notice]:
    """Characters no bundled font can draw: an error naming each with its code point; never tofu."""
    found: dict[tuple[str, int | None], Notice] = {}
    for text, fallback in _texts(series):
        for missing in fonts.missing(text):
            if len(missing) == 1 and ord(missing) in _FLAG_LETTERS:
                continue  # a lone flag letter: emoji_problems says what it is
            line = source.line_of(missing, fallback)
            found.setdefault(
                (missing, line),
                Notice("error", f"no bundled font can draw {missing!r} ({describe(missing)}); replace or remove it", source.file, line),
            )
    return list(found.values())


def describe(chars: str) -> str:
    """Code points and names, e.g. 'U+13000 EGYPTIAN HIEROGLYPH A001'."""
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in chars if ch not in (ZWJ, "\ufe0f"))


def emoji_problems(series: Series, source: Source) -> list[Notice]:
    """Emoji pieces that cannot stand alone: a skin tone, one flag letter (no font draws it), a stray joiner."""
    found: dict[tuple[str, int | None], Notice] = {}
    for text, fallback in _texts(series):
        for piece, level, message in _broken_pieces(text):
            line = source.line_of(piece, fallback)
            found.setdefault((piece, line), Notice(level, message, source.file, line))
    return list(found.values())


def _broken_pieces(text: str) -> Iterator[tuple[str, str, str]]:
    for span in split_spans(text):
        if span.is_emoji and len(span.text) == 1 and ord(span.text) in _SKIN_TONES:
            yield span.text, "warning", (
                f"skin tone {span.text} ({describe(span.text)}) stands alone; put it right after the person or hand "
                f"it colours, e.g. 👍{span.text}"
            )
        if span.is_emoji:
            continue
        for ch in span.text:
            if ord(ch) in _FLAG_LETTERS:
                yield ch, "error", f"flag letter {ch} ({describe(ch)}) stands alone; a flag is two letters, e.g. 🇰🇷 — check the flag"
            elif ch == ZWJ:
                yield ch, "warning", "a zero-width joiner (U+200D) stands between things it cannot join; remove it or fix the emoji"


def setting_problem(key: str, error: CardnewsError, source: Source, overrides: dict | None) -> Notice:
    """An unknown size or layout, at the line that sets it (or naming the option that did)."""
    message = str(error).rstrip(".")
    if overrides and key in overrides:
        return Notice("error", f"--{key}: {message}")
    return Notice("error", message, source.file, source.key_line(key))


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two "#RRGGBB" colours, from 1 to 21."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")[:6]
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# Text colour, the palette colours it is drawn on (both ends of a gradient), its type role, where.
CONTRAST_PAIRS = (
    ("cover_ink", ("cover_top", "cover_bottom"), "title", "cover and closing titles"),
    ("cover_soft", ("cover_top", "cover_bottom"), "kicker", "cover period and closing organisation"),
    ("cover_top", ("cover_ink",), "kicker", "the handle on the closing card"),
    ("on_accent", ("accent",), "label", "chips"),
    ("accent", ("page_top", "page_bottom"), "kicker", "kickers"),
    ("ink", ("page_top", "page_bottom"), "headline", "headlines"),
    ("ink", ("panel",), "body", "✅ items"),
    ("note", ("panel",), "note", "notes"),
    ("muted", ("page_top", "page_bottom"), "small", "page numbers and footers"),
)


def is_large_text(size_px: float, weight: str) -> bool:
    """WCAG's large text (24 CSS px, or 18.66 bold) as the card is seen on a phone."""
    css_px = size_px * PHONE_CSS_PX / LAYOUT_BASE_PX
    return css_px >= 24 or (css_px >= 18.66 and weight in ("bold", "extrabold"))


def contrast_problems(theme) -> list[Notice]:
    """Text colours that fall under WCAG AA on what they are drawn on: 4.5:1, or 3:1 for large text."""
    palette = theme.palette
    notices = []
    for ink, grounds, role, where in CONTRAST_PAIRS:
        if ink not in palette or role not in theme.type or not all(g in palette for g in grounds):
            continue
        ratio, ground = min((contrast_ratio(palette[ink], palette[g]), g) for g in grounds)
        size = theme.type[role].comfortable
        large = is_large_text(size, theme.fonts.get(role, "regular"))
        needed = 3.0 if large else 4.5
        if ratio < needed:
            notices.append(
                Notice(
                    "warning",
                    f"{ink} {palette[ink][:7]} on {ground} {palette[ground][:7]} is {ratio:.2f}:1, under the "
                    f"{needed:g}:1 WCAG AA asks for {'large' if large else 'normal'} text ({where}); "
                    "darken or lighten one of them",
                    theme.source,
                    getattr(theme, "lines", {}).get(f"palette.{ink}"),
                )
            )
    return notices


def length_problems(card_count: int, channels: Iterable, source: Source) -> list[Notice]:
    """A series longer (or shorter) than a chosen channel takes in one post."""
    notices = []
    for channel in channels:
        most, least = getattr(channel, "max_images", None), getattr(channel, "min_images", 1)
        if most is not None and card_count > most:
            posts = -(-card_count // most)
            notices.append(
                Notice(
                    "warning",
                    f"{channel.label} takes at most {most} images a post; these {card_count} cards go out as {posts} posts "
                    "(shorten the series to keep it one)",
                    source.file,
                )
            )
        elif card_count < least:
            notices.append(Notice("error", f"{channel.label} needs at least {least} images a post; this series has {card_count}", source.file))
    return notices
