"""The brand kit: logo on the cover and closing card, colours over the theme's, the handle."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cardnews.build import plan
from cardnews.input.load import load_case
from cardnews.errors import InputError
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import ImageRun
from cardnews.render.draw import render_card

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "cases" / "2024-h1-gangnam.yaml"


@pytest.fixture(scope="module")
def fonts() -> FontBook:
    return FontBook()


@pytest.fixture
def branded(tmp_path) -> Path:
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((10, 10, 190, 190), fill=(255, 0, 255, 255))
    logo.save(tmp_path / "logo.png")
    (tmp_path / "brand.yaml").write_text('logo: logo.png\ncolors:\n  primary: "#0B7A3B"\nhandle: "@brand_handle"\n', encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(REFERENCE.read_text(encoding="utf-8").replace("  handle: '@gangnam_gu'\n", ""), encoding="utf-8")
    return case


def test_logo_is_drawn_on_cover_and_closing_only(branded, fonts):
    planned = plan(load_case(branded), fonts)
    with_logo = [card.kind for card in planned.cards if any(isinstance(e, ImageRun) for e in card.elements)]
    assert with_logo == ["cover", "closing"]
    cover = planned.cards[0]
    run = next(e for e in cover.elements if isinstance(e, ImageRun))
    image = render_card(cover, fonts)
    r, g, b = image.getpixel((run.x + run.height // 2, run.y + run.height // 2))
    assert r > 200 and b > 200 and g < 80  # the magenta disc of the logo


def test_brand_colours_override_the_theme(branded, fonts):
    plain = render_card(plan(load_case(REFERENCE), fonts).cards[0], fonts)
    brand = render_card(plan(load_case(branded), fonts).cards[0], fonts)
    r, g, b = brand.getpixel((540, 1300))
    assert g > r and g > b  # the green primary, where civic is blue
    assert plain.getpixel((540, 1300))[2] > plain.getpixel((540, 1300))[1]


def test_brand_handle_fills_in_when_the_case_file_has_none(branded, fonts):
    closing = plan(load_case(branded), fonts).cards[-1]
    assert "@brand_handle" in closing.texts


def test_bad_brand_file_names_the_line(tmp_path, fonts):
    (tmp_path / "brand.yaml").write_text('colors:\n  primary: green\nlogo: missing.png\n', encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        plan(load_case(case), fonts)
    message = str(caught.value)
    assert f"{tmp_path / 'brand.yaml'}:2: colors.primary: expected a colour" in message
    assert "logo: 'missing.png' not found" in message


def test_a_broken_logo_is_an_input_error(tmp_path, fonts):
    (tmp_path / "logo.png").write_bytes(b"not a png at all")
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="not a readable image"):
        plan(load_case(case), fonts)


def test_brand_inside_the_case_file(tmp_path, fonts):
    logo = Image.new("RGBA", (300, 100), (0, 200, 0, 255))
    logo.save(tmp_path / "seal.png")
    case = tmp_path / "case.yaml"
    case.write_text(REFERENCE.read_text(encoding="utf-8") + 'brand:\n  logo: seal.png\n  colors: {primary: "#7A1FA2"}\n', encoding="utf-8")
    planned = plan(load_case(case), fonts)
    assert any(isinstance(e, ImageRun) for e in planned.cards[0].elements)
    r, g, b = render_card(planned.cards[0], fonts).getpixel((540, 1300))
    assert r > g and b > g  # purple primary


def test_brand_inside_the_case_file_is_checked_with_its_line(tmp_path, fonts):
    case = tmp_path / "case.yaml"
    text = REFERENCE.read_text(encoding="utf-8") + "brand:\n  colours: {primary: '#7A1FA2'}\n"
    case.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        plan(load_case(case), fonts)
    line = text.splitlines().index("  colours: {primary: '#7A1FA2'}") + 1
    assert f"{case}:{line}: brand.colours: unknown key" in str(caught.value)
