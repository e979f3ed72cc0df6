"""The plain-text weekly summary: the reference, and the awkward input real summaries arrive as."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from cardnews.errors import InputError
from cardnews.input.load import load_series
from cardnews.model import Item

BUNDLE = "2024 상반기 강남구 적극행정 우수사례 모음"

# What the reference summary says, read off the source text by hand (kicker, headline, items per case).
REFERENCE_CASES = [
    ("장애인도 운동할 권리가 있다!", "장애인🧑\u200d🦽 건강 동행 챌린지 사업 추진", 4),
    ("민관협력으로 만드는 똑똑한 사회안전망,", "AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스", 3),
    ("가구별 가상계좌 개설로 신속·정확하게!", "기초생활수급자·차상위계층 '나라미🍚' 구매 시스템 개선", 2),
    ("아이 낳기 좋은 강남구 만들어볼까?", "임산부🤰·영유아👶 건강지원 사업 업그레이드", 4),
    ("기관간 협업체계 구축으로 숙원사업 해결!", "불법 선정성 전단지📜 근절", 4),
]
REFERENCE_EMOJI = [("🧑\u200d🦽",), ("🔎", "🍴"), ("🍚",), ("🤰", "👶"), ("📜",)]
REFERENCE_CONTENTS = [
    "장애인 건강 동행 챌린지 사업 추진",
    "AI 안부확인·내 집 앞 푸드 딜리버리 서비스",
    "기초생활수급자·차상위계층 '나라미' 구매 시스템 개선",
    "임산부·영유아 건강지원 사업 업그레이드",
    "불법 선정성 전단지 근절",
]


@pytest.fixture(scope="module", params=["cases", "shared"])
def reference(request, reference_txt):
    """(path, series, notices) for the project's copy and for the original reference text."""
    path = reference_txt if request.param == "cases" else request.getfixturevalue("shared_reference")
    series, notices = load_series(path)
    return path, series, notices


# -- the reference summary ---------------------------------------------------------------------


def test_reference_has_five_cases(reference):
    _, series, _ = reference
    assert len(series.cases) == 5


@pytest.mark.parametrize("index", range(5))
def test_kicker_and_headline_split_where_the_contents_list_says(reference, index):
    _, series, _ = reference
    kicker, headline, _ = REFERENCE_CASES[index]
    case = series.cases[index]
    assert (case.kicker, case.headline) == (kicker, headline)


def test_lost_joiner_is_rejoined_in_the_first_headline(reference):
    _, series, _ = reference
    headline = series.cases[0].headline
    assert "🧑\u200d🦽" in headline
    assert "🧑🦽" not in headline


def test_lost_joiner_warning_names_u200d_and_the_source_line(reference):
    path, _, notices = reference
    raw_line = next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "🧑🦽" in line)
    expected_line = {"2024-h1-gangnam.txt": 25, "gangnam-2024-h1.txt": 22}[path.name]
    assert raw_line == expected_line  # the fixture files are what this test thinks they are
    joiner = [n for n in notices if "U+200D" in n.message]
    assert len(joiner) == 1
    assert joiner[0].level == "warning"
    assert joiner[0].line == expected_line
    assert str(joiner[0]).startswith(f"{path}:{expected_line}: warning:")


def test_reference_has_no_other_notices(reference):
    _, _, notices = reference
    assert [n for n in notices if "U+200D" not in n.message] == []


def test_second_kicker_keeps_its_trailing_comma(reference):
    _, series, _ = reference
    assert series.cases[1].kicker.endswith(",")
    assert not series.cases[1].headline.startswith(",")


@pytest.mark.parametrize("index, emoji", list(enumerate(REFERENCE_EMOJI)))
def test_headline_emoji_in_order(reference, index, emoji):
    _, series, _ = reference
    assert series.cases[index].emoji == emoji


@pytest.mark.parametrize("index, contents", list(enumerate(REFERENCE_CONTENTS)))
def test_contents_line_of_each_case(reference, index, contents):
    _, series, _ = reference
    assert series.cases[index].contents == contents


@pytest.mark.parametrize("index", range(5))
def test_item_count_per_case(reference, index):
    _, series, _ = reference
    assert len(series.cases[index].items) == REFERENCE_CASES[index][2]


def test_item_text_has_no_marker(reference):
    _, series, _ = reference
    for case in series.cases:
        for item in case.items:
            assert not item.text.startswith(("✅", "*", " "))
            assert all(not note.startswith(("*", " ")) for note in item.notes)


def test_notes_attach_to_the_item_above(reference):
    _, series, _ = reference
    third = series.cases[2].items
    assert third[0].notes == ()
    assert third[1] == Item(
        "개선 후 : 가상계좌로 입금(주민) → 신청자 확인 후 서울시 입금",
        (
            "신청자·입금액 실시간 확인 가능(월평균 1150가구)",
            "주민센터 → 구청 입금 절차, 착오 입금액 환급 생략으로 처리 속도 증대",
            "타 기관에서 벤치마킹 다수",
        ),
    )


def test_notes_in_the_fourth_case(reference):
    _, series, _ = reference
    notes = [item.notes for item in series.cases[3].items]
    assert notes == [
        ("2023년 5월 서비스 개시 이후 전체 신청자 중 87%가 온라인 서비스 이용",),
        ("2022년 46% → 2023년 70%",),
        (),
        (),
    ]


def test_title_bundle_organisation_and_period_come_from_the_bundle_line(reference):
    _, series, _ = reference
    assert series.bundle == BUNDLE
    assert series.title == BUNDLE
    assert series.organisation == "강남구"
    assert series.period == "2024 상반기"


def _prose_before_bundle(path: Path) -> str:
    """The paragraphs above the .zip line, header block left out, each paragraph on one line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = lines[: next(i for i, line in enumerate(lines) if line.strip().endswith(".zip"))]
    if lines and re.match(r"^[a-z]+\s*:", lines[0]):
        lines = lines[lines.index("") + 1 :]
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


def test_description_is_the_prose_before_the_bundle_line(reference):
    path, series, _ = reference
    assert series.description == _prose_before_bundle(path)
    assert series.description.startswith("올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요?")
    assert series.description.count("\n\n") == 5
    assert ".zip" not in series.description and "✅" not in series.description


def test_header_block_is_read(reference_txt):
    series, _ = load_series(reference_txt)
    assert series.handle == "@gangnam_gu"
    assert series.hashtags == ("강남구", "적극행정", "우수사례")
    assert not series.description.startswith("handle")


def test_no_header_block_means_no_handle_or_hashtags(shared_reference):
    series, _ = load_series(shared_reference)
    assert series.handle == ""
    assert series.hashtags == ()


# -- awkward input -------------------------------------------------------------------------------

SMALL = """\
2024 상반기 강남구 적극행정 우수사례 모음.zip
✅ 장애인 건강 동행 챌린지 사업 추진
✅ AI 안부확인·내 집 앞 푸드 딜리버리 서비스

장애인도 운동할 권리가 있다! 장애인 건강 동행 챌린지 사업 추진
✅ 맞춤형 운동플랫폼 구축
✅ 운동 매뉴얼 제작·배포
*장애 유형별 매뉴얼

민관협력으로 만드는 똑똑한 사회안전망, AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스
✅ 월 평균 안부확인 150건
"""


def write(tmp_path: Path, text: str | bytes, name: str = "summary.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def load(tmp_path: Path, text: str | bytes, name: str = "summary.txt"):
    return load_series(write(tmp_path, text, name))


@pytest.fixture
def small(tmp_path):
    """The small summary as read when it arrives clean: the series every variant must equal."""
    series, notices = load(tmp_path, SMALL, "clean.txt")
    assert notices == []
    return series


def test_small_summary_reads_as_written(small):
    assert [(c.kicker, c.headline) for c in small.cases] == [
        ("장애인도 운동할 권리가 있다!", "장애인 건강 동행 챌린지 사업 추진"),
        ("민관협력으로 만드는 똑똑한 사회안전망,", "AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스"),
    ]
    assert small.cases[0].items == (Item("맞춤형 운동플랫폼 구축"), Item("운동 매뉴얼 제작·배포", ("장애 유형별 매뉴얼",)))


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_endings(tmp_path, small, newline):
    series, notices = load(tmp_path, SMALL.replace("\n", newline))
    assert series == small
    assert notices == []


def test_utf8_bom_is_ignored(tmp_path, small):
    series, _ = load(tmp_path, b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert series == small
    assert not series.bundle.startswith("\ufeff")


def test_nfd_hangul_is_normalised_to_nfc(tmp_path, small):
    nfd = unicodedata.normalize("NFD", SMALL)
    assert nfd != SMALL
    series, _ = load(tmp_path, nfd)
    assert series == small
    texts = [series.title, *(t for c in series.cases for t in (c.kicker, c.headline, c.contents))]
    texts += [t for c in series.cases for i in c.items for t in (i.text, *i.notes)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_tabs_and_trailing_spaces(tmp_path, small):
    messy = "\n".join(line.replace("✅ ", "\t✅\t") + " \t " for line in SMALL.split("\n"))
    series, _ = load(tmp_path, messy)
    assert series == small


def test_nbsp_after_check_mark(tmp_path, small):
    series, _ = load(tmp_path, SMALL.replace("✅ ", "✅\u00a0"))
    assert series == small
    assert all("\u00a0" not in item.text for case in series.cases for item in case.items)


def test_nbsp_inside_text_becomes_a_space(tmp_path, small):
    series, _ = load(tmp_path, SMALL.replace("맞춤형 운동", "맞춤형\u00a0운동"))
    assert series == small


def test_shortcodes_as_item_marker_and_in_headline(tmp_path, small):
    text = SMALL.replace("✅ ", ":check_mark_button: ").replace("🔎", ":magnifying_glass_tilted_right:")
    assert "✅" not in text and "🔎" not in text
    series, notices = load(tmp_path, text)
    assert series == small
    assert notices == []


def test_unknown_shortcode_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, SMALL.replace("✅ 맞춤형", "✅ :no_such_emoji_here: 맞춤형"))
    with pytest.raises(InputError) as error:
        load_series(path)
    assert ":no_such_emoji_here:" in str(error.value)
    assert f"{path}:6:" in str(error.value)


def test_no_bundle_line_is_an_error(tmp_path):
    path = write(tmp_path, SMALL.replace(".zip", ""))
    with pytest.raises(InputError, match=r"\.zip"):
        load_series(path)


@pytest.mark.parametrize(
    "text, line",
    [
        (SMALL.replace("✅ 맞춤형 운동플랫폼 구축\n", "*먼저 온 설명\n✅ 맞춤형 운동플랫폼 구축\n"), 6),
        (SMALL.replace("✅ 맞춤형 운동플랫폼 구축\n✅", "✅ 맞춤형 운동플랫폼 구축\n\n*떨어진 설명\n✅"), 8),
    ],
    ids=["right-after-headline", "starts-a-block"],
)
def test_note_before_any_item_is_an_error_with_its_line(tmp_path, text, line):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_series(path)
    assert str(error.value).startswith(f"{path}:{line}:")
    assert "note" in str(error.value)


@pytest.mark.parametrize(
    "headline, kicker, rest",
    [
        ("운동할 권리가 있다! 건강 동행 사업", "운동할 권리가 있다!", "건강 동행 사업"),
        ("아이 낳기 좋은 동네 만들어볼까? 건강지원 사업", "아이 낳기 좋은 동네 만들어볼까?", "건강지원 사업"),
        ("똑똑한 사회안전망, AI 안부확인🔎 서비스", "똑똑한 사회안전망,", "AI 안부확인🔎 서비스"),
    ],
    ids=["exclamation", "question", "comma"],
)
@pytest.mark.parametrize("contents", ["✅ 목차와 다른 제목\n", ""], ids=["unmatched-contents", "no-contents"])
def test_fallback_kicker_split(tmp_path, headline, kicker, rest, contents):
    text = f"{BUNDLE}.zip\n{contents}\n{headline}\n✅ 항목\n"
    series, _ = load(tmp_path, text)
    case = series.cases[0]
    assert (case.kicker, case.headline) == (kicker, rest)


def test_no_kicker_when_there_is_nothing_to_split_at(tmp_path):
    series, _ = load(tmp_path, f"{BUNDLE}.zip\n\n장애인 건강 동행 챌린지 사업 추진\n✅ 항목\n")
    case = series.cases[0]
    assert case.kicker == ""
    assert case.headline == "장애인 건강 동행 챌린지 사업 추진"


def test_no_contents_list_warns_and_uses_the_headlines(tmp_path):
    text = SMALL.replace("✅ 장애인 건강 동행 챌린지 사업 추진\n✅ AI 안부확인·내 집 앞 푸드 딜리버리 서비스\n", "")
    series, notices = load(tmp_path, text)
    assert [c.contents for c in series.cases] == [
        "장애인 건강 동행 챌린지 사업 추진",
        "AI 안부확인·내 집 앞 푸드 딜리버리 서비스",
    ]
    assert any(n.level == "warning" and "contents" in n.message for n in notices)


def test_stray_unmarked_line_is_joined_to_the_item_above_with_a_warning(tmp_path):
    text = SMALL.replace("✅ 맞춤형 운동플랫폼 구축\n", "✅ 맞춤형 운동플랫폼\n구축\n")
    series, notices = load(tmp_path, text)
    assert series.cases[0].items[0] == Item("맞춤형 운동플랫폼 구축")
    stray = [n for n in notices if "marker" in n.message]
    assert len(stray) == 1
    assert (stray[0].level, stray[0].line) == ("warning", 7)


def test_stray_unmarked_line_after_a_note_continues_the_note(tmp_path):
    text = SMALL.replace("*장애 유형별 매뉴얼\n", "*장애 유형별\n매뉴얼\n")
    series, notices = load(tmp_path, text)
    assert series.cases[0].items[1] == Item("운동 매뉴얼 제작·배포", ("장애 유형별 매뉴얼",))
    assert [n.line for n in notices if n.level == "warning"] == [9]


def test_cp949_file_is_decoded_with_a_warning(tmp_path):
    # CP949 has no emoji, so items use the ASCII shortcode marker.
    text = SMALL.replace("✅ ", ":check_mark_button: ").replace("🔎", "").replace("🍴", "")
    expected, _ = load(tmp_path, text, "utf8.txt")
    series, notices = load(tmp_path, text.encode("cp949"), "cp949.txt")
    assert series == expected
    assert [n.level for n in notices] == ["warning"]
    assert "CP949" in notices[0].message


def test_bytes_neither_utf8_nor_cp949_are_an_error_with_the_line(tmp_path):
    path = write(tmp_path, SMALL.encode("utf-8") + b"\xff\xfe\n")
    with pytest.raises(InputError) as error:
        load_series(path)
    assert str(error.value).startswith(f"{path}:12: not UTF-8")


def test_header_hashtags_accept_hash_marks_and_commas(tmp_path):
    series, _ = load(tmp_path, "handle: @gangnam_gu\nhashtags: #강남구, #적극행정 우수사례\n\n" + SMALL)
    assert series.hashtags == ("강남구", "적극행정", "우수사례")
    assert series.handle == "@gangnam_gu"


def test_check_mark_with_variation_selector_is_a_plain_marker(tmp_path, small):
    series, _ = load(tmp_path, SMALL.replace("✅ 맞춤형", "✅\ufe0f 맞춤형"))
    assert series.cases[0].items[0].text == "맞춤형 운동플랫폼 구축"


# -- item markers other than ✅ -----------------------------------------------------------------

OTHER_MARKERS = """\
묶음.zip
✔ 첫 사례
☑️ 둘째 사례

첫 사례
✔️ 가
☑ 나
• 다
▶ 라
- 마
*마의 설명
✅

둘째 사례
✅ 바
-
*
"""


def test_other_item_markers_are_read_as_checks_with_one_notice_each(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(OTHER_MARKERS, encoding="utf-8")
    series, notices = load_series(path)
    assert [item.text for item in series.cases[0].items] == ["가", "나", "다", "라", "마"]
    assert series.cases[0].items[-1].notes == ("마의 설명",)
    assert [case.contents for case in series.cases] == ["첫 사례", "둘째 사례"]
    assert [f"{n.line}: {n.message}" for n in notices] == [
        "12: a line with only ✅ and no text: dropped",
        "16: a line with only - and no text: dropped",
        "17: a line with only * and no text: dropped",
        "2: 2 lines start with ✔ instead of ✅; read as ✅ items",
        "3: 2 lines start with ☑ instead of ✅; read as ✅ items",
        "8: line starts with • instead of ✅; read as ✅ items",
        "9: line starts with ▶ instead of ✅; read as ✅ items",
        "10: line starts with - instead of ✅; read as ✅ items",
    ]


def test_convert_writes_other_markers_back_as_checks(tmp_path, capsys):
    from cardnews.cli import main

    path = tmp_path / "s.txt"
    path.write_text(OTHER_MARKERS, encoding="utf-8")
    assert main(["convert", str(path), "-o", str(tmp_path / "out.txt")]) == 0
    written = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert written == "묶음.zip\n✅ 첫 사례\n✅ 둘째 사례\n\n첫 사례\n✅ 가\n✅ 나\n✅ 다\n✅ 라\n✅ 마\n*마의 설명\n\n둘째 사례\n✅ 바\n"
    assert load_series(tmp_path / "out.txt")[0] == load_series(path)[0]


def test_a_hyphen_starts_an_item_only_with_a_space_after_it(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("묶음.zip\n✅ -5도 한파 대비\n\n-5도 한파 대비\n✅ 쉼터 운영\n", encoding="utf-8")
    series, notices = load_series(path)
    assert (series.cases[0].headline, series.cases[0].items[0].text) == ("-5도 한파 대비", "쉼터 운영")
    assert notices == []


def test_a_pasted_press_release_no_longer_fails(tmp_path):
    path = tmp_path / "pasted.txt"
    path.write_text("건강버스 운영\n\n□ 구는 건강버스를 운영한다.\n○ 주 1회 찾아간다.\n* 공휴일은 쉰다\n", encoding="utf-8")
    series, notices = load_series(path)
    assert series.cases[0].items == (Item("주 1회 찾아간다.", ("공휴일은 쉰다",)),)
