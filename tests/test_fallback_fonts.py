"""Every character of KS X 1001 draws with a real glyph in every weight the layouts use: Pretendard GOV, or
the fallback font for what it lacks, which sits on Pretendard's baseline at Pretendard's weight."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw, ImageFont

from cardnews.build import plan
from cardnews.input.load import load_case
from cardnews.layout.fonts import FALLBACK_WEIGHTS, WEIGHTS, FontBook, FontSpec
from cardnews.layout.geometry import CardLayout, TextRun
from cardnews.render.draw import render_card
from cardnews.resources import fonts_dir, layouts_dir

ROOT = Path(__file__).resolve().parents[1]


def ks_x_1001() -> list[str]:
    """The repertoire: every two-byte EUC-KR code that decodes."""
    chars = []
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("euc_kr"))
            except UnicodeDecodeError:
                pass
    return chars


REPERTOIRE = ks_x_1001()
LAYOUT_WEIGHTS = sorted({weight for path in layouts_dir().glob("*.yaml") for weight in yaml.safe_load(path.read_text(encoding="utf-8"))["fonts"].values()})


def cmap(path: Path) -> set[int]:
    """A font's cmap as fontTools reads it."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return set(font.getBestCmap())


@lru_cache(maxsize=16)
def freetype(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), 24, layout_engine=ImageFont.Layout.BASIC)  # one glyph: no shaping needed


def has_ink(path: Path, ch: str) -> bool:
    """Whether FreeType draws anything for the character (a missing or blank glyph draws nothing)."""
    return freetype(path).getmask(ch).getbbox() is not None


def test_the_repertoire_is_all_of_ks_x_1001():
    assert len(REPERTOIRE) == 8225  # 4,888 Hanja, 2,350 Hangul syllables, 51 jamo and 936 others
    assert sum("CJK" in unicodedata.name(ch) for ch in REPERTOIRE) == 4888


def test_the_layouts_use_only_weights_with_both_fonts():
    assert LAYOUT_WEIGHTS and set(LAYOUT_WEIGHTS) <= set(WEIGHTS) == set(FALLBACK_WEIGHTS)


@pytest.mark.parametrize("weight", LAYOUT_WEIGHTS)
def test_every_character_of_ks_x_1001_has_a_real_glyph_in_the_bundled_fonts(weight):
    """Read from the font files' own cmaps, not through the coverage code under test."""
    primary_path, fallback_path = fonts_dir() / WEIGHTS[weight], fonts_dir() / FALLBACK_WEIGHTS[weight]
    primary, fallback = cmap(primary_path), cmap(fallback_path)
    missing, blank = [], []
    for ch in REPERTOIRE:
        path = primary_path if ord(ch) in primary else fallback_path if ord(ch) in fallback else None
        if path is None:
            missing.append(ch)
        elif not has_ink(path, ch) and unicodedata.category(ch) not in ("Zs", "Cf"):  # the ideographic and soft hyphen draw nothing
            blank.append(ch)
    assert missing == [] and blank == []


@pytest.mark.parametrize("weight", LAYOUT_WEIGHTS)
def test_the_fallback_font_maps_only_what_pretendard_lacks(weight):
    primary, fallback = cmap(fonts_dir() / WEIGHTS[weight]), cmap(fonts_dir() / FALLBACK_WEIGHTS[weight])
    assert fallback and not primary & fallback


def test_every_character_is_accepted_and_measured_and_drawn_in_the_font_that_maps_it(fonts: FontBook):
    """The runs a line is cut into are each in a font whose cmap (read by fontTools) holds all of it, and
    the line's width is the sum of what each run measures in its own font."""
    assert fonts.missing("".join(REPERTOIRE)) == []
    cmaps = {(weight, fallback): cmap(fonts_dir() / files[weight]) for weight in LAYOUT_WEIGHTS for fallback, files in ((False, WEIGHTS), (True, FALLBACK_WEIGHTS))}
    used = set()
    for start in range(0, len(REPERTOIRE), 40):
        line = " ".join(REPERTOIRE[start : start + 40])
        spans = fonts.spans(line)
        assert "".join(s.text for s in spans) == line
        assert not any(s.is_emoji for s in spans), line
        for weight in LAYOUT_WEIGHTS:
            spec = FontSpec(weight, 40)
            width = 0.0
            for span in spans:
                face = fonts.face(spec, span)
                assert set(map(ord, span.text)) <= cmaps[(weight, face.fallback)], span
                assert fonts.text_width(span.text, face) == fonts.font(face).getlength(span.text)
                width += fonts.font(face).getlength(span.text)
                used.add(face.fallback)
            assert fonts.line_width(line, spec) == pytest.approx(width)
    assert used == {False, True}


def test_symbols_that_are_emoji_only_when_asked_stay_text():
    """☎ ♨ ♠ without U+FE0F are KS X 1001 symbols, drawn as text; with it, colour emoji."""
    book = FontBook()
    assert not any(s.is_emoji for s in book.spans("문의 ☎ 053 ♨ ♠"))
    assert [(s.text, s.is_emoji) for s in book.spans("문의 ☎\ufe0f")] == [("문의 ", False), ("☎\ufe0f", True)]


def test_a_character_no_font_draws_is_still_reported(fonts: FontBook):
    assert fonts.missing("㉿ 𓀀 ◈") == ["𓀀"]


# -- a mixed line, measured from its pixels -------------------------------------------------------------------

# Pairs of a Pretendard jamo and an old jamo from the fallback font built on the same shape: ㅎ and ㆆ share
# their circle, ㅅ and ㅿ their feet.
MIXED = "ㅎㆆ ㅅㅿ"
MIXED_CASE = f"""organisation: 대구광역시 서구
title: {MIXED} 옛 글자

옛 글자 점검.zip
✅ {MIXED} 점검

옛 글자! {MIXED} 점검
✅ {MIXED} 본문
*{MIXED} 주석
"""


def _ink_rows(image: Image.Image, left: float, right: float) -> tuple[int, int, list[bool]] | None:
    """(top, bottom) of the dark pixels between two x positions, and a way to read one row there."""
    column = image.crop((max(0, int(left)), 0, int(right), image.height)).point(lambda v: 255 if v < 128 else 0)
    box = column.getbbox()
    if box is None:
        return None
    return box[1], box[3], column


def _stroke(column: Image.Image, y: int) -> int:
    """Width of the first dark run on row y."""
    row = [column.getpixel((x, y)) == 255 for x in range(column.width)]
    start = row.index(True)
    return (row[start:] + [False]).index(False)


@pytest.fixture(scope="module")
def mixed_lines(tmp_path_factory, fonts):
    """Every laid-out line holding the mixed text, from every card, as (weight, size, [(text, fallback, x0, x1)])."""
    path = tmp_path_factory.mktemp("mixed") / "mixed.txt"
    path.write_text(MIXED_CASE, encoding="utf-8")
    planned = plan(load_case(path, {"layout": "civic", "size": "portrait"}), fonts)
    lines = []
    for card in planned.cards:
        by_line: dict[tuple, list[TextRun]] = {}
        for element in card.elements:
            if isinstance(element, TextRun):
                by_line.setdefault((element.baseline, element.font.weight, element.font.size_px), []).append(element)
        for (baseline, weight, size), runs in by_line.items():
            runs.sort(key=lambda r: r.x)
            if "".join(r.text for r in runs).startswith(MIXED):
                lines.append((card, baseline, weight, size, runs))
    return lines


def test_the_mixed_text_is_laid_out_in_every_weight(mixed_lines):
    assert {weight for _, _, weight, _, _ in mixed_lines} == set(LAYOUT_WEIGHTS)
    for *_, runs in mixed_lines:
        assert [(r.text, r.font.fallback) for r in runs[:4]] == [("ㅎ", False), ("ㆆ", True), (" ㅅ", False), ("ㅿ", True)]


def test_a_mixed_line_sits_on_one_baseline_at_one_weight(mixed_lines, fonts):
    """Drawn by the renderer, black on white: each old jamo's foot on the line of its Pretendard twin's,
    and the strokes as thick."""
    for card, baseline, weight, size, runs in mixed_lines:
        black = tuple(replace(r, color="#000000") for r in runs)
        blank = CardLayout(card.kind, card.filename, card.page, card.total, card.width, card.height, black, ())
        image = render_card(blank, fonts).convert("L")
        edges = [r.x for r in runs[:5]]
        measured = [_ink_rows(image, left, right) for left, right in zip(edges, edges[1:])]
        (h_top, h_bottom, h_col), (_, yh_bottom, yh_col), (_, s_bottom, s_col), (_, z_bottom, z_col) = measured
        tolerance = max(1.5, size * 0.02)
        assert abs(h_bottom - yh_bottom) <= tolerance, (weight, size, h_bottom, yh_bottom)
        assert abs(s_bottom - z_bottom) <= tolerance, (weight, size, s_bottom, z_bottom)
        alone = Image.new("L", (size * 2, size * 2), 255)
        ImageDraw.Draw(alone).text((0, size), "ㅎ", font=fonts.font(runs[0].font), fill=0, anchor="ls")
        foot = _ink_rows(alone, 0, alone.width)[1] - size
        assert abs(h_bottom - (baseline + foot)) <= 1.5  # drawn on the baseline layout gave, not merely level
        circle_row = h_bottom - (h_bottom - h_top) * 3 // 10  # across the circle's sides
        primary, fallback = _stroke(h_col, circle_row), _stroke(yh_col, circle_row)
        assert abs(primary - fallback) <= max(1, primary * 0.25), (weight, size, primary, fallback)


def test_check_accepts_the_repertoire(tmp_path, capsys):
    """`cardnews check` on a summary holding every symbol, jamo and letter of KS X 1001, and every 25th of its
    Hangul syllables and Hanja (all of which `missing` covers above), lays it out and finds nothing it cannot draw."""
    from cardnews.cli import main

    common = [ch for ch in REPERTOIRE if "가" <= ch <= "힣" or "CJK" in unicodedata.name(ch)]
    chars = [ch for ch in REPERTOIRE if ch not in set(common)] + common[::25]
    words = [" ".join(chars[start : start + 12]) for start in range(0, len(chars), 12)]
    cases = [words[start : start + 12] for start in range(0, len(words), 12)]
    lines = ["KS X 1001 전체 점검.zip", *(f"✅ {n}번째 사례" for n in range(1, len(cases) + 1)), ""]
    for n, items in enumerate(cases, 1):
        lines += [f"{n}번째 사례", *(f"✅ {item}" for item in items), ""]
    path = tmp_path / "repertoire.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert "no bundled font" not in out and ": error:" not in out, out
    assert code in (0, 1) and err == ""
