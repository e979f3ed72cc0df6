"""Property tests: random mixes of Hangul, Latin, digits, emoji sequences, punctuation, spaces and control
characters never crash the summary parser or the line breaker, never lose, repeat or reorder a character,
and never give a line wider than its box; safe names never leave their folder.

Example counts (stated in the README): line breaker 400, summary parser 200, file names 1000.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from cardnews.layout.linebreak import break_lines
from cardnews.model import Notice
from cardnews.bundle.names import MAX_NAME_CHARS, safe_name, slug
from cardnews.input.summary import OTHER_CHECKS, parse_summary
from cardnews.text import split_spans

EMOJI = ["🧑‍🦽", "👍🏽", "🇰🇷", "1️⃣", "✅", "🔎", "❤️", "👨‍👩‍👧", "🧑", "🦽", "🏽"]
PIECES = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
    st.sampled_from(list("abcXYZ0123456789")),
    st.sampled_from(list(",.!?()[]「」·/%-~'\"…→")),
    st.sampled_from([" ", " ", " ", "\t", "\u00a0", "\u3000"]),
    st.sampled_from(["\x07", "\x1b", "\u200b", "\u200d", "\ufe0f"]),
    st.sampled_from(EMOJI),
)
TEXT = st.lists(PIECES, min_size=1, max_size=60).map("".join)


def visible(text: str) -> str:
    """The characters a reader sees: no spaces, control or format characters (joiners, selectors)."""
    return "".join(
        ch for ch in text
        if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs") and not 0xFE00 <= ord(ch) <= 0xFE0F
    )


def measure(text: str) -> float:
    """Fixed-width: an emoji two units, any other character one."""
    return sum(2 if span.is_emoji else len(span.text) for span in split_spans(text))


def widest(text: str) -> float:
    return max((measure(span.text) if span.is_emoji else 1 for span in split_spans(text)), default=1)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=40), st.booleans())
@example("\ufe0f ,", 0, False)  # a lone selector before a glued comma once gave an empty first line
def test_line_breaker_keeps_every_character_in_order_within_the_box(text, extra, balance):
    width = widest(text) + extra
    lines = break_lines(text, width, measure, balance=balance)
    assert visible("".join(lines)) == visible(text)
    assert all(measure(line) <= width for line in lines)
    assert all(line == line.strip() and line for line in lines)


MARKERS = ("✅", "*", *OTHER_CHECKS)  # a field starting so would be read as an item or a note
FIELD = TEXT.filter(
    lambda t: visible(t) and t.strip() and not t.lstrip().startswith(MARKERS) and t.strip() != "-" and not t.rstrip().endswith(".zip")
)


@st.composite
def summaries(draw):
    bundle = draw(FIELD)
    cases = draw(
        st.lists(
            st.tuples(FIELD, st.lists(st.tuples(FIELD, st.lists(FIELD, max_size=2)), min_size=1, max_size=3)),
            min_size=1,
            max_size=3,
        )
    )
    return bundle, cases


def summary_text(bundle, cases) -> str:
    blocks = [f"{bundle}.zip"]
    for headline, items in cases:
        lines = [headline]
        for item, notes in items:
            lines.append(f"✅ {item}")
            lines += [f"*{note}" for note in notes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(summaries())
def test_summary_parser_keeps_every_character_of_every_field(summary):
    bundle, cases = summary
    notices: list[Notice] = []
    source = summary_text(bundle, cases)
    parsed = parse_summary(source, "week.txt", notices)
    series = parsed.series
    assume(not any(n.level == "error" for n in notices))
    assert visible(series.bundle) == visible(unicodedata.normalize("NFC", bundle))
    assert len(series.cases) == len(cases)
    for case, (headline, items) in zip(series.cases, cases):
        assert visible(case.kicker + case.headline) == visible(unicodedata.normalize("NFC", headline))
        assert len(case.items) == len(items)
        for item, (text, notes) in zip(case.items, items):
            assert visible(item.text) == visible(unicodedata.normalize("NFC", text))
            assert [visible(n) for n in item.notes] == [visible(unicodedata.normalize("NFC", n)) for n in notes]
    # every case, item and note is found on the line it was written on
    lines = source.split("\n")
    for number, case in enumerate(series.cases):
        for index, item in enumerate(case.items):
            line, _ = parsed.spots[f"cases[{number}].items[{index}]"]
            assert lines[line - 1].startswith("✅")
            for note_index in range(len(item.notes)):
                line, _ = parsed.spots[f"cases[{number}].items[{index}].notes[{note_index}]"]
                assert lines[line - 1].startswith("*")


PORTS = [*"0123456789", "¹", "²", "³"]
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$", *(f"COM{i}" for i in PORTS), *(f"LPT{i}" for i in PORTS)}
NAMES = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["..", "/", "\\", ".", "CON", "nul", "COM1", "LPT9", "LPT0", "COM¹", "CONIN$", "conout$", ".zip", " ", "\x00", "\n", "가", "a", "🇰🇷", ":", "*"]), max_size=40).map("".join),
)


@settings(max_examples=1000, deadline=None)
@given(NAMES)
def test_safe_names_never_leave_their_folder(text):
    base = Path("/srv/cardnews/out")
    for name in (safe_name(text), slug(text)):
        assert name and name not in (".", "..")
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert not any(unicodedata.category(ch) == "Cc" for ch in name)
        assert len(name) <= MAX_NAME_CHARS + len("cardnews-")
        assert len(name.encode("utf-8")) <= 255
        assert name.split(".")[0].strip().upper() not in WINDOWS_DEVICES
        assert (base / name).resolve().parent == base
        assert (base / (name + ".zip")).resolve().parent == base
    assert not slug(text).lower().endswith(".zip")  # a card folder never takes a bundle's name
