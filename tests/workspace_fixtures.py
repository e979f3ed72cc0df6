"""The workspace's test fixtures: a real SQLite store and a real PostgreSQL server, and people in two teams.

PostgreSQL is Debian's (`apt-get install postgresql`, which .ci/run does): the tests make a throwaway cluster
with initdb in a temporary folder, start it on a free loopback port (as the `postgres` user when run as
root, since PostgreSQL refuses to run as root), give each test module its own database and stop it after.
Without the binaries the PostgreSQL cases skip, saying why.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

from fastapi.testclient import TestClient  # noqa: E402

from cardnews.store.accounts import token_hash  # noqa: E402
from cardnews.store.database import open_store  # noqa: E402
from cardnews.store.models import Session, Team, User  # noqa: E402
from cardnews.web.app import create_app  # noqa: E402
from cardnews.web.workspace.api import Workspace  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
PASSWORD = "correct horse battery staple"
# A short series (cover, one case, contents, closing): builds in a fraction of the reference's time.
SMALL = (
    "이번 호에서 소개할 내용을 한두 문장으로 적어 주세요.\n\n\n작은 시리즈.zip\n✅ 사례 제목을 적어 주세요\n\n"
    "한 줄로 관심을 끄는 문장! 사례 제목을 적어 주세요 🏃\n✅ 무엇을 했는지 한 줄로 적어 주세요\n"
    "✅ 성과나 수치를 적어 주세요\n*작은 글씨로 덧붙일 설명\n"
)
_counter = itertools.count(1)


def postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster():
    """A PostgreSQL server of its own on 127.0.0.1: yields its base URL (add a database name)."""
    initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql); the PostgreSQL runs are skipped")
    as_root = os.geteuid() == 0
    if as_root:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
    folder = Path(tempfile.mkdtemp(prefix="cardnews-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if as_root:
        for path in (folder, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def run(*command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        return subprocess.run(prefix + list(command), capture_output=True, text=True, timeout=120)

    port = _free_port()
    made = run(initdb, "-D", str(data), "-U", "cardnews", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    if made.returncode:
        made = run(initdb, "-D", str(data), "-U", "cardnews", "--auth=trust", "-E", "UTF8", "--no-sync")
    if made.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"initdb failed: {made.stderr}")
    options = f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    started = run(pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60", "start")
    if started.returncode:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{log}")
    try:
        yield f"postgresql://cardnews@127.0.0.1:{port}"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_base():
    with postgres_cluster() as base:
        yield base


def new_postgres_database(base: str) -> str:
    import psycopg

    name = f"cardnews_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def database_url(request, tmp_path_factory):
    """None (SQLite in the data folder) or the URL of a fresh PostgreSQL database: each test module runs on both."""
    if request.param == "sqlite":
        return None
    return new_postgres_database(request.getfixturevalue("postgres_base"))


@pytest.fixture(scope="module")
def store(database_url, tmp_path_factory):
    opened = open_store(tmp_path_factory.mktemp("data"), database_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def app(store, tmp_path_factory):
    return create_app(workspace=Workspace(store, store.data_dir / "cache" / "kits"), warm_up=False)


_HASH = None


def password_hash() -> str:
    """One argon2 hash of PASSWORD for every fixture user (hashing is slow on purpose)."""
    global _HASH
    if _HASH is None:
        from argon2 import PasswordHasher

        _HASH = PasswordHasher().hash(PASSWORD)
    return _HASH


def make_user(store, team_name: str, name: str, role: str) -> int:
    with store.session() as db:
        team = db.query(Team).filter_by(name=team_name).one_or_none()
        if team is None:
            team = Team(name=team_name)
            db.add(team)
            db.flush()
        user = User(team_id=team.id, name=name, role=role, password_hash=password_hash(), active=True)
        db.add(user)
        db.flush()
        return user.id


@dataclass
class Person:
    """A browser signed in as one user: a client carrying the session cookie, and the CSRF token."""

    name: str
    client: TestClient
    csrf: str = ""
    user_id: int = 0

    def headers(self, extra: dict | None = None) -> dict:
        return {**({"X-CSRF-Token": self.csrf} if self.csrf else {}), **(extra or {})}

    def get(self, path, **kw):
        return self.client.get(path, **kw)

    def post(self, path, **kw):
        return self.client.post(path, headers=self.headers(kw.pop("headers", None)), **kw)

    def delete(self, path, **kw):
        return self.client.delete(path, headers=self.headers(kw.pop("headers", None)), **kw)


def client_for(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 50000), follow_redirects=False)


def signed_in(app, store, user_id: int, name: str) -> Person:
    """A session made as a sign-in makes it (a test of sign-in itself goes through the API)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.session() as db:
        db.add(Session(token_hash=token_hash(token), user_id=user_id, csrf=csrf))
    client = client_for(app)
    client.cookies.set("cardnews_session", token)
    return Person(name, client, csrf, user_id)


@dataclass
class World:
    """Team A (admin, editor, viewer, a series with two revisions, a kit with a logo, a layout) and team B's admin."""

    people: dict[str, Person]
    series: int = 0
    kit: int = 0
    layout: int = 0
    logo: str = ""
    layout_file: str = ""
    users: dict[str, int] = field(default_factory=dict)


def logo_png() -> bytes:
    import io

    from PIL import Image

    picture = Image.new("RGBA", (120, 40), (0, 0, 0, 0))
    picture.paste((30, 90, 200, 255), (0, 0, 120, 40))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def layout_yaml(label: str = "우리 팀") -> bytes:
    text = (ROOT / "layouts" / "civic.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("label:"):
            lines[index] = f"label: {label}"
    return ("\n".join(lines) + "\n").encode("utf-8")


def make_world(app, store, with_content: bool = True) -> World:
    n = next(_counter)
    a, b = f"teamA{n}", f"teamB{n}"
    ids = {
        "admin": make_user(store, a, f"admin{n}", "admin"),
        "editor": make_user(store, a, f"editor{n}", "editor"),
        "viewer": make_user(store, a, f"viewer{n}", "viewer"),
        "other_admin": make_user(store, b, f"otheradmin{n}", "admin"),
    }
    people = {role: signed_in(app, store, uid, role) for role, uid in ids.items()}
    people["anonymous"] = Person("anonymous", client_for(app))
    world = World(people, users=ids)
    if with_content:  # straight into the store: the uploads themselves are tested through the API elsewhere
        from cardnews.store import series as store_series
        from cardnews.store.accounts import account
        from cardnews.store.database import put_file
        from cardnews.store.models import BrandKit, TeamLayout

        with store.session() as db:
            who = account(db, db.get(User, ids["admin"]))
            world.logo = put_file(db, who.team_id, logo_png(), "image/png", "logo")
            kit = BrandKit(team_id=who.team_id, name="기본", organisation="강남구", handle="@gangnam_gu", colors='{"primary": "#1F5FE0"}',
                           logo_sha256=world.logo)
            world.layout_file = put_file(db, who.team_id, layout_yaml(), "application/yaml", "ours.yaml")
            layout = TeamLayout(team_id=who.team_id, name="ours", label="우리 팀", sha256=world.layout_file)
            db.add_all([kit, layout])
            db.flush()
            world.kit, world.layout = kit.id, layout.id
            row = store_series.create_series(db, who, "상반기 우수사례", SMALL, {"kit": kit.id})
            store_series.save(db, who, row, 1, SMALL + "\n", {"kit": kit.id})
            store_series.release(db, who, row)
            world.series = row.id
    return world
