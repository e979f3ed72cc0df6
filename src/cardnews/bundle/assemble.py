"""The bundle, pure: every file the team uploads — cards, caption, alt text, manifest, PDF, one folder per channel.

Takes cards already laid out and drawn; returns (path, file) in a fixed order, so the same series gives
the same zip byte for byte. Paths are relative to the bundle folder. Each file is kept by the store packaging
is given (in memory, or written to disk as it is made: `bundle.blobs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from PIL import Image

from cardnews.bundle.alt_text import case_numbers, fit_alt, series_alt
from cardnews.bundle.blobs import Blob, MemoryStore, Store, in_memory
from cardnews.bundle.caption import caption_text
from cardnews.bundle.channels import ALT_LIMIT, CHANNELS, Channel, channel_sizes, split_posts, target_channels
from cardnews.render.encode import FORMATS, encode_image, encode_within, size_text, write_pdf
from cardnews.layout.geometry import CardLayout
from cardnews.bundle.manifest import ChannelPosts, ImageFile, Post, manifest_json
from cardnews.model import Notice, Series, Settings
from cardnews.bundle.names import safe_name
from cardnews.i18n import _

CAPTION_FILE, ALT_FILE, MANIFEST_FILE = "caption.txt", "alt.txt", "manifest.json"


@dataclass(frozen=True)
class Drawn:
    """A card laid out and drawn: its file encoded in the bundle's format and quality (`data`), and `redraw`
    to draw the image again should a channel need another encoding."""

    card: CardLayout
    data: Blob = field(compare=False, repr=False)
    redraw: Callable[[CardLayout], Image.Image] = field(compare=False, repr=False)

    def picture(self) -> Image.Image:
        return self.redraw(self.card)


class _Encoder:
    """Encodes each card once per format and size limit, however many folders hold it."""

    def __init__(self, image_format: str, quality: int, store: Store):
        self.image_format = image_format
        self.quality = quality
        self.store = store
        self.cache: dict[tuple, tuple[Blob, str]] = {}

    def __call__(self, size: str, index: int, item: Drawn, image_format: str, max_bytes: int | None = None) -> tuple[Blob, str]:
        plain = self.cache.get((size, index, image_format))
        if plain is None:
            data = item.data if image_format == self.image_format else self.store.keep(encode_image(item.picture(), image_format, self.quality, item.card.photographic))
            plain = self.cache[(size, index, image_format)] = (data, image_format)
        if max_bytes is None or plain[0].size <= max_bytes:
            return plain
        key = (size, index, image_format, max_bytes)
        if key not in self.cache:
            encoded, chosen = encode_within(item.picture(), image_format, self.quality, max_bytes, item.card.photographic)
            self.cache[key] = (self.store.keep(encoded), chosen)
        return self.cache[key]


def bundle_files(
    series: Series,
    drawn: dict[str, list[Drawn]],
    root_sizes: list[str],
    settings: Settings = Settings(),
    alts: dict[str, list[str]] | None = None,
    store: Store | None = None,
) -> tuple[list[tuple[str, Blob]], list[Notice]]:
    """Every file of the bundle as (path, file), and warnings about splitting, shapes and shortening.

    From `settings`: the channels, each with a folder of its own. Named none, the bundle is for Instagram
    and its root cards are the upload: an `instagram/` folder appears only when Instagram needs them
    otherwise (split into posts, re-encoded, another size), so a plain build holds each card once.
    Also the image format and quality, and a link for the post text. `alts`: each size's alt texts,
    when already worked out (they depend on the laid-out cards only). `store` keeps what is encoded here
    (the PDF, a card re-encoded for a channel); by default, in memory.
    """
    store = store or MemoryStore()
    notices: list[Notice] = []
    encode = _Encoder(settings.image_format, settings.quality, store)
    several = len(root_sizes) > 1

    alts = alts or series_alts({size: [item.card for item in items] for size, items in drawn.items()})
    cards: list[ImageFile] = []
    pages: list[tuple[Callable[[], bytes], int, int]] = []
    for size in root_sizes:
        for index, item in enumerate(drawn[size]):
            data, image_format = encode(size, index, item, settings.image_format)
            path = (f"{size}/" if several else "") + _filename(item.card, image_format)
            cards.append(_image_file(path, item.card, image_format, data, fit_alt(alts[size][index], ALT_LIMIT)))
            if size == root_sizes[0]:
                pages.append((data.read, item.card.width, item.card.height))

    pdf_name = safe_name(series.bundle) + ".pdf"
    # the cards as they are, read one at a time: nothing encoded twice, nor held in memory whole
    pdf = store.make(lambda out: write_pdf(out, pages, title=series.title, author=series.organisation))
    instagram = CHANNELS["instagram"]
    caption = caption_text(series, limit=instagram.caption_limit, length=instagram.length, link=settings.link, max_hashtags=instagram.max_hashtags)

    files: list[tuple[str, Blob]] = [(card.path, card.data) for card in cards]
    files += [(pdf_name, pdf), (CAPTION_FILE, _text(caption)), (ALT_FILE, _text(alt_blocks(cards)))]

    channel_entries: list[ChannelPosts] = []
    root_files = {card.path: card.data for card in cards}
    for channel in target_channels(settings.channels):
        size, warning = channel_sizes((channel,), root_sizes)[channel.name]
        if warning:
            notices.append(Notice("warning", warning))
        posts, channel_notices = _channel_posts(series, channel, size, drawn[size], alts[size], encode, settings)
        notices += channel_notices
        rooted = [replace(image, path=(f"{size}/" if several else "") + image.path.rsplit("/", 1)[1]) for image in posts[0].images]
        if not settings.channels and len(posts) == 1 and all(root_files.get(image.path) == image.data for image in rooted):
            # the default channel takes the root cards as they are: the manifest points at them
            channel_entries.append(ChannelPosts(channel.name, channel.label, size, (Post("", posts[0].caption, tuple(rooted)),)))
            continue
        channel_entries.append(ChannelPosts(channel.name, channel.label, size, tuple(posts)))
        for post in posts:
            files += [(image.path, image.data) for image in post.images]
            files += [(f"{post.folder}/{CAPTION_FILE}", _text(post.caption)), (f"{post.folder}/{ALT_FILE}", _text(alt_blocks(post.images, post.folder)))]

    names = {"caption": CAPTION_FILE, "alt": ALT_FILE, "pdf": pdf_name}
    files.append((MANIFEST_FILE, in_memory(manifest_json(series, cards, caption, (pdf_name, pdf), channel_entries, names).encode("utf-8"))))
    return files, notices


def series_alts(layouts: dict[str, list[CardLayout]]) -> dict[str, list[str]]:
    """The alt text of every card, for each size."""
    return {size: series_alt(cards) for size, cards in layouts.items()}


def _channel_posts(
    series: Series, channel: Channel, size: str, items: list[Drawn], alts: list[str], encode: _Encoder, settings: Settings
) -> tuple[list[Post], list[Notice]]:
    notices: list[Notice] = []
    ranges = split_posts(len(items), channel)  # the build's checks warn when a series is split
    shown = [item.card.cases for item in items]  # a compact card shows several
    posts: list[Post] = []
    shortened = []
    jpeg = []
    for number, indexes in enumerate(ranges, start=1):
        folder = channel.name if len(ranges) == 1 else f"{channel.name}/post-{number}"
        cases = sorted({number for i in indexes for number in shown[i]}) if len(ranges) > 1 else None
        caption = caption_text(
            series,
            limit=channel.caption_limit,
            length=channel.length,
            link=settings.link,
            cases=cases,
            part=(number, len(ranges)),
            max_hashtags=channel.max_hashtags,
        )
        images = []
        for index in indexes:
            item = items[index]
            data, image_format = encode(size, index, item, settings.image_format, channel.max_image_bytes)
            if image_format != settings.image_format:
                jpeg.append(item.card.filename)
            alt = fit_alt(alts[index], channel.alt_limit)
            if alt != alts[index]:
                shortened.append(item.card.filename)
            images.append(_image_file(f"{folder}/{_filename(item.card, image_format)}", item.card, image_format, data, alt))
        posts.append(Post(folder, caption, tuple(images)))
    if jpeg:
        limit = size_text(channel.max_image_bytes or 0)
        notices.append(Notice("warning", _("{name}: {0} re-encoded as JPEG to stay under {label}'s {limit} a picture").format(', '.join(jpeg), name=channel.name, label=channel.label, limit=limit)))
    if shortened:
        notices.append(Notice("warning", _("{name}: alt text of {0} shortened to {alt_limit} characters").format(', '.join(shortened), name=channel.name, alt_limit=channel.alt_limit)))
    return posts, notices


def alt_blocks(images, folder: str = "") -> str:
    """alt.txt: for each image, its file name on one line and its alt text on the next, blocks apart."""
    prefix = f"{folder}/" if folder else ""
    return "\n\n".join(f"{image.path.removeprefix(prefix)}\n{image.alt}" for image in images) + "\n"


def _image_file(path: str, card: CardLayout, image_format: str, data: Blob, alt: str) -> ImageFile:
    photos = tuple({"file": run.photo.path, "sha256": run.photo.sha256, "alt": run.photo.alt, "credit": run.photo.credit} for run in card.photos)
    return ImageFile(path, card.kind, card.page, card.total, card.width, card.height, image_format, data, alt, photos)


def _filename(card: CardLayout, image_format: str) -> str:
    stem = card.filename.rsplit(".", 1)[0]
    return stem + FORMATS[image_format]


def _text(text: str) -> Blob:
    """A text file as editors and `cat` expect it: UTF-8, ending with a newline."""
    return in_memory((text if text.endswith("\n") else text + "\n").encode("utf-8"))
