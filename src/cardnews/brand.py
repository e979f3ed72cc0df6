"""The office's brand kit: logo, colours and channel handle, from brand.yaml beside the case file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from cardnews.errors import InputError
from cardnews.images import open_image_safely
from cardnews.model import Series
from cardnews.yaml_source import LocatedYaml

BRAND_FILE = "brand.yaml"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_KEYS = {"logo", "colors", "handle", "organisation", "layout", "size"}


@dataclass(frozen=True)
class Brand:
    """What a brand kit sets; empty fields leave the case file and layout as they are."""

    logo: Path | None = None
    colors: dict[str, str] = field(default_factory=dict)
    handle: str = ""
    organisation: str = ""
    layout: str = ""
    size: str = ""
    source: str = ""


def find_brand(case_file: Path, explicit: Path | None = None) -> Brand | None:
    """The brand kit named on the command line, or brand.yaml beside the case file, or none."""
    path = explicit or case_file.parent / BRAND_FILE
    if explicit is None and not path.is_file():
        return None
    return load_brand(path)


def load_brand(path: Path) -> Brand:
    file = str(path)
    try:
        doc = LocatedYaml(path.read_text(encoding="utf-8-sig"), file)
    except FileNotFoundError:
        raise InputError(f"{file}: brand file not found; check the path given to --brand.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot be read as UTF-8 text ({exc}).") from None
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        raise InputError(f"{file}:1: a brand file is a mapping with logo, colors, handle (see README).")
    problems = [f"{file}:{doc.line(key)}: {key}: unknown key; expected one of {', '.join(sorted(_KEYS))}" for key in data if key not in _KEYS]
    colors = data.get("colors") or {}
    if not isinstance(colors, dict):
        problems.append(f"{file}:{doc.line('colors')}: colors: expected a mapping like primary: \"#0051A4\"")
        colors = {}
    for key, value in colors.items():
        if not isinstance(value, str) or not _HEX.match(value):
            problems.append(f"{file}:{doc.line(f'colors.{key}')}: colors.{key}: expected a colour like \"#0051A4\", got {value!r}")
    logo = None
    if data.get("logo"):
        logo = (path.parent / str(data["logo"])).resolve()
        if not logo.is_file():
            problems.append(f"{file}:{doc.line('logo')}: logo: {data['logo']!r} not found beside the brand file")
        elif logo.suffix.lower() != ".png":
            problems.append(f"{file}:{doc.line('logo')}: logo: use a PNG with transparency, got {logo.suffix or 'no extension'}")
    if problems:
        raise InputError("\n".join(problems))
    if logo is not None:
        open_image_safely(logo)  # fail now, with the file named, rather than while drawing
    return Brand(
        logo=logo,
        colors={str(k): str(v) for k, v in colors.items()},
        handle=str(data.get("handle") or ""),
        organisation=str(data.get("organisation") or ""),
        layout=str(data.get("layout") or ""),
        size=str(data.get("size") or ""),
        source=file,
    )


def apply_brand(series: Series, brand: Brand | None, explicit: set[str]) -> Series:
    """Fill what the case file left to the brand; settings given on the command line stay."""
    if brand is None:
        return series
    changes = {}
    for key in ("handle", "organisation", "layout", "size"):
        value = getattr(brand, key)
        if value and key not in explicit and (key in ("layout", "size") or not getattr(series, key)):
            changes[key] = value
    return replace(series, **changes)


def palette_overrides(brand: Brand | None) -> dict[str, str]:
    """Brand colours as layout palette entries: `primary` and `accent` are shorthands."""
    if brand is None:
        return {}
    colors = dict(brand.colors)
    out: dict[str, str] = {}
    primary = colors.pop("primary", None)
    if primary:
        out.update(accent=primary, cover_bottom=primary, cover_top=_shade(primary, 0.62), accent_soft=_tint(primary, 0.86))
    accent = colors.pop("accent", None)
    if accent:
        out["highlight"] = accent
    out.update(colors)
    return out


def _shade(color: str, factor: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(round(r * factor), round(g * factor), round(b * factor))


def _tint(color: str, amount: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c + (255 - c) * amount) for c in (r, g, b)))
