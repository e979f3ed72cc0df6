"""Press releases (보도자료) as pasted from HWP or a ministry's site: □ headings, ○ points, - sub-points, ※ notes.

Pure: text in, the series and notices with line numbers out. The mapping is fixed and keeps every
word: the first line is the title, what stands between it and the first heading is the description,
each heading is a case (its text the headline), each point an item, and sub-points, notes and
enumerations under a point are that item's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from cardnews.errors import InputError
from cardnews.input.reading import Cleaner, Parsed, clean_description
from cardnews.input.titles import organisation_from, period_from
from cardnews.model import Case, Item, Notice, Series, SourceMap
from cardnews.text import clean_line, emoji_in
from cardnews.i18n import _

HEADINGS = "□■▣◆"
POINTS = "○ㅇ◦•▶►▸▲▴❍✅"
SUBPOINTS = "-–·"
NOTES = "※*"
ENUMERATIONS = "".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(chr(c) for c in range(0x2776, 0x2780))
DOCUMENT_LABELS = ("보도자료", "보도참고자료", "보도설명자료", "설명자료")  # a first line naming the kind of paper
_NEEDS_SPACE = "ㅇ-"  # a Hangul letter and a hyphen are markers only when a space follows
_SUMMARY_ITEM = ("✅", ":check_mark_button:", ":white_check_mark:")
# The office and its head as releases name them: 행정안전부(장관 진영)는, 서울 강남구(구청장 조성명)는
_OFFICE = re.compile(
    r"([가-힣]+(?:특별자치시|특별자치도|특별시|광역시|시|군|구|도|부|처|청|원|위원회|공단|공사))"
    r"\((?:장관|차관|구청장|시장|군수|도지사|지사|청장|처장|원장|위원장|이사장|사장|교육감|본부장)\s"
)


@dataclass(frozen=True)
class Line:
    """One line of a release: its number, what its marker makes it, its marker and its text."""

    number: int
    kind: str  # heading, point, subpoint, note, enumeration, text, blank
    marker: str
    text: str


@dataclass
class _Entry:
    line: int
    text: str
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Heading:
    line: int
    text: str
    entries: list[_Entry] = field(default_factory=list)
    has_point: bool = False


def classify(number: int, raw: str) -> Line:
    """A line by its leading marker; the marker is taken off the text (an enumeration keeps its number)."""
    line = clean_line(raw).strip()
    if not line:
        return Line(number, "blank", "", "")
    first = line[0]
    rest = line[1:]
    if first in _NEEDS_SPACE and rest and not rest.startswith(" "):
        return Line(number, "text", "", line)
    if first == "*":
        marker = line[: len(line) - len(line.lstrip("*"))]
        return Line(number, "note", marker, line[len(marker) :].strip())
    for kind, markers in (("heading", HEADINGS), ("point", POINTS), ("subpoint", SUBPOINTS), ("note", NOTES)):
        if first in markers:
            return Line(number, kind, first, rest.strip())
    if first in ENUMERATIONS:
        return Line(number, "enumeration", "", line)
    return Line(number, "text", "", line)


def looks_like_release(text: str) -> bool:
    """A press release, not a summary: no bundle line (.zip), no ✅ line, and at least one □ ■ ▣ ◆ heading."""
    has_heading = False
    for raw in text.split("\n"):
        line = clean_line(raw).strip()
        if line.lower().endswith(".zip") or line.startswith(_SUMMARY_ITEM):
            return False
        has_heading = has_heading or (bool(line) and line[0] in HEADINGS)
    return has_heading


def parse_release(text: str, file: str, notices: list[Notice]) -> Parsed:
    """What a press release says, and where (by the key paths of the YAML case file); what had to be
    decided is added to `notices` with its line."""
    clean = Cleaner(file, notices)
    lines = [classify(number, raw) for number, raw in enumerate(text.split("\n"), start=1)]
    body = [line for line in lines if line.kind != "blank"]
    while body and body[0].kind == "text" and body[0].text in DOCUMENT_LABELS:
        notices.append(Notice("warning", _("{text!r} names the kind of document, not its title: left out").format(text=body[0].text), file, body[0].number))
        body = body[1:]
    if not body:
        raise InputError.at(file, None, _("no text. A press release needs its title on the first line, then □ headings."))
    if not any(line.kind == "heading" for line in body):
        raise InputError.at(file, None, _("no □ ■ ▣ ◆ heading, so there are no cases. Mark each case's first line with □."))
    title_line = body[0]
    title = clean(title_line.text, title_line.number)
    if title_line.kind != "text":  # pasted without its title: the first line still names the series, and stays a case
        notices.append(Notice(
            "warning", _("no title line: the first line, a {marker} line, is also the series title; put the release's title on the first line").format(marker=title_line.marker), file, title_line.number,
        ))
    description, headings = _structure(lines, title_line.number if title_line.kind == "text" else 0, file, notices)
    series_cases = tuple(_case(heading, clean, file, notices) for heading in headings)
    organisation, office_line = _organisation(title, headings)
    if organisation and office_line:
        notices.append(
            Notice("warning", _("organisation read as {organisation}; set organisation: in the summary header to change it").format(organisation=organisation), file, office_line)
        )
    series = Series(
        title=title,
        bundle=title,
        organisation=organisation,
        handle="",
        period=period_from(title),
        hashtags=(),
        description=clean_description("\n\n".join(text for _ignored, text in description)),
        cases=series_cases,
    )
    spots = {f"series.{key}": (title_line.number, 1) for key in ("title", "bundle", "organisation", "period")}
    if office_line:
        spots["series.organisation"] = (office_line, 1)
    if description:
        spots["series.description"] = (description[0][0], 1)
    for index, heading in enumerate(headings):
        path = f"cases[{index}]"
        for key in ("", ".headline", ".contents", ".emoji"):
            spots[path + key] = (heading.line, 1)
        for item_index, entry in enumerate(heading.entries):
            spots[f"{path}.items[{item_index}]"] = (entry.line, 1)
            for note_index, (number, _ignored) in enumerate(entry.notes):
                spots[f"{path}.items[{item_index}].notes[{note_index}]"] = (number, 1)
    return Parsed(series, "", "", spots)


def _structure(lines: list[Line], title_at: int, file: str, notices: list[Notice]):
    """Description lines (before the first heading) and the headings with their entries, lines joined."""
    description: list[tuple[int, str]] = []
    headings: list[_Heading] = []
    previous: Line | None = None
    for line in lines:
        if line.number <= title_at:
            continue
        if line.kind == "blank":
            previous = line
            continue
        if line.kind == "heading":
            headings.append(_Heading(line.number, line.text))
        elif not headings:
            if line.kind == "text" and previous is not None and previous.kind != "blank" and description:
                number, text = description[-1]
                description[-1] = (number, text + " " + line.text)
            else:
                description.append((line.number, _subtitle(line)))
        elif line.kind == "text" and (previous is None or previous.kind == "blank"):
            notices.append(Notice("warning", _("line has no marker and stands alone: read as a heading (a case of its own)"), file, line.number))
            headings.append(_Heading(line.number, line.text))
        elif line.kind == "text":
            _join(headings[-1], line, previous, file, notices)
        else:
            _add(headings[-1], line, file, notices)
        previous = line
    if description:
        first, last = description[0][0], description[-1][0]
        where = _("line {first}").format(first=first) if first == last else _("lines {first}–{last}").format(first=first, last=last)
        notices.append(Notice("warning", _("{where}, before the first heading: read as the description (post text, cover subtitle)").format(where=where), file, first))
    return description, headings


def _subtitle(line: Line) -> str:
    """A subtitle as written, less its marker: '- 부제 -' loses both dashes, the enumerator stays."""
    text = line.text
    if line.kind == "subpoint" and text.endswith(" " + line.marker):
        text = text[: -len(line.marker)].rstrip()
    return text


def _add(heading: _Heading, line: Line, file: str, notices: list[Notice]) -> None:
    """A point starts an item; a sub-point, note or enumeration is a note of the point above."""
    if line.kind == "point" or (line.kind == "enumeration" and not heading.has_point):
        heading.entries.append(_Entry(line.number, line.text))
        heading.has_point = heading.has_point or line.kind == "point"
        return
    if not heading.entries:
        what = {"subpoint": _("a {marker} sub-point"), "note": _("a {marker} note"), "enumeration": _("an enumeration")}[line.kind].format(marker=line.marker)
        notices.append(Notice("warning", _("{what} before any point of its heading: read as an item").format(what=what), file, line.number))
        heading.entries.append(_Entry(line.number, line.text))
        return
    if line.text:
        heading.entries[-1].notes.append((line.number, line.text))


def _join(heading: _Heading, line: Line, previous: Line | None, file: str, notices: list[Notice]) -> None:
    """A line without a marker continues the line above it (a paragraph the page had wrapped)."""
    notices.append(Notice("warning", _("line has no marker; joined to the line above"), file, line.number))
    if heading.entries and previous is not None and previous.number >= heading.entries[-1].line:
        entry = heading.entries[-1]
        if entry.notes:
            number, text = entry.notes[-1]
            entry.notes[-1] = (number, text + " " + line.text)
        else:
            entry.text += " " + line.text
    else:
        heading.text += " " + line.text


def _case(heading: _Heading, clean: Cleaner, file: str, notices: list[Notice]) -> Case:
    headline = clean(heading.text, heading.line)
    if not heading.entries:
        notices.append(_alone(file, heading.line))
    items = tuple(
        Item(clean(entry.text, entry.line), tuple(clean(note, number) for number, note in entry.notes)) for entry in heading.entries
    )
    return Case("", headline, emoji_in(headline), items, headline)  # the contents as written


def _alone(file: str, line: int | None) -> Notice:
    return Notice(
        "warning",
        _("heading without points: its case has no ✅ items, so its card shows the headline alone; add ✅ lines under it in the summary, or join it to another case"),
        file,
        line,
    )


def _organisation(title: str, headings: list[_Heading]) -> tuple[str, int | None]:
    """The office the release speaks for: named with its head in the first heading that does, else from the title."""
    for heading in headings:
        found = _OFFICE.search(heading.text)
        if found:
            return found.group(1), heading.line
    return organisation_from(title)[0], None  # a title naming two: none, and the summary it becomes asks which


def fit_headlines(series: Series, fits: Callable[[Case], bool], source: SourceMap, notices: list[Notice]) -> Series:
    """Headings written as whole paragraphs, split where the layout says a headline still fits.

    A heading too long for its card's headline keeps as headline the most words that fit at the
    comfortable size (`fits` asks the layout); the rest of its text becomes the case's first ✅ item,
    so no word is dropped or repeated. A release pasted without its title takes the same headline.
    """
    cases = []
    for number, case in enumerate(series.cases, start=1):
        alone = replace(case, items=())
        words = case.headline.split(" ")
        if fits(alone) or len(words) < 2:
            cases.append(case)
            continue
        low, high = 0, len(words)  # words[:low] fits (or is nothing); words[:high] does not
        while high - low > 1:
            middle = (low + high) // 2
            head = " ".join(words[:middle])
            if fits(replace(alone, headline=head, contents=head, emoji=emoji_in(head))):
                low = middle
            else:
                high = middle
        if low == 0:
            cases.append(case)
            continue
        head, rest = " ".join(words[:low]), " ".join(words[low:])
        line = source.line(f"cases[{number - 1}]")
        if _alone(source.file, line) in notices:  # it has an item now
            notices.remove(_alone(source.file, line))
        notices.append(Notice(
            "warning",
            _("case {number}: the heading is too long for a headline: its first {low} words are the headline and the rest is its first ✅ item; write a short headline").format(number=number, low=low),
            source.file, line, number,
        ))
        cases.append(replace(case, headline=head, contents=head, emoji=emoji_in(head), items=(Item(rest), *case.items)))
    fitted = replace(series, cases=tuple(cases))
    if series.cases and series.title == series.cases[0].headline and cases[0].headline != series.title:
        fitted = replace(fitted, title=cases[0].headline, bundle=cases[0].headline)
    return fitted
