"""Brand kits and custom layouts per team: checked as the CLI checks brand.yaml and layout files, stored by hash.

A kit or layout is checked by writing it where the CLI would read it and reading it back with the CLI's own
loader, so the web page shows exactly the messages `cardnews build --brand` or a layout file would give.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from cardnews.input.brand import load_brand
from cardnews.errors import CardnewsError, InputError
from cardnews.input.images import open_image_safely
from cardnews.store.accounts import Account, audit, check_name
from cardnews.store.database import file_bytes, put_file
from cardnews.store.models import BrandKit, TeamLayout, utcnow
from cardnews.layout.theme import list_layouts, load_theme
from cardnews.i18n import _

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LAYOUT_BYTES = 256 * 1024
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
TEAM_PREFIX = "team:"  # a team layout's name in a series' settings, apart from the built-in names


class KitProblems(InputError):
    """What is wrong with an uploaded kit or layout, one message per line, as the CLI prints them."""


def brand_text(kit: BrandKit | None, logo_file: str | None, layout: str = "") -> str:
    """The kit as a brand.yaml (the CLI's format), with the logo and layout where the caller put them."""
    lines = []
    if logo_file:
        lines.append(_("logo: {0}").format(_quote(logo_file)))
    for key in ("organisation", "handle"):
        value = getattr(kit, key) if kit is not None else ""
        if value:
            lines.append(_("{key}: {0}").format(_quote(value), key=key))
    if layout:
        lines.append(_("layout: {0}").format(_quote(layout)))
    colors = json.loads(kit.colors) if kit is not None else {}
    if colors:
        lines.append(_("colors:"))
        lines += [f"  {name}: {_quote(value)}" for name, value in colors.items()]
    return "\n".join(lines) + "\n" if lines else ""


def save_kit(db: DB, who: Account, name: str, organisation: str, handle: str, colors: dict[str, str], logo: bytes | None,
             address: str = "", keep_logo: bool = True) -> BrandKit:
    """Add or replace the team's kit called `name`; KitProblems lists every problem, nothing is saved then."""
    problems = []
    try:
        name = check_name(name, "kit name")
    except InputError as exc:
        problems.append(_("name: {exc}").format(exc=exc))
    colors = {key: value.strip() for key, value in colors.items() if value and value.strip()}
    for key, value in colors.items():
        if not _HEX.match(value):
            problems.append(_("colors.{key}: expected a colour like \"#1F5FE0\", got {value!r}").format(key=key, value=value))
    if logo is not None and len(logo) > MAX_LOGO_BYTES:
        problems.append(_("logo: {0} KB is too large; the limit is {1} KB").format(len(logo) // 1024, MAX_LOGO_BYTES // 1024))
    if problems:
        raise KitProblems("\n".join(problems))
    kit = db.scalar(select(BrandKit).where(BrandKit.team_id == who.team_id, BrandKit.name == name))
    if kit is None:
        kit = BrandKit(team_id=who.team_id, name=name, organisation="", handle="", colors="{}", logo_sha256=None)
        db.add(kit)
    kit.organisation, kit.handle, kit.colors = organisation.strip()[:200], handle.strip()[:100], json.dumps(colors, ensure_ascii=False)
    if logo is not None:
        kit.logo_sha256 = None
    elif not keep_logo:
        kit.logo_sha256 = None
    # the CLI's own check of brand.yaml, on the kit as it would be written
    with tempfile.TemporaryDirectory(prefix="cardnews-kit-") as folder:
        logo_name = None
        if logo is not None:
            logo_name = "logo.png"
            (Path(folder) / logo_name).write_bytes(logo)
        elif kit.logo_sha256:
            logo_name = "logo.png"
            (Path(folder) / logo_name).write_bytes(file_bytes(db, kit.logo_sha256) or b"")
        path = Path(folder) / "brand.yaml"
        path.write_text(brand_text(kit, logo_name), encoding="utf-8")
        try:
            load_brand(path)
            if logo is not None:
                _check_png(Path(folder) / "logo.png")
        except CardnewsError as exc:
            raise KitProblems(_without_folder(str(exc), folder)) from None
    if logo is not None:
        kit.logo_sha256 = put_file(db, who.team_id, logo, "image/png", f"{name} logo")
    kit.updated_at = utcnow()
    db.flush()
    audit(db, who, "kit.save", f"{kit.id} {name}", address)
    return kit


def save_layout(db: DB, who: Account, name: str, data: bytes, address: str = "") -> TeamLayout:
    """Add or replace the team's layout `name` from a layout file; KitProblems with the loader's messages."""
    try:
        name = check_name(name, "layout name")
    except InputError as exc:
        raise KitProblems(_("name: {exc}").format(exc=exc)) from None
    if len(data) > MAX_LAYOUT_BYTES:
        raise KitProblems(_("{name}.yaml: {0} KB is too large for a layout file; the limit is {1} KB").format(len(data) // 1024, MAX_LAYOUT_BYTES // 1024, name=name))
    with tempfile.TemporaryDirectory(prefix="cardnews-layout-") as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_bytes(data)
        try:
            theme = load_theme(path)
        except CardnewsError as exc:
            raise KitProblems(_without_folder(str(exc), folder)) from None
    digest = put_file(db, who.team_id, data, "application/yaml", f"{name}.yaml")
    layout = db.scalar(select(TeamLayout).where(TeamLayout.team_id == who.team_id, TeamLayout.name == name))
    if layout is None:
        layout = TeamLayout(team_id=who.team_id, name=name)
        db.add(layout)
    layout.label, layout.sha256, layout.updated_at = str(theme.label or name)[:200], digest, utcnow()
    db.flush()
    audit(db, who, "layout.save", f"{layout.id} {name} {digest[:12]}", address)
    return layout


def team_kits(db: DB, who: Account) -> list[BrandKit]:
    return list(db.scalars(select(BrandKit).where(BrandKit.team_id == who.team_id).order_by(BrandKit.name)))


def team_layouts(db: DB, who: Account) -> list[TeamLayout]:
    return list(db.scalars(select(TeamLayout).where(TeamLayout.team_id == who.team_id).order_by(TeamLayout.name)))


def kit_json(kit: BrandKit) -> dict:
    return {
        "id": kit.id, "name": kit.name, "organisation": kit.organisation, "handle": kit.handle, "colors": json.loads(kit.colors),
        "logo": f"/api/ws/files/{kit.logo_sha256}" if kit.logo_sha256 else None, "updated_at": kit.updated_at.isoformat(),
    }


def layout_choices(db: DB, who: Account) -> list[dict]:
    """Built-in layouts by name, then the team's as team:NAME."""
    choices = [{"name": name, "label": name, "team": False} for name in sorted(list_layouts())]
    for layout in team_layouts(db, who):
        choices.append({"name": TEAM_PREFIX + layout.name, "label": layout.label, "team": True, "id": layout.id,
                        "file": f"/api/ws/files/{layout.sha256}", "sha256": layout.sha256})
    return choices


def _check_png(path: Path) -> None:
    """The logo opens (size caps, bomb limit) and really is a PNG, whatever it was called."""
    open_image_safely(path)
    with Image.open(path) as picture:
        kind = picture.format
    if kind != "PNG":
        raise InputError(_("logo: expected a PNG file (with transparency), got {0}").format(kind or 'another format'))


def _without_folder(message: str, folder: str) -> str:
    return message.replace(folder + "/", "").replace(folder, ".")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
