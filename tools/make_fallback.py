#!/usr/bin/env python3
"""Make assets/fonts/NotoFallback-*.otf: the characters Pretendard GOV cannot draw, from Noto, one file per
Pretendard GOV weight the layouts use.

Why not a plain subset: a fallback glyph sits on the same line as Pretendard's Hangul, so it must be as heavy
and as large as that Hangul. Each glyph is therefore taken from the two Noto Sans CJK KR weights whose stems
bracket Pretendard's at that weight and interpolated between them, scaled so Noto's Hangul would be exactly as
tall as Pretendard's and set on the same centre line, then drawn into a new font with fontTools' FontBuilder.

What it covers (see `wanted`): every character of KS X 1001 (every two-byte code Python's euc_kr codec
decodes), the middle dots and enumerations HWP writes beyond it, and Latin-1, Latin Extended-A and -B, Latin
Extended Additional and the combining diacritical marks, less what Pretendard GOV already maps.

Where the glyphs come from (SIL Open Font License 1.1, no Reserved Font Name):
- Noto Sans CJK KR 2.004, from Debian's fonts-noto-cjk and fonts-noto-cjk-extra 1:20220127+repack1-1;
- a few characters Noto Sans CJK KR does not map: `∼` drawn as its `～`, `∙` as its `·`, `◈` and `≒` put
  together from its `◇ ◆` and `＝ ·` (see COMPOSED);
- `⅔ ŉ Ǆ` and two combining marks from Noto Sans 2.004, Debian's fonts-noto-core 20201225-1.

The source files are checked against the SHA-256 sums below, so the output is the same on every machine.
Install the packages (`apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-noto-core`), or unpack them
anywhere (`apt-get download PACKAGE` and `dpkg-deb -x PACKAGE.deb DIR`) and pass `--root DIR`; then, from the
project root:

    python tools/make_fallback.py [--root DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import DecomposingRecordingPen, RecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"
PRIMARY = {"Regular": 400, "SemiBold": 600, "Bold": 700, "ExtraBold": 800}  # PretendardGOV-<name>.otf
CJK = "usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
CJK_MASTERS = {
    "DemiLight": "73c01c7f28072016d44ca57893a7c3b2c4ca31d9662032c5b315164625f0dfe4",
    "Regular": "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a",
    "Medium": "197d5e1e019faca33a4d55931c7d68b8056f3b97cb862049f5cb8de9efdfb8ce",
    "Bold": "faa5f3656a78b2e2d450d27fe8382c778bc2b6bb5ea29c986664a6a435056ceb",
    "Black": "3cffb10242b4b7e6edd439ebf3bd7e392345525e093ea08149e0a0158a1b5151",
}
LATIN = "usr/share/fonts/truetype/noto/NotoSans-{}.ttf"
LATIN_MASTERS = {
    "Regular": "89c3c497f618fdaa0b2d1e98fef93582f28c71debd2c4a8cdf41f190ced2909d",
    "Bold": "e83493c945848ecd4a9ad0f6d19164541a0d3e23a9c952304a00a46e00272ac5",
}
UNITS_PER_EM = 2048  # Pretendard's, so a fallback unit is a primary unit
HANGUL = "한국어글"  # whose ink height and centre the CJK glyphs are matched on
# Beyond KS X 1001: the bullet operator and half-width katakana middle dot HWP writes as middle dots, and the
# numbered enumerations ⒈–⒛ and ⓵–⓾.
EXTRA = "∙･" + "".join(map(chr, range(0x2488, 0x249C))) + "".join(map(chr, range(0x24F5, 0x24FF)))
LATIN_BLOCKS = ((0x00A0, 0x00FF), (0x0100, 0x017F), (0x0180, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF))
ALIASES = {"∼": "～", "∙": "·"}  # drawn as the Noto Sans CJK KR glyph of the character on the right
COMPOSED = ("◈", "≒")
TIMESTAMP = 3_786_825_600  # head.created and head.modified (2024-01-01), fixed so the files are reproducible
VERSION = "Version 1.000"


@dataclass(frozen=True)
class Glyph:
    """An outline as pen calls, with its advance width, in its font's units."""

    advance: float
    value: tuple


def ks_x_1001() -> set[str]:
    chars = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("euc_kr"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted(primary_cmaps: list[dict[int, str]]) -> list[str]:
    """Every character the fallback must draw: what some Pretendard GOV weight lacks."""
    latin = {chr(code) for first, last in LATIN_BLOCKS for code in range(first, last + 1) if unicodedata.name(chr(code), "")}
    chars = ks_x_1001() | set(EXTRA) | latin
    return sorted(ch for ch in chars if any(ord(ch) not in cmap for cmap in primary_cmaps))


def checked(root: Path, pattern: str, name: str, sha256: str) -> Path:
    path = root / pattern.format(name)
    if not path.is_file():
        sys.exit(f"{path} is missing: install or unpack the Debian packages named in this script's docstring")
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        sys.exit(f"{path} is not the version this script was made for (SHA-256 differs); see its docstring")
    return path


def korean_face(path: Path) -> tuple[TTFont, int]:
    """The Noto Sans CJK KR font of a collection, and its index there."""
    for index, font in enumerate(TTCollection(str(path), lazy=True).fonts):
        if font["name"].getDebugName(1).startswith("Noto Sans CJK KR"):
            return font, index
    raise SystemExit(f"{path} holds no Noto Sans CJK KR")


def record(font: TTFont, ch: str) -> Glyph:
    glyphs = font.getGlyphSet()
    name = font.getBestCmap()[ord(ch)]
    pen = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(pen)
    return Glyph(glyphs[name].width, tuple(pen.value))


def ink_bounds(font: TTFont, text: str) -> tuple[float, float]:
    """(bottom, top) of the ink of some characters, in font units."""
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    bottoms, tops = [], []
    for ch in text:
        pen = BoundsPen(glyphs)
        glyphs[cmap[ord(ch)]].draw(pen)
        bottoms.append(pen.bounds[1])
        tops.append(pen.bounds[3])
    return min(bottoms), max(tops)


def stem(path: Path, index: int, units_per_em: int, ch: str) -> int:
    """Width of the first vertical stem of `ch` (ㅣ, H), in font units: drawn at one pixel a unit, measured
    across the row a quarter of the way down its ink."""
    font = ImageFont.truetype(str(path), units_per_em, index=index)
    left, top, right, bottom = font.getbbox(ch)
    image = Image.new("L", (right + 10, bottom + 10), 0)
    ImageDraw.Draw(image).text((0, 0), ch, font=font, fill=255)
    y = top + (bottom - top) // 4
    row = [image.getpixel((x, y)) >= 128 for x in range(image.width)]
    start = row.index(True)
    return row[start:].index(False)


def blend(a: Glyph, b: Glyph, t: float) -> Glyph | None:
    """The outline a fraction `t` of the way from `a` to `b`; None when their points do not correspond."""
    if len(a.value) != len(b.value):
        return None
    value = []
    for (op_a, args_a), (op_b, args_b) in zip(a.value, b.value):
        if op_a != op_b or len(args_a) != len(args_b):
            return None
        points = []
        for pa, pb in zip(args_a, args_b):
            if (pa is None) != (pb is None):
                return None
            points.append(None if pa is None else (pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])))
        value.append((op_a, tuple(points)))
    return Glyph(a.advance + t * (b.advance - a.advance), tuple(value))


@dataclass(frozen=True)
class Source:
    """One family's masters, ordered by stem, and how their units map onto Pretendard's."""

    masters: list[tuple[float, TTFont]]  # (stem in Pretendard units, font)
    scale: float
    shift: float
    unblended: set[str] = field(default_factory=set)  # characters whose masters' points do not correspond

    def weight(self, target_stem: float) -> tuple[TTFont, TTFont, float]:
        """The two masters bracketing a stem and how far between them it lies (clamped to the outer ones)."""
        stems = [s for s, _ in self.masters]
        if target_stem <= stems[0]:
            return self.masters[0][1], self.masters[0][1], 0.0
        if target_stem >= stems[-1]:
            return self.masters[-1][1], self.masters[-1][1], 0.0
        i = max(n for n, s in enumerate(stems) if s <= target_stem)
        if i == len(stems) - 1:
            return self.masters[i][1], self.masters[i][1], 0.0
        return self.masters[i][1], self.masters[i + 1][1], (target_stem - stems[i]) / (stems[i + 1] - stems[i])

    def glyph(self, ch: str, target_stem: float) -> Glyph:
        a, b, t = self.weight(target_stem)
        ga, gb = record(a, ch), record(b, ch)
        blended = blend(ga, gb, t)
        if blended is None:
            self.unblended.add(ch)
            return ga if t < 0.5 else gb
        return blended

    def has(self, ch: str) -> bool:
        return ord(ch) in self.masters[0][1].getBestCmap()


def transformed(glyph: Glyph, scale: float, dx: float = 0.0, dy: float = 0.0, advance: float | None = None) -> Glyph:
    pen = RecordingPen()
    glyph_pen = TransformPen(pen, (scale, 0, 0, scale, dx, dy))
    for op, args in glyph.value:
        getattr(glyph_pen, op)(*args)
    return Glyph(glyph.advance * scale if advance is None else advance, tuple(pen.value))


def bounds(glyph: Glyph) -> tuple[float, float, float, float]:
    pen = BoundsPen(None)
    for op, args in glyph.value:
        getattr(pen, op)(*args)
    return pen.bounds


def diamond_in_diamond(outer: Glyph, inner: Glyph) -> Glyph:
    """◈: ◇ holding ◆ at half its size, both centred."""
    x0, y0, x1, y1 = bounds(outer)
    ix0, iy0, ix1, iy1 = bounds(inner)
    scale = 0.5 * (x1 - x0) / (ix1 - ix0)
    cx, cy, icx, icy = (x0 + x1) / 2, (y0 + y1) / 2, (ix0 + ix1) / 2, (iy0 + iy1) / 2
    small = transformed(inner, scale, cx - icx * scale, cy - icy * scale)
    return Glyph(outer.advance, outer.value + small.value)


def approximately_equal(bars: Glyph, dot: Glyph) -> Glyph:
    """≒: the two bars of ＝ with a dot above their left end and one below their right end."""
    x0, y0, x1, y1 = bounds(bars)
    dx0, dy0, dx1, dy1 = bounds(dot)
    gap = (y1 - y0) * 0.2 + (dy1 - dy0) / 2
    dcx, dcy = (dx0 + dx1) / 2, (dy0 + dy1) / 2
    inset = (x1 - x0) * 0.18
    above = transformed(dot, 1.0, x0 + inset - dcx, y1 + gap - dcy)
    below = transformed(dot, 1.0, x1 - inset - dcx, y0 - gap - dcy)
    return Glyph(bars.advance, bars.value + above.value + below.value)


def charstring(glyph: Glyph):
    pen = T2CharStringPen(round(glyph.advance), None)
    for op, args in glyph.value:
        getattr(pen, op)(*args)
    return pen.getCharString()


def build(weight: str, glyphs: dict[str, Glyph], copyright_notice: str) -> TTFont:
    family, ps_name = "Noto Fallback", f"NotoFallback-{weight}"
    order = [".notdef", *(f"uni{ord(ch):04X}" for ch in glyphs)]
    charstrings = {".notdef": charstring(Glyph(1024, ())), **{f"uni{ord(ch):04X}": charstring(g) for ch, g in glyphs.items()}}
    advances = {".notdef": 1024, **{f"uni{ord(ch):04X}": round(g.advance) for ch, g in glyphs.items()}}
    builder = FontBuilder(UNITS_PER_EM, isTTF=False)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord(ch): f"uni{ord(ch):04X}" for ch in glyphs})
    builder.setupCFF(ps_name, {"FullName": f"{family} {weight}", "FamilyName": family, "Weight": weight}, charstrings, {})
    lsb = {name: (cs.calcBounds(None) or (0,))[0] for name, cs in charstrings.items()}
    builder.setupHorizontalMetrics({name: (advances[name], lsb[name]) for name in order})
    builder.setupHorizontalHeader(ascent=1950, descent=-494)  # Pretendard GOV's line metrics
    builder.setupNameTable(
        {
            "copyright": copyright_notice,
            "familyName": family if weight in ("Regular", "Bold") else f"{family} {weight}",
            "styleName": weight if weight in ("Regular", "Bold") else "Regular",
            "typographicFamily": family,
            "typographicSubfamily": weight,
            "uniqueFontIdentifier": f"{VERSION};{ps_name}",
            "fullName": f"{family} {weight}",
            "psName": ps_name,
            "version": VERSION,
            "description": "Noto Sans CJK KR and Noto Sans glyphs for the characters Pretendard GOV lacks, "
            "interpolated to its weights and scaled to its Hangul.",
            "licenseDescription": "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
            "licenseInfoURL": "https://openfontlicense.org",
        }
    )
    builder.setupOS2(
        usWeightClass=PRIMARY[weight],
        fsType=0,
        sTypoAscender=1950,
        sTypoDescender=-494,
        sTypoLineGap=0,
        usWinAscent=1950,
        usWinDescent=494,
        fsSelection=0x40 if weight == "Regular" else (0x20 if weight == "Bold" else 0),
        achVendID="NONE",
    )
    builder.setupPost()
    font = builder.font
    font["head"].created = font["head"].modified = TIMESTAMP
    font["head"].macStyle = 1 if weight == "Bold" else 0
    font["OS/2"].recalcUnicodeRanges(font)
    return font


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("/"), help="where the Debian packages are installed or unpacked")
    parser.add_argument("--out", type=Path, default=FONTS)
    args = parser.parse_args(argv)

    primary = {w: FONTS / f"PretendardGOV-{w}.otf" for w in PRIMARY}
    primary_fonts = {w: TTFont(str(p), lazy=True) for w, p in primary.items()}
    chars = wanted([f.getBestCmap() for f in primary_fonts.values()])

    cjk_paths = {name: checked(args.root, CJK, name, sha) for name, sha in CJK_MASTERS.items()}
    cjk = {name: korean_face(path) for name, path in cjk_paths.items()}
    latin_paths = {name: checked(args.root, LATIN, name, sha) for name, sha in LATIN_MASTERS.items()}
    latin = {name: TTFont(str(path)) for name, path in latin_paths.items()}

    # Noto's Hangul onto Pretendard's: the same ink height and centre line, Regular against Regular
    pre_bottom, pre_top = ink_bounds(primary_fonts["Regular"], HANGUL)
    noto_bottom, noto_top = ink_bounds(cjk["Regular"][0], HANGUL)
    cjk_scale = (pre_top - pre_bottom) / (noto_top - noto_bottom)
    cjk_shift = (pre_top + pre_bottom) / 2 - cjk_scale * (noto_top + noto_bottom) / 2
    latin_scale = primary_fonts["Regular"]["OS/2"].sCapHeight / latin["Regular"]["OS/2"].sCapHeight
    cjk_source = Source(sorted((stem(cjk_paths[n], i, 1000, "ㅣ") * cjk_scale, f) for n, (f, i) in cjk.items()), cjk_scale, cjk_shift)
    latin_source = Source(sorted((stem(latin_paths[n], 0, 1000, "H") * latin_scale, f) for n, f in latin.items()), latin_scale, 0.0)
    print(f"CJK glyphs scaled {cjk_scale:.4f}, raised {cjk_shift:.1f}; Latin scaled {latin_scale:.4f}")

    copyright_notice = " ".join(
        (cjk["Regular"][0]["name"].getDebugName(0), latin["Regular"]["name"].getDebugName(0))
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for weight, path in primary.items():
        hangul_stem = stem(path, 0, UNITS_PER_EM, "ㅣ")
        latin_stem = stem(path, 0, UNITS_PER_EM, "H")
        glyphs: dict[str, Glyph] = {}
        for ch in chars:
            if ch in ALIASES or ch in COMPOSED or cjk_source.has(ch):
                source, target = cjk_source, hangul_stem
            elif latin_source.has(ch):
                source, target = latin_source, latin_stem
            else:
                sys.exit(f"no source draws {ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, '')})")
            if ch == "◈":
                glyph = diamond_in_diamond(source.glyph("◇", target), source.glyph("◆", target))
            elif ch == "≒":
                glyph = approximately_equal(source.glyph("＝", target), source.glyph("·", target))
            else:
                glyph = source.glyph(ALIASES.get(ch, ch), target)
            glyphs[ch] = transformed(glyph, source.scale, 0.0, source.shift)
        a, b, t = cjk_source.weight(hangul_stem)
        print(
            f"{weight}: Hangul stem {hangul_stem}, Noto Sans CJK KR {a['OS/2'].usWeightClass}→{b['OS/2'].usWeightClass} "
            f"at {t:.2f}; {len(glyphs)} glyphs"
        )
        build(weight, glyphs, copyright_notice).save(str(args.out / f"NotoFallback-{weight}.otf"))
    print("taken from the nearer weight, not interpolated:", "".join(sorted(cjk_source.unblended | latin_source.unblended)) or "none")


if __name__ == "__main__":
    main()
