"""Alt text (대체텍스트), pure: everything a card says, complete and in reading order, for screen readers.

Written for a person who hears it, following the Korean web accessibility guideline (KWCAG 5.1.1): an
image of text gets that text as its alternative.

- The text is the card's laid-out lines (`card.lines`), in reading order. Lines the layout wrapped are
  joined back into the sentence they came from, taking the exact words and spaces from the series, so
  nothing is lost or doubled and a word split across two lines is one word again.
- The card's place comes first, as "8장 중 3번째 카드": said as "3/8", a screen reader reads a fraction.
- English labels are said in Korean: "CASE 01" → "사례 1", "CONTENTS" → "목차".
- Emoji are spoken by their Korean names, in brackets after the word they belong to:
  "장애인🧑‍🦽" → "장애인(수동 휠체어를 탄 사람)". Dropping them loses meaning; codes are noise.
- ✅ is the bullet of a list, not content: hearing "체크 표시 버튼" before every line tells nothing and
  hides where one entry ends. So a list is announced as screen readers announce lists
  ("목록 4개 항목"), each entry gets an ordinal ("첫째, …", "둘째, …") so its start is heard, and the
  small notes under an entry follow as "세부 내용: …". Text that continues from or onto another card
  says so.
- Pictures that only repeat the text (the emoji tiles of a headline, background shapes) are not
  described: they would add length and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import emoji

from cardnews.layout.geometry import CardLayout
from cardnews.model import Series
from cardnews.text import split_spans

CONTINUED = "(계속)"
_MARKER = re.compile(r"^✅\uFE0F?\s*")
_CASE_LABEL = re.compile(r"^CASE\s*0*(\d+)\s*(\(계속\))?$", re.IGNORECASE)
_LABELS = {"CONTENTS": "목차"}
_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
_ENDS_SENTENCE = (".", "!", "?", "…", ",", ":", "。")
_CUT = " …(이하 생략)"


@dataclass(frozen=True)
class _Source:
    """A piece of the series' text that a card may show, with where it belongs."""

    role: str  # title, organisation, period, subtitle, handle, contents, kicker, headline, item, note
    text: str
    case: int = 0
    item: int = 0
    order: int = 0  # place in the series' reading order

    @property
    def key(self) -> str:
        return _squash(self.text)


@dataclass(frozen=True)
class _Segment:
    """Consecutive card lines that are one piece of text (or one line nothing matched)."""

    text: str
    source: _Source | None
    entry: bool  # begins with a ✅ bullet
    starts: bool  # holds the start of its source text
    ends: bool  # holds the end of its source text


def series_alt(cards: list[CardLayout], series: Series) -> list[str]:
    """The alt text of every card, in order.

    Read as a whole, so a text the series repeats is taken from the right place: a case card only from
    its own case, and the next piece of text from after the one before.
    """
    sources = _sources(series)
    alts, last, previous = [], -1, ""
    for card, case in zip(cards, case_numbers(cards)):
        if card.kind not in ("continuation", previous):
            last = -1
        previous = card.kind
        shown = [s for s in sources if s.case in (0, case)] if case else sources
        segments, last = _segments(_shown_lines(card), shown, last)
        alts.append(_say(card, segments))
    return alts


def card_alt(card: CardLayout, series: Series) -> str:
    """The alt text of one card, read on its own."""
    segments, _ = _segments(_shown_lines(card), _sources(series), -1)
    return _say(card, segments)


def case_numbers(cards: list[CardLayout]) -> list[int]:
    """The case (1-based) each card shows, 0 for cover, contents and closing; continuations keep their case."""
    numbers, current = [], 0
    for card in cards:
        if card.kind == "case":
            current += 1
        numbers.append(current if card.kind in ("case", "continuation") else 0)
    return numbers


def _say(card: CardLayout, segments: list[_Segment]) -> str:
    phrases = [f"{card.total}장 중 {card.page}번째 카드"] + _phrases(segments)
    return " ".join(_sentence(phrase) for phrase in phrases if phrase)


def fit_alt(text: str, limit: int) -> str:
    """The alt text within `limit` characters: whole sentences, and a word that says the rest was cut."""
    if len(text) <= limit:
        return text
    room = limit - len(_CUT)
    cut = max(text.rfind(". ", 0, room + 1), text.rfind("! ", 0, room + 1), text.rfind("? ", 0, room + 1))
    head = text[: cut + 1] if cut > 0 else text[:room].rstrip()
    return head + _CUT


def speak_emoji(text: str) -> str:
    """Emoji as their Korean names in brackets: '장애인🧑‍🦽 건강' → '장애인(수동 휠체어를 탄 사람) 건강'."""
    out: list[str] = []
    names: list[str] = []
    for span in split_spans(text):
        if span.is_emoji:
            name = emoji_name(span.text)
            if not ("".join(out).endswith(name) and not names):  # 임산부🤰 is said once, as 임산부
                names.append(name)
            continue
        if names:
            out.append(f"({', '.join(names)})")
            names = []
        out.append(span.text)
    if names:
        out.append(f"({', '.join(names)})")
    return "".join(out)


def emoji_name(sequence: str) -> str:
    """An emoji's Korean name (CLDR), e.g. 🧑‍🦽 → '수동 휠체어를 탄 사람'; English or '그림 문자' if it has none."""
    for language in ("ko", "en"):
        name = emoji.demojize(sequence, language=language, delimiters=("\x00", "\x00"))
        if name != sequence and name.count("\x00") == 2:
            return name.strip("\x00").replace("_", " ").strip()
    return "그림 문자"


# -- what the card shows ---------------------------------------------------------------------


def _shown_lines(card: CardLayout) -> list[str]:
    """The card's lines without its page number, which is said first in words."""
    page = re.compile(rf"^\s*0*{card.page}\s*/\s*0*{card.total}\s*$")
    return [line for line in card.lines if line.strip() and not page.match(line)]


def _sources(series: Series) -> list[_Source]:
    sources = [
        _Source("title", series.title),
        _Source("organisation", series.organisation),
        _Source("period", series.period),
        _Source("handle", series.handle),
    ]
    if series.description:
        sources.append(_Source("subtitle", series.description.split("\n\n")[0].strip()))
    for number, case in enumerate(series.cases, start=1):
        sources.append(_Source("contents", case.contents, number))
        sources.append(_Source("kicker", case.kicker, number))
        sources.append(_Source("headline", case.headline, number))
        for index, item in enumerate(case.items, start=1):
            sources.append(_Source("item", item.text, number, index))
            sources += [_Source("note", note, number, index) for note in item.notes]
    return [replace(source, order=order) for order, source in enumerate(sources) if source.key]


def _segments(lines: list[str], sources: list[_Source], last: int) -> tuple[list[_Segment], int]:
    """Group wrapped lines back into the texts they came from; `last` is the order of the case text read last."""
    segments: list[_Segment] = []
    index = 0
    while index < len(lines):
        entry = bool(_MARKER.match(lines[index]))
        body = _MARKER.sub("", lines[index])
        cut = body.endswith("…")
        key = _squash(body.rstrip("…"))
        found = [s for s in sources if key and key in s.key]
        end = index
        while found and not cut and end + 1 < len(lines) and not _MARKER.match(lines[end + 1]):
            following = lines[end + 1]
            longer = key + _squash(following.rstrip("…"))
            more = [s for s in found if longer in s.key]
            if not more:
                break
            key, found, end, cut = longer, more, end + 1, following.endswith("…")
        if not found:
            segments.append(_Segment(body.strip(), None, entry, True, True))
        else:
            # a whole text before a piece of one; then the next one in reading order
            source = min(found, key=lambda s: (s.key != key, s.case > 0 and s.order <= last, s.order - last))
            if entry or not source.key.endswith(key):
                start = source.key.find(key)
            else:
                start = len(source.key) - len(key)  # the rest of a text begun on the card before
            stop = len(source.key) if cut else start + len(key)
            segments.append(_Segment(_original(source.text, start, stop), source, entry, start == 0, stop == len(source.key)))
            if source.case:
                last = max(last, source.order)
        index = end + 1
    return segments, last


def _original(text: str, start: int, stop: int) -> str:
    """The part of `text` whose non-space characters are start..stop, with its own spaces."""
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    return text[positions[start] : positions[stop - 1] + 1]


def _squash(text: str) -> str:
    return "".join(text.split())


# -- how it is said ----------------------------------------------------------------------------


def _phrases(segments: list[_Segment]) -> list[str]:
    phrases: list[str] = []
    in_list = False
    running = 0
    continued_label = False
    for position, segment in enumerate(segments):
        role = segment.source.role if segment.source else ""
        listed = segment.entry or role in ("item", "note") or (in_list and role == "contents")
        if listed and not in_list:
            phrases.append(_list_intro(segments[position:]))
            in_list = True
        elif not listed:
            in_list = False
        text = speak_emoji(segment.text)
        if segment.source is None:
            label = _label(segment.text)
            if segment.text == CONTINUED:
                if continued_label:
                    continue
                label = "앞 카드에서 이어지는 내용"
            continued_label = continued_label or label.endswith("이어지는 내용")
            phrases.append(label)
            continue
        if not segment.starts:
            text = f"(앞 카드에서 이어짐) {text}"
        if not segment.ends:
            text = f"{text} (다음 카드에 계속)"
        if segment.entry:
            running += 1
            number = segment.source.item if role == "item" else segment.source.case if role in ("contents", "headline") else running
            text = f"{_ordinal(number)}, {text}"
        elif role == "note":
            previous = segments[position - 1].source if position else None
            if not (previous and previous.role == "note" and previous.item == segment.source.item):
                text = f"세부 내용: {text}"
        phrases.append(text)
    return phrases


def _list_intro(rest: list[_Segment]) -> str:
    """'목록 4개 항목', or how a list continued from the card before begins."""
    entries = 0
    for segment in rest:
        role = segment.source.role if segment.source else ""
        if not (segment.entry or role in ("item", "note")):
            break
        entries += segment.entry
    first = rest[0]
    role = first.source.role if first.source else ""
    number = first.source.item if role == "item" else first.source.case if role in ("contents", "headline") else 1
    continues = not first.entry or not first.starts or number > 1
    if continues:
        return f"앞 카드에서 이어지는 목록, {entries}개 항목" if entries else "앞 카드에서 이어지는 목록"
    return f"목록 {entries}개 항목"


def _label(text: str) -> str:
    """A line the series did not write (a label, a count, a greeting), said in Korean where it is English."""
    match = _CASE_LABEL.match(text.strip())
    if match:
        return f"사례 {int(match.group(1))}" + (", 앞 카드에서 이어지는 내용" if match.group(2) else "")
    return _LABELS.get(text.strip().upper(), speak_emoji(text.strip()))


def _ordinal(number: int) -> str:
    return _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else f"{number}번째"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(_ENDS_SENTENCE) else text + "."
