"""Organisation and period read from real series titles: two- and three-word names, ministries, halves,
quarters and bare years; a title naming more than one organisation asks which, and none is truncated."""

from __future__ import annotations

import pytest

from cardnews.input.summary import parse_summary
from cardnews.input.titles import organisation_from, period_from
from cardnews.input.yaml_case import parse_yaml

AMBIGUOUS = None
# (bundle line, organisation, period): titles as published, from the announcements named beside them.
REAL_TITLES = [
    ("2025년 하반기 대구 서구 적극행정 우수사례", "대구 서구", "2025년 하반기"),  # kinn.co.kr no=515133
    ("2025년 하반기 충북 진천군 적극행정 우수공무원", "충북 진천군", "2025년 하반기"),  # kinn.co.kr no=622241
    ("2025년 충북 진천군 기관 수상 실적", "충북 진천군", "2025년"),  # newspim.com 20260113000247
    ("2024 상반기 강남구 적극행정 우수사례 모음", "강남구", "2024 상반기"),  # the reference series
    ("서울특별시 강남구 2024 상반기 적극행정 우수사례", "서울특별시 강남구", "2024 상반기"),
    ("2021 상반기 인사혁신처 적극행정 우수사례", "인사혁신처", "2021 상반기"),  # fnnews.com 202107131018411114
    ("2025년 하반기 공정거래위원회 적극행정 우수사례", "공정거래위원회", "2025년 하반기"),  # ajunews.com 20251111092252943
    ("공정거래위원회 1분기 적극행정 우수사례", "공정거래위원회", "1분기"),  # wowtv.co.kr A202205060061
    ("행정안전부·인사혁신처 2022 적극행정 우수사례 경진대회", AMBIGUOUS, "2022"),  # newspim.com 20221124000701
    ("교육부 2024년 상반기 적극행정 우수사례 경진대회", "교육부", "2024년 상반기"),  # seohyundailynewspaper.com no=718586
    ("경북교육청 2025년 상반기 적극행정 우수사례 경진대회", "경북교육청", "2025년 상반기"),  # smnews.co.kr idx=263445
    ("서울 은평구 2025년 상반기 적극행정 성과 우수기관", "서울 은평구", "2025년 상반기"),  # biz.heraldcorp.com 10585327
    ("금천구 행정안전부 2025년 상반기 지방자치단체 적극행정 성과점검", AMBIGUOUS, "2025년 상반기"),  # go.seoul.co.kr 20250923031002
    ("2021년 상반기 종로구 적극행정 우수사례", "종로구", "2021년 상반기"),  # clicknnews.com wr_id=6882
    ("대전 유성구 2025년 적극행정 우수사례", "대전 유성구", "2025년"),  # newspic.kr 2025123016470732891
    ("의성군 2023년 상반기 적극행정 우수공무원", "의성군", "2023년 상반기"),  # ksmnews.co.kr idx=452280
    ("경북 군위군 상반기 적극행정 우수공무원 추천", "경북 군위군", "상반기"),  # asiae.co.kr 2021051220134330518
    ("전남 무안군 2020년 하반기 적극 행정 우수공무원", "전남 무안군", "2020년 하반기"),  # asiae.co.kr 2020122418514017909
    ("2021년 하반기 옥천군 적극행정 우수공무원", "옥천군", "2021년 하반기"),  # newsbox.co.kr 61a6d073654e4c301d3c7634
    ("2021년 하반기 고양시 적극행정 우수사례 경진대회 본선", "고양시", "2021년 하반기"),  # gpnews.co.kr ncd=16740
    ("2025 서울 중구 새해 달라지는 정책", "서울 중구", "2025"),  # newsbell.co.kr 1005503
    ("2026년 이천시 달라지는 제도", "이천시", "2026년"),  # go.seoul.co.kr 20260120500101
    ("2026년 달라지는 관악생활", "", "2026년"),  # asiae.co.kr 2026011107553262361
    ("2026 세종시정 이렇게 달라집니다", "", "2026"),  # sejongtimes.kr idx=301300
]
# Words that end like an office's name but are none, and numbers that are no year.
NOT_NAMES = [
    ("2025년 지원사업 신청 안내", "", "2025년"),
    ("민원신청 서비스 개시 1/4분기", "", "1/4분기"),
    ("1인가구 2000가구 지원 확대", "", ""),
    ("신도시 입주민 국군 장병 일부 지원", "", ""),
    ("통일부 2025년도 주요 업무", "통일부", "2025년도"),
    ("경기 광주시 3분기 소식", "경기 광주시", "3분기"),
    ("2025년 3월 달라지는 제도", "", "2025년 3월"),
]


@pytest.mark.parametrize(("title", "organisation", "period"), REAL_TITLES + NOT_NAMES, ids=lambda value: value or "-")
def test_organisation_and_period_from_a_title(title, organisation, period):
    found, problem = organisation_from(title)
    if organisation is AMBIGUOUS:
        assert found == "" and "more than one organisation" in problem and "`organisation:`" in problem
    else:
        assert (found, problem) == (organisation, "")
    assert period_from(title) == period


@pytest.mark.parametrize(("title", "organisation", "period"), REAL_TITLES)
def test_a_name_is_never_cut_short(title, organisation, period):
    """Whatever is read is a run of whole words of the title, so 대구 서구 never comes out as 대구."""
    found, _ = organisation_from(title)
    words = title.replace("·", " ").split()
    assert not found or any(words[i : i + len(found.split())] == found.split() for i in range(len(words)))


def _summary(bundle: str, header: str = "") -> str:
    """A one-case summary; `header` is a header block with its blank line."""
    return f"{header}{bundle}.zip\n✅ 첫 사례\n\n첫 사례\n✅ 내용\n"


def test_an_ambiguous_title_asks_for_the_organisation_at_its_line():
    notices = []
    series = parse_summary(_summary("행정안전부·인사혁신처 2022 적극행정 우수사례 경진대회"), "week.txt", notices).series
    assert series.organisation == ""
    assert [str(n) for n in notices] == [
        "week.txt:1: warning: the title names more than one organisation (행정안전부, 인사혁신처); "
        "say which with an `organisation:` line, e.g. `organisation: 행정안전부`"
    ]


def test_the_header_says_which_and_nothing_is_asked():
    notices = []
    text = _summary("행정안전부·인사혁신처 2022 적극행정 우수사례 경진대회", "organisation: 인사혁신처\n\n")
    series = parse_summary(text, "week.txt", notices).series
    assert (series.organisation, series.period, notices) == ("인사혁신처", "2022", [])


def test_a_yaml_title_is_read_the_same_way():
    notices = []
    text = "series:\n  title: 2025년 하반기 충북 진천군 적극행정 우수공무원\ncases:\n  - headline: 첫 사례\n    items: [내용]\n"
    series = parse_yaml(text, "week.yaml", notices).series
    assert (series.organisation, series.period, notices) == ("충북 진천군", "2025년 하반기", [])
    text = "series:\n  title: 금천구 행정안전부 2025년 상반기 성과점검\ncases:\n  - headline: 첫 사례\n    items: [내용]\n"
    series = parse_yaml(text, "week.yaml", notices).series
    assert series.organisation == "" and [(n.level, n.line) for n in notices] == [("warning", 2)]
