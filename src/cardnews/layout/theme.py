"""Layout files: a theme's palette, type and, per card kind, the boxes of its elements.

Everything visual lives in `layouts/<name>.yaml`; this module reads and checks it, so a mistake in
a layout is reported with its file, line and key before anything is drawn.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cardnews.errors import LayoutError
from cardnews.layout.fonts import WEIGHTS
from cardnews.resources import layouts_dir
from cardnews.input.reading import read_capped
from cardnews.input.yaml_source import LocatedYaml

FONT_ROLES = ("title", "headline", "kicker", "body", "label", "note", "small")
CARD_KINDS = ("cover", "contents", "case", "continuation", "closing")
FLOW_TYPES = ("text", "emoji_row", "bar", "checklist", "contents_list", "logo", "pill", "spacer")
PLACED_TYPES = ("chip", "text", "rule", "logo", "stack")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}(/[0-9A-Fa-f]{2})?$")
_ALPHA = re.compile(r"^[a-z_]+(/[0-9A-Fa-f]{2})?$")

_REQUIRED = {
    "chip": ("at", "text"),
    "text": ("text",),
    "rule": ("box",),
    "logo": ("height",),
    "stack": ("box", "children"),
    "emoji_row": ("source", "tile"),
    "bar": ("width", "height", "color"),
    "checklist": ("role", "note_role"),
    "contents_list": ("role",),
    "pill": ("text", "height"),
    "spacer": ("height",),
}


@dataclass(frozen=True)
class TypeRange:
    """A text role's sizes in px at 1080 wide: shrink freely to `comfortable`, warn below it."""

    largest: int
    comfortable: int
    smallest: int


@dataclass(frozen=True)
class Theme:
    """A checked layout file; `for_size` gives the one to use at a given size preset."""

    name: str
    label: str
    description: str
    palette: dict[str, str]
    fonts: dict[str, str]
    type: dict[str, TypeRange]
    backgrounds: dict[str, dict]
    cards: dict[str, dict]
    source: str
    folder: Path
    variants: dict[str, dict] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def for_size(self, size: str) -> Theme:
        """The theme with the size's variant (type sizes, card boxes) laid over it."""
        variant = self.variants.get(size)
        if not variant:
            return self
        types = dict(self.type)
        types.update({key: TypeRange(*value) for key, value in (variant.get("type") or {}).items()})
        cards = copy.deepcopy(self.cards)
        for kind, card in (variant.get("cards") or {}).items():
            cards[kind] = {**cards.get(kind, {}), **card}
        return replace(self, type=types, cards=cards)

    def with_colours(self, overrides: dict[str, str]) -> Theme:
        return replace(self, palette={**self.palette, **overrides}) if overrides else self

    def color(self, value: str) -> str:
        """A palette name or hex colour, with an optional "/AA" alpha, as "#RRGGBBAA"."""
        name, _, alpha = value.partition("/")
        base = name if name.startswith("#") else self.palette[name]
        return base[:7] + (alpha or "FF")

    def where(self, path: str) -> str:
        """file:line of a key path, for messages."""
        probe = path
        while probe and probe not in self.lines:
            probe = probe.rsplit(".", 1)[0] if "." in probe else ""
        return f"{self.source}:{self.lines.get(probe, 1)}"


def find_layout(name: str, base: Path | None = None) -> Path:
    """A layout by name (in ./layouts, or built in) or by path to a .yaml file."""
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_absolute() and base is not None and not path.exists():
            path = base / name
        if path.is_file():
            return path
        raise LayoutError(f"layout file {name!r} not found.")
    found = list_layouts()
    if name in found:
        return found[name]
    raise LayoutError(f"unknown layout {name!r}; choose one of {', '.join(sorted(found))}, or give a path to a layout .yaml file.")


def list_layouts() -> dict[str, Path]:
    """Built-in layouts, and those dropped into ./layouts (which win on a name clash)."""
    found = {p.stem: p for p in sorted(layouts_dir().glob("*.yaml"))}
    local = Path.cwd() / "layouts"
    if local.is_dir() and local.resolve() != layouts_dir().resolve():
        found.update({p.stem: p for p in sorted(local.glob("*.yaml"))})
    return found


MAX_LAYOUT_BYTES = 1_000_000


def load_theme(path: Path) -> Theme:
    """Read and check a layout file; every problem names the file, line and key."""
    file = str(path)
    try:
        doc = LocatedYaml(read_capped(path, MAX_LAYOUT_BYTES, "a layout file", LayoutError).decode("utf-8-sig"), file)
    except UnicodeDecodeError:
        raise LayoutError(f"{file}: not UTF-8 text; save the layout as UTF-8.") from None
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[str] = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{file}:{doc.line(key) or 1}: {key}: {message}")

    palette = _mapping(data, "palette", problem)
    for key, value in palette.items():
        if not isinstance(value, str) or not _HEX.match(value):
            problem(f"palette.{key}", f'expected a colour like "#1F5FE0", got {value!r}')
    fonts = _mapping(data, "fonts", problem)
    for key in FONT_ROLES:
        if fonts.get(key) not in WEIGHTS:
            problem(f"fonts.{key}", f"expected one of {', '.join(WEIGHTS)}, got {fonts.get(key)!r}")
    types = _types(_mapping(data, "type", problem), "type", problem, required=True)
    backgrounds = _mapping(data, "backgrounds", problem)
    for name, spec in backgrounds.items():
        _check_background(spec, f"backgrounds.{name}", palette, path.parent, problem)
    cards = _mapping(data, "cards", problem)
    for kind in CARD_KINDS:
        if kind not in cards:
            problem(f"cards.{kind}", "is missing: every layout defines cover, contents, case, continuation and closing")
    for kind, card in cards.items():
        _check_card(card, f"cards.{kind}", palette, backgrounds, problem)
    variants = data.get("variants") or {}
    if not isinstance(variants, dict):
        problem("variants", "expected a mapping of size name to overrides")
        variants = {}
    for size, variant in variants.items():
        if not isinstance(variant, dict):
            problem(f"variants.{size}", "expected a mapping with type and/or cards")
            continue
        _types(variant.get("type") or {}, f"variants.{size}.type", problem, required=False)
        for kind, card in (variant.get("cards") or {}).items():
            _check_card(card, f"variants.{size}.cards.{kind}", palette, backgrounds, problem)
    if problems:
        raise LayoutError("\n".join(problems))
    return Theme(
        name=str(data.get("name") or path.stem),
        label=str(data.get("label") or path.stem),
        description=str(data.get("description") or ""),
        palette=dict(palette),
        fonts=dict(fonts),
        type=types,
        backgrounds=dict(backgrounds),
        cards=dict(cards),
        source=file,
        folder=path.parent,
        variants=dict(variants),
        lines=doc.lines,
    )


def _mapping(data: dict, key: str, problem) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        problem(key, "is required: a mapping")
        return {}
    return value


def _types(sizes: dict, path: str, problem, required: bool) -> dict[str, TypeRange]:
    ranges: dict[str, TypeRange] = {}
    for key in FONT_ROLES if required else sizes:
        value = sizes.get(key)
        if (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(v, int) and 8 <= v <= 400 for v in value)
            and value[0] >= value[1] >= value[2]
        ):
            ranges[key] = TypeRange(*value)
        else:
            problem(f"{path}.{key}", f"expected [largest, comfortable, smallest] in px, largest first, got {value!r}")
    return ranges


def _colour_ok(value: Any, palette: dict) -> bool:
    if not isinstance(value, str):
        return False
    if _HEX.match(value):
        return True
    return bool(_ALPHA.match(value)) and value.partition("/")[0] in palette


def _check_background(spec: Any, path: str, palette: dict, folder: Path, problem) -> None:
    if not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in ("color", "gradient", "image"):
        problem(path, "expected one of {color: C}, {gradient: [TOP, BOTTOM]} or {image: FILE}")
        return
    kind, value = next(iter(spec.items()))
    if kind == "color" and not _colour_ok(value, palette):
        problem(f"{path}.color", f"unknown colour {value!r}")
    elif kind == "gradient" and not (isinstance(value, list) and len(value) == 2 and all(_colour_ok(v, palette) for v in value)):
        problem(f"{path}.gradient", f"expected two colours [top, bottom], got {value!r}")
    elif kind == "image":
        image = folder / str(value)
        if not isinstance(value, str) or ".." in Path(value).parts or Path(value).is_absolute() or not image.is_file():
            problem(f"{path}.image", f"expected an image file in the layout's folder, got {value!r}")


def _box_ok(value: Any, size: int = 4) -> bool:
    return isinstance(value, list) and len(value) == size and all(isinstance(v, (int, float)) for v in value)


def _check_card(card: Any, path: str, palette: dict, backgrounds: dict, problem) -> None:
    if not isinstance(card, dict):
        problem(path, "expected a mapping with background and elements")
        return
    background = card.get("background")
    if background is not None and background not in backgrounds:
        problem(f"{path}.background", f"expected one of the backgrounds ({', '.join(backgrounds)}), got {background!r}")
    for index, deco in enumerate(card.get("decorations") or []):
        where = f"{path}.decorations[{index}]"
        if not isinstance(deco, dict) or deco.get("shape") not in ("ellipse", "rect") or not _box_ok(deco.get("box")):
            problem(where, "expected {shape: ellipse|rect, box: [x, y, w, h], fill: colour}")
        elif not _colour_ok(deco.get("fill"), palette):
            problem(f"{where}.fill", f"unknown colour {deco.get('fill')!r}")
    elements = card.get("elements")
    if "elements" in card and not isinstance(elements, list):
        problem(f"{path}.elements", "expected a list of elements")
        return
    for index, element in enumerate(elements or []):
        _check_element(element, f"{path}.elements[{index}]", PLACED_TYPES, palette, problem)


def _check_element(element: Any, path: str, allowed: tuple, palette: dict, problem) -> None:
    if not isinstance(element, dict) or element.get("type") not in allowed:
        got = element.get("type") if isinstance(element, dict) else element
        problem(path, f"expected an element with type one of {', '.join(allowed)}, got {got!r}")
        return
    kind = element["type"]
    for key in _REQUIRED.get(kind, ()):
        if key not in element:
            problem(f"{path}.{key}", f"is required for a {kind} element")
    if "box" in element and not _box_ok(element["box"]):
        problem(f"{path}.box", f"expected [x, y, width, height] as fractions of the safe area, got {element['box']!r}")
    if "at" in element and not _box_ok(element["at"], 2):
        problem(f"{path}.at", f"expected [x, y] as fractions of the safe area, got {element['at']!r}")
    for key in ("color", "fill", "ink", "outline", "panel", "divider", "note_color", "bullet_color"):
        if key in element and not _colour_ok(element[key], palette):
            problem(f"{path}.{key}", f"unknown colour {element[key]!r}; use a palette name or \"#RRGGBB\"")
    for key in ("role", "note_role"):
        if key in element and element[key] not in FONT_ROLES:
            problem(f"{path}.{key}", f"expected one of {', '.join(FONT_ROLES)}, got {element[key]!r}")
    if "weight" in element and element["weight"] not in FONT_ROLES:
        problem(f"{path}.weight", f"expected a font role ({', '.join(FONT_ROLES)}), got {element['weight']!r}")
    if kind == "text" and element.get("size", "fit") not in ("fit", "comfortable", "largest", "smallest"):
        problem(f"{path}.size", f"expected fit, largest, comfortable or smallest, got {element['size']!r}")
    if kind == "emoji_row" and element.get("source") not in ("case", "cases"):
        problem(f"{path}.source", f"expected case or cases, got {element.get('source')!r}")
    if kind == "emoji_row" and element.get("fallback", "number") not in ("number", "none"):
        problem(f"{path}.fallback", f"expected number or none, got {element.get('fallback')!r}")
    if kind == "contents_list" and element.get("marker", "check") not in ("check", "number"):
        problem(f"{path}.marker", f"expected check or number, got {element.get('marker')!r}")
    if "marker_color" in element and not _colour_ok(element["marker_color"], palette):
        problem(f"{path}.marker_color", f"unknown colour {element['marker_color']!r}; use a palette name or \"#RRGGBB\"")
    if kind == "stack":
        for index, child in enumerate(element.get("children") or []):
            _check_element(child, f"{path}.children[{index}]", FLOW_TYPES, palette, problem)
