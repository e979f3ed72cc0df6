"""The build, end to end: load → layout → render → package; gathers everything before writing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cardnews.input.brand import Brand, apply_brand, find_brand, palette_overrides
from cardnews.bundle.channels import channel_sizes
from cardnews.checks import (
    Source, contrast_problems, emoji_problems, glyph_problems, length_problems, long_text_problems, overlap_problems, fits_comfortably,
    setting_problem,
)
from cardnews.errors import CardnewsError, InputError, LayoutError
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout
from cardnews.input.images import open_image_safely
from cardnews.layout.engine import Logo, layout_series
from cardnews.input.load import input_kind, raise_errors, read_series
from cardnews.input.release import fit_headlines
from cardnews.model import Notice, Series
from cardnews.bundle.names import safe_name, slug
from cardnews.input.reading import DEFAULT_LAYOUT, DEFAULT_SIZE
from cardnews.render.draw import render_card
from cardnews.layout.sizes import parse_sizes
from cardnews.layout.theme import Theme, find_layout, load_theme

if TYPE_CHECKING:  # the bundle and the writer are imported when a build needs them: `cardnews check` never does
    from cardnews.bundle.assemble import BundleOptions, Drawn
    from cardnews.render.parallel import Progress


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
    files: tuple[str, ...] = ()  # every file written in `folder`, relative to it, in bundle order
    timings: dict[str, float] = field(default_factory=dict)  # seconds a stage: check, draw, package, write


def plan(
    path: Path, fonts: FontBook, overrides: dict[str, str] | None = None, brand_file: Path | None = None, channels=()
) -> Planned:
    """Load, validate and lay out a case file at each size; raises on errors, returns warnings."""
    planned = inspect(path, fonts, overrides, brand_file, channels)
    raise_errors(planned.notices)
    return planned


def inspect(
    path: Path, fonts: FontBook, overrides: dict[str, str] | None = None, brand_file: Path | None = None, channels=()
) -> Planned:
    """Every problem with a case file, errors and warnings together; lays out only when there is no error.

    Raises only when the file cannot be read at all. `channels` are the channels the series is for.
    """
    overrides = overrides or {}
    series, notices = read_series(path, overrides)
    source = Source.read(path)
    brand = find_brand(path, brand_file)
    series = apply_brand(series, brand, set(overrides))
    series = replace(series, layout=series.layout or DEFAULT_LAYOUT, size=series.size or DEFAULT_SIZE)
    sizes, theme = [], None
    try:
        sizes = parse_sizes(series.size)
    except CardnewsError as exc:
        notices.append(setting_problem("size", exc, source, overrides))
    try:
        layout_file = find_layout(series.layout, base=path.parent)
    except LayoutError as exc:
        notices.append(setting_problem("layout", exc, source, overrides))
    else:
        theme = _load_theme_once(layout_file).with_colours(palette_overrides(brand))
    release = input_kind(path, "\n".join(source.lines), overrides.get("from", "")) == "release"
    if release and theme is not None and sizes:
        fits = fits_comfortably(series, theme, fonts, sizes[0], _logo(brand))
        series = fit_headlines(series, fits, str(path), notices)
    notices += glyph_problems(series, fonts, source) + emoji_problems(series, source)
    layouts = {}
    if theme is not None and sizes and not any(n.level == "error" for n in notices):
        logo = _logo(brand)
        for size in sizes:
            cards, layout_notices = layout_series(series, theme, fonts, size, logo)
            prefix = f"{size}: " if len(sizes) > 1 else ""
            notices += [replace(n, file=str(path), message=prefix + n.message) for n in layout_notices]
            layouts[size] = cards
        if not any(n.level == "error" for n in notices):
            notices += overlap_problems(layouts, fonts, source)
        notices += contrast_problems(theme, layouts)
        notices += length_problems(len(layouts[sizes[0]]), channels, source)
        if release:
            notices += long_text_problems(series, fits, str(path))
    return Planned(series, layouts, notices)


_themes: dict[tuple, Theme] = {}


def _load_theme_once(path: Path) -> Theme:
    """A layout file read and checked once per process, and again when it changes (themes are never modified)."""
    try:
        stat = path.stat()
    except OSError:
        return load_theme(path)  # which says what is wrong with it
    key = (str(path), str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _themes:
        _themes[key] = load_theme(path)
    return _themes[key]


def _logo(brand: Brand | None) -> Logo | None:
    if brand is None or brand.logo is None:
        return None
    picture = open_image_safely(brand.logo)
    return Logo(brand.logo, picture.width, picture.height)


def build(
    path: Path, out_dir: Path, fonts: FontBook, overrides: dict[str, str] | None = None, brand_file: Path | None = None,
    *, strict: bool = False, options: BundleOptions | None = None, jobs: int | None = None, progress: Progress | None = None,
) -> Built:
    """Build a case file into the bundle (cards, caption, alt text, manifest, PDF, channel folders) under `out_dir`.

    With `strict`, a warning stops it too. Cards are drawn and encoded by up to `jobs` processes (default:
    one per core); the bytes written are the same for any number. `progress(done, total)` follows the drawing.
    """
    from cardnews.bundle.assemble import BundleOptions, bundle_files
    from cardnews.render.parallel import default_jobs

    started = time.perf_counter()
    options = options or BundleOptions()
    planned = plan(path, fonts, overrides, brand_file, options.targets)
    checked = time.perf_counter()
    if strict and planned.notices:
        count = len(planned.notices)
        raise InputError(
            "\n".join(str(n) for n in planned.notices)
            + f"\ncardnews: stopped: --strict treats {'this warning' if count == 1 else f'these {count} warnings'} as errors; nothing was written.",
            planned.notices,
        )
    folder_name = slug(planned.series.bundle)
    zip_name = safe_name(planned.series.bundle) + ".zip"
    inner = safe_name(planned.series.bundle)
    layouts, layout_notices = _channel_layouts(path, fonts, overrides, brand_file, planned, options)
    alts: dict[str, list[str]] = {}  # worked out while the cards are drawn
    drawn = _draw(
        layouts, fonts, options, default_jobs() if jobs is None else jobs,
        meanwhile=lambda: alts.update(_prepare_packaging(planned.series, layouts)), progress=progress,
    )
    drawn_at = time.perf_counter()
    from cardnews.bundle.package import write_outputs, zip_bytes  # loaded by _prepare_packaging, while the cards were drawn

    files, bundle_notices = bundle_files(planned.series, drawn, planned.sizes, options, alts)
    bundle_notices = layout_notices + [replace(n, file=str(path)) for n in bundle_notices]
    if strict and bundle_notices:
        raise InputError(
            "\n".join(str(n) for n in bundle_notices)
            + "\ncardnews: stopped: --strict treats warnings as errors; nothing was written.",
            bundle_notices,
        )
    planned = replace(planned, notices=planned.notices + bundle_notices)
    archive = zip_bytes([(f"{inner}/{name}", data) for name, data in files])
    packaged = time.perf_counter()
    folder, zip_path = write_outputs(out_dir, folder_name, files, zip_name, archive)
    done = time.perf_counter()
    timings = {"check": checked - started, "draw": drawn_at - checked, "package": packaged - drawn_at, "write": done - packaged}
    return Built(planned, folder, zip_path, done - started, tuple(name for name, _ in files), timings)


def _draw(
    layouts: dict[str, list[CardLayout]], fonts: FontBook, options: BundleOptions, jobs: int, meanwhile=None, progress: Progress | None = None
) -> dict[str, list[Drawn]]:
    """Every card drawn and encoded in the bundle's format, all sizes at once; only the bytes are kept
    (a card is drawn again should a channel need it in another format). `meanwhile` runs here while
    worker processes draw."""
    from cardnews.bundle.assemble import Drawn
    from cardnews.render.parallel import encode_cards

    cards = [card for size_cards in layouts.values() for card in size_cards]
    encoded = iter(encode_cards(cards, fonts, render_card, options.image_format, options.quality, jobs, meanwhile=meanwhile, progress=progress))

    def redraw(card: CardLayout):
        return render_card(card, fonts)

    return {size: [Drawn(card, data=next(encoded), redraw=redraw) for card in size_cards] for size, size_cards in layouts.items()}


def _prepare_packaging(series: Series, layouts: dict[str, list[CardLayout]]) -> dict[str, list[str]]:
    """What packaging can do before the cards are drawn, done while the workers draw them: load the writer
    and the PDF maker (20 ms in a fresh process) and work out the alt texts (25 ms for 50 cards)."""
    import cardnews.bundle.package  # noqa: F401
    from PIL import PdfParser  # noqa: F401

    from cardnews.bundle.assemble import series_alts

    return series_alts(layouts)


def _channel_layouts(path, fonts, overrides, brand_file, planned: Planned, options: BundleOptions) -> tuple[dict[str, list[CardLayout]], list[Notice]]:
    """The built sizes, plus any size a channel needs that was not asked for (laid out for it alone)."""
    needed = [size for size, _ in channel_sizes(options.targets, planned.sizes).values() if size not in planned.layouts]
    if not needed:
        return dict(planned.layouts), []
    needed = list(dict.fromkeys(needed))
    extra = plan(path, fonts, {**(overrides or {}), "size": ",".join(needed)}, brand_file)
    known = {str(n) for n in planned.notices}
    prefix = f"{needed[0]}: " if len(needed) == 1 else ""  # plan names the size itself when there are several
    notices = [replace(n, message=prefix + n.message) for n in extra.notices if str(n) not in known]
    return {**planned.layouts, **extra.layouts}, notices
