"""The store: migrations from an empty database and from the previous schema, on SQLite and PostgreSQL;
`cardnews users` and the `serve` rules that go with accounts."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from workspace_fixtures import PASSWORD, database_url, new_postgres_database, password_hash, postgres_base  # noqa: F401

from sqlalchemy import create_engine, text  # noqa: E402

from cardnews.cli import main  # noqa: E402
from cardnews.store.database import database_url as url_for, open_store, schema_version, table_names, upgrade  # noqa: E402


@pytest.fixture
def fresh_url(request, tmp_path):
    """A database URL nothing has touched yet: SQLite in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return url_for(tmp_path, None)
    return new_postgres_database(request.getfixturevalue("postgres_base"))


both = pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)


def _no_differences(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from cardnews.store.models import Base

    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


@both
def test_an_empty_database_is_migrated_to_the_models(fresh_url, tmp_path):
    store = open_store(tmp_path / "data", fresh_url)
    try:
        assert schema_version(store.engine) == "0002"
        assert {"users", "series", "revisions", "builds", "brand_kits", "blobs"} <= table_names(store.engine)
        assert _no_differences(store.engine) == []  # the migrations make exactly the tables the code uses
    finally:
        store.close()


@both
def test_the_previous_schema_is_upgraded_keeping_its_accounts(fresh_url, tmp_path):
    engine = create_engine(fresh_url.replace("postgresql://", "postgresql+psycopg://", 1))
    upgrade(engine, "0001")  # the schema as the previous version left it: accounts, no series
    assert "series" not in table_names(engine)
    now = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO teams (id, name, created_at) VALUES (1, 'gangnam', :now)"), {"now": now})
        connection.execute(text(
            "INSERT INTO users (id, team_id, name, role, password_hash, active, created_at) "
            "VALUES (1, 1, 'kim', 'admin', :hash, :yes, :now)"), {"hash": password_hash(), "yes": True, "now": now})
        connection.execute(text(
            "INSERT INTO audit_log (at, team_id, user_id, user_name, action, target, address) "
            "VALUES (:now, 1, 1, 'kim', 'login', 'kim', '127.0.0.1')"), {"now": now})
    engine.dispose()
    store = open_store(tmp_path / "data", fresh_url)  # what `cardnews serve` does on start
    try:
        assert schema_version(store.engine) == "0002"
        assert _no_differences(store.engine) == []
        from cardnews.store.accounts import sign_in

        with store.session() as db:
            who, _, _ = sign_in(db, "kim", PASSWORD, "127.0.0.1")
            assert (who.name, who.role, who.team) == ("kim", "admin", "gangnam")
            assert db.execute(text("SELECT count(*) FROM audit_log")).scalar() == 2  # the old line kept, the sign-in added
            assert db.execute(text("SELECT count(*) FROM series")).scalar() == 0
    finally:
        store.close()


def test_users_add_with_password_on_stdin_then_list(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "kim.minji", "--role", "admin", "--team", "gangnam", "--data", str(data), "--password-stdin"]) == 0
    assert "added kim.minji (admin) to team gangnam" in capsys.readouterr().out
    assert (data / "cardnews.sqlite3").is_file()
    assert main(["users", "list", "--data", str(data)]) == 0
    assert capsys.readouterr().out.split() == ["kim.minji", "admin", "gangnam"]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "kim.minji", "--role", "editor", "--data", str(data), "--password-stdin"]) == 2
    assert "user 'kim.minji' already exists" in capsys.readouterr().err
    store = open_store(data)
    try:
        with store.session() as db:
            from cardnews.store.models import User

            stored = db.query(User).one().password_hash
            assert stored.startswith("$argon2id$") and PASSWORD not in stored
    finally:
        store.close()


def test_users_add_asks_for_the_password_twice(tmp_path, monkeypatch, capsys):
    answers = iter(["first password 123", "second password 456"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["users", "add", "lee", "--role", "editor", "--data", str(tmp_path)]) == 2
    assert "the two passwords differ; nothing was changed" in capsys.readouterr().err
    answers = iter(["short", "short"])
    assert main(["users", "add", "lee", "--role", "editor", "--data", str(tmp_path)]) == 2
    assert "too short" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert main(["users", "add", "lee", "--role", "editor", "--data", str(tmp_path)]) == 0


def test_serve_refuses_another_host_until_an_account_exists(tmp_path, capsys, monkeypatch):
    started = []
    monkeypatch.setattr("cardnews.web.server.listening_socket", lambda *a: started.append(a))
    assert main(["serve", "--host", "0.0.0.0", "--data", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert "--host 0.0.0.0: no account exists yet" in err and "cardnews users add NAME --role admin" in err
    assert started == []  # nothing listened
    assert (tmp_path / "data" / "cardnews.sqlite3").is_file()  # but the workspace is ready


def test_a_bad_database_url_is_a_message(tmp_path, capsys):
    assert main(["users", "list", "--data", str(tmp_path), "--database-url", "mysql://x@y/z"]) == 2
    assert "mysql is not supported; use postgresql://" in capsys.readouterr().err
    assert main(["users", "list", "--data", str(tmp_path), "--database-url", "postgresql://nobody@127.0.0.1:1/none"]) == 2
    assert "cannot open the database" in capsys.readouterr().err
