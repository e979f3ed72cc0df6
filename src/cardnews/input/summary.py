"""The plain-text weekly summary: prose, the bundle line ending in .zip, ✅ contents, case blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cardnews.errors import InputError
from cardnews.model import Case, Item, Notice, Photo, Series
from cardnews.input.reading import Cleaner, Parsed, clean_description
from cardnews.input.titles import organisation_from, period_from
from cardnews.text import emoji_in, strip_emoji
from cardnews.i18n import _

HEADER_KEYS = ("title", "organisation", "handle", "period", "layout", "size", "compact", "hashtags", "image_alt", "image", "credit", "focus")
_HEADER_LINE = re.compile(r"^(" + "|".join(HEADER_KEYS) + r"|organization)\s*:\s*(.*)$")
_CHECK = "✅"
PHOTO_MARK = "📷"  # a case's photo line: 📷 FILE | what it shows | credit | x, y
_NOTE = "*"
_KICKER_ENDS = ("! ", "? ", ", ")


@dataclass
class _Block:
    headline: tuple[int, str]
    items: list[list] = field(default_factory=list)  # [line, text, [(line, note), …]]
    photo: tuple[int, str] | None = None  # the 📷 line: its number and what follows the mark


def parse_summary(text: str, file: str, notices: list[Notice]) -> Parsed:
    """What a summary text says, and where (by the key paths of the YAML case file); problems are added
    to `notices` with their lines."""
    clean = Cleaner(file, notices)
    lines = [(number, line.rstrip()) for number, line in enumerate(text.split("\n"), start=1)]
    spots: dict[str, tuple[int, int]] = {}
    header, lines = _split_header(lines, clean, spots)
    bundle_at = next((i for i, (_ignored, line) in enumerate(lines) if line.strip().lower().endswith(".zip")), None)
    if bundle_at is None:
        raise InputError.at(
            file, None, _("no bundle line. A summary needs a line ending in .zip (the bundle name) before its ✅ contents and cases.")
        )
    description = _paragraphs(lines[:bundle_at])
    first_prose = next((number for number, line in lines[:bundle_at] if line.strip()), None)
    if first_prose is not None:
        spots["series.description"] = (first_prose, 1)
    bundle_line, bundle_text = lines[bundle_at]
    spots["series.bundle"] = (bundle_line, _column(bundle_text))
    bundle = clean(bundle_text.strip()[: -len(".zip")].strip(), bundle_line)
    if not bundle:
        raise InputError.at(file, bundle_line, _("the bundle line has no name before .zip."))
    contents, blocks = _read_body(lines[bundle_at + 1 :], file, notices)
    if not blocks:
        raise InputError.at(file, None, _("no cases after the contents list. Add a block per case: a headline line, then ✅ items."))
    contents_text = [(number, clean(entry, number)) for number, entry in contents]
    cases = _cases(blocks, contents_text, clean, file, notices, spots)
    title = header.get("title") or bundle
    organisation = header.get("organisation")
    if not organisation:
        organisation, problem = organisation_from(title)
        if problem:
            notices.append(Notice("warning", problem, file, None if header.get("title") else bundle_line))
    for key in ("title", "organisation", "period"):
        spots.setdefault(f"series.{key}", spots["series.title" if key != "title" else "series.bundle"])
    hashtags = tuple(tag.lstrip("#") for tag in re.split(r"[\s,]+", header.get("hashtags", "")) if tag.strip("#"))
    series = Series(
        title=title,
        bundle=bundle,
        organisation=organisation,
        handle=header.get("handle", ""),
        period=header.get("period") or period_from(title),
        hashtags=hashtags,
        description=clean_description(description, lambda message: notices.append(Notice("warning", message, file))),
        cases=cases,
        photo=_header_photo(header, spots, file, notices),
    )
    return Parsed(series, header.get("layout", ""), header.get("size", ""), spots, compact=header.get("compact", ""))


def _header_photo(header: dict[str, str], spots: dict, file: str, notices: list[Notice]) -> Photo | None:
    """The cover's photo from the header block's image, image_alt, credit and focus lines."""
    line = spots.get("series.focus", (None, 0))[0]
    focus = _focus(header.get("focus", ""), file, line, notices) if header.get("focus") else None
    if not header.get("image"):
        for key in ("image_alt", "credit", "focus"):
            if header.get(key):
                notices.append(Notice("warning", _("{key}: there is no image: line for it; add image: FILE or remove it").format(key=key), file, spots[f"series.{key}"][0]))
        return None
    return Photo(header["image"], alt=header.get("image_alt", ""), credit=header.get("credit", ""), focus=focus)


def _photo_line(text: str, number: int, clean, file: str, notices: list[Notice]) -> Photo | None:
    """A case's 📷 line: FILE | what it shows | credit | x, y — all but the file may be left out."""
    parts = [clean(part.strip(), number) for part in text.split("|")]
    if not parts or not parts[0]:
        notices.append(Notice("error", _("a 📷 line names its photo first: 📷 FILE | what it shows | credit"), file, number))
        return None
    focus = None
    if len(parts) > 3 and parts[3]:
        focus = _focus(parts[3], file, number, notices)
    if len(parts) > 4:
        notices.append(Notice("warning", _("a 📷 line has at most four parts (FILE | what it shows | credit | x, y); the rest is ignored"), file, number))
    return Photo(parts[0], alt=parts[1] if len(parts) > 1 else "", credit=parts[2] if len(parts) > 2 else "", focus=focus)


def _focus(text: str, file: str, line: int | None, notices: list[Notice]) -> tuple[float, float] | None:
    """'0.3, 0.6' as a focus point; anything else is an error at its line."""
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        x = y = -1.0
    if not (0 <= x <= 1 and 0 <= y <= 1):
        notices.append(Notice("error", _("focus {text!r}: expected x, y, each a number from 0 to 1 (e.g. 0.3, 0.6)").format(text=text), file, line))
        return None
    return (x, y)


def _column(line: str) -> int:
    """Where a line's text starts, 1-based."""
    return len(line) - len(line.lstrip()) + 1


def _split_header(lines, clean, spots):
    """An optional `key: value` block at the very top, ended by a blank line."""
    header: dict[str, str] = {}
    found: dict[str, tuple[int, int]] = {}
    for i, (number, line) in enumerate(lines):
        if not line.strip():
            if header:
                spots.update(found)
                return header, lines[i + 1 :]
            return header, lines
        match = _HEADER_LINE.match(line.strip())
        if not match:
            return {}, lines
        key = "organisation" if match.group(1) == "organization" else match.group(1)
        header[key] = clean(match.group(2).strip().strip("\"'"), number)
        found[f"series.{key}"] = (number, _column(line))
    spots.update(found)
    return header, []


def _paragraphs(lines) -> str:
    paragraphs, current = [], []
    for _ignored, line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


_CHECKS = (_CHECK, ":check_mark_button:", ":white_check_mark:")
# Item markers other than ✅ that summaries arrive with; each needs a space after it where a word could start so.
OTHER_CHECKS = ("✔️", "✔", "☑️", "☑", "•", "▶", "- ")


def _marker(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith(PHOTO_MARK):
        return "photo"
    if stripped.startswith(_CHECKS) or stripped.startswith(OTHER_CHECKS) or stripped == "-":
        return "item"
    if stripped.startswith(_NOTE):
        return "note"
    return "text"


def _item_marker(line: str) -> str:
    """The marker a ✅ line was written with: ✅ (or its shortcode) or one of the others."""
    stripped = line.strip()
    found = next((m.strip() for m in OTHER_CHECKS if stripped.startswith(m) or stripped == m.strip()), _CHECK)
    return found.rstrip("\ufe0f")  # ✔️ and ✔ are one marker, in emoji or text style


def _strip_marker(line: str) -> str:
    stripped = line.strip()
    if _marker(line) == "text":
        return stripped
    for marker in (*_CHECKS, *(m.strip() for m in OTHER_CHECKS), _NOTE):
        if stripped.startswith(marker):
            return stripped[len(marker) :].lstrip("\ufe0f").strip()
    return stripped


class _Markers:
    """Lines marked with something other than ✅, one notice per marker, and lines that are a marker alone."""

    def __init__(self, file: str, notices: list):
        self.file, self.notices = file, notices
        self.seen: dict[str, list[int]] = {}

    def item(self, number: int, line: str) -> None:
        marker = _item_marker(line)
        if marker != _CHECK:
            self.seen.setdefault(marker, []).append(number)

    def empty(self, number: int, line: str) -> None:
        marker = _NOTE if _marker(line) == "note" else _item_marker(line)
        self.notices.append(Notice("warning", _("a line with only {marker} and no text: dropped").format(marker=marker), self.file, number))

    def report(self) -> None:
        for marker, numbers in self.seen.items():
            count = f"{len(numbers)} lines start" if len(numbers) > 1 else "line starts"
            self.notices.append(Notice("warning", _("{count} with {marker} instead of ✅; read as ✅ items").format(count=count, marker=marker), self.file, numbers[0]))


def _read_body(lines, file, notices):
    """The ✅ contents lines right after the bundle line, then blank-line-separated case blocks."""
    markers = _Markers(file, notices)
    contents: list[tuple[int, str]] = []
    i = 0
    while i < len(lines) and not lines[i][1].strip():
        i += 1
    while i < len(lines) and lines[i][1].strip() and _marker(lines[i][1]) == "item":
        number, line = lines[i]
        i += 1
        if not _strip_marker(line):
            markers.empty(number, line)
            continue
        markers.item(number, line)
        contents.append((number, _strip_marker(line)))
    if not contents:
        notices.append(Notice("warning", _("no ✅ contents lines after the bundle line; the contents card lists the headlines"), file, lines[i][0] if i < len(lines) else None))
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in lines[i:]:
        if not line.strip():
            current = None
            continue
        kind = _marker(line)
        body = _strip_marker(line)
        if kind == "photo" and current is None:
            raise InputError.at(file, number, _("a 📷 photo line belongs to the case above it: put it under the case's headline, with no blank line between"))
        if kind == "photo" and current is not None:
            if current.photo is not None:
                notices.append(Notice("error", _("a case has one photo; this is its second 📷 line"), file, number))
            current.photo = (number, line.strip()[len(PHOTO_MARK):].lstrip("\ufe0f").strip())
            continue
        if kind != "text" and not body:
            markers.empty(number, line)
            continue
        if current is None:
            if kind != "text":
                raise InputError.at(
                    file, number, _("a case block must start with its headline line, not a {0}. Put the headline first, or remove the blank line above.").format(_('✅ item') if kind == 'item' else _('* note'))
                )
            current = _Block((number, body))
            blocks.append(current)
        elif kind == "item":
            markers.item(number, line)
            current.items.append([number, body, []])
        elif kind == "note":
            if not current.items:
                raise InputError.at(file, number, _("a * note must follow the ✅ item it explains."))
            current.items[-1][2].append((number, body))
        else:
            target = current.items[-1] if current.items else None
            if target is None:
                raise InputError.at(
                    file, number, _("a second headline line in one case block. Start each item with ✅, or join the headline into one line.")
                )
            notices.append(Notice("warning", _("line has no ✅ or * marker; joined to the line above"), file, number))
            if target[2]:
                note_line, note = target[2][-1]
                target[2][-1] = (note_line, note + " " + body)
            else:
                target[1] += " " + body
    markers.report()
    return contents, blocks


def _cases(blocks, contents, clean, file, notices, spots) -> tuple[Case, ...]:
    used: set[int] = set()
    cases = []
    for index, block in enumerate(blocks):
        number, raw = block.headline
        line = clean(raw, number)
        before = set(used)
        kicker, headline, entry = _split_headline(line, index, contents, used)
        path, column = f"cases[{index}]", _column(raw)
        spots[path] = spots[f"{path}.headline"] = (number, column + max(0, line.find(headline)))
        if kicker:
            spots[path] = spots[f"{path}.kicker"] = (number, column)
        entry_at = next(iter(used - before), None)
        spots[f"{path}.contents"] = (contents[entry_at][0], 1) if entry_at is not None else spots[f"{path}.headline"]
        spots[f"{path}.emoji"] = spots[f"{path}.headline"]
        for item_index, (item_line, _ignored, notes) in enumerate(block.items):
            spots[f"{path}.items[{item_index}]"] = (item_line, 1)
            for note_index, (note_line, _ignored) in enumerate(notes):
                spots[f"{path}.items[{item_index}].notes[{note_index}]"] = (note_line, 1)
        if not headline:
            notices.append(Notice("error", _("the headline holds only invisible characters, so nothing would show; write the headline"), file, number))
        items = tuple(
            Item(clean(text, item_line), tuple(clean(note, note_line) for note_line, note in notes))
            for item_line, text, notes in block.items
        )
        for (item_line, _ignored, _ignored), item in zip(block.items, items):
            if not item.text:
                notices.append(Notice("error", _("a ✅ line with nothing after it; write the item or remove the line"), file, item_line))
        photo = None
        if block.photo is not None:
            spots[f"{path}.image"] = (block.photo[0], 1)
            photo = _photo_line(block.photo[1], block.photo[0], clean, file, notices)
        cases.append(Case(kicker, headline, emoji_in(headline), items, entry, photo))
    if contents and len(contents) != len(blocks):
        notices.append(
            Notice(
                "warning",
                _("the contents list has {0} lines but there are {1} cases; the contents card lists one line per case").format(len(contents), len(blocks)),
                file,
                contents[0][0],
            )
        )
    return tuple(cases)


def _split_headline(line: str, index: int, contents, used: set[int]) -> tuple[str, str, str]:
    """Kicker and headline: the headline is the part the contents list names; else split at '! ', '? ', ', '."""
    order = [index] + [i for i in range(len(contents)) if i != index]
    for i in order:
        if i >= len(contents) or i in used:
            continue
        entry = contents[i][1]
        for start in [0] + [pos + 1 for pos, ch in enumerate(line) if ch == " "]:
            if strip_emoji(line[start:]) == strip_emoji(entry):
                used.add(i)
                return line[:start].strip(), line[start:].strip(), entry
    fallback_entry = contents[index][1] if index < len(contents) and index not in used else None
    for mark in _KICKER_ENDS:
        pos = line.find(mark)
        if pos > 0:
            kicker, headline = line[: pos + 1].strip(), line[pos + 2 :].strip()
            if headline:
                if fallback_entry is not None:
                    used.add(index)
                return kicker, headline, fallback_entry or strip_emoji(headline)
    if fallback_entry is not None:
        used.add(index)
    return "", line, fallback_entry or strip_emoji(line)
