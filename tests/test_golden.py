"""Golden images: the cover and first case card of every layout at every size; its contents,
continuation and closing cards at portrait; and a series in KS X 1001 symbols, old jamo, Latin Extended
and Hanja in every weight, compared within a tolerance.

The contents, continuation and closing cards are kept at one size: what each size changes (the boxes
and type of a variant) the cover and case goldens already hold at every size, while the code these
kinds run (the contents list, a checklist continued from the card before, the closing pill and tiles)
is the same at every size; 9 files instead of 36.

Regenerate only on purpose, after an intended visual change, and look at the images before committing:

    CARDNEWS_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from cardnews.layout.fonts import FontBook
from cardnews.layout.engine import layout_series
from cardnews.render.draw import render_card
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import find_layout, list_layouts, load_theme

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CARDNEWS_UPDATE_GOLDEN") == "1"
LAYOUTS = sorted(list_layouts())
# Tolerance: small enough that losing any one line of text fails (a whole headline line changes only
# ~0.7% of the pixels by more than 40, so "1% of pixels" would let it pass), large enough for
# anti-aliasing differences between FreeType builds.
MAX_MEAN_DIFFERENCE = 1.5  # mean absolute difference per channel, 0–255
MAX_CHANGED_SHARE = 0.0005  # share of pixels whose largest channel difference exceeds CHANGED
CHANGED = 40
CARDS = {"cover": "01-cover.png", "case-1": "03-case-1.png"}
KINDS = ("contents", "continuation", "closing")  # at portrait; the continuation of a case made long
SYMBOLS_CASE = GOLDEN_DIR / "symbols-hanja.txt"
# civic sets its title extrabold, headlines bold, kickers and contents semibold, items and notes regular;
# bold sets its headlines extrabold: so every weight draws Pretendard and the fallback font side by side.
SYMBOL_CARDS = [("civic", "01-cover"), ("civic", "02-contents"), ("civic", "03-case-1"), ("civic", "04-case-2"), ("civic", "05-case-3"), ("bold", "05-case-3")]


def half_size(image: Image.Image) -> Image.Image:
    return image.convert("RGB").resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute difference per channel, share of pixels differing by more than CHANGED)."""
    diff = ImageChops.difference(a, b)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    red, green, blue = diff.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    changed = sum(largest.histogram()[CHANGED + 1 :])
    return mean, changed / (a.width * a.height)


@pytest.fixture(scope="module")
def rendered(planned, fonts) -> dict[str, Image.Image]:
    by_name = {card.filename: card for card in planned.cards}
    return {key: half_size(render_card(by_name[filename], fonts)) for key, filename in CARDS.items()}


@pytest.fixture(scope="module")
def reference_series(planned):
    return planned.series


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("key", list(CARDS))
def test_card_matches_its_golden_image(reference_series, fonts: FontBook, layout, size, key):
    cards, _ = layout_series(reference_series, load_theme(find_layout(layout)), fonts, size)
    card = next(c for c in cards if c.filename == CARDS[key])
    assert_matches_golden(half_size(render_card(card, fonts)), GOLDEN_DIR / f"{layout}-{size}-{key}.png")


@pytest.fixture(scope="module")
def continued_series(reference_series):
    """The reference with its first case's items three times over: it continues on a second card."""
    from dataclasses import replace

    first = reference_series.cases[0]
    return replace(reference_series, cases=(replace(first, items=first.items * 3), *reference_series.cases[1:]))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
def test_contents_continuation_and_closing_cards_match_their_golden_images(reference_series, continued_series, fonts, layout, kind):
    series = continued_series if kind == "continuation" else reference_series
    cards, _ = layout_series(series, load_theme(find_layout(layout)), fonts, "portrait")
    card = next(c for c in cards if c.kind == kind)
    assert_matches_golden(half_size(render_card(card, fonts)), GOLDEN_DIR / f"{layout}-portrait-{kind}.png")


@pytest.fixture(scope="module")
def symbol_series(fonts):
    from cardnews.build import plan
    from cardnews.input.load import load_case

    return {layout: plan(load_case(SYMBOLS_CASE, {"layout": layout, "size": "portrait"}), fonts) for layout in {layout for layout, _ in SYMBOL_CARDS}}


@pytest.mark.parametrize(("layout", "card"), SYMBOL_CARDS)
def test_symbol_card_matches_its_golden_image(symbol_series, fonts: FontBook, layout, card):
    found = next(c for c in symbol_series[layout].cards if c.filename == f"{card}.png")
    assert any(getattr(e, "font", None) is not None and e.font.fallback for e in found.elements), "the card draws fallback glyphs"
    assert_matches_golden(half_size(render_card(found, fonts)), GOLDEN_DIR / f"symbols-{layout}-{card}.png")


def assert_matches_golden(image: Image.Image, golden_path: Path) -> None:
    if UPDATE:
        GOLDEN_DIR.mkdir(exist_ok=True)
        image.save(golden_path, optimize=True)
        pytest.skip(f"wrote {golden_path}; look at it before committing")
    if not golden_path.is_file():
        pytest.fail(f"{golden_path} is missing; create it with CARDNEWS_UPDATE_GOLDEN=1 pytest tests/test_golden.py")
    with Image.open(golden_path) as golden:
        golden = golden.convert("RGB")
    assert golden.size == image.size
    mean, changed = difference(image, golden)
    assert mean < MAX_MEAN_DIFFERENCE, f"mean difference {mean:.2f} (regenerate only if the change is intended)"
    assert changed < MAX_CHANGED_SHARE, f"{changed:.2%} of pixels changed by more than {CHANGED}"


def test_tolerance_tells_two_different_cards_apart(rendered):
    """The comparison is strict enough to notice a different card."""
    mean, changed = difference(rendered["cover"], rendered["case-1"])
    assert mean >= MAX_MEAN_DIFFERENCE and changed >= MAX_CHANGED_SHARE


def _case_card(planned):
    return next(c for c in planned.cards if c.filename == CARDS["case-1"])


def _text_runs(planned) -> list[str]:
    from cardnews.layout.geometry import TextRun

    return [e.text for e in _case_card(planned).elements if isinstance(e, TextRun) and len(e.text.strip()) >= 5]


def test_every_text_line_of_the_case_card_is_checked(planned):
    assert len(_text_runs(planned)) >= 10


@pytest.mark.parametrize("index", range(10))
def test_tolerance_notices_a_missing_line_of_text(rendered, planned, fonts, index):
    """Dropping any one line of text from the case card is enough to fail the comparison."""
    from dataclasses import replace

    from cardnews.layout.geometry import TextRun

    card = _case_card(planned)
    text = _text_runs(planned)[index]
    without = replace(card, elements=tuple(e for e in card.elements if not (isinstance(e, TextRun) and e.text == text)))
    mean, changed = difference(rendered["case-1"], half_size(render_card(without, fonts)))
    assert mean >= MAX_MEAN_DIFFERENCE or changed >= MAX_CHANGED_SHARE, text


def test_golden_images_are_stored_at_half_size():
    if UPDATE:
        pytest.skip("writing golden images")
    for layout in LAYOUTS:
        for size, preset in SIZES.items():
            for key in CARDS:
                path = GOLDEN_DIR / f"{layout}-{size}-{key}.png"
                if path.is_file():
                    with Image.open(path) as image:
                        assert image.size == (preset.width // 2, preset.height // 2)


def test_the_symbol_cards_draw_the_fallback_font_in_every_weight(symbol_series):
    weights = {
        e.font.weight
        for layout, card in SYMBOL_CARDS
        for c in symbol_series[layout].cards
        if c.filename == f"{card}.png"
        for e in c.elements
        if getattr(e, "font", None) is not None and e.font.fallback
    }
    assert weights == {"regular", "semibold", "bold", "extrabold"}
