"""The access matrix: every endpoint × (anonymous, viewer, editor, admin, another team's admin), status pinned.

Team A's series, revisions, files, kits, layouts and users are reached by id by everyone; another team's
admin gets 404 for each, as for something that does not exist. Runs on SQLite and on PostgreSQL. A test
checks that the table names every route the app has, so a new endpoint cannot go unpinned.
"""

from __future__ import annotations

import pytest

from workspace_fixtures import SMALL, app, database_url, layout_yaml, logo_png, make_world, postgres_base, store  # noqa: F401

ROLES = ("anonymous", "viewer", "editor", "admin", "other_admin")
SOURCE = SMALL


def _png():
    return {"logo": ("logo.png", logo_png(), "image/png")}


# (method, path, request keyword arguments (from the world), {role: status}); `own` is team A's.
# A row's statuses, in ROLES order.
MATRIX = [
    # the workspace: session
    ("GET", "/api/ws/me", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/ws/logout", None, (401, 200, 200, 200, 200)),
    # users and audit
    ("GET", "/api/ws/users", None, (401, 403, 403, 200, 200)),
    ("POST", "/api/ws/users", lambda w: {"json": {"name": f"new.{w.series}.{w.kit}", "role": "editor", "password": "long enough password"}},
     (401, 403, 403, 201, 201)),
    ("PATCH", "/api/ws/users/{editor_id}", lambda w: {"json": {"role": "viewer"}}, (401, 403, 403, 200, 404)),
    ("PATCH", "/api/ws/users/{admin_id}", lambda w: {"json": {"role": "editor"}}, (401, 403, 403, 422, 404)),  # the last admin
    ("DELETE", "/api/ws/users/{editor_id}", None, (401, 403, 403, 200, 404)),
    ("GET", "/api/ws/audit", None, (401, 403, 403, 200, 200)),
    # kits, layouts, files
    ("GET", "/api/ws/kits", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/ws/kits", lambda w: {"data": {"name": "두번째", "primary": "#AA3300"}, "files": _png()}, (401, 403, 403, 201, 201)),
    ("DELETE", "/api/ws/kits/{kit}", None, (401, 403, 403, 200, 404)),
    ("POST", "/api/ws/layouts", lambda w: {"data": {"name": "second"}, "files": {"file": ("second.yaml", layout_yaml(), "application/yaml")}},
     (401, 403, 403, 201, 201)),
    ("DELETE", "/api/ws/layouts/{layout}", None, (401, 403, 403, 200, 404)),
    ("GET", "/api/ws/files/{logo}", None, (401, 200, 200, 200, 404)),
    ("GET", "/api/ws/files/{layout_file}", None, (401, 200, 200, 200, 404)),
    # series
    ("GET", "/api/ws/series", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/ws/series", lambda w: {"json": {"title": "새 시리즈", "source": SOURCE}}, (401, 403, 201, 201, 201)),
    ("GET", "/api/ws/series/{series}", None, (401, 200, 200, 200, 404)),
    ("PATCH", "/api/ws/series/{series}", lambda w: {"json": {"title": "새 이름"}}, (401, 403, 200, 200, 404)),
    ("DELETE", "/api/ws/series/{series}", None, (401, 403, 200, 200, 404)),
    ("GET", "/api/ws/series/{series}/revisions", None, (401, 200, 200, 200, 404)),
    ("GET", "/api/ws/series/{series}/revisions/1", None, (401, 200, 200, 200, 404)),
    ("POST", "/api/ws/series/{series}/revisions", lambda w: {"json": {"base": 2, "source": SOURCE + "추가\n"}}, (401, 403, 201, 201, 404)),
    ("POST", "/api/ws/series/{series}/restore", lambda w: {"json": {"number": 1, "base": 2}}, (401, 403, 201, 201, 404)),
    ("GET", "/api/ws/series/{series}/diff?a=1&b=2", None, (401, 200, 200, 200, 404)),
    ("POST", "/api/ws/series/{series}/lock", lambda w: {"json": {}}, (401, 403, 200, 200, 404)),
    ("DELETE", "/api/ws/series/{series}/lock", None, (401, 403, 200, 200, 404)),
    ("POST", "/api/ws/series/{series}/next", lambda w: {"json": {"title": "다음 주 우수사례"}}, (401, 403, 201, 201, 404)),
    ("POST", "/api/ws/series/{series}/preview", lambda w: {"json": {}}, (401, 200, 200, 200, 404)),
    ("GET", "/api/ws/series/{series}/zip", None, (401, 200, 200, 200, 404)),
    ("GET", "/api/ws/series/{series}/zip?revision=1", None, (401, 200, 200, 200, 404)),
    # pages
    ("GET", "/login", None, (200, 200, 200, 200, 200)),
    ("GET", "/workspace", None, (303, 200, 200, 200, 200)),
    ("GET", "/workspace/series/{series}", None, (303, 200, 200, 200, 404)),
    # the app's own pages and API: open to every signed-in user, to no one else
    ("GET", "/", None, (303, 200, 200, 200, 200)),
    ("GET", "/docs", None, (303, 200, 200, 200, 200)),
    ("GET", "/openapi.json", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/health", None, (200, 200, 200, 200, 200)),
    ("GET", "/api/layouts", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/layouts/civic.jpg", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/example", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/check", lambda w: {"json": {"text": SOURCE}}, (401, 200, 200, 200, 200)),
    ("POST", "/api/open", lambda w: {"files": {"file": ("week.txt", SOURCE.encode("utf-8"))}}, (401, 200, 200, 200, 200)),
    ("POST", "/api/photos", lambda w: {"files": {"file": ("photo.png", logo_png(), "image/png")}}, (401, 200, 200, 200, 200)),
    ("POST", "/api/preview", lambda w: {"json": {"text": SOURCE}}, (401, 200, 200, 200, 200)),
    ("POST", "/api/render", lambda w: {"json": {"text": SOURCE}}, (401, 200, 200, 200, 200)),
    ("POST", "/api/card?page=2", lambda w: {"json": {"text": SOURCE}}, (401, 200, 200, 200, 200)),
    ("GET", "/api/previews/" + "0" * 32 + ".jpg", None, (401, 404, 404, 404, 404)),
    # a preview team A's editor drew, by its digest: team A only
    ("GET", "/api/previews/{preview}.jpg", None, (401, 200, 200, 200, 404)),
    ("GET", "/api/previews/{series_preview}.jpg", None, (401, 200, 200, 200, 404)),
]
SLOW = {"/api/preview", "/api/render", "/api/card?page=2", "/api/ws/series/{series}/zip", "/api/ws/series/{series}/zip?revision=1",
        "/api/ws/series/{series}/preview", "/api/layouts/civic.jpg", "/api/previews/{preview}.jpg", "/api/previews/{series_preview}.jpg"}


def _drawn(world, path: str, body: dict) -> str:
    """The digest of the first card team A's editor previews at `path`."""
    made = world.people["editor"].post(path, json=body)
    assert made.status_code == 200, made.text
    return made.json()["sizes"][0]["cards"][0]["preview"].rsplit("/", 1)[1].removesuffix(".jpg")


def _path(template: str, world) -> str:
    if "{preview}" in template:
        template = template.replace("{preview}", _drawn(world, "/api/preview", {"text": SOURCE}))
    if "{series_preview}" in template:
        template = template.replace("{series_preview}", _drawn(world, f"/api/ws/series/{world.series}/preview", {}))
    return template.format(series=world.series, kit=world.kit, layout=world.layout, logo=world.logo, layout_file=world.layout_file,
                           editor_id=world.users["editor"], admin_id=world.users["admin"])


def _rows(slow: bool):
    for method, path, body, statuses in MATRIX:
        if (path in SLOW) == slow:
            yield pytest.param(method, path, body, dict(zip(ROLES, statuses)), id=f"{method} {path}")


def _statuses(app, store, method, path, body) -> dict[str, int]:
    """Each role's status; a request that may change something gets a world of its own, so none sees another's change."""
    shared = make_world(app, store) if method == "GET" else None
    seen = {}
    for role in ROLES:
        world = shared or make_world(app, store)
        person = world.people[role]
        response = person.client.request(method, _path(path, world), headers=person.headers(), **(body(world) if body else {}))
        seen[role] = response.status_code
        if response.status_code in (401, 403, 404) and path.startswith("/api/"):
            assert response.json()["error"]["message"], (role, response.text)
    return seen


@pytest.mark.parametrize("method,path,body,expected", list(_rows(slow=False)))
def test_access(app, store, method, path, body, expected):
    assert _statuses(app, store, method, path, body) == expected


@pytest.mark.parametrize("method,path,body,expected", list(_rows(slow=True)))
def test_access_to_builds(app, store, database_url, method, path, body, expected):
    if database_url is not None and not path.startswith("/api/ws/"):
        pytest.skip("the app's own build endpoints touch no database: checked once, on SQLite")
    assert _statuses(app, store, method, path, body) == expected


def test_the_matrix_names_every_route(app):
    routes = {(method, route.path) for route in app.routes if hasattr(route, "methods") for method in route.methods if method != "HEAD"}
    pinned = {(method, path.split("?")[0].replace("{editor_id}", "{user_id}").replace("{admin_id}", "{user_id}").replace("{kit}", "{kit_id}").replace("{layout}", "{layout_id}")
               .replace("{series}", "{series_id}").replace("/revisions/1", "/revisions/{number}").replace("civic.jpg", "{name}.jpg")
               .replace("{logo}", "{digest}").replace("{layout_file}", "{digest}").replace("0" * 32 + ".jpg", "{digest}.jpg")
               .replace("{preview}", "{digest}").replace("{series_preview}", "{digest}"))
              for method, path, _, _ in MATRIX}
    assert routes - pinned == set()


def test_another_teams_admin_lists_nothing_of_team_a(app, store):
    world = make_world(app, store)
    other = world.people["other_admin"]
    assert other.get("/api/ws/series").json() == {"weeks": []}
    assert other.get("/api/ws/kits").json()["kits"] == []
    assert all(not layout["team"] for layout in other.get("/api/ws/kits").json()["layouts"])
    names = {u["name"] for u in other.get("/api/ws/users").json()["users"]}
    assert names == {world.people["other_admin"].client.get("/api/ws/me").json()["user"]["name"]}
    assert all(entry["user"].startswith("otheradmin") or entry["user"] == "" for entry in other.get("/api/ws/audit").json()["entries"])
    # nor can it use team A's kit or layout by id or name in its own series
    made = other.post("/api/ws/series", json={"title": "B", "source": SOURCE, "settings": {"kit": world.kit}})
    assert made.status_code == 201
    preview = other.post(f"/api/ws/series/{made.json()['id']}/preview", json={})
    assert preview.status_code == 422 and "no brand kit" in preview.json()["error"]["message"]
    preview = other.post(f"/api/ws/series/{made.json()['id']}/preview", json={"settings": {"layout": "team:ours"}})
    assert preview.status_code == 422 and "no layout 'team:ours' in your team" in preview.json()["error"]["message"]
