"""Renaming and deleting a series: editors and admins of its team only, audited; a deleted series' revisions,
builds and downloads are out of reach by id afterwards. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from cardnews.store.models import BuildRecord, Revision, SeriesRow
from workspace_fixtures import SMALL, app, database_url, make_world, postgres_base, store  # noqa: F401


def _patch(person, path, **kw):
    return person.client.patch(path, headers=person.headers(), **kw)


def _actions(person) -> list[tuple[str, str]]:
    return [(e["action"], e["target"]) for e in person.get("/api/ws/audit").json()["entries"]]


def _titles(person) -> list[str]:
    return [s["title"] for week in person.get("/api/ws/series").json()["weeks"] for s in week["series"]]


def test_editors_and_admins_rename_a_series_and_it_is_audited(app, store):
    world = make_world(app, store)
    path = f"/api/ws/series/{world.series}"
    renamed = _patch(world.people["editor"], path, json={"title": "  하반기 우수사례 "})
    assert renamed.status_code == 200 and renamed.json()["title"] == "하반기 우수사례"
    assert world.people["viewer"].get(path).json()["title"] == "하반기 우수사례"
    assert world.people["viewer"].get(path).json()["revision"]["source"] == SMALL + "\n"  # the text is untouched
    assert world.people["viewer"].get(f"{path}/revisions").json()["head"] == 2
    assert _patch(world.people["admin"], path, json={"title": "최종"}).json()["title"] == "최종"
    actions = _actions(world.people["admin"])
    assert ("series.rename", f"{world.series} 상반기 우수사례 -> 하반기 우수사례") in actions
    assert ("series.rename", f"{world.series} 하반기 우수사례 -> 최종") in actions
    assert _patch(world.people["editor"], path, json={"title": "   "}).status_code == 422
    assert _patch(world.people["editor"], path, json={"title": "가" * 301}).status_code == 422
    assert _patch(world.people["viewer"], path, json={"title": "열람자"}).status_code == 403
    assert _patch(world.people["other_admin"], path, json={"title": "남의 팀"}).status_code == 404
    assert world.people["admin"].get(path).json()["title"] == "최종"
    assert "<h1 id=\"series-title\">최종</h1>" in world.people["viewer"].get(f"/workspace/series/{world.series}").text


def test_a_deleted_series_its_revisions_builds_and_downloads_are_out_of_reach(app, store):
    world = make_world(app, store)
    editor, viewer = world.people["editor"], world.people["viewer"]
    sid = world.series
    assert viewer.get(f"/api/ws/series/{sid}/zip").status_code == 200  # a download: a build record is kept
    with store.session() as db:
        assert db.scalar(select(func.count()).select_from(BuildRecord).where(BuildRecord.series_id == sid)) == 1
    # not by a viewer, not by another team
    assert viewer.delete(f"/api/ws/series/{sid}").status_code == 403
    assert world.people["other_admin"].delete(f"/api/ws/series/{sid}").status_code == 404
    assert viewer.get(f"/api/ws/series/{sid}").status_code == 200
    deleted = editor.delete(f"/api/ws/series/{sid}")
    assert deleted.status_code == 200 and deleted.json() == {"deleted": sid, "revisions": 2}
    for person in (viewer, editor, world.people["admin"]):
        for path in (f"/api/ws/series/{sid}", f"/api/ws/series/{sid}/revisions", f"/api/ws/series/{sid}/revisions/1",
                     f"/api/ws/series/{sid}/revisions/2", f"/api/ws/series/{sid}/diff?a=1&b=2", f"/api/ws/series/{sid}/zip",
                     f"/api/ws/series/{sid}/zip?revision=1", f"/workspace/series/{sid}"):
            assert person.get(path).status_code == 404, (person.name, path)
    for method, path, body in (("POST", f"/api/ws/series/{sid}/revisions", {"base": 2, "source": SMALL}),
                               ("POST", f"/api/ws/series/{sid}/restore", {"number": 1, "base": 2}),
                               ("POST", f"/api/ws/series/{sid}/next", {"title": "다음"}),
                               ("POST", f"/api/ws/series/{sid}/preview", {}),
                               ("POST", f"/api/ws/series/{sid}/lock", {}),
                               ("PATCH", f"/api/ws/series/{sid}", {"title": "되살리기"}),
                               ("DELETE", f"/api/ws/series/{sid}", None)):
        answer = editor.client.request(method, path, headers=editor.headers(), **({"json": body} if body is not None else {}))
        assert answer.status_code == 404, (method, path, answer.text)
    assert "상반기 우수사례" not in _titles(viewer)
    with store.session() as db:  # nothing of it is left to rebuild from
        assert db.get(SeriesRow, sid) is None
        assert db.scalar(select(func.count()).select_from(Revision).where(Revision.series_id == sid)) == 0
        assert db.scalar(select(func.count()).select_from(BuildRecord).where(BuildRecord.series_id == sid)) == 0
    assert any(a == "series.delete" and t == f"{sid} 상반기 우수사례 (2 revisions)" for a, t in _actions(world.people["admin"]))


def test_a_series_someone_else_is_editing_is_not_deleted(app, store):
    world = make_world(app, store)
    sid = world.series
    assert world.people["editor"].post(f"/api/ws/series/{sid}/lock", json={}).status_code == 200
    refused = world.people["admin"].delete(f"/api/ws/series/{sid}")
    assert refused.status_code == 409 and refused.json()["error"]["editor"] == world.people["editor"].get("/api/ws/me").json()["user"]["name"]
    assert world.people["viewer"].get(f"/api/ws/series/{sid}").status_code == 200
    assert world.people["editor"].delete(f"/api/ws/series/{sid}").status_code == 200  # the one editing it may


def test_deleting_one_teams_series_leaves_another_teams_alone(app, store):
    world = make_world(app, store)
    other = world.people["other_admin"]
    theirs = other.post("/api/ws/series", json={"title": "B팀 시리즈", "source": SMALL}).json()["id"]
    assert world.people["admin"].delete(f"/api/ws/series/{theirs}").status_code == 404
    assert world.people["admin"].delete(f"/api/ws/series/{world.series}").status_code == 200
    assert other.get(f"/api/ws/series/{theirs}").json()["title"] == "B팀 시리즈"
    assert other.get(f"/api/ws/series/{theirs}/revisions/1").status_code == 200
