"""The bundled fonts, loaded once per process: measuring text and emoji, checking glyph coverage."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from cardnews.errors import RenderError
from cardnews.resources import fonts_dir
from cardnews.text import Span, split_spans

WEIGHTS = {
    "regular": "PretendardGOV-Regular.otf",
    "semibold": "PretendardGOV-SemiBold.otf",
    "bold": "PretendardGOV-Bold.otf",
    "extrabold": "PretendardGOV-ExtraBold.otf",
}
EMOJI_FONT = "NotoColorEmoji.ttf"
EMOJI_STRIKE_PX = 109  # the only size Noto Color Emoji's bitmaps load at
EMOJI_SCALE = 1.12  # an inline emoji's side, in ems of the text around it
EMOJI_GAP = 0.06  # space either side of an inline emoji, in ems
_IGNORABLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0xE0020, 0xE0080)) | set(range(0x1F3FB, 0x1F400))


@dataclass(frozen=True)
class FontSpec:
    """A text style as layout sees it: weight name and size in pixels."""

    weight: str
    size_px: int


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
            "Pillow has no Raqm text layout, so flags and joined emoji would draw as pieces. "
            "Install FriBiDi (Debian/Ubuntu: apt-get install libfribidi0; macOS: brew install fribidi; "
            "Windows: put fribidi-0.dll beside python.exe) and run again."
        )


class FontBook:
    """Fonts and measurements, cached: layout measures with it, render draws with its fonts."""

    def __init__(self, directory: Path | None = None):
        require_raqm()
        self.directory = directory or fonts_dir()
        self._text_cmap: set[int] | None = None
        self._emoji_cmap: set[int] | None = None

    @lru_cache(maxsize=64)
    def font(self, spec: FontSpec) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.directory / WEIGHTS[spec.weight]), spec.size_px, layout_engine=ImageFont.Layout.RAQM)

    @lru_cache(maxsize=1)
    def emoji_font(self) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.directory / EMOJI_FONT), EMOJI_STRIKE_PX, layout_engine=ImageFont.Layout.RAQM)

    def spans(self, text: str) -> list[Span]:
        return split_spans(text, self.has_text_glyph)

    @lru_cache(maxsize=65536)
    def text_width(self, text: str, spec: FontSpec) -> float:
        return self.font(spec).getlength(text)

    def emoji_size(self, spec: FontSpec) -> int:
        return round(spec.size_px * EMOJI_SCALE)

    def emoji_advance(self, spec: FontSpec) -> float:
        return self.emoji_size(spec) + 2 * EMOJI_GAP * spec.size_px

    @lru_cache(maxsize=65536)
    def line_width(self, text: str, spec: FontSpec) -> float:
        """Width of a line mixing text and emoji, exactly as render draws it."""
        return sum(self.emoji_advance(spec) if s.is_emoji else self.text_width(s.text, spec) for s in self.spans(text))

    @lru_cache(maxsize=64)
    def metrics(self, spec: FontSpec) -> LineMetrics:
        font = self.font(spec)
        ascent, descent = font.getmetrics()
        _, top, _, bottom = font.getbbox("한글", anchor="ls")
        return LineMetrics(ascent, descent, top, bottom)

    def has_text_glyph(self, ch: str) -> bool:
        return ord(ch) in self.text_cmap()

    def text_cmap(self) -> set[int]:
        if self._text_cmap is None:
            self._text_cmap = _cmap(self.directory / WEIGHTS["regular"])
        return self._text_cmap

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

    @lru_cache(maxsize=4096)
    def has_emoji(self, sequence: str) -> bool:
        """True when the emoji font draws the whole sequence as one glyph."""
        cmap = self.emoji_cmap()
        if any(ord(ch) not in cmap for ch in sequence if ord(ch) not in _IGNORABLE):
            return False
        single = self.emoji_font().getlength("😀")
        return self.emoji_font().getlength(sequence) < single * 1.5

    @lru_cache(maxsize=1024)
    def emoji_tile(self, sequence: str) -> Image.Image:
        """The emoji at its native bitmap size, cropped to its ink, as RGBA."""
        font = self.emoji_font()
        left, top, right, bottom = font.getbbox(sequence)
        tile = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((-left, -top), sequence, font=font, embedded_color=True)
        return tile

    @lru_cache(maxsize=2048)
    def emoji_image(self, sequence: str, size_px: int) -> Image.Image:
        """The emoji scaled to fit a `size_px` square, centred in it."""
        tile = self.emoji_tile(sequence)
        scale = size_px / max(tile.size)
        scaled = tile.resize((max(1, round(tile.width * scale)), max(1, round(tile.height * scale))), Image.Resampling.LANCZOS)
        square = Image.new("RGBA", (size_px, size_px), (0, 0, 0, 0))
        square.alpha_composite(scaled, ((size_px - scaled.width) // 2, (size_px - scaled.height) // 2))
        return square


def _cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return set(font.getBestCmap())
