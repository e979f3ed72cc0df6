"""Opening the store: SQLite in the data folder unless a PostgreSQL URL is given, migrated to the newest schema."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cardnews.errors import InputError
from cardnews.store.models import Blob, TeamFile
from cardnews.i18n import _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_DATA = Path("cardnews-data")
DATABASE_FILE = "cardnews.sqlite3"


@dataclass
class Store:
    """The engine and a session factory; `session()` commits on success and rolls back on any error."""

    engine: Engine
    factory: sessionmaker
    data_dir: Path

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.factory() as db:
            try:
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def database_url(data_dir: Path, url: str | None) -> str:
    """The URL to open: the one given (PostgreSQL), else the SQLite file in the data folder."""
    if url:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise InputError(_("--database-url {url!r}: not a database URL; use postgresql://USER:PASSWORD@HOST/DATABASE").format(url=url)) from None
        if parsed.get_backend_name() not in ("postgresql", "sqlite"):
            raise InputError(_("--database-url: {0} is not supported; use postgresql://USER:PASSWORD@HOST/DATABASE").format(parsed.get_backend_name()))
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed.render_as_string(hide_password=False)
    return f"sqlite:///{(data_dir / DATABASE_FILE).resolve()}"


def open_store(data_dir: Path = DEFAULT_DATA, url: str | None = None, migrate: bool = True) -> Store:
    """The workspace's store, created and migrated when needed (the data folder too)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    target = database_url(data_dir, url)
    engine = create_engine(target, pool_pre_ping=True, **({} if target.startswith("sqlite") else {"pool_size": 10, "max_overflow": 20}))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        try:
            upgrade(engine)
        except OperationalError as exc:
            engine.dispose()
            raise InputError(_("cannot open the database ({0}); check --database-url and that the server is running").format(_first_line(exc))) from None
    return Store(engine, sessionmaker(engine, expire_on_commit=False), data_dir)


def _sqlite_pragmas(connection, _record) -> None:
    """WAL lets readers go on while one writer saves; a busy writer is waited for rather than failed."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: a power cut may lose the last commits, never corrupts
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the schema to `revision` (default: the newest), keeping every row."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def schema_version(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]


# --- files by hash --------------------------------------------------------------------------------


def put_file(db: Session, team_id: int, data: bytes, media_type: str, name: str = "") -> str:
    """Store `data` once by its SHA-256 and let the team reach it; returns the hash."""
    digest = hashlib.sha256(data).hexdigest()
    if db.get(Blob, digest) is None:
        db.add(Blob(sha256=digest, media_type=media_type, size=len(data), data=data))
        db.flush()
    if db.get(TeamFile, (team_id, digest)) is None:
        db.add(TeamFile(team_id=team_id, sha256=digest, name=name))
        db.flush()
    return digest


def team_file(db: Session, team_id: int, digest: str) -> Blob | None:
    """A file by hash, only when the team has it: another team's file is not found, as if it did not exist."""
    return db.scalar(select(Blob).join(TeamFile, TeamFile.sha256 == Blob.sha256).where(TeamFile.team_id == team_id, Blob.sha256 == digest))


def file_bytes(db: Session, digest: str) -> bytes | None:
    blob = db.get(Blob, digest)
    return None if blob is None else blob.data
