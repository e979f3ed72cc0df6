"""Where the bundled fonts and layouts live, in a wheel and in a source checkout alike."""

from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _data_root() -> Path:
    if _PACKAGE_DATA.is_dir():
        return _PACKAGE_DATA
    return _SOURCE_ROOT


def fonts_dir() -> Path:
    return _data_root() / "assets" / "fonts"


def layouts_dir() -> Path:
    return _data_root() / "layouts"


def sample_case() -> Path:
    """The reference series, for layout previews."""
    return _data_root() / "cases" / "2024-h1-gangnam.yaml"
