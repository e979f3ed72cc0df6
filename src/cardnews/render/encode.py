"""Encode cards as files: PNG or JPEG with an embedded sRGB profile, and the series as one PDF.

Every encoder is deterministic: the same image gives the same bytes on every run, so a bundle can be
rebuilt byte for byte (no time stamps in PNG chunks, the ICC profile or the PDF).
"""

from __future__ import annotations

import io
import struct
import zlib
import functools
from functools import lru_cache
from typing import BinaryIO, Callable

from PIL import Image, ImageCms

from cardnews.errors import OutputError
from cardnews.model import DEFAULT_QUALITY
from cardnews.i18n import _

FORMATS = {"png": ".png", "jpg": ".jpg"}
_FALLBACK_QUALITIES = (92, 88, 84, 80, 75, 70)
_PROFILE_DATE = (2024, 1, 1, 0, 0, 0)
PDF_DPI = 150  # a 1080 px wide card prints 18.3 cm wide: fits A4 with margins
# PNG as cards are: flat colours, gradients whose rows repeat, antialiased text. Unfiltered rows at zlib level 2
# are 2.4 times faster to write than Pillow's adaptive filters at level 4 and 3% smaller (15.8 against 38.4 ms
# and 121 against 125 KB a reference card; benchmarks/run.py measures it). Filters pay only on photographs:
# a card with a background picture or a photo is written with Pillow's adaptive filters (`photographic`), at
# zlib level 1: 2.4 times faster than level 4 for 16% more bytes on a full-bleed photo card (60 against 146 ms,
# 878 against 759 KB), which keeps a photo's card within its time (benchmarks/run.py --photos).
PNG_COMPRESS_LEVEL = 2
_PHOTO_COMPRESS_LEVEL = 1
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile, with its creation date fixed (LittleCMS stamps the current time)."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = struct.pack(">6H", *_PROFILE_DATE)
    return bytes(profile)


def encode_image(image: Image.Image, image_format: str = "png", quality: int = DEFAULT_QUALITY, photographic: bool = False) -> bytes:
    """A card as PNG (lossless) or JPEG (4:4:4, so thin Hangul strokes stay sharp), tagged sRGB."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if image_format == "png" and not photographic:
        return png_unfiltered(rgb)
    buffer = io.BytesIO()
    if image_format == "png":
        rgb.save(buffer, format="PNG", compress_level=_PHOTO_COMPRESS_LEVEL, icc_profile=srgb_profile())
    elif image_format == "jpg":
        rgb.save(buffer, format="JPEG", quality=quality, subsampling=0, optimize=True, icc_profile=srgb_profile())
    else:
        raise ValueError(_("unknown image format {image_format!r}").format(image_format=image_format))
    return buffer.getvalue()


def png_unfiltered(image: Image.Image, level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """An RGB image as a PNG of unfiltered rows, compressed in one call, tagged sRGB: what Pillow writes
    (IHDR, iCCP, IDAT, IEND) without its per-row filter search."""
    width, height = image.size
    raw, stride = image.tobytes(), 3 * width
    rows = b"".join(b"\0" + raw[offset : offset + stride] for offset in range(0, stride * height, stride))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    profile = b"ICC Profile\0\0" + zlib.compress(srgb_profile())
    chunks = ((b"IHDR", header), (b"iCCP", profile), (b"IDAT", zlib.compress(rows, level)), (b"IEND", b""))
    return _PNG_SIGNATURE + b"".join(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data)) for kind, data in chunks)


def encode_within(image: Image.Image, image_format: str, quality: int, max_bytes: int | None, photographic: bool = False) -> tuple[bytes, str]:
    """The card in the asked format, or as JPEG when that is too big for `max_bytes`; returns bytes and format.

    JPEG steps down in quality until it fits; a card that does not fit even then is an error, since
    the channel would refuse it at upload.
    """
    data = encode_image(image, image_format, quality, photographic)
    if max_bytes is None or len(data) <= max_bytes:
        return data, image_format
    for step in (q for q in _FALLBACK_QUALITIES if q <= quality or image_format == "png"):
        data = encode_image(image, "jpg", step)
        if len(data) <= max_bytes:
            return data, "jpg"
    raise OutputError(
        _("a {width}×{height} card is {0} even as JPEG at quality {1}, more than the {2} allowed; use a plainer background.").format(size_text(len(data)), _FALLBACK_QUALITIES[-1], size_text(max_bytes), width=image.width, height=image.height)
    )


def size_text(count: int) -> str:
    """A file size as people read it: '1 MB', '512 KB' (binary units, as upload limits are given)."""
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.3g} MB"
    return f"{count / 1024:.3g} KB"


def pdf_from_files(pages: list[tuple[bytes, int, int]], title: str = "", author: str = "") -> bytes:
    """The series as a PDF from cards already encoded, (data, width, height) each: PNG or JPEG data goes in
    as it is (PNG's compressed rows are a PDF Flate stream), so nothing is encoded twice and PNG stays lossless."""
    buffer = io.BytesIO()
    write_pdf(buffer, [(functools.partial(bytes, data), width, height) for data, width, height in pages], title, author)
    return buffer.getvalue()


def write_pdf(out: BinaryIO, pages: list[tuple[Callable[[], bytes], int, int]], title: str = "", author: str = "") -> None:
    """`pdf_from_files` into a file, each page's data read (`pages`: (read, width, height)) only when its
    page is written, so a long series is never in memory whole."""
    from PIL import PdfParser

    if not pages:
        raise ValueError(_("no cards to put in a PDF"))
    pdf = PdfParser.PdfParser(f=out, mode="w+b")
    for key, value in (("Title", title), ("Author", author), ("Creator", "cardnews")):
        if value:
            pdf.info[key] = value
    pdf.start_writing()
    pdf.write_header()
    page_refs, contents_refs = [], []
    for _ignored in pages:
        page_refs.append(pdf.next_object_id(0))
        contents_refs.append(pdf.next_object_id(0))
    pdf.pages.extend(page_refs)
    pdf.write_catalog()
    name = PdfParser.PdfName
    for page_ref, contents_ref, (read, width, height) in zip(page_refs, contents_refs, pages):
        stream, image_filter, params = _pdf_image(read(), width, height)
        image_ref = pdf.write_obj(
            None,
            stream=stream,
            Type=name("XObject"),
            Subtype=name("Image"),
            Width=width,
            Height=height,
            Filter=name(image_filter),
            DecodeParms=params,
            BitsPerComponent=8,
            ColorSpace=name("DeviceRGB"),
        )
        points_w, points_h = width * 72.0 / PDF_DPI, height * 72.0 / PDF_DPI
        pdf.write_page(
            page_ref,
            Resources=PdfParser.PdfDict(ProcSet=[name("PDF"), name("ImageC")], XObject=PdfParser.PdfDict(image=image_ref)),
            MediaBox=[0, 0, points_w, points_h],
            Contents=contents_ref,
        )
        pdf.write_obj(contents_ref, stream=b"q %f 0 0 %f 0 0 cm /image Do Q\n" % (points_w, points_h))
    pdf.write_xref_and_trailer()
    pdf.close()



def _pdf_image(data: bytes, width: int, height: int):
    """(stream, filter, decode parameters) for an image XObject holding an encoded card as it is."""
    from PIL import PdfParser

    if data.startswith(b"\xff\xd8"):
        return data, "DCTDecode", None
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError(_("a PDF page must be PNG or JPEG data"))
    idat, offset = [], len(_PNG_SIGNATURE)
    while offset < len(data):
        length, kind = struct.unpack_from(">I4s", data, offset)
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            png_w, png_h, depth, colour, _ignored, _ignored, interlace = struct.unpack(">IIBBBBB", body)
            if (png_w, png_h, depth, colour, interlace) != (width, height, 8, 2, 0):
                raise ValueError(_("a PNG page must be 8-bit RGB, not interlaced, of the card's size"))
        elif kind == b"IDAT":
            idat.append(body)
        offset += 12 + length
    params = PdfParser.PdfDict(Predictor=15, Colors=3, BitsPerComponent=8, Columns=width)
    return b"".join(idat), "FlateDecode", params
