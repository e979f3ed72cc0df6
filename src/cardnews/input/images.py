"""Opening pictures from input (logos, layout backgrounds) safely: size caps, no decompression bombs."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

from cardnews.errors import InputError

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000


def open_image_safely(path: str | Path, max_pixels: int = MAX_PIXELS, max_bytes: int = MAX_BYTES) -> Image.Image:
    """Open and fully load a picture, or say plainly why it cannot be used."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(f"{path}: image not found; check the path.") from None
    if size > max_bytes:
        raise InputError(f"{path}: image is {size / 1e6:.1f} MB, more than {max_bytes / 1e6:.0f} MB; use a smaller file.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > max_pixels:
                    raise InputError(f"{path}: image is {image.width}×{image.height} pixels, too large; use at most {max_pixels:,} pixels.")
                image.load()
                return image.copy()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise InputError(f"{path}: image is too large to open safely; use a smaller image.") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not a readable image ({exc}); use a PNG or JPEG file.") from None
