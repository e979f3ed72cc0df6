"""Next week's case file, started from this week's settings: brand, theme, sizes, handle, hashtags."""

from __future__ import annotations

import os
from pathlib import Path

from cardnews.bundle.package import make_folder, write_file
from cardnews.errors import InputError
from cardnews.input.brand import BRAND_FILE
from cardnews.input.load import SUFFIXES, Loaded, load_case, raise_errors
from cardnews.model import Brand
from cardnews.bundle.names import safe_name
from cardnews.i18n import _

_EXAMPLE_CASES = """\
cases:
  - kicker: 한 줄로 관심을 끄는 문장!
    headline: 사례 제목을 적어 주세요 🏃
    items:
      - 무엇을 했는지 한 줄로 적어 주세요
      - text: 성과나 수치를 적어 주세요
        notes:
          - 작은 글씨로 덧붙일 설명
"""


def latest_case_file(folder: Path) -> Path | None:
    """The most recently changed case file in a folder: last week's, usually."""
    files = [p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES and p.is_file() and p.stem != "brand"]
    return max(files, key=lambda p: p.stat().st_mtime, default=None)


def starter_text(name: str, loaded: Loaded | None, as_summary: bool) -> str:
    """A case file carrying the previous series' settings and an example case to overwrite."""
    previous = loaded.series if loaded else None

    def own(key: str) -> str:
        """A setting as the previous file wrote it (the brand kit, carried over too, keeps its own)."""
        return getattr(loaded.settings, key) if loaded and loaded.origins.get(key) == f"series.{key}" else ""

    settings = {
        "organisation": previous.organisation if previous else "",
        "handle": previous.handle if previous else "",
        "layout": own("layout"),
        "size": own("size"),
        "hashtags": " ".join(previous.hashtags) if previous else "",
    }
    if as_summary:
        header = "".join(f"{key}: {value}\n" for key, value in settings.items() if value)
        return (
            f"{header}\n이번 호에서 소개할 내용을 한두 문장으로 적어 주세요.\n\n\n{name}.zip\n✅ 사례 제목을 적어 주세요\n\n"
            "한 줄로 관심을 끄는 문장! 사례 제목을 적어 주세요 🏃\n✅ 무엇을 했는지 한 줄로 적어 주세요\n"
            "✅ 성과나 수치를 적어 주세요\n*작은 글씨로 덧붙일 설명\n"
        )
    lines = ["series:", f"  title: {_quote(name)}"]
    for key, value in settings.items():
        if key == "hashtags" and previous and previous.hashtags:
            lines.append(_("  hashtags: [{0}]").format(', '.join((_quote(tag) for tag in previous.hashtags))))
        elif value and key != "hashtags":
            lines.append(_("  {key}: {0}").format(_quote(value), key=key))
    return "\n".join(lines) + "\n" + _EXAMPLE_CASES


def write_starter(name: str, folder: Path, previous_file: Path | None, as_summary: bool) -> Path:
    """Write NAME.yaml (or .txt) in `folder`, with last week's brand kit; never overwrite a file."""
    target = folder / (safe_name(name) + (".txt" if as_summary else ".yaml"))
    if target.exists():
        raise InputError(_("{target}: already exists; choose another name or remove it first.").format(target=target))
    previous = load_case(previous_file) if previous_file else None
    if previous is not None:
        raise_errors(previous.notices)
    make_folder(folder, "--dir")
    text = starter_text(name, previous, as_summary)
    brand = previous.settings.brand if previous else None
    if brand is not None and (folder / BRAND_FILE).resolve() != Path(brand.source).resolve():
        if as_summary or Path(brand.source).name == BRAND_FILE:
            _copy_brand(brand, folder)
        else:
            text += brand_yaml(brand, folder, key="brand")
    write_file(target, text.encode("utf-8"), "--dir")
    return target


def brand_yaml(brand: Brand, folder: Path, key: str = "") -> str:
    """The brand kit as YAML for a file in `folder` (logo path relative to it)."""
    fields = {
        "logo": os.path.relpath(brand.logo.name, folder) if brand.logo else "",
        "handle": brand.handle,
        "organisation": brand.organisation,
        "layout": brand.layout,
        "size": brand.size,
    }
    lines = [f"{key}:"] if key else []
    indent = "  " if key else ""
    lines += [f"{indent}{name}: {_quote(value)}" for name, value in fields.items() if value]
    if brand.colors:
        lines.append(_("{indent}colors:").format(indent=indent))
        lines += [f"{indent}  {name}: {_quote(value)}" for name, value in brand.colors.items()]
    return "\n".join(lines) + "\n"


def _copy_brand(brand: Brand, folder: Path) -> None:
    """Give the new folder last week's brand.yaml (unless it has one), pointing at the same logo."""
    target = folder / BRAND_FILE
    if not target.exists():
        write_file(target, brand_yaml(brand, folder).encode("utf-8"), "--dir")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
