"""Channel rules as data: how many images a post takes, which shapes and file sizes, how text is counted.

Numbers are the platforms' published upload limits; a channel without a limit has `None`. Sizes are
read from `sizes.SIZES` when asked, so a new preset is picked up without a change here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import emoji

from cardnews.layout import sizes as size_presets
from cardnews.errors import InputError
from cardnews.i18n import _

MB = 1024 * 1024
ALT_LIMIT = 5000  # Facebook's limit for alt text, the loosest of the channels; every alt text stays within it


def plain_length(text: str) -> int:
    """Characters as most channels count them: Unicode code points after NFC."""
    return len(unicodedata.normalize("NFC", text))


_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def x_length(text: str) -> int:
    """Length as X counts it (twitter-text v3): a link is 23, an emoji 2, Hangul and CJK 2, Latin 1."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for part_index, part in enumerate(_URL.split(text)):
        total += 23 if part_index else 0
        for token in emoji.analyze(part, non_emoji=True, join_emoji=True):
            if isinstance(token.value, emoji.EmojiMatch):
                total += 2
            else:
                code = ord(token.chars)
                total += 1 if any(low <= code <= high for low, high in _X_LIGHT) else 2
    return total


@dataclass(frozen=True)
class Channel:
    """What one channel accepts for a post of images."""

    name: str  # folder name and --channel value
    label: str
    max_images: int | None  # per post; a longer series is split into numbered posts
    min_images: int  # per post
    ratios: tuple[float, float] | None  # width / height allowed, inclusive; None: any shape
    sizes: tuple[str, ...]  # size presets it prefers, best first
    max_image_bytes: int | None
    caption_limit: int | None
    alt_limit: int = ALT_LIMIT
    max_hashtags: int | None = None
    length: Callable[[str], int] = plain_length

    def accepts(self, width: int, height: int) -> bool:
        if self.ratios is None:
            return True
        low, high = self.ratios
        return low - 0.005 <= width / height <= high + 0.005


CHANNELS: dict[str, Channel] = {
    # Instagram: the app takes 20 images a post, the publishing API 10; we keep to 10 so either works.
    "instagram": Channel("instagram", "Instagram", 10, 1, (4 / 5, 1.91), ("portrait", "square"), 8 * MB, 2200, max_hashtags=30),
    "x": Channel("x", "X", 4, 1, None, ("landscape", "portrait"), 5 * MB, 280, alt_limit=1000, length=x_length),
    # KakaoTalk channel carousel: 2 to 6 images, at most 2:1 wide and 3:4 tall.
    "kakao": Channel("kakao", "KakaoTalk", 6, 2, (3 / 4, 2.0), ("square", "portrait"), 1 * MB, None),
    "facebook": Channel("facebook", "Facebook", None, 1, None, ("portrait", "square"), 4 * MB, None),
    "naver": Channel("naver", "Naver blog", None, 1, None, ("landscape", "portrait"), None, None),
}
DEFAULT_CHANNELS = ("instagram",)


def parse_channels(value: str) -> list[Channel]:
    """'instagram,x' or 'all' → channels in their usual order; unknown names are an error."""
    names = list(CHANNELS) if value.strip() == "all" else [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in CHANNELS]
    if unknown or not names:
        raise InputError(
            _("unknown channel {0}; choose from {1} or all (several: instagram,x).").format(', '.join(unknown) or repr(value), ', '.join(CHANNELS))
        )
    return [CHANNELS[name] for name in CHANNELS if name in names]


def target_channels(names: tuple[str, ...] = ()) -> tuple[Channel, ...]:
    """The channels a series is checked and packaged for: the ones named (in their usual order), or Instagram."""
    return tuple(parse_channels(",".join(names))) if names else tuple(CHANNELS[name] for name in DEFAULT_CHANNELS)


def channel_sizes(channels, built: list[str]) -> dict[str, tuple[str, str]]:
    """For each channel, the size preset to package, and a warning when no preset has a shape it takes.

    Sizes already built win, in the channel's order of preference, then any built size it takes; then
    the first preset it prefers that exists (drawn for it alone); else the first built size, as it is.
    Presets are read from `sizes.SIZES` now, so new ones count without a change here.
    """
    presets = size_presets.SIZES
    chosen = {}
    for channel in channels:
        taken = [name for name in built if channel.accepts(presets[name].width, presets[name].height)]
        preferred = [name for name in channel.sizes if name in taken] + taken
        others = [name for name in channel.sizes if name in presets and channel.accepts(presets[name].width, presets[name].height)]
        if preferred or others:
            chosen[channel.name] = ((preferred or others)[0], "")
            continue
        own = presets[built[0]]
        low, high = channel.ratios or (0.0, 0.0)
        chosen[channel.name] = (
            built[0],
            f"{channel.name}: {own.width}×{own.height} is not a shape {channel.label} takes (width/height "
            f"{low:.2f}–{high:.2f}) and no size preset is; packaged as it is",
        )
    return chosen


def split_posts(count: int, channel: Channel) -> list[range]:
    """Card indexes per post: as few posts as the channel allows, as even as possible, first posts fuller."""
    if channel.max_images is None or count <= channel.max_images:
        return [range(count)]
    posts = math.ceil(count / channel.max_images)
    base, extra = divmod(count, posts)
    ranges, start = [], 0
    for index in range(posts):
        length = base + (1 if index < extra else 0)
        ranges.append(range(start, start + length))
        start += length
    return ranges
