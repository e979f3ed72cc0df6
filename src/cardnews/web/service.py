"""What the web app does with a case sent to it: check it, preview its cards, build its bundle.

Each request's text goes into a fresh temporary folder under a fixed name and the folder is removed when
the request is done, whatever happens. Nothing in the input names a file on the server: layouts are taken
only by the names the server offers, a logo only from the server's own brand kit, and the name a file was
uploaded under is used in messages only. Messages are the CLI's, with the file called by that name.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from cardnews.bundle.alt_text import case_numbers, fit_alt, series_alt
from cardnews.build import Planned, build, inspect, plan
from cardnews.bundle.assemble import BundleOptions
from cardnews.bundle.caption import caption_text
from cardnews.bundle.channels import ALT_LIMIT, CHANNELS, parse_channels
from cardnews.checks import Source
from cardnews.render.encode import DEFAULT_QUALITY, FORMATS, encode_image
from cardnews.errors import CardnewsError, InputError
from cardnews.layout.fonts import FontBook
from cardnews.input.load import input_kind, read_series
from cardnews.input.reading import read_text
from cardnews.model import Notice, Series
from cardnews.bundle.names import safe_name
from cardnews.resources import sample_case
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import list_layouts
from cardnews.web.previews import CardImages, preview_jpeg
from cardnews.input.yaml_source import LocatedYaml

MAX_CASES = 30  # a series this long is already three Instagram posts; more is a mistake, not a series
KINDS = {"txt": ".txt", "yaml": ".yaml"}
PASTED_NAME = "붙여넣은 글"  # what messages call a text sent without a file name: pasted, not a file on anyone's disk
_YAML_START = re.compile(r"^\ufeff?(series|cases)\s*:", re.MULTILINE)


@dataclass(frozen=True)
class CaseInput:
    """A case file as sent, the name messages call it by, and the settings asked for (empty: the file's)."""

    data: bytes
    kind: str = "txt"
    name: str = PASTED_NAME
    layout: str = ""
    size: str = ""
    channel: str = ""
    image_format: str = "png"
    quality: int = DEFAULT_QUALITY
    link: str = ""
    source: str = ""  # `from`: summary or release, as --from; empty: by what the text holds

    @classmethod
    def make(cls, data: bytes, filename: str = "", format: str = "auto", **settings) -> CaseInput:
        """From what a client sends: the kind from `format`, else the file name's extension, else the text."""
        kind = detect_kind(data, filename, format)
        source = str(settings.pop("from", "") or "").strip()
        if source not in ("", "summary", "release"):
            raise InputError(f"from {source!r}: unknown input format; choose summary or release (or leave it out).")
        unknown = set(settings) - set(_SETTINGS) - {"quality"}
        if unknown:
            raise InputError(f"unknown setting {', '.join(sorted(unknown))}; the settings are {', '.join(_SETTINGS)}, quality, from.")
        chosen = {key: str(settings[key] or "").strip() for key in _SETTINGS if key in settings}
        if settings.get("quality") not in (None, ""):
            chosen["quality"] = _quality(settings["quality"])
        return cls(data, kind, display_name(filename, kind), source=source, **chosen)

    @property
    def overrides(self) -> dict[str, str]:
        return {key: value for key, value in (("layout", self.layout), ("size", self.size), ("from", self.source)) if value}

    def options(self) -> BundleOptions:
        if self.image_format not in FORMATS:
            raise InputError(f"unknown image format {self.image_format!r}; choose png or jpg.")
        channels = tuple(parse_channels(self.channel)) if self.channel else ()
        return BundleOptions(channels, self.image_format, self.quality, self.link)


_SETTINGS = ("layout", "size", "channel", "image_format", "link")


def _quality(value) -> int:
    """The CLI's --quality rule: a whole number from 1 to 95."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 95:
        raise InputError(f"{text!r} is not a JPEG quality; give a whole number from 1 to 95")
    return int(text)


def detect_kind(data: bytes, filename: str = "", format: str = "auto") -> str:
    """'txt' or 'yaml': as asked, else by the file name's extension, else YAML when it starts like a case file."""
    if format in KINDS:
        return format
    if format == "yml":
        return "yaml"
    if format not in ("", "auto"):
        raise InputError(f"unknown format {format!r}; choose txt, yaml or auto.")
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".txt":
        return "txt"
    if filename:
        raise InputError(f"{_base_name(filename)}: unknown file type {suffix or '(none)'}; use .yaml, .yml or .txt.")
    head = data[:4096].decode("utf-8", errors="ignore")
    return "yaml" if _YAML_START.search(head) else "txt"


def read_as(path: Path, case: CaseInput) -> str | None:
    """What the case file was read as, as `build` reads it: yaml, summary or release (None: not readable)."""
    try:
        return input_kind(path, read_text(path, []), case.source)
    except CardnewsError:
        return None


def display_name(filename: str, kind: str) -> str:
    """The uploaded file's own name, made safe, for messages; never used as a path."""
    name = _base_name(filename)
    if not name:
        return PASTED_NAME
    return name if Path(name).suffix.lower() in ((".yaml", ".yml") if kind == "yaml" else (".txt",)) else name + KINDS[kind]


def _base_name(filename: str) -> str:
    """The last part of a client's file name, made a safe name; empty when there is none."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return safe_name(base) if base else ""


class _Namer:
    """Calls the temporary file by the name the client knows it by, in notices and error messages."""

    def __init__(self, path: Path, name: str):
        self.path, self.name = str(path), name
        self.folder = str(path.parent)

    def text(self, text: str) -> str:
        return text.replace(self.path, self.name).replace(self.folder + "/", "").replace(self.folder, ".")

    def notice(self, notice: Notice) -> Notice:
        return replace(notice, file=self.text(notice.file), message=self.text(notice.message))


_local = threading.local()


def thread_fonts() -> FontBook:
    """One FontBook a worker thread: FreeType faces are not to be shared between threads."""
    fonts = getattr(_local, "fonts", None)
    if fonts is None:
        fonts = _local.fonts = FontBook()
    return fonts


class CardService:
    """Check, preview, bundle and single cards for cases sent to the web app."""

    def __init__(self, brand_file: Path | None = None, work_dir: Path | None = None, images: CardImages | None = None):
        self.brand_file = brand_file
        self.work_dir = work_dir
        self.images = images or CardImages()

    # --- the requests -------------------------------------------------------------------------------

    def check(self, case: CaseInput) -> dict:
        """Every problem, as `cardnews check` reports them; JSON-ready."""
        with self._case_file(case) as (path, namer):
            planned = self._inspect(case, path, namer)
            kind = read_as(path, case)
        notices = _sorted(planned.notices, case.name)
        errors = sum(n.level == "error" for n in notices)
        warnings = len(notices) - errors
        return {
            "file": case.name,
            "read_as": kind,
            "status": "errors" if errors else "warnings" if warnings else "ok",
            "exit_code": 2 if errors else 1 if warnings else 0,
            "errors": errors,
            "warnings": warnings,
            "notices": [notice_json(n, planned.series, planned.sizes, case.name) for n in notices],
            "cards": {size: len(cards) for size, cards in planned.layouts.items()},
        }

    def preview(self, case: CaseInput, url: str = "/api/previews/{digest}.jpg", team: int | None = None) -> dict:
        """The cards laid out and drawn small (only those not drawn before), with notices, caption and alt text.

        With a `team` the previews are served to that team only.
        """
        started = time.perf_counter()
        with self._case_file(case) as (path, namer):
            try:
                planned = self._inspect(case, path, namer)
            except CardnewsError as exc:  # not readable at all: the page shows the message with the rest
                planned = Planned(None, {}, [_as_notice(line, case.name) for line in str(exc).splitlines()])
            kind = read_as(path, case)
        notices = _sorted(planned.notices, case.name)
        errors = sum(n.level == "error" for n in notices)
        result = {
            "file": case.name,
            "read_as": kind,
            "status": "errors" if errors else "warnings" if notices else "ok",
            "notices": [notice_json(n, planned.series, planned.sizes, case.name) for n in notices],
            "series": None,
            "sizes": [],
            "caption": "",
            "alt_text": "",
            "drawn": 0,
        }
        if errors or planned.series is None:
            result["seconds"] = round(time.perf_counter() - started, 3)
            return result
        series, fonts = planned.series, thread_fonts()
        several = len(planned.layouts) > 1
        alt_blocks = []
        spans = case_spans(series)
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
                     "source": spans.get(number) if card.kind == "case" else None}
                )
            preset = SIZES[size]
            result["sizes"].append({"name": size, "width": preset.width, "height": preset.height, "use": preset.use, "cards": entries})
        instagram = CHANNELS["instagram"]
        result["series"] = {
            "title": series.title,
            "organisation": series.organisation,
            "handle": series.handle,
            "period": series.period,
            "layout": series.layout,
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
        options = case.options()
        with self._case_file(case) as (path, namer):
            self._refuse_paths(case, path, namer)
            try:
                built = build(path, path.parent / "out", thread_fonts(), case.overrides, self.brand_file, options=options)
            except CardnewsError as exc:
                raise type(exc)(namer.text(str(exc))) from None
            return built.zip_path.name, built.zip_path.read_bytes(), [namer.notice(n) for n in built.planned.notices]

    def card(self, case: CaseInput, size: str, page: int) -> tuple[str, bytes]:
        """One card, encoded as it is in the bundle, and its file name."""
        options = case.options()
        with self._case_file(case) as (path, namer):
            self._refuse_paths(case, path, namer)
            try:
                planned = plan(path, thread_fonts(), case.overrides, self.brand_file)
            except CardnewsError as exc:
                raise type(exc)(namer.text(str(exc))) from None
        cards = planned.layouts.get(size or planned.sizes[0])
        if cards is None:
            raise InputError(f"size {size!r} is not in this build; it has {', '.join(planned.sizes)}.")
        if not 1 <= page <= len(cards):
            raise InputError(f"no card {page}; this series has {len(cards)} cards (1 to {len(cards)}).")
        card = cards[page - 1]
        data = encode_image(self.images.image(card, thread_fonts()), options.image_format, options.quality, card.photographic)
        prefix = f"{size or planned.sizes[0]}-" if len(planned.sizes) > 1 else ""  # two sizes' cards, two names
        return prefix + card.filename.rsplit(".", 1)[0] + FORMATS[options.image_format], data

    def open_file(self, data: bytes, filename: str) -> dict:
        """A file the user picked, read as `cardnews` reads it (UTF-8, CP949 with a warning; UTF-16 and binary
        refused with the CLI's message): its text for the editor, its kind, and what reading it noticed."""
        kind = detect_kind(data, filename)
        case = CaseInput(data, kind, display_name(filename, kind))
        with self._case_file(case) as (path, namer):
            notices: list[Notice] = []
            try:
                text = read_text(path, notices)
            except CardnewsError as exc:
                raise type(exc)(namer.text(str(exc))) from None
            notices = [namer.notice(n) for n in notices]
        return {"filename": case.name, "format": kind, "text": text, "notices": [notice_json(n, None, [], case.name) for n in notices]}

    def layout_preview(self, name: str) -> bytes:
        """The reference series' cover in a layout, small: to choose a look by looking."""
        if name not in list_layouts():
            raise InputError(f"unknown layout {name!r}; choose one of {', '.join(sorted(list_layouts()))}.")
        fonts = thread_fonts()
        planned = plan(sample_case(), fonts, {"layout": name, "size": "portrait"}, self.brand_file)
        return preview_jpeg(self.images.image(planned.cards[0], fonts).reduce(4))

    def warm_up(self) -> None:
        """Load this thread's fonts and lay out the reference once, so the first real preview is quick."""
        plan(sample_case(), thread_fonts(), {}, self.brand_file)

    # --- the steps ----------------------------------------------------------------------------------

    @contextmanager
    def _case_file(self, case: CaseInput) -> Iterator[tuple[Path, _Namer]]:
        """The case's bytes in a fresh folder of their own, removed afterwards, and the namer for messages."""
        folder = Path(tempfile.mkdtemp(prefix="cardnews-web-", dir=self.work_dir))
        try:
            path = folder / ("input" + KINDS[case.kind])
            path.write_bytes(case.data)
            yield path, _Namer(path, case.name)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _inspect(self, case: CaseInput, path: Path, namer: _Namer) -> Planned:
        """`cardnews check` on the case, after making sure it names no file; every notice named for the client."""
        try:
            channels = case.options().targets if case.channel else ()
            series, problems = self._path_problems(case, path)
            if problems:
                return Planned(series, {}, [namer.notice(n) for n in problems])
            planned = inspect(path, thread_fonts(), case.overrides, self.brand_file, channels)
        except CardnewsError as exc:
            raise type(exc)(namer.text(str(exc))) from None
        return replace(planned, notices=[namer.notice(n) for n in planned.notices])

    def _refuse_paths(self, case: CaseInput, path: Path, namer: _Namer) -> None:
        try:
            _, problems = self._path_problems(case, path)
        except CardnewsError as exc:
            raise type(exc)(namer.text(str(exc))) from None
        if problems:
            raise InputError("\n".join(str(namer.notice(n)) for n in problems))

    def _path_problems(self, case: CaseInput, path: Path) -> tuple[Series, list[Notice]]:
        """Settings that would make the build read a file the client named: only built-in layout names pass.

        Also a series too long for the server. The checks look at the text only; nothing is opened.
        """
        series, _ = read_series(path, case.overrides)  # its notices come again from inspect, with the rest
        choose = ", ".join(sorted(list_layouts()))
        source = Source.read(path)
        problems = []
        layouts = [("layout", series.layout, None if case.layout else source.key_line("layout"))]
        if case.kind == "yaml":
            doc = LocatedYaml(path.read_text(encoding="utf-8-sig", errors="replace"), str(path), as_text=True)
            brand = doc.data.get("brand") if isinstance(doc.data, dict) else None
            if isinstance(brand, dict):
                if brand.get("logo"):
                    problems.append(Notice(
                        "error", "brand.logo: the web app draws only the server's own logo (cardnews serve --brand); remove this line",
                        str(path), doc.line("brand.logo"),
                    ))
                layouts.append(("brand.layout", brand.get("layout"), doc.line("brand.layout")))
        for key, value, line in layouts:
            if isinstance(value, str) and _names_a_file(value):
                where = "--layout" if key == "layout" and case.layout else key
                problems.append(Notice(
                    "error", f"{where}: the web app takes a layout by name ({choose}), not a file: {value!r}",
                    "" if where == "--layout" else str(path), line,
                ))
        if len(series.cases) > MAX_CASES:
            problems.append(Notice("error", f"{len(series.cases)} cases; the web app takes at most {MAX_CASES} in a series", str(path)))
        return series, problems


_NOTICE_LINE = re.compile(r"^(?P<file>[^:]*):(?P<line>\d+): (?P<level>error|warning): (?P<message>.*)$")


def _as_notice(text: str, file: str) -> Notice:
    """A line of an error message as the notice it was printed from."""
    found = _NOTICE_LINE.match(text)
    if found:
        return Notice(found["level"], found["message"], found["file"], int(found["line"]))
    message = text.removeprefix(file + ": ")
    return Notice("error", message, file if message != text else "")


def _names_a_file(layout: str) -> bool:
    """What `find_layout` would look for as a file rather than by name."""
    return layout.endswith((".yaml", ".yml")) or "/" in layout or "\\" in layout


def _sorted(notices: list[Notice], name: str) -> list[Notice]:
    """In the order `cardnews check` prints them: the case file's own, by line, then the rest."""
    return sorted(notices, key=lambda n: (n.file != name, n.line is None, n.line or 0))


_CASE_IN_MESSAGE = re.compile(r"\bcase (\d+)\b")


def notice_json(notice: Notice, series: Series | None, sizes: list[str], file: str) -> dict:
    """A notice as JSON: as the CLI prints it (`text`), and the case and size it concerns, where known."""
    return {
        "level": notice.level,
        "message": notice.message,
        "file": notice.file,
        "line": notice.line,
        "text": str(notice),
        "case": notice_case(notice, series) if notice.file in ("", file) else None,
        "size": next((size for size in sizes if notice.message.startswith(f"{size}: ")), None) if len(sizes) > 1 else None,
    }


def case_spans(series: Series) -> dict[int, dict]:
    """The lines of the case file each case (1-based) was read from: `line` (its first) to `end` (the line
    before the next case; None for the last, which runs to the end). The page selects them from a card."""
    starts = [(number, case.line) for number, case in enumerate(series.cases, start=1) if case.line]
    return {
        number: {"line": line, "end": starts[i + 1][1] - 1 if i + 1 < len(starts) else None}
        for i, (number, line) in enumerate(starts)
    }


def notice_case(notice: Notice, series: Series | None) -> int | None:
    """The case (1-based) a notice is about: the case its line falls in, else the case its message names."""
    if series is None:
        return None
    lines = [(case.line, number) for number, case in enumerate(series.cases, start=1) if case.line]
    if notice.line and lines and notice.line >= lines[0][0]:
        return max((start, number) for start, number in lines if start <= notice.line)[1]
    found = _CASE_IN_MESSAGE.search(notice.message)
    if found and 1 <= int(found.group(1)) <= len(series.cases):
        return int(found.group(1))
    return None
