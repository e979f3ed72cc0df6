"""Layout, pure: a series and a layout file become measured cards; nothing is drawn here.

Each card kind in the layout file is a list of elements in boxes relative to the safe area; each
element measures and places itself (`layout/elements/`). This module plans the series: which cards
there are, in what order, and which rows of a long list each continuation card shows.
"""

from __future__ import annotations

from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import Box, CardLayout, Line, Shape
from cardnews.layout.setter import COMFORTABLE, LEVELS, Page, Setter, Slot
from cardnews.layout.elements.paged import split_rows
from cardnews.layout.sizes import SIZES, SizePreset
from cardnews.layout.theme import Background, Theme
from cardnews.model import Case, Notice, Picture, Series
from cardnews.i18n import _

CONTINUED = "(계속)"
BRIEF_ITEM_CHARS = 40  # an item this long or shorter (spaces aside), alone and without notes, keeps a case brief
MOST_PER_CARD = 4  # brief cases on one compact card at the most
MOST_CONTENTS_CARDS = 2  # a longer contents list is set compactly (its layout's dense keys) to keep to these

__all__ = ["BRIEF_ITEM_CHARS", "CONTINUED", "compacts", "is_brief", "layout_series"]


def is_brief(case: Case) -> bool:
    """A case a compact card can share: a headline alone, or one short item without notes (and no photo,
    which has its own card)."""
    if case.photo is not None:
        return False
    if not case.items:
        return True
    item = case.items[0]
    return len(case.items) == 1 and not item.notes and len("".join(item.text.split())) <= BRIEF_ITEM_CHARS


def compacts(series: Series, mode: str) -> bool:
    """Whether brief cases share cards: always with on, never with off; with auto, when most cases are brief."""
    if mode != "auto":
        return mode == "on"
    brief = sum(1 for case in series.cases if is_brief(case))
    return brief >= 2 and brief * 2 > len(series.cases)


class _Engine:
    """Lays out every card of one series at one size."""

    def __init__(self, series: Series, theme: Theme, fonts: FontBook, preset: SizePreset, logo: Picture | None, compact: bool = False):
        self.series, self.preset = series, preset
        self.design = theme.for_size(preset.name)
        self.setter = Setter(series, self.design, fonts, preset, logo)
        self.notices = self.setter.notices
        self.compact = compact and "compact" in self.design.cards
        subtitle = series.description.split("\n\n")[0].strip() if series.description else ""
        self.series_context = {
            "title": series.title,
            "organisation": series.organisation,
            "handle": series.handle,
            "period": series.period,
            "subtitle": subtitle if len(subtitle) <= 80 else "",
            "case_count": len(series.cases),
            "hashtags": list(series.hashtags),
        }

    def layout(self) -> list[CardLayout]:
        """Plan every card first (continuations decide the count), then number and place them."""
        plans: list[tuple[str, str, Case | None, int, Page | None, tuple]] = []  # (kind, name, case, its number, rows, a compact card's cases)
        for part, page in enumerate(self.paginate("contents", None, 0), start=1):
            plans.append(("contents", "contents" if part == 1 else f"contents-{part}", None, 0, page, ()))
        for run in self.runs():
            for group in self.compact_cards(run) if len(run) > 1 else [tuple(run)]:
                if len(group) > 1:
                    plans.append(("compact", f"cases-{group[0][0]}-{group[-1][0]}", group[0][1], group[0][0], None, group))
                    continue
                number, case = group[0]  # a case alone keeps its own card, even in a run of brief ones
                for part, page in enumerate(self.paginate("case", case, number), start=1):
                    kind = "case" if part == 1 else "continuation"
                    name = f"case-{number}" if part == 1 else f"case-{number}-{part}"
                    plans.append((kind, name, case, number, page, ()))
        total = len(plans) + 2
        cards = [self.compose("cover", "cover", 1, total, None, 0, None)]
        for page_number, (kind, name, shown, number, page, group) in enumerate(plans, start=2):
            cards.append(self.compose(kind, name, page_number, total, shown, number, page, group))
        cards.append(self.compose("closing", "closing", total, total, None, 0, None))
        return cards

    def runs(self) -> list[list[tuple[int, Case]]]:
        """The cases in order, in runs: consecutive brief cases together when compacting, every other case alone."""
        runs: list[list[tuple[int, Case]]] = []
        for number, case in enumerate(self.series.cases, start=1):
            if self.compact and is_brief(case) and runs and is_brief(runs[-1][-1][1]):
                runs[-1].append((number, case))
            else:
                runs.append([(number, case)])
        return runs

    def compact_cards(self, run: list[tuple[int, Case]]) -> list[tuple[tuple[int, Case], ...]]:
        """A run of brief cases shared evenly over the fewest compact cards that hold them at a comfortable size."""
        card = self.design.cards["compact"]
        stack = card.case_list_stack()
        assert stack is not None  # the theme's checks see to that
        box = self.setter.box(stack.box)
        for count in range(-(-len(run) // MOST_PER_CARD), len(run) + 1):
            share, extra = divmod(len(run), count)
            groups, start = [], 0
            for index in range(count):
                size = share + (1 if index < extra else 0)
                groups.append(tuple(run[start : start + size]))
                start += size
            if all(len(group) == 1 or self.fits_comfortably(stack, box, group) for group in groups):
                return groups
        return [(case,) for case in run]

    def fits_comfortably(self, stack, box: Box, group: tuple[tuple[int, Case], ...]) -> bool:
        slot = self.slot("compact", 0, 0, group[0][1], group[0][0], None, group)
        level = stack.first_fitting_level(self.setter, slot, box)
        return level is not None and level <= COMFORTABLE

    def slot(self, kind: str, page: int, total: int, case: Case | None, number: int, rows: Page | None, group: tuple = ()) -> Slot:
        fields: dict = {"series": self.series_context, "page": page, "total": total}
        if case is not None:
            fields["case"] = {
                "number": number,
                "kicker": case.kicker,
                "headline": case.headline,
                "contents": case.contents,
                "emoji": list(case.emoji),
            }
        if group:
            fields["cases"] = [{"number": n, "kicker": c.kicker, "headline": c.headline, "contents": c.contents} for n, c in group]
        return Slot(kind, fields, case, number, rows, group)

    def paginate(self, kind: str, case: Case | None, number: int) -> list[Page | None]:
        """Rows for each card of this kind: [None] when everything fits on one card."""
        design = self.design_kind(kind, case)  # a photo card pages its own list; a headline card is paged as a case card
        stack = self.design.cards[design if design == "photo_case" else kind].paged_stack()
        if stack is None:
            return [None]
        setter = self.setter
        slot = self.slot(kind, 0, 0, case, number, None)
        box = setter.box(stack.box)
        level = stack.first_fitting_level(setter, slot, box)
        if level is not None:
            if level > COMFORTABLE:
                self.shrunk_notice(case, number, level, stack)
            return [None]
        level = COMFORTABLE
        paged = stack.paged_child()
        assert paged is not None
        rows = setter.rows_of(paged, slot, box.width, level)
        next_kind = "continuation" if kind == "case" else kind
        next_stack = self.design.cards[next_kind].paged_stack()
        assert next_stack is not None  # the theme's checks see to that
        first_room = stack.room_for_rows(setter, slot, box, level)
        next_room = next_stack.room_for_rows(setter, slot, setter.box(next_stack.box), level)
        tallest = max((paged.row_height(setter, row, level, True) for row in rows), default=0.0)
        fixed = [child.measure(setter, slot, LEVELS, box.width) for child in stack.children if child is not paged]
        if min(first_room, next_room) < tallest or not all(m.fits for m in fixed):
            stack.too_long(setter, slot, box)
            return [None]  # an error: no list squeezed under text that fills the card
        pages = self.split(stack, next_stack, slot, box, level)
        dense = 0
        if case is None and len(pages) > 1:
            pages, level, dense = self.fewer_contents_cards(stack, next_stack, slot, box, pages)
            if level > COMFORTABLE:
                self.shrunk_notice(case, number, level, stack)
        if len(pages) <= 1:  # no rows at all (a case of a headline alone) is no continuation either
            return [Page(tuple(rows), level)]
        if case is not None:
            self.notices.append(Notice("warning", _("case {number} is long: it continues on {0} more card(s) marked {CONTINUED}").format(len(pages) - 1, number=number, CONTINUED=CONTINUED), case=number))
        else:
            self.notices.append(Notice("warning", _("the contents list is long: it continues on {0} more card(s)").format(len(pages) - 1)))
        return [Page(tuple(page), level, dense) for page in pages]

    def fewer_contents_cards(self, stack, next_stack, slot, box, pages: list[list]) -> tuple[list[list], int, int]:
        """A long contents list on fewer cards: a card fewer when set up to three steps smaller; set compactly
        (its layout's dense keys) when it would take more than MOST_CONTENTS_CARDS, never below the smallest size;
        a list that no setting keeps to those takes as few cards as the dense settings allow."""
        level = COMFORTABLE
        for smaller in range(COMFORTABLE + 1, COMFORTABLE + 4):
            fewer = self.split(stack, next_stack, slot, box, smaller)
            if len(fewer) < len(pages):
                pages, level = fewer, smaller
                break
        if len(pages) <= MOST_CONTENTS_CARDS:
            return pages, level, 0
        fewest = (pages, level, 0)  # a list too long for even that: the fewest cards, at the largest size giving them
        for smaller in range(COMFORTABLE, LEVELS + 1):  # the largest size that keeps to the cards, in as few columns as do
            for columns in range(1, stack.paged_child().most_columns() + 1):
                fewer = self.split(stack.dense(columns), next_stack.dense(columns), slot, box, smaller)
                if len(fewer) <= MOST_CONTENTS_CARDS:
                    return fewer, smaller, columns
                if len(fewer) < len(fewest[0]):
                    fewest = (fewer, smaller, columns)
        return fewest

    def split(self, stack, next_stack, slot, box, level: int) -> list[list]:
        """The list's rows at `level` shared over as many cards as they need, evenly for a contents list; a list
        in columns holds up to a column's room in each."""
        setter, paged = self.setter, stack.paged_child()
        rows = setter.rows_of(paged, slot, box.width, level)
        first_room = stack.room_for_rows(setter, slot, box, level)
        next_room = next_stack.room_for_rows(setter, slot, setter.box(next_stack.box), level)
        height = lambda r, first: paged.row_height(setter, r, level, first)  # noqa: E731
        columns = getattr(paged, "columns", 1)

        def stand(page: list, room: float) -> bool:
            return paged.block_height(page, [height(r, k == 0) for k, r in enumerate(page)]) <= room + 0.5

        for share in [columns - step * 0.05 for step in range(int((columns - 1) / 0.05) + 1)]:
            pages = split_rows(rows, first_room * share, next_room * share, height)
            if slot.case is None and len(pages) > 1:
                pages = even_pages(rows, pages, first_room * share, next_room * share, height)
            rooms = [first_room] + [next_room] * (len(pages) - 1)
            if columns == 1 or all(stand(page, room) for page, room in zip(pages, rooms)):
                return pages
        return pages

    def shrunk_notice(self, case: Case | None, number: int, level: int, stack) -> None:
        paged = stack.paged_child()
        spec = self.setter.spec(paged.role, level)
        comfortable = round(self.design.type[paged.role].comfortable * self.preset.scale)
        what = _("case {number}").format(number=number) if case else _("the contents list")
        self.notices.append(
            Notice("warning", _("{what} was set at {size_px}px, below the layout's comfortable {comfortable}px").format(what=what, size_px=spec.size_px, comfortable=comfortable),
                   case=self.series.cases.index(case) + 1 if case else None)
        )

    def compose(self, kind: str, name: str, page: int, total: int, case: Case | None, number: int, rows: Page | None, group: tuple = ()) -> CardLayout:
        card = self.design.cards[self.design_kind(kind, case)]
        if rows is not None and rows.dense:
            card = card.dense(rows.dense)
        slot = self.slot(kind, page, total, case, number, rows, group)
        if kind in ("cover", "case") and self.design_kind(kind, case) not in ("photo_cover", "photo_case"):
            self.no_photo_design(kind, case, number)
        elements: list = [self.background(card.background)]
        lines: list[Line] = []
        for deco in card.decorations:
            fx, fy, fw, fh = deco.box
            height = fh * (self.preset.width if deco.keep_aspect else self.preset.height)
            box = Box(fx * self.preset.width, fy * self.preset.height, fw * self.preset.width, height)
            kind_of_shape = "ellipse" if deco.shape == "ellipse" else "rect"
            elements.append(Shape(box, self.design.color(deco.fill), kind=kind_of_shape, radius=self.setter.px(deco.radius)))
        for element in card.elements:
            placed, text = element.place(self.setter, slot)
            elements += placed
            lines += text
        shown = tuple(n for n, _case in group) if group else ((number,) if number else ())
        return CardLayout(kind, f"{page:02d}-{name}.png", page, total, self.preset.width, self.preset.height, tuple(elements), tuple(lines), number, shown)

    def design_kind(self, kind: str, case: Case | None) -> str:
        """The card design to compose with: a card with a photo, and a case given as a headline alone, have
        their own when the layout has one."""
        cards = self.design.cards
        if kind == "cover" and self.series.photo is not None and self.series.photo.ready and "photo_cover" in cards:
            return "photo_cover"
        if kind == "case" and case is not None and case.photo is not None and case.photo.ready and "photo_case" in cards:
            return "photo_case"
        if kind == "case" and case is not None and not case.items and "headline" in cards:
            return "headline"
        return kind

    def no_photo_design(self, kind: str, case: Case | None, number: int) -> None:
        """A photo the layout has no card design for is left off, and the build says so."""
        photo = case.photo if case is not None else self.series.photo
        if photo is None or not photo.ready:
            return
        card = "photo_case" if kind == "case" else "photo_cover"
        self.setter.notice(Notice("warning", _("the layout has no {card} card, so photo {name!r} is not shown; add one to the layout or choose a built-in layout").format(card=card, name=photo.path), case=number or None))

    def background(self, name: str | None) -> Shape:
        spec = self.design.backgrounds.get(name or "", Background(color="#FFFFFF"))
        full = Box(0, 0, self.preset.width, self.preset.height)
        if spec.gradient:
            top, bottom = spec.gradient
            return Shape(full, self.design.color(top), kind="gradient", fill_to=self.design.color(bottom))
        if spec.image:
            return Shape(full, "#FFFFFFFF", kind="image", image=spec.image)
        return Shape(full, self.design.color(spec.color))


def even_pages(rows: list, pages: list[list], first_room: float, next_room: float, height) -> list[list]:
    """A long contents list shared evenly over its cards (9, 8, 8 rather than 8, 8, 8, 1), when each part fits."""
    starts = [index for index, row in enumerate(rows) if row.starts_entry]
    count = len(pages)
    share = -(-len(starts) // count)
    cuts = starts[share::share] + [len(rows)]
    even, start = [], 0
    for cut in cuts:
        even.append(rows[start:cut])
        start = cut
    rooms = [first_room] + [next_room] * (len(even) - 1)
    fits = all(sum(height(row, k == 0) for k, row in enumerate(part)) <= room for part, room in zip(even, rooms))
    return even if len(even) == count and fits else pages


def layout_series(
    series: Series, theme: Theme, fonts: FontBook, size: str = "portrait", logo: Picture | None = None, compact: bool = False
) -> tuple[list[CardLayout], list[Notice]]:
    """Every card of the series at one size, measured and positioned, plus warnings; with `compact`,
    consecutive brief cases share compact cards (in a layout that has one)."""
    engine = _Engine(series, theme, fonts, SIZES[size], logo, compact)
    return engine.layout(), engine.notices
