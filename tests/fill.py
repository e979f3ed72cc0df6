"""How much of a card's body its content spans, read from drawn images alone.

A row is drawn on when it differs from the same card drawn with its ground and decorations only. The
first band of such rows from the top is the header (chip, page number), the last the footer (if the card has one);
the body is what lies between them, and the content spans from its first drawn row to its last.
"""

from __future__ import annotations

from PIL import Image, ImageChops

THRESHOLD = 3  # the ground is drawn the same way, so any real difference is something drawn


def drawn_rows(image: Image.Image, ground: Image.Image) -> list[bool]:
    """For each row, whether anything is drawn in it over the ground."""
    difference = ImageChops.difference(_rgb(image), _rgb(ground)).convert("L")
    mask = difference.point([0] * (THRESHOLD + 1) + [255] * (255 - THRESHOLD))
    return [bool(on) for on in mask.getprojection()[1]]


def _rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


def bands(rows: list[bool]) -> list[tuple[int, int]]:
    """Runs of drawn rows as (first, last + 1)."""
    found, start = [], None
    for y, on in enumerate(rows + [False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            found.append((start, y))
            start = None
    return found


def body_fill(image: Image.Image, ground: Image.Image) -> float:
    """The share of the body (between the header band and the footer band) that its content spans."""
    found = bands(drawn_rows(image, ground))
    assert len(found) >= 2, f"expected a header and content, found bands {found}"
    header = found[0]
    if len(found) == 2:  # no footer: the body runs to the bottom margin, as deep as the top one
        content, bottom = found[1:], image.height - header[0]
    else:
        content, bottom = found[1:-1], found[-1][0]
    return (content[-1][1] - content[0][0]) / (bottom - header[1])


def widest_gap(image: Image.Image, ground: Image.Image) -> float:
    """The tallest blank band inside the content, as a share of the body: a composition torn apart shows here."""
    found = bands(drawn_rows(image, ground))
    header = found[0]
    content = found[1:] if len(found) == 2 else found[1:-1]
    bottom = image.height - header[0] if len(found) == 2 else found[-1][0]
    gaps = [after[0] - before[1] for before, after in zip(content, content[1:])]
    return max(gaps, default=0) / (bottom - header[1])
