"""Photos from input, read once at the edge: the file's bytes, its upright size, a small sRGB preview and
its detail map, so that layout crops and the checks measure without decoding it again.

Phones and cameras give JPEG (EXIF-rotated, progressive, CMYK, with ICC profiles), PNG with alpha,
WebP and HEIC/HEIF; all become upright sRGB. Files are read with a size cap and the pixel count is
checked before anything is decoded, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Callable

from PIL import Image, ImageChops, ImageCms, ImageFilter, ImageOps

from cardnews.errors import CardnewsError, InputError
from cardnews.input.reading import read_capped
from cardnews.model import Notice, Photo
from cardnews.i18n import _

MAX_PHOTO_BYTES = 30_000_000
MAX_PHOTO_PIXELS = 60_000_000  # a 50-megapixel phone photo goes; a bomb does not
PREVIEW_PX = 384  # the preview's long side
DETAIL_PX = 48  # the detail map's long side
SKIN_WEIGHT = 0.2  # how much a skin-toned cell adds to its edge energy (0–255)
FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "HEIF", "AVIF")
_SRGB = ImageCms.createProfile("sRGB")

PhotoReader = Callable[[str], bytes]  # a photo's path as written → its bytes (raises CardnewsError)


_heif: list[bool] = []  # whether pillow-heif is there, once it has been looked for


def heif_available() -> bool:
    """HEIC/HEIF from phones, through pillow-heif (registered with Pillow the first time a photo is opened)."""
    if not _heif:
        try:
            from pillow_heif import register_heif_opener
        except ImportError:
            _heif.append(False)
        else:
            register_heif_opener()
            _heif.append(True)
    return _heif[0]


def folder_reader(base: Path) -> PhotoReader:
    """Photos from the case file's folder, by paths relative to it that never leave it."""
    root = base.resolve()

    def read(name: str) -> bytes:
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise InputError(_("{name!r}: a photo's path is relative to the case file and stays in its folder; put the photo beside it").format(name=name))
        try:
            path = (root / relative).resolve()
        except (OSError, RuntimeError):
            raise InputError(_("{name!r} is a symbolic link that loops; point it at the photo itself").format(name=name)) from None
        if not path.is_relative_to(root):
            raise InputError(_("{name!r}: a photo's path is relative to the case file and stays in its folder; put the photo beside it").format(name=name))
        if not path.exists():
            raise InputError(_("{name!r}: no such photo beside the case file; check the name").format(name=name))
        return read_capped(path, MAX_PHOTO_BYTES, "a photo")

    return read


def memory_reader(files: dict[str, bytes]) -> PhotoReader:
    """Photos given with the text (the web app's uploads), by the name the case text gives them."""

    def read(name: str) -> bytes:
        if name not in files:
            raise InputError(_("{name!r}: no photo of that name was given; add the photo").format(name=name))
        return files[name]

    return read


def attach_photos(series, reader: PhotoReader | None, file: str, line: Callable[[str], int | None], notices: list[Notice]):
    """The series with each photo's file read and checked; a photo that cannot be used is an error at its
    line and is left off its card, so the check goes on and reports the rest."""
    def attach(photo: Photo | None, path: str) -> Photo | None:
        if photo is None:
            return None
        where = line(f"{path}.image")
        if reader is None:
            notices.append(Notice("error", _("{name!r}: photos are read from the case file's folder, and this text has none; add the photo").format(name=photo.path), file, where))
            return None
        try:
            read = read_photo(photo, reader(photo.path))
        except CardnewsError as exc:
            notices.append(Notice("error", str(exc), file, where))
            return None
        if not read.alt:
            notices.append(Notice("warning", _("{name!r} has no image_alt: say what the photo shows, for people who cannot see it").format(name=photo.path), file, where))
        return read

    cases = tuple(replace(case, photo=attach(case.photo, f"cases[{index}]")) for index, case in enumerate(series.cases))
    return replace(series, photo=attach(series.photo, "series"), cases=cases)


def read_photo(photo: Photo, data: bytes) -> Photo:
    """`photo` with its bytes, upright size, preview and hash, or an InputError saying why it cannot be used."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InputError(_("{name!r}: {size:,} bytes is too large for a photo (at most {limit:,}); save it smaller").format(name=photo.path, size=len(data), limit=MAX_PHOTO_BYTES))
    with open_photo(data, photo.path) as image:
        width, height = upright_size(image)
        preview = decode(image, (PREVIEW_PX, PREVIEW_PX), photo.path)
        preview.thumbnail((PREVIEW_PX, PREVIEW_PX), Image.Resampling.BOX)
        flat = Image.new("RGB", preview.size, "white")
        flat.paste(preview, mask=preview.getchannel("A"))
        image_format = image.format or ""
    detail_size, detail = detail_map(flat)
    return replace(
        photo, data=data, sha256=hashlib.sha256(data).hexdigest(), format=image_format, width=width, height=height,
        preview=flat.tobytes(), preview_size=flat.size, detail=tuple(detail), detail_size=detail_size,
    )


def open_photo(data: bytes, name: str) -> Image.Image:
    """The photo opened (not yet decoded), its format and pixel count checked."""
    heif = heif_available()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.UnidentifiedImageError:
        hint = "" if heif or not data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1") else _(" (HEIC needs pillow-heif: pip install pillow-heif)")
        raise InputError(_("{name!r}: not a photo format cardnews reads{hint}; use JPEG, PNG, WebP or HEIC").format(name=name, hint=hint)) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise InputError(_("{name!r}: the photo is too large to open safely (at most {limit:,} pixels); save it smaller").format(name=name, limit=MAX_PHOTO_PIXELS)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(_("{name!r}: not a readable photo ({exc}); save it again as JPEG or PNG").format(name=name, exc=exc)) from None
    if image.format not in FORMATS:
        image.close()
        raise InputError(_("{name!r}: {format} is not a photo format cardnews reads; use JPEG, PNG, WebP or HEIC").format(name=name, format=image.format))
    if image.width * image.height > MAX_PHOTO_PIXELS:
        image.close()
        raise InputError(_("{name!r}: {width}×{height} is too large (at most {limit:,} pixels); save it smaller").format(name=name, width=image.width, height=image.height, limit=MAX_PHOTO_PIXELS))
    return image


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The size the photo is seen at, once its EXIF orientation is applied."""
    orientation = image.getexif().get(0x0112, 1)
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else (image.width, image.height)


def decode(image: Image.Image, at_least: tuple[int, int], name: str) -> Image.Image:
    """The photo decoded upright in sRGB with alpha, as small as JPEG's draft mode allows while keeping
    at least `at_least` pixels (upright) in each direction."""
    try:
        if image.format in ("JPEG", "MPO"):
            need = at_least if upright_size(image) == image.size else (at_least[1], at_least[0])
            image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB", need)
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        return to_srgb(upright)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(_("{name!r}: not a readable photo ({exc}); save it again as JPEG or PNG").format(name=name, exc=exc)) from None


def to_srgb(image: Image.Image) -> Image.Image:
    """RGBA in sRGB: an embedded ICC profile (a camera's Adobe RGB, a print CMYK) converted, alpha kept."""
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info) else None
    if image.mode == "P":
        image = image.convert("RGBA")
        alpha = image.getchannel("A") if alpha is not None else None
    icc = image.info.get("icc_profile")
    rgb = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            base = image.convert("RGB") if image.mode in ("RGBA", "LA", "I;16", "I", "F") else image
            if base.mode == "L" and source.profile.xcolor_space.strip() != "GRAY":
                base = base.convert("RGB")
            rgb = ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            rgb = None  # a broken profile: the pixels as they are
    if rgb is None:
        rgb = image.convert("RGB")
    result = rgb.convert("RGBA")
    if alpha is not None:
        result.putalpha(alpha)
    return result


def detail_map(preview: Image.Image) -> tuple[tuple[int, int], list[float]]:
    """Where the photo has detail, on a grid of DETAIL_PX along its long side: edge energy of the
    preview's lightness, plus a boost for skin tones so faces count for more."""
    grey = preview.convert("L").filter(ImageFilter.FIND_EDGES)
    scale = DETAIL_PX / max(preview.size)
    size = (max(1, round(preview.width * scale)), max(1, round(preview.height * scale)))
    edges = list(grey.resize(size, Image.Resampling.BOX).tobytes())
    skin = list(_skin(preview).resize(size, Image.Resampling.BOX).tobytes())
    return size, [e + SKIN_WEIGHT * s for e, s in zip(edges, skin)]


def _skin(image: Image.Image) -> Image.Image:
    """A mask of skin-toned pixels (the classic YCbCr box), any complexion."""
    _y, cb, cr = image.convert("YCbCr").split()
    cb_ok = cb.point(lambda v: 255 if 77 <= v <= 127 else 0)
    cr_ok = cr.point(lambda v: 255 if 133 <= v <= 173 else 0)
    return ImageChops.multiply(cb_ok, cr_ok)
