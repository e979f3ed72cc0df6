"""Contact sheets: a whole series in one image, in reading order and numbered, to choose by looking."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from cardnews.layout.fonts import FontBook, FontSpec
from cardnews.i18n import _

THUMB_WIDTH = 360
GAP = 28
LABEL_PX = 22


def contact_sheet(images: list[Image.Image], fonts: FontBook, title: str = "", columns: int = 0) -> Image.Image:
    """Thumbnails in rows of `columns` (default: a near-square grid), each numbered under it."""
    if not images:
        raise ValueError(_("no cards to put on a sheet"))
    columns = columns or min(len(images), max(3, math.ceil(math.sqrt(len(images) * 1.4))))
    rows = math.ceil(len(images) / columns)
    thumb_w = THUMB_WIDTH
    thumb_h = round(thumb_w * images[0].height / images[0].width)
    header = 64 if title else 0
    width = GAP + columns * (thumb_w + GAP)
    height = header + GAP + rows * (thumb_h + LABEL_PX * 2 + GAP)
    sheet = Image.new("RGB", (width, height), "#EEF0F4")
    draw = ImageDraw.Draw(sheet)
    label_font = fonts.font(FontSpec("semibold", LABEL_PX))
    if title:
        draw.text((GAP, 40), title, font=fonts.font(FontSpec("bold", 30)), fill="#1B2233", anchor="ls")
    for index, image in enumerate(images):
        column, row = index % columns, index // columns
        x = GAP + column * (thumb_w + GAP)
        y = header + GAP + row * (thumb_h + LABEL_PX * 2 + GAP)
        sheet.paste(image.resize((thumb_w, thumb_h), Image.Resampling.LANCZOS), (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb_w, y + thumb_h), outline="#C9CED8")
        draw.text((x + thumb_w / 2, y + thumb_h + LABEL_PX * 1.4), f"{index + 1}", font=label_font, fill="#3A4256", anchor="ms")
    return sheet


def series_sheets(planned, fonts: FontBook) -> dict[str, Image.Image]:
    """One contact sheet per size of a planned series."""
    from cardnews.render.draw import render_card

    return {
        size: contact_sheet([render_card(card, fonts) for card in cards], fonts, f"{planned.series.title} · {size}")
        for size, cards in planned.layouts.items()
    }
