"""The YAML case file: a `series` mapping and its `cases`, validated with the line of every error."""

from __future__ import annotations

from typing import Any

from cardnews.errors import InputError
from cardnews.model import Case, Item, Notice, Series
from cardnews.reading import DEFAULT_LAYOUT, DEFAULT_SIZE, Cleaner, clean_description, organisation_from, period_from
from cardnews.text import emoji_in, strip_emoji
from cardnews.yaml_source import LocatedYaml

SERIES_FIELDS = {
    "title": "The series title, on the cover.",
    "bundle": "The zip's name without .zip (default: the title).",
    "organisation": "The office, on the cover and closing card (default: read from the title, e.g. 강남구).",
    "handle": "The channel handle on the closing card, e.g. @gangnam_gu.",
    "period": "The period on the cover, e.g. 2024 상반기 (default: read from the title).",
    "layout": "The layout (theme) name or a path to a layout file.",
    "size": "The size preset, e.g. portrait.",
    "hashtags": "Hashtags for the caption, without #.",
    "description": "Long-form text about the series, for the post body and alt text.",
}
CASE_FIELDS = {
    "kicker": "The short line above the headline.",
    "headline": "The case's headline; emoji inside it are drawn inline.",
    "emoji": "The header emoji (one or a list; default: the emoji in the headline).",
    "contents": "The case's line on the contents card (default: the headline without emoji).",
    "items": "The ✅ lines: text, or {text, notes}.",
}
ITEM_FIELDS = {"text": "The ✅ line.", "notes": "Smaller lines under the item."}


def parse_yaml(text: str, file: str, notices: list[Notice]) -> Series:
    """The series a YAML case file describes; every schema problem is added to `notices`."""
    doc = LocatedYaml(text, file)
    clean = Cleaner(file, notices)

    def error(path: str, message: str) -> None:
        notices.append(Notice("error", f"{path}: {message}" if path else message, file, doc.line(path)))

    def string(value: Any, path: str, required: bool = False) -> str:
        if value is None:
            if required:
                error(path, "is required")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            error(path, f"expected text, got {_kind(value)}")
            return ""
        return clean(value, doc.line(path))

    root = doc.data
    if not isinstance(root, dict):
        raise InputError(f"{file}:{doc.line('') or 1}: a case file is a mapping with `series:` and `cases:` (see README).")
    _unknown(root, {"series", "cases"}, "", error)
    series = root.get("series")
    if not isinstance(series, dict):
        error("series", "is required: a mapping with title, organisation, … (see README)")
        series = {}
    _unknown(series, SERIES_FIELDS, "series", error)
    raw_cases = root.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        error("cases", "is required: a list of cases, each with a headline and items")
        raw_cases = []

    cases = []
    for index, raw in enumerate(raw_cases):
        path = f"cases[{index}]"
        if not isinstance(raw, dict):
            error(path, f"expected a mapping with headline and items, got {_kind(raw)}")
            continue
        _unknown(raw, CASE_FIELDS, path, error)
        headline = string(raw.get("headline"), f"{path}.headline", required=True)
        emoji = _emoji_list(raw.get("emoji"), f"{path}.emoji", string, error) or emoji_in(headline)
        items = _items(raw.get("items"), f"{path}.items", string, error)
        contents = string(raw.get("contents"), f"{path}.contents") or strip_emoji(headline)
        kicker = string(raw.get("kicker"), f"{path}.kicker")
        cases.append(Case(kicker, headline, emoji, items, contents, line=doc.line(path)))

    title = string(series.get("title"), "series.title", required=True)
    hashtags = series.get("hashtags") or []
    if isinstance(hashtags, str):
        hashtags = hashtags.replace(",", " ").split()
    if not isinstance(hashtags, list):
        error("series.hashtags", f"expected a list of words, got {_kind(hashtags)}")
        hashtags = []
    return Series(
        title=title,
        bundle=string(series.get("bundle"), "series.bundle") or title,
        organisation=string(series.get("organisation"), "series.organisation") or organisation_from(title),
        handle=string(series.get("handle"), "series.handle"),
        period=string(series.get("period"), "series.period") or period_from(title),
        layout=string(series.get("layout"), "series.layout") or DEFAULT_LAYOUT,
        size=string(series.get("size"), "series.size") or DEFAULT_SIZE,
        hashtags=tuple(string(tag, f"series.hashtags[{i}]").lstrip("#") for i, tag in enumerate(hashtags)),
        description=_description(series.get("description"), string),
        cases=tuple(cases),
    )


def _description(value, string) -> str:
    if value is None:
        return ""
    return clean_description(value) if isinstance(value, str) else string(value, "series.description")


def _items(value, path, string, error) -> tuple[Item, ...]:
    if not isinstance(value, list) or not value:
        error(path, "is required: a list of ✅ lines (text, or {text, notes})")
        return ()
    items = []
    for index, raw in enumerate(value):
        item_path = f"{path}[{index}]"
        if isinstance(raw, dict):
            _unknown(raw, ITEM_FIELDS, item_path, error)
            notes = raw.get("notes") or []
            if isinstance(notes, str):
                notes = [notes]
            if not isinstance(notes, list):
                error(f"{item_path}.notes", f"expected a list of lines, got {_kind(notes)}")
                notes = []
            text = string(raw.get("text"), f"{item_path}.text", required=True)
            items.append(Item(text, tuple(string(n, f"{item_path}.notes[{i}]") for i, n in enumerate(notes))))
        else:
            items.append(Item(string(raw, item_path, required=True)))
    return tuple(items)


def _emoji_list(value, path, string, error) -> tuple[str, ...]:
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for index, raw in enumerate(values):
        text = string(raw, f"{path}[{index}]" if isinstance(value, list) else path)
        spans = emoji_in(text)
        if text and not spans:
            error(path, f"{text!r} is not an emoji; use one like 🏃 or a shortcode like :person_running:")
        found.extend(spans)
    return tuple(found)


def _unknown(mapping: dict, known, path: str, error) -> None:
    for key in mapping:
        if key not in known:
            where = f"{path}.{key}" if path else str(key)
            error(where, f"unknown key; expected one of {', '.join(sorted(known))}")


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)
