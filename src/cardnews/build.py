"""The build, pure: a loaded case file is checked, laid out at each size, drawn and packaged into the
bundle's files and zip, all as values. Writing them is the caller's (the CLI's writer, the web app's answer):
`build` keeps every file in memory, `build_into` gives each to a store as it is made (the CLI's writer
spools them to disk, so a long series is never in memory whole)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from cardnews.bundle.channels import channel_sizes, target_channels
from cardnews.bundle.names import safe_name, slug
from cardnews.checks import (
    contrast_problems, emoji_problems, fits_comfortably, glyph_problems, length_problems, long_text_problems, overlap_problems,
    setting_problem,
)
from cardnews.errors import CardnewsError, InputError, LayoutError
from cardnews.input.brand import palette_overrides
from cardnews.input.load import Loaded, raise_errors
from cardnews.layout.engine import compacts, layout_series
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout
from cardnews.input.release import fit_headlines
from cardnews.layout.sizes import parse_sizes, size_title
from cardnews.layout.theme import Theme, find_layout, load_theme
from cardnews.model import COMPACT_MODES, Brand, Notice, Series, Settings, SourceMap
from cardnews.i18n import _
from cardnews.render.draw import render_card

if TYPE_CHECKING:  # the bundle is imported when a build needs it: `cardnews check` never does
    from cardnews.bundle.assemble import Drawn
    from cardnews.bundle.blobs import Blob, Store
    from cardnews.render.parallel import Progress


@dataclass(frozen=True)
class Planned:
    """A series laid out at each requested size and checked, ready to render."""

    loaded: Loaded
    layouts: dict[str, list[CardLayout]]
    notices: list[Notice]

    @property
    def series(self) -> Series:
        return self.loaded.series

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def source(self) -> SourceMap:
        return self.loaded.source

    @property
    def sizes(self) -> list[str]:
        return list(self.layouts)

    @property
    def cards(self) -> list[CardLayout]:
        """The cards at the first size."""
        return next(iter(self.layouts.values()))


@dataclass(frozen=True)
class Bundle:
    """Everything a build makes: each file of the bundle folder as (path, bytes), the zip of them, and
    the names to write them under."""

    planned: Planned
    files: list[tuple[str, bytes]]
    folder: str  # the card folder's name
    zip_name: str
    zip_data: bytes = field(repr=False)
    notices: list[Notice] = field(default_factory=list)  # the plan's and the packaging's
    timings: dict[str, float] = field(default_factory=dict)  # seconds a stage: check, draw, package


@dataclass(frozen=True)
class Packaged:
    """Everything a build makes, each file of the bundle folder as (path, file) held by the store it was
    made with; the zip is the writer's to make from them (`bundle.package.StagedOutput.commit`)."""

    planned: Planned
    files: list[tuple[str, Blob]]
    folder: str  # the card folder's name
    zip_name: str
    notices: list[Notice] = field(default_factory=list)  # the plan's and the packaging's
    timings: dict[str, float] = field(default_factory=dict)  # seconds a stage: check, draw, package


def plan(loaded: Loaded, fonts: FontBook) -> Planned:
    """Validate and lay out a loaded case file at each size; raises on errors, returns warnings."""
    planned = inspect(loaded, fonts)
    raise_errors(planned.notices)
    return planned


def inspect(loaded: Loaded, fonts: FontBook) -> Planned:
    """Every problem with a case file, errors and warnings together; lays out only when there is no error.

    A series longer than a channel it is for (`settings.channels`, else Instagram) takes in a post is one.
    """
    return _inspect(loaded, fonts, lengths=True)


def _inspect(loaded: Loaded, fonts: FontBook, lengths: bool) -> Planned:
    series, settings, source = loaded.series, loaded.settings, loaded.source
    notices = list(loaded.notices)
    sizes: list[str] = []
    theme = None
    try:
        sizes = parse_sizes(settings.size)
    except CardnewsError as exc:
        notices.append(setting_problem(exc, loaded.origins.get("size", ""), source))
    try:
        layout_file = find_layout(settings.layout, base=loaded.base)
    except LayoutError as exc:
        notices.append(setting_problem(exc, loaded.origins.get("layout", ""), source))
    else:
        theme = _load_theme_once(layout_file).with_colours(palette_overrides(settings.brand))
    if settings.compact not in COMPACT_MODES:
        problem = InputError(_("unknown compact mode {0!r}; choose auto, on or off.").format(settings.compact))
        notices.append(setting_problem(problem, loaded.origins.get("compact", ""), source))
    compact = compacts(series, settings.compact)
    release = loaded.kind == "release"
    logo = settings.brand.logo if settings.brand else None
    if release and theme is not None and sizes:
        fits = fits_comfortably(series, theme, fonts, sizes[0], logo)
        series = fit_headlines(series, fits, source, notices)
        loaded = replace(loaded, series=series)
    notices += glyph_problems(series, fonts, source) + emoji_problems(series, source)
    layouts = {}
    if theme is not None and sizes and not any(n.level == "error" for n in notices):
        for size in sizes:
            cards, layout_notices = layout_series(series, theme, fonts, size, logo, compact)
            several = len(sizes) > 1
            notices += [
                replace(n, file=source.file, message=f"{size_title(size)}: {n.message}" if several else n.message, size=size if several else "")
                for n in layout_notices
            ]
            layouts[size] = cards
        if not any(n.level == "error" for n in notices):
            notices += overlap_problems(layouts, fonts, source)
        notices += contrast_problems(theme, layouts, fonts)
        if lengths:
            notices += length_problems(len(layouts[sizes[0]]), target_channels(settings.channels), source.file)
        if release:
            notices += long_text_problems(series, fits, source)
    return Planned(loaded, layouts, [_placed(n, source) for n in notices])


def _placed(notice: Notice, source: SourceMap) -> Notice:
    """A notice about the case file with both its line and its case, when either is known."""
    if notice.file != source.file:
        return notice
    if notice.line is None and notice.case is not None:
        return replace(notice, line=source.line(f"cases[{notice.case - 1}]"))
    if notice.case is None and notice.line is not None:
        return replace(notice, case=source.case_at(notice.line))
    return notice


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


def build(
    loaded: Loaded, fonts: FontBook, *, strict: bool = False, jobs: int | None = None, progress: Progress | None = None
) -> Bundle:
    """The bundle of a loaded case file (cards, caption, alt text, manifest, PDF, channel folders), in memory.

    With `strict`, a warning stops it too. Cards are drawn and encoded by up to `jobs` processes (default:
    one per core); the bytes are the same for any number. `progress(done, total)` follows the drawing.
    """
    from cardnews.bundle.blobs import MemoryStore

    return _in_memory(build_into(MemoryStore(), loaded, fonts, strict=strict, jobs=jobs, progress=progress))


def build_into(
    store: Store, loaded: Loaded, fonts: FontBook, *, strict: bool = False, jobs: int | None = None, progress: Progress | None = None
) -> Packaged:
    """`build`, each file given to `store` as soon as it is made."""
    started = time.perf_counter()
    planned = plan(loaded, fonts)
    _stop_if_strict(strict, planned.notices, f"these {len(planned.notices)} warnings" if len(planned.notices) != 1 else "this warning")
    checked = time.perf_counter() - started
    packaged = package_into(store, planned, fonts, strict=strict, jobs=jobs, progress=progress)
    return replace(packaged, timings={"check": checked, **packaged.timings})


def package(
    planned: Planned, fonts: FontBook, *, strict: bool = False, jobs: int | None = None, progress: Progress | None = None
) -> Bundle:
    """Draw and package a planned series, in memory."""
    from cardnews.bundle.blobs import MemoryStore

    return _in_memory(package_into(MemoryStore(), planned, fonts, strict=strict, jobs=jobs, progress=progress))


def package_into(
    store: Store, planned: Planned, fonts: FontBook, *, strict: bool = False, jobs: int | None = None, progress: Progress | None = None
) -> Packaged:
    """Draw and package a planned series, each card given to `store` as soon as it is encoded."""
    from cardnews.bundle.assemble import bundle_files
    from cardnews.render.parallel import default_jobs

    started = time.perf_counter()
    series, settings = planned.series, planned.settings
    layouts, layout_notices = _channel_layouts(planned, fonts)
    alts: dict[str, list[str]] = {}  # worked out while the cards are drawn
    drawn = _draw(
        layouts, fonts, settings, default_jobs() if jobs is None else jobs, store,
        meanwhile=lambda: alts.update(_prepare_packaging(series, layouts)), progress=progress,
    )
    drawn_at = time.perf_counter()
    files, bundle_notices = bundle_files(series, drawn, planned.sizes, settings, alts, store)
    bundle_notices = layout_notices + [replace(n, file=planned.source.file) for n in bundle_notices]
    _stop_if_strict(strict, bundle_notices, "warnings")
    timings = {"draw": drawn_at - started, "package": time.perf_counter() - drawn_at}
    inner = safe_name(series.bundle)
    return Packaged(planned, files, slug(series.bundle), inner + ".zip", planned.notices + bundle_notices, timings)


def _in_memory(packaged: Packaged) -> Bundle:
    """The files' bytes and their zip, for a build kept in memory."""
    from cardnews.bundle.package import zip_bytes  # loaded by _prepare_packaging, while the cards were drawn

    started = time.perf_counter()
    files = [(name, blob.read()) for name, blob in packaged.files]
    inner = packaged.zip_name.removesuffix(".zip")
    archive = zip_bytes([(f"{inner}/{name}", data) for name, data in files])
    timings = {**packaged.timings, "package": packaged.timings["package"] + time.perf_counter() - started}
    return Bundle(packaged.planned, files, packaged.folder, packaged.zip_name, archive, packaged.notices, timings)


def _stop_if_strict(strict: bool, notices: list[Notice], what: str) -> None:
    if strict and notices:
        raise InputError(
            "\n".join(str(n) for n in notices) + f"\ncardnews: stopped: --strict treats {what} as errors; nothing was written.",
            notices=notices,
        )


def _draw(
    layouts: dict[str, list[CardLayout]], fonts: FontBook, settings: Settings, jobs: int, store: Store,
    meanwhile: Callable[[], object] | None = None, progress: Progress | None = None,
) -> dict[str, list[Drawn]]:
    """Every card drawn and encoded in the bundle's format, all sizes at once; only the files are kept,
    by `store` (a card is drawn again should a channel need it in another format). `meanwhile` runs here
    while worker processes draw."""
    from cardnews.bundle.assemble import Drawn
    from cardnews.render.parallel import encode_cards

    cards = [card for size_cards in layouts.values() for card in size_cards]
    encoded = iter(encode_cards(
        cards, fonts, render_card, settings.image_format, settings.quality, jobs, meanwhile=meanwhile, progress=progress, keep=store.keep,
    ))

    def redraw(card: CardLayout):
        return render_card(card, fonts)

    return {size: [Drawn(card, next(encoded), redraw) for card in size_cards] for size, size_cards in layouts.items()}


def _prepare_packaging(series: Series, layouts: dict[str, list[CardLayout]]) -> dict[str, list[str]]:
    """What packaging can do before the cards are drawn, done while the workers draw them: load the zip
    writer and the PDF maker (20 ms in a fresh process) and work out the alt texts (25 ms for 50 cards)."""
    import cardnews.bundle.package  # noqa: F401
    from PIL import PdfParser  # noqa: F401

    from cardnews.bundle.assemble import series_alts

    return series_alts(layouts)


def _channel_layouts(planned: Planned, fonts: FontBook) -> tuple[dict[str, list[CardLayout]], list[Notice]]:
    """The built sizes, plus any size a channel needs that was not asked for (laid out for it alone)."""
    targets = target_channels(planned.settings.channels)
    needed = [size for size, _ in channel_sizes(targets, planned.sizes).values() if size not in planned.layouts]
    if not needed:
        return dict(planned.layouts), []
    needed = list(dict.fromkeys(needed))
    extra = _inspect(planned.loaded.with_settings(size=",".join(needed)), fonts, lengths=False)
    raise_errors(extra.notices)
    known = {str(n) for n in planned.notices}
    one = needed[0] if len(needed) == 1 else ""  # the plan names the size itself when there are several
    notices = [replace(n, message=f"{size_title(one)}: {n.message}", size=one) if one else n for n in extra.notices if str(n) not in known]
    return {**planned.layouts, **extra.layouts}, notices
