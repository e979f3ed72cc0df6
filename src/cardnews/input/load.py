"""Choosing the reader by file extension: .yaml/.yml or .txt, one model out."""

from __future__ import annotations

from pathlib import Path

from cardnews.errors import InputError
from cardnews.model import Notice, Series
from cardnews.input.summary import parse_summary
from cardnews.input.yaml_case import parse_yaml
from cardnews.input.reading import read_text

READERS = {".yaml": parse_yaml, ".yml": parse_yaml, ".txt": parse_summary}


def load_series(path: Path, overrides: dict[str, str] | None = None) -> tuple[Series, list[Notice]]:
    """Read a case file; return the series and every notice. Raises InputError if any is an error."""
    series, notices = read_series(path, overrides)
    raise_errors(notices)
    return series, notices


def read_series(path: Path, overrides: dict[str, str] | None = None) -> tuple[Series, list[Notice]]:
    """Read a case file, errors and all, so a check can report them with the rest.

    Raises InputError only when nothing can be read (no file, not text, a structure it cannot follow).
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"{path}: unknown file type {path.suffix or '(none)'}; use .yaml, .yml or .txt.")
    notices: list[Notice] = []
    series = reader(read_text(path, notices), str(path), notices)
    if overrides:
        series = _override(series, overrides)
    return series, notices


def raise_errors(notices: list[Notice]) -> None:
    """Stop with every error-level notice, in the order of their lines."""
    errors = sorted((n for n in notices if n.level == "error"), key=lambda n: n.line or 0)
    if errors:
        raise InputError("\n".join(str(n) for n in errors), errors)


def _override(series: Series, overrides: dict[str, str]) -> Series:
    from dataclasses import replace

    return replace(series, **{key: value for key, value in overrides.items() if value})
