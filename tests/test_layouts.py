"""Layouts as data: checked files, every size, sandboxed templates, several sizes in one bundle."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from cardnews.build import plan
from cardnews.cli import main
from cardnews.errors import LayoutError
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import EmojiRun, TextRun
from cardnews.layout.engine import layout_series
from cardnews.input.load import load_case, load_series
from cardnews.render.draw import render_card
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import find_layout, list_layouts, load_theme

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "cases" / "2024-h1-gangnam.yaml"
BUNDLE = "2024 상반기 강남구 적극행정 우수사례 모음"


@pytest.fixture(scope="module")
def fonts() -> FontBook:
    return FontBook()


@pytest.fixture(scope="module")
def series():
    return load_series(REFERENCE)[0]


def test_built_in_layouts_load():
    names = set(list_layouts())
    assert "civic" in names
    for name in names:
        theme = load_theme(find_layout(name))
        assert set(theme.base.cards) >= {"cover", "contents", "case", "continuation", "closing"}


@pytest.mark.parametrize("layout", sorted(list_layouts()))
@pytest.mark.parametrize("size", list(SIZES))
def test_every_layout_fits_every_size(layout, size, fonts, series):
    """Nothing drawn outside the canvas, and text stays inside the size's safe area."""
    cards, _ = layout_series(series, load_theme(find_layout(layout)), fonts, size)
    preset = SIZES[size]
    safe = preset.safe
    for card in cards:
        assert (card.width, card.height) == (preset.width, preset.height)
        for element in card.elements:
            if isinstance(element, TextRun):
                width = fonts.text_width(element.text, element.font)
                assert safe.x - 1 <= element.x and element.x + width <= safe.right + 1, (card.filename, element.text)
                assert safe.y - 1 <= element.baseline - element.font.size_px * 0.8, (card.filename, element.text)
                assert element.baseline + element.font.size_px * 0.25 <= safe.bottom + 1, (card.filename, element.text)
            elif isinstance(element, EmojiRun):
                assert safe.x - 1 <= element.x and element.x + element.size_px <= safe.right + 1, (card.filename, element.sequence)
                assert safe.y - 1 <= element.y and element.y + element.size_px <= safe.bottom + 1, (card.filename, element.sequence)


def _write_layout(tmp_path: Path, edit) -> Path:
    text = (ROOT / "layouts" / "civic.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_a_copied_layout_changes_the_look_without_code(tmp_path, fonts, series):
    mine = _write_layout(tmp_path, lambda t: t.replace('cover_top: "#143A8C"', 'cover_top: "#7A0E2E"').replace('cover_bottom: "#255FD9"', 'cover_bottom: "#C2185B"'))
    civic_cover = render_card(layout_series(series, load_theme(find_layout("civic")), fonts)[0][0], fonts)
    mine_cover = render_card(layout_series(series, load_theme(mine), fonts)[0][0], fonts)
    assert mine_cover.getpixel((540, 1340))[0] > civic_cover.getpixel((540, 1340))[0] + 80  # now red, was blue


def test_layout_errors_name_file_line_and_key(tmp_path):
    bad = _write_layout(tmp_path, lambda t: t.replace("accent: \"#1F5FE0\"", "accent: blue").replace("role: headline, color: ink", "role: huge, color: ink", 1))
    with pytest.raises(LayoutError) as caught:
        load_theme(bad)
    message = str(caught.value)
    lines = bad.read_text(encoding="utf-8").splitlines()
    accent_line = next(i for i, line in enumerate(lines, 1) if line.strip() == "accent: blue")
    assert f"{bad}:{accent_line}: palette.accent: expected a colour" in message
    assert ".role: expected one of title, headline" in message


def test_unknown_layout_lists_the_known_ones():
    with pytest.raises(LayoutError, match=r"unknown layout 'nope'; choose one of .*civic"):
        find_layout("nope")


def test_case_text_is_data_not_a_template(tmp_path, fonts):
    case_file = tmp_path / "inject.yaml"
    case_file.write_text(
        "series:\n  title: '{{ 7*7 }} 소식'\ncases:\n  - headline: \"{{ series.__class__ }} 안내 {% raw %}\"\n    items: ['{{ 7*7 }}는 그대로']\n",
        encoding="utf-8",
    )
    planned = plan(load_case(case_file), fonts)
    text = "\n".join(line for card in planned.cards for line in card.texts)
    assert "{{ 7*7 }} 소식" in text
    assert "{{ series.__class__ }} 안내 {% raw %}" in text
    assert "49" not in text


def test_layout_templates_are_sandboxed(tmp_path, fonts):
    evil = _write_layout(tmp_path, lambda t: t.replace('text: "{{ page }}/{{ total }}"', 'text: "{{ page.__class__.__mro__ }}"', 1))
    case_file = tmp_path / "c.yaml"
    case_file.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LayoutError, match=r"mine.yaml:\d+: template not allowed"):
        plan(load_case(case_file, {"layout": str(evil)}), fonts)


def test_several_sizes_go_in_their_own_folders(tmp_path):
    assert main(["build", str(REFERENCE), "--out", str(tmp_path), "--size", "portrait,story"]) == 0
    with zipfile.ZipFile(tmp_path / f"{BUNDLE}.zip") as archive:
        names = archive.namelist()
        story = [n for n in names if n.startswith(f"{BUNDLE}/story/") and n.endswith(".png")]
        portrait = [n for n in names if n.startswith(f"{BUNDLE}/portrait/") and n.endswith(".png")]
        assert len(story) == len(portrait) >= 8
        with archive.open(story[0]) as handle:
            assert Image.open(handle).size == (1080, 1920)
    assert (tmp_path / "2024-상반기-강남구-적극행정-우수사례-모음" / "story" / "01-cover.png").is_file()


def test_size_all_and_unknown_size(tmp_path, capsys):
    assert main(["build", str(REFERENCE), "--out", str(tmp_path), "--size", "all"]) == 0
    with zipfile.ZipFile(tmp_path / f"{BUNDLE}.zip") as archive:
        folders = {name.split("/")[1] for name in archive.namelist() if name.endswith(".png")}
    assert folders == set(SIZES)
    assert main(["build", str(REFERENCE), "--out", str(tmp_path), "--size", "poster"]) == 2
    err = capsys.readouterr().err
    assert "unknown size" in err and "poster" in err


def test_story_text_stays_out_of_the_top_and_bottom_250px(fonts, series):
    cards, _ = layout_series(series, load_theme(find_layout("civic")), fonts, "story")
    for card in cards:
        for element in card.elements:
            if isinstance(element, TextRun):
                assert 250 <= element.baseline - element.font.size_px <= 1920 - 250


def test_a_long_case_continues_on_a_card_marked_continued(fonts, series):
    long_items = tuple(replace(item, text=item.text + " 그리고 자세한 설명을 덧붙입니다" * 3) for item in series.cases[3].items * 2)
    long_case = replace(series.cases[3], items=long_items)
    cards, notices = layout_series(replace(series, cases=(long_case,)), load_theme(find_layout("civic")), fonts)
    kinds = [card.kind for card in cards]
    assert kinds.count("continuation") >= 1
    continued = next(card for card in cards if card.kind == "continuation")
    assert any("(계속)" in line for line in continued.texts)
    assert any("continues on" in n.message for n in notices)
    shown = " ".join(line for card in cards for line in card.texts).replace(" ", "")
    for item in long_items:
        assert item.text.replace(" ", "") in shown.replace("✅", "")


def test_layouts_command_lists_themes_and_sizes(capsys):
    assert main(["layouts"]) == 0
    out = capsys.readouterr().out
    assert "civic" in out and "1080×1920" in out and "1200×675" in out


def test_preview_writes_a_contact_sheet(tmp_path):
    assert main(["preview", str(REFERENCE), "--out", str(tmp_path)]) == 0
    sheet = Image.open(tmp_path / "2024-상반기-강남구-적극행정-우수사례-모음-preview.png")
    assert sheet.width > 1000 and sheet.height > 500
    assert ImageStat.Stat(sheet.convert("L")).stddev[0] > 10  # there are cards on it, not a blank sheet


def test_new_starts_from_last_weeks_settings(tmp_path):
    previous = tmp_path / "week47.yaml"
    previous.write_text(
        "series:\n  title: 지난주 소식\n  handle: '@office'\n  layout: civic\n  size: portrait,story\n  hashtags: [구청]\n"
        "cases:\n  - headline: 사례\n    items: [항목]\n",
        encoding="utf-8",
    )
    assert main(["new", "이번 주 소식", "--dir", str(tmp_path)]) == 0
    created = tmp_path / "이번 주 소식.yaml"
    loaded = load_case(created)
    series, settings = loaded.series, loaded.settings
    assert (series.title, series.handle, settings.layout, settings.size, series.hashtags) == ("이번 주 소식", "@office", "civic", "portrait,story", ("구청",))
    assert main(["new", "이번 주 소식", "--dir", str(tmp_path)]) == 2  # never overwrites


def test_new_writes_a_summary_text_that_builds(tmp_path):
    assert main(["new", "다음 주 소식", "--dir", str(tmp_path), "--txt"]) == 0
    assert main(["build", str(tmp_path / "다음 주 소식.txt"), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "다음 주 소식.zip").is_file()


def _difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_new_carries_the_brand_kit_to_another_folder(tmp_path):
    last = tmp_path / "last"
    last.mkdir()
    Image.new("RGBA", (40, 20), (0, 0, 255, 255)).save(last / "logo.png")
    (last / "brand.yaml").write_text('logo: logo.png\ncolors: {primary: "#0B7A3B"}\nhandle: "@office"\n', encoding="utf-8")
    (last / "week47.yaml").write_text("series:\n  title: 지난주\ncases:\n  - headline: 사례\n    items: [항목]\n", encoding="utf-8")
    assert main(["new", "이번 주", "--from", str(last / "week47.yaml"), "--dir", str(tmp_path / "next")]) == 0
    assert main(["build", str(tmp_path / "next" / "이번 주.yaml"), "--out", str(tmp_path / "out")]) == 0
    brand = load_case(tmp_path / "next" / "이번 주.yaml").settings.brand
    assert brand.handle == "@office" and brand.colors == {"primary": "#0B7A3B"} and brand.logo is not None and brand.logo.name == str((last / "logo.png").resolve())


@pytest.mark.parametrize("layout", sorted(list_layouts()))
def test_an_over_long_contents_entry_is_cut_with_an_ellipsis_and_the_list_stays_short(fonts, series, layout):
    """The contents card is an index: a 100,000-character entry takes a few lines ending in …, not hundreds
    of contents cards, and the build says it was cut; the other entries are whole."""
    long = "가나다라마바사아자차카타파하 " * 7_000  # 105,000 characters
    cases = (replace(series.cases[0], contents=long),) + series.cases[1:]
    cards, notices = layout_series(replace(series, cases=cases), load_theme(find_layout(layout)), fonts)
    contents = [card for card in cards if card.kind == "contents"]
    assert 1 <= len(contents) <= 2
    entry = [line.text for card in contents for line in card.lines if line.origin.role == "contents" and line.origin.case == 1]
    assert 1 <= len(entry) <= 4 and entry[-1].endswith("…")
    assert " ".join(entry).removesuffix("…").replace(" ", "") in long.replace(" ", "")
    for number, case in enumerate(series.cases[1:], start=2):
        shown = "".join(line.text for card in contents for line in card.lines if line.origin.role == "contents" and line.origin.case == number)
        assert shown.replace(" ", "") == case.contents.replace(" ", "")
    messages = [n.message for n in notices]
    assert not any("contents list is long" in message for message in messages)
    assert any("case 1: the contents entry is cut" in message for message in messages), messages


@pytest.mark.parametrize("layout", ["civic", "warm", "bold"])
def test_a_long_award_list_builds_in_every_size_with_at_most_three_rows_of_cover_tiles(layout, tmp_path, fonts):
    """Thirty headline-only cases, each with its own emoji: the cover and closing rows of tiles stop at three
    rows instead of pushing the title off the card (civic's landscape cover failed from seven cases)."""
    from cardnews.build import plan
    from cardnews.input.load import load_case
    from cardnews.layout.geometry import EmojiRun

    pictures = "🏆📚🌳🚌💧🏥👶🛡💼🎨🚲🏫🧓🐶🌊🔥🍚🎵⚽🚑🏠📱💡🌸🍎🚒🧒🎓🛒🎻"
    case = tmp_path / "awards.txt"
    case.write_text("2025년 하반기 수상 실적.zip\n\n" + "".join(f"{p} 우수사례 공모 {i}번째 부문 최우수\n\n" for i, p in enumerate(pictures, 1)), encoding="utf-8")
    planned = plan(load_case(case, {"layout": layout, "size": "all"}), fonts)
    assert not [n for n in planned.notices if n.level == "error"], [str(n) for n in planned.notices]
    for size, cards in planned.layouts.items():
        for card in (cards[0], cards[-1]):
            tops = {round(e.y) for e in card.elements if isinstance(e, EmojiRun)}
            assert 1 <= len(tops) <= 3, (size, card.filename, sorted(tops))


def test_a_contents_list_too_long_for_two_cards_takes_the_fewest_the_dense_settings_allow(tmp_path, fonts):
    """Thirty cases at landscape do not fit two contents cards even set densely; they take three (of ten each),
    not the five the comfortable setting would."""
    from cardnews.build import plan
    from cardnews.input.load import load_case

    case = tmp_path / "awards.txt"
    case.write_text("2025년 하반기 수상 실적.zip\n\n" + "".join(f"🏆 우수사례 공모 {i}번째 수상 부문 최우수\n\n" for i in range(1, 31)), encoding="utf-8")
    planned = plan(load_case(case, {"layout": "civic", "size": "landscape"}), fonts)
    contents = [card for card in planned.layouts["landscape"] if card.kind == "contents"]
    entries = [sum(1 for line in card.lines if line.origin.role == "contents" and line.entry) for card in contents]
    assert entries == [10, 10, 10]
