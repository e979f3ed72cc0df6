"""The build, end to end: load → layout → render → package; gathers everything before writing."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from cardnews.errors import RenderError
from cardnews.fonts import FontBook
from cardnews.geometry import CardLayout
from cardnews.layout import SIZES, layout_series
from cardnews.load import load_series
from cardnews.model import Notice, Series
from cardnews.names import safe_name, slug
from cardnews.package import encode_png, write_outputs, zip_bytes
from cardnews.render import render_card
from cardnews.theme import find_layout, load_theme


@dataclass(frozen=True)
class Planned:
    """A series laid out and checked, ready to render."""

    series: Series
    cards: list[CardLayout]
    notices: list[Notice]


@dataclass(frozen=True)
class Built:
    planned: Planned
    folder: Path
    zip_path: Path
    seconds: float


def plan(path: Path, fonts: FontBook, overrides: dict[str, str] | None = None) -> Planned:
    """Load, validate and lay out a case file; raises on errors, returns warnings."""
    series, notices = load_series(path, overrides)
    if series.size not in SIZES:
        raise RenderError(f"{path}: unknown size {series.size!r}; choose one of {', '.join(SIZES)}.")
    theme = load_theme(find_layout(series.layout, base=path.parent))
    _check_glyphs(series, fonts, str(path))
    cards, layout_notices = layout_series(series, theme, fonts, series.size)
    notices += [replace(n, file=str(path)) for n in layout_notices]
    return Planned(series, cards, notices)


def build(path: Path, out_dir: Path, fonts: FontBook, overrides: dict[str, str] | None = None) -> Built:
    """Build a case file into card images and a zip under `out_dir`."""
    started = time.perf_counter()
    planned = plan(path, fonts, overrides)
    folder_name = slug(planned.series.bundle)
    zip_name = safe_name(planned.series.bundle) + ".zip"
    inner = safe_name(planned.series.bundle)
    files = [(card.filename, encode_png(render_card(card, fonts))) for card in planned.cards]
    archive = zip_bytes([(f"{inner}/{name}", data) for name, data in files])
    folder, zip_path = write_outputs(out_dir, folder_name, files, zip_name, archive)
    return Built(planned, folder, zip_path, time.perf_counter() - started)


def _check_glyphs(series: Series, fonts: FontBook, file: str) -> None:
    """Every character must have a real glyph in a bundled font: tofu is an error, never drawn."""
    fields = [series.title, series.organisation, series.handle, series.period]
    for case in series.cases:
        fields += [case.kicker, case.headline, case.contents, *case.emoji]
        for item in case.items:
            fields += [item.text, *item.notes]
    problems = []
    for text in fields:
        for missing in fonts.missing(text):
            codes = " ".join(f"U+{ord(ch):04X}" for ch in missing)
            problems.append(f"{file}: error: no bundled font can draw {missing!r} ({codes}) in {text!r}; replace or remove it.")
    if problems:
        raise RenderError("\n".join(dict.fromkeys(problems)))
