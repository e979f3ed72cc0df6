"""Mistakes in a command's options are messages with exit 2, never "internal error" (exit 70)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from cardnews.cli import main

CASE = Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.txt"


def run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse
            code = exc.code
    return code, out.getvalue()


def test_convert_to_a_folder(tmp_path):
    code, said = run("convert", CASE, "-o", tmp_path)
    assert said.splitlines()[-1] == f"cardnews: {tmp_path}: is a folder; give a file name with -o."
    assert code == 2


def test_convert_into_a_missing_folder(tmp_path):
    code, said = run("convert", CASE, "-o", tmp_path / "no" / "case.yaml")
    assert said.splitlines()[-1] == f"cardnews: {tmp_path / 'no'}: no such folder; make it first, or give another path with -o."
    assert code == 2


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_convert_to_a_device(device):
    code, said = run("convert", CASE, "-o", device)
    assert said.splitlines()[-1] == f"cardnews: {device}: is not a regular file (a device or pipe); give a file name with -o."
    assert code == 2


def test_convert_over_its_own_input_is_refused(tmp_path):
    case = tmp_path / "week.yaml"
    case.write_text("series:\n  title: 2024 상반기 강남구 사례 # a comment\ncases:\n  - headline: 제목\n    items: [항목]\n", encoding="utf-8")
    before = case.read_bytes()
    code, said = run("convert", case, "-o", case)
    assert said.splitlines()[-1] == f"cardnews: {case}: is the file being converted; give the YAML another name with -o."
    assert code == 2 and case.read_bytes() == before


def test_convert_replaces_an_earlier_file_whole(tmp_path):
    target = tmp_path / "case.yaml"
    target.write_text("old", encoding="utf-8")
    code, said = run("convert", CASE, "-o", target)
    assert code == 0, said
    assert target.read_text(encoding="utf-8").startswith("series:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]  # no temporary file left


@pytest.mark.parametrize("out", ["input", "/dev/null"])
def test_preview_out_at_a_file(out, tmp_path):
    case = tmp_path / "week.txt"
    case.write_bytes(CASE.read_bytes())
    target = case if out == "input" else Path(out)
    code, said = run("preview", case, "--out", target)
    assert said.splitlines()[-1] == f"cardnews: {target}: is a file, not a folder; choose a folder with --out."
    assert code == 2
    assert case.read_bytes() == CASE.read_bytes()


def test_layouts_preview_out_at_a_file(tmp_path):
    blocker = tmp_path / "sheets"
    blocker.write_text("a file", encoding="utf-8")
    code, said = run("layouts", "--preview", "--out", blocker)
    assert said.splitlines()[-1] == f"cardnews: {blocker}: is a file, not a folder; choose a folder with --out."
    assert code == 2


def test_new_dir_at_a_file(tmp_path):
    blocker = tmp_path / "cases"
    blocker.write_text("a file", encoding="utf-8")
    code, said = run("new", "2024 하반기 적극행정 우수사례", "--dir", blocker)
    assert said.splitlines()[-1] == f"cardnews: {blocker}: is a file, not a folder; choose a folder with --dir."
    assert code == 2


@pytest.mark.parametrize("port", ["99999", "-1", "0", "８０"])
def test_serve_port_out_of_range(port):
    code, said = run("serve", "--port", port)
    assert said.splitlines()[-1] == f"cardnews serve: error: argument --port: {port!r} is not a port number; give a whole number from 1 to 65,535"
    assert code == 2


@pytest.mark.parametrize("option, what, upper", [("--quality", "a JPEG quality", " to 95"), ("--jobs", "a number of processes", "")])
def test_digits_that_are_not_ascii(option, what, upper):
    code, said = run("build", CASE, option, "²")
    assert said.splitlines()[-1] == f"cardnews build: error: argument {option}: '²' is not {what}; give a whole number from 1{upper}"
    assert code == 2


# -- convert keeps what it reads ---------------------------------------------------------------------------


def test_convert_keeps_the_brand_block_and_its_logo(tmp_path):
    from PIL import Image

    from cardnews.input.load import load_case, load_series

    source = tmp_path / "cases"
    source.mkdir()
    Image.new("RGBA", (40, 20), (0, 80, 160, 255)).save(source / "logo.png")
    case = source / "week.yaml"
    case.write_text(
        "series:\n  title: 2024 상반기 강남구 사례\n  period: 2024.10\nbrand:\n  logo: logo.png\n  colors: {primary: \"#0051A4\"}\n"
        "  handle: \"@gangnam_gu\"\ncases:\n  - headline: 제목\n    items: [항목]\n",
        encoding="utf-8",
    )
    target = tmp_path / "elsewhere" / "week.yaml"
    target.parent.mkdir()
    code, said = run("convert", case, "-o", target)
    assert code == 0, said
    brand = load_case(target).settings.brand
    assert brand is not None and brand.logo is not None and brand.logo.name == str((source / "logo.png").resolve())
    assert brand.colors == {"primary": "#0051A4"} and brand.handle == "@gangnam_gu"
    assert load_series(target)[0].period == "2024.10"
