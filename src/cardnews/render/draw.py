"""Render, draw only: a CardLayout becomes a Pillow image. Nothing is measured here."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageColor, ImageDraw

from cardnews.budget import check_budget
from cardnews.cache import sized_cache
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout, EmojiRun, ImageRun, PhotoRun, Shape, TextRun
from cardnews.model import Picture
from cardnews.input.images import decode_image, open_image_safely
from cardnews.render.photo import draw_photo

_SUPERSAMPLE = 4


def render_card(card: CardLayout, fonts: FontBook) -> Image.Image:
    """Draw a card's elements in order onto an sRGB canvas."""
    check_budget()
    image = Image.new("RGB", (card.width, card.height), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    for element in card.elements:
        if isinstance(element, TextRun):
            draw.text((element.x, element.baseline), element.text, font=fonts.font(element.font), fill=element.color, anchor="ls")
        elif isinstance(element, EmojiRun):
            tile = fonts.emoji_image(element.sequence, element.size_px)
            image.paste(tile, (round(element.x), round(element.y)), tile)
        elif isinstance(element, Shape):
            _draw_shape(image, element)
        elif isinstance(element, ImageRun):
            picture = _picture(element.picture, element.width, element.height)
            image.paste(picture, (element.x, element.y), picture)
        elif isinstance(element, PhotoRun):
            draw_photo(image, element, _rounded_mask)
    return image


def _rgba(color: str) -> tuple[int, int, int, int]:
    value = ImageColor.getrgb(color)
    return value if len(value) == 4 else (*value, 255)


def _draw_shape(image: Image.Image, shape: Shape) -> None:
    box = shape.box
    x0, y0 = round(box.x), round(box.y)
    width, height = round(box.right) - x0, round(box.bottom) - y0
    if width <= 0 or height <= 0:
        return
    if shape.kind == "image":
        image.paste(_cover_image(shape.image, width, height), (x0, y0))
        return
    if shape.kind == "gradient":
        image.paste(_gradient(width, height, shape.fill, shape.fill_to), (x0, y0))
        return
    if shape.kind == "rect" and _paint_opaque_rect(image, x0, y0, width, height, shape):
        return
    outer = _mask(shape.kind, width, height, shape.radius)
    if shape.outline and shape.outline_px:
        inset = shape.outline_px
        inner = Image.new("L", (width, height), 0)
        inner.paste(_mask(shape.kind, width - 2 * inset, height - 2 * inset, max(0, shape.radius - inset)), (inset, inset))
        _paint(image, x0, y0, ImageChops.subtract(outer, inner), shape.outline)
        _paint(image, x0, y0, inner, shape.fill)
    else:
        _paint(image, x0, y0, outer, shape.fill)


def _paint_opaque_rect(image: Image.Image, x0: int, y0: int, width: int, height: int, shape: Shape) -> bool:
    """Draw an opaque (rounded, outlined) rectangle as the masks below would, pixel for pixel, but blend
    only the rows holding corners and fill the rest: a panel's full-size masks cost ~4 ms a card.
    False, having drawn nothing, when the shape is not one this handles (see-through colours, tiny shapes)."""
    fill = _rgba(shape.fill)
    outline = _rgba(shape.outline) if shape.outline and shape.outline_px else None
    if fill[3] != 255 or (outline is not None and outline[3] != 255):
        return False
    radius = min(round(shape.radius), width // 2, height // 2)
    if outline is None:
        if radius:
            image.paste(fill[:3], (x0, y0), _mask_rows(width, height, round(shape.radius), radius, bottom=False))
            image.paste(fill[:3], (x0, y0 + height - radius), _mask_rows(width, height, round(shape.radius), radius, bottom=True))
        image.paste(fill[:3], (x0, y0 + radius, x0 + width, y0 + height - radius))
        return True
    inset = shape.outline_px
    inner_w, inner_h = width - 2 * inset, height - 2 * inset
    if inner_w <= 0 or inner_h <= 0:
        return False
    inner_radius = round(max(0, shape.radius - inset))
    rows = max(radius, inset + min(inner_radius, inner_w // 2, inner_h // 2))  # rows at top and bottom with corners
    if 2 * rows > height:
        return False
    for bottom, top in ((False, y0), (True, y0 + height - rows)):
        outer = _mask_rows(width, height, round(shape.radius), rows, bottom)
        inner = Image.new("L", (width, rows), 0)
        if rows > inset:
            inner.paste(_mask_rows(inner_w, inner_h, inner_radius, rows - inset, bottom), (inset, 0 if bottom else inset))
        image.paste(outline[:3], (x0, top), ImageChops.subtract(outer, inner))
        image.paste(fill[:3], (x0, top), inner)
    middle_top, middle_bottom = y0 + rows, y0 + height - rows
    image.paste(outline[:3], (x0, middle_top, x0 + inset, middle_bottom))
    image.paste(outline[:3], (x0 + width - inset, middle_top, x0 + width, middle_bottom))
    image.paste(fill[:3], (x0 + inset, middle_top, x0 + width - inset, middle_bottom))
    return True


def _mask_rows(width: int, height: int, radius: int, rows: int, bottom: bool) -> Image.Image:
    """The top (or bottom) `rows` rows of `_rounded_mask(width, height, radius)`, which must hold its corners
    whole and none of the other two."""
    radius = min(radius, width // 2, height // 2)
    mask = Image.new("L", (width, rows), 255)
    if radius > 0:
        disc = _circle(2 * radius)
        y, cy = (rows - radius, radius) if bottom else (0, 0)
        mask.paste(disc.crop((0, cy, radius, cy + radius)), (0, y))
        mask.paste(disc.crop((radius, cy, 2 * radius, cy + radius)), (width - radius, y))
    return mask


def _mask(kind: str, width: int, height: int, radius: float) -> Image.Image:
    return _ellipse_mask(width, height) if kind == "ellipse" else _rounded_mask(width, height, round(radius))


def _paint(image: Image.Image, x0: int, y0: int, mask: Image.Image, color: str) -> None:
    """Blend `color` (which may carry alpha) through `mask` onto the image."""
    r, g, b, a = _rgba(color)
    if a == 0:
        return
    if a != 255:
        mask = mask.point(lambda v: v * a // 255)
    image.paste((r, g, b), (x0, y0, x0 + mask.width, y0 + mask.height), mask)


@sized_cache(8 * 1024 * 1024)
def _circle(diameter: int) -> Image.Image:
    """An antialiased disc: drawn large, then reduced."""
    big = Image.new("L", (diameter * _SUPERSAMPLE, diameter * _SUPERSAMPLE), 0)
    ImageDraw.Draw(big).ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    return big.resize((diameter, diameter), Image.Resampling.BOX)


@sized_cache(32 * 1024 * 1024)
def _rounded_mask(width: int, height: int, radius: int) -> Image.Image:
    radius = min(radius, width // 2, height // 2)
    mask = Image.new("L", (width, height), 255)
    if radius <= 0:
        return mask
    disc = _circle(2 * radius)
    corners = ((0, 0), (width - radius, 0), (0, height - radius), (width - radius, height - radius))
    for (x, y), (cx, cy) in zip(corners, ((0, 0), (radius, 0), (0, radius), (radius, radius))):
        mask.paste(disc.crop((cx, cy, cx + radius, cy + radius)), (x, y))
    return mask


@sized_cache(16 * 1024 * 1024)
def _ellipse_mask(width: int, height: int) -> Image.Image:
    if width == height:
        return _circle(width)
    big = Image.new("L", (width * 2, height * 2), 0)
    ImageDraw.Draw(big).ellipse((0, 0, big.width - 1, big.height - 1), fill=255)
    return big.resize((width, height), Image.Resampling.BOX)


@sized_cache(32 * 1024 * 1024)
def _gradient(width: int, height: int, top: str, bottom: str) -> Image.Image:
    """A vertical gradient, smooth enough that PNG does not band.

    Every row is one colour, so one column is worked out and widened (1 ms instead of 10 for a whole card).
    """
    ramp = Image.linear_gradient("L").resize((1, height), Image.Resampling.BILINEAR)
    column = Image.composite(Image.new("RGB", (1, height), bottom), Image.new("RGB", (1, height), top), ramp)
    return column.resize((width, height), Image.Resampling.NEAREST)


@sized_cache(16 * 1024 * 1024)
def _picture(picture: Picture, width: int, height: int) -> Image.Image:
    """A logo scaled to its box, kept with its transparency; from the bytes input read, not the file."""
    return decode_image(picture.data, picture.name).convert("RGBA").resize((max(1, width), max(1, height)), Image.Resampling.LANCZOS)


@sized_cache(32 * 1024 * 1024)
def _cover_image(path: str, width: int, height: int) -> Image.Image:
    """A background picture scaled and centre-cropped to fill the card."""
    picture = open_image_safely(path).convert("RGB")
    scale = max(width / picture.width, height / picture.height)
    resized = picture.resize((max(width, round(picture.width * scale)), max(height, round(picture.height * scale))), Image.Resampling.LANCZOS)
    left, top = (resized.width - width) // 2, (resized.height - height) // 2
    return resized.crop((left, top, left + width, top + height))
