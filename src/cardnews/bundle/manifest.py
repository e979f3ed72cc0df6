"""manifest.json, pure: the bundle described for a publishing API — every file with its alt text and hash."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cardnews import __version__
from cardnews.bundle.blobs import Blob
from cardnews.model import Series

FORMAT = "cardnews-bundle/1"


@dataclass(frozen=True)
class ImageFile:
    """One card image in the bundle, at its path inside the bundle folder."""

    path: str
    kind: str
    page: int
    total: int
    width: int
    height: int
    image_format: str
    data: Blob
    alt: str
    photos: tuple[dict, ...] = ()  # each photo on the card: its file, SHA-256, image_alt and credit

    def describe(self) -> dict:
        described = {
            "file": self.path,
            "kind": self.kind,
            "page": self.page,
            "total": self.total,
            "width": self.width,
            "height": self.height,
            "format": self.image_format,
            "bytes": self.data.size,
            "sha256": self.data.sha256,
            "alt": self.alt,
        }
        if self.photos:
            described["photos"] = list(self.photos)
        return described


@dataclass(frozen=True)
class Post:
    """One post of a channel: its folder, caption and images."""

    folder: str
    caption: str
    images: tuple[ImageFile, ...]


@dataclass(frozen=True)
class ChannelPosts:
    name: str
    label: str
    size: str
    posts: tuple[Post, ...]


def manifest_json(
    series: Series,
    cards: list[ImageFile],
    caption: str,
    pdf: tuple[str, Blob] | None,
    channels: list[ChannelPosts],
    files: dict[str, str],
) -> str:
    """The manifest as JSON text: fixed key order and no time stamps, so it is the same on every build.

    `files` names the bundle's text files (caption, alt text) by their role.
    """
    document = {
        "format": FORMAT,
        "generator": f"cardnews {__version__}",
        "series": {
            "title": series.title,
            "bundle": series.bundle,
            "organisation": series.organisation,
            "handle": series.handle,
            "period": series.period,
            "hashtags": list(series.hashtags),
            "cases": [
                {"number": number, "kicker": case.kicker, "headline": case.headline, "contents": case.contents}
                for number, case in enumerate(series.cases, start=1)
            ],
        },
        "files": files,
        "caption": caption,
        "pdf": {"file": pdf[0], "bytes": pdf[1].size, "sha256": pdf[1].sha256} if pdf else None,
        "cards": [card.describe() for card in cards],
        "channels": {
            channel.name: {
                "label": channel.label,
                "size": channel.size,
                "posts": [
                    {"folder": post.folder, "caption": post.caption, "images": [image.describe() for image in post.images]}
                    for post in channel.posts
                ],
            }
            for channel in channels
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
