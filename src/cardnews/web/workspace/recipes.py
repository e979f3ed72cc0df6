"""What a series is built from, as a recipe of hashes, and building it: previews, and the zip checked on re-download.

A recipe is the source text, the size, the brand kit as brand.yaml text with its logo's hash, and the layout
by name and hash. Builds are byte-identical, so a past zip is not stored: it is rebuilt from its recipe and
checked against the hashes recorded the first time it was downloaded.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from cardnews import __version__
from cardnews.errors import InputError
from cardnews.i18n import _
from cardnews.store.accounts import Account
from cardnews.store.database import file_bytes
from cardnews.store.models import BrandKit, BuildRecord, Revision, TeamLayout
from cardnews.layout.theme import list_layouts
from cardnews.web.service import CaseInput, detect_kind
from cardnews.web.workspace.kits import TEAM_PREFIX, brand_text
from cardnews.i18n import _


class RebuildMismatch(Exception):
    """The rebuilt zip is not the one downloaded before: said plainly, never sent as if it were."""


@dataclass(frozen=True)
class Recipe:
    """Everything a build reads, by value or by hash: the same recipe always builds the same zip."""

    source: str
    size: str
    layout: str  # a built-in name, or team:NAME
    layout_sha256: str
    brand: str  # brand.yaml text, with the logo as logo.png and a team layout as layout.yaml
    logo_sha256: str

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.as_json().encode("utf-8")).hexdigest()

    @property
    def folder_key(self) -> str:
        """What the brand folder holds: the same for every text built with the same kit and layout."""
        return hashlib.sha256(f"{self.brand}\0{self.logo_sha256}\0{self.layout}\0{self.layout_sha256}".encode("utf-8")).hexdigest()


def recipe_for(db: DB, who: Account, source: str, settings: dict) -> Recipe:
    """The recipe of a text with a series' settings, with the team's kit and layout as they are now."""
    kit = None
    if settings.get("kit"):
        kit = db.get(BrandKit, int(settings["kit"]))
        if kit is None or kit.team_id != who.team_id:
            raise InputError(_("kit: no brand kit {0} in your team; choose one of the team's kits").format(settings['kit']))
    layout, layout_sha = settings.get("layout", ""), ""
    layout_in_brand = ""
    if layout.startswith(TEAM_PREFIX):
        found = db.scalar(select(TeamLayout).where(TeamLayout.team_id == who.team_id, TeamLayout.name == layout[len(TEAM_PREFIX):]))
        if found is None:
            raise InputError(_("layout: no layout {layout!r} in your team; choose one of the team's layouts or a built-in one").format(layout=layout))
        layout_sha, layout_in_brand = found.sha256, "layout.yaml"
    elif layout:
        path = list_layouts().get(layout)
        if path is None:
            raise InputError(_("layout: unknown layout {layout!r}; choose one of {0} or a team layout").format(', '.join(sorted(list_layouts())), layout=layout))
        layout_sha, layout_in_brand = hashlib.sha256(path.read_bytes()).hexdigest(), layout
    logo = kit.logo_sha256 if kit is not None and kit.logo_sha256 else ""
    brand = brand_text(kit, "logo.png" if logo else None, layout_in_brand) if (kit is not None or layout) else ""
    return Recipe(source, settings.get("size", ""), layout, layout_sha, brand, logo)


def materialise(db: DB, recipe: Recipe, cache: Path) -> Path | None:
    """The brand folder a recipe builds with (brand.yaml, logo, layout), made once per kit and layout.

    Named by what it holds, so a layout read from it is cached by the build for as long as it is used.
    Returns the brand file, or None when the recipe has no kit and no layout.
    """
    if not recipe.brand:
        return None
    folder = cache / recipe.folder_key
    brand_file = folder / "brand.yaml"
    if brand_file.is_file():
        return brand_file
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="kit-", dir=cache))
    text = recipe.brand
    if recipe.logo_sha256:
        (staging / "logo.png").write_bytes(_stored(db, recipe.logo_sha256, "logo"))
    if recipe.layout.startswith(TEAM_PREFIX):
        (staging / "layout.yaml").write_bytes(_stored(db, recipe.layout_sha256, "layout"))
        text = text.replace('layout: "layout.yaml"', f"layout: {json.dumps(str(folder / 'layout.yaml'))}")
    (staging / "brand.yaml").write_text(text, encoding="utf-8")
    try:
        os.rename(staging, folder)
    except OSError:  # made meanwhile by another request: the same content
        for item in staging.iterdir():
            item.unlink()
        staging.rmdir()
    return brand_file


def check_recipe_layout(recipe: Recipe) -> None:
    """A built-in layout must still be the one the recipe was made with, or the zip could not be the same."""
    if recipe.layout and not recipe.layout.startswith(TEAM_PREFIX):
        path = list_layouts().get(recipe.layout)
        now = hashlib.sha256(path.read_bytes()).hexdigest() if path else ""
        if now != recipe.layout_sha256:
            raise RebuildMismatch(
                _("the layout {layout!r} has changed since this zip was first downloaded (cardnews was upgraded); the rebuilt zip would not be the same: open the series and download it again to make a new one").format(layout=recipe.layout)
            )


def case_input(recipe: Recipe) -> CaseInput:
    data = recipe.source.encode("utf-8")
    kind = detect_kind(data)
    return CaseInput.make(data, "summary.txt" if kind == "txt" else "case.yaml", kind, **({"size": recipe.size} if recipe.size else {}))


def zip_hashes(data: bytes) -> tuple[str, str]:
    """The zip's SHA-256 and that of the manifest.json inside it."""
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        manifest = next((name for name in bundle.namelist() if name.endswith("/manifest.json") or name == "manifest.json"), None)
        inner = bundle.read(manifest) if manifest else b""
    return hashlib.sha256(data).hexdigest(), hashlib.sha256(inner).hexdigest()


def record_for(db: DB, revision: Revision) -> BuildRecord | None:
    """The first download of a revision: what it was built from, and the hashes it had."""
    return db.scalar(select(BuildRecord).where(BuildRecord.revision_id == revision.id).order_by(BuildRecord.id).limit(1))


def record(db: DB, who: Account, revision: Revision, recipe: Recipe, name: str, data: bytes) -> BuildRecord:
    zip_sha, manifest_sha = zip_hashes(data)
    row = BuildRecord(series_id=revision.series_id, revision_id=revision.id, recipe=recipe.as_json(), recipe_sha256=recipe.digest,
                      layout_sha256=recipe.layout_sha256, version=__version__, zip_name=name, zip_sha256=zip_sha,
                      manifest_sha256=manifest_sha, user_id=who.id)
    db.add(row)
    db.flush()
    return row


def recipe_of(row: BuildRecord) -> Recipe:
    return Recipe(**json.loads(row.recipe))


def check_rebuild(row: BuildRecord, data: bytes) -> None:
    zip_sha, manifest_sha = zip_hashes(data)
    if manifest_sha != row.manifest_sha256 or zip_sha != row.zip_sha256:
        raise RebuildMismatch(
            _("the rebuilt zip differs from the one first downloaded on {when} UTC (manifest {now} instead of {then}; built then by cardnews {version}, now {current}); it is not sent").format(
                when=f"{row.created_at:%Y-%m-%d %H:%M}", now=manifest_sha[:12], then=row.manifest_sha256[:12], version=row.version, current=__version__)
        )


def _stored(db: DB, digest: str, what: str) -> bytes:
    data = file_bytes(db, digest)
    if data is None:
        raise InputError(_("the {what} this series was built with ({0}) is no longer stored").format(digest[:12], what=what))
    return data
