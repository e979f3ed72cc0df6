"""Alt text (대체텍스트), pure: everything a card says, complete and in reading order, for screen readers.

Written for a person who hears it, following the Korean web accessibility guideline (KWCAG 5.1.1): an
image of text gets that text as its alternative.

- The text is the card's laid-out lines (`card.lines`), in reading order. Each line carries where it
  came from (the title, case 2's headline, item 3, its first note, a label of the layout's) and its
  place in that text, so lines the layout wrapped are joined back into their sentence with its own
  words and spaces, nothing is lost or doubled, and a text begun or continued on another card says so.
- The card's place comes first, as "8장 중 3번째 카드": said as "3/8", a screen reader reads a fraction.
- A label the layout writes is said as the layout's `alt` says ("CASE 01" → "사례 1", "CONTENTS" →
  "목차"), or as shown; page numbers are not read (the place is said first).
- Emoji are spoken by their Korean names, in brackets after the word they belong to:
  "장애인🧑‍🦽" → "장애인(수동 휠체어를 탄 사람)". Dropping them loses meaning; codes are noise.
- ✅ is the bullet of a list, not content: hearing "체크 표시 버튼" before every line tells nothing and
  hides where one entry ends. So a list is announced as screen readers announce lists
  ("목록 4개 항목"), each entry gets an ordinal ("첫째, …", "둘째, …") so its start is heard, and the
  small notes under an entry follow as "세부 내용: …". Text that continues from or onto another card
  says so.
- A photo is described by its image_alt, right after the card's place, with its credit; the credit
  printed on the photo is not read again.
- Pictures that only repeat the text (the emoji tiles of a headline, background shapes) are not
  described: they would add length and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import emoji

from cardnews.layout.geometry import CardLayout, Line
from cardnews.text import split_spans

_LISTED = ("item", "note")
_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
_ENDS_SENTENCE = (".", "!", "?", "…", ",", ":", "。")
_CUT = " …(이하 생략)"


@dataclass(frozen=True)
class _Segment:
    """Consecutive lines of a card that are one text, or one piece of it."""

    text: str  # the words as the series (or the layout's alt) has them
    role: str  # the origin's role; "label" for text the layout writes
    case: int
    item: int
    card: str  # the card kind: a compact card's items are each its case's sentence, not a list
    entry: bool  # begins a list entry
    starts: bool  # holds the start of its text
    ends: bool  # holds the end of its text


def series_alt(cards: list[CardLayout]) -> list[str]:
    """The alt text of every card, in order."""
    return [card_alt(card) for card in cards]


def card_alt(card: CardLayout) -> str:
    """The alt text of one card: its place, then everything it says."""
    phrases = [f"{card.total}장 중 {card.page}번째 카드"] + [_photo_phrase(run.photo) for run in card.photos] + _phrases(_segments(card.lines))
    return " ".join(_sentence(phrase) for phrase in phrases if phrase)


def _photo_phrase(photo) -> str:
    """A photo is described by what the case file says it shows (its image_alt), with its credit."""
    if not photo.alt:
        return ""
    return f"사진: {photo.alt}" + (f" ({photo.credit})" if photo.credit else "")


def case_numbers(cards: list[CardLayout]) -> list[int]:
    """The case (from 1) each card shows, 0 for cover, contents and closing; continuations keep their case;
    a compact card gives its first."""
    return [card.case for card in cards]


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


# -- what the card says ------------------------------------------------------------------------


def _segments(lines: tuple[Line, ...]) -> list[_Segment]:
    """The card's lines grouped back into the texts they were broken from; page numbers and lines the
    layout leaves unsaid are left out."""
    groups: list[list[Line]] = []
    for line in lines:
        if line.origin.role == "page" or line.spoken == "" or not line.text.strip():
            continue
        last = groups[-1][-1] if groups else None
        if last and not line.entry and line.origin == last.origin and line.source == last.source and line.start >= last.end:
            groups[-1].append(line)
        else:
            groups.append([line])
    segments = []
    for group in groups:
        first, last = group[0], group[-1]
        origin = first.origin
        if first.spoken is not None:
            text, role = first.spoken, "label"
        elif origin.role in ("label", "marker", "emoji"):
            text, role = speak_emoji(first.source[first.start : last.end].strip()), "label"
        else:
            text, role = first.source[first.start : last.end], origin.role
        segments.append(_Segment(text, role, origin.case, origin.item, origin.card, first.entry, first.first, last.last))
    return segments


# -- how it is said ----------------------------------------------------------------------------


def _phrases(segments: list[_Segment]) -> list[str]:
    phrases: list[str] = []
    in_list = False
    running = 0
    for position, segment in enumerate(segments):
        role = segment.role
        listed = (segment.entry or role in _LISTED or (in_list and role == "contents")) and segment.card != "compact"
        if listed and not in_list:
            phrases.append(_list_intro(segments[position:]))
            in_list = True
        elif not listed:
            in_list = False
        if role == "label":
            phrases.append(segment.text)
            continue
        text = speak_emoji(segment.text)
        if not segment.starts:
            text = f"(앞 카드에서 이어짐) {text}"
        if not segment.ends:
            text = f"{text} (다음 카드에 계속)"
        if segment.entry:
            running += 1
            number = segment.item if role == "item" else segment.case if role in ("contents", "headline") else running
            text = f"{_ordinal(number)}, {text}"
        elif role == "note":
            previous = segments[position - 1] if position else None
            if not (previous and previous.role == "note" and previous.item == segment.item):
                text = f"세부 내용: {text}"
        phrases.append(text)
    return phrases


def _list_intro(rest: list[_Segment]) -> str:
    """'목록 4개 항목', or how a list continued from the card before begins."""
    entries = 0
    for segment in rest:
        if not (segment.entry or segment.role in _LISTED):
            break
        entries += segment.entry
    first = rest[0]
    role = first.role
    number = first.item if role == "item" else first.case if role in ("contents", "headline") else 1
    continues = not first.entry or not first.starts or number > 1
    if continues:
        return f"앞 카드에서 이어지는 목록, {entries}개 항목" if entries else "앞 카드에서 이어지는 목록"
    return f"목록 {entries}개 항목"


def _ordinal(number: int) -> str:
    return _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else f"{number}번째"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(_ENDS_SENTENCE) else text + "."
