"""The Python API: from a path, from text in memory, from a Series made in code; the CLI's bundle, as values."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import cardnews
from cardnews import Case, InputError, Item, Series

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_YAML = ROOT / "cases" / "2024-h1-gangnam.yaml"
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
ZIP_NAME = "2024 상반기 강남구 적극행정 우수사례 모음.zip"


def zip_of(built) -> bytes:
    return (built.out / ZIP_NAME).read_bytes()


@pytest.fixture(scope="module")
def from_path():
    return cardnews.make(str(REFERENCE_YAML))


def test_a_path_builds_the_zip_the_cli_builds(from_path, built_yaml):
    assert from_path.zip_name == ZIP_NAME
    assert from_path.zip_data == zip_of(built_yaml)
    assert cardnews.make(REFERENCE_YAML).zip_data == from_path.zip_data  # a Path as well as a str


def test_summary_text_in_memory_builds_the_zip_of_the_file(built_txt):
    result = cardnews.make_text(REFERENCE_TXT.read_text(encoding="utf-8"), name=REFERENCE_TXT.name)
    assert result.zip_data == zip_of(built_txt)
    assert [str(n) for n in result.notices] == [
        "2024-h1-gangnam.txt:25: warning: 🧑🦽 looks like one emoji whose joiner (U+200D) was lost; drawn as 🧑‍🦽"
    ]


def test_the_result_holds_the_cards_and_the_bundle_texts(from_path):
    bundle = zipfile.ZipFile(io.BytesIO(from_path.zip_data))
    folder = from_path.zip_name.removesuffix(".zip")
    assert [card.file for card in from_path.cards] == ["01-cover.png", "02-contents.png", *(f"0{n}-case-{n - 2}.png" for n in range(3, 8)), "08-closing.png"]
    for card in from_path.cards:
        assert card.data == bundle.read(f"{folder}/{card.file}")
        image = card.image()
        assert isinstance(image, Image.Image) and image.size == (card.width, card.height) == (1080, 1350)
        assert card.alt and card.alt in from_path.alt_text
    assert from_path.caption == bundle.read(f"{folder}/caption.txt").decode("utf-8")
    assert from_path.alt_text == bundle.read(f"{folder}/alt.txt").decode("utf-8")
    assert from_path.pdf.startswith(b"%PDF") and from_path.manifest["series"]["title"] == from_path.series.title
    assert from_path.settings.layout == "civic" and from_path.settings.size == "portrait"


def test_settings_are_given_by_name(tmp_path):
    result = cardnews.make(REFERENCE_YAML, layout="warm", size="portrait,square", image_format="jpg", quality=80)
    assert [card.file for card in result.cards][:2] == ["portrait/01-cover.jpg", "portrait/02-contents.jpg"]
    assert {card.image().size for card in result.cards} == {(1080, 1350), (1080, 1080)}
    written = result.write(tmp_path)
    assert written == tmp_path / ZIP_NAME and written.read_bytes() == result.zip_data


def test_a_series_made_in_code():
    series = Series(
        title="2025 상반기 적극행정 소식",
        bundle="2025 상반기 적극행정 소식",
        organisation="서초구",
        handle="@seocho",
        period="2025 상반기",
        hashtags=("서초구",),
        description="",
        cases=(
            Case("민원 처리 기간 단축!", "찾아가는 민원실 🚐", ("🚐",), (Item("주 2회 운영"), Item("대기 시간 절반", ("월평균 300명",))), "찾아가는 민원실"),
            Case("", "어르신 스마트폰 교실 📱", ("📱",), (Item("동마다 월 1회"),), "어르신 스마트폰 교실"),
        ),
    )
    result = cardnews.make(series, layout="bold")
    assert [card.kind for card in result.cards] == ["cover", "contents", "case", "case", "closing"]
    assert "✅ 찾아가는 민원실" in result.caption and "#서초구" in result.caption
    assert "월평균 300명" in result.cards[2].alt
    assert result.notices == []


def test_check_reports_what_cardnews_check_reports():
    notices = cardnews.check(REFERENCE_TXT)
    assert [(n.level, n.line) for n in notices] == [("warning", 25)]
    assert cardnews.check(REFERENCE_YAML) == []


def test_an_error_in_the_input_says_where_as_values():
    with pytest.raises(InputError) as caught:
        cardnews.make_text("가.zip\n✅ 가\n\n가\n*설명만 있는 줄\n", name="week.txt")
    assert str(caught.value) == "week.txt:5: a * note must follow the ✅ item it explains."
    (notice,) = caught.value.notices
    assert (notice.level, notice.file, notice.line) == ("error", "week.txt", 5)
