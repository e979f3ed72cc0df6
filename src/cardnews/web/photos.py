"""Photos the web page sends with a draft: checked as the command line checks them, kept in memory by
their SHA-256 (bounded by the bytes they hold), and given to a build by the names the text uses."""

from __future__ import annotations

import re

from cardnews.cache import SizedCache
from cardnews.errors import InputError
from cardnews.input.photos import PhotoReader, read_photo
from cardnews.model import Photo
from cardnews.i18n import _

STORE_BYTES = 512 * 1024 * 1024
_UNSAFE = re.compile(r"[\\/\x00-\x1f|:*?\"<>]+")


class PhotoStore:
    """Uploaded photos by SHA-256; the oldest go first when the store is full (the page sends them again)."""

    def __init__(self, budget_bytes: int = STORE_BYTES):
        self._photos = SizedCache(budget_bytes)

    def add(self, data: bytes, filename: str) -> dict:
        """Check a photo and keep it: its name for the case text, its hash, size and format."""
        name = photo_name(filename)
        photo = read_photo(Photo(name), data)  # a photo that cannot be used is refused now, with why
        self._photos.put(photo.sha256, data, len(data))
        return {"name": name, "sha256": photo.sha256, "width": photo.width, "height": photo.height, "format": photo.format}

    def reader(self, names: dict[str, str]) -> PhotoReader:
        """The photos of one request: each name the page gave, by its hash."""

        def read(name: str) -> bytes:
            digest = names.get(name)
            if digest is None:
                raise InputError(_("{name!r}: no photo of that name was given; add the photo").format(name=name))
            data = self._photos.get(digest)
            if data is None:
                raise InputError(_("{name!r}: the server no longer has this photo; add it again").format(name=name))
            return data

        return read


def photo_name(filename: str) -> str:
    """A name a case text can carry: the file's own, without folders, bars or characters a line cannot hold."""
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    cleaned = _UNSAFE.sub("-", base).strip(" .-") or "photo.jpg"
    return cleaned[-80:]
