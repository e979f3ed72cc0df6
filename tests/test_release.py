"""Press releases as input: the markers, the mapping to cases and items, detection, and what is noticed.

Font-free: the recogniser is pure text in, series and notices out. The real releases in
tests/corpus/releases/ are converted and built in tests/test_release_corpus.py.
"""

from __future__ import annotations

import pytest

from cardnews.convert import series_to_summary
from cardnews.errors import InputError
from cardnews.input.load import Loaded, load_series
from cardnews.input.release import classify, looks_like_release, parse_release
from cardnews.input.summary import parse_summary
from cardnews.model import Item, SourceMap

RELEASE = """\
보도자료
구민 누구나 이용하는 '찾아가는 건강버스' 운영
- 5월부터 동마다 주 1회, 혈압·혈당 검사와 건강상담 -

□ 서울 강남구(구청장 조성명)는 5월부터 '찾아가는 건강버스'를 운영한다고 밝혔다.
 ○ 건강버스는 22개 동을 돌며 동마다 주 1회 찾아간다.
   - 운영 시간은 오전 10시부터 오후 4시까지다.
   ※ 공휴일은 쉰다
 ㅇ 검사는 모두 무료다.
   ① 혈압 검사
   ② 혈당 검사

■ 구는 이용자가 많은 동부터 차례로 늘릴 계획이다.
  이용 결과는 하반기에 공개한다.
"""


def parse(text: str):
    notices: list = []
    return parse_release(text, "r.txt", notices).series, notices


def said(notices) -> list[str]:
    return [f"{n.line}: {n.message}" for n in notices]


@pytest.mark.parametrize(
    "line, kind, marker, text",
    [
        ("□ 제목", "heading", "□", "제목"),
        ("■제목", "heading", "■", "제목"),
        ("▣ 제목", "heading", "▣", "제목"),
        ("◆ 제목", "heading", "◆", "제목"),
        ("  ○ 요점", "point", "○", "요점"),
        ("ㅇ 요점", "point", "ㅇ", "요점"),
        ("◦ 요점", "point", "◦", "요점"),
        ("• 요점", "point", "•", "요점"),
        ("▶요점", "point", "▶", "요점"),
        ("- 세부", "subpoint", "-", "세부"),
        ("– 세부", "subpoint", "–", "세부"),
        ("· 세부", "subpoint", "·", "세부"),
        ("※ 참고", "note", "※", "참고"),
        ("* 참고", "note", "*", "참고"),
        ("** 참고", "note", "**", "참고"),
        ("① 첫째", "enumeration", "", "① 첫째"),
        ("\u3000\u3000", "blank", "", ""),
        ("    ", "blank", "", ""),
        ("ㅇㅇ동 주민", "text", "", "ㅇㅇ동 주민"),  # a Hangul letter is a marker only with a space after it
        ("-5도 한파", "text", "", "-5도 한파"),
        ("구민 여러분", "text", "", "구민 여러분"),
    ],
)
def test_each_line_is_known_by_its_marker(line, kind, marker, text):
    found = classify(1, line)
    assert (found.kind, found.marker, found.text) == (kind, marker, text)


def test_title_description_cases_items_and_notes():
    parsed = parse_release(RELEASE, "r.txt", [])
    series = parsed.series
    assert series.title == series.bundle == "구민 누구나 이용하는 '찾아가는 건강버스' 운영"
    assert series.description == "5월부터 동마다 주 1회, 혈압·혈당 검사와 건강상담"
    assert series.organisation == "강남구"
    assert [case.headline for case in series.cases] == [
        "서울 강남구(구청장 조성명)는 5월부터 '찾아가는 건강버스'를 운영한다고 밝혔다.",
        "구는 이용자가 많은 동부터 차례로 늘릴 계획이다. 이용 결과는 하반기에 공개한다.",
    ]
    assert series.cases[0].items == (
        Item("건강버스는 22개 동을 돌며 동마다 주 1회 찾아간다.", ("운영 시간은 오전 10시부터 오후 4시까지다.", "공휴일은 쉰다")),
        Item("검사는 모두 무료다.", ("① 혈압 검사", "② 혈당 검사")),
    )
    assert series.cases[1].items == ()
    assert [parsed.spots[f"cases[{i}]"][0] for i in range(2)] == [5, 13]
    assert parsed.spots["cases[0].items[1]"][0] == 9 and parsed.spots["cases[0].items[0].notes[1]"][0] == 8
    assert series.cases[0].kicker == ""
    assert series.cases[0].contents == series.cases[0].headline


def test_what_was_decided_is_noticed_with_its_line():
    _, notices = parse(RELEASE)
    assert said(notices) == [
        "1: '보도자료' names the kind of document, not its title: left out",
        "14: line has no marker; joined to the line above",
        "3: line 3, before the first heading: read as the description (post text, cover subtitle)",
        "13: heading without points: its case has no ✅ items, so its card shows the headline alone; "
        "add ✅ lines under it in the summary, or join it to another case",
        "5: organisation read as 강남구; set organisation: in the summary header to change it",
    ]


def test_nothing_visible_is_lost_or_invented():
    """Every line's text (its marker aside) is in the summary written from it; nothing else is."""
    series, _ = parse(RELEASE)
    summary = series_to_summary(Loaded(series))
    for line in RELEASE.splitlines()[1:]:
        text = classify(0, line).text.removesuffix(" -")
        assert text in summary, text
    words = set(summary.split()) - {"✅", "organisation:"}
    source = set(RELEASE.replace("(", " ").split()) | set(RELEASE.split())
    assert {w.lstrip("*").removesuffix(".zip") for w in words} <= source | {""}


def test_enumerations_are_items_where_a_heading_has_no_points():
    series, notices = parse("제목\n□ 세 가지를 바꾼다\n① 첫째\n② 둘째\n")
    assert series.cases[0].items == (Item("① 첫째"), Item("② 둘째"))
    assert notices == []


def test_notes_before_any_point_become_items():
    series, notices = parse("제목\n□ 관계기관* 합동 점검\n  * 행안부, 경찰청\n○ 42곳을 본다\n")
    assert series.cases[0].items == (Item("행안부, 경찰청"), Item("42곳을 본다"))
    assert said(notices) == ["3: a * note before any point of its heading: read as an item"]


def test_a_line_standing_alone_without_a_marker_is_a_case_of_its_own():
    series, notices = parse("제목\n□ 첫 문단\n\n<① 불편해결>\n\n□ 다음 문단\n")
    assert [case.headline for case in series.cases] == ["첫 문단", "<① 불편해결>", "다음 문단"]
    assert "4: line has no marker and stands alone: read as a heading (a case of its own)" in said(notices)


def test_a_release_pasted_without_its_title_is_named_by_its_first_line():
    series, notices = parse("□ 행정안전부(장관 윤호중)는 구명조끼 착용을 당부했다.\n○ 하천이 가장 많았다.\n")
    assert series.title == series.cases[0].headline == "행정안전부(장관 윤호중)는 구명조끼 착용을 당부했다."
    assert said(notices)[0] == (
        "1: no title line: the first line, a □ line, is also the series title; put the release's title on the first line"
    )


def test_without_any_heading_it_says_what_to_do():
    with pytest.raises(InputError, match=r"r\.txt: no □ ■ ▣ ◆ heading, so there are no cases"):
        parse("제목\n○ 요점\n")


@pytest.mark.parametrize(
    "text, expected",
    [
        (RELEASE, True),
        ("제목\n□ 문단\n", True),
        ("제목\n○ 요점만 있다\n", False),  # no heading
        ("묶음.zip\n✅ 사례\n\n□ 사례\n✅ 항목\n", False),  # a bundle line: a summary
        ("제목\n\n□ 문단\n✅ 항목\n", False),  # a ✅ line: a summary
        ("", False),
    ],
)
def test_detection_is_by_markers_bundle_line_and_checks(text, expected):
    assert looks_like_release(text) is expected


def test_the_summary_written_reads_back_to_the_same_series():
    series, _ = parse(RELEASE.replace("\n\n■", "\n ○ 점검은 매달 한다.\n\n■").replace("  이용 결과", " ○ 이용 결과"))
    notices: list = []
    again = parse_summary(series_to_summary(Loaded(series)), "s.txt", notices).series
    assert again == series
    assert [n for n in notices if n.level == "error"] == []


def test_a_txt_with_headings_is_read_as_a_release_and_says_so(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(RELEASE, encoding="utf-8")
    series, notices = load_series(path)
    assert len(series.cases) == 2
    assert notices[0].message.startswith("read as a press release (□ headings, ○ points, - and ※ notes)")


def test_from_summary_reads_it_as_a_summary_and_from_release_forces_the_release(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(RELEASE, encoding="utf-8")
    with pytest.raises(InputError, match="no bundle line"):
        load_series(path, {"from": "summary"})
    summaryish = tmp_path / "odd.txt"
    summaryish.write_text("제목\n\n□ 문단\n✅ 항목\n", encoding="utf-8")
    series, _ = load_series(summaryish, {"from": "release"})
    assert series.cases[0].items == (Item("항목"),)  # a ✅ line is a point of a release too


def test_a_heading_too_long_for_a_headline_is_split_where_the_layout_says_it_fits():
    from cardnews.input.release import fit_headlines

    notices: list = []
    parsed = parse_release("□ 하나 둘 셋 넷 다섯\n\n□ 짧다\n", "r.txt", notices)
    fits = lambda case: len(case.headline.split()) <= 2  # noqa: E731 - the layout's answer, by word count here
    fitted = fit_headlines(parsed.series, fits, SourceMap("r.txt", parsed.spots), notices)
    first, second = fitted.cases
    assert (first.headline, first.contents, first.items) == ("하나 둘", "하나 둘", (Item("셋 넷 다섯"),))
    assert (second.headline, second.items) == ("짧다", ())
    assert fitted.title == fitted.bundle == "하나 둘"  # pasted without a title: it follows the first headline
    assert said(notices)[-1] == (
        "1: case 1: the heading is too long for a headline: its first 2 words are the headline and the rest is its first ✅ item; "
        "write a short headline"
    )
    assert not any(n.line == 1 and n.message.startswith("heading without points") for n in notices)
