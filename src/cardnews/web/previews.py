"""Cards drawn once and kept by what they show, with a small JPEG preview of each.

A CardLayout is a frozen value holding every position, text and colour of a card, so two equal layouts
draw the same picture: an edit that changes one card draws only that card again. Previews are named by
a digest of the layout, so the page's image addresses change only when the card does. With accounts, each
preview remembers the teams it was made for, and is served to those teams only (a digest is no key).
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

from PIL import Image

from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout
from cardnews.render.draw import render_card

MAX_IMAGE_BYTES = 256 * 1024 * 1024  # drawn cards kept in memory: about 45 portrait cards
MAX_PREVIEWS = 2000  # previews kept (about 60 KB each)
PREVIEW_QUALITY = 85


def card_digest(card: CardLayout) -> str:
    """A name for what the card shows: equal layouts, equal names, across restarts too."""
    return hashlib.sha256(repr(card).encode("utf-8")).hexdigest()[:32]


def preview_jpeg(image: Image.Image) -> bytes:
    """Half size (sharp on a phone's screen at the size the page shows it), JPEG without chroma blur."""
    small = image.reduce(2) if image.width >= 800 else image
    buffer = io.BytesIO()
    small.convert("RGB").save(buffer, format="JPEG", quality=PREVIEW_QUALITY, subsampling=0)
    return buffer.getvalue()


class CardImages:
    """Thread-safe, size-bounded caches of drawn cards (by layout) and previews (by digest)."""

    def __init__(self, max_image_bytes: int = MAX_IMAGE_BYTES, max_previews: int = MAX_PREVIEWS):
        self.max_image_bytes = max_image_bytes
        self.max_previews = max_previews
        self._images: OrderedDict[CardLayout, Image.Image] = OrderedDict()
        self._image_bytes = 0
        self._previews: OrderedDict[str, bytes] = OrderedDict()
        self._teams: dict[str, set[int]] = {}  # digest -> the teams it was made for
        self._lock = threading.Lock()
        self.drawn = 0  # cards drawn since start: a test sees that an unchanged card is not drawn again

    def image(self, card: CardLayout, fonts: FontBook) -> Image.Image:
        """The card drawn, from the cache when the same layout was drawn before. Do not modify it."""
        with self._lock:
            image = self._images.get(card)
            if image is not None:
                self._images.move_to_end(card)
                return image
        image = render_card(card, fonts)
        with self._lock:
            self.drawn += 1
            if card not in self._images:
                self._images[card] = image
                self._image_bytes += _size(image)
                while self._image_bytes > self.max_image_bytes and len(self._images) > 1:
                    _, dropped = self._images.popitem(last=False)
                    self._image_bytes -= _size(dropped)
        return image

    def preview(self, card: CardLayout, fonts: FontBook, team: int | None = None) -> tuple[str, bool]:
        """The card's preview digest, and whether it had to be made now; `team` may fetch it afterwards."""
        digest = card_digest(card)
        with self._lock:
            if digest in self._previews:
                self._previews.move_to_end(digest)
                if team is not None:
                    self._teams.setdefault(digest, set()).add(team)
                return digest, False
        data = preview_jpeg(self.image(card, fonts))
        with self._lock:
            self._previews[digest] = data
            if team is not None:
                self._teams.setdefault(digest, set()).add(team)
            while len(self._previews) > self.max_previews:
                dropped, _ = self._previews.popitem(last=False)
                self._teams.pop(dropped, None)
        return digest, True

    def preview_bytes(self, digest: str, team: int | None = None) -> bytes | None:
        """The preview; with a `team`, only when it was made for that team."""
        with self._lock:
            if team is not None and team not in self._teams.get(digest, ()):
                return None
            return self._previews.get(digest)


def _size(image: Image.Image) -> int:
    return image.width * image.height * len(image.getbands())
