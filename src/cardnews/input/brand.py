"""The office's brand kit: logo, colours and channel handle, from brand.yaml beside the case file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from cardnews.errors import InputError
from cardnews.input.images import read_picture
from cardnews.input.reading import read_text
from cardnews.model import Brand, Notice
from cardnews.input.schema import BRAND, validate
from cardnews.input.yaml_source import LocatedYaml
from cardnews.i18n import _

BRAND_FILE = "brand.yaml"


def brand_beside(case_file: Path, notices: list[Notice] | None = None) -> Brand | None:
    """brand.yaml in the case file's folder, if there is one."""
    beside = case_file.parent / BRAND_FILE
    return load_brand(beside, notices) if beside.is_file() else None


def load_brand(path: Path, notices: list[Notice] | None = None) -> Brand:
    """A brand.yaml file, checked against the same declaration as a case file's `brand:`. What reading it
    noticed (read as CP949) goes into `notices`, naming the file."""
    if not os.path.lexists(path):
        raise InputError(_("{path}: brand file not found; check the path given to --brand.").format(path=path))
    read: list[Notice] = []
    doc = LocatedYaml(read_text(path, read, "a brand file"), str(path), as_text=True)  # read as case files are: capped, CP949 too
    if notices is not None:
        notices += read
    return brand_from(doc.data, doc.line, "", str(path), path.parent)


def brand_from(data: Any, line: Callable[[str], int | None], prefix: str, file: str, base: Path | None) -> Brand:
    """A brand mapping validated with the schema, its logo relative to `base` (None: no folder, so no logo).

    `line` finds the line of a key path; `prefix` is the mapping's own path in the file (`brand`, or none).
    """
    problems = [f"{file}:{line(_join(prefix, where)) or 1}: {_join(prefix, where) or 'brand'}: {message}" for where, message in validate(data, BRAND)]
    logo = None
    if isinstance(data, dict) and isinstance(data.get("logo"), str) and data["logo"].strip():
        where = _join(prefix, "logo")
        try:
            logo = (base / str(data["logo"])).resolve() if base is not None else None
        except (OSError, RuntimeError):  # a symbolic link that leads back to itself
            problems.append(_("{file}:{0}: {where}: {1!r} is a symbolic link that loops; point it at the PNG itself").format(line(where), data['logo'], file=file, where=where))
        else:
            if logo is None or not logo.is_file():
                problems.append(_("{file}:{0}: {where}: {1!r} not found beside {name}").format(line(where), data['logo'], file=file, where=where, name=Path(file).name))
            elif logo.suffix.lower() != ".png":
                problems.append(_("{file}:{0}: {where}: use a PNG with transparency, got {1}").format(line(where), logo.suffix or 'no extension', file=file, where=where))
    if problems:
        raise InputError("\n".join(problems))
    picture = read_picture(logo) if logo is not None else None  # read once, here; drawing uses these bytes
    colors = data.get("colors") or {}
    return Brand(
        logo=picture,
        colors={str(k): str(v) for k, v in colors.items()},
        handle=str(data.get("handle") or ""),
        organisation=str(data.get("organisation") or ""),
        layout=str(data.get("layout") or ""),
        size=str(data.get("size") or ""),
        source=file,
    )


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix and key else prefix or key


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
