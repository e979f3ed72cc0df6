"""Text hygiene and emoji spans shared by the parsers, the layout and the alt text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import emoji

ZWJ = "\u200d"
_UNQUALIFIED = emoji.STATUS["unqualified"]
# Every character that appears in an emoji sequence, except the digits, # and * that only become one
# (a keycap) with U+20E3 after them: a text with none of these holds no emoji.
_EMOJI_PARTS = frozenset(ch for sequence in emoji.EMOJI_DATA for ch in sequence) - frozenset("0123456789#*")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]*[a-z][a-z0-9_+\-]*:|:[가-힣][가-힣0-9_]*:")


@dataclass(frozen=True)
class Span:
    """A run of plain text, or one emoji (a whole sequence: ZWJ, flag, keycap, skin tone); `fallback` for
    text the fallback font draws (set by the font book, which cuts text at changes of font)."""

    text: str
    is_emoji: bool
    fallback: bool = False


def clean_line(line: str) -> str:
    """One input line as the tool sees it: NFC Hangul, every kind of space (tab, NBSP, the ideographic
    space HWP writes) a plain space, no trailing spaces."""
    line = unicodedata.normalize("NFC", line)
    line = "".join(" " if ch.isspace() else ch for ch in line).replace("\ufeff", "")
    return line.rstrip()


MAX_MARKS = 2  # combining marks on one letter: Vietnamese needs two; more only pile up over the line above


def limit_marks(text: str) -> tuple[str, int]:
    """Text with at most MAX_MARKS combining marks on any one character, and how many were dropped.

    Emoji variation selectors and the keycap mark are parts of an emoji, not marks that stack."""
    kept: list[str] = []
    run = dropped = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me") and not _EMOJI_PART.match(ch):
            run += 1
            if run > MAX_MARKS:
                dropped += 1
                continue
        else:
            run = 0
        kept.append(ch)
    return "".join(kept), dropped


_EMOJI_PART = re.compile("[\ufe00-\ufe0f\u20e3\U000e0100-\U000e01ef]")


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """Turn `:check_mark_button:` (English, alias or Korean names) into emoji; return unknown codes."""
    text = emoji.emojize(text, language="alias")
    text = emoji.emojize(text, language="ko")
    return text, _SHORTCODE.findall(text)


def join_lost_zwj(text: str) -> tuple[str, list[str]]:
    """Rejoin emoji whose zero-width joiner was lost in copying (🧑🦽 → 🧑‍🦽); return what was joined."""
    spans = split_spans(text)
    out: list[Span] = []
    joined: list[str] = []
    for span in spans:
        prev = out[-1] if out else None
        if span.is_emoji and prev is not None and prev.is_emoji:
            candidate = prev.text + ZWJ + span.text
            if candidate in emoji.EMOJI_DATA:
                out[-1] = Span(candidate, True)
                joined.append(prev.text + span.text)
                continue
        out.append(span)
    return "".join(s.text for s in out), joined


def split_spans(text: str, text_has_glyph: Callable[[str], bool] | None = None) -> list[Span]:
    """Split text into plain runs and single emoji.

    A single code point that is an emoji only when asked (©, ☎, ▶ without U+FE0F) stays text when
    the text font can draw it, as a browser would show it.
    """
    if _EMOJI_PARTS.isdisjoint(text):  # most lines: emoji.analyze takes ~60 µs even to find nothing
        return [Span(text, False)] if text else []
    spans: list[Span] = []
    for token in emoji.analyze(text, non_emoji=True, join_emoji=True):
        chars = token.chars
        is_emoji = isinstance(token.value, emoji.EmojiMatch)
        if is_emoji and len(chars) == 1 and text_has_glyph is not None:
            data = emoji.EMOJI_DATA.get(chars, {})
            if data.get("status") == _UNQUALIFIED and text_has_glyph(chars):
                is_emoji = False
        if spans and not is_emoji and not spans[-1].is_emoji:
            spans[-1] = Span(spans[-1].text + chars, False)
        else:
            spans.append(Span(chars, is_emoji))
    return spans


def emoji_in(text: str) -> tuple[str, ...]:
    """The distinct emoji of a text, in order."""
    seen: list[str] = []
    for span in split_spans(text):
        if span.is_emoji and span.text not in seen:
            seen.append(span.text)
    return tuple(seen)


def strip_emoji(text: str) -> str:
    """The text without its emoji, spaces collapsed: how a contents line matches a headline."""
    plain = "".join(s.text for s in split_spans(text) if not s.is_emoji)
    return " ".join(plain.split())
