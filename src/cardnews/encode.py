"""Encode cards as files: PNG or JPEG with an embedded sRGB profile, and the series as one PDF.

Every encoder is deterministic: the same image gives the same bytes on every run, so a bundle can be
rebuilt byte for byte (no time stamps in PNG chunks, the ICC profile or the PDF).
"""

from __future__ import annotations

import io
import struct
from functools import lru_cache

from PIL import Image, ImageCms

from cardnews.errors import OutputError

FORMATS = {"png": ".png", "jpg": ".jpg"}
DEFAULT_QUALITY = 92
_FALLBACK_QUALITIES = (92, 88, 84, 80, 75, 70)
_PROFILE_DATE = (2024, 1, 1, 0, 0, 0)
PDF_DPI = 150  # a 1080 px wide card prints 18.3 cm wide: fits A4 with margins


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile, with its creation date fixed (LittleCMS stamps the current time)."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = struct.pack(">6H", *_PROFILE_DATE)
    return bytes(profile)


def encode_image(image: Image.Image, image_format: str = "png", quality: int = DEFAULT_QUALITY) -> bytes:
    """A card as PNG (lossless) or JPEG (4:4:4, so thin Hangul strokes stay sharp), tagged sRGB."""
    buffer = io.BytesIO()
    rgb = image.convert("RGB")
    if image_format == "png":
        rgb.save(buffer, format="PNG", compress_level=6, icc_profile=srgb_profile())
    elif image_format == "jpg":
        rgb.save(buffer, format="JPEG", quality=quality, subsampling=0, optimize=True, icc_profile=srgb_profile())
    else:
        raise ValueError(f"unknown image format {image_format!r}")
    return buffer.getvalue()


def encode_within(image: Image.Image, image_format: str, quality: int, max_bytes: int | None) -> tuple[bytes, str]:
    """The card in the asked format, or as JPEG when that is too big for `max_bytes`; returns bytes and format.

    JPEG steps down in quality until it fits; a card that does not fit even then is an error, since
    the channel would refuse it at upload.
    """
    data = encode_image(image, image_format, quality)
    if max_bytes is None or len(data) <= max_bytes:
        return data, image_format
    for step in (q for q in _FALLBACK_QUALITIES if q <= quality or image_format == "png"):
        data = encode_image(image, "jpg", step)
        if len(data) <= max_bytes:
            return data, "jpg"
    raise OutputError(
        f"a {image.width}×{image.height} card is {size_text(len(data))} even as JPEG at quality {_FALLBACK_QUALITIES[-1]}, "
        f"more than the {size_text(max_bytes)} allowed; use a plainer background."
    )


def size_text(count: int) -> str:
    """A file size as people read it: '1 MB', '512 KB' (binary units, as upload limits are given)."""
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.3g} MB"
    return f"{count / 1024:.3g} KB"


def encode_pdf(images: list[Image.Image], title: str = "", author: str = "", quality: int = DEFAULT_QUALITY) -> bytes:
    """The series as a PDF, one card a page, without creation or modification dates."""
    if not images:
        raise ValueError("no cards to put in a PDF")
    buffer = io.BytesIO()
    first, *rest = [image.convert("RGB") for image in images]
    first.save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=PDF_DPI,
        quality=quality,
        subsampling=0,
        title=title or None,
        author=author or None,
        creator="cardnews",
        creationDate=None,
        modDate=None,
    )
    return buffer.getvalue()
