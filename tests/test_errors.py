"""Errors a person can act on: one or two lines, exit 2, no traceback unless --debug; a bug exits 70."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from cardnews.cli import main
from cardnews.errors import InputError
from cardnews.input.images import open_image_safely

CASE = Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.yaml"


def test_an_internal_failure_exits_70_and_says_it_is_a_bug(monkeypatch, capsys, tmp_path):
    import cardnews.build

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cardnews.build, "glyph_problems", broken)
    assert main(["check", str(CASE)]) == 70
    err = capsys.readouterr().err
    assert err == (
        "cardnews: internal error (ZeroDivisionError: division by zero). This is a bug in cardnews: please report it "
        "with the command you ran, the input file and the output of the same command with --debug.\n"
    )
    assert main(["check", str(CASE), "--debug"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_a_user_error_has_no_traceback_unless_debug(capsys, tmp_path):
    missing = tmp_path / "nope.yaml"
    assert main(["check", str(missing)]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["check", str(missing), "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels (a decompression bomb's calling card)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def test_logo_missing(tmp_path):
    with pytest.raises(InputError, match="no such file. Check the path"):
        open_image_safely(tmp_path / "logo.png")


def test_logo_not_an_image(tmp_path):
    path = tmp_path / "logo.png"
    path.write_text("not a picture", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable image"):
        open_image_safely(path)


def test_logo_too_many_bytes(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"\0" * 2000)
    with pytest.raises(InputError, match="use a smaller file"):
        open_image_safely(path, max_bytes=1000)


def test_logo_claiming_too_many_pixels_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_claiming(30_000, 30_000))
    with pytest.raises(InputError, match="too large"):
        open_image_safely(path, max_pixels=40_000_000)


def test_logo_over_pillows_bomb_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    path = tmp_path / "big.png"
    Image.new("RGB", (100, 100)).save(path)
    with pytest.raises(InputError, match="too large"):
        open_image_safely(path, max_pixels=10**9)


def test_a_sound_logo_opens(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (40, 20), (255, 0, 0, 255)).save(path)
    assert open_image_safely(path).size == (40, 20)
