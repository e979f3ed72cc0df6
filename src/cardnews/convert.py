"""A series as case-file text, YAML or the summary format: what `cardnews convert` writes."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from cardnews.input.reading import read_text
from cardnews.input.titles import organisation_from, period_from
from cardnews.input.yaml_source import LocatedYaml
from cardnews.model import Series
from cardnews.text import emoji_in, strip_emoji


def series_to_summary(series: Series) -> str:
    """The weekly summary text of a series, items marked ✅: what a PR officer edits, and what reads back to it.

    Header keys are written only where the text would not give the same value by itself.
    """
    header = []
    if series.title != series.bundle:
        header.append(("title", series.title))
    if series.organisation and series.organisation != organisation_from(series.title)[0]:
        header.append(("organisation", series.organisation))
    if series.period and series.period != period_from(series.title):
        header.append(("period", series.period))
    for key in ("handle", "layout", "size"):
        if getattr(series, key):
            header.append((key, getattr(series, key)))
    if series.hashtags:
        header.append(("hashtags", " ".join(series.hashtags)))
    blocks = ["\n".join(f"{key}: {value}" for key, value in header)] if header else []
    blocks += [paragraph for paragraph in series.description.split("\n\n") if paragraph]
    blocks.append("\n".join([f"{series.bundle}.zip", *(f"✅ {case.contents}" for case in series.cases)]))
    for case in series.cases:
        lines = [f"{case.kicker} {case.headline}" if case.kicker else case.headline]
        for item in case.items:
            lines.append(f"✅ {item.text}")
            lines += [f"*{note}" for note in item.notes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def series_to_yaml(series: Series, brand: dict | None = None) -> str:
    """YAML that reads back to the same series (and `brand:` kit, as written); fields equal to their
    defaults are left out."""
    head: dict = {"title": series.title}
    if series.bundle != series.title:
        head["bundle"] = series.bundle
    if series.organisation:
        head["organisation"] = series.organisation
    if series.handle:
        head["handle"] = series.handle
    if series.period:
        head["period"] = series.period
    if series.layout:
        head["layout"] = series.layout
    if series.size:
        head["size"] = series.size
    if series.hashtags:
        head["hashtags"] = list(series.hashtags)
    if series.description:
        head["description"] = series.description
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
        entry["items"] = [{"text": item.text, "notes": list(item.notes)} if item.notes else item.text for item in case.items]
        cases.append(entry)
    document = {"series": head, **({"brand": brand} if brand else {}), "cases": cases}
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def brand_block(case_file: Path, target_folder: Path) -> dict | None:
    """A YAML case file's `brand:` mapping as written, its logo path made relative to `target_folder`,
    so a converted file keeps its brand kit (checked when the file was loaded)."""
    if case_file.suffix.lower() not in (".yaml", ".yml"):
        return None
    data = LocatedYaml(read_text(case_file, []), str(case_file), as_text=True).data
    brand = data.get("brand") if isinstance(data, dict) else None
    if not isinstance(brand, dict):
        return None
    brand = dict(brand)
    if isinstance(brand.get("logo"), str) and brand["logo"].strip():
        logo = (case_file.parent / brand["logo"]).resolve()
        brand["logo"] = Path(os.path.relpath(logo, target_folder.resolve())).as_posix()
    return brand


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with paragraphs written as literal blocks a person can edit."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)
