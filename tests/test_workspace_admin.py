"""Admins manage their team's users: roles and removal, never another team's, never the last admin; teams on the CLI.

Runs on SQLite and on PostgreSQL (the CLI tests on SQLite).
"""

from __future__ import annotations

from cardnews.cli import main
from workspace_fixtures import SMALL, app, database_url, make_world, postgres_base, signed_in, store  # noqa: F401


def _patch(person, path, **kw):
    return person.client.patch(path, headers=person.headers(), **kw)


def _roles(person) -> dict[str, str]:
    return {u["name"]: u["role"] for u in person.get("/api/ws/users").json()["users"] if u["active"]}


def _actions(person) -> list[tuple[str, str]]:
    return [(e["action"], e["target"]) for e in person.get("/api/ws/audit").json()["entries"]]


def test_an_admin_changes_a_role_and_it_applies_at_once_and_is_audited(app, store):
    world = make_world(app, store, with_content=False)
    admin, editor = world.people["admin"], world.people["editor"]
    assert editor.post("/api/ws/series", json={"title": "전", "source": SMALL}).status_code == 201
    changed = _patch(admin, f"/api/ws/users/{world.users['editor']}", json={"role": "viewer"})
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    refused = editor.post("/api/ws/series", json={"title": "후", "source": SMALL})
    assert refused.status_code == 403  # the same session, the new role
    name = editor.get("/api/ws/me").json()["user"]["name"]
    assert (("user.role", f"{name} editor -> viewer")) in _actions(admin)
    assert _patch(admin, f"/api/ws/users/{world.users['editor']}", json={"role": "owner"}).status_code == 422
    assert _patch(admin, f"/api/ws/users/{world.users['editor']}", json={"role": "admin", "team": "x"}).status_code == 422


def test_the_last_admin_cannot_be_demoted_or_removed_and_a_second_admin_changes_that(app, store):
    world = make_world(app, store, with_content=False)
    admin = world.people["admin"]
    me = world.users["admin"]
    demoted = _patch(admin, f"/api/ws/users/{me}", json={"role": "editor"})
    assert demoted.status_code == 422 and "last admin" in demoted.json()["error"]["message"]
    assert admin.delete(f"/api/ws/users/{me}").status_code == 422  # nor oneself
    assert _patch(admin, f"/api/ws/users/{world.users['viewer']}", json={"role": "admin"}).status_code == 200
    second = world.people["viewer"]  # now an admin too
    assert _patch(admin, f"/api/ws/users/{me}", json={"role": "editor"}).status_code == 200  # another admin remains
    assert admin.get("/api/ws/users").status_code == 403
    last = _patch(second, f"/api/ws/users/{world.users['viewer']}", json={"role": "viewer"})
    assert last.status_code == 422 and "last admin" in last.json()["error"]["message"]
    assert _roles(second)[second.get("/api/ws/me").json()["user"]["name"]] == "admin"


def test_a_removed_user_is_signed_out_and_cannot_be_changed_again(app, store):
    world = make_world(app, store, with_content=False)
    admin, editor = world.people["admin"], world.people["editor"]
    name = editor.get("/api/ws/me").json()["user"]["name"]
    assert admin.delete(f"/api/ws/users/{world.users['editor']}").status_code == 200
    assert editor.get("/api/ws/me").status_code == 401
    assert name not in _roles(admin)
    assert ("user.remove", name) in _actions(admin)
    assert admin.delete(f"/api/ws/users/{world.users['editor']}").status_code == 404
    assert _patch(admin, f"/api/ws/users/{world.users['editor']}", json={"role": "admin"}).status_code == 404
    assert signed_in(app, store, world.users["editor"], "again").get("/api/ws/me").status_code == 401


def test_another_teams_admin_reaches_no_user_of_team_a(app, store):
    world = make_world(app, store, with_content=False)
    other, admin = world.people["other_admin"], world.people["admin"]
    before = _roles(admin)
    for role in ("viewer", "admin"):
        for key in ("admin", "editor", "viewer"):
            answer = _patch(other, f"/api/ws/users/{world.users[key]}", json={"role": role})
            assert answer.status_code == 404 and "no user" in answer.json()["error"]["message"]
    for key in ("admin", "editor", "viewer"):
        assert other.delete(f"/api/ws/users/{world.users[key]}").status_code == 404
    assert _roles(admin) == before
    assert world.people["editor"].get("/api/ws/me").status_code == 200
    assert not [a for a in _actions(admin) if a[0] in ("user.role", "user.remove")]


def test_the_admin_page_names_the_team(app, store):
    world = make_world(app, store, with_content=False)
    team = world.people["admin"].get("/api/ws/me").json()["user"]["team"]
    page = world.people["admin"].get("/workspace")
    assert page.status_code == 200 and f'<strong id="team-name">{team}</strong>' in page.text
    assert 'id="team-name"' not in world.people["editor"].get("/workspace").text


def test_teams_add_and_list_on_the_command_line(tmp_path, monkeypatch, capsys):
    import io

    data = tmp_path / "data"
    assert main(["teams", "add", "gangnam-pr", "--data", str(data)]) == 0
    assert "users add NAME --role admin --team gangnam-pr" in capsys.readouterr().out
    assert main(["teams", "add", "gangnam-pr", "--data", str(data)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["teams", "add", "강남 홍보", "--data", str(data)]) == 2
    assert "team name" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough password\n"))
    assert main(["users", "add", "kim", "--role", "admin", "--team", "gangnam-pr", "--data", str(data), "--password-stdin"]) == 0
    assert main(["teams", "add", "seocho", "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["teams", "list", "--data", str(data)]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines == [["gangnam-pr", "1", "user(s)"], ["seocho", "0", "user(s)"]]
