"""The shortcuts that make a build fast give exactly what the slow way gives: glyph coverage, text widths,
emoji spans, YAML, rounded panels and the PDF."""

from __future__ import annotations

import io
import random
import struct
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cardnews.layout import fonts as fonts_module
from cardnews.render import draw as render
from cardnews.render.encode import encode_image, pdf_from_files, srgb_profile
from cardnews.layout.fonts import PLAIN_CHARS, WEIGHTS, FontBook, FontSpec
from cardnews.layout.geometry import Box, Shape
from cardnews.resources import fonts_dir, layouts_dir
from cardnews.text import split_spans
from cardnews.input.yaml_source import LocatedYaml

ROOT = Path(__file__).resolve().parents[1]
FONT_FILES = sorted(fonts_dir().glob("*.[ot]tf"))
# The features HarfBuzz applies by default to horizontal Hangul, Latin and common text.
DEFAULT_FEATURES = {
    "GSUB": {"rvrn", "ccmp", "locl", "rlig", "calt", "liga", "clig", "rclt", "ljmo", "vjmo", "tjmo"},
    "GPOS": {"kern", "mark", "mkmk", "dist", "abvm", "blwm", "curs"},
}


# -- glyph coverage: the cmap read without fontTools ---------------------------------------------------


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_cmap_is_read_as_fonttools_reads_it(path):
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        assert fonts_module._read_cmap(path) == set(font.getBestCmap())


def test_a_format_4_cmap_is_read_as_fonttools_reads_it(monkeypatch):
    from fontTools.ttLib import TTFont

    path = fonts_dir() / WEIGHTS["regular"]
    monkeypatch.setattr(fonts_module, "_CMAP_PREFERENCE", ((3, 1),))
    with TTFont(str(path), lazy=True) as font:
        assert fonts_module._read_cmap(path) == set(font["cmap"].getcmap(3, 1).cmap)


# -- text widths: plain runs added up instead of shaped -----------------------------------------------------


def _adjusts(value) -> bool:
    return value is not None and any(
        getattr(value, name, None) for name in ("XPlacement", "YPlacement", "XAdvance", "YAdvance", "XPlaDevice", "YPlaDevice", "XAdvDevice", "YAdvDevice")
    )


def _could_apply(sub, glyphs: set[str]) -> bool:
    """Whether a lookup subtable could change anything in a run made only of `glyphs` (erring towards yes)."""
    sub = getattr(sub, "ExtSubTable", sub)
    kind = type(sub).__name__
    if hasattr(sub, "ligatures"):
        return any(first in glyphs and all(part in glyphs for part in ligature.Component) for first, found in sub.ligatures.items() for ligature in found)
    if hasattr(sub, "mapping") or hasattr(sub, "alternates"):
        return not glyphs.isdisjoint(getattr(sub, "mapping", None) or sub.alternates)
    if kind == "PairPos" and sub.Format == 1:
        return any(
            first in glyphs and pair.SecondGlyph in glyphs and (_adjusts(pair.Value1) or _adjusts(pair.Value2))
            for first, pairs in zip(sub.Coverage.glyphs, sub.PairSet)
            for pair in pairs.PairValueRecord
        )
    if kind == "PairPos" and sub.Format == 2:
        firsts = {sub.ClassDef1.classDefs.get(glyph, 0) for glyph in sub.Coverage.glyphs if glyph in glyphs}
        seconds = {sub.ClassDef2.classDefs.get(glyph, 0) for glyph in glyphs}
        return any(
            _adjusts(getattr(record, "Value1", None)) or _adjusts(getattr(record, "Value2", None))
            for first in firsts
            for record in (sub.Class1Record[first].Class2Record[second] for second in seconds)
        )
    if kind in ("ChainContextSubst", "ChainContextPos") and sub.Format == 3:  # every position must be able to match
        coverages = [*sub.BacktrackCoverage, *sub.InputCoverage, *sub.LookAheadCoverage]
        return all(not glyphs.isdisjoint(coverage.glyphs) for coverage in coverages)
    for name in ("Coverage", "MarkCoverage", "Mark1Coverage"):  # any other kind: where its first glyph may be
        if getattr(sub, name, None) is not None:
            return not glyphs.isdisjoint(getattr(sub, name).glyphs)
    return not glyphs.isdisjoint(sub.InputCoverage[0].glyphs)


@pytest.mark.parametrize("weight", sorted(WEIGHTS))
def test_no_default_lookup_changes_a_run_of_plain_characters(weight):
    """So shaping leaves a run of plain characters as it is: its width is the sum of its advances."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts_dir() / WEIGHTS[weight]))
    cmap = font.getBestCmap()
    plain = {cmap[ord(ch)] for ch in PLAIN_CHARS}
    applying = [
        (tag, index)
        for tag in ("GSUB", "GPOS")
        for record in font[tag].table.FeatureList.FeatureRecord
        if record.FeatureTag in DEFAULT_FEATURES[tag]
        for index in record.Feature.LookupListIndex
        if any(_could_apply(sub, plain) for sub in font[tag].table.LookupList.Lookup[index].SubTable)
    ]
    assert applying == []
    assert "kern" not in font  # the old kerning table would apply too


def test_plain_widths_are_what_raqm_measures():
    book = FontBook()
    hangul = sorted(ch for ch in PLAIN_CHARS if "가" <= ch <= "힣")
    others = sorted(PLAIN_CHARS - set(hangul))
    rng = random.Random(1)
    for weight in WEIGHTS:
        for size in (8, 13, 21, 34, 40, 55, 89, 144):
            spec = FontSpec(weight, size)
            for _ in range(12):
                text = "".join(rng.choice(rng.choice((hangul, others))) for _ in range(rng.randint(1, 40)))
                assert book.text_width(text, spec) == book.font(spec).getlength(text), (weight, size, text)
            assert book._plain_advances(spec) is not None, "the exact sum is in use"


def test_widths_with_other_characters_are_shaped():
    book = FontBook()
    spec = FontSpec("bold", 40)
    for text in ("AV 2024년", "신속·정확하게!", "구청 → 서울시", "Wo To"):
        assert book.text_width(text, spec) == book.font(spec).getlength(text)


def test_a_style_whose_sum_does_not_match_raqm_is_shaped(monkeypatch):
    book = FontBook()
    spec = FontSpec("regular", 33)
    monkeypatch.setattr(fonts_module._PlainAdvances, "__missing__", lambda self, ch: 64)  # as if FreeType scaled otherwise
    assert book._plain_advances(spec) is None
    assert book.text_width("가나다", spec) == book.font(spec).getlength("가나다")


# -- emoji spans -----------------------------------------------------------------------------------------------


def test_text_without_emoji_is_one_span_as_emoji_analyze_finds():
    import emoji

    rng = random.Random(2)
    pool = list("가나다 0123456789#*ab,.()·→!?") + ["\u20e3", "\ufe0f", "1\ufe0f\u20e3", "#\u20e3", "©", "🧑\u200d🦽", "🇰🇷", "✅"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        slow = []
        for token in emoji.analyze(text, non_emoji=True, join_emoji=True):
            is_emoji = isinstance(token.value, emoji.EmojiMatch)
            if slow and not is_emoji and not slow[-1][1]:
                slow[-1] = (slow[-1][0] + token.chars, False)
            else:
                slow.append((token.chars, is_emoji))
        assert [(s.text, s.is_emoji) for s in split_spans(text)] == slow, text


# -- YAML through libyaml's parser ----------------------------------------------------------------------------


YAML_FILES = sorted(layouts_dir().glob("*.yaml")) + sorted((ROOT / "cases").glob("*.yaml"))


@pytest.mark.parametrize("as_text", [False, True], ids=["typed", "as-text"])
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_yaml_reads_the_same_through_libyaml(path, as_text, monkeypatch):
    text = path.read_text(encoding="utf-8-sig")
    fast = LocatedYaml(text, str(path), as_text)
    monkeypatch.setattr("cardnews.input.yaml_source._load_fast", lambda *args: None)
    slow = LocatedYaml(text, str(path), as_text)
    assert fast.data == slow.data
    assert fast.lines == slow.lines


def test_deep_nesting_is_refused_without_crashing():
    from cardnews.errors import InputError

    with pytest.raises(InputError, match="nested too deeply"):
        LocatedYaml("a: " + "[" * 50_000 + "]" * 50_000, "deep.yaml")


# -- rounded panels: filled where solid, blended only where the corners are -------------------------------------


def _shapes(count: int):
    rng = random.Random(3)
    for _ in range(count):
        colour = "#%06X%s" % (rng.randrange(1 << 24), rng.choice(["FF", "FF", "80"]))
        outline = "#%06X%s" % (rng.randrange(1 << 24), rng.choice(["FF", "FF", "80"])) if rng.random() < 0.6 else ""
        box = Box(rng.uniform(-40, 200), rng.uniform(-40, 200), rng.uniform(1, 300), rng.uniform(1, 300))
        yield Shape(box, colour, radius=rng.choice([0, rng.uniform(0, 160)]), outline=outline, outline_px=rng.choice([1, 2, 5, 40]) if outline else 0)


def test_rounded_panels_are_drawn_pixel_for_pixel_as_by_their_masks(monkeypatch):
    fast_path = render._paint_opaque_rect
    for shape in _shapes(400):
        images = []
        for shortcut in (fast_path, lambda *args: False):
            monkeypatch.setattr(render, "_paint_opaque_rect", shortcut)
            image = Image.new("RGB", (320, 320), (40, 90, 160))
            ImageDraw.Draw(image).line((0, 0, 320, 320), fill=(250, 250, 0), width=9)
            try:
                render._draw_shape(image, shape)
            except ValueError:
                image = "ValueError"
            images.append(image if isinstance(image, str) else image.tobytes())
        assert images[0] == images[1], shape


# -- the PDF: the cards as encoded ----------------------------------------------------------------------------


def _pdf_images(pdf: bytes) -> list[tuple[dict, bytes]]:
    """(dictionary text, stream) of each image XObject, in page order."""
    images, offset = [], 0
    while (start := pdf.find(b"/Subtype /Image", offset)) != -1:
        length = int(pdf[pdf.find(b"/Length ", start) + 8 :].split(maxsplit=1)[0])
        body = pdf.find(b"stream\n", start) + len(b"stream\n")
        images.append((pdf[pdf.rfind(b"obj", 0, start) : body].decode("latin-1"), pdf[body : body + length]))
        offset = body + length
    return images


@pytest.fixture(scope="module")
def card_images():
    rng = random.Random(4)
    images = []
    for size in ((40, 30), (33, 50)):
        image = Image.new("RGB", size, (255, 255, 255))
        draw = ImageDraw.Draw(image)
        for _ in range(20):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            draw.rectangle((x, y, x + 5, y + 3), fill=tuple(rng.randrange(256) for _ in range(3)))
        images.append(image)
    return images


@pytest.mark.parametrize("photographic", [False, True], ids=["unfiltered", "pillow-filtered"])
def test_png_cards_decode_to_the_pixels_drawn_and_carry_the_srgb_profile(card_images, photographic):
    gradient = render._gradient(1080, 1350, "#0051A4", "#F5A300")
    for image in [*card_images, gradient]:
        data = encode_image(image, photographic=photographic)
        with Image.open(io.BytesIO(data)) as decoded:
            decoded.load()  # checks every chunk's CRC and the zlib stream
            assert (decoded.format, decoded.mode, decoded.size) == ("PNG", "RGB", image.size)
            assert decoded.tobytes() == image.tobytes()
            assert decoded.info["icc_profile"] == srgb_profile()


def test_png_cards_go_into_the_pdf_as_they_are(card_images):
    files = [encode_image(image) for image in card_images]
    pdf = pdf_from_files([(data, image.width, image.height) for data, image in zip(files, card_images)], title="제목", author="강남구")
    assert pdf.startswith(b"%PDF-") and b"/Count 2" in pdf
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    found = _pdf_images(pdf)
    assert len(found) == 2
    for (dictionary, stream), image in zip(found, card_images):
        assert "/Filter /FlateDecode" in dictionary and "/Predictor 15" in dictionary and f"/Columns {image.width}" in dictionary
        # the stream is PNG's compressed rows: wrapped in a PNG again, it decodes to the card
        header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2, 0, 0, 0)
        chunks = b"".join(
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)) for kind, body in ((b"IHDR", header), (b"IDAT", stream), (b"IEND", b""))
        )
        with Image.open(io.BytesIO(b"\x89PNG\r\n\x1a\n" + chunks)) as decoded:
            assert decoded.convert("RGB").tobytes() == image.tobytes()


def test_jpeg_cards_go_into_the_pdf_as_they_are(card_images):
    files = [encode_image(image, "jpg", 80) for image in card_images]
    pdf = pdf_from_files([(data, image.width, image.height) for data, image in zip(files, card_images)])
    assert [stream for _, stream in _pdf_images(pdf)] == files
    assert all("/Filter /DCTDecode" in dictionary for dictionary, _ in _pdf_images(pdf))


@pytest.mark.parametrize("size", [(1080, 1350), (1080, 1080), (1080, 1920), (1200, 675), (7, 3), (301, 999)])
def test_gradients_are_worked_out_row_by_row_as_over_the_whole_card(size):
    width, height = size
    ramp = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    whole = Image.composite(Image.new("RGB", size, "#F5A300"), Image.new("RGB", size, "#0051A4"), ramp)
    assert render._gradient(width, height, "#0051A4", "#F5A300").tobytes() == whole.tobytes()


def test_a_measurer_gives_line_widths_and_forgets_them_past_its_limit(monkeypatch):
    book = FontBook()
    spec = FontSpec("semibold", 37)
    measure = book.measurer(spec)
    for text in ("장애인🧑‍🦽 건강 동행", "AI 안부확인·내 집 앞", ""):
        assert measure(text) == book.line_width(text, spec)
    monkeypatch.setattr(fonts_module, "_MEASURED_BYTES", 20_000)
    for n in range(40):
        book.measurer(spec)(f"{n}번째 줄 " + "가" * 2000)  # about 4 KB each
    kept = sum(sys.getsizeof(text) for widths in book._line_widths.values() for text in widths)
    assert 0 < kept <= 20_000 + 4200
