"""A series page the browser cannot have (another team's, deleted, never made) answers a Korean HTML page, 404,
the same for each, so the page tells nothing about another team's ids."""

from __future__ import annotations

import re

from workspace_fixtures import SMALL, app, database_url, make_world, postgres_base, store  # noqa: F401


def _body(response) -> str:
    return re.sub(r'name="csrf-token" content="[^"]*"', "", response.text)


def test_another_teams_series_page_is_a_korean_html_404_like_one_that_does_not_exist(app, store):
    world = make_world(app, store)
    other = world.people["other_admin"]
    theirs = other.get(f"/workspace/series/{world.series}", headers={"Accept": "text/html"})
    assert theirs.status_code == 404
    assert theirs.headers["content-type"].startswith("text/html")
    assert "시리즈를 찾을 수 없습니다" in theirs.text and '<html lang="ko">' in theirs.text
    assert "상반기 우수사례" not in theirs.text and '"error"' not in theirs.text
    assert theirs.headers["cache-control"] == "private, no-store"
    for missing in ("999999999", "0", "abc", "9" * 40, "%EC%9D%BC"):
        answer = other.get(f"/workspace/series/{missing}")
        assert answer.status_code == 404, missing
        assert _body(answer) == _body(theirs), missing
    # the team's own: the page itself
    own = world.people["viewer"].get(f"/workspace/series/{world.series}")
    assert own.status_code == 200 and "상반기 우수사례" in own.text


def test_a_deleted_series_page_is_the_same_404(app, store):
    world = make_world(app, store)
    admin = world.people["admin"]
    made = admin.post("/api/ws/series", json={"title": "지울 시리즈", "source": SMALL}).json()["id"]
    assert admin.get(f"/workspace/series/{made}").status_code == 200
    assert admin.delete(f"/api/ws/series/{made}").status_code == 200
    gone = admin.get(f"/workspace/series/{made}")
    assert gone.status_code == 404 and "시리즈를 찾을 수 없습니다" in gone.text and "지울 시리즈" not in gone.text
    assert world.people["anonymous"].get(f"/workspace/series/{made}").status_code == 303  # signed out: the sign-in page first
