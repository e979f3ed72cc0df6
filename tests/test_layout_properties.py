"""Property test: any layout the declared schema accepts lays out the reference sample and the bad-input
corpus without an internal error.

Layouts are drawn from the schema `cardnews schema --layout` exports: a built-in layout with, for every
element, optional keys dropped or given a value drawn from the range the schema declares (numbers within
their minimum and maximum, one of the allowed words, a palette colour or a hex one, boxes of fractions),
and type sizes drawn within theirs. Each drawn layout must pass the JSON Schema and the layout checks
alike, then lay out the sample and two series of the corpus at a drawn size without raising. Text may
not fit such a layout: that is a notice (an error a user can fix, exit 2), never an exception.

Example count (stated in the README): 30.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardnews.errors import CardnewsError
from cardnews.input.load import load_series
from cardnews.layout.engine import layout_series
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import TYPE_PX, layout_schema, list_layouts, load_theme
from cardnews.layout.spec import FONT_ROLES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = layout_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
_KEPT = ("type", "text", "alt", "children", "id")  # templates stay as written; ids and children are structure


def _element_schemas(group: str) -> dict[str, dict]:
    return {rule["if"]["properties"]["type"]["const"]: rule["then"] for rule in SCHEMA["definitions"][group]["allOf"]}


ELEMENTS = {"elements": _element_schemas("placed"), "children": _element_schemas("flowed")}
DECORATION = SCHEMA["definitions"]["decorations"]


def built_in(name: str) -> dict:
    # through JSON, so YAML anchors (*name) become copies that can be changed one by one
    return json.loads(json.dumps(yaml.safe_load(list_layouts()[name].read_text(encoding="utf-8"))))


def value_of(draw, schema: dict, palette: list[str]):
    """A value the property's schema accepts, drawn within its declared range."""
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    kind = schema.get("type")
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "integer":
        return draw(st.integers(int(schema["minimum"]), int(schema["maximum"])))
    if kind == "number":
        return draw(st.floats(schema["minimum"], schema["maximum"], allow_nan=False, allow_infinity=False))
    if kind == "string" and schema.get("pattern", "").startswith("^(#"):  # a colour
        return draw(st.sampled_from(palette) | st.from_regex(r"\A#[0-9A-F]{6}\Z"))
    if kind == "array":
        items = schema["items"]
        count = schema["minItems"]
        return [value_of(draw, items, palette) for _ in range(count)]
    raise AssertionError(f"no strategy for {schema}")


def vary(draw, element: dict, schema: dict, palette: list[str]) -> None:
    """Drop optional keys and draw new values for others, in place."""
    required = set(schema.get("required", ()))
    for key, property_schema in schema["properties"].items():
        if key in _KEPT:
            continue
        choice = draw(st.sampled_from(("keep", "keep", "drop", "draw")))
        if choice == "drop" and key not in required:
            element.pop(key, None)
        elif choice == "draw":
            element[key] = value_of(draw, property_schema, palette)


def walk(draw, node, palette: list[str], parent: str = "") -> None:
    if isinstance(node, dict):
        if parent in ELEMENTS and node.get("type") in ELEMENTS[parent]:
            vary(draw, node, ELEMENTS[parent][node["type"]], palette)
        elif parent == "decorations":
            vary(draw, node, DECORATION, palette)
        for key, value in list(node.items()):
            walk(draw, value, palette, key)
    elif isinstance(node, list):
        for value in node:
            walk(draw, value, palette, parent)


@st.composite
def layouts(draw) -> dict:
    layout = built_in(draw(st.sampled_from(sorted(list_layouts()))))
    palette = list(layout["palette"])
    walk(draw, layout["cards"], palette)
    for variant in (layout.get("variants") or {}).values():
        walk(draw, variant.get("cards") or {}, palette)
    for role in FONT_ROLES:
        if draw(st.booleans()):
            sizes = sorted(draw(st.lists(st.integers(*TYPE_PX), min_size=3, max_size=3)), reverse=True)
            layout["type"][role] = sizes
    return layout


def _corpus() -> list:
    found = [load_series(ROOT / "cases" / "2024-h1-gangnam.yaml")[0]]
    for path in sorted((ROOT / "tests" / "bad_inputs").iterdir()):
        try:
            series, notices = load_series(path)
        except CardnewsError:
            continue  # a file that cannot be read at all
        if not any(n.level == "error" for n in notices) and series.cases:
            found.append(series)
    return found


CORPUS = _corpus()


def test_the_corpus_holds_the_sample_and_bad_inputs():
    assert len(CORPUS) >= 8


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(layout=layouts(), size=st.sampled_from(list(SIZES)), others=st.lists(st.sampled_from(CORPUS[1:]), min_size=2, max_size=2))
def test_any_layout_the_schema_accepts_lays_out_every_series(fonts, layout, size, others):
    assert list(VALIDATOR.iter_errors(layout)) == []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawn.yaml"
        path.write_text(yaml.safe_dump(layout, allow_unicode=True, sort_keys=False), encoding="utf-8")
        theme = load_theme(path)  # what the schema accepts, the checks accept too
    for series in [CORPUS[0], *others]:
        cards, _ = layout_series(series, theme, fonts, size)
        assert cards[0].kind == "cover" and cards[-1].kind == "closing"
        assert all(card.width == SIZES[size].width for card in cards)


@pytest.mark.parametrize("name", sorted(list_layouts()))
def test_the_built_in_layouts_are_what_the_schema_accepts(name):
    assert list(VALIDATOR.iter_errors(built_in(name))) == []
