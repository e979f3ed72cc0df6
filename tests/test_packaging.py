"""The wheel as users install it: every licence in its metadata, one version, the bundled data inside."""

from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cardnews

ROOT = Path(__file__).resolve().parents[1]
LICENCES = ["LICENSE", "assets/fonts/PretendardGOV-OFL.txt", "assets/fonts/NotoFallback-OFL.txt", "assets/fonts/NotoColorEmoji-LICENSE.txt"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from this checkout by its build backend, as `pip install .` would."""
    pytest.importorskip("hatchling", reason="the build backend is not installed: pip install -e '.[test]'")
    out = tmp_path_factory.mktemp("wheel")
    script = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", script, str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out / done.stdout.strip().splitlines()[-1]


def dist_info(archive: zipfile.ZipFile) -> str:
    (folder,) = {name.split("/")[0] for name in archive.namelist() if name.split("/")[0].endswith(".dist-info")}
    return folder


def test_the_wheel_carries_every_licence_and_declares_them(wheel):
    with zipfile.ZipFile(wheel) as archive:
        info = dist_info(archive)
        for licence in LICENCES:
            assert archive.read(f"{info}/licenses/{licence}") == (ROOT / licence).read_bytes()
        metadata = email.message_from_bytes(archive.read(f"{info}/METADATA"))
    assert metadata["License-Expression"] == "MIT AND OFL-1.1"
    assert sorted(metadata.get_all("License-File")) == sorted(LICENCES)
    assert "MIT License" in (ROOT / "LICENSE").read_text() and "cardnews contributors" in (ROOT / "LICENSE").read_text()


def test_the_version_is_written_in_one_place(wheel):
    with zipfile.ZipFile(wheel) as archive:
        metadata = email.message_from_bytes(archive.read(f"{dist_info(archive)}/METADATA"))
    assert metadata["Version"] == cardnews.__version__
    assert wheel.name.startswith(f"cardnews-{cardnews.__version__}-")
    done = subprocess.run([sys.executable, "-m", "cardnews", "--version"], capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert done.stdout.strip() == f"cardnews {cardnews.__version__}"
    assert "version =" not in (ROOT / "pyproject.toml").read_text().split("[project]")[1].split("\n[")[0]


def test_the_installed_wheel_builds_its_sample_from_any_folder(wheel, tmp_path):
    """The README's first command, from the wheel's own data: no source checkout anywhere near."""
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    assert (installed / "cardnews" / "_data" / "cases" / "2024-h1-gangnam.yaml").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-m", "cardnews", "sample", "-q"], cwd=elsewhere, capture_output=True, text=True,
                          timeout=180, env={"PYTHONPATH": str(installed), "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (elsewhere / "out").glob("*.zip")] == ["2024 상반기 강남구 적극행정 우수사례 모음.zip"]


def test_the_wheel_says_it_is_typed(wheel):
    """PEP 561: `py.typed` in the package, so type checkers read the API's annotations."""
    with zipfile.ZipFile(wheel) as archive:
        assert "cardnews/py.typed" in archive.namelist()
        assert "cardnews/api.py" in archive.namelist()


def test_the_wheel_carries_the_compiled_korean_catalogue_and_speaks_korean(wheel, tmp_path):
    """The .mo as compiled in the checkout ships in the wheel, and the installed wheel's messages are Korean."""
    mo = "cardnews/locale/ko/LC_MESSAGES/cardnews.mo"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(mo) == (ROOT / "src" / mo).read_bytes()
        archive.extractall(tmp_path / "site")
    bad = ROOT / "tests" / "bad_inputs" / "unknown-shortcode.txt"
    done = subprocess.run([sys.executable, "-m", "cardnews", "check", str(bad)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=180, env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""})
    assert done.returncode == 2
    assert f"{bad}:9: 오류: 알 수 없는 이모지 단축 코드 :scrol:입니다. 이름을 확인하세요 (예: :check_mark_button:)" in done.stdout
