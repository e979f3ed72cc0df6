"""Drawn previews once accounts exist: signed in, the requester's team only, and never kept by a shared cache.

A preview's address is a digest of what the card shows, so two teams writing the same card get the same
address; knowing it must not be enough. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from workspace_fixtures import SMALL, app, database_url, make_world, postgres_base, store  # noqa: F401


def _digests(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [card["preview"] for size in response.json()["sizes"] for card in size["cards"]]


def test_another_team_cannot_fetch_a_preview_by_its_address_until_it_draws_the_card_itself(app, store):
    world = make_world(app, store)
    editor, other = world.people["editor"], world.people["other_admin"]
    addresses = _digests(editor.post("/api/preview", json={"text": SMALL}))
    assert addresses
    for address in addresses:
        mine = editor.get(address)
        assert mine.status_code == 200 and mine.content[:3] == b"\xff\xd8\xff"
        assert mine.headers["cache-control"] == "private, no-store"
        assert world.people["viewer"].get(address).status_code == 200  # the same team
        refused = other.get(address)
        assert refused.status_code == 404 and "no such preview" in refused.json()["error"]["message"]
        assert refused.content != mine.content
        assert world.people["anonymous"].get(address).status_code == 401
    # the same text previewed by team B: the same addresses, now served to team B too, still to no third team
    assert _digests(other.post("/api/preview", json={"text": SMALL})) == addresses
    assert all(other.get(address).status_code == 200 for address in addresses)
    third = make_world(app, store, with_content=False).people["other_admin"]
    assert all(third.get(address).status_code == 404 for address in addresses)


def test_a_series_preview_is_its_teams_only(app, store):
    world = make_world(app, store)
    addresses = _digests(world.people["viewer"].post(f"/api/ws/series/{world.series}/preview", json={}))
    for address in addresses:
        assert world.people["admin"].get(address).status_code == 200
        assert world.people["other_admin"].get(address).status_code == 404


def test_everything_behind_sign_in_is_private_and_not_stored(app, store):
    world = make_world(app, store)
    viewer = world.people["viewer"]
    for path in ("/api/layouts/civic.jpg", f"/api/ws/files/{world.logo}", "/api/ws/series", f"/api/ws/series/{world.series}/zip", "/"):
        response = viewer.get(path)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["cache-control"] == "private, no-store", path
    built = viewer.post("/api/render", json={"text": SMALL})
    assert built.status_code == 200 and built.headers["cache-control"] == "private, no-store"
    card = viewer.post("/api/card?page=1", json={"text": SMALL})
    assert card.status_code == 200 and card.headers["cache-control"] == "private, no-store"
