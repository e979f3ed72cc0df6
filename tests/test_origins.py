"""Every drawn text knows where it was read: its origin names the case-file line, in every layout and size.

The web page selects that line when a card's text is clicked, and the overlap check names it; both read
the origin, so here each run's text is looked up in the line its origin points to, in the file itself.
"""

from __future__ import annotations

from pathlib import Path

import emoji
import pytest

from cardnews.build import plan
from cardnews.checks import text_boxes
from cardnews.input.load import load_case
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import list_layouts

CASES = Path(__file__).resolve().parents[1] / "cases"
REFERENCE_TXT, REFERENCE_YAML = CASES / "2024-h1-gangnam.txt", CASES / "2024-h1-gangnam.yaml"
FROM_THE_FILE = ("title", "subtitle", "handle", "organisation", "period", "kicker", "headline", "contents", "item", "note", "emoji")


def written_at(lines: list[str], line: int) -> str:
    """The text written on a 1-based line; for a YAML key with a block scalar (`key: |-`), its block below."""
    text = lines[line - 1]
    if text.rstrip().endswith(("|", "|-", ">", ">-")):
        indent = len(text) - len(text.lstrip())
        block = []
        for below in lines[line:]:
            if below.strip() and len(below) - len(below.lstrip()) <= indent:
                break
            block.append(below)
        return "\n".join(block)
    return text


def squash(text: str) -> str:
    return "".join(text.split()).replace("\u00ad", "").replace("\u200d", "").rstrip("…")  # the lost joiner comes back when drawn


@pytest.mark.parametrize("layout", list_layouts())
@pytest.mark.parametrize("case_file", [REFERENCE_TXT, REFERENCE_YAML], ids=["summary", "yaml"])
def test_each_run_is_found_on_the_line_its_origin_names(case_file, layout, fonts):
    lines = case_file.read_text(encoding="utf-8").split("\n")
    loaded = load_case(case_file, {"layout": layout, "size": ",".join(SIZES)})
    planned = plan(loaded, fonts)
    checked = 0
    for size, cards in planned.layouts.items():
        for card in cards:
            for box in text_boxes(card, fonts):
                origin = box.origin
                assert origin is not None, f"{size} {card.filename}: {box.text!r} has no origin"
                if origin.role not in FROM_THE_FILE:
                    assert origin.path is None
                    continue
                line = planned.source.line(origin.path)
                assert line is not None, f"{size} {card.filename}: {box.text!r} ({origin.path}) has no line"
                if origin.role == "title" and case_file.suffix == ".txt":
                    continue  # the summary's title is made from its bundle line; the line itself is checked below
                drawn, written = squash(box.text), written_at(lines, line)
                if emoji.replace_emoji(drawn, ""):  # a contents entry drops the headline's emoji
                    drawn, written = emoji.replace_emoji(drawn, ""), emoji.replace_emoji(written, "")
                assert drawn and drawn in squash(written), f"{size} {card.filename}: {box.text!r} is not on line {line}: {written!r}"
                checked += 1
    assert checked > 100


def test_the_summarys_title_points_at_its_bundle_line(fonts):
    lines = REFERENCE_TXT.read_text(encoding="utf-8").split("\n")
    planned = plan(load_case(REFERENCE_TXT), fonts)
    cover = planned.layouts["portrait"][0]
    titles = [box for box in text_boxes(cover, fonts) if box.origin and box.origin.role == "title"]
    assert titles and {lines[planned.source.line(box.origin.path) - 1].endswith(".zip") for box in titles} == {True}
