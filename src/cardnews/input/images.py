"""Opening pictures from input (logos, layout backgrounds) safely: size caps, no decompression bombs."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image

from cardnews.errors import InputError
from cardnews.input.reading import read_capped
from cardnews.model import Picture
from cardnews.i18n import _

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000


def read_picture(path: str | Path, max_pixels: int = MAX_PIXELS, max_bytes: int = MAX_BYTES) -> Picture:
    """Read a picture from input once, checked as `open_image_safely` checks it, to be drawn from memory."""
    data = read_capped(Path(path), max_bytes, "an image")
    image = decode_image(data, path, max_pixels)
    return Picture(str(path), data, hashlib.sha256(data).hexdigest(), image.width, image.height)


def open_image_safely(path: str | Path, max_pixels: int = MAX_PIXELS, max_bytes: int = MAX_BYTES) -> Image.Image:
    """Open and fully load a picture, or say plainly why it cannot be used."""
    data = read_capped(Path(path), max_bytes, "an image")  # a pipe, a device or a huge file never reaches Pillow
    return decode_image(data, path, max_pixels)


def decode_image(data: bytes, path: str | Path, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Fully decode a picture's bytes, or say plainly, naming `path`, why it cannot be used."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > max_pixels:
                    raise InputError(_("{path}: image is {width}×{height} pixels, too large; use at most {max_pixels:,} pixels.").format(path=path, width=image.width, height=image.height, max_pixels=max_pixels))
                image.load()
                return image.copy()
    except Image.UnidentifiedImageError:
        raise InputError(_("{path}: not a readable image (no picture format cardnews knows); use a PNG or JPEG file.").format(path=path)) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise InputError(_("{path}: image is too large to open safely; use a smaller image.").format(path=path)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(_("{path}: not a readable image ({exc}); use a PNG or JPEG file.").format(path=path, exc=exc)) from None
