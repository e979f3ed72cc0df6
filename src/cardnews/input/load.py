"""Loading a case file, once, at the edge: its bytes become the typed series, the settings to build it
with and a map of where each part was read. Nothing after this reads the case file again.

The reader is chosen by file extension (.yaml/.yml or .txt), a .txt by what it holds (a summary or a
press release), or as asked (`--from summary|release`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from cardnews.errors import InputError
from cardnews.input.brand import brand_beside, brand_from, load_brand
from cardnews.input.photos import PhotoReader, attach_photos, folder_reader, memory_reader
from cardnews.input.reading import Parsed, decode, read_bytes
from cardnews.input.release import looks_like_release, parse_release
from cardnews.input.summary import parse_summary
from cardnews.input.yaml_case import parse_yaml
from cardnews.model import DEFAULT_COMPACT, DEFAULT_LAYOUT, DEFAULT_SIZE, Brand, Notice, Series, Settings, SourceMap
from cardnews.i18n import _

Reader = Callable[[str, str, list[Notice]], Parsed]
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".txt": "txt"}
FORMATS: dict[str, Reader] = {"summary": parse_summary, "release": parse_release}
READERS: dict[str, Reader] = {"yaml": parse_yaml, **FORMATS}
SERIES_OPTIONS = ("organisation", "handle", "period")  # options that change what the series says
SETTING_OPTIONS = ("layout", "size")
OTHER_SETTINGS = ("compact",)  # set by the file or an option, never by a brand kit


@dataclass(frozen=True)
class Loaded:
    """A case file as read: what it says, how to build it, where each part is, and what was found on the way.

    `kind` is the reader that read it: yaml, summary or release; `brand_data` its own `brand:` as written.
    `origins` says where the layout and size came from: a key path of the file (`series.layout`,
    `brand.size`), the option that set it (`--layout`), or "" (a default, or a brand kit file). `base` is
    the folder a layout path is relative to (the case file's; None for text in memory).
    """

    series: Series
    settings: Settings = Settings()
    source: SourceMap = SourceMap()
    notices: list[Notice] = field(default_factory=list)
    origins: Mapping[str, str] = field(default_factory=dict)
    base: Path | None = None
    kind: str = "yaml"
    brand_data: Any = None  # the file's own `brand:` mapping, as written (YAML only)

    def with_settings(self, **changes) -> Loaded:
        return replace(self, settings=replace(self.settings, **changes))


def load_case(
    path: str | Path, overrides: Mapping[str, str] | None = None, brand_file: Path | None = None, *, brand: bool = True
) -> Loaded:
    """Read a case file (.yaml, .yml or .txt) once, errors and all, so a check can report them with the rest.

    `overrides` are the series options (`--layout`, `--handle`, …) and `from` (summary or release). The
    brand kit is `brand_file`, else the file's `brand:`, else brand.yaml beside it (none without `brand`:
    the file as written). Raises InputError only when nothing can be read (no file, not text, a
    structure it cannot follow, a broken brand kit).
    """
    path = Path(path)
    options = dict(overrides or {})
    chosen = options.pop("from", "") or ""
    if not chosen:
        _suffix_kind(path.suffix, str(path))  # an unknown file type is refused before it is read
    parsed, notices = parse_case(read_bytes(path), str(path), chosen or SUFFIXES[path.suffix.lower()])
    kit = None
    if brand_file is not None:
        kit = load_brand(brand_file, notices)
    elif brand:
        kit = case_brand(parsed, str(path), path.parent) or brand_beside(path, notices)
    parsed = with_photos(parsed, folder_reader(path.parent), str(path), notices)
    return settle(parsed, str(path), notices, options, kit, path.parent)


def parse_case(data: bytes | str, name: str, kind: str = "") -> tuple[Parsed, list[Notice]]:
    """Text in memory as a case file called `name` in messages. `kind`: yaml, txt (a summary or a press
    release, by what it holds), summary or release; default: by the name's extension."""
    if kind and kind not in ("txt", *READERS):
        raise InputError(_("--from {kind}: unknown input format; choose summary or release.").format(kind=kind))
    kind = kind or _suffix_kind(Path(name).suffix, name)
    notices: list[Notice] = []
    text = decode(data, name, notices) if isinstance(data, bytes) else data.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "txt":
        kind = "release" if looks_like_release(text) else "summary"
        if kind == "release":
            notices.append(Notice(
                "warning",
                _("read as a press release (□ headings, ○ points, - and ※ notes); `cardnews convert` writes it as a summary text to edit (--from summary reads it as a summary)"),
                name,
            ))
    return replace(READERS[kind](text, name, notices), kind=kind), notices


def read_case(
    data: bytes | str, name: str, kind: str = "", overrides: Mapping[str, str] | None = None, brand: Brand | None = None,
    photos: Mapping[str, bytes] | None = None,
) -> Loaded:
    """A case file's text in memory, loaded as `load_case` loads a file (its `brand:` may name no logo);
    `photos` are the files its photos name, by those names."""
    parsed, notices = parse_case(data, name, kind)
    parsed = with_photos(parsed, memory_reader(dict(photos)) if photos is not None else None, name, notices)
    return settle(parsed, name, notices, overrides, brand or case_brand(parsed, name, None))


def with_photos(parsed: Parsed, reader: PhotoReader | None, file: str, notices: list[Notice]) -> Parsed:
    """The parsed file with each photo it names read once, here at the edge (problems added to `notices`)."""
    if not parsed.series.photos():
        return parsed
    source = SourceMap(file, parsed.spots)
    return replace(parsed, series=attach_photos(parsed.series, reader, file, source.line, notices))


def case_brand(parsed: Parsed, file: str, base: Path | None) -> Brand | None:
    """The case file's own `brand:` mapping, checked, or None."""
    if parsed.brand is None:
        return None
    source = SourceMap(file, parsed.spots)
    return brand_from(parsed.brand, source.line, "brand", file, base)


def settle(
    parsed: Parsed, file: str, notices: list[Notice], overrides: Mapping[str, str] | None = None,
    brand: Brand | None = None, base: Path | None = None,
) -> Loaded:
    """The series and settings once the brand kit and the options given have their say.

    Options win over everything; a brand kit's layout and size over the file's; its handle and
    organisation fill in only what the file leaves empty.
    """
    overrides = {key: value for key, value in (overrides or {}).items() if value}
    unknown = set(overrides) - set(SERIES_OPTIONS) - set(SETTING_OPTIONS) - set(OTHER_SETTINGS)
    if unknown:
        raise ValueError(_("not a series option: {0}").format(', '.join(sorted(unknown))))
    given: dict[str, Any] = {key: overrides[key] for key in SERIES_OPTIONS if key in overrides}
    if brand is not None:  # the brand kit's handle and organisation, where neither the options nor the file give one
        for key in ("handle", "organisation"):
            if getattr(brand, key) and key not in given and not getattr(parsed.series, key):
                given[key] = getattr(brand, key)
    series = replace(parsed.series, **given)
    chosen, origins = {}, {}
    for key in SETTING_OPTIONS:
        from_brand = getattr(brand, key) if brand is not None else ""
        if key in overrides:
            chosen[key], origins[key] = overrides[key], f"--{key}"
        elif from_brand:
            chosen[key], origins[key] = from_brand, f"brand.{key}" if brand is not None and brand.source == file else ""
        elif getattr(parsed, key):
            chosen[key], origins[key] = getattr(parsed, key), f"series.{key}"
        else:
            chosen[key], origins[key] = DEFAULT_LAYOUT if key == "layout" else DEFAULT_SIZE, ""
    if "compact" in overrides:
        chosen["compact"], origins["compact"] = overrides["compact"], "--compact"
    elif parsed.compact:
        chosen["compact"], origins["compact"] = parsed.compact, "series.compact"
    else:
        chosen["compact"], origins["compact"] = DEFAULT_COMPACT, ""
    settings = Settings(layout=chosen["layout"], size=chosen["size"], brand=brand, compact=chosen["compact"])
    return Loaded(series, settings, SourceMap(file, parsed.spots), notices, origins, base, parsed.kind or "yaml", parsed.brand)


def load_series(path: str | Path, overrides: Mapping[str, str] | None = None) -> tuple[Series, list[Notice]]:
    """Read a case file as written (no brand kit); the series and every notice. Raises InputError if any is an error."""
    loaded = load_case(path, overrides, brand=False)
    raise_errors(loaded.notices)
    return loaded.series, loaded.notices


def raise_errors(notices: list[Notice]) -> None:
    """Stop with every error-level notice, in the order of their lines."""
    errors = sorted((n for n in notices if n.level == "error"), key=lambda n: n.line or 0)
    if errors:
        raise InputError("\n".join(str(n) for n in errors), notices=errors)


def _suffix_kind(suffix: str, file: str) -> str:
    kind = SUFFIXES.get(suffix.lower())
    if kind is None:
        raise InputError.at(file, None, _("unknown file type {0}; use .yaml, .yml or .txt.").format(suffix or '(none)'))
    return kind
