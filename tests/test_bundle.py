"""The bundle, checked from the outside: build through the CLI, open the zip, read what a team would upload."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from cardnews.bundle.alt_text import speak_emoji
from cardnews.bundle.channels import CHANNELS, x_length
from cardnews.cli import main
from cardnews.render.encode import srgb_profile
from cardnews.input.load import load_series

REFERENCE = Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.yaml"
BUNDLE = "2024 상반기 강남구 적극행정 우수사례 모음"
CARDS = ["01-cover", "02-contents", "03-case-1", "04-case-2", "05-case-3", "06-case-4", "07-case-5", "08-closing"]
PDF = f"{BUNDLE}.pdf"


@dataclass(frozen=True)
class Bundle:
    out: Path
    code: int
    stdout: str
    stderr: str

    @property
    def zip_path(self) -> Path:
        return self.out / f"{BUNDLE}.zip"

    def files(self) -> dict[str, bytes]:
        """The zip's entries by path inside the bundle folder."""
        with zipfile.ZipFile(self.zip_path) as archive:
            assert all(name.startswith(f"{BUNDLE}/") for name in archive.namelist())
            return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}

    def text(self, name: str) -> str:
        return self.files()[name].decode("utf-8")

    def manifest(self) -> dict:
        return json.loads(self.text("manifest.json"))


def build(out: Path, *options: str) -> Bundle:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["build", str(REFERENCE), "--out", str(out), *options])
    return Bundle(out, code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Bundle:
    return build(tmp_path_factory.mktemp("plain"))


@pytest.fixture(scope="module")
def every_channel(tmp_path_factory) -> Bundle:
    return build(tmp_path_factory.mktemp("all"), "--channel", "all")


@pytest.fixture(scope="module")
def series():
    return load_series(REFERENCE)[0]


def alt_blocks(text: str) -> dict[str, str]:
    blocks = [block.split("\n", 1) for block in text.strip("\n").split("\n\n")]
    assert all(len(block) == 2 for block in blocks), blocks
    return {name: alt for name, alt in blocks}


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        chunks.append(kind.decode("ascii"))
        offset += 12 + length
    return chunks


# -- what a plain build holds ---------------------------------------------------------------------------


def test_plain_bundle_holds_cards_pdf_caption_alt_and_manifest(plain):
    assert plain.code == 0, plain.stderr
    assert list(plain.files()) == [f"{name}.png" for name in CARDS] + [PDF, "caption.txt", "alt.txt", "manifest.json"]


def test_card_folder_holds_what_the_zip_holds(plain):
    folder = plain.out / BUNDLE.replace(" ", "-")
    on_disk = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert on_disk == plain.files()


def test_caption_is_ready_to_paste(plain):
    caption = plain.text("caption.txt")
    assert caption == (
        f"{BUNDLE}\n\n올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요?\n\n"
        "✅ 장애인 건강 동행 챌린지 사업 추진\n"
        "✅ AI 안부확인·내 집 앞 푸드 딜리버리 서비스\n"
        "✅ 기초생활수급자·차상위계층 '나라미' 구매 시스템 개선\n"
        "✅ 임산부·영유아 건강지원 사업 업그레이드\n"
        "✅ 불법 선정성 전단지 근절\n\n"
        "감사합니다. 강남구 @gangnam_gu\n\n"
        "#강남구 #적극행정 #우수사례\n"
    )
    assert len(caption) <= 2200


def test_alt_text_has_one_block_per_card_in_order(plain):
    blocks = alt_blocks(plain.text("alt.txt"))
    assert list(blocks) == [f"{name}.png" for name in CARDS]
    for page, alt in enumerate(blocks.values(), start=1):
        assert alt.startswith(f"8장 중 {page}번째 카드. ")
        assert len(alt) <= 5000
        assert "✅" not in alt and "체크 표시" not in alt and ":" not in alt.replace(" : ", "").replace("세부 내용:", "")
        assert f"{page}/8" not in alt


def test_alt_text_says_everything_each_case_card_says(plain, series):
    blocks = list(alt_blocks(plain.text("alt.txt")).values())
    for number, case in enumerate(series.cases, start=1):
        alt = blocks[number + 1]
        assert f"사례 {number}." in alt
        expected = [case.kicker, case.headline] + [text for item in case.items for text in (item.text, *item.notes)]
        position = 0
        for text in expected:
            spoken = speak_emoji(text)
            found = alt.find(spoken, position)
            assert found >= 0, (number, spoken, alt)
            position = found + len(spoken)


def test_alt_text_of_cover_contents_and_closing(plain, series):
    cover, contents, *_, closing = alt_blocks(plain.text("alt.txt")).values()
    assert cover == f"8장 중 1번째 카드. 강남구. {BUNDLE}. 올해 상반기 강남구의 적극행정 사례는 무엇이 있을까요? @gangnam_gu. 사례 5건."
    assert "목록 5개 항목. 첫째, 장애인 건강 동행 챌린지 사업 추진. 둘째, " in contents
    assert all(case.contents in contents for case in series.cases)
    assert closing == f"8장 중 8번째 카드. 강남구. 감사합니다. 강남구. @gangnam_gu. {BUNDLE}."


def test_emoji_are_spoken_in_korean(plain):
    alt = plain.text("alt.txt")
    assert "장애인(수동 휠체어를 탄 사람) 건강 동행 챌린지 사업 추진" in alt
    assert "푸드 딜리버리(포크와 나이프) 서비스" in alt
    assert not re.search(r":[^\s:]+_[^\s:]+:", alt)


def test_manifest_describes_every_card_with_its_hash_and_alt(plain):
    files, manifest = plain.files(), plain.manifest()
    alts = alt_blocks(plain.text("alt.txt"))
    assert manifest["series"]["title"] == BUNDLE
    assert [card["file"] for card in manifest["cards"]] == [f"{name}.png" for name in CARDS]
    for card in manifest["cards"]:
        data = files[card["file"]]
        with Image.open(io.BytesIO(data)) as image:
            assert (card["width"], card["height"]) == image.size == (1080, 1350)
        assert card["bytes"] == len(data)
        assert card["sha256"] == hashlib.sha256(data).hexdigest()
        assert card["alt"] == alts[card["file"]]
        assert card["kind"] in ("cover", "contents", "case", "continuation", "closing")
    assert manifest["pdf"]["sha256"] == hashlib.sha256(files[PDF]).hexdigest()
    assert manifest["caption"] + "\n" == plain.text("caption.txt")


def test_manifest_points_the_default_channel_at_the_cards(plain):
    (post,) = plain.manifest()["channels"]["instagram"]["posts"]
    assert post["folder"] == ""
    assert [image["file"] for image in post["images"]] == [f"{name}.png" for name in CARDS]


def test_cards_are_srgb_tagged_pngs_without_time_stamps(plain):
    for name in CARDS:
        data = plain.files()[f"{name}.png"]
        chunks = png_chunks(data)
        assert "iCCP" in chunks
        assert not {"tIME", "tEXt", "zTXt", "iTXt"} & set(chunks), chunks
        with Image.open(io.BytesIO(data)) as image:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
            assert "sRGB" in ImageCms.getProfileDescription(profile)


def test_pdf_has_one_page_a_card_and_no_dates(plain):
    pdf = plain.files()[PDF]
    assert pdf.startswith(b"%PDF-")
    assert b"/Count 8" in pdf
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 8
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    assert pdf.count(b"/MediaBox [ 0 0 518.4 648.0 ]") == 8  # 1080×1350 px at 150 dpi


def test_building_again_gives_a_byte_identical_zip(plain, tmp_path):
    again = build(tmp_path)
    assert again.code == 0
    assert again.zip_path.read_bytes() == plain.zip_path.read_bytes()


def test_a_fresh_process_builds_the_same_bytes(plain, tmp_path):
    """Nothing cached in this process (the ICC profile, fonts) may hide a time stamp or an unstable order."""
    done = subprocess.run(
        [sys.executable, "-m", "cardnews", "build", str(REFERENCE), "--out", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"{BUNDLE}.zip").read_bytes() == plain.zip_path.read_bytes()


def test_the_srgb_profile_carries_a_fixed_date_not_the_build_time():
    assert struct.unpack(">6H", srgb_profile()[24:36]) == (2024, 1, 1, 0, 0, 0)


def test_zip_entries_have_fixed_dates(plain):
    with zipfile.ZipFile(plain.zip_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}


# -- channels --------------------------------------------------------------------------------------------


def test_x_splits_the_series_into_posts_of_four_with_a_warning(tmp_path):
    bundle = build(tmp_path, "--channel", "x")
    assert bundle.code == 0, bundle.stderr
    assert "warning: X takes at most 4 images a post; these 8 cards go out as 2 posts" in bundle.stderr
    files = bundle.files()
    for number, names in ((1, CARDS[:4]), (2, CARDS[4:])):
        folder = f"x/post-{number}"
        assert sorted(name for name in files if name.startswith(f"{folder}/") and name.endswith(".png")) == [f"{folder}/{n}.png" for n in names]
        assert all(len(files[f"{folder}/{n}.png"]) <= 5 * 2**20 for n in names)
        caption = files[f"{folder}/caption.txt"].decode("utf-8")
        assert caption.startswith(f"{BUNDLE} ({number}/2)\n")
        assert x_length(caption.strip()) <= 280
        alts = alt_blocks(files[f"{folder}/alt.txt"].decode("utf-8"))
        assert list(alts) == [f"{n}.png" for n in names]
        assert all(len(alt) <= 1000 for alt in alts.values())
    x = bundle.manifest()["channels"]["x"]
    assert [len(post["images"]) for post in x["posts"]] == [4, 4]


def test_every_channel_gets_its_folder_within_its_limits(every_channel):
    assert every_channel.code == 0, every_channel.stderr
    files, manifest = every_channel.files(), every_channel.manifest()
    assert list(manifest["channels"]) == ["instagram", "x", "kakao", "facebook", "naver"]
    for name, entry in manifest["channels"].items():
        channel = CHANNELS[name]
        for post in entry["posts"]:
            assert post["folder"].split("/")[0] == name
            assert channel.min_images <= len(post["images"]) <= (channel.max_images or 99)
            if channel.caption_limit:
                assert channel.length(post["caption"]) <= channel.caption_limit
            assert files[f"{post['folder']}/caption.txt"].decode("utf-8") == post["caption"] + "\n"
            for image in post["images"]:
                data = files[image["file"]]
                assert hashlib.sha256(data).hexdigest() == image["sha256"]
                assert channel.max_image_bytes is None or len(data) <= channel.max_image_bytes
                assert len(image["alt"]) <= channel.alt_limit
                with Image.open(io.BytesIO(data)) as picture:
                    assert channel.accepts(*picture.size)


def test_kakao_carousels_hold_two_to_six(every_channel):
    posts = every_channel.manifest()["channels"]["kakao"]["posts"]
    assert [len(post["images"]) for post in posts] == [4, 4]


def test_an_unknown_channel_stops_the_build(tmp_path):
    bundle = build(tmp_path, "--channel", "instagram,threads")
    assert bundle.code == 2
    assert "unknown channel threads; choose from instagram, x, kakao, facebook, naver" in bundle.stderr
    assert not any(tmp_path.iterdir())


def test_a_png_too_big_for_a_channel_becomes_a_jpeg_under_its_limit(tmp_path, monkeypatch):
    limit = 140_000  # between the smallest and the largest reference PNG
    monkeypatch.setitem(CHANNELS, "kakao", replace(CHANNELS["kakao"], max_image_bytes=limit))
    bundle = build(tmp_path, "--channel", "kakao")
    assert bundle.code == 0, bundle.stderr
    assert "re-encoded as JPEG to stay under KakaoTalk's" in bundle.stderr
    images = [image for post in bundle.manifest()["channels"]["kakao"]["posts"] for image in post["images"]]
    assert any(image["format"] == "jpg" for image in images)
    for image in images:
        data = bundle.files()[image["file"]]
        assert len(data) <= limit
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == ("JPEG" if image["file"].endswith(".jpg") else "PNG")
            assert "icc_profile" in picture.info


# -- formats and sizes -------------------------------------------------------------------------------


def test_jpeg_cards_with_the_quality_asked_for(tmp_path):
    bundle = build(tmp_path, "--format", "jpg", "--quality", "80")
    assert bundle.code == 0, bundle.stderr
    files = bundle.files()
    assert [name for name in files if name.endswith(".jpg")] == [f"{name}.jpg" for name in CARDS]
    for name in CARDS:
        with Image.open(io.BytesIO(files[f"{name}.jpg"])) as image:
            assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1080, 1350))
            assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"])))
    assert {card["format"] for card in bundle.manifest()["cards"]} == {"jpg"}


@pytest.mark.parametrize("quality", ["0", "96", "high"])
def test_a_quality_out_of_range_is_refused(tmp_path, quality, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["build", str(REFERENCE), "--out", str(tmp_path), "--quality", quality])
    assert stop.value.code == 2
    assert "is not a JPEG quality; give a whole number from 1 to 95" in capsys.readouterr().err


def test_a_channel_that_refuses_the_shape_gets_a_size_it_takes(tmp_path):
    bundle = build(tmp_path, "--size", "story", "--channel", "instagram,kakao,x")
    assert bundle.code == 0, bundle.stderr
    channels = bundle.manifest()["channels"]
    assert {name: entry["size"] for name, entry in channels.items()} == {"instagram": "portrait", "kakao": "square", "x": "story"}
    files = bundle.files()
    for name, shape in (("instagram", (1080, 1350)), ("kakao", (1080, 1080)), ("x", (1080, 1920))):
        for post in channels[name]["posts"]:
            for image in post["images"]:
                with Image.open(io.BytesIO(files[image["file"]])) as picture:
                    assert picture.size == shape
    with Image.open(io.BytesIO(files["01-cover.png"])) as cover:
        assert cover.size == (1080, 1920)
