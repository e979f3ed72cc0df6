"""`cardnews check`: every problem with file:line, exit 0/1/2; `build` runs the same checks; `schema`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cardnews.checks import contrast_problems, contrast_ratio, is_large_text, length_problems
from cardnews.cli import main
from cardnews.resources import layouts_dir
from cardnews.input.schema import CASE_FILE, SERIES, validate

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
REFERENCE_YAML = ROOT / "cases" / "2024-h1-gangnam.yaml"
LOST_JOINER = "warning: 🧑🦽 looks like one emoji whose joiner (U+200D) was lost; drawn as 🧑\u200d🦽"

SHORT = """\
series:
  title: 2024 상반기 강남구 적극행정 우수사례 모음
  handle: "@gangnam_gu"
cases:
  - kicker: 장애인도 운동할 권리가 있다!
    headline: 장애인🧑‍🦽 건강 동행 챌린지
    items:
      - 맞춤형 운동플랫폼 구축
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def readable_layout(tmp_path) -> Path:
    """The built-in layout with a cover_soft that passes WCAG AA, so a clean file checks clean."""
    text = (layouts_dir() / "civic.yaml").read_text(encoding="utf-8")
    path = tmp_path / "readable.yaml"
    path.write_text(re.sub(r'cover_soft: "#[0-9A-Fa-f]{6}"', 'cover_soft: "#FFFFFF"', text), encoding="utf-8")
    return path


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reference_summary_reports_the_lost_joiner_with_its_line(capsys):
    code, out, err = run(capsys, "check", REFERENCE_TXT)
    assert f"{REFERENCE_TXT}:25: {LOST_JOINER}" in out.splitlines()
    assert "error" not in out
    assert code == 1
    assert err == ""


def test_clean_file_exits_0_and_says_so(capsys, tmp_path, readable_layout):
    case = write(tmp_path, SHORT)
    code, out, _ = run(capsys, "check", case, "--layout", readable_layout)
    assert out.strip() == f"{case}: no problems (4 cards portrait)."
    assert code == 0


def test_check_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    case = write(tmp_path, SHORT)
    run(capsys, "check", case)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


def test_every_error_is_reported_with_its_line_and_exit_2(capsys, tmp_path):
    case = write(
        tmp_path,
        SHORT.replace("  title: 2024", "  size: huge\n  title: 2024").replace("맞춤형 운동플랫폼 구축", "맞춤형 𓀀 구축")
        + '  - headline: "둘째 사례 :no_such_emoji:"\n    items: [가]\n',
    )
    code, out, _ = run(capsys, "check", case)
    lines = out.splitlines()
    assert lines[0].startswith(f"{case}:2: error: unknown size 'huge'; choose from ")
    assert f"{case}:9: error: no bundled font can draw '𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001); replace or remove it" in lines
    assert f"{case}:10: error: unknown emoji shortcode :no_such_emoji:; check its name (e.g. :check_mark_button:)" in lines
    assert lines[-1].startswith(f"{case}: 3 errors, ") and lines[-1].endswith("; build would stop.")
    assert code == 2


def test_unknown_layout_names_the_line_or_the_option(capsys, tmp_path):
    case = write(tmp_path, SHORT.replace("  title: 2024", "  layout: fancy\n  title: 2024"))
    code, out, _ = run(capsys, "check", case)
    assert out.startswith(f"{case}:2: error: unknown layout 'fancy'; choose one of ")
    assert "civic" in out.splitlines()[0]
    assert code == 2
    code, out, _ = run(capsys, "check", case, "--layout", "plain")
    assert out.startswith("error: --layout: unknown layout 'plain'; choose one of ")


def test_emoji_pieces_that_cannot_stand_alone_are_warned_with_their_line(capsys, tmp_path):
    case = write(tmp_path, SHORT + "  - headline: 좋아요 🏽 표시\n    items:\n      - 한국 🇰 국기\n")
    code, out, _ = run(capsys, "check", case)
    assert (
        f"{case}:9: warning: skin tone 🏽 (U+1F3FD EMOJI MODIFIER FITZPATRICK TYPE-4) stands alone; "
        "put it right after the person or hand it colours, e.g. 👍🏽"
    ) in out.splitlines()
    assert (
        f"{case}:11: error: flag letter 🇰 (U+1F1F0 REGIONAL INDICATOR SYMBOL LETTER K) stands alone; "
        "a flag is two letters, e.g. 🇰🇷 — check the flag"
    ) in out.splitlines()
    assert code in (1, 2)


def test_text_that_shrinks_or_continues_is_warned(capsys, tmp_path, readable_layout):
    long_items = "".join(f"      - {'긴 항목 문장이 이어집니다 ' * 8}{n}\n" for n in range(8))
    case = write(tmp_path, SHORT + "  - headline: 아주 긴 사례\n    items:\n" + long_items)
    code, out, _ = run(capsys, "check", case, "--layout", readable_layout)
    assert f"{case}:9: warning: case 2 is long: it continues on" in out
    assert code == 1


@pytest.mark.parametrize(
    "foreground, background, expected",
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#777777", "#FFFFFF", 4.48), ("#767676", "#FFFFFF", 4.54)],
)
def test_contrast_ratio_is_wcag_2(foreground, background, expected):
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(background, foreground) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    "size_px, weight, large",
    [(76, "extrabold", True), (54, "bold", True), (54, "semibold", False), (67, "regular", True), (34, "regular", False)],
)
def test_large_text_is_judged_as_seen_on_a_phone(size_px, weight, large):
    assert is_large_text(size_px, weight) is large


def _contrast_of_edited_civic(tmp_path, fonts, old: str, new: str, name: str) -> tuple[Path, str, list[str]]:
    """Contrast warnings for civic with one edit, laid out with the reference series at portrait."""
    from cardnews.layout.engine import layout_series
    from cardnews.input.load import load_series
    from cardnews.layout.theme import load_theme

    text = (layouts_dir() / "civic.yaml").read_text(encoding="utf-8").replace(old, new)
    path = write(tmp_path, text, name)
    theme = load_theme(path)
    series = load_series(REFERENCE_YAML)[0]
    messages = [str(n) for n in contrast_problems(theme, {"portrait": layout_series(series, theme, fonts)[0]})]
    return path, text, messages


def test_low_contrast_palette_is_warned_at_its_line(tmp_path, fonts):
    path, text, messages = _contrast_of_edited_civic(tmp_path, fonts, 'note: "#46536F"', 'note: "#A0A8B8"', "pale.yaml")
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if l.strip().startswith("note:"))
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:{line}: warning: note #A0A8B8 on #FFFFFF is 2.39:1, under the 4.5:1 WCAG AA asks for normal text (e.g. ")


def test_translucent_text_is_judged_as_drawn(tmp_path, fonts):
    """White at 50% on the cover's blue is judged by the colour it really makes, not as white."""
    _, _, messages = _contrast_of_edited_civic(
        tmp_path, fonts, '건", role: label, color: cover_ink, align', '건", role: label, color: cover_ink/80, align', "faint.yaml"
    )
    assert any("cover_ink #FFFFFF at 50% opacity" in m and "'사례 5건'" in m for m in messages), messages


def test_built_in_layouts_pass_contrast_at_every_size(fonts):
    from cardnews.layout.engine import layout_series
    from cardnews.input.load import load_series
    from cardnews.layout.sizes import SIZES
    from cardnews.layout.theme import find_layout, list_layouts, load_theme

    series = load_series(REFERENCE_YAML)[0]
    for name in list_layouts():
        theme = load_theme(find_layout(name))
        layouts = {size: layout_series(series, theme, fonts, size)[0] for size in SIZES}
        assert contrast_problems(theme, layouts) == [], name


class _Channel:
    def __init__(self, label, max_images, min_images=1):
        self.label, self.max_images, self.min_images = label, max_images, min_images


def test_series_longer_than_a_channel_takes_is_warned():
    notices = length_problems(12, [_Channel("Instagram", 10), _Channel("Facebook", None)], "case.txt")
    assert [str(n) for n in notices] == [
        "case.txt: warning: Instagram takes at most 10 images a post; these 12 cards go out as 2 posts "
        "(shorten the series to keep it one)"
    ]
    assert [str(n) for n in length_problems(1, [_Channel("KakaoTalk", 6, 2)], "case.txt")] == [
        "case.txt: error: KakaoTalk needs at least 2 images a post; this series has 1"
    ]


def test_build_prints_warnings_and_goes_on(capsys, tmp_path):
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", REFERENCE_TXT, "--out", out_dir)
    assert code == 0
    assert f"{REFERENCE_TXT}:25: {LOST_JOINER}" in err.splitlines()
    assert any(out_dir.glob("*.zip"))


def test_build_stops_on_errors_and_writes_nothing(capsys, tmp_path):
    case = write(tmp_path, SHORT.replace("맞춤형 운동플랫폼 구축", "맞춤형 𓀀 구축"))
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "build", case, "--out", out_dir)
    assert code == 2
    assert f"cardnews: {case}:8: error: no bundled font can draw '𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001); replace or remove it" in err
    assert "Traceback" not in err
    assert not out_dir.exists()


def test_strict_build_treats_warnings_as_errors(capsys, tmp_path):
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "build", REFERENCE_TXT, "--out", out_dir, "--strict")
    assert code == 2
    assert f"{REFERENCE_TXT}:25: {LOST_JOINER}" in err.splitlines()
    assert err.splitlines()[-1].startswith("cardnews: stopped: --strict treats th")
    assert err.splitlines()[-1].endswith(" as errors; nothing was written.")
    assert not out_dir.exists()


def test_schema_command_prints_the_declared_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == CASE_FILE
    assert json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_reference_yaml_is_valid_under_the_schema():
    assert list(validate(yaml.safe_load(REFERENCE_YAML.read_text(encoding="utf-8")))) == []


def test_loader_messages_come_from_the_schema(tmp_path, capsys):
    case = write(tmp_path, SHORT.replace("  handle:", "  colour: blue\n  handle:"))
    code, out, _ = run(capsys, "check", case)
    assert f"{case}:3: error: series.colour: unknown key; expected one of {', '.join(sorted(SERIES['properties']))}" in out
    assert code == 2


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"series": {"title": "t"}}, [("cases", "is required: a list of cases, each with a headline (and items)")]),
        ({"series": {"title": " "}, "cases": [{"headline": "h", "items": ["a"]}]}, [("series.title", "is empty; write the text here")]),
        ({"series": {"title": "t"}, "cases": [{"headline": "h", "items": [["a"]]}]}, [("cases[0].items[0]", "expected text, got a list")]),
        ({"series": {"title": "t"}, "cases": [{"headline": 2024, "items": [{"text": "a", "notes": {"x": 1}}]}]},
         [("cases[0].items[0].notes", "expected a list of lines, got a mapping")]),
        ({"series": {"title": "t", "hashtags": True}, "cases": [5]},
         [("series.hashtags", "expected a list of words, got true/false"), ("cases[0]", "expected a mapping with a headline (and items), got a number")]),
    ],
)
def test_validator_says_what_is_expected(data, expected):
    assert list(validate(data)) == expected


def test_check_warns_when_the_series_is_longer_than_a_channel_takes(capsys):
    code, out, _ = run(capsys, "check", REFERENCE_TXT, "--channel", "x")
    lines = out.splitlines()
    assert f"{REFERENCE_TXT}: warning: X takes at most 4 images a post; these 8 cards go out as 2 posts (shorten the series to keep it one)" in lines
    assert lines.index(f"{REFERENCE_TXT}:25: {LOST_JOINER}") < lines.index(f"{REFERENCE_TXT}: warning: X takes at most 4 images a post; these 8 cards go out as 2 posts (shorten the series to keep it one)")
    assert code == 1


def test_the_korean_contrast_warning_names_the_text_size_and_card_size_in_korean(tmp_path, fonts):
    from cardnews.i18n import set_language

    token = set_language("ko")
    try:
        _, _, messages = _contrast_of_edited_civic(tmp_path, fonts, 'note: "#46536F"', 'note: "#A0A8B8"', "pale.yaml")
    finally:
        token.var.reset(token)
    assert len(messages) == 1
    assert "WCAG AA가 보통 크기 글자에 요구하는 4.5:1보다 낮습니다" in messages[0] and ", 세로형의 " in messages[0], messages[0]
    assert not re.search(r"\b(normal|large|portrait)\b", messages[0]), messages[0]


@pytest.mark.parametrize("lang, shown", [("en", "U+13000 EGYPTIAN HIEROGLYPH A001"), ("ko", "U+13000")])
def test_a_character_is_named_by_unicode_in_english_and_by_its_code_point_in_korean(lang, shown, tmp_path, capsys):
    case = tmp_path / "case.txt"
    case.write_text(REFERENCE_TXT.read_text(encoding="utf-8").replace("불법 선정성 전단지 근절", "불법 𓀀 전단지 근절", 1), encoding="utf-8")
    code, out, err = run(capsys, "--lang", lang, "check", str(case))
    assert code == 2
    said = next(line for line in (out + err).splitlines() if "𓀀" in line)
    assert f"'𓀀' ({shown})" in said or f"'𓀀'({shown})" in said, said
