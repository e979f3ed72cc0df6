"""Layout, pure: a series and a layout file become measured cards; nothing is drawn here.

Each card kind in the layout file is a list of elements in boxes relative to the safe area. A
`stack` flows its children top to bottom and shrinks them together, one level at a time, until they
fit; a checklist or contents list that still does not fit continues on further cards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from cardnews.layout.fonts import FontBook, FontSpec
from cardnews.layout.geometry import Box, CardLayout, EmojiRun, ImageRun, Shape, TextRun
from cardnews.layout.linebreak import break_lines
from cardnews.model import Case, Notice, Series
from cardnews.layout.sizes import SIZES, SizePreset
from cardnews.layout.templates import render_text
from cardnews.layout.elements import PAGED, Bar, Checklist, Chip, ContentsList, EmojiRow, FlowLogo, FlowText, LogoBox, Pill, Rule, Spacer, Stack, TextBox
from cardnews.layout.theme import Background, Theme, TypeRange

LEVELS = 12  # levels 0..6 shrink text from largest to comfortable, 6..12 from comfortable to smallest
COMFORTABLE = 6
CONTINUED = "(계속)"


@dataclass(frozen=True)
class Logo:
    """The brand logo as layout needs it: where it is and its pixel size."""

    path: Path
    width: int
    height: int


@dataclass(frozen=True)
class _Row:
    """One laid line of a paged list: its text, role and where it starts an entry."""

    text: str
    role: str  # "item", "note" or "entry"
    first: bool  # first line of its item, note or entry
    starts_entry: bool  # first line of an item (checklist) or entry (contents)
    entry: int = 0  # index of the case (contents) the row belongs to
    last: bool = True  # last line of its entry (contents)


@dataclass
class _Measured:
    """A flow child measured at one level: its height, whether it fits, and how to place it."""

    height: float
    fits: bool
    place: Callable[[float, float, float, str], tuple[list, list[str]]]


def size_at(type_range: TypeRange, level: int) -> float:
    if level <= COMFORTABLE:
        return type_range.largest - (type_range.largest - type_range.comfortable) * level / COMFORTABLE
    return type_range.comfortable - (type_range.comfortable - type_range.smallest) * (level - COMFORTABLE) / (LEVELS - COMFORTABLE)


class _Engine:
    """Lays out every card of one series at one size."""

    def __init__(self, series: Series, theme: Theme, fonts: FontBook, preset: SizePreset, logo: Logo | None):
        self.series, self.fonts, self.preset, self.logo = series, fonts, preset, logo
        self.theme = theme.for_size(preset.name)
        self.safe = preset.safe
        self.notices: list[Notice] = []
        self.card_kind = ""  # the kind of card being laid out, for messages
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

    # -- units and text ------------------------------------------------------------------------
    def px(self, value: float) -> float:
        return value * self.preset.scale

    def spec(self, role: str, level: int, weight: str | None = None, mode: str = "fit") -> FontSpec:
        type_range = self.theme.type[role]
        size = {
            "largest": type_range.largest,
            "comfortable": type_range.comfortable,
            "smallest": type_range.smallest,
        }.get(mode, size_at(type_range, level))
        return FontSpec(self.theme.fonts[weight or role], max(8, round(size * self.preset.scale)))

    def wrap(self, text: str, spec: FontSpec, width: float, balance: bool = False) -> list[str]:
        return list(_wrapped(self.fonts, text, spec, width, balance))

    def color(self, value: str) -> str:
        return self.theme.color(value)

    def set_lines(self, lines, x, top, spec, color, leading, width=0.0, align="left") -> tuple[list, float]:
        """Runs for lines from `top`, each centred on its line box; returns runs and block height."""
        runs: list = []
        metrics = self.fonts.metrics(spec)
        line_height = spec.size_px * leading
        for index, line in enumerate(lines):
            baseline = top + index * line_height + line_height / 2 - metrics.hangul_middle
            left = x
            if align != "left":
                slack = width - self.fonts.line_width(line, spec)
                left = x + (slack / 2 if align == "center" else slack)
            runs.extend(self.line_runs(line, left, baseline, spec, color))
        return runs, len(lines) * line_height

    def line_runs(self, line: str, x: float, baseline: float, spec: FontSpec, color: str) -> list:
        runs: list = []
        middle = baseline + self.fonts.metrics(spec).hangul_middle
        side = self.fonts.emoji_size(spec)
        advance = self.fonts.emoji_advance(spec)
        for span in self.fonts.spans(line):
            if span.is_emoji:
                runs.append(EmojiRun(round(x + (advance - side) / 2), round(middle - side / 2), side, span.text))
                x += advance
            else:
                face = self.fonts.face(spec, span)
                runs.append(TextRun(x, baseline, span.text, face, color))
                x += self.fonts.text_width(span.text, face)
        return runs

    def text(self, element, context: dict) -> str:
        return render_text(element.text, context, element.where)

    def box(self, fractions) -> Box:
        fx, fy, fw, fh = fractions
        s = self.safe
        return Box(s.x + fx * s.width, s.y + fy * s.height, fw * s.width, fh * s.height)

    # -- the series ----------------------------------------------------------------------------
    def layout(self) -> list[CardLayout]:
        """Plan every card first (continuations decide the count), then number and place them."""
        plans: list[tuple[str, str, dict, dict | None]] = []  # (kind, name, context, paged rows)
        contents_pages = self.paginate("contents", {"series": self.series_context}, None)
        for part, rows in enumerate(contents_pages, start=1):
            plans.append(("contents", "contents" if part == 1 else f"contents-{part}", {}, rows))
        for index, case in enumerate(self.series.cases, start=1):
            context = {"series": self.series_context, "case": self.case_context(index, case)}
            pages = self.paginate("case", context, case)
            for part, rows in enumerate(pages, start=1):
                kind = "case" if part == 1 else "continuation"
                name = f"case-{index}" if part == 1 else f"case-{index}-{part}"
                plans.append((kind, name, {"case": self.case_context(index, case), "_case": case}, rows))
        total = len(plans) + 2
        cards = [self.compose("cover", "cover", 1, total, {}, None)]
        for page, (kind, name, extra, rows) in enumerate(plans, start=2):
            cards.append(self.compose(kind, name, page, total, extra, rows))
        cards.append(self.compose("closing", "closing", total, total, {}, None))
        return cards

    def case_context(self, index: int, case: Case) -> dict:
        return {
            "number": index,
            "kicker": case.kicker,
            "headline": case.headline,
            "contents": case.contents,
            "emoji": list(case.emoji),
        }

    def paginate(self, kind: str, context: dict, case: Case | None) -> list[dict | None]:
        """Row sets for each card of this kind: [None] when everything fits on one card."""
        stack = self.theme.cards[kind].paged_stack()
        if stack is None:
            return [None]
        self.card_kind = kind
        stack_path = ""
        ctx = {**context, "page": 0, "total": 0, "_case": case}
        box = self.box(stack.box)
        level = self.first_fitting_level(stack, stack_path, ctx, box)
        if level is not None:
            if level > COMFORTABLE:
                self.shrunk_notice(kind, case, level, stack)
            return [None]
        level = COMFORTABLE
        paged = next(child for child in stack.children if isinstance(child, PAGED))
        rows = self.rows_for(paged, ctx, box.width, level)
        next_kind = "continuation" if kind == "case" else kind
        next_stack = self.theme.cards[next_kind].paged_stack()
        assert next_stack is not None  # the theme's checks see to that
        first_room = self.room_for_rows(stack, stack_path, ctx, box, level)
        next_room = self.room_for_rows(next_stack, "", ctx, self.box(next_stack.box), level)
        tallest = max((self.row_height(paged, row, level, True) for row in rows), default=0.0)
        fixed = [self.measure(c, f"{stack_path}.children[{i}]", ctx, LEVELS, box.width) for i, c in enumerate(stack.children) if not isinstance(c, PAGED)]
        if min(first_room, next_room) < tallest or not all(m.fits for m in fixed):
            self.too_long(stack, stack_path, ctx, box, kind)
            return [None]  # an error: no list squeezed under text that fills the card
        pages = _chunk(rows, first_room, next_room, lambda r, first: self.row_height(paged, r, level, first))
        if len(pages) <= 1:  # no rows at all (a case of a headline alone) is no continuation either
            return [{"rows": rows, "level": level}]
        if kind == "case":
            number = ctx["case"]["number"]
            self.notices.append(Notice("warning", f"case {number} is long: it continues on {len(pages) - 1} more card(s) marked {CONTINUED}", line=case.line))
        else:
            self.notices.append(Notice("warning", f"the contents list is long: it continues on {len(pages) - 1} more card(s)"))
        return [{"rows": page, "level": level} for page in pages]

    def room_for_rows(self, stack: dict, path: str, ctx: dict, box: Box, level: int) -> float:
        """Height left for list rows in a stack once its other children are placed."""
        used = 0.0
        for index, child in enumerate(stack.children):
            if isinstance(child, PAGED):
                used += 2 * self.px(child.padding)
            else:
                measured = self.measure(child, f"{path}.children[{index}]", ctx, level, box.width)
                used += measured.height
            used += self.px(child.gap_after) if not isinstance(child, PAGED) else 0
        return box.height - used

    def shrunk_notice(self, kind: str, case: Case | None, level: int, stack: dict) -> None:
        paged = next(child for child in stack.children if isinstance(child, PAGED))
        spec = self.spec(paged.role, level)
        comfortable = round(self.theme.type[paged.role].comfortable * self.preset.scale)
        what = f"case {self.series.cases.index(case) + 1}" if case else "the contents list"
        self.notices.append(
            Notice("warning", f"{what} was set at {spec.size_px}px, below the layout's comfortable {comfortable}px", line=case.line if case else None)
        )

    # -- one card -------------------------------------------------------------------------------
    def compose(self, kind: str, name: str, page: int, total: int, extra: dict, paged: dict | None) -> CardLayout:
        card = self.theme.cards[kind]
        self.card_kind = kind
        context = {"series": self.series_context, "page": page, "total": total, **extra}
        elements: list = [self.background(card.background)]
        lines: list[str] = []
        for deco in card.decorations:
            fx, fy, fw, fh = deco.box
            height = fh * (self.preset.width if deco.keep_aspect else self.preset.height)
            box = Box(fx * self.preset.width, fy * self.preset.height, fw * self.preset.width, height)
            elements.append(Shape(box, self.color(deco.fill), kind="ellipse" if deco.shape == "ellipse" else "rect", radius=self.px(deco.radius)))
        for index, element in enumerate(card.elements):
            path = f"cards.{kind}.elements[{index}]"
            placed, text = self.place(element, path, context, paged)
            elements += placed
            lines += text
        return CardLayout(kind, f"{page:02d}-{name}.png", page, total, self.preset.width, self.preset.height, tuple(elements), tuple(lines))

    def background(self, name: str | None) -> Shape:
        spec = self.theme.backgrounds.get(name or "", Background(color="#FFFFFF"))
        full = Box(0, 0, self.preset.width, self.preset.height)
        if spec.gradient:
            top, bottom = spec.gradient
            return Shape(full, self.color(top), kind="gradient", fill_to=self.color(bottom))
        if spec.image:
            return Shape(full, "#FFFFFFFF", kind="image", image=spec.image)
        return Shape(full, self.color(spec.color))

    def place(self, element: dict, path: str, context: dict, paged: dict | None) -> tuple[list, list[str]]:
        if isinstance(element, Stack):
            return self.place_stack(element, path, context, paged, path.split(".")[1])
        if isinstance(element, Chip):
            return self.place_chip(element, path, context)
        if isinstance(element, Rule):
            box = self.box(element.box)
            return [Shape(Box(box.x, box.y, box.width, max(1, round(self.px(element.thickness)))), self.color(element.color))], []
        if isinstance(element, LogoBox):
            return self.place_logo(self.box(element.box) if element.box is not None else self.safe, element)
        return self.place_text_box(element, path, context)

    def place_chip(self, element: dict, path: str, context: dict) -> tuple[list, list[str]]:
        text = self.text(element, context)
        if not text:
            return [], []
        spec = self.spec(element.role, 0, mode="largest")
        height = spec.size_px * element.height
        pad = spec.size_px * element.padding
        fx, fy = element.at
        x, y = self.safe.x + fx * self.safe.width, self.safe.y + fy * self.safe.height
        room = min(self.safe.width * element.max_width, self.safe.right - x) - 2 * pad  # clear of the page number
        if self.fonts.line_width(text, spec) > room:
            text = self.ellipsize(text, spec, room)  # a label repeating the title or office, said in full elsewhere
        box = Box(x, y, self.fonts.line_width(text, spec) + 2 * pad, height)
        outline = self.color(element.outline) if element.outline else ""
        shape = Shape(box, self.color(element.fill), radius=height / 2, outline=outline, outline_px=max(2, round(self.px(element.outline_width))) if outline else 0)
        runs, _ = self.set_lines([text], x + pad, y, spec, self.color(element.ink), height / spec.size_px)
        return [shape, *runs], [text]

    def place_text_box(self, element: dict, path: str, context: dict) -> tuple[list, list[str]]:
        text = self.text(element, context)
        if not text:
            return [], []
        box = self.box(element.box)
        role = element.role
        leading = element.leading
        max_lines = element.max_lines
        spec, lines = None, []
        for level in range(LEVELS + 1):
            spec = self.spec(role, level, element.weight, element.size)
            lines = self.wrap(text, spec, box.width, balance=element.balance)
            if (not max_lines or len(lines) <= max_lines) and len(lines) * spec.size_px * leading <= max(box.height, spec.size_px * leading):
                break
        if max_lines and len(lines) > max_lines:
            lines = lines[: max_lines - 1] + [self.ellipsize(" ".join(lines[max_lines - 1 :]), spec, box.width)]
        height = len(lines) * spec.size_px * leading
        top = box.y + (box.height - height) / 2 if element.valign == "center" else box.y
        runs, _ = self.set_lines(lines, box.x, top, spec, self.color(element.color), leading, box.width, element.align)
        return runs, lines

    def ellipsize(self, text: str, spec: FontSpec, width: float) -> str:
        """Cut a decorative repeat (a footer's title) to one line; the full text is on another card."""
        low, high = 0, len(text)  # the longest prefix that fits, found in log(n) measurements of any length
        if self.fonts.line_width(text + "…", spec) <= width:
            low = high
        while low < high:
            middle = (low + high + 1) // 2
            if self.fonts.line_width(text[:middle] + "…", spec) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def place_logo(self, box: Box, element: dict) -> tuple[list, list[str]]:
        if self.logo is None:
            return [], []
        height = self.px(element.height)
        width = height * self.logo.width / self.logo.height
        if width > box.width:
            width, height = box.width, box.width * self.logo.height / self.logo.width
        return [ImageRun(round(box.x), round(box.y), round(width), round(height), str(self.logo.path))], []

    # -- stacks -----------------------------------------------------------------------------------
    def place_stack(self, stack: Stack, path: str, context: dict, paged: dict | None, kind: str = "") -> tuple[list, list[str]]:
        box = self.box(stack.box)
        ctx = {**context, "_paged": paged}
        level = paged["level"] if paged else self.first_fitting_level(stack, path, ctx, box)
        fitted = self.fit_stack(stack, path, ctx, box, level) if level is not None else None
        if fitted is None:
            level = LEVELS if not paged else paged["level"]
            fitted = [self.measure(child, f"{path}.children[{i}]", ctx, level, box.width) for i, child in enumerate(stack.children)]
            self.too_long(stack, path, ctx, box, kind, fitted)
        gaps = [self.px(child.gap_after) if m.height else 0 for child, m in zip(stack.children, fitted)]
        while gaps and fitted and not fitted[-1].height:
            gaps.pop()
            fitted = fitted[:-1]
        total = sum(m.height for m in fitted) + sum(gaps[: len(fitted) - 1])
        y = box.y + max(0.0, (box.height - total) * float(stack.valign))
        elements: list = []
        lines: list[str] = []
        for measured, gap in zip(fitted, gaps):
            if not measured.height:
                continue
            placed, text = measured.place(box.x, y, box.width, stack.align)
            elements += placed
            lines += text
            y += measured.height + gap
        return elements, lines

    def first_fitting_level(self, stack: dict, path: str, ctx: dict, box: Box) -> int | None:
        """The largest text that fits: a binary search, as smaller levels never take more room."""
        if self.fit_stack(stack, path, ctx, box, 0) is not None:
            return 0
        if self.fit_stack(stack, path, ctx, box, LEVELS) is None:
            return None
        low, high = 0, LEVELS  # low does not fit, high fits
        while high - low > 1:
            middle = (low + high) // 2
            if self.fit_stack(stack, path, ctx, box, middle) is not None:
                high = middle
            else:
                low = middle
        return high

    def too_long(self, stack: Stack, path: str, ctx: dict, box: Box, kind: str, fitted: list[_Measured] | None = None) -> None:
        """Report, as an error, the text that keeps a stack from fitting even at the smallest size."""
        fitted = fitted or [self.measure(child, f"{path}.children[{i}]", ctx, LEVELS, box.width) for i, child in enumerate(stack.children)]
        case = ctx.get("_case")
        what = f"case {ctx['case']['number']}" if case is not None and "case" in ctx else f"the {kind} card"
        texts = [child for child, measured in zip(stack.children, fitted) if isinstance(child, (FlowText, Pill)) and measured.height]
        culprit = next((child for child, measured in zip(stack.children, fitted) if not measured.fits), None)
        if culprit is not None:
            field = _field(getattr(culprit, "text", "")) or "text"
            max_lines = getattr(culprit, "max_lines", 0)
            limit = f"it needs more than {max_lines} lines" if max_lines else "it is wider than its space"
            message = f"{what}: the {field} is too long: {limit} even at the smallest size; shorten it"
        else:
            fields = [name for name in dict.fromkeys(_field(child.text) for child in texts) if name]
            message = f"{what}: the text does not fit on the card even at the smallest size; shorten {' or '.join(fields) or 'it'}"
        notice = Notice("error", message, line=case.line if case is not None else None)
        if notice not in self.notices:
            self.notices.append(notice)

    def cut_notice(self, template: str, ctx: dict) -> None:
        what = f"case {ctx['case']['number']}" if "case" in ctx else f"the {self.card_kind} card"
        notice = Notice("warning", f"{what}: the {_field(template) or 'text'} is cut to fit its label; shorten it to show it whole")
        if notice not in self.notices:
            self.notices.append(notice)

    def fit_stack(self, stack: dict, path: str, ctx: dict, box: Box, level: int) -> list[_Measured] | None:
        measured = [self.measure(child, f"{path}.children[{i}]", ctx, level, box.width) for i, child in enumerate(stack.children)]
        if not all(m.fits for m in measured):
            return None
        heights = [m.height for m in measured]
        gaps = [self.px(child.gap_after) for child, h in zip(stack.children, heights) if h]
        total = sum(heights) + sum(gaps[:-1])
        return measured if total <= box.height + 0.5 else None

    def measure(self, child: dict, path: str, ctx: dict, level: int, width: float) -> _Measured:
        measurer = {
            FlowText: self.measure_text,
            EmojiRow: self.measure_emoji_row,
            Bar: self.measure_bar,
            Checklist: self.measure_checklist,
            ContentsList: self.measure_contents,
            FlowLogo: self.measure_logo,
            Pill: self.measure_pill,
            Spacer: self.measure_spacer,
        }[type(child)]
        return measurer(child, path, ctx, level, width)

    def measure_text(self, child, path, ctx, level, width) -> _Measured:
        text = self.text(child, ctx)
        if not text:
            return _Measured(0, True, _nothing)
        spec = self.spec(child.role, level, child.weight, child.size)
        leading = child.leading
        lines = self.wrap(text, spec, width, balance=child.balance)
        max_lines = child.max_lines
        if max_lines and len(lines) > max_lines:
            if child.drop_if_long:
                return _Measured(0, True, _nothing)
            fits = child.size != "fit"  # set at one size (a repeat): cut to its lines instead
            if fits:
                lines = lines[: max_lines - 1] + [self.ellipsize(" ".join(lines[max_lines - 1 :]), spec, width)]
        else:
            fits = True
        color = self.color(child.color)

        def place(x, y, w, align):
            runs, _ = self.set_lines(lines, x, y, spec, color, leading, w, align)
            return runs, lines

        return _Measured(len(lines) * spec.size_px * leading, fits, place)

    def measure_bar(self, child, path, ctx, level, width) -> _Measured:
        bar_w, bar_h = self.px(child.width), self.px(child.height)
        color = self.color(child.color)

        def place(x, y, w, align):
            left = x + (w - bar_w) / 2 if align == "center" else x
            return [Shape(Box(left, y, bar_w, bar_h), color, radius=bar_h / 2)], []

        return _Measured(bar_h, True, place)

    def measure_spacer(self, child, path, ctx, level, width) -> _Measured:
        return _Measured(self.px(child.height), True, _nothing)

    def measure_logo(self, child, path, ctx, level, width) -> _Measured:
        if self.logo is None:
            return _Measured(0, True, _nothing)
        height = self.px(child.height)
        logo_w = min(width, height * self.logo.width / self.logo.height)
        height = logo_w * self.logo.height / self.logo.width

        def place(x, y, w, align):
            left = x + (w - logo_w) / 2 if align == "center" else x
            return [ImageRun(round(left), round(y), round(logo_w), round(height), str(self.logo.path))], []

        return _Measured(height, True, place)

    def measure_pill(self, child, path, ctx, level, width) -> _Measured:
        text = self.text(child, ctx)
        if not text:
            return _Measured(0, True, _nothing)
        spec = self.spec(child.role, 0, child.weight, "largest")
        height = self.px(child.height)
        if self.fonts.line_width(text, spec) + 2 * (height * child.padding) > width:
            text = self.ellipsize(text, spec, width - 2 * (height * child.padding))  # a label: cut, with a warning, rather than drawn past its edge
            self.cut_notice(child.text, ctx)
        pill_w = min(width, self.fonts.line_width(text, spec) + 2 * (height * child.padding))
        fill, ink = self.color(child.fill), self.color(child.ink)

        def place(x, y, w, align):
            left = x + (w - pill_w) / 2 if align == "center" else x
            runs, _ = self.set_lines([text], left, y, spec, ink, height / spec.size_px, pill_w, "center")
            return [Shape(Box(left, y, pill_w, height), fill, radius=height / 2), *runs], [text]

        return _Measured(height, True, place)

    def measure_emoji_row(self, child, path, ctx, level, width) -> _Measured:
        case = ctx.get("_case")
        if child.source == "case":
            emoji = case.emoji[: child.max_emoji] if case else ()
            fallback = f"{ctx['case']['number']:02d}" if case and child.fallback == "number" else ""
        else:
            emoji = tuple(dict.fromkeys(c.emoji[0] for c in self.series.cases if c.emoji))
            fallback = ""
        if not emoji and not fallback:
            return _Measured(0, True, _nothing)
        largest = self.px(child.tile)
        smallest = self.px(child.shrink_to if child.shrink_to is not None else child.tile)
        side = largest - (largest - smallest) * level / LEVELS
        gap = side * child.gap
        count = len(emoji) or 1
        per_row = max(1, min(count, int((width + gap) // (side + gap))))
        rows = -(-count // per_row)
        fill = self.color(child.fill)
        ink = self.color(child.ink)

        def place(x, y, w, align):
            elements: list = []
            if not emoji:
                spec = FontSpec(self.theme.fonts[child.number_weight], round(side * child.number_scale))
                left = x + (w - side) / 2 if align == "center" else x
                elements.append(Shape(Box(left, y, side, side), fill, radius=side * child.radius))
                runs, _ = self.set_lines([fallback], left, y, spec, ink, side / spec.size_px, side, "center")
                return elements + runs, [fallback]
            inner = round(side * child.emoji_scale)
            for index, sequence in enumerate(emoji):
                row, column = divmod(index, per_row)
                in_row = min(per_row, count - row * per_row)
                row_w = in_row * (side + gap) - gap
                left = x + (w - row_w) / 2 if align == "center" else x
                tile_x, tile_y = left + column * (side + gap), y + row * (side + gap)
                elements.append(Shape(Box(tile_x, tile_y, side, side), fill, radius=side * child.radius))
                elements.append(EmojiRun(round(tile_x + (side - inner) / 2), round(tile_y + (side - inner) / 2), inner, sequence))
            return elements, []

        return _Measured(rows * (side + gap) - gap, True, place)

    # -- paged lists: the checklist of a case, the contents list ------------------------------------
    def rows_for(self, child: dict, ctx: dict, width: float, level: int) -> list[_Row]:
        pad = self.px(child.padding)
        if isinstance(child, ContentsList):
            spec = self.spec(child.role, level, child.weight)
            text_width = width - 2 * pad - self.contents_indent(child, spec) - self.fonts.emoji_size(spec) * child.icon_scale
            rows = []
            for index, case in enumerate(self.series.cases):
                wrapped = self.wrap(case.contents, spec, text_width, balance=True)
                for n, line in enumerate(wrapped):
                    rows.append(_Row(line, "entry", n == 0, n == 0, index, n == len(wrapped) - 1))
            return rows
        case = ctx["_case"]
        body = self.spec(child.role, level)
        note = self.spec(child.note_role, level)
        text_width = width - 2 * pad - self.check_indent(child, body)
        note_indent = self.px(child.note_indent)
        rows = []
        for item in case.items:
            for n, line in enumerate(self.wrap(item.text, body, text_width)):
                rows.append(_Row(line, "item", n == 0, n == 0))
            for text in item.notes:
                for n, line in enumerate(self.wrap(text, note, text_width - note_indent)):
                    rows.append(_Row(line, "note", n == 0, False))
        return rows

    def check_indent(self, child: Checklist, spec: FontSpec) -> float:
        return self.fonts.emoji_size(spec) + self.px(child.check_gap)

    def contents_indent(self, child: ContentsList, spec: FontSpec) -> float:
        return self.fonts.emoji_size(spec) + self.px(child.check_gap)

    def row_height(self, child: dict, row: _Row, level: int, first_on_card: bool) -> float:
        if isinstance(child, ContentsList):
            spec = self.spec(child.role, level, child.weight)
            line = spec.size_px * child.leading
            pad = spec.size_px * child.entry_padding
            return line + (pad if row.starts_entry else 0) + (pad if row.last else 0)
        body = self.spec(child.role, level)
        spec = body if row.role == "item" else self.spec(child.note_role, level)
        leading = child.item_leading if row.role == "item" else child.note_leading
        space = 0.0
        if not first_on_card:
            if row.starts_entry:
                space = body.size_px * child.item_space
            elif row.first and row.role == "note":
                space = body.size_px * child.note_space
        return space + spec.size_px * leading

    def measure_checklist(self, child, path, ctx, level, width) -> _Measured:
        return self.measure_paged(child, ctx, level, width)

    def measure_contents(self, child, path, ctx, level, width) -> _Measured:
        return self.measure_paged(child, ctx, level, width)

    def measure_paged(self, child, ctx, level, width) -> _Measured:
        paged = ctx.get("_paged")
        rows = paged["rows"] if paged else self.rows_for(child, ctx, width, level)
        if not rows:  # a case with no items (a press-release heading alone): no empty panel
            return _Measured(0, True, _nothing)
        pad = self.px(child.padding)
        heights = [self.row_height(child, row, level, i == 0) for i, row in enumerate(rows)]
        height = 2 * pad + sum(heights)

        def place(x, y, w, align):
            panel = Box(x, y, w, height)
            elements: list = []
            if child.panel:
                outline = self.color(child.outline) if child.outline else ""
                elements.append(Shape(panel, self.color(child.panel), radius=self.px(child.radius), outline=outline, outline_px=max(1, round(self.px(child.outline_width))) if outline else 0))
            placer = self.place_contents_rows if isinstance(child, ContentsList) else self.place_checklist_rows
            placed, lines = placer(child, rows, heights, panel.inset(pad), level)
            return elements + placed, lines

        return _Measured(height, True, place)

    def place_checklist_rows(self, child, rows, heights, inner: Box, level) -> tuple[list, list[str]]:
        body = self.spec(child.role, level)
        note = self.spec(child.note_role, level)
        elements: list = []
        lines: list[str] = []
        y = inner.y
        for row, height in zip(rows, heights):
            spec = body if row.role == "item" else note
            leading = child.item_leading if row.role == "item" else child.note_leading
            line_top = y + height - spec.size_px * leading
            middle = line_top + spec.size_px * leading / 2
            x = inner.x + self.check_indent(child, body)
            if row.role == "item" and row.starts_entry:
                side = self.fonts.emoji_size(body)
                elements.append(EmojiRun(round(inner.x), round(middle - side / 2), side, "✅"))
            if row.role == "note":
                x += self.px(child.note_indent)
                if row.first:
                    dot = self.px(child.bullet_size)
                    elements.append(Shape(Box(x - self.px(child.bullet_offset), middle - dot / 2, dot, dot), self.color(child.bullet_color), kind="ellipse"))
            color = self.color(child.color if row.role == "item" else child.note_color)
            runs, _ = self.set_lines([row.text], x, line_top, spec, color, leading)
            elements += runs
            lines.append(("✅ " if row.starts_entry else "") + row.text)
            y += height
        return elements, lines

    def place_contents_rows(self, child, rows, heights, inner: Box, level) -> tuple[list, list[str]]:
        spec = self.spec(child.role, level, child.weight)
        elements: list = []
        lines: list[str] = []
        y = inner.y
        check = self.fonts.emoji_size(spec)
        icon = round(check * child.icon_scale)
        line = spec.size_px * child.leading
        pad = spec.size_px * child.entry_padding
        entry_top = y
        for index, (row, height) in enumerate(zip(rows, heights)):
            if row.starts_entry:
                entry_top = y
                if index and child.divider:
                    elements.append(Shape(Box(inner.x, y, inner.width, max(1, round(self.px(child.divider_width)))), self.color(child.divider)))
            line_top = y + (pad if row.starts_entry else 0)
            if row.starts_entry:
                if child.marker == "number":
                    number_spec = FontSpec(spec.weight, spec.size_px)
                    runs, _ = self.set_lines([f"{row.entry + 1:02d}"], inner.x, line_top, number_spec, self.color(child.marker_color), child.leading)
                    elements += runs
                else:
                    elements.append(EmojiRun(round(inner.x), round(line_top + line / 2 - check / 2), check, "✅"))
            runs, _ = self.set_lines([row.text], inner.x + self.contents_indent(child, spec), line_top, spec, self.color(child.color), child.leading)
            elements += runs
            lines.append(("✅ " if row.starts_entry else "") + row.text)
            y += height
            if row.last or index + 1 == len(rows):
                case = self.series.cases[row.entry]
                if case.emoji:
                    elements.append(EmojiRun(round(inner.right - icon), round((entry_top + y) / 2 - icon / 2), icon, case.emoji[0]))
        return elements, lines


def _nothing(x, y, w, align):
    return [], []


def _field(template: str) -> str:
    """The case or series field a template shows, such as 'headline' for '{{ case.headline }}'."""
    match = re.fullmatch(r"\{\{\s*(?:case|series)\.(\w+)(?:\s+or\s+series\.\w+)?\s*\}\}", template.strip())
    return match.group(1) if match else ""


@lru_cache(maxsize=65536)
def _wrapped(fonts: FontBook, text: str, spec: FontSpec, width: float, balance: bool) -> tuple[str, ...]:
    # Fitting a series asks for the same breaks again and again (six times in ten), and a rebuild for all of them.
    return tuple(break_lines(text, width, fonts.measurer(spec), balance=balance))


def _chunk(rows: list[_Row], first_room: float, next_room: float, height: Callable[[_Row, bool], float]) -> list[list[_Row]]:
    """Split rows into cards: an item moves whole to the next card when it fits there."""
    pages: list[list[_Row]] = []
    current: list[_Row] = []
    used, room = 0.0, first_room
    index = 0
    while index < len(rows):
        row = rows[index]
        if current and row.starts_entry:
            entry = [row] + _rest_of_entry(rows, index + 1)
            need = sum(height(r, False) for r in entry)
            if used + need > room and sum(height(r, k == 0) for k, r in enumerate(entry)) <= next_room:
                pages.append(current)
                current, used, room = [], 0.0, next_room
        need = height(row, not current)
        if current and used + need > room:
            pages.append(current)
            current, used, room = [], 0.0, next_room
            need = height(row, True)
        current.append(row)
        used += need
        index += 1
    if current:
        pages.append(current)
    return pages


def _rest_of_entry(rows: list[_Row], start: int) -> list[_Row]:
    rest = []
    for row in rows[start:]:
        if row.starts_entry:
            break
        rest.append(row)
    return rest


def layout_series(
    series: Series, theme: Theme, fonts: FontBook, size: str = "portrait", logo: Logo | None = None
) -> tuple[list[CardLayout], list[Notice]]:
    """Every card of the series at one size, measured and positioned, plus warnings."""
    engine = _Engine(series, theme, fonts, SIZES[size], logo)
    return engine.layout(), engine.notices
