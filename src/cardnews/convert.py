"""A series as YAML case-file text: what `cardnews convert` writes from a summary."""

from __future__ import annotations

import yaml

from cardnews.model import Series
from cardnews.text import emoji_in, strip_emoji


def series_to_yaml(series: Series) -> str:
    """YAML that reads back to the same series; fields equal to their defaults are left out."""
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
    return yaml.dump({"series": head, "cases": cases}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with paragraphs written as literal blocks a person can edit."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)
