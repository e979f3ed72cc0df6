"""Korean line breaking with a fixed-width measure: no fonts, every rule as a table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardnews.layout.linebreak import break_lines

UNIT = 10

# Emoji sequences that must never be cut: joined (ZWJ), flags, keycaps, skin tones, tag flags.
EMOJI = {
    "zwj": "🧑\u200d🦽",
    "family": "👩\u200d👩\u200d👧\u200d👦",
    "flag": "🇰🇷",
    "flag2": "🇯🇵",
    "keycap": "1\ufe0f\u20e3",
    "skin-tone": "👍🏽",
    "tag-flag": "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "single": "🔎",
}
_BY_LENGTH = sorted(EMOJI.values(), key=len, reverse=True)

NO_START = list(",.!?)]}」』%·:")
NO_END = list("([{「『")


def per_char(text: str) -> float:
    """Every code point is one unit wide."""
    return len(text) * UNIT


def _cells(text: str) -> list[str]:
    """Graphemes as this test knows them: each listed emoji sequence is one, anything else one per code point."""
    cells: list[str] = []
    i = 0
    while i < len(text):
        seq = next((s for s in _BY_LENGTH if text.startswith(s, i)), None)
        cells.append(seq or text[i])
        i += len(seq) if seq else 1
    return cells


def emoji_two_units(text: str) -> float:
    """An emoji sequence is two units wide (as on screen), any other character one."""
    return sum(2 * UNIT if cell in EMOJI.values() else UNIT for cell in _cells(text))


def words_of(lines: list[str]) -> list[str]:
    return [word for line in lines for word in line.split(" ")]


def spread(lines: list[str], measure) -> float:
    widths = [measure(line) for line in lines]
    return max(widths) - min(widths)


def naive_greedy(text: str, width: float, measure) -> list[str]:
    """Reference greedy fill at spaces, for texts whose words all fit."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def assert_fits(lines: list[str], width: float, measure) -> None:
    for line in lines:
        assert measure(line) <= width or len(_cells(line)) == 1, (line, measure(line), width)


# -- keep-all: breaks only at spaces ------------------------------------------------------------------

KEEP_ALL = [
    ("장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축", 200),
    ("장애인의 운동욕구를 반영한 맞춤형 프로그램 지원", 120),
    ("기관간 협업체계 구축으로 숙원사업 해결!", 100),
    ("월 평균 고독사 예방 안부확인 150건, 위기상황 사전조치 88건 시행", 150),
    ("서울시 최초, 산후건강관리비용 지원금 온라인 신청(정부24) 서비스 개시", 160),
    ("장애인🧑\u200d🦽 건강 동행 챌린지 사업 추진", 90),
]


@pytest.mark.parametrize("balance", [False, True], ids=["greedy", "balanced"])
@pytest.mark.parametrize("text, width", KEEP_ALL)
def test_breaks_only_at_spaces_when_words_fit(text, width, balance):
    lines = break_lines(text, width, emoji_two_units, balance=balance)
    assert len(lines) > 1  # the table only holds texts that need breaking
    assert words_of(lines) == text.split()


@pytest.mark.parametrize("balance", [False, True], ids=["greedy", "balanced"])
@pytest.mark.parametrize("text, width", KEEP_ALL)
def test_every_line_fits(text, width, balance):
    assert_fits(break_lines(text, width, emoji_two_units, balance=balance), width, emoji_two_units)


@pytest.mark.parametrize("text", ["", " ", "   \t "])
def test_blank_text_gives_no_lines(text):
    assert break_lines(text, 100, per_char) == []


def test_text_that_fits_stays_on_one_line():
    assert break_lines("불법 선정성 전단지📜 근절", 1000, emoji_two_units) == ["불법 선정성 전단지📜 근절"]


# -- over-long words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, width",
    [
        ("국민정책디자인성과공유대회대통령상수상", 60),
        ("가" * 25, 100),
        ("abcdefghijklmnopqrstuvwxyz0123456789", 70),
    ],
)
def test_word_longer_than_the_line_is_split_inside(word, width):
    lines = break_lines(word, width, per_char)
    assert len(lines) > 1
    assert "".join(lines) == word
    assert_fits(lines, width, per_char)


def test_long_word_splits_after_a_middle_dot_when_it_can():
    lines = break_lines("강남·서초·강남경찰·서울경찰청", 80, per_char)
    assert "".join(lines) == "강남·서초·강남경찰·서울경찰청"
    assert len(lines) > 1
    assert all(line.endswith("·") for line in lines[:-1])


def test_long_word_does_not_swallow_the_next_words():
    lines = break_lines("가나다라마바사아자차카타 파하 거너", 50, per_char)
    assert "".join(lines).replace(" ", "") == "가나다라마바사아자차카타파하거너"
    assert "파하" in [w for line in lines for w in line.split(" ")]


# -- kinsoku: closing marks never start a line, opening marks never end one -------------------------------


@pytest.mark.parametrize("mark", NO_START)
@pytest.mark.parametrize(
    "template, width",
    [
        ("가나다라 마바사아 {} 자차", 90),  # the mark alone, where greedy would start a line with it
        ("가나다라 마바사아 {}자차", 90),  # the mark leading a word
        ("가나다라마바사아{}자차카", 80),  # inside an over-long word, at the cut
    ],
    ids=["standalone", "word-start", "inside-long-word"],
)
def test_closing_mark_never_starts_a_line(mark, template, width):
    text = template.format(mark)
    lines = break_lines(text, width, per_char)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.startswith(mark) for line in lines)


@pytest.mark.parametrize("mark", NO_END)
@pytest.mark.parametrize(
    "template, width",
    [
        ("가나다라 {} 마바사아자", 80),  # the mark alone, where greedy would end a line with it
        ("가나다라마바{}사아자차", 60),  # inside an over-long word, at the cut
        ("가나다 라마{} 바사", 70),  # the mark ending a word, where greedy would end a line with it
    ],
    ids=["standalone", "inside-long-word", "word-end"],
)
def test_opening_mark_never_ends_a_line(mark, template, width):
    text = template.format(mark)
    lines = break_lines(text, width, per_char)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.endswith(mark) for line in lines)


# -- emoji sequences are one unbreakable cell -------------------------------------------------------------


@pytest.mark.parametrize("measure", [per_char, emoji_two_units], ids=["per-code-point", "two-units"])
@pytest.mark.parametrize("offset", range(0, 9))
@pytest.mark.parametrize("name", list(EMOJI))
def test_emoji_sequence_is_never_split_inside_a_long_word(name, offset, measure):
    sequence = EMOJI[name]
    base = "가나다라마바사아자차"
    text = base[:offset] + sequence + base[offset:]
    lines = break_lines(text, 50, measure)
    assert "".join(lines) == text
    assert sum(line.count(sequence) for line in lines) == 1
    assert_fits(lines, 50, measure)


@pytest.mark.parametrize("name", list(EMOJI))
def test_emoji_sequence_is_never_split_between_words(name):
    sequence = EMOJI[name]
    text = f"임산부{sequence}·영유아 {sequence}건강지원 사업 {sequence} 업그레이드{sequence}"
    for width in range(30, 200, 10):
        lines = break_lines(text, width, emoji_two_units)
        assert sum(line.count(sequence) for line in lines) == 4, (width, lines)


def test_emoji_wider_than_the_line_stands_alone():
    family = EMOJI["family"]
    lines = break_lines(f"가{family}나", 30, per_char)  # the family is 7 code points: 70 > 30
    assert family in lines
    assert "".join(lines) == f"가{family}나"


# -- balanced headlines ---------------------------------------------------------------------------------

BALANCE = [
    ("장애인🧑\u200d🦽 건강 동행 챌린지 사업 추진", 160),
    ("AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스", 200),
    ("2024 상반기 강남구 적극행정 우수사례 모음", 200),
    ("기초생활수급자·차상위계층 나라미 구매 시스템 개선", 200),
]


@pytest.mark.parametrize("text, width", BALANCE)
def test_balanced_keeps_the_greedy_line_count(text, width):
    greedy = naive_greedy(text, width, emoji_two_units)
    assert len(break_lines(text, width, emoji_two_units, balance=True)) == len(greedy)


@pytest.mark.parametrize("text, width", BALANCE)
def test_balanced_lines_are_more_even_than_greedy(text, width):
    greedy = naive_greedy(text, width, emoji_two_units)
    balanced = break_lines(text, width, emoji_two_units, balance=True)
    assert spread(balanced, emoji_two_units) < spread(greedy, emoji_two_units)
    assert words_of(balanced) == text.split()
    assert_fits(balanced, width, emoji_two_units)


# -- no lone last word in body text ------------------------------------------------------------------------

LONE = [
    ("가나 다라 마바 사아 자차", 110),
    ("장애인의 운동욕구를 반영한 맞춤형 프로그램 지원", 230),
    ("전담 단속반 운영 평일 특사경 10명 주야 교대로 상시 단속", 300),
]


@pytest.mark.parametrize("text, width", LONE)
def test_no_lone_last_word_when_avoidable(text, width):
    greedy = naive_greedy(text, width, per_char)
    assert len(greedy[-1].split(" ")) == 1  # plain greedy would leave one word alone
    lines = break_lines(text, width, per_char)
    assert len(lines) == len(greedy)
    assert len(lines[-1].split(" ")) > 1
    assert words_of(lines) == text.split()
    assert_fits(lines, width, per_char)


# -- regressions: words that fit are never cut; kinsoku holds inside glued units ----------------------------



@pytest.mark.parametrize(
    "text, width, balance",
    [
        ("운동플랫폼 구축", 70, True),  # gives ['운동플랫', '폼 구축']
        ("가나다라마바사 아", 80, True),  # gives ['가나다라마', '바사 아']
        ("가나다라마바사 아 자차 카 타", 77, False),  # gives ['가나다라마바', '사 아 자차', '카 타']
    ],
    ids=["balanced-real-word", "balanced", "lone-word-retry"],
)
def test_word_that_fits_is_never_cut(text, width, balance):
    lines = break_lines(text, width, per_char, balance=balance)
    assert words_of(lines) == text.split()


def test_balanced_never_starts_a_line_with_a_glued_closing_mark():
    lines = break_lines("라마1나b1나 % b다나", 92, per_char, balance=True)  # gives ['라마1나b1나', '% b다나']
    assert not any(line.startswith("%") for line in lines)


@pytest.mark.parametrize(
    "text, width, bad",
    [
        ("가나다라( 마바사아자", 60, "end"),  # gives ['가나다라(', '마바사아자']
        ("가나다라 ,", 40, "start"),  # gives ['가나다라', ',']
    ],
    ids=["opener-ends-line", "comma-starts-line"],
)
def test_cut_at_a_space_inside_a_glued_unit_respects_kinsoku(text, width, bad):
    lines = break_lines(text, width, per_char)
    if bad == "end":
        assert not any(line.endswith("(") for line in lines[:-1])
    else:
        assert not any(line.startswith(",") for line in lines[1:])


# -- property ---------------------------------------------------------------------------------------------

_atoms = st.one_of(
    st.sampled_from("가나다라마바사아자차카타파하한글운동권리강남구"),
    st.sampled_from("abcdefXYZ"),
    st.sampled_from("0123456789"),
    st.sampled_from(list(EMOJI.values())),
    st.sampled_from(list(",.!?)]}」』%·:;([{「『/-~'\"")),
    st.just(" "),
    st.just("  "),
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(_atoms, max_size=80),
    width=st.integers(min_value=UNIT, max_value=40 * UNIT),
    balance=st.booleans(),
    measure=st.sampled_from([per_char, emoji_two_units]),
)
def test_property_lines_fit_and_keep_every_character(parts, width, balance, measure):
    text = "".join(parts)
    lines = break_lines(text, width, measure, balance=balance)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line and line == line.strip(" ") for line in lines)
    assert_fits(lines, width, measure)
    for sequence in EMOJI.values():
        assert sum(line.count(sequence) for line in lines) == text.replace(" ", "").count(sequence)


# -- work grows with the text's length, not with its square --------------------------------------------


def _counted(measure):
    """`measure`, and a record of how many characters it was given in all (the work of measuring)."""
    seen = {"chars": 0}

    def counted(text: str) -> float:
        seen["chars"] += len(text)
        return measure(text)

    return counted, seen


@pytest.mark.parametrize(
    "unit",
    ["가", "가나다·", "(가)", "🧑\u200d🦽", "가나다라 ", "가나다라마바사아자차카타파하 ,"],
    ids=["one-long-run", "soft-breaks", "closing-marks", "emoji-run", "words", "glued-words"],
)
@pytest.mark.parametrize("balance", [False, True], ids=["plain", "balanced"])
def test_measuring_work_is_linear_in_the_text_length(unit, balance):
    work = {}
    for repeats in (200, 2000):
        text = unit * repeats
        measure, seen = _counted(emoji_two_units)
        lines = break_lines(text, 300, measure, balance=balance)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, in order
        assert all(emoji_two_units(line) <= 300 for line in lines)
        work[repeats] = seen["chars"]
    assert work[2000] <= 12 * work[200], work  # ten times the text, about ten times the work (a square would be 100)
