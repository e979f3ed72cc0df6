"""Checks on a series before anything is drawn: glyphs, broken emoji, settings, contrast, channel limits.

Each check returns notices naming the file and line to fix, so `cardnews check` and `build` report
the same problems the same way. Nothing here draws or writes.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Iterable, Iterator, NamedTuple, TypeVar

from PIL import Image

from cardnews.errors import CardnewsError
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout, EmojiRun, Origin, PhotoRun, Shape, TextRun
from cardnews.layout.sizes import size_title
from cardnews.model import Notice, Series, SourceMap
from cardnews.text import ZWJ, split_spans
from cardnews.i18n import _, language, set_language

# Cards are seen on a phone at about this many CSS pixels wide; WCAG's "large text" is measured there.
PHONE_CSS_PX = 390
LAYOUT_BASE_PX = 1080
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_FLAG_LETTERS = range(0x1F1E6, 0x1F200)


def _texts(series: Series) -> Iterator[tuple[str, str, int | None]]:
    """Every text that is drawn, with its key path in the case file and its case (1-based)."""
    for key in ("title", "organisation", "handle", "period"):
        yield getattr(series, key), f"series.{key}", None
    for number, case in enumerate(series.cases, start=1):
        path = f"cases[{number - 1}]"
        for key in ("kicker", "headline", "contents"):
            yield getattr(case, key), f"{path}.{key}", number
        for text in case.emoji:
            yield text, f"{path}.emoji", number
        for index, item in enumerate(case.items):
            yield item.text, f"{path}.items[{index}]", number
            for note_index, note in enumerate(item.notes):
                yield note, f"{path}.items[{index}].notes[{note_index}]", number


T = TypeVar("T")


def _at_first_line(found: Iterable[tuple[str, str, int | None, T]], source: SourceMap) -> list[tuple[int | None, int | None, T]]:
    """Each (piece, key path, case, what) once a piece, at the first line it is on: (line, case, what)."""
    first: dict[str, tuple[int | None, int | None, T]] = {}
    for piece, path, case, what in found:
        line = source.line(path)
        known = first.get(piece)
        if known is None or (line is not None and (known[0] is None or line < known[0])):
            first[piece] = (line, case, what)
    return list(first.values())


def glyph_problems(series: Series, fonts: FontBook, source: SourceMap) -> list[Notice]:
    """Characters no bundled font can draw: an error naming each with its code point; never tofu."""
    missing = (
        (char, path, case, _("no bundled font can draw {char!r} ({0}); replace or remove it").format(describe(char), char=char))
        for text, path, case in _texts(series)
        for char in fonts.missing(text)
        if not (len(char) == 1 and ord(char) in _FLAG_LETTERS)  # a lone flag letter: emoji_problems says what it is
    )
    return [Notice("error", message, source.file, line, case) for line, case, message in _at_first_line(missing, source)]


def describe(chars: str) -> str:
    """Code points, with Unicode's names in English ('U+13000 EGYPTIAN HIEROGLYPH A001'); Unicode names
    characters only in English, so a Korean message gives the code point alone ('U+13000')."""
    shown = [ch for ch in chars if ch not in (ZWJ, "\ufe0f")]
    if language() != "en":
        return ", ".join(f"U+{ord(ch):04X}" for ch in shown)
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in shown)


def emoji_problems(series: Series, source: SourceMap) -> list[Notice]:
    """Emoji pieces that cannot stand alone: a skin tone, one flag letter (no font draws it), a stray joiner."""
    broken = ((piece, path, case, (level, message)) for text, path, case in _texts(series) for piece, level, message in _broken_pieces(text))
    return [Notice(level, message, source.file, line, case) for line, case, (level, message) in _at_first_line(broken, source)]


def _broken_pieces(text: str) -> Iterator[tuple[str, str, str]]:
    for span in split_spans(text):
        if span.is_emoji and len(span.text) == 1 and ord(span.text) in _SKIN_TONES:
            yield span.text, "warning", (
                _("skin tone {text} ({0}) stands alone; put it right after the person or hand it colours, e.g. 👍{text}").format(describe(span.text), text=span.text)
            )
        if span.is_emoji:
            continue
        for ch in span.text:
            if ord(ch) in _FLAG_LETTERS:
                yield ch, "error", _("flag letter {ch} ({0}) stands alone; a flag is two letters, e.g. 🇰🇷 — check the flag").format(describe(ch), ch=ch)
            elif ch == ZWJ:
                yield ch, "warning", _("a zero-width joiner (U+200D) stands between things it cannot join; remove it or fix the emoji")


def setting_problem(error: CardnewsError, origin: str, source: SourceMap) -> Notice:
    """An unknown size or layout, at the line that sets it, or naming the option that did (`origin`:
    the key path or option it came from)."""
    message = str(error).rstrip(".")
    if origin.startswith("--"):
        return Notice("error", _("{origin}: {message}").format(origin=origin, message=message))
    return Notice("error", message, source.file, source.line(origin) if origin else None)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two "#RRGGBB" colours, from 1 to 21."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")[:6]
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def is_large_text(size_px: float, weight: str, card_width: int = LAYOUT_BASE_PX) -> bool:
    """WCAG's large text (24 CSS px, or 18.66 bold) as the card is seen on a phone."""
    css_px = size_px * PHONE_CSS_PX / card_width
    return css_px >= 24 or (css_px >= 18.66 and weight in ("bold", "extrabold"))


def contrast_problems(theme, layouts: dict[str, list[CardLayout]], fonts: FontBook | None = None) -> list[Notice]:
    """Every piece of text against what is really under it — gradients, panels, translucent layers, and
    the pixels of a photo with its scrim — held to WCAG AA: 4.5:1, or 3:1 for large text. One warning per
    colour pair, at its worst."""
    worst: dict[tuple, tuple] = {}
    for size, cards in layouts.items():
        for card in cards:
            for index, element in enumerate(card.elements):
                if not isinstance(element, TextRun) or not element.text.strip():
                    continue
                grounds = _grounds_under(card.elements[:index], element, fonts)
                if not grounds:
                    continue  # on a picture: nothing to compute with
                large = is_large_text(element.font.size_px, element.font.weight, card.width)
                needed = 3.0 if large else 4.5
                ratio, ground = min((contrast_ratio(_blend(element.color, g), g), g) for g in grounds)
                key = (element.color, needed)
                if ratio < needed and (key not in worst or ratio < worst[key][0]):
                    worst[key] = (ratio, element.text.strip(), element.origin, card.filename, size, large, ground)
    notices = []
    for (colour, needed), (ratio, text, origin, filename, size, large, ground) in sorted(worst.items(), key=lambda kv: kv[1][0]):
        name = next((key for key, value in theme.palette.items() if value[:7].upper() == colour[:7].upper()), colour[:7])
        notices.append(
            Notice(
                "warning",
                _("{name} {0}{1} on {ground} is {ratio:.2f}:1, under the {needed:g}:1 WCAG AA asks for {2} text (e.g. {3!r}{4} on {filename}, {size}); darken or lighten one of them").format(colour[:7], _alpha_note(colour), _('large') if large else _('normal'), text[:24], _what(origin), name=name, ground=ground, ratio=ratio, needed=needed, filename=filename, size=size_title(size)),
                theme.source,
                getattr(theme, "lines", {}).get(f"palette.{name}"),
            )
        )
    return notices


def _what(origin: Origin | None) -> str:
    """What a text is and the layout element that set it, from its origin: ", case 2's item 1 (layouts/civic.yaml:95)"."""
    if origin is None:
        return ""
    from cardnews.layout.setter import word

    if origin.role == "item" and origin.case:
        what = _("case {case}'s item {item}").format(case=origin.case, item=origin.item)
    elif origin.role == "note" and origin.case:
        what = _("a note under case {case}'s item {item}").format(case=origin.case, item=origin.item)
    elif origin.role == "label":
        what = _("a label")
    elif origin.role == "page":
        what = _("the page number")
    elif origin.case and origin.role in ("kicker", "headline", "contents"):
        what = _("case {case}'s {field}").format(case=origin.case, field=word(origin.role))
    else:
        what = _("the {field}").format(field=word(origin.role))
    return f", {what}" + (f" ({origin.where})" if origin.where else "")


def _alpha_note(colour: str) -> str:
    alpha = int(colour[7:9], 16) if len(colour) >= 9 else 255
    return f" at {round(alpha / 2.55)}% opacity" if alpha < 255 else ""


def _grounds_under(elements, run: TextRun, fonts: FontBook | None) -> list[str]:
    """The colours under a text run: the one colour of the shapes under it, or over a photo the lightest
    and darkest of the photo's pixels under the whole run, each with the scrim and the shapes above it."""
    x, y = run.x + 1, run.baseline - run.font.size_px * 0.35
    photo_at = next((i for i in range(len(elements) - 1, -1, -1) if isinstance(elements[i], PhotoRun) and _in_box(elements[i].box, x, y)), None)
    if photo_at is None:
        ground = _ground_at(elements, x, y)
        return [ground] if ground else []
    photo = elements[photo_at]
    width = fonts.text_width(run.text, run.font) if fonts is not None else len(run.text) * run.font.size_px * 0.6
    pixels = photo_pixels_under(photo, (run.x, run.baseline - run.font.size_px * 0.8, run.x + width, run.baseline + run.font.size_px * 0.15))
    return [g for g in (_ground_at(elements[photo_at + 1 :], x, y, start=p) for p in pixels) if g]


def photo_pixels_under(run: PhotoRun, area: tuple[float, float, float, float]) -> list[str]:
    """The lightest and darkest colours a photo shows in `area` (card pixels), with its scrim, from its preview."""
    photo = run.photo
    inner = run.picture_box
    left, top, right, bottom = max(area[0], inner.x), max(area[1], inner.y), min(area[2], inner.right), min(area[3], inner.bottom)
    found = []
    if run.matte and (area[0] < inner.x or area[1] < inner.y or area[2] > inner.right or area[3] > inner.bottom):
        found.append(_blend(run.scrim_alpha_at(area[1]), run.matte[:7]) if run.scrim else run.matte[:7])
    if right <= left or bottom <= top or not photo.preview:
        return found
    crop_l, crop_t, crop_r, crop_b = run.crop
    per_x = (crop_r - crop_l) / inner.width * photo.preview_size[0] / photo.width
    per_y = (crop_b - crop_t) / inner.height * photo.preview_size[1] / photo.height
    px0 = int((crop_l * photo.preview_size[0] / photo.width) + (left - inner.x) * per_x)
    py0 = int((crop_t * photo.preview_size[1] / photo.height) + (top - inner.y) * per_y)
    px1 = max(px0 + 1, math.ceil((crop_l * photo.preview_size[0] / photo.width) + (right - inner.x) * per_x))
    py1 = max(py0 + 1, math.ceil((crop_t * photo.preview_size[1] / photo.height) + (bottom - inner.y) * per_y))
    preview = _preview(photo)
    region = preview.crop((px0, py0, min(px1, preview.width), min(py1, preview.height)))
    rows = region.height
    light, dark = (-1.0, ""), (2.0, "")
    for row in range(rows):
        y = top + (row + 0.5) / rows * (bottom - top)
        scrim = run.scrim_alpha_at(y) if run.scrim else ""
        line = region.crop((0, row, region.width, row + 1)).tobytes()
        for colour in {"#{:02X}{:02X}{:02X}".format(*line[i : i + 3]) for i in range(0, len(line), 3)}:
            shown = _blend(scrim, colour) if scrim else colour
            value = _luminance(shown)
            if value > light[0]:
                light = (value, shown)
            if value < dark[0]:
                dark = (value, shown)
    return found + [c for c in {light[1], dark[1]} if c]


def _preview(photo) -> Image.Image:
    key = photo.sha256
    if key not in _PREVIEWS:
        if len(_PREVIEWS) > 32:
            _PREVIEWS.clear()
        _PREVIEWS[key] = Image.frombytes("RGB", photo.preview_size, photo.preview)
    return _PREVIEWS[key]


_PREVIEWS: dict[str, Image.Image] = {}


def _in_box(box, x: float, y: float) -> bool:
    return box.x <= x <= box.right and box.y <= y <= box.bottom


def _ground_at(elements, x: float, y: float, start: str | None = "#FFFFFF") -> str | None:
    """The colour under a point, layering the shapes drawn before it over `start`; None over a picture."""
    colour: str | None = start
    for element in elements:
        if not isinstance(element, Shape) or not _inside(element, x, y):
            continue
        if element.kind == "image":
            colour = None
        elif element.kind == "gradient":
            share = min(1.0, max(0.0, (y - element.box.y) / max(1.0, element.box.height)))
            colour = _mix(element.fill, element.fill_to, share)
        elif element.outline and element.outline_px and not _inside(element, x, y, inset=element.outline_px):
            colour = _blend(element.outline, colour) if colour else None
        else:
            colour = _blend(element.fill, colour) if colour else None
    return colour


def _inside(shape: Shape, x: float, y: float, inset: float = 0) -> bool:
    box = shape.box
    left, top, right, bottom = box.x + inset, box.y + inset, box.right - inset, box.bottom - inset
    if shape.kind == "ellipse":
        rx, ry = (right - left) / 2, (bottom - top) / 2
        if rx <= 0 or ry <= 0:
            return False
        return ((x - left - rx) / rx) ** 2 + ((y - top - ry) / ry) ** 2 <= 1
    return left <= x <= right and top <= y <= bottom


def _rgb(colour: str) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    alpha = int(value[6:8], 16) if len(value) >= 8 else 255
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), alpha


def _blend(colour: str, ground: str) -> str:
    """`colour` (which may carry alpha) laid over the opaque `ground`."""
    r, g, b, a = _rgb(colour)
    gr, gg, gb, _ignored = _rgb(ground)
    share = a / 255
    return "#{:02X}{:02X}{:02X}".format(*(round(c * share + d * (1 - share)) for c, d in ((r, gr), (g, gg), (b, gb))))


def _mix(top: str, bottom: str, share: float) -> str:
    (r1, g1, b1, _ignored), (r2, g2, b2, _ignored) = _rgb(top), _rgb(bottom)
    return "#{:02X}{:02X}{:02X}".format(*(round(c1 + (c2 - c1) * share) for c1, c2 in ((r1, r2), (g1, g2), (b1, b2))))


def length_problems(card_count: int, channels: Iterable, file: str) -> list[Notice]:
    """A series longer (or shorter) than a chosen channel takes in one post."""
    notices = []
    for channel in channels:
        most, least = getattr(channel, "max_images", None), getattr(channel, "min_images", 1)
        if most is not None and card_count > most:
            posts = -(-card_count // most)
            notices.append(
                Notice(
                    "warning",
                    _("{label} takes at most {most} images a post; these {card_count} cards go out as {posts} posts (shorten the series to keep it one)").format(label=channel.label, most=most, card_count=card_count, posts=posts),
                    file,
                )
            )
        elif card_count < least:
            notices.append(Notice("error", _("{label} needs at least {least} images a post; this series has {card_count}").format(label=channel.label, least=least, card_count=card_count), file))
    return notices


class TextBox(NamedTuple):
    """Where a text or emoji run's ink is on its card, and what it shows."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    origin: Origin | None


def text_boxes(card: CardLayout, fonts: FontBook) -> list[TextBox]:
    """Every text and emoji run as laid out: the ink of Hangul, not the line box."""
    boxes = []
    for element in card.elements:
        if isinstance(element, TextRun) and element.text.strip():
            metrics = fonts.metrics(element.font)
            right = element.x + fonts.text_width(element.text, element.font)
            boxes.append(TextBox(element.x, element.baseline + metrics.hangul_top, right, element.baseline + metrics.hangul_bottom, element.text, element.origin))
        elif isinstance(element, EmojiRun):
            inset = element.size_px * 0.12  # the picture's transparent margin
            boxes.append(TextBox(element.x + inset, element.y + inset, element.x + element.size_px - inset, element.y + element.size_px - inset, element.sequence, element.origin))
    return boxes


def overlap_problems(layouts: dict[str, list[CardLayout]], fonts: FontBook, source: SourceMap) -> list[Notice]:
    """Text that runs into other text or out of the safe area: an error, never a card built that way.

    Layout shrinks, cuts decorative repeats and continues lists so this does not happen; this is the net
    under it, for what no rule foresaw (a layout of one's own, an extreme input).
    """
    from cardnews.layout.sizes import SIZES, size_title

    notices = []
    for size, cards in layouts.items():
        safe = SIZES[size].safe
        prefix = f"{size_title(size)}: " if len(layouts) > 1 else ""
        for card in cards:
            boxes = text_boxes(card, fonts)
            outside = [b for b in boxes if b.left < safe.x - 1 or b.top < safe.y - 1 or b.right > safe.right + 1 or b.bottom > safe.bottom + 1]
            if outside:
                line, case = _read_at(outside[0], source)
                notices.append(Notice("error", _("{prefix}{filename}: {0} runs out of the card's safe area; shorten that text").format(_quote(outside[0].text), prefix=prefix, filename=card.filename), source.file, line, case))
                continue
            clash = _first_overlap(boxes)
            if clash:
                first, second = clash
                message = _("{prefix}{filename}: {0} runs into {1}; shorten one of them").format(_quote(first.text), _quote(second.text), prefix=prefix, filename=card.filename)
                line, case = _read_at(first, source)
                if line is None:
                    line, case = _read_at(second, source)
                notices.append(Notice("error", message, source.file, line, case))
    return notices


def _read_at(box: TextBox, source: SourceMap) -> tuple[int | None, int | None]:
    """The line of the case file a drawn run was read from, by its origin, and its case (None: the series)."""
    path = box.origin.path if box.origin else None
    case = box.origin.case or None if box.origin else None
    return (source.line(path) if path else None), case


def _first_overlap(boxes: list[TextBox]) -> tuple[TextBox, TextBox] | None:
    """The first two boxes that overlap by more than a pixel each way, sweeping from the left."""
    ordered = sorted(boxes, key=lambda box: (box.left, box.top, box.right, box.bottom))
    for index, box in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.left >= box.right - 1:
                break
            if min(box.right, other.right) - max(box.left, other.left) > 1 and min(box.bottom, other.bottom) - max(box.top, other.top) > 1:
                return box, other
    return None


def _quote(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 24 else text[:23] + "…")


def fits_comfortably(series: Series, theme, fonts: FontBook, size: str, logo=None):
    """A test the layout answers: does this case, alone in the series, fit its card at the comfortable size?"""
    from dataclasses import replace

    from cardnews.layout.engine import layout_series

    def fits(case) -> bool:
        english = set_language("en")  # these notices are read here, never shown: in the words looked for below
        try:
            _ignored, notices = layout_series(replace(series, cases=(case,)), theme, fonts, size, logo)
        finally:
            english.var.reset(english)
        return not any(n.message.startswith(("case 1 ", "case 1:", "text on case 1 ")) for n in notices)

    return fits


def long_text_problems(series: Series, fits, source: SourceMap) -> list[Notice]:
    """Each headline and item too long to fit at the layout's comfortable size even alone on its card.

    `fits` (see fits_comfortably) asks the layout: every case is laid out with its headline alone, then
    with each item alone (with its notes); whatever it had to shrink or continue is named, so the editor
    knows what to shorten.
    """
    from dataclasses import replace

    found = []
    for number, case in enumerate(series.cases, start=1):
        line = source.line(f"cases[{number - 1}]")
        if not fits(replace(case, items=())):
            found.append(Notice(
                "warning",
                _("case {number}: the headline is too long to fit at the comfortable size ({0}); shorten it").format(_excerpt(case.headline), number=number),
                source.file, line, number,
            ))
            continue
        for index, item in enumerate(case.items, start=1):
            if not fits(replace(case, items=(item,))):
                found.append(Notice(
                    "warning",
                    _("case {number}, item {index} is too long to fit at the comfortable size even alone ({0}); shorten it or split it into two ✅ lines").format(_excerpt(item.text), number=number, index=index),
                    source.file, line, number,
                ))
    return found


def _excerpt(text: str, length: int = 24) -> str:
    return repr(text if len(text) <= length else text[: length - 1] + "…")
