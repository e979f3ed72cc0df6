"""The Python API: build a series from a case file, from a summary text in memory, or from a `Series`
made in code, and get the cards and the bundle's texts back as values. Nothing is written unless asked.

    import cardnews
    result = cardnews.make("cases/2024-h1-gangnam.yaml", layout="warm")
    result.cards[0].image()          # a PIL image
    result.caption, result.alt_text  # the post text and alt.txt
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from cardnews.build import Bundle, Planned
from cardnews.build import build as build_bundle
from cardnews.build import inspect
from cardnews.input.load import Loaded, load_case, read_case
from cardnews.layout.fonts import FontBook
from cardnews.model import Notice, Series, Settings, SourceMap

Source = str | Path | Series | Loaded
_fonts: FontBook | None = None


@dataclass(frozen=True)
class Card:
    """One card of the series, encoded as in the bundle (`data`), with where it goes and its alt text."""

    file: str  # its path in the bundle folder: 03-case-1.png, or story/03-case-1.png with several sizes
    kind: str  # cover, contents, case, continuation, closing
    page: int
    width: int
    height: int
    alt: str
    data: bytes = field(repr=False)

    def image(self) -> Image.Image:
        """The card as a Pillow image, decoded from its file (for PNG, the exact pixels drawn)."""
        with Image.open(io.BytesIO(self.data)) as image:
            image.load()
            return image.copy()


@dataclass(frozen=True)
class Result:
    """What a build makes, as values: the cards, the bundle's texts and files, and the zip."""

    series: Series
    settings: Settings
    cards: list[Card]
    caption: str  # caption.txt: the post text
    alt_text: str  # alt.txt: each card's file name, then its alt text
    manifest: dict[str, Any]
    pdf: bytes = field(repr=False)
    files: dict[str, bytes] = field(repr=False)  # every file of the bundle folder, by its path in it
    folder: str = ""  # the card folder's name
    zip_name: str = ""
    zip_data: bytes = field(default=b"", repr=False)
    notices: list[Notice] = field(default_factory=list)

    def write(self, out_dir: str | Path = "out") -> Path:
        """Write the card folder and the zip into `out_dir`, as `cardnews build` does; returns the zip's path."""
        from cardnews.bundle.package import write_outputs

        _, zip_path = write_outputs(Path(out_dir), self.folder, list(self.files.items()), self.zip_name, self.zip_data)
        return zip_path


def load(source: Source, **settings: Any) -> Loaded:
    """A case file (a path, as `str` or `Path`), or a `Series` made in code, ready to check or build.

    `settings` replace the file's: `layout`, `size`, `compact`, `channels`, `image_format`, `quality`, `link`, `brand`.
    """
    if isinstance(source, Loaded):
        loaded = source
    elif isinstance(source, Series):
        loaded = Loaded(source, Settings(), SourceMap())
    else:
        loaded = load_case(source)
    return loaded.with_settings(**settings) if settings else loaded


def load_text(text: str | bytes, kind: str = "txt", name: str = "", **settings: Any) -> Loaded:
    """A summary text (`kind="txt"`) or YAML case file (`kind="yaml"`) in memory; `name` is what messages call it."""
    loaded = read_case(text, name or ("case.yaml" if kind == "yaml" else "summary.txt"), kind)
    return loaded.with_settings(**settings) if settings else loaded


def check(source: Source, **settings: Any) -> list[Notice]:
    """Every problem `cardnews check` reports, errors and warnings together."""
    return inspect(load(source, **settings), _shared_fonts()).notices


def make(source: Source, *, strict: bool = False, jobs: int = 1, **settings: Any) -> Result:
    """Build a series into its cards and bundle, in memory. Raises `CardnewsError` on an error in the input
    (its `notices` say which), and with `strict` on a warning too."""
    return _result(build_bundle(load(source, **settings), _shared_fonts(), strict=strict, jobs=jobs))


def make_text(text: str | bytes, kind: str = "txt", name: str = "", *, strict: bool = False, jobs: int = 1, **settings: Any) -> Result:
    """`make` for a summary text or YAML case file in memory."""
    return make(load_text(text, kind, name, **settings), strict=strict, jobs=jobs)


def _shared_fonts() -> FontBook:
    global _fonts
    if _fonts is None:
        _fonts = FontBook()
    return _fonts


def _result(bundle: Bundle) -> Result:
    files = dict(bundle.files)
    manifest = json.loads(files["manifest.json"])
    names = manifest["files"]
    cards = [Card(c["file"], c["kind"], c["page"], c["width"], c["height"], c["alt"], files[c["file"]]) for c in manifest["cards"]]
    planned: Planned = bundle.planned
    return Result(
        planned.series, planned.settings, cards, files[names["caption"]].decode("utf-8"), files[names["alt"]].decode("utf-8"),
        manifest, files[names["pdf"]], files, bundle.folder, bundle.zip_name, bundle.zip_data, bundle.notices,
    )
