"""Layout files: a theme's palette, fonts and type sizes, read from layouts/<name>.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cardnews.errors import LayoutError
from cardnews.fonts import WEIGHTS
from cardnews.resources import layouts_dir
from cardnews.yaml_source import LocatedYaml

COLOURS = (
    "cover_top cover_bottom cover_ink cover_soft highlight page_top page_bottom ink muted "
    "accent accent_soft on_accent panel panel_line note"
).split()
FONT_ROLES = ("title", "headline", "kicker", "body", "label", "note", "small")
TYPE_ROLES = ("title", "headline", "kicker", "body", "note", "label", "small")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$")


@dataclass(frozen=True)
class TypeRange:
    """A text role's sizes in px at 1080 wide: shrink freely to `comfortable`, warn below it."""

    largest: int
    comfortable: int
    smallest: int


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    palette: dict[str, str]
    fonts: dict[str, str]
    type: dict[str, TypeRange]
    source: str


def find_layout(name: str, base: Path | None = None) -> Path:
    """A layout by name (built in, or in ./layouts) or by path to a .yaml file."""
    candidates = []
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        candidates.append(Path(name) if base is None or Path(name).is_absolute() else base / name)
    else:
        candidates += [Path.cwd() / "layouts" / f"{name}.yaml", layouts_dir() / f"{name}.yaml"]
    for path in candidates:
        if path.is_file():
            return path
    known = ", ".join(sorted(list_layouts()))
    raise LayoutError(f"unknown layout {name!r}; choose one of {known}, or give a path to a layout .yaml file.")


def list_layouts() -> dict[str, Path]:
    found = {p.stem: p for p in sorted(layouts_dir().glob("*.yaml"))}
    local = Path.cwd() / "layouts"
    if local.is_dir():
        found.update({p.stem: p for p in sorted(local.glob("*.yaml"))})
    return found


def load_theme(path: Path) -> Theme:
    """Read and check a layout file; every problem names the file, line and key."""
    file = str(path)
    try:
        doc = LocatedYaml(path.read_text(encoding="utf-8-sig"), file)
    except OSError as exc:
        raise LayoutError(f"{file}: cannot be read ({exc.strerror}).") from None
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[str] = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{file}:{doc.line(key) or 1}: {key}: {message}")

    palette = data.get("palette") if isinstance(data.get("palette"), dict) else {}
    for key in COLOURS:
        value = palette.get(key)
        if not isinstance(value, str) or not _HEX.match(value):
            problem(f"palette.{key}", f"expected a colour like \"#1F5FE0\", got {value!r}")
    fonts = data.get("fonts") if isinstance(data.get("fonts"), dict) else {}
    for key in FONT_ROLES:
        if fonts.get(key) not in WEIGHTS:
            problem(f"fonts.{key}", f"expected one of {', '.join(WEIGHTS)}, got {fonts.get(key)!r}")
    sizes = data.get("type") if isinstance(data.get("type"), dict) else {}
    ranges: dict[str, TypeRange] = {}
    for key in TYPE_ROLES:
        value = sizes.get(key)
        if (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(v, int) and 8 <= v <= 400 for v in value)
            and value[0] >= value[1] >= value[2]
        ):
            ranges[key] = TypeRange(*value)
        else:
            problem(f"type.{key}", f"expected [largest, comfortable, smallest] in px, largest first, got {value!r}")
    if problems:
        raise LayoutError("\n".join(problems))
    return Theme(
        name=str(data.get("name") or path.stem),
        label=str(data.get("label") or path.stem),
        palette={key: palette[key] for key in COLOURS},
        fonts={key: fonts[key] for key in FONT_ROLES},
        type=ranges,
        source=file,
    )
