"""Real press releases (tests/corpus/releases/), each converted and built, with every notice pinned.

tests/corpus/releases/releases.yaml gives, for each file, where it comes from (publisher, date, URL,
what of the page was kept) and exactly what `cardnews convert` and `cardnews build` print about it.
After a deliberate change to what they say (a new font, a reworded notice), regenerate the pins with
`CARDNEWS_UPDATE_CORPUS=1 pytest tests/test_release_corpus.py` and read the diff before committing.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from pathlib import Path

import pytest
import yaml

from cardnews.build import inspect
from cardnews.input.load import load_case
from cardnews.cli import main
from cardnews.input.release import classify
from cardnews.input.summary import parse_summary

CORPUS = Path(__file__).resolve().parent / "corpus" / "releases"
PINS = CORPUS / "releases.yaml"
EXPECTED = yaml.safe_load(PINS.read_text(encoding="utf-8"))
UPDATE = os.environ.get("CARDNEWS_UPDATE_CORPUS") == "1"
HEADER = """\
# Real public press releases (보도자료), kept word for word: where each comes from, and exactly what
# `cardnews convert FILE -o draft.txt` and `cardnews build FILE` print about it ({file} is the path given).
# Regenerate the pins with CARDNEWS_UPDATE_CORPUS=1 pytest tests/test_release_corpus.py
"""
_updates: dict[str, dict] = {}


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def pinned(err: str, path: Path) -> list[str]:
    return [line.replace(str(path), "{file}") for line in err.splitlines() if line]


def pin(name: str, key: str, value) -> None:
    """Check a result against its pin, or record it when regenerating."""
    if UPDATE:
        _updates.setdefault(name, {})[key] = value
        return
    assert value == EXPECTED[name][key]


@pytest.fixture(scope="module", autouse=True)
def write_updates():
    yield
    if UPDATE and _updates:
        for name, keys in _updates.items():
            EXPECTED[name].update(keys)
        PINS.write_text(HEADER + yaml.dump(EXPECTED, allow_unicode=True, sort_keys=True, width=1000), encoding="utf-8")


def test_the_corpus_is_complete_and_every_release_has_its_source():
    files = sorted(p.name for p in CORPUS.glob("*.txt"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 5
    for name in files:
        source = EXPECTED[name]["source"]
        assert source["url"].startswith("https://") and source["publisher"] and source["date"] and source["kept"], name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_convert_writes_a_summary_that_keeps_every_word(name, tmp_path):
    path = CORPUS / name
    draft = tmp_path / "draft.txt"
    code, out, err = run("convert", path, "-o", draft)
    assert code == 0, err
    pin(name, "convert", pinned(err, path))
    text = path.read_text(encoding="utf-8")
    summary = draft.read_text(encoding="utf-8")
    flat = " ".join(" ".join(line.removeprefix("✅ ").removeprefix("*") for line in summary.splitlines()).split())
    for number, raw in enumerate(text.splitlines(), start=1):
        line = classify(number, raw)
        kept = line.text[: -len(line.marker)].rstrip() if line.kind == "subpoint" and line.text.endswith(" -") else line.text
        kept = " ".join(kept.split())
        if kept:
            assert kept in flat, f"{name}:{number}: {kept!r} is not in the draft"
    for word in summary.split():  # and nothing that is not in the release, but the summary's own markers
        word = word.removesuffix(".zip").lstrip("*")
        assert word in text or word in ("✅", "organisation:"), f"{word!r} is in the draft but not in {name}"


@pytest.fixture(scope="module")
def fonts():
    from cardnews.layout.fonts import FontBook

    return FontBook()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_draft_reads_back_to_what_build_reads_from_the_release(name, tmp_path, fonts):
    path = CORPUS / name
    draft = tmp_path / "draft.txt"
    run("convert", path, "-o", draft)
    read = inspect(load_case(path), fonts).series
    again = parse_summary(draft.read_text(encoding="utf-8"), str(draft), []).series
    assert (again.title, again.organisation, again.description, again.cases) == (read.title, read.organisation, read.description, read.cases)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_build_reads_the_release_directly(name, tmp_path):
    path = CORPUS / name
    code, out, err = run("build", path, "--out", tmp_path / "out")
    assert "Traceback" not in err
    zips = list((tmp_path / "out").glob("*.zip")) if code == 0 else []
    cards = []
    if zips:
        with zipfile.ZipFile(zips[0]) as bundle:
            cards = sorted(n.rsplit("/", 1)[-1] for n in bundle.namelist() if n.endswith(".png"))
            assert all(bundle.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in bundle.namelist() if n.endswith(".png"))
    pin(name, "build", {"exit": code, "says": pinned(err, path), "cards": cards})
