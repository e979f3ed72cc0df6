"""Size presets: each channel's canvas and the safe area text must stay inside."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.layout.geometry import Box
from cardnews.i18n import N_, _, language


@dataclass(frozen=True)
class SizePreset:
    name: str
    width: int
    height: int
    safe: Box
    scale: float
    use_msgid: str  # what the size is for, in English; `use` says it in the user's language
    title_msgid: str = ""

    @property
    def label(self) -> str:
        return f"{self.width}×{self.height}"

    @property
    def use(self) -> str:
        return _(self.use_msgid)

    @property
    def title(self) -> str:
        """The size as a message names it: `portrait` in English, 세로형 in Korean (the name typed stays `portrait`)."""
        return self.name if language() == "en" else _(self.title_msgid)


def _preset(name: str, title: str, width: int, height: int, side: int, top: int, bottom: int, scale: float, use: str) -> SizePreset:
    return SizePreset(name, width, height, Box(side, top, width - 2 * side, height - top - bottom), scale, use, title)


SIZES = {
    "portrait": _preset("portrait", N_("portrait size"), 1080, 1350, 84, 84, 84, 1.0, N_("Instagram feed (the default)")),
    "square": _preset("square", N_("square size"), 1080, 1080, 80, 72, 72, 1.0, N_("Facebook, KakaoTalk channel")),
    "story": _preset("story", N_("story size"), 1080, 1920, 84, 270, 270, 1.0, N_("Instagram/Facebook stories: text kept out of the top and bottom 250 px")),
    "landscape": _preset("landscape", N_("landscape size"), 1200, 675, 64, 52, 52, 1.0, N_("X, Naver blog")),
}


def size_title(name: str) -> str:
    """A size named in a message, in the user's language (an unknown name as it is)."""
    return SIZES[name].title if name in SIZES else name


def parse_sizes(value: str) -> list[str]:
    """'portrait,story' or 'all' → preset names, in the order given; unknown names are an error."""
    from cardnews.errors import InputError

    names = list(SIZES) if value.strip() == "all" else [part.strip() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in SIZES]
    if unknown or not names:
        raise InputError(_("unknown size {0!r}; choose from {1} or all (several: portrait,story).").format(', '.join(unknown) or value, ', '.join(SIZES)))
    return list(dict.fromkeys(names))
