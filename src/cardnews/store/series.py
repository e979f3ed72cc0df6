"""Series and their revisions: saving without losing or merging anything, restoring, comparing, next week's.

Every save names the revision it started from (`base`); it lands only when that is still the head, in one
compare-and-set on the series row, so two saves can never both win and none is merged into another.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from typing import cast

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session as DB

from cardnews.errors import InputError
from cardnews.i18n import _
from cardnews.store.accounts import Account, audit
from cardnews.store.models import BuildRecord, Revision, SeriesRow, User, utcnow
from cardnews.i18n import _

EDIT_HOLD = timedelta(seconds=90)  # how long an editor keeps a series without a save or a heartbeat
MAX_SOURCE = 512 * 1024
SETTING_KEYS = ("layout", "size", "kit")


class Conflict(Exception):
    """A save or an edit that would overwrite someone else's work: refused, never merged."""

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.details = details


class NotFound(Exception):
    pass


@dataclass(frozen=True)
class Holder:
    id: int
    name: str
    until: datetime


def iso_week(day: date) -> str:
    year, week, _ignored = day.isocalendar()
    return f"{year}-W{week:02d}"


def next_week(week: str) -> str:
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return iso_week(monday + timedelta(days=7))


def clean_settings(settings: dict | None) -> dict:
    """Only the settings a series keeps, as text (kit: a kit id or empty)."""
    settings = settings or {}
    unknown = sorted(set(settings) - set(SETTING_KEYS))
    if unknown:
        raise InputError(_("unknown setting(s) {0}; a series keeps {1}").format(', '.join(unknown), ', '.join(SETTING_KEYS)))
    out: dict[str, int | str] = {}
    for key in SETTING_KEYS:
        value = settings.get(key)
        if value in (None, ""):
            continue
        if key == "kit":
            if not isinstance(value, int) and not (isinstance(value, str) and value.isdigit()):
                raise InputError(_("kit: expected a brand kit's id, got {value!r}").format(value=value))
            out[key] = int(value)
        elif not isinstance(value, str) or len(value) > 200:
            raise InputError(_("{key}: expected a name, got {value!r}").format(key=key, value=value))
        else:
            out[key] = value
    return out


def team_series(db: DB, who: Account, series_id: int) -> SeriesRow:
    """The series, only when it is the account's team's: another team's is not found, as if it did not exist."""
    row = db.get(SeriesRow, series_id)
    if row is None or row.team_id != who.team_id:
        raise NotFound(_("no series {id}").format(id=series_id))
    return row


def revision(db: DB, row: SeriesRow, number: int) -> Revision:
    found = db.scalar(select(Revision).where(Revision.series_id == row.id, Revision.number == number))
    if found is None:
        raise NotFound(_("series {id} has no revision {number}").format(id=row.id, number=number))
    return found


def head(db: DB, row: SeriesRow) -> Revision:
    return revision(db, row, row.head)


def create_series(db: DB, who: Account, title: str, source: str, settings: dict, week: str | None = None, address: str = "") -> SeriesRow:
    title = _title(title)
    _check_source(source)
    now = utcnow()
    row = SeriesRow(team_id=who.team_id, title=title, week=week or iso_week(now.date()), head=1, created_by=who.id,
                    created_at=now, updated_at=now, editor_id=None, editor_until=None)
    db.add(row)
    db.flush()
    db.add(Revision(series_id=row.id, number=1, source=source, settings=json.dumps(clean_settings(settings)), kind="start",
                    name="", author_id=who.id, created_at=now))
    audit(db, who, "series.create", f"{row.id} {title}", address)
    return row


def _title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > 300:
        raise InputError(_("title: give the series a title (at most 300 characters)"))
    return title


def rename(db: DB, who: Account, row: SeriesRow, title: str, address: str = "") -> None:
    """A new title; the text and its history are untouched, so no one's edit is in the way."""
    title = _title(title)
    if title != row.title:
        audit(db, who, "series.rename", f"{row.id} {row.title} -> {title}", address)
        row.title, row.updated_at = title, utcnow()


def remove(db: DB, who: Account, row: SeriesRow, address: str = "") -> int:
    """The series gone with every revision and build record (so no download of it can be rebuilt); refused while
    someone else is editing it. Returns how many revisions went with it."""
    current = holder(db, row)
    if current is not None and current.id != who.id:
        raise Conflict(f"{current.name} is editing this series; it was not deleted", editor=current.name)
    count = db.scalar(select(func.count()).select_from(Revision).where(Revision.series_id == row.id)) or 0
    db.execute(delete(BuildRecord).where(BuildRecord.series_id == row.id))
    db.execute(delete(Revision).where(Revision.series_id == row.id))
    audit(db, who, "series.delete", f"{row.id} {row.title} ({count} revisions)", address)
    db.execute(delete(SeriesRow).where(SeriesRow.id == row.id))
    return count


def holder(db: DB, row: SeriesRow) -> Holder | None:
    """Who is editing the series now, if anyone."""
    if row.editor_id is None or row.editor_until is None or row.editor_until <= utcnow():
        return None
    user = db.get(User, row.editor_id)
    return Holder(row.editor_id, user.name if user else "?", row.editor_until)


def take(db: DB, who: Account, row: SeriesRow, take_over: bool = False, address: str = "") -> Holder | None:
    """Start (or keep) editing: refused while someone else has it, unless `take_over`, which is logged.

    Returns whom it was taken from, if anyone.
    """
    current = holder(db, row)
    taken_from = None
    if current is not None and current.id != who.id:
        if not take_over:
            raise Conflict(f"{current.name} is editing this series; open it read-only, or take over", editor=current.name)
        taken_from = current
        audit(db, who, "series.take_over", f"{row.id} from {current.name}", address)
    row.editor_id, row.editor_until = who.id, utcnow() + EDIT_HOLD
    return taken_from


def release(db: DB, who: Account, row: SeriesRow) -> None:
    if row.editor_id == who.id:
        row.editor_id, row.editor_until = None, None


def save(db: DB, who: Account, row: SeriesRow, base: int, source: str, settings: dict, kind: str = "auto", name: str = "",
         address: str = "") -> Revision:
    """A new head revision after `base`, or Conflict when `base` is no longer the head or someone else is editing."""
    _check_source(source)
    settings = clean_settings(settings)
    name = name.strip()[:200]
    current = holder(db, row)
    if current is not None and current.id != who.id:
        raise Conflict(f"{current.name} took over this series; your text is still in this page, nothing was saved or merged",
                       editor=current.name)
    if base != row.head:
        latest = head(db, row)
        author = db.get(User, latest.author_id)
        raise Conflict(f"revision {row.head} was saved by {author.name if author else '?'} after revision {base}, which you started from; "
                       "nothing was saved or merged: reload to see it", head=row.head)
    last = head(db, row)
    if kind == "auto" and last.source == source and json.loads(last.settings) == settings:
        return last  # nothing changed: no new revision
    now = utcnow()
    number = base + 1
    moved = cast(CursorResult, db.execute(  # an UPDATE's result, which counts its rows
        update(SeriesRow).where(SeriesRow.id == row.id, SeriesRow.head == base)
        .values(head=number, updated_at=now, editor_id=who.id, editor_until=now + EDIT_HOLD)
    )).rowcount
    if moved != 1:
        raise Conflict("someone saved this series at the same moment; nothing was saved or merged: reload to see it", head=None)
    created = Revision(series_id=row.id, number=number, source=source, settings=json.dumps(settings), kind=kind, name=name,
                       author_id=who.id, created_at=now)
    db.add(created)
    db.flush()
    db.refresh(row)
    if kind != "auto":
        audit(db, who, f"series.{kind}", f"{row.id} r{number} {name}".strip(), address)
    return created


def restore(db: DB, who: Account, row: SeriesRow, number: int, base: int, address: str = "") -> Revision:
    """An older revision back as the new head (the ones after it stay in the history)."""
    old = revision(db, row, number)
    return save(db, who, row, base, old.source, json.loads(old.settings), kind="restore", name=f"r{number}", address=address)


def diff(db: DB, row: SeriesRow, a: int, b: int) -> str:
    """Two revisions compared line by line, as a unified diff of their texts and settings."""
    first, second = revision(db, row, a), revision(db, row, b)
    lines = difflib.unified_diff(
        _as_lines(first), _as_lines(second), fromfile=f"r{a}", tofile=f"r{b}", lineterm="",
    )
    return "\n".join(lines)


def _as_lines(rev: Revision) -> list[str]:
    settings = json.loads(rev.settings)
    header = [f"# {key}: {settings[key]}" for key in SETTING_KEYS if key in settings]
    return header + rev.source.splitlines()


def list_series(db: DB, who: Account, query: str = "", week: str = "") -> list[SeriesRow]:
    """The team's series, newest week first; `query` finds a title or text containing it."""
    statement = select(SeriesRow).where(SeriesRow.team_id == who.team_id)
    if week:
        statement = statement.where(SeriesRow.week == week)
    if query:
        heads = select(Revision.series_id).join(SeriesRow, SeriesRow.id == Revision.series_id).where(
            Revision.number == SeriesRow.head, Revision.source.icontains(query, autoescape=True)
        )
        statement = statement.where(or_(SeriesRow.title.icontains(query, autoescape=True), SeriesRow.id.in_(heads)))
    return list(db.scalars(statement.order_by(SeriesRow.week.desc(), SeriesRow.updated_at.desc()).limit(500)))


def _check_source(source: str) -> None:
    if not isinstance(source, str) or len(source.encode("utf-8")) > MAX_SOURCE:
        raise InputError(_("the text is too long: at most {0} KB").format(MAX_SOURCE // 1024))
