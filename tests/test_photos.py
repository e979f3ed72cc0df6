"""Photos on cards: both input formats, every file format phones and cameras give, caps, the crop that
keeps the subject, alt text, the manifest and the checks. Test photos are real photographs shipped in
tests/photos (SOURCES.md); every other format is made from them here."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageFilter, ImageStat

from cardnews.build import build, inspect
from cardnews.errors import InputError
from cardnews.input.load import load_case, read_case
from cardnews.input.photos import decode, open_photo, read_photo
from cardnews.layout.crop import choose_crop
from cardnews.model import Photo
from cardnews.render.photo import photo_pixels

PHOTOS = Path(__file__).parent / "photos"
REFERENCE = PHOTOS / "gangnam-photos.yaml"


def _photo(name: str) -> Image.Image:
    return Image.open(PHOTOS / name).convert("RGB")


def _jpeg(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, **options)
    return out.getvalue()


def _read(data: bytes, name: str = "photo.jpg", **fields) -> Photo:
    return read_photo(Photo(name, **fields), data)


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0–255."""
    a, b = a.convert("RGB"), b.convert("RGB").resize(a.size)
    from PIL import ImageChops

    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def _case_file(tmp_path: Path, image: str, extra: str = "") -> Path:
    text = (
        "series:\n  title: 2024 상반기 강남구 적극행정 우수사례 모음\n"
        "cases:\n  - headline: 새 체육관 개관\n"
        f"    image: {image}\n    image_alt: 새로 문을 연 체육관 내부\n{extra}"
        "    items: [주민 누구나 이용 가능]\n"
    )
    path = tmp_path / "week.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- input ---------------------------------------------------------------------------------------


def test_yaml_and_summary_text_with_photos_build_the_same_cards(fonts):
    from_yaml = build(load_case(REFERENCE), fonts, jobs=1)
    from_text = build(load_case(REFERENCE.with_suffix(".txt")), fonts, jobs=1)
    cards = lambda bundle: [(name, data) for name, data in bundle.files if name.endswith(".png")]  # noqa: E731
    assert cards(from_yaml) == cards(from_text)
    series = load_case(REFERENCE).series
    assert series.photo is not None and series.photo.credit == "사진: Rachel Michetti (CC0)"
    assert [bool(case.photo) for case in series.cases] == [True, True, False, True, False]
    assert series.cases[3].photo.focus == (0.55, 0.35)


def test_convert_carries_the_photos_both_ways(tmp_path):
    from cardnews.convert import series_to_summary, series_to_yaml

    for name in ("coffee.jpg", "astronaut.jpg", "rocket.jpg", "chelsea.jpg"):
        shutil.copy(PHOTOS / name, tmp_path)
    original = load_case(REFERENCE).series
    summary, yaml_text = tmp_path / "week.txt", tmp_path / "week.yaml"
    summary.write_text(series_to_summary(load_case(REFERENCE)), encoding="utf-8")
    yaml_text.write_text(series_to_yaml(load_case(REFERENCE.with_suffix(".txt"))), encoding="utf-8")
    for path in (summary, yaml_text):
        again = load_case(path).series
        assert again.photos() and [(where, p.sha256, p.alt, p.credit, p.focus) for where, p in again.photos()] == [
            (where, p.sha256, p.alt, p.credit, p.focus) for where, p in original.photos()]


def test_the_photo_cards_use_the_layouts_photo_designs_and_show_the_photo(fonts):
    bundle = build(load_case(REFERENCE), fonts, jobs=1)
    cards = bundle.planned.cards
    assert [len(card.photos) for card in cards] == [1, 0, 1, 1, 0, 1, 0, 0]
    cover = Image.open(io.BytesIO(dict(bundle.files)["01-cover.png"])).convert("RGB")
    # the top of civic's cover is the coffee photo under a light scrim, not the plain cover gradient
    top = cover.crop((540, 300, 1080, 700))
    assert ImageStat.Stat(top).stddev[0] > 20


def test_a_photo_path_may_not_leave_the_case_files_folder(tmp_path):
    (tmp_path / "inner").mkdir()
    shutil.copy(PHOTOS / "coffee.jpg", tmp_path / "coffee.jpg")
    path = _case_file(tmp_path / "inner", "../coffee.jpg")
    loaded = load_case(path)
    errors = [str(n) for n in loaded.notices if n.level == "error"]
    assert errors == [f"{path}:5: error: '../coffee.jpg': a photo's path is relative to the case file and stays in its folder; put the photo beside it"]


def test_missing_and_unreadable_photos_are_errors_at_their_line(tmp_path, fonts):
    (tmp_path / "notes.jpg").write_bytes(b"this is not a picture at all")
    for image, says in (
        ("gone.jpg", "'gone.jpg': no such photo beside the case file; check the name"),
        ("notes.jpg", "'notes.jpg': not a photo format cardnews reads; use JPEG, PNG, WebP or HEIC"),
    ):
        path = _case_file(tmp_path, image)
        loaded = load_case(path)
        assert [str(n) for n in loaded.notices if n.level == "error"] == [f"{path}:5: error: {says}"]
        with pytest.raises(InputError, match=says):
            build(loaded, fonts, jobs=1)


def test_a_photo_without_image_alt_is_a_warning(tmp_path):
    shutil.copy(PHOTOS / "coffee.jpg", tmp_path)
    path = tmp_path / "week.txt"
    path.write_text("week.zip\n✅ 새 체육관 개관\n\n새 체육관 개관\n📷 coffee.jpg\n✅ 주민 누구나 이용 가능\n", encoding="utf-8")
    warnings = [str(n) for n in load_case(path).notices if n.level == "warning"]
    assert f"{path}:5: warning: 'coffee.jpg' has no image_alt: say what the photo shows, for people who cannot see it" in warnings


def test_focus_out_of_range_is_a_schema_error(tmp_path):
    shutil.copy(PHOTOS / "coffee.jpg", tmp_path)
    path = _case_file(tmp_path, "coffee.jpg", "    focus: [0.5, 1.4]\n")
    errors = [n.message for n in load_case(path).notices if n.level == "error"]
    assert errors == ["cases[0].focus[1]: expected a number from 0 to 1, got '1.4'"]


def test_a_web_draft_reads_its_photos_from_memory():
    text = (PHOTOS / "gangnam-photos.txt").read_text(encoding="utf-8")
    files = {name: (PHOTOS / name).read_bytes() for name in ("coffee.jpg", "astronaut.jpg", "rocket.jpg", "chelsea.jpg")}
    loaded = read_case(text, "draft.txt", photos=files)
    assert [n for n in loaded.notices if n.level == "error"] == []
    assert loaded.series.cases[0].photo.sha256 and loaded.series.cases[0].photo.width == 512
    missing = read_case(text, "draft.txt", photos={})
    assert any("'coffee.jpg': no photo of that name was given" in n.message for n in missing.notices)


# -- formats -------------------------------------------------------------------------------------


def test_exif_orientation_is_applied():
    upright = _photo("astronaut.jpg").crop((0, 0, 512, 300))  # wider than tall
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone held sideways stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    photo = _read(_jpeg(stored, exif=exif.tobytes()))
    assert (photo.width, photo.height) == (512, 300)
    shown = photo_pixels(photo, (0.0, 0.0, 512.0, 300.0), 512, 300)
    assert _difference(shown, upright) < 6


def test_cmyk_jpeg_is_converted_to_rgb():
    original = _photo("coffee.jpg")
    photo = _read(_jpeg(original.convert("CMYK")))
    assert photo.format == "JPEG"
    shown = photo_pixels(photo, (0.0, 0.0, 600.0, 400.0), 600, 400)
    assert shown.mode == "RGBA" and _difference(shown, original) < 10


def _icc_swapping_red_and_blue() -> bytes:
    """A small RGB matrix/TRC ICC profile whose red and blue primaries are sRGB's blue and red: a file
    tagged with it that says (255, 0, 0) means blue."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", int(2.2 * 256)) + b"\0\0"
    description = b"desc" + b"\0" * 4 + struct.pack(">I", 5) + b"test\0" + b"\0" * (4 + 4 + 2 + 1 + 67)
    # sRGB's D50-adapted primaries, red and blue swapped
    tags = [
        (b"desc", description), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)), (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.4360, 0.2225, 0.0139)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve), (b"cprt", b"text\0\0\0\0none\0\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        padded = data + b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += padded
    size = offset + len(body)
    header = struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ " + b"\0" * 12
    header += b"acsp" + b"APPL" + b"\0" * 4 + b"\0" * 8 + b"\0" * 8 + b"\0" * 4
    header += struct.pack(">3i", round(0.9642 * 65536), 65536, round(0.8249 * 65536)) + b"\0" * 4
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + body


def test_an_embedded_icc_profile_is_converted_to_srgb():
    red = Image.new("RGB", (64, 64), (255, 0, 0))
    photo = _read(_jpeg(red, icc_profile=_icc_swapping_red_and_blue()))
    r, g, b, _a = ImageStat.Stat(photo_pixels(photo, (0.0, 0.0, 64.0, 64.0), 64, 64)).mean
    assert b > 200 and r < 60  # drawn as the blue the profile says it is


def test_progressive_jpeg_webp_and_png_with_alpha_are_read():
    original = _photo("chelsea.jpg")
    progressive = _read(_jpeg(original, progressive=True))
    webp = io.BytesIO()
    original.save(webp, "WEBP", quality=90)
    cutout = original.convert("RGBA")
    cutout.putalpha(Image.new("L", original.size, 255).crop((0, 0, original.width, original.height)).point(lambda v: v))
    cutout.paste((0, 0, 0, 0), (0, 0, original.width // 2, original.height))
    png = io.BytesIO()
    cutout.save(png, "PNG")
    for photo, expected_format in ((progressive, "JPEG"), (_read(webp.getvalue(), "photo.webp"), "WEBP"), (_read(png.getvalue(), "photo.png"), "PNG")):
        assert photo.format == expected_format and (photo.width, photo.height) == original.size
        shown = photo_pixels(photo, (0.0, 0.0, 451.0, 300.0), 451, 300)
        right = shown.crop((240, 0, 451, 300))
        assert _difference(right, original.crop((240, 0, 451, 300))) < 8
    alpha = photo_pixels(_read(png.getvalue(), "photo.png"), (0.0, 0.0, 451.0, 300.0), 451, 300).getchannel("A")
    assert alpha.getpixel((50, 150)) == 0 and alpha.getpixel((400, 150)) == 255


def test_heic_from_a_phone_is_read():
    pillow_heif = pytest.importorskip("pillow_heif")
    original = _photo("astronaut.jpg")
    heif = pillow_heif.from_pillow(original)
    out = io.BytesIO()
    heif.save(out, quality=90)
    photo = _read(out.getvalue(), "IMG_0001.HEIC")
    assert photo.format == "HEIF" and (photo.width, photo.height) == (512, 512)
    assert _difference(photo_pixels(photo, (0.0, 0.0, 512.0, 512.0), 512, 512), original) < 8


def test_oversized_files_and_decompression_bombs_are_refused_with_what_to_do():
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")  # 100 megapixels in a few kilobytes
    with pytest.raises(InputError, match=r"'bomb.png': .*too large .*at most 60,000,000 pixels.*save it smaller"):
        _read(bomb.getvalue(), "bomb.png")
    with pytest.raises(InputError, match=r"'huge.jpg': 30,000,001 bytes is too large for a photo \(at most 30,000,000\); save it smaller"):
        _read(b"\xff" * 30_000_001, "huge.jpg")
    with pytest.raises(InputError, match="not a photo format"):
        _read(b"GIF89a" + b"\0" * 100, "anim.gif")


def test_a_large_jpeg_is_decoded_at_reduced_size():
    large = _photo("rocket.jpg").resize((6000, 4000))  # 24 megapixels
    with open_photo(_jpeg(large), "large.jpg") as opened:
        decoded = decode(opened, (1080, 720), "large.jpg")
    assert 1080 <= decoded.width < 3000 and 720 <= decoded.height < 2000  # JPEG's draft mode did the shrinking


# -- cropping ------------------------------------------------------------------------------------


def _kept(crop: tuple[float, float, float, float], subject: tuple[int, int, int, int]) -> float:
    """The share of the subject's box inside the crop."""
    left, top = max(crop[0], subject[0]), max(crop[1], subject[1])
    right, bottom = min(crop[2], subject[2]), min(crop[3], subject[3])
    area = (subject[2] - subject[0]) * (subject[3] - subject[1])
    return max(0.0, right - left) * max(0.0, bottom - top) / area


def _scene(subject: Image.Image, size: tuple[int, int], at: tuple[int, int]) -> tuple[bytes, tuple[int, int, int, int]]:
    """A real subject placed off centre on a real but out-of-focus background (the rocket's sky, blurred)."""
    background = _photo("rocket.jpg").crop((200, 0, 440, 160)).resize(size).filter(ImageFilter.GaussianBlur(24))
    background.paste(subject, at)
    return _jpeg(background), (at[0], at[1], at[0] + subject.width, at[1] + subject.height)


@pytest.mark.parametrize(
    "subject_name, box, size, at, aspect",
    [
        ("chelsea.jpg", (130, 40, 330, 240), (1600, 600), (40, 200), 0.8),  # a cat's head at the far left of a wide shot
        ("chelsea.jpg", (130, 40, 330, 240), (1600, 600), (1340, 120), 1.0),  # at the far right
        ("coffee.jpg", (150, 20, 500, 330), (700, 1800), (170, 1440), 1.6),  # a cup at the bottom of a tall shot
        ("astronaut.jpg", (150, 15, 300, 180), (900, 1600), (700, 60), 1.25),  # a face in the top corner
    ],
)
def test_the_crop_keeps_an_off_centre_subject(subject_name, box, size, at, aspect):
    data, subject = _scene(_photo(subject_name).crop(box), size, at)
    photo = _read(data)
    crop = choose_crop(photo, aspect)
    centred = choose_crop(Photo("p", width=photo.width, height=photo.height, data=b"x"), aspect)  # no detail map: the centre
    assert _kept(crop, subject) >= 0.9, (crop, subject)
    assert _kept(centred, subject) < 0.5  # the test means something: the centre crop loses it
    assert abs((crop[2] - crop[0]) / (crop[3] - crop[1]) - aspect) < 0.01


def test_the_crop_keeps_the_face_of_a_real_portrait():
    photo = _read((PHOTOS / "astronaut.jpg").read_bytes())
    face = (150, 15, 300, 180)  # Eileen Collins's head, hair to chin
    crop = choose_crop(photo, 2.5)  # a wide band
    assert _kept(crop, face) >= 0.9
    assert _kept(choose_crop(Photo("p", width=512, height=512, data=b"x"), 2.5), face) < 0.5


def test_focus_places_the_crop(tmp_path):
    photo = _read((PHOTOS / "coffee.jpg").read_bytes(), focus=(0.9, 0.5))
    left, _top, right, _bottom = choose_crop(photo, 1.0)
    assert (left, right) == (200.0, 600.0)  # as far right as the photo goes


# -- bundle and checks ---------------------------------------------------------------------------


def test_alt_text_and_manifest_describe_each_photo(fonts):
    bundle = build(load_case(REFERENCE), fonts, jobs=1)
    with zipfile.ZipFile(io.BytesIO(bundle.zip_data)) as archive:
        folder = archive.namelist()[0].split("/")[0]
        manifest = json.loads(archive.read(f"{folder}/manifest.json"))
        alt = archive.read(f"{folder}/alt.txt").decode("utf-8")
    case_1 = next(card for card in manifest["cards"] if card["file"] == "03-case-1.png")
    assert case_1["alt"].startswith("8장 중 3번째 카드. 사진: 성조기 앞에서 우주복을 입고 헬멧을 든 채 웃고 있는 여성 (사진: NASA). 사례 1.")
    astronaut = (PHOTOS / "astronaut.jpg").read_bytes()
    import hashlib

    assert case_1["photos"] == [{"file": "astronaut.jpg", "sha256": hashlib.sha256(astronaut).hexdigest(), "alt": "성조기 앞에서 우주복을 입고 헬멧을 든 채 웃고 있는 여성", "credit": "사진: NASA"}]
    assert "photos" not in next(card for card in manifest["cards"] if card["file"] == "02-contents.png")
    assert alt.count("사진: ") >= 8  # four photos, each described with its credit


def test_check_warns_of_a_photo_shown_too_large(fonts):
    notices = [n.message for n in inspect(load_case(REFERENCE), fonts).notices]
    assert "case 1: photo 'astronaut.jpg' is 512×512 pixels and is shown at 2.1× that on the card; use a larger photo (at least 720 pixels wide)" in notices
    assert not [m for m in notices if "WCAG" in m]


@pytest.mark.parametrize("layout", ["civic", "warm", "bold"])
def test_text_over_a_white_photo_passes_the_contrast_check(tmp_path, fonts, layout):
    """The scrims are strong enough for the worst photo: pure white where text goes."""
    Image.new("RGB", (2400, 2400), "white").save(tmp_path / "white.jpg", quality=95)
    path = tmp_path / "week.yaml"
    text = REFERENCE.read_text(encoding="utf-8")
    for name in ("coffee.jpg", "astronaut.jpg", "rocket.jpg", "chelsea.jpg"):
        text = text.replace(f"image: {name}", "image: white.jpg")
    path.write_text(text, encoding="utf-8")
    notices = inspect(load_case(path, {"layout": layout, "size": "all"}), fonts).notices
    assert [str(n) for n in notices if "WCAG" in n.message] == []


def test_low_contrast_over_a_photo_is_reported(tmp_path, fonts):
    layout = (Path(__file__).parent.parent / "layouts" / "civic.yaml").read_text(encoding="utf-8")
    without_scrim = layout.replace('scrim: ["#0E1A3A/C0", "#0E1A3A/99", "#0E1A3A/00", "#0E1A3A/E6"], ', "")
    assert without_scrim != layout
    (tmp_path / "thin.yaml").write_text(without_scrim, encoding="utf-8")
    Image.new("RGB", (2400, 2400), "white").save(tmp_path / "white.jpg", quality=95)
    path = _case_file(tmp_path, "white.jpg", extra="    credit: '사진: 강남구'\n").with_name("week.yaml")
    text = path.read_text(encoding="utf-8").replace("cases:", "  image: white.jpg\n  image_alt: 흰 벽\ncases:", 1)
    path.write_text(text, encoding="utf-8")
    notices = inspect(load_case(path, {"layout": str(tmp_path / "thin.yaml")}), fonts).notices
    found = [n.message for n in notices if "WCAG" in n.message]
    assert found and all("01-cover.png" in m for m in found), found
    assert not [n for n in inspect(load_case(path), fonts).notices if "WCAG" in n.message]  # civic's own scrim passes


# -- the web app ---------------------------------------------------------------------------------


def test_the_web_api_takes_a_photo_and_builds_with_it():
    pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
    from fastapi.testclient import TestClient

    from cardnews.web.app import create_app

    out = io.BytesIO()
    _photo("rocket.jpg").resize((3000, 2000)).save(out, "PNG")
    big = out.getvalue()
    assert len(big) > 1024 * 1024  # more than any other request may send
    text = "image: rocket.png\nimage_alt: 발사대의 로켓\n\n주간 소식.zip\n✅ 새 체육관 개관\n\n새 체육관 개관\n📷 ../../rocket.png | 로켓\n✅ 누구나 이용\n"
    with TestClient(create_app(warm_up=False)) as client:
        answer = client.post("/api/photos?filename=C:\\Users\\me\\rocket.png", content=big)
        assert answer.status_code == 200
        sent = answer.json()
        assert sent["name"] == "rocket.png" and (sent["width"], sent["height"]) == (3000, 2000)
        bad = client.post("/api/photos?filename=notes.jpg", content=b"not a photo")
        assert bad.status_code == 422 and "not a photo format" in bad.json()["error"]["message"]
        assert client.post("/api/preview", json={"text": text + "x" * (1024 * 1024)}).status_code == 413

        names = {"rocket.png": sent["sha256"], "../../rocket.png": sent["sha256"]}  # a name is only a key here
        built = client.post("/api/render", json={"text": text, "photos": names})
        assert built.status_code == 200
        with zipfile.ZipFile(io.BytesIO(built.content)) as archive:
            manifest = json.loads(archive.read("주간 소식/manifest.json"))
        assert [card.get("photos", [{}])[0].get("sha256") for card in manifest["cards"][:3:2]] == [sent["sha256"]] * 2
        unknown = client.post("/api/check", json={"text": text, "photos": {"other.jpg": sent["sha256"]}}).json()
        assert [n["message"] for n in unknown["notices"] if n["level"] == "error"] == [
            "'rocket.png': no photo of that name was given; add the photo", "'../../rocket.png': no photo of that name was given; add the photo"]


def test_summary_photo_lines_that_are_wrong_say_where_and_what_to_do(tmp_path):
    head = "week.zip\n✅ 새 체육관 개관\n\n"
    for body, says in (
        ("📷 gym.jpg\n새 체육관 개관\n✅ 주민 이용\n", "{file}:4: a 📷 photo line belongs to the case above it: put it under the case's headline, with no blank line between"),
        ("새 체육관 개관\n📷 gym.jpg | 체육관 | 사진: 구청 | 0.5, 2\n✅ 주민 이용\n", "{file}:5: error: focus '0.5, 2': expected x, y, each a number from 0 to 1 (e.g. 0.3, 0.6)"),
        ("새 체육관 개관\n📷 gym.jpg\n📷 hall.jpg\n✅ 주민 이용\n", "{file}:6: error: a case has one photo; this is its second 📷 line"),
    ):
        path = tmp_path / "week.txt"
        path.write_text(head + body, encoding="utf-8")
        try:
            notices = [str(n) for n in load_case(path).notices if n.level == "error"]
        except InputError as exc:
            notices = [str(exc)]
        assert says.format(file=path) in notices, notices
    path.write_text("image_alt: 빈 사진\n\n" + head + "새 체육관 개관\n✅ 주민 이용\n", encoding="utf-8")
    assert f"{path}:1: warning: image_alt: there is no image: line for it; add image: FILE or remove it" in [str(n) for n in load_case(path).notices]


def test_the_cli_stops_on_a_missing_photo_with_exit_2_and_no_traceback(tmp_path, capsys):
    from cardnews.cli import main

    path = _case_file(tmp_path, "gone.jpg")
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5: error: 'gone.jpg': no such photo beside the case file; check the name" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_layout_may_show_the_whole_photo_on_a_matte(tmp_path, fonts):
    layout = (Path(__file__).parent.parent / "layouts" / "civic.yaml").read_text(encoding="utf-8")
    contain = layout.replace("{id: photo, type: photo, box: [0, 0, 1, 0.37]}", '{id: photo, type: photo, box: [0, 0, 1, 0.37], fit: contain, matte: "#FF0000", radius: 40}')
    assert contain != layout
    (tmp_path / "contain.yaml").write_text(contain, encoding="utf-8")
    shutil.copy(PHOTOS / "rocket.jpg", tmp_path)
    bundle = build(load_case(_case_file(tmp_path, "rocket.jpg"), {"layout": str(tmp_path / "contain.yaml")}), fonts, jobs=1)
    card = Image.open(io.BytesIO(dict(bundle.files)["03-case-1.png"])).convert("RGB")
    photo_width = 500 * 640 / 427  # the band is 1080×500 (0.37 of 1350): the photo's whole height fits
    left = round((1080 - photo_width) / 2)
    assert card.getpixel((left // 2, 250)) == (255, 0, 0)  # the matte either side
    assert card.getpixel((1080 - left // 2, 250)) == (255, 0, 0)
    assert card.getpixel((2, 2)) != (255, 0, 0)  # outside the rounded corner: the card's ground
    assert _difference(card.crop((left + 4, 4, 1080 - left - 4, 496)), _photo("rocket.jpg").crop((3, 3, 637, 424))) < 12
