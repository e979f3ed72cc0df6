"""Photo: the case's photo (the cover's, on a cover card) in a box of the card, with its scrim and credit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardnews.layout.crop import choose_crop
from cardnews.layout.elements.base import COLOUR, PX, ROLE, Element, key
from cardnews.layout.geometry import Box, Line, Origin, PhotoRun, Shape
from cardnews.layout.setter import text_lines
from cardnews.layout.spec import Choice, Colours, Fractions
from cardnews.model import Notice, Photo
from cardnews.i18n import _

if TYPE_CHECKING:
    from cardnews.layout.setter import Placed, Setter, Slot

UPSCALE_LIMIT = 1.5  # a photo shown larger than this many times its own pixels looks soft
CORNERS = ("bottom_right", "bottom_left", "top_right", "top_left")


@dataclass(frozen=True, kw_only=True)
class PhotoBox(Element):
    """The photo in a box of the whole card: cropped to fill it (cover) or whole inside it (contain), with
    rounded corners, a scrim so text over it stays legible, and its credit in a corner."""

    box: tuple[float, ...] = key(Fractions(("x", "y", "width", "height"), 0, 1), doc="[x, y, width, height] as fractions of the whole card ([0, 0, 1, 1]: full bleed).")
    fit: str = key(Choice(("cover", "contain")), "cover", "cover: cropped to fill the box, keeping its subject; contain: the whole photo inside the box.")
    radius: float = key(PX, 0, "Corner radius in px.")
    matte: str = key(COLOUR, "", "With contain: the colour around the photo (default: none).")
    scrim: tuple[str, ...] = key(Colours(2, 4), (), "[TOP, …, BOTTOM]: 2 to 4 colours (with alpha) of a gradient over the photo, evenly spread over scrim_span, so text on it stays legible.")
    scrim_span: tuple[float, ...] = key(Fractions(("start", "end"), 0, 1), (0.0, 1.0), "Where the scrim runs from its first colour to its last, as fractions of the box's height (outside: the first or last).")
    credit_role: str = key(ROLE, "small", "The credit's text role; it is set at the role's comfortable size, as the footers are.")
    credit_color: str = key(COLOUR, "#FFFFFF", "The credit's colour.")
    credit_fill: str = key(COLOUR, "#000000/A6", "The tag behind the credit.")
    credit_corner: str = key(Choice(CORNERS), "bottom_right", "The corner of the credit box the credit sits in.")
    credit_box: tuple[float, ...] | None = key(Fractions(("x", "y", "width", "height"), 0, 1), None, "Where the credit may go, as fractions of the safe area (default: the photo's box within the safe area).")
    credit_inset: float = key(PX, 16, "Space between the credit and the edges of its box, in px.")

    def place(self, setter: Setter, slot: Slot) -> Placed:
        photo = slot.case.photo if slot.case is not None else setter.series.photo
        if photo is None or not photo.ready:
            return [], []
        width, height = setter.preset.width, setter.preset.height
        fx, fy, fw, fh = self.box
        box = Box(round(fx * width), round(fy * height), round(fw * width), round(fh * height))
        if self.fit == "cover":
            crop = choose_crop(photo, box.width / box.height)
        else:
            crop = (0.0, 0.0, float(photo.width), float(photo.height))
        run = PhotoRun(
            box, photo, crop, self.fit, setter.px(self.radius), setter.color(self.matte) if self.matte else "",
            tuple(setter.color(c) for c in self.scrim), (self.scrim_span[0], self.scrim_span[1]),
            Origin(slot.kind, "photo", slot.number, where=self.where),
        )
        self._check_size(setter, slot, photo, run)
        placed: list = [run]
        lines: list[Line] = []
        if photo.credit:
            shapes, lines = self._credit(setter, slot, photo.credit, box)
            placed += shapes
        return placed, lines

    def _check_size(self, setter: Setter, slot: Slot, photo: Photo, run: PhotoRun) -> None:
        left, _top, right, _bottom = run.crop
        shown = run.picture_box.width / max(1.0, right - left)
        if shown > UPSCALE_LIMIT:
            what = _("case {number}").format(number=slot.number) if slot.number else _("the cover")
            setter.notice(Notice(
                "warning",
                _("{what}: photo {name!r} is {width}×{height} pixels and is shown at {times:.1f}× that on the card; use a larger photo (at least {needed} pixels wide)").format(
                    what=what, name=photo.path, width=photo.width, height=photo.height, times=shown,
                    needed=round(photo.width * shown / UPSCALE_LIMIT)),
                case=slot.number or None,
            ))

    def _credit(self, setter: Setter, slot: Slot, credit: str, box: Box) -> Placed:
        spec = setter.spec(self.credit_role, 0, mode="comfortable")
        safe = setter.safe
        if self.credit_box is not None:
            area = setter.box(self.credit_box)
        else:
            left, top = max(box.x, safe.x), max(box.y, safe.y)
            area = Box(left, top, min(box.right, safe.right) - left, min(box.bottom, safe.bottom) - top)
        inset = setter.px(self.credit_inset)
        pad = spec.size_px * 0.55
        tag_h = spec.size_px * 1.7
        room = area.width - 2 * inset - 2 * pad
        text = credit if setter.fonts.line_width(credit, spec) <= room else setter.ellipsize(credit, spec, room)
        tag_w = setter.fonts.line_width(text, spec) + 2 * pad
        x = area.right - inset - tag_w if self.credit_corner.endswith("right") else area.x + inset
        y = area.y + inset if self.credit_corner.startswith("top") else area.bottom - inset - tag_h
        tag = Shape(Box(x, y, tag_w, tag_h), setter.color(self.credit_fill), radius=tag_h / 2)
        origin = Origin(slot.kind, "credit", slot.number, where=self.where)
        runs, _ignored = setter.set_lines([text], x + pad, y, spec, setter.color(self.credit_color), tag_h / spec.size_px, origin=origin)
        return [tag, *runs], text_lines([text], credit, origin, spoken="")  # said with the photo's description
