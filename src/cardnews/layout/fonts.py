"""The bundled fonts, loaded once per process: measuring text and emoji, checking glyph coverage.

Text is drawn in Pretendard GOV; what it lacks (the rest of KS X 1001: old jamo, symbols, box drawing…) in
the fallback font made from Noto by tools/make_fallback.py, matched to each weight and to Pretendard's Hangul.
`FontBook.spans` splits a line into runs by font, and measuring and drawing both follow those runs."""

from __future__ import annotations

import struct
import sys
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFont, features

from cardnews.cache import sized_cache
from cardnews.errors import RenderError
from cardnews.resources import fonts_dir
from cardnews.text import Span, split_spans
from cardnews.i18n import _

WEIGHTS = {
    "regular": "PretendardGOV-Regular.otf",
    "semibold": "PretendardGOV-SemiBold.otf",
    "bold": "PretendardGOV-Bold.otf",
    "extrabold": "PretendardGOV-ExtraBold.otf",
}
FALLBACK_WEIGHTS = {
    "regular": "NotoFallback-Regular.otf",
    "semibold": "NotoFallback-SemiBold.otf",
    "bold": "NotoFallback-Bold.otf",
    "extrabold": "NotoFallback-ExtraBold.otf",
}
EMOJI_FONT = "NotoColorEmoji.ttf"
EMOJI_STRIKE_PX = 109  # the only size Noto Color Emoji's bitmaps load at
EMOJI_SCALE = 1.12  # an inline emoji's side, in ems of the text around it
EMOJI_GAP = 0.06  # space either side of an inline emoji, in ems
_IGNORABLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0xE0020, 0xE0080)) | set(range(0x1F3FB, 0x1F400))
# Characters among which no default OpenType lookup of the text fonts (kerning, contextual alternates,
# ligatures…) changes anything: shaping leaves a run of only these as it is, so its width is the sum of its
# glyphs' advances, read from the font instead of shaped by Raqm (a tenth of a millisecond a call, and a
# series measures thousands of runs). Checked against the fonts by tests/test_fast_paths.py.
PLAIN_CHARS = frozenset(map(chr, range(0xAC00, 0xD7A4))) | frozenset(" !\"%'(),./0123456789;?[]_`{}·…「」『』")
_PROBE = "가나다라 마바사, 2024 56789 (아자·차카). 타파하 [_] 뷁! 똠방각하? 13%"  # plain characters only
_MEASURED_BYTES = 16 * 1024 * 1024  # line widths a FontBook keeps, charged by the size of their text


@dataclass(frozen=True)
class FontSpec:
    """A text style as layout sees it: weight name and size in pixels; `fallback` for the runs of a line
    drawn with the fallback font (set by `FontBook.face`, never by layout)."""

    weight: str
    size_px: int
    fallback: bool = False


@dataclass(frozen=True)
class LineMetrics:
    """Vertical metrics of a style, in pixels from the baseline (up is negative)."""

    ascent: int
    descent: int
    hangul_top: float
    hangul_bottom: float

    @property
    def hangul_middle(self) -> float:
        return (self.hangul_top + self.hangul_bottom) / 2


def require_raqm() -> None:
    """Stop with what to install when Pillow cannot shape text (no emoji sequences, flags or kerning)."""
    if not features.check("raqm"):
        raise RenderError(
            _("Pillow has no Raqm text layout, so flags and joined emoji would draw as pieces. Install FriBiDi (Debian/Ubuntu: apt-get install libfribidi0; macOS: brew install fribidi; Windows: put fribidi-0.dll beside python.exe) and run again.")
        )


class FontBook:
    """Fonts and measurements, cached: layout measures with it, render draws with its fonts."""

    def __init__(self, directory: Path | None = None):
        require_raqm()
        self.directory = directory or fonts_dir()
        self._text_cmap: set[int] | None = None
        self._fallback_cmap: set[int] | None = None
        self._emoji_cmap: set[int] | None = None
        self._metrics: dict[str, _HorizontalMetrics] = {}
        self._advances: dict[FontSpec, _PlainAdvances | None] = {}
        self._line_widths: dict[FontSpec, dict[str, float]] = {}
        self._measured = 0
        self._plain_checked = self.directory.resolve() == fonts_dir().resolve()  # PLAIN_CHARS holds for these fonts

    @lru_cache(maxsize=64)
    def font(self, spec: FontSpec) -> ImageFont.FreeTypeFont:
        files = FALLBACK_WEIGHTS if spec.fallback else WEIGHTS
        return ImageFont.truetype(str(self.directory / files[spec.weight]), spec.size_px, layout_engine=ImageFont.Layout.RAQM)

    @lru_cache(maxsize=1)
    def emoji_font(self) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.directory / EMOJI_FONT), EMOJI_STRIKE_PX, layout_engine=ImageFont.Layout.RAQM)

    def spans(self, text: str) -> list[Span]:
        return list(self._spans(text))

    @sized_cache(8 * 1024 * 1024, cost=lambda self, text: 3 * sys.getsizeof(text))  # the text, and its spans' texts and objects
    def _spans(self, text: str) -> tuple[Span, ...]:
        # emoji.analyze is slow, and layout asks for the same lines at every level it tries
        spans: list[Span] = []
        primary = self.text_cmap()
        for span in split_spans(text, self.has_text_glyph):
            if span.is_emoji or primary.issuperset(map(ord, span.text)):
                spans.append(span)
            else:
                spans.extend(self._runs_by_font(span.text))
        return tuple(spans)

    def _runs_by_font(self, text: str) -> list[Span]:
        """A text span cut where it changes between Pretendard and the fallback font; a character neither
        draws stays with Pretendard (`missing` reports it)."""
        primary, fallback = self.text_cmap(), self.fallback_cmap()
        runs: list[Span] = []
        start = 0
        for index in range(1, len(text) + 1):
            if index == len(text) or _needs_fallback(text[index], primary, fallback) != _needs_fallback(text[start], primary, fallback):
                runs.append(Span(text[start:index], False, _needs_fallback(text[start], primary, fallback)))
                start = index
        return runs

    def face(self, spec: FontSpec, span: Span) -> FontSpec:
        """The style a text span is measured and drawn in: `spec`, or its fallback-font twin."""
        return replace(spec, fallback=True) if span.fallback else spec

    @sized_cache(8 * 1024 * 1024, cost=lambda self, text, spec: sys.getsizeof(text) + 64)
    def text_width(self, text: str, spec: FontSpec) -> float:
        """Width of a run drawn in one font (a span of `spans`, in its `face`)."""
        if not spec.fallback and PLAIN_CHARS.issuperset(text):
            advances = self._plain_advances(spec)
            if advances is not None:
                try:
                    return sum(map(advances.__getitem__, text)) / 64
                except KeyError:  # a character the font does not map: shaped, as before
                    pass
        return self.font(spec).getlength(text)

    def _plain_advances(self, spec: FontSpec) -> _PlainAdvances | None:
        """The style's plain-character advances, once they are seen to add up exactly as Raqm measures (else None)."""
        if spec not in self._advances:
            advances = None
            try:
                if not self._plain_checked:
                    raise ValueError(_("fonts other than the bundled ones"))
                if spec.weight not in self._metrics:
                    self._metrics[spec.weight] = _HorizontalMetrics(self.directory / WEIGHTS[spec.weight])
                advances = _PlainAdvances(self._metrics[spec.weight], spec.size_px)
                if sum(map(advances.__getitem__, _PROBE)) != round(self.font(spec).getlength(_PROBE) * 64):
                    advances = None
            except (OSError, ValueError, KeyError, struct.error):
                advances = None
            self._advances[spec] = advances
        return self._advances[spec]

    def emoji_size(self, spec: FontSpec) -> int:
        return round(spec.size_px * EMOJI_SCALE)

    def emoji_advance(self, spec: FontSpec) -> float:
        return self.emoji_size(spec) + 2 * EMOJI_GAP * spec.size_px

    @sized_cache(8 * 1024 * 1024, cost=lambda self, text, spec: sys.getsizeof(text) + 64)
    def line_width(self, text: str, spec: FontSpec) -> float:
        """Width of a line mixing text and emoji, exactly as render draws it."""
        return sum(self.emoji_advance(spec) if s.is_emoji else self.text_width(s.text, self.face(spec, s)) for s in self.spans(text))

    def measurer(self, spec: FontSpec) -> Callable[[str], float]:
        """`line_width` in one style, as a function of the text alone: the line breaker calls it tens of
        thousands of times a series, and a lookup by text is ten times cheaper than one by (text, style)."""
        if self._measured > _MEASURED_BYTES:  # a long-running process: start afresh
            self._line_widths.clear()
            self._measured = 0
        widths = self._line_widths.get(spec)
        if widths is None:
            widths = self._line_widths[spec] = {}

        def measure(text: str) -> float:
            width = widths.get(text)
            if width is None:
                width = widths[text] = self.line_width(text, spec)
                self._measured += sys.getsizeof(text) + 100  # the text, its width and the dictionary slot
            return width

        return measure

    @lru_cache(maxsize=64)
    def metrics(self, spec: FontSpec) -> LineMetrics:
        font = self.font(spec)
        ascent, descent = font.getmetrics()
        _ignored, top, _ignored, bottom = font.getbbox("한글", anchor="ls")
        return LineMetrics(ascent, descent, top, bottom)

    def has_text_glyph(self, ch: str) -> bool:
        return ord(ch) in self.text_cmap() or ord(ch) in self.fallback_cmap()

    def text_cmap(self) -> set[int]:
        """What Pretendard GOV maps (the same in every weight)."""
        if self._text_cmap is None:
            self._text_cmap = _cmap(self.directory / WEIGHTS["regular"])
        return self._text_cmap

    def fallback_cmap(self) -> set[int]:
        """What the fallback font maps (the same in every weight)."""
        if self._fallback_cmap is None:
            self._fallback_cmap = _cmap(self.directory / FALLBACK_WEIGHTS["regular"])
        return self._fallback_cmap

    def emoji_cmap(self) -> set[int]:
        if self._emoji_cmap is None:
            self._emoji_cmap = _cmap(self.directory / EMOJI_FONT)
        return self._emoji_cmap

    def missing(self, text: str) -> list[str]:
        """Characters (or emoji sequences) no bundled font can draw: they would be tofu."""
        missing: list[str] = []
        for span in self.spans(text):
            if span.is_emoji:
                if not self.has_emoji(span.text):
                    missing.append(span.text)
            else:
                missing.extend(ch for ch in span.text if ch != " " and not self.has_text_glyph(ch))
        return list(dict.fromkeys(missing))

    @sized_cache(1024 * 1024)
    def has_emoji(self, sequence: str) -> bool:
        """True when the emoji font draws the whole sequence as one glyph."""
        cmap = self.emoji_cmap()
        if any(ord(ch) not in cmap for ch in sequence if ord(ch) not in _IGNORABLE):
            return False
        single = self.emoji_font().getlength("😀")
        return self.emoji_font().getlength(sequence) < single * 1.5

    @sized_cache(16 * 1024 * 1024)
    def emoji_tile(self, sequence: str) -> Image.Image:
        """The emoji at its native bitmap size, cropped to its ink, as RGBA."""
        font = self.emoji_font()
        left, top, right, bottom = font.getbbox(sequence)
        tile = Image.new("RGBA", (int(right - left), int(bottom - top)), (0, 0, 0, 0))  # a bitmap font's box is whole pixels
        ImageDraw.Draw(tile).text((-left, -top), sequence, font=font, embedded_color=True)
        return tile

    @sized_cache(32 * 1024 * 1024)
    def emoji_image(self, sequence: str, size_px: int) -> Image.Image:
        """The emoji scaled to fit a `size_px` square, centred in it."""
        tile = self.emoji_tile(sequence)
        scale = size_px / max(tile.size)
        scaled = tile.resize((max(1, round(tile.width * scale)), max(1, round(tile.height * scale))), Image.Resampling.LANCZOS)
        square = Image.new("RGBA", (size_px, size_px), (0, 0, 0, 0))
        square.alpha_composite(scaled, ((size_px - scaled.width) // 2, (size_px - scaled.height) // 2))
        return square


def _needs_fallback(ch: str, primary: set[int], fallback: set[int]) -> bool:
    return ord(ch) not in primary and ord(ch) in fallback


_CMAP_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))  # as fontTools' getBestCmap


def _cmap(path: Path) -> set[int]:
    """The code points a font maps, read straight from its `cmap` table (a few milliseconds; fontTools
    takes a tenth of a second to import and parse), with fontTools only for formats other than 4 and 12."""
    try:
        return _read_cmap(path)
    except (ValueError, struct.error):
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fontTools ships no type information

        with TTFont(str(path), lazy=True) as font:
            return set(font.getBestCmap())


def _read_cmap(path: Path) -> set[int]:
    cmap = _read_tables(path, (b"cmap",))[b"cmap"]
    _ignored, count = struct.unpack_from(">HH", cmap)
    subtables = {(platform, encoding): start for platform, encoding, start in struct.iter_unpack(">HHI", cmap[4 : 4 + 8 * count])}
    for key in _CMAP_PREFERENCE:
        if key not in subtables:
            continue
        start = subtables[key]
        fmt = struct.unpack_from(">H", cmap, start)[0]
        codes: set[int] = set()
        if fmt == 12:
            firsts, lasts, _ignored = _cmap_groups(cmap, start)
            for first, last in zip(firsts, lasts):
                codes.update(range(first, last + 1))
            return codes
        if fmt == 4:
            (segments,) = struct.unpack_from(">H", cmap, start + 6)
            segments //= 2
            ends = struct.unpack_from(f">{segments}H", cmap, start + 14)
            starts = struct.unpack_from(f">{segments}H", cmap, start + 16 + 2 * segments)
            for first, last in zip(starts[:-1], ends[:-1]):  # the last segment only ends the table (0xFFFF)
                codes.update(range(first, last + 1))
            return codes
        raise ValueError(_("cmap format {fmt}").format(fmt=fmt))
    raise ValueError(_("no Unicode cmap"))


def _read_tables(path: Path, tags: tuple[bytes, ...]) -> dict[bytes, bytes]:
    """Some tables of an OpenType font file, read without the rest of it."""
    with open(path, "rb") as file:
        _ignored, count = struct.unpack(">IH", file.read(6))
        file.seek(12)
        found = {tag: (offset, length) for tag, _ignored, offset, length in struct.iter_unpack(">4sIII", file.read(16 * count))}
        tables = {}
        for tag in tags:
            if tag not in found:
                raise ValueError(_("no {0} table").format(tag.decode()))
            offset, length = found[tag]
            file.seek(offset)
            tables[tag] = file.read(length)
    return tables


def _cmap_groups(cmap: bytes, start: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """The first code points, last code points and first glyphs of a format 12 subtable's groups, in order."""
    (groups,) = struct.unpack_from(">I", cmap, start + 12)
    flat = struct.unpack_from(f">{3 * groups}I", cmap, start + 16)
    return flat[0::3], flat[1::3], flat[2::3]


class _HorizontalMetrics:
    """A font's advance widths in font units, by character, from its cmap (format 12) and hmtx tables."""

    def __init__(self, path: Path):
        tables = _read_tables(path, (b"cmap", b"head", b"hhea", b"hmtx"))
        cmap = tables[b"cmap"]
        _ignored, count = struct.unpack_from(">HH", cmap)
        subtables = {(platform, encoding): start for platform, encoding, start in struct.iter_unpack(">HHI", cmap[4 : 4 + 8 * count])}
        start = subtables.get((3, 10), subtables.get((0, 4)))
        if start is None or struct.unpack_from(">H", cmap, start)[0] != 12:
            raise ValueError(_("no format 12 cmap"))
        self.firsts, self.lasts, self.glyphs = _cmap_groups(cmap, start)
        self.units_per_em = struct.unpack_from(">H", tables[b"head"], 18)[0]
        self.long_metrics = struct.unpack_from(">H", tables[b"hhea"], 34)[0]
        self.hmtx = tables[b"hmtx"]

    def advance(self, ch: str) -> int:
        code = ord(ch)
        group = bisect_right(self.firsts, code) - 1
        if group < 0 or code > self.lasts[group]:
            raise KeyError(ch)
        glyph = self.glyphs[group] + code - self.firsts[group]
        return struct.unpack_from(">H", self.hmtx, 4 * min(glyph, self.long_metrics - 1))[0]


class _PlainAdvances(dict):
    """Advances of plain characters at one pixel size, in 1/64 px, rounded as FreeType scales them and
    HarfBuzz takes them (FT_DivFix, FT_MulDiv, then 16.16 to 26.6), so their sum is what Raqm measures."""

    def __init__(self, metrics: _HorizontalMetrics, size_px: int):
        super().__init__()
        self.metrics = metrics
        self.scale = (((size_px * 64) << 16) + metrics.units_per_em // 2) // metrics.units_per_em

    def __missing__(self, ch: str) -> int:
        value = self[ch] = ((self.metrics.advance(ch) * self.scale + 32) // 64 + 512) >> 10
        return value
