"""Shared fixtures: the reference case files, one FontBook, and the reference built once per session."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

# The tests pin messages in English, as --lang en prints them; the Korean ones (the default for users) are
# pinned where they ask for Korean by name (--lang ko, Accept-Language: ko, CARDNEWS_LANG=ko).
os.environ["CARDNEWS_LANG"] = "en"

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
REFERENCE_YAML = CASES / "2024-h1-gangnam.yaml"
REFERENCE_TXT = CASES / "2024-h1-gangnam.txt"
ORIGINAL_SUMMARY = Path(__file__).resolve().parent / "reference" / "gangnam-2024-h1.txt"


@pytest.fixture(scope="session")
def reference_yaml() -> Path:
    return REFERENCE_YAML


@pytest.fixture(scope="session")
def reference_txt() -> Path:
    return REFERENCE_TXT


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    """The original summary exactly as published: no header block, the joiner lost in copying."""
    return ORIGINAL_SUMMARY


@pytest.fixture(scope="session")
def fonts():
    from cardnews.layout.fonts import FontBook

    return FontBook()


@pytest.fixture(scope="session")
def planned(fonts):
    """The reference YAML laid out once (no files written)."""
    from cardnews.build import plan
    from cardnews.input.load import load_case

    return plan(load_case(REFERENCE_YAML), fonts)


@dataclass(frozen=True)
class BuildResult:
    source: Path
    out: Path
    exit_code: int
    stdout: str
    stderr: str


def run_build(source: Path, out: Path, capfd=None) -> BuildResult:
    """Run `cardnews build SOURCE --out OUT` through the CLI entry point."""
    import contextlib
    import io

    from cardnews.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["build", str(source), "--out", str(out)])
    return BuildResult(source, out, code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture(scope="session")
def built_yaml(tmp_path_factory) -> BuildResult:
    """The reference YAML built once per session into its own folder."""
    return run_build(REFERENCE_YAML, tmp_path_factory.mktemp("built-yaml"))


@pytest.fixture(scope="session")
def built_txt(tmp_path_factory) -> BuildResult:
    """The reference summary text built once per session into its own folder."""
    return run_build(REFERENCE_TXT, tmp_path_factory.mktemp("built-txt"))


@pytest.fixture
def case_copy(tmp_path) -> Path:
    """A private copy of the reference YAML a test may overwrite."""
    target = tmp_path / "case.yaml"
    shutil.copyfile(REFERENCE_YAML, target)
    return target


@pytest.fixture(scope="session")
def build_cli():
    """`build_cli(source, out)` runs `cardnews build` and returns a BuildResult."""
    return run_build
