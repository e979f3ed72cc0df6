"""Layout files: a theme's palette, type and, per card kind, its elements — checked once into typed values.

Everything visual lives in `layouts/<name>.yaml`. This module reads it, checks it against the keys the
element types declare (`layout/elements/`), fills in every default and lays each size's variant over
the base, so a mistake is reported with its file, line and key before anything is drawn, and layout
only ever sees complete, frozen values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from cardnews.errors import LayoutError
from cardnews.input.reading import read_capped
from cardnews.input.yaml_source import LocatedYaml
from cardnews.layout.elements import TYPES, CaseList, Checklist, Element, Stack
from cardnews.layout.fonts import WEIGHTS
from cardnews.layout.sizes import SIZES
from cardnews.layout.spec import (
    CARD_KINDS,
    REQUIRED_CARD_KINDS,
    FONT_ROLES,
    Checker,
    Choice,
    Colour,
    Colours,
    Elements,
    Flag,
    Fractions,
    Number,
    Text,
    key,
    record_schema,
)
from cardnews.resources import layouts_dir
from cardnews.i18n import _

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}(/[0-9A-Fa-f]{2})?$")
_DESIGN_KEYS = ("palette", "fonts", "type", "backgrounds", "cards")
_FILE_KEYS = ("name", "label", "description", *_DESIGN_KEYS, "variants")
TYPE_PX = (8, 400)  # the sizes a type range may take, in px at 1080 wide


@dataclass(frozen=True)
class TypeRange:
    """A text role's sizes in px at 1080 wide: shrink freely to `comfortable`, warn below it."""

    largest: int
    comfortable: int
    smallest: int


@dataclass(frozen=True, kw_only=True)
class Background:
    """A card's ground: one colour, a vertical gradient, or a picture cropped to fill."""

    color: str = key(Colour(), "", "One colour.")
    gradient: tuple[str, ...] = key(Colours(2), (), "[TOP, BOTTOM]: a vertical gradient.")
    image: str = key(Text(), "", "A picture file in the layout's folder, cropped to fill the card.")


@dataclass(frozen=True, kw_only=True)
class Decoration:
    """A shape drawn under the elements; its box is a fraction of the whole card."""

    shape: str = key(Choice(("ellipse", "rect")), doc="ellipse or rect.")
    box: tuple[float, ...] = key(Fractions(("x", "y", "width", "height"), -2, 3), doc="[x, y, width, height] as fractions of the whole card.")
    fill: str = key(Colour(), doc="Its colour; with an alpha (\"#FFFFFF/14\") it lets the ground show through.")
    radius: float = key(Number(0, 2000), 0, "Corner radius of a rect in px.")
    keep_aspect: bool = key(Flag(), False, "Measure the height in card widths too, so a circle stays round at every size.")


@dataclass(frozen=True, kw_only=True)
class Card:
    """One card kind: its ground, decorations and elements, in drawing order."""

    background: str | None = key(Text(), None, "The name of one of the backgrounds (default: white).")
    decorations: tuple[Decoration, ...] = key(Elements("decorations"), (), "Shapes under the elements.")
    elements: tuple[Element, ...] = key(Elements("placed"), (), "The elements: chip, text, rule, logo, stack.")

    def dense(self, columns: int) -> Card:
        """The card with its long list set compactly, in up to `columns` columns."""
        return replace(self, elements=tuple(e.dense(columns) if isinstance(e, Stack) else e for e in self.elements))

    def case_list_stack(self) -> Stack | None:
        """The stack holding a compact card's case list."""
        return next((e for e in self.elements if isinstance(e, Stack) and any(isinstance(c, CaseList) for c in e.children)), None)

    def paged_stack(self) -> Stack | None:
        """The first stack holding a list that continues on further cards."""
        return next((e for e in self.elements if isinstance(e, Stack) and e.paged_child() is not None), None)


@dataclass(frozen=True)
class Design:
    """A layout at one size: every value layout needs, checked and complete."""

    palette: Mapping[str, str]
    fonts: Mapping[str, str]
    type: Mapping[str, TypeRange]
    backgrounds: Mapping[str, Background]
    cards: Mapping[str, Card]

    def color(self, value: str) -> str:
        """A palette name or hex colour, with an optional "/AA" alpha, as "#RRGGBBAA"."""
        name, _ignored, alpha = value.partition("/")
        base = name if name.startswith("#") else self.palette[name]
        return base[:7] + (alpha or "FF")


@dataclass(frozen=True)
class Theme:
    """A checked layout file: its base design and, for every size preset, the design to use."""

    name: str
    label: str
    description: str
    source: str
    folder: Path
    base: Design
    sizes: Mapping[str, Design]
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def palette(self) -> Mapping[str, str]:
        return self.base.palette

    def for_size(self, size: str) -> Design:
        """The design with the size's variant laid over the base."""
        return self.sizes.get(size, self.base)

    def with_colours(self, overrides: dict[str, str]) -> Theme:
        """The theme with brand colours over its palette, at every size."""
        if not overrides:
            return self

        def recolour(design: Design) -> Design:
            return replace(design, palette={**design.palette, **overrides})

        return replace(self, base=recolour(self.base), sizes={size: recolour(d) for size, d in self.sizes.items()})

    def color(self, value: str) -> str:
        return self.base.color(value)


def find_layout(name: str, base: Path | None = None) -> Path:
    """A layout by name (in ./layouts, or built in) or by path to a .yaml file."""
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_absolute() and base is not None and not path.exists():
            path = base / name
        if path.is_file():
            return path
        raise LayoutError(_("layout file {name!r} not found.").format(name=name))
    found = list_layouts()
    if name in found:
        return found[name]
    raise LayoutError(_("unknown layout {name!r}; choose one of {0}, or give a path to a layout .yaml file.").format(', '.join(sorted(found)), name=name))


def list_layouts() -> dict[str, Path]:
    """Built-in layouts, and those dropped into ./layouts (which win on a name clash)."""
    found = {p.stem: p for p in sorted(layouts_dir().glob("*.yaml"))}
    local = Path.cwd() / "layouts"
    if local.is_dir() and local.resolve() != layouts_dir().resolve():
        found.update({p.stem: p for p in sorted(local.glob("*.yaml"))})
    return found


MAX_LAYOUT_BYTES = 1_000_000


def load_theme(path: Path) -> Theme:
    """Read and check a layout file; every problem names the file, line and key, all of them at once."""
    file = str(path)
    try:
        doc = LocatedYaml(read_capped(path, MAX_LAYOUT_BYTES, "a layout file", LayoutError).decode("utf-8-sig"), file)
    except UnicodeDecodeError:
        raise LayoutError(_("{file}: not UTF-8 text; save the layout as UTF-8.").format(file=file)) from None
    check = Checker(file, doc.line, {**TYPES, "decorations": Decoration})
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        check.problem("", _("expected a layout: a mapping with palette, fonts, type, backgrounds and cards"))
    check.unknown(data, _FILE_KEYS, "", "a layout")
    base_data = {k: v for k, v in data.items() if k in _DESIGN_KEYS}
    base = _design(base_data, check, path.parent)
    sizes: dict[str, Design] = {}
    variants = check.mapping(data.get("variants"), "variants", "a mapping of size name to what differs there")
    for size, variant in variants.items():
        if size not in SIZES:
            check.unknown({size: variant}, list(SIZES), "variants", "variants (a size name)")
            continue
        variant = check.mapping(variant, f"variants.{size}", f"a mapping with {', '.join(_DESIGN_KEYS)}")
        check.unknown(variant, _DESIGN_KEYS, f"variants.{size}", "a variant")
        origin: dict[str, str] = {}
        unknown_ids: list[tuple[str, str]] = []
        merged = merge(base_data, {k: v for k, v in variant.items() if k in _DESIGN_KEYS}, "", f"variants.{size}", origin, unknown_ids)
        check.locate = _locator(origin)
        for where, name in unknown_ids:
            ids = [e["id"] for e in _at(merged, where) or [] if isinstance(e, dict) and e.get("id")]
            check.problem(f"{where}.{name}", f"no element with id {name!r} to change here" + (f"; the ids here: {', '.join(ids)}" if ids else "; give the element an id first"))
        design = _design(merged, check, path.parent)
        if design is not None:
            sizes[size] = design
        check.locate = _same
    if check.problems:
        raise LayoutError("\n".join(check.problems))
    assert base is not None
    return Theme(
        name=str(data.get("name") or path.stem),
        label=str(data.get("label") or path.stem),
        description=str(data.get("description") or ""),
        source=file,
        folder=path.parent,
        base=base,
        sizes=sizes,
        lines=doc.lines,
    )


def merge(base: Any, over: Any, path: str, over_path: str, origin: dict[str, str], unknown_ids: list[tuple[str, str]]) -> Any:
    """`over` laid over `base`: mappings merge key by key, a list of elements takes changes by element id
    (`elements: {NAME: {…}}`), anything else is replaced. `origin` records where each replaced part is written."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for name, value in over.items():
            child, child_over = _join(path, name), _join(over_path, name)
            if name in base:
                merged[name] = merge(base[name], value, child, child_over, origin, unknown_ids)
            else:
                merged[name] = value
                origin[child] = child_over
        return merged
    if isinstance(base, list) and isinstance(over, dict):
        merged_list = list(base)
        ids = {e["id"]: i for i, e in enumerate(base) if isinstance(e, dict) and e.get("id")}
        for name, value in over.items():
            if name in ids:
                index = ids[name]
                merged_list[index] = merge(base[index], value, f"{path}[{index}]", _join(over_path, name), origin, unknown_ids)
            else:
                origin[f"{path}.{name}"] = _join(over_path, name)
                unknown_ids.append((path, name))
        return merged_list
    origin[path] = over_path
    return over


def _locator(origin: dict[str, str]) -> Callable[[str], str]:
    """Where a key path of the merged design is written: in the variant when it gave that part, else in the base."""

    def locate(path: str) -> str:
        probe = path
        while probe:
            if probe in origin:
                return origin[probe] + path[len(probe) :]
            probe = probe[: probe.rindex("[")] if probe.endswith("]") else probe.rsplit(".", 1)[0] if "." in probe else ""
        return path

    return locate


def _same(path: str) -> str:
    return path


def _design(data: dict, check: Checker, folder: Path) -> Design | None:
    """One size's design from its (merged) mapping."""
    before = len(check.problems)
    palette = check.mapping(data.get("palette"), "palette", 'a mapping of colour names to "#RRGGBB"')
    if "palette" not in data:
        check.problem("palette", _("is required: a mapping of colour names to \"#RRGGBB\""))
    for name, value in palette.items():
        if not isinstance(value, str) or not _HEX.match(value):
            check.problem(f"palette.{name}", _("expected a colour like \"#1F5FE0\", got {value!r}").format(value=value))
    check.palette = palette
    fonts = check.mapping(data.get("fonts"), "fonts", "a mapping of text role to weight")
    check.unknown(fonts, FONT_ROLES, "fonts", "fonts (a text role)")
    for role in FONT_ROLES:
        if fonts.get(role) not in WEIGHTS:
            check.problem(f"fonts.{role}", _("expected one of {0}, got {1!r}").format(', '.join(WEIGHTS), fonts.get(role)))
    types = check.mapping(data.get("type"), "type", "a mapping of text role to [largest, comfortable, smallest]")
    check.unknown(types, FONT_ROLES, "type", "type (a text role)")
    ranges = {role: _type_range(types.get(role), f"type.{role}", check) for role in FONT_ROLES}
    backgrounds = {}
    for name, value in check.mapping(data.get("backgrounds"), "backgrounds", "a mapping of background names").items():
        backgrounds[name] = _background(value, f"backgrounds.{name}", check, folder)
    cards: dict[str, Card] = {}
    card_data = check.mapping(data.get("cards"), "cards", "a mapping of card kind to its elements")
    check.unknown(card_data, CARD_KINDS, "cards", "cards (a card kind)")
    for kind in CARD_KINDS:
        if kind not in card_data:
            if kind not in REQUIRED_CARD_KINDS:
                continue
            check.problem(f"cards.{kind}", _("is missing: every layout defines cover, contents, case, continuation and closing"))
            continue
        card = check.record(Card, check.mapping(card_data[kind], f"cards.{kind}", "a mapping with background and elements"), f"cards.{kind}", f"a {kind} card")
        if card is None:
            continue
        if card.background is not None and card.background not in backgrounds:
            check.problem(f"cards.{kind}.background", _("expected one of the backgrounds ({0}), got {background!r}").format(', '.join(backgrounds), background=card.background))
        cards[kind] = card
    _check_lists(cards, check)
    if len(check.problems) > before:
        return None
    return Design(palette=dict(palette), fonts=dict(fonts), type=ranges, backgrounds=backgrounds, cards=cards)


def _check_lists(cards: dict[str, Card], check: Checker) -> None:
    """A checklist only where there is a case; a case's checklist continues on a continuation card that has one."""
    for kind, card in cards.items():
        for index, element in enumerate(card.elements):
            for child_index, child in enumerate(element.children if isinstance(element, Stack) else ()):
                if isinstance(child, Checklist) and kind not in ("case", "continuation", "photo_case"):
                    check.problem(
                        f"cards.{kind}.elements[{index}].children[{child_index}]",
                        _("a checklist shows a case's items: it belongs on the case and continuation cards only"),
                    )
                if isinstance(child, CaseList) and kind != "compact":
                    check.problem(
                        f"cards.{kind}.elements[{index}].children[{child_index}]",
                        _("a case list shows the cases of a compact card: it belongs on the compact card only"),
                    )
    compact = cards.get("compact")
    if compact and not compact.case_list_stack():
        check.problem("cards.compact.elements", _("has no stack with a case_list: a compact card lists its cases in one"))
    continuation = cards.get("continuation")
    if continuation and any(cards.get(kind) and cards[kind].paged_stack() for kind in ("case", "photo_case")) and not continuation.paged_stack():
        check.problem(
            "cards.continuation.elements",
            _("has no stack with a checklist: a case too long for its card continues on a continuation card, so add one (e.g. the case card's stack with its checklist)"),
        )


def _type_range(value: Any, path: str, check: Checker) -> TypeRange:
    low, high = TYPE_PX
    if (
        isinstance(value, list)
        and len(value) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high for v in value)
        and value[0] >= value[1] >= value[2]
    ):
        return TypeRange(*value)
    check.problem(path, _("expected [largest, comfortable, smallest] in px ({low} to {high}), largest first, got {value!r}").format(low=low, high=high, value=value))
    return TypeRange(low, low, low)


def _background(value: Any, path: str, check: Checker, folder: Path) -> Background:
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in ("color", "gradient", "image"):
        check.problem(path, _("expected one of {color: C}, {gradient: [TOP, BOTTOM]} or {image: FILE}"))
        return Background(color="#FFFFFF")
    background = check.record(Background, value, path, "a background") or Background(color="#FFFFFF")
    if background.image:
        image = Path(background.image)
        if ".." in image.parts or image.is_absolute() or not (folder / image).is_file():
            check.problem(f"{path}.image", _("expected an image file in the layout's folder, got {image!r}").format(image=background.image))
        return replace(background, image=str(folder / image))
    return background


def _at(data: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            data = data[int(part[1:-1])] if isinstance(data, list) and int(part[1:-1]) < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _join(path: str, name: Any) -> str:
    return f"{path}.{name}" if path else str(name)


# -- the schema for editors ----------------------------------------------------------------------


def layout_schema() -> dict:
    """The layout file's JSON Schema (draft-07), made from the same declarations the checks use."""
    colour = Colour().schema()
    weights = {"enum": list(WEIGHTS)}
    type_range = {
        "type": "array",
        "items": {"type": "integer", "minimum": TYPE_PX[0], "maximum": TYPE_PX[1]},
        "minItems": 3,
        "maxItems": 3,
        "description": "[largest, comfortable, smallest] in px on a 1080 px wide card, largest first.",
    }

    def roles(node: dict, partial: bool) -> dict:
        out = {"type": "object", "additionalProperties": False, "properties": {role: node for role in FONT_ROLES}}
        return out if partial else {**out, "required": list(FONT_ROLES)}

    def elements(group: str) -> dict:
        types: dict[str, type] = TYPES[group]
        return {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": list(types)}},
            "allOf": [
                {"if": {"properties": {"type": {"const": name}}}, "then": record_schema(cls, _doc(cls), type_name=name)}
                for name, cls in types.items()
            ],
        }

    def design(partial: bool) -> dict:
        ref = {"$ref": "#/definitions/card_change" if partial else "#/definitions/card"}
        cards = {"type": "object", "additionalProperties": False, "properties": {kind: ref for kind in CARD_KINDS}}
        return {
            "palette": {"type": "object", "description": 'Named colours, "#RRGGBB".', "additionalProperties": {"type": "string", "pattern": _HEX.pattern}},
            "fonts": {**roles(weights, partial), "description": "The weight of each text role."},
            "type": {**roles(type_range, partial), "description": "Each text role's sizes."},
            "backgrounds": {"type": "object", "description": "Named grounds for the cards.", "additionalProperties": {"$ref": "#/definitions/background"}},
            "cards": cards if partial else {**cards, "required": list(REQUIRED_CARD_KINDS)},
        }

    card = record_schema(Card, _doc(Card))
    card_change = record_schema(Card, _doc(Card))  # a variant may change elements by id: {ID: {key: value}}
    change = {"type": "object", "additionalProperties": {"type": "object"}, "description": "Changes to elements by their id."}
    card_change["properties"]["elements"] = {"anyOf": [card["properties"]["elements"], change]}
    background = record_schema(Background, _doc(Background))
    background.update(minProperties=1, maxProperties=1)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cardnews layout",
        "description": "A look for card-news series: palette, type and the elements of each card kind.",
        "type": "object",
        "additionalProperties": False,
        "required": ["palette", "fonts", "type", "cards"],
        "properties": {
            "name": {"type": "string", "description": "The layout's name (default: the file name)."},
            "label": {"type": "string", "description": "The name shown to people choosing a layout."},
            "description": {"type": "string", "description": "One line on the look."},
            **design(partial=False),
            "variants": {
                "type": "object",
                "description": "Per size, only what differs there: mappings merge, lists are replaced, elements: {ID: {…}} changes one element.",
                "additionalProperties": False,
                "properties": {size: {"$ref": "#/definitions/variant"} for size in SIZES},
            },
        },
        "definitions": {
            "placed": elements("placed"),
            "flowed": elements("flowed"),
            "decorations": record_schema(Decoration, _doc(Decoration)),
            "variant": {"type": "object", "additionalProperties": False, "properties": design(partial=True)},
            "card": card,
            "card_change": card_change,
            "background": background,
            "colour": colour,
        },
    }


def layout_schema_json() -> str:
    return json.dumps(layout_schema(), ensure_ascii=False, indent=2) + "\n"


def _doc(cls: type) -> str:
    return (cls.__doc__ or "").strip().split("\n")[0]
