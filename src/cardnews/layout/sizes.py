"""Size presets: each channel's canvas and the safe area text must stay inside."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.geometry import Box
from cardnews.i18n import _


@dataclass(frozen=True)
class SizePreset:
    name: str
    width: int
    height: int
    safe: Box
    scale: float
    use: str

    @property
    def label(self) -> str:
        return f"{self.width}×{self.height}"


def _preset(name: str, width: int, height: int, side: int, top: int, bottom: int, scale: float, use: str) -> SizePreset:
    return SizePreset(name, width, height, Box(side, top, width - 2 * side, height - top - bottom), scale, use)


SIZES = {
    "portrait": _preset("portrait", 1080, 1350, 84, 84, 84, 1.0, "Instagram feed (the default)"),
    "square": _preset("square", 1080, 1080, 80, 72, 72, 1.0, "Facebook, KakaoTalk channel"),
    "story": _preset("story", 1080, 1920, 84, 270, 270, 1.0, "Instagram/Facebook stories: text kept out of the top and bottom 250 px"),
    "landscape": _preset("landscape", 1200, 675, 64, 52, 52, 1.0, "X, Naver blog"),
}


def parse_sizes(value: str) -> list[str]:
    """'portrait,story' or 'all' → preset names, in the order given; unknown names are an error."""
    from cardnews.errors import InputError

    names = list(SIZES) if value.strip() == "all" else [part.strip() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in SIZES]
    if unknown or not names:
        raise InputError(_("unknown size {0!r}; choose from {1} or all (several: portrait,story).").format(', '.join(unknown) or value, ', '.join(SIZES)))
    return list(dict.fromkeys(names))
