"""What the web app does with a case sent to it: check it, preview its cards, build its bundle.

A request's text is loaded and built in memory, as the CLI loads and builds a file: nothing is written.
Nothing in the input names a file on the server: layouts are taken only by the names the server offers,
a logo only from the server's own brand kit, and the name a file was uploaded under is used in messages
only. Messages are the CLI's, with the file called by that name.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from cardnews.build import Planned, inspect, package, plan
from cardnews.checks import text_boxes
from cardnews.bundle.alt_text import case_numbers, fit_alt, series_alt
from cardnews.bundle.caption import caption_text
from cardnews.bundle.channels import ALT_LIMIT, CHANNELS, parse_channels
from cardnews.bundle.names import safe_name
from cardnews.errors import CardnewsError, InputError, WorkLimitError
from cardnews.input.brand import load_brand
from cardnews.input.load import Loaded, case_brand, load_case, parse_case, settle, with_photos
from cardnews.input.reading import Parsed, decode
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import list_layouts
from cardnews.model import LEVELS, DEFAULT_QUALITY, Notice, SourceMap
from cardnews.render.encode import FORMATS, encode_image
from cardnews.resources import sample_case
from cardnews.web.photos import PhotoStore
from cardnews.web.previews import CardImages, preview_jpeg
from cardnews.i18n import N_, _

MAX_CASES = 30  # a series this long is already three Instagram posts; more is a mistake, not a series
MAX_CARDS = 150  # cards drawn for one request: 30 long cases and their continuations, all sizes together
KINDS = {"txt": ".txt", "yaml": ".yaml"}
PASTED_NAME = N_("pasted text")  # what messages call a text sent without a file name (붙여넣은 글): not a file on anyone's disk
_YAML_START = re.compile(r"^\ufeff?(series|cases)\s*:", re.MULTILINE)


@dataclass(frozen=True)
class CaseInput:
    """A case file as sent, the name messages call it by, and the settings asked for (empty: the file's)."""

    data: bytes
    kind: str = "txt"
    name: str = field(default_factory=lambda: _(PASTED_NAME))
    layout: str = ""
    size: str = ""
    compact: str = ""
    channel: str = ""
    image_format: str = "png"
    quality: int = DEFAULT_QUALITY
    link: str = ""
    source: str = ""  # `from`: summary or release, as --from; empty: by what the text holds
    photos: tuple[tuple[str, str], ...] = ()  # (name in the text, SHA-256 of an uploaded photo)

    @classmethod
    def make(cls, data: bytes, filename: str = "", format: str = "auto", **settings) -> CaseInput:
        """From what a client sends: the kind from `format`, else the file name's extension, else the text."""
        kind = detect_kind(data, filename, format)
        source = str(settings.pop("from", "") or "").strip()
        if source not in ("", "summary", "release"):
            raise InputError(_("from {source!r}: unknown input format; choose summary or release (or leave it out).").format(source=source))
        unknown = set(settings) - set(_SETTINGS) - {"quality"}
        if unknown:
            raise InputError(_("unknown setting {0}; the settings are {1}, quality, from.").format(', '.join(sorted(unknown)), ', '.join(_SETTINGS)))
        chosen: dict[str, Any] = {key: str(settings[key] or "").strip() for key in _SETTINGS if key in settings}
        if settings.get("quality") not in (None, ""):
            chosen["quality"] = _quality(settings["quality"])
        return cls(data, kind, display_name(filename, kind), source=source, **chosen)

    def with_photos(self, photos: Mapping[str, str]) -> CaseInput:
        """The case with the uploaded photos its text names (name → SHA-256)."""
        return replace(self, photos=tuple(sorted(photos.items())))

    @property
    def overrides(self) -> dict[str, str]:
        return {key: value for key, value in (("layout", self.layout), ("size", self.size), ("compact", self.compact), ("from", self.source)) if value}

    def packaging(self) -> dict:
        """The settings for the bundle asked for: channels, image format and quality, link."""
        if self.image_format not in FORMATS:
            raise InputError(_("unknown image format {image_format!r}; choose png or jpg.").format(image_format=self.image_format))
        channels = tuple(c.name for c in parse_channels(self.channel)) if self.channel else ()
        return {"channels": channels, "image_format": self.image_format, "quality": self.quality, "link": self.link}


_SETTINGS = ("layout", "size", "compact", "channel", "image_format", "link")


def _quality(value) -> int:
    """The CLI's --quality rule: a whole number from 1 to 95."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 95:
        raise InputError(_("{text!r} is not a JPEG quality; give a whole number from 1 to 95").format(text=text))
    return int(text)


def detect_kind(data: bytes, filename: str = "", format: str = "auto") -> str:
    """'txt' or 'yaml': as asked, else by the file name's extension, else YAML when it starts like a case file."""
    if format in KINDS:
        return format
    if format == "yml":
        return "yaml"
    if format not in ("", "auto"):
        raise InputError(_("unknown format {format!r}; choose txt, yaml or auto.").format(format=format))
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".txt":
        return "txt"
    if filename:
        raise InputError(_("{0}: unknown file type {1}; use .yaml, .yml or .txt.").format(_base_name(filename), suffix or '(none)'))
    head = data[:4096].decode("utf-8", errors="ignore")
    return "yaml" if _YAML_START.search(head) else "txt"


def display_name(filename: str, kind: str) -> str:
    """The uploaded file's own name, made safe, for messages; never used as a path."""
    name = _base_name(filename)
    if not name:
        return _(PASTED_NAME)
    return name if Path(name).suffix.lower() in ((".yaml", ".yml") if kind == "yaml" else (".txt",)) else name + KINDS[kind]


def _base_name(filename: str) -> str:
    """The last part of a client's file name, made a safe name; empty when there is none."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return safe_name(base) if base else ""


_local = threading.local()


def thread_fonts() -> FontBook:
    """One FontBook a worker thread: FreeType faces are not to be shared between threads."""
    fonts = getattr(_local, "fonts", None)
    if fonts is None:
        fonts = _local.fonts = FontBook()
    return fonts


class CardService:
    """Check, preview, bundle and single cards for cases sent to the web app."""

    def __init__(self, brand_file: Path | None = None, images: CardImages | None = None, photos: PhotoStore | None = None):
        self.brand_file = brand_file
        self.images = images or CardImages()
        self.photos = photos or PhotoStore()

    # --- the requests -------------------------------------------------------------------------------

    def check(self, case: CaseInput) -> dict:
        """Every problem, as `cardnews check` reports them; JSON-ready."""
        planned = self._inspect(case)
        notices = _sorted(planned.notices, case.name)
        errors = sum(n.level == "error" for n in notices)
        warnings = len(notices) - errors
        return {
            "file": case.name,
            "read_as": planned.loaded.kind,
            "status": "errors" if errors else "warnings" if warnings else "ok",
            "exit_code": 2 if errors else 1 if warnings else 0,
            "errors": errors,
            "warnings": warnings,
            "notices": [notice_json(n) for n in notices],
            "cards": {size: len(cards) for size, cards in planned.layouts.items()},
        }

    def preview(self, case: CaseInput, url: str = "/api/previews/{digest}.jpg", team: int | None = None) -> dict:
        """The cards laid out and drawn small (only those not drawn before), with notices, caption and alt text.

        With a `team` the previews are served to that team only.
        """
        started = time.perf_counter()
        result: dict = {"file": case.name, "read_as": None, "series": None, "sizes": [], "caption": "", "alt_text": "", "drawn": 0}
        try:
            planned = self._inspect(case)
        except WorkLimitError:  # not the file's problem: an error of the request
            raise
        except CardnewsError as exc:  # not readable at all: the page shows the message with the rest
            result.update(status="errors", notices=[notice_json(n) for n in error_notices(exc, case.name)])
            result["read_as"] = case.source or ("yaml" if case.kind == "yaml" else None)  # as asked; a text unread is neither
            result["seconds"] = round(time.perf_counter() - started, 3)
            return result
        _refuse_many_cards(planned.layouts)
        notices = _sorted(planned.notices, case.name)
        errors = sum(n.level == "error" for n in notices)
        result.update(
            read_as=planned.loaded.kind, status="errors" if errors else "warnings" if notices else "ok", notices=[notice_json(n) for n in notices]
        )
        if errors:
            result["seconds"] = round(time.perf_counter() - started, 3)
            return result
        series, fonts = planned.series, thread_fonts()
        several = len(planned.layouts) > 1
        alt_blocks = []
        spans = case_spans(planned.source, len(series.cases))
        for size, cards in planned.layouts.items():
            alts = series_alt(cards)
            entries = []
            for card, alt, number in zip(cards, alts, case_numbers(cards)):
                digest, drawn = self.images.preview(card, fonts, team)
                result["drawn"] += drawn
                alt = fit_alt(alt, ALT_LIMIT)
                file = f"{size}/{card.filename}" if several else card.filename
                alt_blocks.append(f"{file}\n{alt}")
                entries.append(
                    {"file": card.filename, "kind": card.kind, "page": card.page, "total": card.total, "case": number,
                     "width": card.width, "height": card.height, "preview": url.format(digest=digest), "alt": alt,
                     "source": spans.get(number) if card.kind == "case" else None,
                     "regions": source_regions(card, fonts, planned.source)}
                )
            preset = SIZES[size]
            result["sizes"].append({"name": size, "width": preset.width, "height": preset.height, "use": preset.use, "cards": entries})
        instagram = CHANNELS["instagram"]
        result["series"] = {
            "title": series.title,
            "organisation": series.organisation,
            "handle": series.handle,
            "period": series.period,
            "layout": planned.settings.layout,
            "compact": planned.settings.compact,
            "sizes": planned.sizes,
            "zip": safe_name(series.bundle) + ".zip",
        }
        result["caption"] = caption_text(
            series, limit=instagram.caption_limit, length=instagram.length, link=case.link, max_hashtags=instagram.max_hashtags
        )
        result["alt_text"] = "\n\n".join(alt_blocks) + "\n"
        result["seconds"] = round(time.perf_counter() - started, 3)
        return result

    def bundle(self, case: CaseInput) -> tuple[str, bytes, list[Notice]]:
        """The zip `cardnews build` writes for the same file and settings, byte for byte, and its name."""
        packaging = case.packaging()
        planned = plan(self._load(case).with_settings(**packaging), thread_fonts())
        _refuse_many_cards(planned.layouts)  # before any is drawn
        bundle = package(planned, thread_fonts())
        return bundle.zip_name, bundle.zip_data, bundle.notices

    def card(self, case: CaseInput, size: str, page: int) -> tuple[str, bytes]:
        """One card, encoded as it is in the bundle, and its file name."""
        packaging = case.packaging()
        planned = plan(self._load(case), thread_fonts())
        _refuse_many_cards(planned.layouts)  # as for the whole bundle: the request is for a series this server would not draw
        cards = planned.layouts.get(size or planned.sizes[0])
        if cards is None:
            raise InputError(_("size {size!r} is not in this build; it has {0}.").format(', '.join(planned.sizes), size=size))
        if not 1 <= page <= len(cards):
            raise InputError(_("no card {page}; this series has {0} cards (1 to {0}).").format(len(cards), page=page))
        card = cards[page - 1]
        data = encode_image(self.images.image(card, thread_fonts()), packaging["image_format"], packaging["quality"], card.photographic)
        prefix = f"{size or planned.sizes[0]}-" if len(planned.sizes) > 1 else ""  # two sizes' cards, two names
        return prefix + card.filename.rsplit(".", 1)[0] + FORMATS[packaging["image_format"]], data

    def open_file(self, data: bytes, filename: str) -> dict:
        """A file the user picked, read as `cardnews` reads it (UTF-8, CP949 with a warning; UTF-16 and binary
        refused with the CLI's message): its text for the editor, its kind, and what reading it noticed."""
        kind = detect_kind(data, filename)
        name = display_name(filename, kind)
        notices: list[Notice] = []
        text = decode(data, name, notices)
        return {"filename": name, "format": kind, "text": text, "notices": [notice_json(n) for n in notices]}

    def layout_preview(self, name: str) -> bytes:
        """The reference series' cover in a layout, small: to choose a look by looking."""
        if name not in list_layouts():
            raise InputError(_("unknown layout {name!r}; choose one of {0}.").format(', '.join(sorted(list_layouts())), name=name))
        fonts = thread_fonts()
        planned = plan(load_case(sample_case(), {"layout": name, "size": "portrait"}, self.brand_file), fonts)
        return preview_jpeg(self.images.image(planned.cards[0], fonts).reduce(4))

    def warm_up(self) -> None:
        """Load this thread's fonts and lay out the reference once, so the first real preview is quick."""
        plan(load_case(sample_case(), brand_file=self.brand_file), thread_fonts())

    # --- the steps ----------------------------------------------------------------------------------

    def _inspect(self, case: CaseInput) -> Planned:
        """`cardnews check` on the case, after making sure it names no file."""
        settings = case.packaging() if case.channel else {}
        parsed, notices = parse_case(case.data, case.name, case.source or case.kind)
        problems = self._path_problems(case, parsed)
        if problems:
            return Planned(settle(parsed, case.name, notices, case.overrides), {}, problems)
        return inspect(self._settle(case, parsed, notices).with_settings(**settings), thread_fonts())

    def _load(self, case: CaseInput) -> Loaded:
        """The case loaded, refusing settings that name a file (as errors, with their lines)."""
        parsed, notices = parse_case(case.data, case.name, case.source or case.kind)
        problems = self._path_problems(case, parsed)
        if problems:
            raise InputError("\n".join(str(n) for n in problems), notices=problems)
        return self._settle(case, parsed, notices)

    def _settle(self, case: CaseInput, parsed: Parsed, notices: list[Notice]) -> Loaded:
        """The series with the server's brand kit, else the case's own `brand:` (which names no logo)."""
        brand = load_brand(self.brand_file) if self.brand_file else case_brand(parsed, case.name, None)
        parsed = with_photos(parsed, self.photos.reader(dict(case.photos)), case.name, notices)
        return settle(parsed, case.name, notices, case.overrides, brand)

    def _path_problems(self, case: CaseInput, parsed: Parsed) -> list[Notice]:
        """Settings that would make the build read a file the client named: only built-in layout names pass.

        Also a series too long for the server. The checks look at what was read only; nothing is opened.
        """
        source = SourceMap(case.name, parsed.spots)
        choose = ", ".join(sorted(list_layouts()))
        problems = []
        layouts: list[tuple[str, Any, int | None]] = [("layout", case.layout or parsed.layout, None if case.layout else source.line("series.layout"))]
        if isinstance(parsed.brand, dict):
            if parsed.brand.get("logo"):
                problems.append(Notice(
                    "error", _("brand.logo: the web app draws only the server's own logo (cardnews serve --brand); remove this line"),
                    case.name, source.line("brand.logo"),
                ))
            layouts.append(("brand.layout", parsed.brand.get("layout"), source.line("brand.layout")))
        for key, value, line in layouts:
            if isinstance(value, str) and _names_a_file(value):
                where = "--layout" if key == "layout" and case.layout else key
                problems.append(Notice(
                    "error", _("{where}: the web app takes a layout by name ({choose}), not a file: {value!r}").format(where=where, choose=choose, value=value),
                    "" if where == "--layout" else case.name, line,
                ))
        if len(parsed.series.cases) > MAX_CASES:
            problems.append(Notice("error", _("{0} cases; the web app takes at most {MAX_CASES} in a series").format(len(parsed.series.cases), MAX_CASES=MAX_CASES), case.name))
        return problems


def error_notices(error: CardnewsError, file: str) -> list[Notice]:
    """The problems an error tells of, as notices: its own, else each line of its message as one."""
    if error.notices:
        return list(error.notices)
    notices = []
    for text in str(error).splitlines():
        message = text.removeprefix(file + ": ")
        notices.append(Notice("error", message, file if message != text else ""))
    return notices


def _names_a_file(layout: str) -> bool:
    """What `find_layout` would look for as a file rather than by name."""
    return layout.endswith((".yaml", ".yml")) or "/" in layout or "\\" in layout


def _sorted(notices: list[Notice], name: str) -> list[Notice]:
    """In the order `cardnews check` prints them: the case file's own, by line, then the rest."""
    return sorted(notices, key=lambda n: (n.file != name, n.line is None, n.line or 0))


def notice_json(notice: Notice) -> dict:
    """A notice as JSON: as the CLI prints it (`text`), and the case and size it concerns, where known."""
    return {
        "level": notice.level,
        "message": notice.message,
        "file": notice.file,
        "line": notice.line,
        "text": str(notice),
        "case": notice.case,
        "size": notice.size or None,
    }


def source_regions(card: CardLayout, fonts: FontBook, source: SourceMap) -> list[list[int]]:
    """Where on the card each line of the case file is drawn: `[x, y, width, height, line]` in card pixels,
    one a drawn line, from the runs' origins. Clicking a card's text selects the line it was read from."""
    regions: dict[tuple[int, int], list[float]] = {}
    for box in text_boxes(card, fonts):
        path = box.origin.path if box.origin else None
        line = source.line(path) if path else None
        if line is None:
            continue
        key = (line, round(box.top))
        known = regions.get(key)
        regions[key] = [min(known[0], box.left), min(known[1], box.top), max(known[2], box.right), max(known[3], box.bottom)] if known else [box.left, box.top, box.right, box.bottom]
    return [[round(l), round(t), round(r - l), round(b - t), line] for (line, _top), (l, t, r, b) in regions.items()]


def case_spans(source: SourceMap, count: int) -> dict[int, dict]:
    """The lines of the case file each case (1-based) was read from: `line` (its first) to `end` (the line
    before the next case; None for the last, which runs to the end). The page selects them from a card."""
    starts = [(number, line) for number in range(1, count + 1) if (line := source.line(f"cases[{number - 1}]"))]
    return {
        number: {"line": line, "end": starts[i + 1][1] - 1 if i + 1 < len(starts) else None}
        for i, (number, line) in enumerate(starts)
    }


def _refuse_many_cards(layouts: dict) -> None:
    """A limit on the drawing one request may ask for, named in the message (the CLI has none)."""
    count = sum(len(cards) for cards in layouts.values())
    if count > MAX_CARDS:
        raise WorkLimitError(
            _("this series makes {count} cards; at most {limit} are drawn here. Shorten the longest items or split the series.").format(count=count, limit=MAX_CARDS)
        )
