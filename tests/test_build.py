"""The build, checked from the outside: the zip, the card folder, the images, and what the cards say."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from cardnews.build import plan
from cardnews.cli import main
from cardnews.layout.geometry import EmojiRun, TextRun
from cardnews.input.load import load_case, load_series

BUNDLE = "2024 상반기 강남구 적극행정 우수사례 모음"
CARD_NAMES = [
    "01-cover.png",
    "02-contents.png",
    "03-case-1.png",
    "04-case-2.png",
    "05-case-3.png",
    "06-case-4.png",
    "07-case-5.png",
    "08-closing.png",
]
UTF8_NAMES = 0x800


@pytest.fixture(scope="module", params=["yaml", "txt"])
def built(request):
    return request.getfixturevalue(f"built_{request.param}")


def zip_path(out: Path) -> Path:
    return out / f"{BUNDLE}.zip"


def card_folder(out: Path) -> Path:
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 1, folders
    return folders[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (hidden ones too), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the outputs --------------------------------------------------------------------------------------


def test_build_exits_zero(built):
    assert built.exit_code == 0, built.stderr


def test_zip_is_named_after_the_bundle(built):
    assert zip_path(built.out).is_file()


def test_output_folder_holds_only_the_zip_and_the_card_folder(built):
    assert sorted(p.name for p in built.out.iterdir()) == sorted([f"{BUNDLE}.zip", card_folder(built.out).name])


def card_entries(archive: zipfile.ZipFile) -> list[str]:
    """The zip entries directly in the bundle folder that are PNG images: the cards."""
    return [name for name in archive.namelist() if re.fullmatch(rf"{re.escape(BUNDLE)}/[^/]+\.png", name)]


def test_zip_starts_with_the_cards_in_order(built):
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        expected = [f"{BUNDLE}/{name}" for name in CARD_NAMES]
        assert card_entries(archive) == expected
        assert archive.namelist()[: len(expected)] == expected


def test_every_zip_entry_is_inside_the_bundle_folder(built):
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        for name in archive.namelist():
            assert name.startswith(f"{BUNDLE}/") and ".." not in name.split("/"), name


def test_zip_entries_have_the_utf8_flag(built):
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        for info in archive.infolist():
            assert info.flag_bits & UTF8_NAMES, info.filename


def test_zip_is_sound(built):
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        assert archive.testzip() is None


def test_every_card_is_a_1080_by_1350_rgb_png(built):
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        for name in card_entries(archive):
            with Image.open(io.BytesIO(archive.read(name))) as image:
                image.load()
                assert (image.format, image.size, image.mode) == ("PNG", (1080, 1350), "RGB"), name


def test_card_folder_has_the_same_cards_as_the_zip(built):
    folder = card_folder(built.out)
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        in_zip = {name.split("/", 1)[1]: archive.read(name) for name in card_entries(archive)}
    in_folder = {p.name: p.read_bytes() for p in sorted(folder.glob("*.png"))}
    assert list(in_folder) == CARD_NAMES
    assert in_folder == in_zip


def test_card_folder_holds_everything_the_zip_holds(built):
    folder = card_folder(built.out)
    with zipfile.ZipFile(zip_path(built.out)) as archive:
        in_zip = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    assert snapshot(folder) == in_zip


def test_yaml_and_txt_builds_give_byte_identical_zips(built_yaml, built_txt):
    assert zip_path(built_yaml.out).read_bytes() == zip_path(built_txt.out).read_bytes()


def test_building_twice_gives_identical_bytes(built_yaml, build_cli, reference_yaml, tmp_path):
    """A second build over the first replaces it with the same bytes, and leaves nothing else behind."""
    first = build_cli(reference_yaml, tmp_path)
    first_zip = zip_path(tmp_path).read_bytes()
    second = build_cli(reference_yaml, tmp_path)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert zip_path(tmp_path).read_bytes() == first_zip == zip_path(built_yaml.out).read_bytes()
    assert snapshot(card_folder(tmp_path)) == snapshot(card_folder(built_yaml.out))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{BUNDLE}.zip", card_folder(tmp_path).name])


# -- what the cards say -------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["yaml", "txt"])
def planned_both(request, fonts, reference_yaml, reference_txt):
    path = reference_yaml if request.param == "yaml" else reference_txt
    return plan(load_case(path), fonts)


def squeeze(text: str) -> str:
    return "".join(text.split())


def card_text(cards) -> str:
    return "".join(squeeze(line) for card in cards for line in card.texts)


def case_cards(planned, number: int):
    pattern = re.compile(rf"^\d\d-case-{number}(-\d+)?\.png$")
    return [card for card in planned.cards if pattern.match(card.filename)]


def test_plan_gives_the_eight_cards(planned_both):
    assert [card.filename for card in planned_both.cards] == CARD_NAMES


def test_title_is_on_the_cover(planned_both):
    cover = planned_both.cards[0]
    assert squeeze(planned_both.series.title) in card_text([cover])


@pytest.mark.parametrize("number", range(1, 6))
def test_every_character_of_a_case_is_on_its_card_in_order(planned_both, number):
    case = planned_both.series.cases[number - 1]
    text = card_text(case_cards(planned_both, number))
    fields = [case.kicker, case.headline]
    for item in case.items:
        fields += [item.text, *item.notes]
    position = 0
    for field in fields:
        found = text.find(squeeze(field), position)
        assert found >= 0, f"{field!r} is not on the card (after position {position})"
        position = found + len(squeeze(field))


def test_every_contents_line_is_on_the_contents_card(planned_both):
    text = card_text([planned_both.cards[1]])
    for case in planned_both.series.cases:
        assert squeeze(case.contents) in text


def test_closing_card_names_the_office_and_handle(planned_both):
    text = card_text([planned_both.cards[-1]])
    assert squeeze(planned_both.series.organisation) in text
    assert squeeze(planned_both.series.handle) in text


@pytest.mark.parametrize("number", range(1, 6))
def test_no_word_is_cut_on_the_reference_case_cards(planned_both, number):
    """Each laid-out line of a case is made of whole words of that case (no word there is over-long)."""
    case = planned_both.series.cases[number - 1]
    words = set()
    for field in [case.kicker, case.headline, *(t for item in case.items for t in (item.text, *item.notes))]:
        words.update(field.split())
    furniture = {f"CASE {number:02d}", planned_both.series.title}
    for card in case_cards(planned_both, number):
        for line in card.texts:
            if line in furniture or re.fullmatch(r"\d+/\d+", line):
                continue
            for word in line.removeprefix("✅ ").split():
                assert word in words, (card.filename, line, word)


def test_every_card_carries_its_page_number(planned_both):
    total = len(planned_both.cards)
    for page, card in enumerate(planned_both.cards, start=1):
        assert f"{page}/{total}" in card.texts, card.filename


def test_headline_word_that_fits_a_line_is_not_cut(tmp_path, fonts):
    headline = "기초생활수급자차상위계층 구축 추진"
    path = tmp_path / "headline.yaml"
    path.write_text(
        f"series:\n  title: {BUNDLE}\ncases:\n- kicker: 좋아요!\n  headline: {headline}\n  items:\n  - 항목\n",
        encoding="utf-8",
    )
    lines = [line.text for line in case_cards(plan(load_case(path), fonts), 1)[0].lines if line.origin.role == "headline"]
    assert [w for line in lines for w in line.split()] == headline.split()


def run_box(run, fonts) -> tuple[float, float, float, float]:
    if isinstance(run, EmojiRun):
        return run.x, run.y, run.x + run.size_px, run.y + run.size_px
    left, top, right, bottom = fonts.font(run.font).getbbox(run.text, anchor="ls")
    return run.x + left, run.baseline + top, run.x + right, run.baseline + bottom


def runs_outside(planned, fonts) -> list:
    outside = []
    for card in planned.cards:
        for element in card.elements:
            if isinstance(element, (TextRun, EmojiRun)):
                x0, y0, x1, y1 = run_box(element, fonts)
                if x0 < 0 or y0 < 0 or x1 > card.width or y1 > card.height:
                    outside.append((card.filename, getattr(element, "text", getattr(element, "sequence", "")), (x0, y0, x1, y1)))
    return outside


def test_no_text_or_emoji_run_lies_outside_the_canvas(planned_both, fonts):
    assert runs_outside(planned_both, fonts) == []


def test_every_card_has_text_and_emoji_runs(planned_both):
    for card in planned_both.cards:
        assert any(isinstance(e, TextRun) for e in card.elements), card.filename
    for card in planned_both.cards[2:7]:
        assert any(isinstance(e, EmojiRun) for e in card.elements), card.filename


def _many_cases_yaml(count: int) -> str:
    cases = "".join(
        f"- kicker: 사례 {n}!\n  headline: 가나다라마바사 아자차{n}\n  items:\n  - 가나다라 마바사 {n}\n" for n in range(count)
    )
    return f"series:\n  title: {BUNDLE}\ncases:\n{cases}"


def test_contents_of_fourteen_cases_continues_on_the_canvas(tmp_path, fonts):
    path = tmp_path / "many.yaml"
    path.write_text(_many_cases_yaml(14), encoding="utf-8")
    planned = plan(load_case(path), fonts)
    assert runs_outside(planned, fonts) == []
    contents = [card for card in planned.cards if re.match(r"^\d\d-contents(-\d+)?\.png$", card.filename)]
    text = card_text(contents)
    position = 0
    for case in planned.series.cases:
        found = text.find(squeeze(case.contents), position)
        assert found >= 0, case.contents
        position = found + len(squeeze(case.contents))


def test_long_case_continues_without_losing_text(tmp_path, fonts):
    items = "".join(f"  - 항목 {n}, 장애인, 운동시설, 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축과 프로그램 지원\n" for n in range(16))
    path = tmp_path / "long.yaml"
    path.write_text(
        f"series:\n  title: {BUNDLE}\ncases:\n- kicker: 길다!\n  headline: 아주 긴 사례\n  items:\n{items}", encoding="utf-8"
    )
    planned = plan(load_case(path), fonts)
    cards = case_cards(planned, 1)
    assert len(cards) > 1
    assert [card.filename for card in cards][1:] == [f"{4 + k:02d}-case-1-{k + 2}.png" for k in range(len(cards) - 1)]
    text = card_text(cards)
    position = 0
    for item in planned.series.cases[0].items:
        found = text.find(squeeze(item.text), position)
        assert found >= 0, item.text
        position = found + len(squeeze(item.text))
    assert any("continues" in n.message for n in planned.notices)
    assert runs_outside(planned, fonts) == []


# -- a failing build leaves earlier output alone -------------------------------------------------------------


@pytest.fixture(scope="module")
def built_once(tmp_path_factory, build_cli, reference_yaml):
    out = tmp_path_factory.mktemp("earlier") / "out"
    assert build_cli(reference_yaml, out).exit_code == 0
    return out


@pytest.fixture
def earlier_build(built_once, case_copy, tmp_path):
    """(case file, output folder, snapshot): a fresh copy of an earlier successful build of the case file."""
    out = tmp_path / "out"
    shutil.copytree(built_once, out)
    return case_copy, out, snapshot(out)


@pytest.mark.parametrize(
    "old, new",
    [
        ("  headline: 불법 선정성 전단지📜 근절\n", ""),  # schema error: missing headline
        ("불법 선정성 전단지📜 근절", "불법 선정성 전단지\U00013000 근절"),  # no bundled font draws U+13000
        ("  handle: '@gangnam_gu'", "  handle: '@gangnam_gu"),  # YAML syntax error
    ],
    ids=["input-error", "render-error", "yaml-error"],
)
def test_failing_build_leaves_earlier_output_byte_identical(earlier_build, build_cli, old, new):
    case, out, before = earlier_build
    text = case.read_text(encoding="utf-8")
    assert old in text
    case.write_text(text.replace(old, new), encoding="utf-8")
    result = build_cli(case, out)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize("failing", ["zip", "folder"])
def test_build_failing_midway_through_the_swap_leaves_earlier_output_byte_identical(
    earlier_build, build_cli, monkeypatch, failing
):
    """The disk fills up just as the new zip (or card folder) is moved into place: everything is put back."""
    import os

    import cardnews.bundle.package

    case, out, before = earlier_build
    case.write_text(case.read_text(encoding="utf-8").replace("장애인도 운동할", "장애인도 수영할"), encoding="utf-8")
    real_replace, real_rename = os.replace, os.rename

    def into_place(src, dst) -> bool:
        """The new zip or folder moving from the staging folder into the output folder (not an undo)."""
        src, dst = Path(src), Path(dst)
        new = src.parent.name.startswith(".cardnews-") and dst.parent == out
        return new and (dst.suffix == ".zip" if failing == "zip" else dst.suffix != ".zip")

    def flaky_replace(src, dst, *args, **kwargs):
        if into_place(src, dst):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    def flaky_rename(src, dst, *args, **kwargs):
        if into_place(src, dst):
            raise OSError(28, "No space left on device")
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(cardnews.bundle.package.os, "replace", flaky_replace)
    monkeypatch.setattr(cardnews.bundle.package.os, "rename", flaky_rename)
    monkeypatch.setattr(Path, "rename", lambda self, target: flaky_rename(self, target) or Path(target))
    monkeypatch.setattr(Path, "replace", lambda self, target: flaky_replace(self, target) or Path(target))
    result = build_cli(case, out)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


# -- convert ---------------------------------------------------------------------------------------------------

AWKWARD_SUMMARY = """\
title: 상반기 우수사례
handle: @gangnam_gu

첫 문단입니다.

둘째 문단: "따옴표"와 #해시 그리고 'yes'.

2024 상반기 강남구 적극행정 우수사례 모음.zip
✅ 목차에만 있는 이름

아이 낳기 좋은 강남구 만들어볼까? 임산부🤰·영유아👶 건강지원
✅ 서울시 최초, 온라인 신청(정부24) 서비스 개시
*2023년 5월: 87%가 온라인 이용
*null
✅ 2024
"""


@pytest.mark.parametrize("source", ["reference_txt", "reference_yaml"])
def test_convert_output_reloads_to_an_equal_series(request, source, tmp_path, capsys):
    path = request.getfixturevalue(source)
    target = tmp_path / "converted.yaml"
    assert main(["convert", str(path), "-o", str(target)]) == 0
    assert load_series(target)[0] == load_series(path)[0]


def test_convert_to_stdout_reloads_to_an_equal_series(reference_txt, tmp_path, capsys):
    assert main(["convert", str(reference_txt)]) == 0
    target = tmp_path / "stdout.yaml"
    target.write_text(capsys.readouterr().out, encoding="utf-8")
    assert load_series(target)[0] == load_series(reference_txt)[0]


def test_convert_round_trips_awkward_values(tmp_path, capsys):
    source = tmp_path / "awkward.txt"
    source.write_text(AWKWARD_SUMMARY, encoding="utf-8")
    original, _ = load_series(source)
    assert original.title != original.bundle  # the header title is kept apart from the bundle
    assert original.cases[0].contents == "목차에만 있는 이름"
    assert original.cases[0].items[1].text == "2024"
    target = tmp_path / "awkward.yaml"
    assert main(["convert", str(source), "-o", str(target)]) == 0
    assert load_series(target)[0] == original


@pytest.mark.parametrize("case", ["2024-h1-gangnam.yaml", "2024-h1-gangnam.txt"])
@pytest.mark.parametrize("options", [[], ["--channel", "x", "--size", "portrait,story"]])
def test_a_build_reads_the_case_file_exactly_once(case, options, tmp_path, capsys):
    from file_events import watching_files

    path = tmp_path / case  # a copy, so that nothing else (the sample series) counts
    shutil.copy(Path(__file__).resolve().parents[1] / "cases" / case, path)
    with watching_files() as events:
        assert main(["build", str(path), "--out", str(tmp_path / "out"), "--jobs", "1", *options]) == 0
    assert events.reads_of(path) == 1
    with watching_files() as events:
        assert main(["check", str(path), *options]) in (0, 1)  # warnings at most
    assert events.reads_of(path) == 1


def test_a_build_reads_the_brand_kit_and_its_logo_exactly_once(tmp_path):
    """The logo is read at the input edge; layout and drawing use those bytes (drawn here in this process)."""
    from file_events import watching_files
    from PIL import Image

    Image.new("RGBA", (300, 100), (0, 120, 60, 255)).save(tmp_path / "logo.png")
    (tmp_path / "brand.yaml").write_text("logo: logo.png\nhandle: '@brand'\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    shutil.copy(Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.yaml", case)
    with watching_files() as events:
        assert main(["build", str(case), "--out", str(tmp_path / "out"), "--jobs", "1", "--size", "portrait,square"]) == 0
    assert events.reads_of(tmp_path / "logo.png") == 1
    assert events.reads_of(tmp_path / "brand.yaml") == 1
    cover = Image.open(next((tmp_path / "out").rglob("01-*.png"))).convert("RGB")
    assert (0, 120, 60) in {cover.getpixel((x, y)) for x in range(0, cover.width, 4) for y in range(0, cover.height // 3, 4)}  # the logo is drawn
