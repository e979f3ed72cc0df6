"""Layout, pure: a series becomes measured cards (boxes, lines, runs); nothing is drawn here."""

from __future__ import annotations

from dataclasses import dataclass

from cardnews.fonts import FontBook, FontSpec
from cardnews.geometry import Box, CardLayout, EmojiRun, Shape, TextRun
from cardnews.linebreak import break_lines
from cardnews.model import Case, Notice, Series
from cardnews.theme import Theme

SIZES = {"portrait": (1080, 1350)}
BASE_WIDTH = 1080
CONTINUED = "(계속)"


@dataclass(frozen=True)
class _Row:
    """One laid line of a case's checklist: where it belongs decides its bullet and spacing."""

    text: str
    role: str  # "item" or "note"
    first: bool  # first line of its item or note
    item_start: bool  # first line of an item


class _Composer:
    """Lays out the cards of one series at one size, with the theme's palette and type."""

    def __init__(self, series: Series, theme: Theme, fonts: FontBook, size: str):
        self.series, self.theme, self.fonts = series, theme, fonts
        self.width, self.height = SIZES[size]
        self.scale = self.width / BASE_WIDTH
        self.margin = self.px(84)
        self.content = Box(self.margin, self.margin, self.width - 2 * self.margin, self.height - 2 * self.margin)
        self.notices: list[Notice] = []

    # -- measuring -------------------------------------------------------------------------
    def px(self, value: float) -> float:
        return value * self.scale

    def spec(self, role: str, size: float | None = None, weight_role: str | None = None) -> FontSpec:
        size = self.theme.type[role].largest if size is None else size
        return FontSpec(self.theme.fonts[weight_role or role], max(8, round(size * self.scale)))

    def wrap(self, text: str, spec: FontSpec, width: float, balance: bool = False) -> list[str]:
        return break_lines(text, width, lambda t: self.fonts.line_width(t, spec), balance=balance)

    def set_lines(self, lines, x, top, spec, color, leading, width=None, align="left") -> tuple[list, float]:
        """Text and emoji runs for lines starting at `top`; returns the runs and the block height."""
        runs: list = []
        metrics = self.fonts.metrics(spec)
        line_height = spec.size_px * leading
        for index, line in enumerate(lines):
            baseline = top + index * line_height + line_height / 2 - metrics.hangul_middle
            left = x
            if align != "left":
                slack = (width or 0) - self.fonts.line_width(line, spec)
                left = x + (slack / 2 if align == "center" else slack)
            runs.extend(self.line_runs(line, left, baseline, spec, color))
        return runs, len(lines) * line_height

    def line_runs(self, line: str, x: float, baseline: float, spec: FontSpec, color: str) -> list:
        runs: list = []
        middle = baseline + self.fonts.metrics(spec).hangul_middle
        for span in self.fonts.spans(line):
            if span.is_emoji:
                side = self.fonts.emoji_size(spec)
                gap = (self.fonts.emoji_advance(spec) - side) / 2
                runs.append(EmojiRun(round(x + gap), round(middle - side / 2), side, span.text))
                x += self.fonts.emoji_advance(spec)
            else:
                runs.append(TextRun(x, baseline, span.text, spec, color))
                x += self.fonts.text_width(span.text, spec)
        return runs

    # -- shared pieces -------------------------------------------------------------------------
    def background(self, cover: bool) -> Shape:
        p = self.theme.palette
        top, bottom = (p["cover_top"], p["cover_bottom"]) if cover else (p["page_top"], p["page_bottom"])
        return Shape(Box(0, 0, self.width, self.height), top, kind="gradient", fill_to=bottom)

    def chip(self, text: str, x: float, y: float, fill: str, ink: str, outline: str = "") -> tuple[list, Box]:
        spec = self.spec("label")
        height = self.px(54)
        pad = self.px(24)
        box = Box(x, y, self.fonts.line_width(text, spec) + 2 * pad, height)
        shape = Shape(box, fill, radius=height / 2, outline=outline, outline_px=max(2, round(self.px(2.5))))
        runs, _ = self.set_lines([text], x + pad, y, spec, ink, height / spec.size_px)
        return [shape, *runs], box

    def top_bar(self, label: str, page: int, total: int, on_cover: bool) -> tuple[list, float]:
        p = self.theme.palette
        if on_cover:
            elements, box = self.chip(label, self.margin, self.margin, "#FFFFFF00", p["cover_ink"], outline=p["cover_ink"] + "B3")
            number_color = p["cover_ink"] + "CC"
        else:
            elements, box = self.chip(label, self.margin, self.margin, p["accent"], p["on_accent"])
            number_color = p["muted"]
        spec = self.spec("label")
        number = f"{page}/{self.total}"
        runs, _ = self.set_lines([number], self.margin, box.y, spec, number_color, box.height / spec.size_px,
                                 width=self.content.width, align="right")
        return elements + runs, box.bottom

    def footer(self, on_cover: bool) -> tuple[list, float]:
        """The series title, small, at the foot of every inner card; returns runs and its top."""
        p = self.theme.palette
        spec = self.spec("small")
        color = p["cover_ink"] + "B3" if on_cover else p["muted"]
        text = self.wrap(self.series.title, spec, self.content.width)[:1]
        height = spec.size_px * 1.4
        top = self.height - self.margin * 0.6 - height
        runs, _ = self.set_lines(text, self.margin, top, spec, color, 1.4)
        return runs, top

    def emoji_tiles(self, emoji: tuple[str, ...], x: float, y: float, side: float, fill: str, fallback: str = "", most: int = 3) -> tuple[list, float]:
        elements: list = []
        gap = self.px(18)
        if not emoji:
            spec = FontSpec(self.theme.fonts["headline"], round(side * 0.42))
            elements.append(Shape(Box(x, y, side, side), fill, radius=side * 0.28))
            runs, _ = self.set_lines([fallback], x, y, spec, self.theme.palette["accent"], side / spec.size_px, width=side, align="center")
            return elements + runs, side
        for index, sequence in enumerate(emoji[:most]):
            left = x + index * (side + gap)
            elements.append(Shape(Box(left, y, side, side), fill, radius=side * 0.28))
            inner = round(side * 0.66)
            elements.append(EmojiRun(round(left + (side - inner) / 2), round(y + (side - inner) / 2), inner, sequence))
        return elements, min(most, len(emoji)) * (side + gap) - gap

    def card(self, kind: str, name: str, page: int, elements: list, lines: list[str]) -> CardLayout:
        return CardLayout(kind, f"{page:02d}-{name}.png", page, self.total, self.width, self.height, tuple(elements), tuple(lines))

    # -- cards -----------------------------------------------------------------------------------
    def layout(self) -> list[CardLayout]:
        case_pages = [self.case_pages(index, case) for index, case in enumerate(self.series.cases, start=1)]
        self.total = 3 + sum(len(pages) for pages in case_pages)
        cards = [self.cover(), self.contents(case_pages)]
        page = 3
        for index, pages in enumerate(case_pages, start=1):
            for part, draw in enumerate(pages, start=1):
                name = f"case-{index}" if part == 1 else f"case-{index}-{part}"
                elements, lines = draw(page)
                cards.append(self.card("case" if part == 1 else "continuation", name, page, elements, lines))
                page += 1
        cards.append(self.closing(page))
        return cards

    def cover(self) -> CardLayout:
        p, s = self.theme.palette, self.series
        elements: list = [self.background(cover=True)]
        elements.append(Shape(Box(self.width - self.px(420), -self.px(260), self.px(760), self.px(760)), "#FFFFFF14", kind="ellipse"))
        elements.append(Shape(Box(-self.px(200), self.height - self.px(330), self.px(520), self.px(520)), "#FFFFFF0D", kind="ellipse"))
        label = s.organisation or s.title
        bar, bar_bottom = self.top_bar(label, 1, self.total, on_cover=True)
        elements += bar
        lines = [label]

        width = self.content.width
        title_range = self.theme.type["title"]
        title_spec, title_lines = None, []
        for size in range(title_range.largest, title_range.smallest - 1, -2):
            title_spec = self.spec("title", size)
            title_lines = self.wrap(s.title, title_spec, width, balance=True)
            if len(title_lines) <= 3:
                break
        if title_spec.size_px < round(title_range.comfortable * self.scale):
            self.notice("the series title is long; it was set smaller than the layout's comfortable size")
        period_spec = self.spec("kicker")
        period_lines = self.wrap(s.period, period_spec, width) if s.period and s.period not in s.title else []
        subtitle = _first_paragraph(s.description)
        sub_spec = self.spec("kicker", self.theme.type["kicker"].comfortable, weight_role="body")
        sub_lines = self.wrap(subtitle, sub_spec, width, balance=True) if subtitle else []
        if len(sub_lines) > 2:
            sub_lines = []
        tile = self.px(112)
        emoji = self.case_emoji()
        blocks = [
            ("tiles", tile if emoji else 0, self.px(56)),
            ("period", len(period_lines) * period_spec.size_px * 1.3, self.px(18)),
            ("title", len(title_lines) * title_spec.size_px * 1.18, self.px(40)),
            ("bar", self.px(10), self.px(40)),
            ("subtitle", len(sub_lines) * sub_spec.size_px * 1.45, 0),
        ]
        total = sum(h + (gap if h else 0) for _, h, gap in blocks)
        region_top = bar_bottom + self.px(40)
        foot_spec = self.spec("label")
        foot_top = self.height - self.margin - foot_spec.size_px * 1.4
        region_bottom = foot_top - self.px(56)
        y = region_top + max(0, (region_bottom - region_top - total) * 0.6)
        for name, height, gap in blocks:
            if not height:
                continue
            if name == "tiles":
                tiles, _ = self.emoji_tiles(emoji, self.margin, y, tile, "#FFFFFF26", most=6)
                elements += tiles
            elif name == "period":
                runs, _ = self.set_lines(period_lines, self.margin, y, period_spec, p["cover_soft"], 1.3)
                elements += runs
                lines += period_lines
            elif name == "title":
                runs, _ = self.set_lines(title_lines, self.margin, y, title_spec, p["cover_ink"], 1.18)
                elements += runs
                lines += title_lines
            elif name == "bar":
                elements.append(Shape(Box(self.margin, y, self.px(104), height), p["highlight"], radius=height / 2))
            elif name == "subtitle":
                runs, _ = self.set_lines(sub_lines, self.margin, y, sub_spec, p["cover_ink"] + "E6", 1.45)
                elements += runs
                lines += sub_lines
            y += height + gap
        elements.append(Shape(Box(self.margin, foot_top - self.px(28), width, max(1, round(self.px(2)))), p["cover_ink"] + "40"))
        left = s.handle or s.organisation
        right = f"사례 {len(s.cases)}건"
        for text, align in ((left, "left"), (right, "right")):
            if text:
                runs, _ = self.set_lines([text], self.margin, foot_top, foot_spec, p["cover_ink"] + "D9", 1.4, width=width, align=align)
                elements += runs
                lines.append(text)
        return self.card("cover", "cover", 1, elements, lines)

    def case_emoji(self) -> tuple[str, ...]:
        """One emoji per case (its first), for the cover and closing rows."""
        return tuple(dict.fromkeys(case.emoji[0] for case in self.series.cases if case.emoji))

    def contents(self, case_pages) -> CardLayout:
        p, s = self.theme.palette, self.series
        elements: list = [self.background(cover=False)]
        label = s.organisation or s.title
        bar, bar_bottom = self.top_bar(label, 2, self.total, on_cover=False)
        footer, footer_top = self.footer(on_cover=False)
        elements += bar
        lines = [label]
        width = self.content.width
        eyebrow_spec = self.spec("label")
        heading = "이번 호에 담은 사례" if not s.period else f"{s.period} 주요 사례"
        head_range = self.theme.type["headline"]
        head_spec = self.spec("headline", head_range.comfortable)
        head_lines = self.wrap(heading, head_spec, width, balance=True)
        pad = self.px(44)
        region_top = bar_bottom + self.px(56)
        region_bottom = footer_top - self.px(40)
        header_height = eyebrow_spec.size_px * 1.6 + self.px(8) + len(head_lines) * head_spec.size_px * 1.25 + self.px(40)
        available = region_bottom - region_top - header_height - 2 * pad
        body_range = self.theme.type["body"]
        emoji_side = self.px(64)
        text_left = self.px(60)
        text_width = width - 2 * pad - text_left - emoji_side - self.px(24)
        rows = []
        for size in range(body_range.largest, body_range.smallest - 1, -2):
            spec = self.spec("body", size, weight_role="kicker")
            rows = [self.wrap(case.contents, spec, text_width, balance=True) for case in s.cases]
            row_pad = spec.size_px * 0.62
            needed = sum(len(r) * spec.size_px * 1.4 + 2 * row_pad for r in rows)
            if needed <= available:
                break
        else:
            self.notice("the contents list is long; it was set at the smallest size and may be crowded")
        if spec.size_px < round(body_range.comfortable * self.scale):
            self.notice("the contents list was set smaller than the layout's comfortable size")
        needed = sum(len(r) * spec.size_px * 1.4 + 2 * row_pad for r in rows)
        top = region_top + max(0, (available - needed) * 0.4)
        runs, height = self.set_lines(["CONTENTS"], self.margin, top, eyebrow_spec, p["accent"], 1.6)
        elements += runs
        top += height + self.px(8)
        runs, height = self.set_lines(head_lines, self.margin, top, head_spec, p["ink"], 1.25)
        elements += runs
        lines += ["CONTENTS", *head_lines]
        top += height + self.px(40)
        panel = Box(self.margin, top, width, needed + 2 * pad)
        elements.append(Shape(panel, p["panel"], radius=self.px(36), outline=p["panel_line"], outline_px=max(1, round(self.px(2)))))
        y = top + pad
        check = self.fonts.emoji_size(spec)
        for index, (case, row) in enumerate(zip(s.cases, rows)):
            row_height = len(row) * spec.size_px * 1.4 + 2 * row_pad
            if index:
                elements.append(Shape(Box(panel.x + pad, y, panel.width - 2 * pad, max(1, round(self.px(2)))), p["panel_line"]))
            first_middle = y + row_pad + spec.size_px * 0.7
            elements.append(EmojiRun(round(panel.x + pad), round(first_middle - check / 2), check, "✅"))
            runs, _ = self.set_lines(row, panel.x + pad + text_left, y + row_pad, spec, p["ink"], 1.4)
            elements += runs
            lines.append("✅ " + " ".join(row))
            if case.emoji:
                elements.append(EmojiRun(round(panel.right - pad - emoji_side), round(y + (row_height - emoji_side) / 2), round(emoji_side), case.emoji[0]))
            y += row_height
        elements += footer
        lines.append(s.title)
        return self.card("contents", "contents", 2, elements, lines)

    def case_pages(self, index: int, case: Case) -> list:
        """One draw function per card this case needs (more than one when it must continue)."""
        p = self.theme.palette
        width = self.content.width
        pad_x, pad_y = self.px(48), self.px(48)
        tile = self.px(150)
        head_range = self.theme.type["headline"]
        head_spec, head_lines = None, []
        for size in range(head_range.largest, head_range.smallest - 1, -2):
            head_spec = self.spec("headline", size)
            head_lines = self.wrap(case.headline, head_spec, width, balance=True)
            if len(head_lines) <= 3:
                break
        kicker_spec = self.spec("kicker")
        kicker_lines = self.wrap(case.kicker, kicker_spec, width, balance=True) if case.kicker else []

        def header_height(continued: bool) -> float:
            tiles = 0 if continued else tile + self.px(40)
            kick = (1 if continued else len(kicker_lines)) * kicker_spec.size_px * 1.35
            return tiles + kick + self.px(10) + len(head_lines) * head_spec.size_px * 1.25

        # The first card sets the available height; continuation cards have a smaller header.
        region_top = self.margin + self.px(54) + self.px(48)
        footer_top = self.height - self.margin * 0.6 - self.spec("small").size_px * 1.4
        region_bottom = footer_top - self.px(44)
        gap = self.px(44)

        body_range, note_range = self.theme.type["body"], self.theme.type["note"]
        text_indent = None

        def rows_for(body_spec: FontSpec, note_spec: FontSpec):
            nonlocal text_indent
            text_indent = self.fonts.emoji_size(body_spec) + self.px(18)
            text_width = width - 2 * pad_x - text_indent
            note_indent = self.px(26)
            rows = []
            for item in case.items:
                for n, line in enumerate(self.wrap(item.text, body_spec, text_width)):
                    rows.append(_Row(line, "item", n == 0, n == 0))
                for note in item.notes:
                    for n, line in enumerate(self.wrap(note, note_spec, text_width - note_indent)):
                        rows.append(_Row(line, "note", n == 0, False))
            return rows

        def row_height(row: _Row, body_spec, note_spec, first_on_card: bool) -> float:
            spec = body_spec if row.role == "item" else note_spec
            leading = 1.5 if row.role == "item" else 1.45
            space = 0
            if not first_on_card:
                if row.item_start:
                    space = body_spec.size_px * 0.75
                elif row.first and row.role == "note":
                    space = body_spec.size_px * 0.2
            return space + spec.size_px * leading

        def panel_height(rows, body_spec, note_spec) -> float:
            return 2 * pad_y + sum(row_height(r, body_spec, note_spec, i == 0) for i, r in enumerate(rows))

        chosen = None
        comfortable = body_range.comfortable
        trials = [(self.px(150), size) for size in range(body_range.largest, comfortable - 1, -2)]
        trials += [(self.px(112), size) for size in range(comfortable, body_range.smallest - 1, -2)]
        for tile_side, size in trials:
            tile = tile_side
            available_first = region_bottom - region_top - header_height(False) - gap
            body_spec = self.spec("body", size)
            note_size = note_range.largest - (body_range.largest - size)
            note_spec = self.spec("note", max(note_range.smallest, note_size))
            rows = rows_for(body_spec, note_spec)
            if panel_height(rows, body_spec, note_spec) <= available_first:
                chosen = (body_spec, note_spec, [rows])
                break
        if chosen is not None and chosen[0].size_px < round(body_range.comfortable * self.scale):
            self.notice(f"case {index} was set at {chosen[0].size_px}px, below the layout's comfortable size", case)
        if chosen is None:
            tile = self.px(112)
            available_first = region_bottom - region_top - header_height(False) - gap
            body_spec = self.spec("body", body_range.comfortable)
            note_spec = self.spec("note", note_range.comfortable)
            rows = rows_for(body_spec, note_spec)
            pages, current, used = [], [], 0.0
            limit = available_first - 2 * pad_y
            for i, row in enumerate(rows):
                need = row_height(row, body_spec, note_spec, not current)
                if current and row.item_start:
                    # keep an item with its notes when the whole item fits on the next card
                    item_rows = [row] + [r for r in _until_next_item(rows, i + 1)]
                    item_need = sum(row_height(r, body_spec, note_spec, k == 0 and not current) for k, r in enumerate(item_rows))
                    if used + item_need > limit:
                        pages.append(current)
                        current, used = [], 0.0
                        limit = region_bottom - region_top - header_height(True) - gap - 2 * pad_y
                        need = row_height(row, body_spec, note_spec, True)
                elif current and used + need > limit:
                    pages.append(current)
                    current, used = [], 0.0
                    limit = region_bottom - region_top - header_height(True) - gap - 2 * pad_y
                    need = row_height(row, body_spec, note_spec, True)
                current.append(row)
                used += need
            pages.append(current)
            chosen = (body_spec, note_spec, pages)
            self.notice(f"case {index} is long; it continues on {len(pages) - 1} more card(s) marked {CONTINUED}", case)
        body_spec, note_spec, pages = chosen

        def make(part: int, rows: list[_Row]):
            continued = part > 0

            def draw(page: int):
                elements: list = [self.background(cover=False)]
                label = f"CASE {index:02d}" + (f" {CONTINUED}" if continued else "")
                bar, _ = self.top_bar(label, page, self.total, on_cover=False)
                footer, _ = self.footer(on_cover=False)
                elements += bar
                lines = [label]
                panel_h = panel_height(rows, body_spec, note_spec)
                block = header_height(continued) + gap + panel_h
                y = region_top + max(0, (region_bottom - region_top - block) * 0.42)
                if not continued:
                    tiles, _ = self.emoji_tiles(case.emoji, self.margin, y, tile, p["accent_soft"], fallback=f"{index:02d}")
                    elements += tiles
                    y += tile + self.px(40)
                kicker = [CONTINUED] if continued else kicker_lines
                runs, height = self.set_lines(kicker, self.margin, y, kicker_spec, p["accent"], 1.35)
                elements += runs
                lines += kicker
                y += height + self.px(10)
                runs, height = self.set_lines(head_lines, self.margin, y, head_spec, p["ink"], 1.25)
                elements += runs
                lines += head_lines
                y += height + gap
                panel = Box(self.margin, y, width, panel_h)
                elements.append(Shape(panel, p["panel"], radius=self.px(36), outline=p["panel_line"], outline_px=max(1, round(self.px(2)))))
                y += pad_y
                for i, row in enumerate(rows):
                    height = row_height(row, body_spec, note_spec, i == 0)
                    spec = body_spec if row.role == "item" else note_spec
                    leading = 1.5 if row.role == "item" else 1.45
                    line_top = y + height - spec.size_px * leading
                    x = panel.x + pad_x + text_indent
                    if row.role == "item" and row.item_start:
                        side = self.fonts.emoji_size(body_spec)
                        middle = line_top + spec.size_px * leading / 2
                        elements.append(EmojiRun(round(panel.x + pad_x), round(middle - side / 2), side, "✅"))
                    if row.role == "note":
                        x += self.px(26)
                        if row.first:
                            dot = self.px(8)
                            middle = line_top + spec.size_px * leading / 2
                            elements.append(Shape(Box(x - self.px(22), middle - dot / 2, dot, dot), p["muted"], kind="ellipse"))
                    runs, _ = self.set_lines([row.text], x, line_top, spec, p["ink"] if row.role == "item" else p["note"], leading)
                    elements += runs
                    lines.append(("✅ " if row.item_start else "") + row.text)
                    y += height
                elements += footer
                lines.append(self.series.title)
                return elements, lines

            return draw

        return [make(part, rows) for part, rows in enumerate(pages)]

    def closing(self, page: int) -> CardLayout:
        p, s = self.theme.palette, self.series
        elements: list = [self.background(cover=True)]
        elements.append(Shape(Box(-self.px(260), -self.px(240), self.px(720), self.px(720)), "#FFFFFF12", kind="ellipse"))
        elements.append(Shape(Box(self.width - self.px(300), self.height - self.px(380), self.px(600), self.px(600)), "#FFFFFF0D", kind="ellipse"))
        label = s.organisation or s.title
        bar, bar_bottom = self.top_bar(label, page, self.total, on_cover=True)
        elements += bar
        lines = [label]
        width = self.content.width
        thanks_spec = self.spec("title", self.theme.type["title"].comfortable)
        org_spec = self.spec("headline", self.theme.type["headline"].comfortable, weight_role="kicker")
        handle_spec = self.spec("kicker", weight_role="label")
        thanks = ["감사합니다"]
        org_lines = self.wrap(s.organisation, org_spec, width, balance=True) if s.organisation else []
        tile = self.px(96)
        emoji = self.case_emoji()[:6]
        handle_h = self.px(76) if s.handle else 0
        heights = [tile if emoji else 0, thanks_spec.size_px * 1.2, len(org_lines) * org_spec.size_px * 1.3, handle_h]
        gaps = [self.px(56), self.px(20), self.px(44), 0]
        total = sum(h + (g if h else 0) for h, g in zip(heights, gaps))
        y = bar_bottom + max(self.px(40), (self.height - bar_bottom - self.margin - total) / 2)
        if emoji:
            row_width = len(emoji) * (tile + self.px(18)) - self.px(18)
            tiles, _ = self.emoji_tiles(emoji, (self.width - row_width) / 2, y, tile, "#FFFFFF26", most=6)
            elements += tiles
            y += tile + gaps[0]
        runs, height = self.set_lines(thanks, self.margin, y, thanks_spec, p["cover_ink"], 1.2, width=width, align="center")
        elements += runs
        lines += thanks
        y += height + gaps[1]
        if org_lines:
            runs, height = self.set_lines(org_lines, self.margin, y, org_spec, p["cover_soft"], 1.3, width=width, align="center")
            elements += runs
            lines += org_lines
            y += height + gaps[2]
        if s.handle:
            handle_w = self.fonts.line_width(s.handle, handle_spec) + self.px(72)
            box = Box((self.width - handle_w) / 2, y, handle_w, handle_h)
            elements.append(Shape(box, p["cover_ink"], radius=handle_h / 2))
            runs, _ = self.set_lines([s.handle], box.x, y, handle_spec, p["cover_top"], handle_h / handle_spec.size_px, width=handle_w, align="center")
            elements += runs
            lines.append(s.handle)
        footer, _ = self.footer(on_cover=True)
        elements += footer
        lines.append(s.title)
        return self.card("closing", "closing", page, elements, lines)

    def notice(self, message: str, case: Case | None = None) -> None:
        self.notices.append(Notice("warning", message, line=case.line if case else None))


def _until_next_item(rows: list[_Row], start: int) -> list[_Row]:
    out = []
    for row in rows[start:]:
        if row.item_start:
            break
        out.append(row)
    return out


def _first_paragraph(description: str) -> str:
    first = description.split("\n\n")[0].strip() if description else ""
    return first if len(first) <= 60 else ""


def layout_series(series: Series, theme: Theme, fonts: FontBook, size: str = "portrait") -> tuple[list[CardLayout], list[Notice]]:
    """Every card of the series, measured and positioned, plus warnings about shrunk or continued text."""
    composer = _Composer(series, theme, fonts, size)
    return composer.layout(), composer.notices
