"""The YAML case file: same model as the summary, schema errors that say file:line and key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardnews.errors import InputError
from cardnews.input.load import load_series

SMALL = """\
series:
  title: 2024 상반기 강남구 적극행정 우수사례 모음
  handle: '@gangnam_gu'
cases:
- kicker: 장애인도 운동할 권리가 있다!
  headline: 장애인🧑‍🦽 건강 동행 챌린지 사업 추진
  items:
  - 맞춤형 운동플랫폼 구축
- kicker: 민관협력으로 만드는 똑똑한 사회안전망,
  headline: AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스
  items:
  - text: 월 평균 안부확인 150건
    notes:
    - 고독사 예방
"""


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as error:
        load_series(path)
    return str(error.value)


def test_yaml_twin_equals_the_summary(reference_yaml, reference_txt):
    from_yaml, _ = load_series(reference_yaml)
    from_txt, _ = load_series(reference_txt)
    assert from_yaml == from_txt


def test_yaml_twin_loads_without_notices(reference_yaml):
    _, notices = load_series(reference_yaml)
    assert notices == []


def test_small_file_reads_as_written(tmp_path):
    series, notices = load_series(write(tmp_path, SMALL))
    assert notices == []
    assert series.organisation == "강남구" and series.period == "2024 상반기"
    assert series.bundle == series.title
    assert series.cases[0].emoji == ("🧑\u200d🦽",)
    assert series.cases[1].emoji == ("🔎", "🍴")
    assert series.cases[1].contents == "AI 안부확인·내 집 앞 푸드 딜리버리 서비스"
    assert series.cases[1].items[0].notes == ("고독사 예방",)


def test_yml_extension_is_read_as_yaml(tmp_path):
    yaml_series, _ = load_series(write(tmp_path, SMALL, "a.yaml"))
    yml_series, _ = load_series(write(tmp_path, SMALL, "b.yml"))
    assert yml_series == yaml_series


# -- schema errors: file:line and key path ---------------------------------------------------------


def test_missing_headline_names_file_line_and_path(tmp_path):
    path = write(tmp_path, SMALL.replace("  headline: AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스\n", ""))
    message = error_of(path)
    # cases[1] starts on line 9 ("- kicker: 민관협력으로 …")
    assert f"{path}:9: error: cases[1].headline: is required" in message


def test_item_that_is_a_list(tmp_path):
    path = write(tmp_path, SMALL.replace("  - 맞춤형 운동플랫폼 구축\n", "  - - 맞춤형\n    - 운동플랫폼\n"))
    message = error_of(path)
    assert f"{path}:8: error: cases[0].items[0]: expected text, got a list" in message


def test_unknown_key(tmp_path):
    path = write(tmp_path, SMALL.replace("  items:\n  - 맞춤형", "  headlin: 오타\n  items:\n  - 맞춤형"))
    message = error_of(path)
    assert f"{path}:7: error: cases[0].headlin: unknown key" in message
    assert "headline" in message  # says what was expected


def test_unknown_series_key(tmp_path):
    path = write(tmp_path, SMALL.replace("  handle:", "  handel:"))
    assert f"{path}:3: error: series.handel: unknown key" in error_of(path)


def test_every_schema_error_is_reported_at_once(tmp_path):
    text = SMALL.replace("  handle:", "  handel:").replace("  headline: AI 안부확인🔎·내 집 앞 푸드 딜리버리🍴 서비스\n", "")
    message = error_of(write(tmp_path, text))
    assert "series.handel" in message and "cases[1].headline" in message
    assert len(message.splitlines()) == 2


def test_notes_that_are_a_mapping(tmp_path):
    path = write(tmp_path, SMALL.replace("    notes:\n    - 고독사 예방\n", "    notes: {a: 1}\n"))
    assert f"{path}:13: error: cases[1].items[0].notes: expected a list of lines, got a mapping" in error_of(path)


def syntax_error_place(tmp_path: Path, text: str) -> tuple[int, int]:
    import re

    path = write(tmp_path, text)
    message = error_of(path)
    match = re.match(rf"^{re.escape(str(path))}:(\d+):(\d+): not valid YAML: ", message)
    assert match, message
    assert "\n" not in message
    return int(match.group(1)), int(match.group(2))


def test_bad_indentation_gives_line_and_column(tmp_path):
    # line 8 is " - 맞춤형 …", one space short
    assert syntax_error_place(tmp_path, SMALL.replace("  items:\n  - 맞춤형", "  items:\n - 맞춤형")) == (8, 2)


def test_unclosed_bracket_gives_a_line_near_it(tmp_path):
    line, _ = syntax_error_place(tmp_path, SMALL.replace("  headline: 장애인🧑‍🦽", "  headline: [장애인🧑‍🦽"))
    assert line in (6, 7)  # opened on line 6, noticed on line 7


def test_unclosed_quote_points_at_the_line_it_opens(tmp_path):
    line, _ = syntax_error_place(tmp_path, SMALL.replace("  handle: '@gangnam_gu'", "  handle: '@gangnam_gu"))
    assert line == 3


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "hello\n"], ids=["empty", "list", "scalar"])
def test_document_that_is_not_a_mapping(tmp_path, text):
    path = write(tmp_path, text)
    assert error_of(path).startswith(f"{path}:")


# -- explicit emoji ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("🏃", ("🏃",)),
        ("[🏃, 🏠]", ("🏃", "🏠")),
        ("':person_running:'", ("🏃",)),
    ],
    ids=["one", "list", "shortcode"],
)
def test_explicit_emoji_overrides_the_headline(tmp_path, value, expected):
    text = SMALL.replace("  headline: 장애인🧑‍🦽", f"  emoji: {value}\n  headline: 장애인🧑‍🦽")
    series, _ = load_series(write(tmp_path, text))
    assert series.cases[0].emoji == expected
    assert "🧑\u200d🦽" in series.cases[0].headline  # the headline itself keeps its emoji


def test_explicit_emoji_that_is_not_an_emoji(tmp_path):
    path = write(tmp_path, SMALL.replace("  headline: 장애인🧑‍🦽", "  emoji: 달리기\n  headline: 장애인🧑‍🦽"))
    assert f"{path}:6: error: cases[0].emoji:" in error_of(path)


# -- safe loading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.mkdir ['{marker}']",
        "!!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]",
        "!!python/object:cardnews.model.Item {{text: x}}",
        "!!python/name:os.system",
    ],
    ids=["os.mkdir", "path.touch", "object", "name"],
)
def test_python_tags_are_rejected_never_run(tmp_path, tag):
    marker = tmp_path / "pwned"
    text = SMALL.replace("  handle: '@gangnam_gu'", "  handle: " + tag.format(marker=marker))
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{path}:3:")
    assert not marker.exists()
