"""Alt text from the laid-out lines and their origins: complete, in reading order, wrapped lines joined,
emoji and lists spoken, labels said as the layout says."""

from __future__ import annotations

import pytest

from dataclasses import replace

from cardnews.bundle.alt_text import card_alt, case_numbers, emoji_name, fit_alt, series_alt, speak_emoji
from cardnews.layout.engine import layout_series
from cardnews.layout.geometry import CardLayout, Line, Origin
from cardnews.layout.theme import find_layout, load_theme
from cardnews.model import Case, Item, Series

SERIES = Series(
    title="2024 상반기 강남구 적극행정 우수사례 모음",
    bundle="2024 상반기 강남구 적극행정 우수사례 모음",
    organisation="강남구",
    handle="@gangnam_gu",
    period="2024 상반기",
    hashtags=("강남구",),
    description="올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요?",
    cases=(
        Case(
            "장애인도 운동할 권리가 있다!",
            "장애인🧑‍🦽 건강 동행 챌린지 사업 추진",
            ("🧑‍🦽",),
            (
                Item("장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축"),
                Item("개선 후 : 가상계좌로 입금(주민) → 신청자 확인 후 서울시 입금", ("신청자·입금액 실시간 확인 가능", "타 기관에서 벤치마킹 다수")),
                Item("국민정책디자인 성과공유대회 대통령상 수상(2023.11.29.)"),
            ),
            "장애인 건강 동행 챌린지 사업 추진",
        ),
        Case("", "임산부🤰·영유아👶 건강지원", ("🤰", "👶"), (Item("서울시 최초"),), "임산부·영유아 건강지원"),
    ),
)


@pytest.fixture(scope="module")
def civic():
    return load_theme(find_layout("civic"))


@pytest.fixture(scope="module")
def cards(civic, fonts) -> list[CardLayout]:
    return layout_series(SERIES, civic, fonts)[0]


def test_a_case_card_reads_in_order_with_its_list(cards):
    assert card_alt(cards[2]) == (
        "5장 중 3번째 카드. 사례 1. 장애인도 운동할 권리가 있다! 장애인(수동 휠체어를 탄 사람) 건강 동행 챌린지 사업 추진. "
        "목록 3개 항목. 첫째, 장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축. "
        "둘째, 개선 후 : 가상계좌로 입금(주민) → 신청자 확인 후 서울시 입금. "
        "세부 내용: 신청자·입금액 실시간 확인 가능. 타 기관에서 벤치마킹 다수. "
        "셋째, 국민정책디자인 성과공유대회 대통령상 수상(2023.11.29.). "
        "2024 상반기 강남구 적극행정 우수사례 모음."
    )


def test_wrapped_lines_are_joined_with_the_words_and_spaces_of_the_series(cards):
    """The headline and the first item are wrapped on the card, and said as the series has them."""
    case_card = cards[2]
    headline = [line for line in case_card.lines if line.origin.role == "headline"]
    assert len(headline) >= 2 and all(line.source == SERIES.cases[0].headline for line in headline)
    assert "장애인(수동 휠체어를 탄 사람) 건강 동행 챌린지 사업 추진." in card_alt(case_card)


def test_contents_card_is_a_numbered_list_of_cases(cards):
    assert card_alt(cards[1]) == (
        "5장 중 2번째 카드. 강남구. 목차. 2024 상반기 주요 사례. 목록 2개 항목. "
        "첫째, 장애인 건강 동행 챌린지 사업 추진. 둘째, 임산부·영유아 건강지원. 2024 상반기 강남구 적극행정 우수사례 모음."
    )


def test_cover_and_closing_say_every_line_but_the_page_number(cards):
    assert card_alt(cards[0]) == (
        "5장 중 1번째 카드. 강남구. 2024 상반기 강남구 적극행정 우수사례 모음. "
        "올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요? @gangnam_gu. 사례 2건."
    )
    assert card_alt(cards[-1]) == "5장 중 5번째 카드. 강남구. 감사합니다. 강남구. @gangnam_gu. 2024 상반기 강남구 적극행정 우수사례 모음."


def test_a_long_case_says_where_it_continues(civic, fonts):
    long_case = replace(SERIES.cases[0], items=SERIES.cases[0].items * 4)
    cards, _ = layout_series(replace(SERIES, cases=(long_case,)), civic, fonts)
    first, second = (card for card in cards if card.case == 1)
    assert second.kind == "continuation"
    said_first, said_second = card_alt(first), card_alt(second)
    assert said_first.startswith(f"{len(cards)}장 중 3번째 카드. 사례 1. 장애인도 운동할 권리가 있다!")
    shown = sum(line.entry for line in first.lines)
    assert f"목록 {shown}개 항목. 첫째, " in said_first
    assert said_second.startswith(
        f"{len(cards)}장 중 4번째 카드. 사례 1, 앞 카드에서 이어지는 내용. 장애인(수동 휠체어를 탄 사람) 건강 동행 챌린지 사업 추진. 앞 카드에서 이어지는 목록"
    )
    assert "(계속)" not in said_second  # the layout leaves its (계속) unsaid: the chip says it
    ordinals = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
    assert f"{ordinals[shown]}, " in said_second  # the list counts on from the card before


def origin(role: str, **more) -> Origin:
    return Origin("case", role, 1, **more)


def test_a_text_broken_across_two_cards_says_so_on_both():
    item = "개선 후 : 가상계좌로 입금(주민) → 신청자 확인 후 서울시 입금"
    cut = item.index("신청자")
    before = CardLayout("case", "03-case-1.png", 3, 6, 1080, 1350, (), (Line(item[: cut - 1], origin("item", item=1), item, 0, cut - 1, entry=True),), 1)
    after = CardLayout("continuation", "04-case-1-2.png", 4, 6, 1080, 1350, (), (Line(item[cut:], Origin("continuation", "item", 1, item=1), item, cut, len(item)),), 1)
    assert card_alt(before) == "6장 중 3번째 카드. 목록 1개 항목. 첫째, 개선 후 : 가상계좌로 입금(주민) → (다음 카드에 계속)."
    assert card_alt(after) == "6장 중 4번째 카드. 앞 카드에서 이어지는 목록. (앞 카드에서 이어짐) 신청자 확인 후 서울시 입금."
    assert case_numbers([before, after]) == [1, 1]


def test_a_line_cut_short_with_an_ellipsis_is_said_whole(civic, fonts):
    long_title = "2024년 상반기 강남구 적극행정 우수사례를 한데 모은 아주 긴 제목의 카드뉴스 시리즈 모음집 제1호, 구민과 함께 만든 변화의 기록"
    cards, _ = layout_series(replace(SERIES, title=long_title), civic, fonts)
    footer = cards[2].lines[-1]
    assert footer.origin.role == "title" and footer.text.endswith("…") and footer.last
    assert card_alt(cards[2]).endswith(long_title + ".")


def test_the_check_mark_is_never_read_out(cards):
    for card in cards:
        assert "체크" not in card_alt(card) and "✅" not in card_alt(card)


def test_a_label_is_said_as_the_layout_says_and_page_numbers_not_at_all(cards):
    chip = cards[2].lines[0]
    assert (chip.text, chip.origin.role, chip.spoken) == ("CASE 01", "label", "사례 1")
    page = cards[2].lines[1]
    assert (page.text, page.origin.role) == ("3/5", "page")
    assert "3/5" not in card_alt(cards[2]) and "CASE" not in card_alt(cards[2])


def test_a_text_the_series_repeats_is_numbered_where_it_stands(civic, fonts):
    series = Series(
        "제목", "제목", "강남구", "", "", (), "",
        (
            Case("", "첫 사례", (), (Item("같은 내용"), Item("다른 내용")), "첫 사례"),
            Case("", "둘째 사례", (), (Item("반복"), Item("중간"), Item("반복"), Item("같은 내용")), "둘째 사례"),
        ),
    )
    cards, _ = layout_series(series, civic, fonts)
    alts = series_alt(cards)
    assert alts[2].endswith("목록 2개 항목. 첫째, 같은 내용. 둘째, 다른 내용. 제목.")
    assert "목록 4개 항목. 첫째, 반복. 둘째, 중간. 셋째, 반복. 넷째, 같은 내용." in alts[3]
    assert case_numbers(cards) == [0, 0, 1, 2, 0]


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("장애인🧑‍🦽 건강", "장애인(수동 휠체어를 탄 사람) 건강"),
        ("임산부🤰·영유아👶", "임산부·영유아(아기)"),
        ("AI 안부확인🔎", "AI 안부확인(오른쪽으로 향한 돋보기)"),
        ("🇰🇷 1️⃣ 👍🏽👍🏽", "(깃발 대한민국) (키 캡 1) (올린 엄지 갈색 피부, 올린 엄지 갈색 피부)"),
        ("글자만", "글자만"),
    ],
)
def test_emoji_are_spoken_by_their_korean_names(text, spoken):
    assert speak_emoji(text) == spoken


def test_an_emoji_without_a_name_is_still_said():
    assert emoji_name("\U0010FFFF") == "그림 문자"


def test_fit_alt_keeps_whole_sentences_and_says_it_cut():
    text = " ".join(f"{n}번째 문장입니다." for n in range(1, 200))
    short = fit_alt(text, 1000)
    assert len(short) <= 1000
    assert short.endswith("입니다. …(이하 생략)")
    assert fit_alt("짧은 글.", 1000) == "짧은 글."




def test_every_run_carries_its_origin(civic, fonts):
    """Text and emoji runs say what they are, so later stages never read it back from the drawn strings."""
    from cardnews.layout.geometry import EmojiRun, TextRun

    long_case = replace(SERIES.cases[0], items=SERIES.cases[0].items * 4)
    cards, _ = layout_series(replace(SERIES, cases=(long_case, SERIES.cases[1])), civic, fonts)
    for card in cards:
        for run in card.elements:
            if isinstance(run, (TextRun, EmojiRun)):
                assert run.origin is not None and run.origin.card == card.kind, (card.filename, run)
                assert run.origin.where.startswith(str(find_layout("civic"))), run.origin
    continuation = next(card for card in cards if card.kind == "continuation")
    items = [run for run in continuation.elements if isinstance(run, TextRun) and run.origin.role == "item"]
    assert items and all(run.origin.case == 1 and run.origin.item >= 1 and run.origin.continued for run in items)
    notes = [line for card in cards for line in card.lines if line.origin.role == "note"]
    assert {(line.origin.item % 3, line.origin.note) for line in notes} == {(2, 1), (2, 2)}
    assert all(line.text == line.source[line.start : line.end] for card in cards for line in card.lines if not line.text.endswith("…"))
