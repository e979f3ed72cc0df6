"""Choosing the reader: by file extension (.yaml/.yml or .txt), a .txt by what it holds, or as asked
(`--from summary|release`); one model out."""

from __future__ import annotations

from pathlib import Path

from cardnews.errors import InputError
from cardnews.model import Notice, Series
from cardnews.input.reading import read_text
from cardnews.input.release import looks_like_release, parse_release
from cardnews.input.summary import parse_summary
from cardnews.input.yaml_case import parse_yaml

READERS = {".yaml": parse_yaml, ".yml": parse_yaml, ".txt": parse_summary}
FORMATS = {"summary": parse_summary, "release": parse_release}


def load_series(path: Path, overrides: dict[str, str] | None = None) -> tuple[Series, list[Notice]]:
    """Read a case file; return the series and every notice. Raises InputError if any is an error."""
    series, notices = read_series(path, overrides)
    raise_errors(notices)
    return series, notices


def read_series(path: Path, overrides: dict[str, str] | None = None) -> tuple[Series, list[Notice]]:
    """Read a case file, errors and all, so a check can report them with the rest.

    Raises InputError only when nothing can be read (no file, not text, a structure it cannot follow).
    `overrides` may hold `from` (summary or release) besides the series settings.
    """
    overrides = dict(overrides or {})
    chosen = overrides.pop("from", "") or ""
    notices: list[Notice] = []
    text = read_text(path, notices) if chosen or path.suffix.lower() in READERS else None
    kind = input_kind(path, text, chosen)
    if kind == "release":
        notices.append(Notice(
            "warning",
            "read as a press release (□ headings, ○ points, - and ※ notes); "
            "`cardnews convert` writes it as a summary text to edit (--from summary reads it as a summary)",
            str(path),
        ))
    series = {"yaml": parse_yaml, **FORMATS}[kind](text, str(path), notices)
    if overrides:
        series = _override(series, overrides)
    return series, notices


def input_kind(path: Path, text: str | None, chosen: str = "") -> str:
    """yaml, summary or release: as asked, else by extension, a .txt by whether it looks like a press release."""
    if chosen:
        if chosen not in FORMATS:
            raise InputError(f"--from {chosen}: unknown input format; choose summary or release.")
        return chosen
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"{path}: unknown file type {path.suffix or '(none)'}; use .yaml, .yml or .txt.")
    if reader is parse_yaml:
        return "yaml"
    return "release" if text is not None and looks_like_release(text) else "summary"


def raise_errors(notices: list[Notice]) -> None:
    """Stop with every error-level notice, in the order of their lines."""
    errors = sorted((n for n in notices if n.level == "error"), key=lambda n: n.line or 0)
    if errors:
        raise InputError("\n".join(str(n) for n in errors), errors)


def _override(series: Series, overrides: dict[str, str]) -> Series:
    from dataclasses import replace

    return replace(series, **{key: value for key, value in overrides.items() if value})
