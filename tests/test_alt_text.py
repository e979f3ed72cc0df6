"""Alt text from cards' lines: complete, in reading order, wrapped lines joined, emoji and lists spoken."""

from __future__ import annotations

import pytest

from cardnews.bundle.alt_text import card_alt, case_numbers, emoji_name, fit_alt, series_alt, speak_emoji
from cardnews.layout.geometry import CardLayout
from cardnews.model import Case, Item, Series

SERIES = Series(
    title="2024 상반기 강남구 적극행정 우수사례 모음",
    bundle="2024 상반기 강남구 적극행정 우수사례 모음",
    organisation="강남구",
    handle="@gangnam_gu",
    period="2024 상반기",
    layout="civic",
    size="portrait",
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


def card(kind: str, page: int, *lines: str, total: int = 6) -> CardLayout:
    return CardLayout(kind, f"{page:02d}-{kind}.png", page, total, 1080, 1350, (), tuple(lines))


def test_a_case_card_reads_in_order_with_its_list():
    text = card_alt(
        card(
            "case", 3,
            "CASE 01", "3/6", "장애인도 운동할 권리가 있다!", "장애인🧑‍🦽 건강 동행", "챌린지 사업 추진",
            "✅ 장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫", "폼 구축",
            "✅ 개선 후 : 가상계좌로 입금(주민) →", "신청자 확인 후 서울시 입금",
            "신청자·입금액 실시간 확인 가능", "타 기관에서 벤치마킹 다수",
            "✅ 국민정책디자인 성과공유대회", "대통령상 수상(2023.11.29.)",
            "2024 상반기 강남구 적극행정 우수사례 모음",
        ),
        SERIES,
    )
    assert text == (
        "6장 중 3번째 카드. 사례 1. 장애인도 운동할 권리가 있다! 장애인(수동 휠체어를 탄 사람) 건강 동행 챌린지 사업 추진. "
        "목록 3개 항목. 첫째, 장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축. "
        "둘째, 개선 후 : 가상계좌로 입금(주민) → 신청자 확인 후 서울시 입금. "
        "세부 내용: 신청자·입금액 실시간 확인 가능. 타 기관에서 벤치마킹 다수. "
        "셋째, 국민정책디자인 성과공유대회 대통령상 수상(2023.11.29.). "
        "2024 상반기 강남구 적극행정 우수사례 모음."
    )


def test_a_case_split_across_cards_says_where_it_continues():
    first = card_alt(card("case", 3, "CASE 01", "장애인도 운동할 권리가 있다!", "장애인🧑‍🦽 건강 동행 챌린지 사업 추진",
                          "✅ 장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축", "✅ 개선 후 : 가상계좌로 입금(주민) →"), SERIES)
    second = card_alt(card("continuation", 4, "CASE 01 (계속)", "4/6", "(계속)", "장애인🧑‍🦽 건강 동행 챌린지 사업 추진",
                           "신청자 확인 후 서울시 입금", "신청자·입금액 실시간 확인 가능", "타 기관에서 벤치마킹 다수",
                           "✅ 국민정책디자인 성과공유대회 대통령상 수상(2023.11.29.)"), SERIES)
    assert first.endswith("둘째, 개선 후 : 가상계좌로 입금(주민) → (다음 카드에 계속).")
    assert second == (
        "6장 중 4번째 카드. 사례 1, 앞 카드에서 이어지는 내용. 장애인(수동 휠체어를 탄 사람) 건강 동행 챌린지 사업 추진. "
        "앞 카드에서 이어지는 목록, 1개 항목. (앞 카드에서 이어짐) 신청자 확인 후 서울시 입금. "
        "세부 내용: 신청자·입금액 실시간 확인 가능. 타 기관에서 벤치마킹 다수. "
        "셋째, 국민정책디자인 성과공유대회 대통령상 수상(2023.11.29.)."
    )


def test_contents_card_is_a_numbered_list_of_cases():
    text = card_alt(card("contents", 2, "강남구", "2/6", "CONTENTS", "2024 상반기 주요 사례",
                         "✅ 장애인 건강 동행 챌린지", "사업 추진", "✅ 임산부·영유아 건강지원"), SERIES)
    assert text == (
        "6장 중 2번째 카드. 강남구. 목차. 2024 상반기 주요 사례. 목록 2개 항목. "
        "첫째, 장애인 건강 동행 챌린지 사업 추진. 둘째, 임산부·영유아 건강지원."
    )


def test_cover_and_closing_say_every_line():
    cover = card_alt(card("cover", 1, "강남구", "1/6", "2024 상반기 강남구", "적극행정 우수사례 모음",
                          "올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요?", "@gangnam_gu", "사례 2건"), SERIES)
    closing = card_alt(card("closing", 6, "강남구", "6/6", "감사합니다", "강남구", "@gangnam_gu"), SERIES)
    assert cover == (
        "6장 중 1번째 카드. 강남구. 2024 상반기 강남구 적극행정 우수사례 모음. "
        "올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요? @gangnam_gu. 사례 2건."
    )
    assert closing == "6장 중 6번째 카드. 강남구. 감사합니다. 강남구. @gangnam_gu."


def test_a_line_cut_short_with_an_ellipsis_is_said_whole():
    text = card_alt(card("case", 5, "CASE 02", "임산부🤰·영유아👶 건강…"), SERIES)
    assert text.endswith("임산부·영유아(아기) 건강지원.")


def test_the_check_mark_is_never_read_out():
    text = card_alt(card("contents", 2, "✅ 장애인 건강 동행 챌린지 사업 추진", "✅ 임산부·영유아 건강지원"), SERIES)
    assert "체크" not in text and "✅" not in text


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


def test_a_text_the_series_repeats_is_numbered_where_it_stands():
    series = Series(
        "제목", "제목", "강남구", "", "", "civic", "portrait", (), "",
        (
            Case("", "첫 사례", (), (Item("같은 내용"), Item("다른 내용")), "첫 사례"),
            Case("", "둘째 사례", (), (Item("반복"), Item("중간"), Item("반복"), Item("같은 내용")), "둘째 사례"),
        ),
    )
    cards = [
        card("contents", 1, "✅ 첫 사례", "✅ 둘째 사례", total=4),
        card("case", 2, "CASE 01", "첫 사례", "✅ 같은 내용", "✅ 다른 내용", total=4),
        card("case", 3, "CASE 02", "둘째 사례", "✅ 반복", "✅ 중간", total=4),
        card("continuation", 4, "CASE 02 (계속)", "둘째 사례", "✅ 반복", "✅ 같은 내용", total=4),
    ]
    alts = series_alt(cards, series)
    assert alts[1].endswith("목록 2개 항목. 첫째, 같은 내용. 둘째, 다른 내용.")
    assert alts[3].endswith("앞 카드에서 이어지는 목록, 2개 항목. 셋째, 반복. 넷째, 같은 내용.")
    assert case_numbers(cards) == [0, 1, 2, 2]
