"""The build, end to end: load → layout → render → package; gathers everything before writing."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from cardnews.brand import Brand, apply_brand, find_brand, palette_overrides
from cardnews.errors import RenderError
from cardnews.fonts import FontBook
from cardnews.geometry import CardLayout
from cardnews.images import open_image_safely
from cardnews.layout import Logo, layout_series
from cardnews.load import load_series
from cardnews.model import Notice, Series
from cardnews.names import safe_name, slug
from cardnews.package import encode_png, write_outputs, zip_bytes
from cardnews.reading import DEFAULT_LAYOUT, DEFAULT_SIZE
from cardnews.render import render_card
from cardnews.sizes import parse_sizes
from cardnews.theme import find_layout, load_theme


@dataclass(frozen=True)
class Planned:
    """A series laid out at each requested size and checked, ready to render."""

    series: Series
    layouts: dict[str, list[CardLayout]]
    notices: list[Notice]

    @property
    def sizes(self) -> list[str]:
        return list(self.layouts)

    @property
    def cards(self) -> list[CardLayout]:
        """The cards at the first size."""
        return next(iter(self.layouts.values()))

    def files(self) -> list[tuple[str, CardLayout]]:
        """(relative path, card) for every card: one folder per size when there are several."""
        several = len(self.layouts) > 1
        return [(f"{size}/{card.filename}" if several else card.filename, card) for size, cards in self.layouts.items() for card in cards]


@dataclass(frozen=True)
class Built:
    planned: Planned
    folder: Path
    zip_path: Path
    seconds: float


def plan(path: Path, fonts: FontBook, overrides: dict[str, str] | None = None, brand_file: Path | None = None) -> Planned:
    """Load, validate and lay out a case file at each size; raises on errors, returns warnings."""
    overrides = overrides or {}
    series, notices = load_series(path, overrides)
    brand = find_brand(path, brand_file)
    series = apply_brand(series, brand, set(overrides))
    series = replace(series, layout=series.layout or DEFAULT_LAYOUT, size=series.size or DEFAULT_SIZE)
    sizes = parse_sizes(series.size)
    theme = load_theme(find_layout(series.layout, base=path.parent)).with_colours(palette_overrides(brand))
    _check_glyphs(series, fonts, str(path))
    logo = _logo(brand)
    layouts = {}
    for size in sizes:
        cards, layout_notices = layout_series(series, theme, fonts, size, logo)
        prefix = f"{size}: " if len(sizes) > 1 else ""
        notices += [replace(n, file=str(path), message=prefix + n.message) for n in layout_notices]
        layouts[size] = cards
    return Planned(series, layouts, notices)


def _logo(brand: Brand | None) -> Logo | None:
    if brand is None or brand.logo is None:
        return None
    picture = open_image_safely(brand.logo)
    return Logo(brand.logo, picture.width, picture.height)


def build(path: Path, out_dir: Path, fonts: FontBook, overrides: dict[str, str] | None = None, brand_file: Path | None = None) -> Built:
    """Build a case file into card images and a zip under `out_dir`."""
    started = time.perf_counter()
    planned = plan(path, fonts, overrides, brand_file)
    folder_name = slug(planned.series.bundle)
    zip_name = safe_name(planned.series.bundle) + ".zip"
    inner = safe_name(planned.series.bundle)
    files = [(name, encode_png(render_card(card, fonts))) for name, card in planned.files()]
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
