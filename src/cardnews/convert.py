"""A series as case-file text, YAML or the summary format: what `cardnews convert` writes."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from cardnews.input.load import Loaded
from cardnews.input.titles import organisation_from, period_from
from cardnews.text import emoji_in, strip_emoji
from cardnews.i18n import _


def _written_settings(loaded: Loaded) -> list[tuple[str, str]]:
    """The layout, size and compact mode as the file (or an option) sets them; defaults and brand kits are left out."""
    return [(key, getattr(loaded.settings, key)) for key in ("layout", "size", "compact") if loaded.origins.get(key, "").startswith(("series.", "--"))]


def series_to_summary(loaded: Loaded) -> str:
    """The weekly summary text of a series, items marked ✅: what a PR officer edits, and what reads back to it.

    Header keys are written only where the text would not give the same value by itself.
    """
    series = loaded.series
    header = []
    if series.title != series.bundle:
        header.append(("title", series.title))
    if series.organisation and series.organisation != organisation_from(series.title)[0]:
        header.append(("organisation", series.organisation))
    if series.period and series.period != period_from(series.title):
        header.append(("period", series.period))
    if series.handle:
        header.append(("handle", series.handle))
    header += _written_settings(loaded)
    if series.hashtags:
        header.append(("hashtags", " ".join(series.hashtags)))
    header += [(key, ", ".join(map(_number, value)) if key == "focus" else value) for key, value in _photo_keys(series.photo).items()]
    blocks = ["\n".join(f"{key}: {value}" for key, value in header)] if header else []
    blocks += [paragraph for paragraph in series.description.split("\n\n") if paragraph]
    blocks.append("\n".join([f"{series.bundle}.zip", *(f"✅ {case.contents}" for case in series.cases)]))
    for case in series.cases:
        lines = [f"{case.kicker} {case.headline}" if case.kicker else case.headline]
        if case.photo is not None:
            keys = _photo_keys(case.photo)
            parts = [keys["image"], keys.get("image_alt", ""), keys.get("credit", ""), ", ".join(map(_number, keys.get("focus", [])))]
            while parts and not parts[-1]:
                parts.pop()
            lines.append("📷 " + " | ".join(parts))
        for item in case.items:
            lines.append(_("✅ {text}").format(text=item.text))
            lines += [f"*{note}" for note in item.notes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def series_to_yaml(loaded: Loaded, brand: dict | None = None) -> str:
    """YAML that reads back to the same series, the settings the file (or an option) sets and its `brand:`
    kit (as written); fields equal to their defaults are left out."""
    series = loaded.series
    head: dict = {"title": series.title}
    if series.bundle != series.title:
        head["bundle"] = series.bundle
    if series.organisation:
        head["organisation"] = series.organisation
    if series.handle:
        head["handle"] = series.handle
    if series.period:
        head["period"] = series.period
    head.update(_written_settings(loaded))
    if series.hashtags:
        head["hashtags"] = list(series.hashtags)
    if series.description:
        head["description"] = series.description
    head.update(_photo_keys(series.photo))
    cases = []
    for case in series.cases:
        entry: dict = {}
        if case.kicker:
            entry["kicker"] = case.kicker
        entry["headline"] = case.headline
        if case.emoji != emoji_in(case.headline):
            entry["emoji"] = list(case.emoji)
        if case.contents != strip_emoji(case.headline):
            entry["contents"] = case.contents
        entry.update(_photo_keys(case.photo))
        entry["items"] = [{"text": item.text, "notes": list(item.notes)} if item.notes else item.text for item in case.items]
        cases.append(entry)
    document = {"series": head, **({"brand": brand} if brand else {}), "cases": cases}
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _photo_keys(photo) -> dict:
    """A photo as the case file writes it; its path as written, relative to the case file."""
    if photo is None:
        return {}
    keys: dict = {"image": photo.path}
    if photo.alt:
        keys["image_alt"] = photo.alt
    if photo.credit:
        keys["credit"] = photo.credit
    if photo.focus is not None:
        keys["focus"] = list(photo.focus)
    return keys


def _number(value: float) -> str:
    return f"{value:g}"


def brand_block(loaded: Loaded, target_folder: Path) -> dict | None:
    """A YAML case file's `brand:` mapping as written, its logo path made relative to `target_folder`,
    so a converted file keeps its brand kit (checked when the file was loaded)."""
    if not isinstance(loaded.brand_data, dict):
        return None
    brand = dict(loaded.brand_data)
    if isinstance(brand.get("logo"), str) and brand["logo"].strip():
        logo = ((loaded.base or Path.cwd()) / brand["logo"]).resolve()
        brand["logo"] = Path(os.path.relpath(logo, target_folder.resolve())).as_posix()
    return brand


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with paragraphs written as literal blocks a person can edit."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)
