"""Drawing a photo: decoded once at the size it is shown (JPEG's draft mode does most of the shrinking),
cropped and resampled in one step, then its rounded corners and scrim."""

from __future__ import annotations

import math
from typing import Callable

from PIL import Image

from cardnews.cache import sized_cache
from cardnews.input.photos import decode, open_photo
from cardnews.layout.geometry import PhotoRun
from cardnews.model import Photo


def draw_photo(image: Image.Image, run: PhotoRun, rounded_mask: Callable[[int, int, int], Image.Image]) -> None:
    """Paint `run` onto the card: matte, photo, scrim, all within the box's rounded corners."""
    box = run.box
    x0, y0, width, height = round(box.x), round(box.y), round(box.width), round(box.height)
    if width <= 0 or height <= 0:
        return
    layer = Image.new("RGBA", (width, height), run.matte or "#00000000")
    inner = run.picture_box
    px, py = round(inner.x) - x0, round(inner.y) - y0
    pw, ph = max(1, round(inner.width)), max(1, round(inner.height))
    picture = photo_pixels(run.photo, run.crop, pw, ph)
    layer.alpha_composite(picture, (px, py))
    if run.scrim:
        layer.alpha_composite(_scrim(run, width, height))  # over the whole box: the matte too, where text may go
    if run.radius:
        mask = rounded_mask(width, height, round(run.radius))
        alpha = layer.getchannel("A")
        layer.putalpha(Image.composite(alpha, Image.new("L", alpha.size, 0), mask))
    image.paste(layer.convert("RGB"), (x0, y0), layer.getchannel("A"))


@sized_cache(48 * 1024 * 1024, cost=lambda photo, crop, width, height: 200 + width * height * 4)
def photo_pixels(photo: Photo, crop: tuple[float, float, float, float], width: int, height: int) -> Image.Image:
    """The `crop` of the photo (upright pixels) as an RGBA image of `width`×`height`, resampled once."""
    left, top, right, bottom = crop
    need = (math.ceil(width * photo.width / max(1e-6, right - left)), math.ceil(height * photo.height / max(1e-6, bottom - top)))
    with open_photo(photo.data, photo.path) as opened:
        decoded = decode(opened, (min(need[0], photo.width), min(need[1], photo.height)), photo.path)
    sx, sy = decoded.width / photo.width, decoded.height / photo.height
    return decoded.resize((width, height), Image.Resampling.LANCZOS, box=(left * sx, top * sy, right * sx, bottom * sy))


def _scrim(run: PhotoRun, width: int, height: int) -> Image.Image:
    """The scrim's gradient, one colour a row, as the contrast check reckons it."""
    column = Image.new("RGBA", (1, height))
    for row in range(height):
        colour = run.scrim_alpha_at(run.box.y + row + 0.5)
        column.putpixel((0, row), tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5, 7)))
    return column.resize((width, height), Image.Resampling.NEAREST)

