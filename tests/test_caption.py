"""The post text: what it says, in what order, and that it stays within each channel's limit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cardnews.bundle.caption import caption_text, closing_line, hashtags
from cardnews.bundle.channels import CHANNELS, x_length
from cardnews.input.load import load_series
from cardnews.model import Case, Item


REFERENCE = Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.yaml"


@pytest.fixture(scope="module")
def series():
    return load_series(REFERENCE)[0]


def test_reference_caption_reads_title_intro_contents_closing_hashtags(series):
    assert caption_text(series, limit=2200) == (
        "2024 상반기 강남구 적극행정 우수사례 모음\n"
        "\n"
        "올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요?\n"
        "\n"
        "✅ 장애인 건강 동행 챌린지 사업 추진\n"
        "✅ AI 안부확인·내 집 앞 푸드 딜리버리 서비스\n"
        "✅ 기초생활수급자·차상위계층 '나라미' 구매 시스템 개선\n"
        "✅ 임산부·영유아 건강지원 사업 업그레이드\n"
        "✅ 불법 선정성 전단지 근절\n"
        "\n"
        "감사합니다. 강남구 @gangnam_gu\n"
        "\n"
        "#강남구 #적극행정 #우수사례"
    )


def test_hashtags_lose_spaces_and_repeats(series):
    assert hashtags(replace(series, hashtags=("강남 구", "#적극행정", "적극행정", ""))) == ["#강남구", "#적극행정"]


def test_closing_line_without_handle(series):
    assert closing_line(replace(series, handle="")) == "감사합니다. 강남구"


def test_x_caption_fits_280_as_x_counts(series):
    text = caption_text(series, limit=280, length=x_length)
    assert x_length(text) <= 280
    assert text.startswith(series.title)
    assert text.endswith("#강남구 #적극행정 #우수사례")


def test_a_link_counts_23_on_x_whatever_its_length(series):
    link = "https://www.gangnam.go.kr/portal/bbs/B0000002/view.do?nttId=123456789&menuNo=200000"
    text = caption_text(series, limit=280, length=x_length, link=link)
    assert link in text
    assert x_length(text) <= 280
    assert x_length(text) == x_length(text.replace(link, "https://t.co/short"))


def test_a_split_post_is_numbered_and_lists_its_own_cases(series):
    text = caption_text(series, limit=280, length=x_length, cases=[3, 4, 5], part=(2, 2))
    assert text.splitlines()[0] == f"{series.title} (2/2)"
    assert "✅ 불법 선정성 전단지 근절" in text
    assert "장애인 건강 동행" not in text


def test_a_long_series_keeps_to_instagrams_2200_characters(series):
    many = tuple(
        Case("", f"{n}번째 사례 제목", (), (Item("내용"),), f"{n}번째 사례: 주민 생활을 바꾼 적극행정 우수사례 한 줄 요약")
        for n in range(1, 121)
    )
    text = caption_text(replace(series, cases=many), limit=CHANNELS["instagram"].caption_limit)
    assert len(text) <= 2200
    assert "✅ 1번째 사례" in text
    assert "외 " in text and "건" in text
    assert text.endswith("#우수사례")


def test_hashtags_are_capped_where_a_channel_caps_them(series):
    tags = tuple(f"태그{n}" for n in range(40))
    text = caption_text(replace(series, hashtags=tags), limit=2200, max_hashtags=30)
    assert text.count("#") == 30
