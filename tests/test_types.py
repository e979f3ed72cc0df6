"""Types: mypy with its default settings finds nothing wrong in src/, so the values passed between the
stages (Series, Settings, SourceMap, Planned, Bundle, …) are what each stage expects."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_passes_on_the_source(monkeypatch):
    mypy = pytest.importorskip("mypy.api", reason="the test extra is not installed: pip install -e '.[test]'")
    monkeypatch.chdir(ROOT)  # mypy src/, as a person runs it from the project root (its cache in .mypy_cache)
    out, err, code = mypy.run(["src/"])
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("Success: no issues found"), out
