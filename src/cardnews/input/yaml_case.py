"""The YAML case file: a `series` mapping and its `cases`, validated with the line of every error."""

from __future__ import annotations

import re
from typing import Any

from cardnews.errors import InputError
from cardnews.model import Case, Item, Notice, Photo, Series
from cardnews.input.reading import Cleaner, Parsed, clean_description
from cardnews.input.schema import validate
from cardnews.input.titles import organisation_from, period_from
from cardnews.text import emoji_in, strip_emoji
from cardnews.input.yaml_source import LocatedYaml
from cardnews.i18n import _


def parse_yaml(text: str, file: str, notices: list[Notice]) -> Parsed:
    """What a YAML case file says, and where; every schema problem is added to `notices`."""
    doc = LocatedYaml(text, file, as_text=True)
    clean = Cleaner(file, notices)

    def error(path: str, message: str) -> None:
        notices.append(Notice("error", f"{path}: {message}" if path else message, file, doc.line(path)))

    def string(value: Any, path: str) -> str:
        """Text as the schema allows it (a bare number reads as text); anything else was reported already."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return clean(value, doc.line(path)) if isinstance(value, str) else ""

    def required(value: Any, path: str) -> str:
        """Text that must show: only invisible characters (a lone U+200B) is as empty as nothing."""
        text = string(value, path)
        if not text and isinstance(value, str) and re.search(r"\S", value):  # a blank one the schema reported
            error(path, _("holds only invisible characters, so nothing would show; write the text here"))
        return text

    root = doc.data
    if not isinstance(root, dict):
        raise InputError.at(file, doc.line("") or 1, _("a case file is a mapping with `series:` and `cases:` (see README)."))
    spots = dict(doc.spots)
    for path, message in validate(root):
        error(path, message)
    series: dict = root["series"] if isinstance(root.get("series"), dict) else {}
    raw_cases: list = root["cases"] if isinstance(root.get("cases"), list) else []

    cases = []
    for index, raw in enumerate(raw_cases):
        path = f"cases[{index}]"
        if not isinstance(raw, dict):
            continue
        headline = required(raw.get("headline"), f"{path}.headline")
        emoji = _emoji_list(raw.get("emoji"), f"{path}.emoji", string, error) or emoji_in(headline)
        items = _items(raw.get("items"), f"{path}.items", string, error)
        contents = string(raw.get("contents"), f"{path}.contents") or strip_emoji(headline)
        kicker = string(raw.get("kicker"), f"{path}.kicker")
        cases.append(Case(kicker, headline, emoji, items, contents, _photo(raw, path, string, notices, file, doc.line)))
        _default(spots, f"{path}.contents", f"{path}.headline")
        _default(spots, f"{path}.emoji", f"{path}.headline")

    title = required(series.get("title"), "series.title")
    organisation = string(series.get("organisation"), "series.organisation")
    if not organisation:
        organisation, problem = organisation_from(title)
        if problem:
            notices.append(Notice("warning", problem, file, doc.line("series.title")))
    for key in ("bundle", "organisation", "period"):
        _default(spots, f"series.{key}", "series.title")
    content = Series(
        title=title,
        bundle=string(series.get("bundle"), "series.bundle") or title,
        organisation=organisation,
        handle=string(series.get("handle"), "series.handle"),
        period=string(series.get("period"), "series.period") or period_from(title),
        hashtags=tuple(tag.lstrip("#") for tag in _hashtags(series.get("hashtags"), string) if tag.lstrip("#")),
        description=_description(
            series.get("description"), string, lambda message: notices.append(Notice("warning", message, file, doc.line("series.description")))
        ),
        cases=tuple(cases),
        photo=_photo(series, "series", string, notices, file, doc.line),
    )
    layout, size = string(series.get("layout"), "series.layout"), string(series.get("size"), "series.size")
    compact = string(series.get("compact"), "series.compact")
    return Parsed(content, layout, size, spots, root.get("brand"), compact=compact)


def _photo(raw: dict, path: str, string, notices: list[Notice], file: str, line) -> Photo | None:
    """The photo a case (or the series, for the cover) names; its file is read later, by the loader."""
    image = string(raw.get("image"), f"{path}.image")
    point = _focus(raw.get("focus"))
    if not image:
        for key in ("image_alt", "credit", "focus"):
            if raw.get(key) is not None:
                notices.append(Notice("warning", _("{path}.{key}: there is no image for it; add image: FILE or remove it").format(path=path, key=key), file, line(f"{path}.{key}")))
        return None
    return Photo(image, alt=string(raw.get("image_alt"), f"{path}.image_alt"), credit=string(raw.get("credit"), f"{path}.credit"), focus=point)


def _focus(value: Any) -> tuple[float, float] | None:
    """[x, y] as fractions, from text as typed (the schema has said what is wrong with anything else)."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    try:
        x, y = (float(v) for v in value if not isinstance(v, bool))
    except (TypeError, ValueError):
        return None
    return (x, y) if 0 <= x <= 1 and 0 <= y <= 1 else None


def _default(spots: dict[str, tuple[int, int]], path: str, source: str) -> None:
    """A value the file leaves out is found where the one it is made from is."""
    if path not in spots and source in spots:
        spots[path] = spots[source]


def _hashtags(value, string) -> list[str]:
    if isinstance(value, str):
        return [string(tag, "series.hashtags") for tag in value.replace(",", " ").split()]
    if isinstance(value, list):
        return [string(tag, f"series.hashtags[{i}]") for i, tag in enumerate(value)]
    return []


def _description(value, string, warn) -> str:
    return clean_description(value, warn) if isinstance(value, str) else string(value, "series.description")


def _items(value, path, string, error) -> tuple[Item, ...]:
    items = []
    for index, raw in enumerate(value if isinstance(value, list) else []):
        item_path = f"{path}[{index}]"
        if isinstance(raw, dict):
            notes = raw.get("notes")
            notes = [notes] if isinstance(notes, (str, int, float)) else notes if isinstance(notes, list) else []
            text = string(raw.get("text"), f"{item_path}.text")
            if not text and isinstance(raw.get("text"), str) and re.search(r"\S", raw["text"]):
                error(f"{item_path}.text", _("holds only invisible characters, so nothing would show; write the text here"))
            items.append(Item(text, tuple(string(n, f"{item_path}.notes[{i}]") for i, n in enumerate(notes))))
        elif isinstance(raw, str):  # nothing at all (`- `) the schema reported
            text = string(raw, item_path)
            if not text:
                error(item_path, _("is empty, so the ✅ would stand alone; write the line or remove it"))
            items.append(Item(text))
    return tuple(items)


def _emoji_list(value, path, string, error) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [] if value is None else [value]
    found: list[str] = []
    for index, raw in enumerate(values):
        text = string(raw, f"{path}[{index}]" if isinstance(value, list) else path)
        spans = emoji_in(text)
        if text and not spans:
            error(path, _("{text!r} is not an emoji; use one like 🏃 or a shortcode like :person_running:").format(text=text))
        found.extend(spans)
    return tuple(found)
