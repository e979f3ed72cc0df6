"""Legibility from the outside: an OCR reads the built case cards back (skipped without tesseract)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from cardnews.cli import main
from cardnews.input.load import load_series

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "cases" / "2024-h1-gangnam.yaml"


def _has_korean_ocr() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "kor" in langs


pytestmark = pytest.mark.skipif(not _has_korean_ocr(), reason="tesseract with Korean (tesseract-ocr-kor) is not installed")


def _ocr(image: Image.Image, tmp_path: Path) -> str:
    path = tmp_path / "card.png"
    ImageOps.autocontrast(image.convert("L")).save(path)
    return subprocess.run(["tesseract", str(path), "-", "-l", "kor", "--psm", "4"], capture_output=True, text=True, check=True).stdout


def test_case_cards_read_back(tmp_path):
    assert main(["build", str(REFERENCE), "--out", str(tmp_path)]) == 0
    series = load_series(REFERENCE)[0]
    archive = zipfile.ZipFile(next(tmp_path.glob("*.zip")))
    cases = sorted(n for n in archive.namelist() if re.search(r"/\d\d-case-\d+\.png$", n))
    assert len(cases) == len(series.cases)
    for name, case in zip(cases, series.cases):
        text = re.sub(r"\s+", "", _ocr(Image.open(io.BytesIO(archive.read(name))), tmp_path))
        words = [re.sub(r"[^\w]", "", w) for item in case.items for w in item.text.split()]
        words = [w for w in words if len(w) >= 2]
        found = [w for w in words if w[:4] in text]
        assert len(found) / len(words) >= 0.75, (name, sorted(set(words) - set(found)))
