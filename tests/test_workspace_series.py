"""The workspace's series, kits and layouts through the API, on SQLite and on PostgreSQL.

Saving, named versions, restoring, comparing, the list by week with search, next week's series, two
editors on one series (read-only or an explicit take-over; never a silent merge), and downloads rebuilt
from their recipe and checked against the first download's hashes.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from workspace_fixtures import (  # noqa: F401
    SMALL, app, database_url, layout_yaml, logo_png, make_world, postgres_base, store,
)

from cardnews.store.models import BuildRecord, SeriesRow  # noqa: E402


@pytest.fixture
def world(app, store):
    return make_world(app, store)


def test_autosave_named_version_restore_and_diff(world):
    editor, sid = world.people["editor"], world.series
    assert editor.post(f"/api/ws/series/{sid}/lock", json={}).status_code == 200
    saved = editor.post(f"/api/ws/series/{sid}/revisions", json={"base": 2, "source": SMALL.replace("수치", "숫자"), "settings": {"kit": world.kit}})
    assert saved.status_code == 201 and saved.json()["number"] == 3 and saved.json()["kind"] == "auto"
    same = editor.post(f"/api/ws/series/{sid}/revisions", json={"base": 3, "source": SMALL.replace("수치", "숫자"), "settings": {"kit": world.kit}})
    assert same.json()["number"] == 3  # nothing changed: no new revision
    named = editor.post(f"/api/ws/series/{sid}/revisions", json={"base": 3, "source": SMALL.replace("수치", "결과"), "name": "검토본"})
    assert named.json() | {"created_at": None} == {"number": 4, "kind": "named", "name": "검토본", "author": editor.client.get("/api/ws/me").json()["user"]["name"],
                                                  "created_at": None, "settings": {}}
    diff = editor.get(f"/api/ws/series/{sid}/diff?a=3&b=4").json()["diff"]
    assert "-✅ 성과나 숫자를 적어 주세요" in diff and "+✅ 성과나 결과를 적어 주세요" in diff and "-# kit:" in diff
    restored = editor.post(f"/api/ws/series/{sid}/restore", json={"number": 1, "base": 4})
    assert restored.status_code == 201 and restored.json()["number"] == 5 and restored.json()["source"] == SMALL
    listed = editor.get(f"/api/ws/series/{sid}/revisions").json()
    assert listed["head"] == 5 and [r["number"] for r in listed["revisions"]] == [5, 4, 3, 2, 1]
    assert [r["kind"] for r in listed["revisions"]] == ["restore", "named", "auto", "auto", "start"]
    assert editor.get(f"/api/ws/series/{sid}").json()["revision"]["source"] == SMALL
    assert editor.get(f"/api/ws/series/{sid}/revisions/99").status_code == 404


def test_a_second_editor_sees_who_has_it_reads_only_or_takes_over(world):
    editor, admin, sid = world.people["editor"], world.people["admin"], world.series
    assert editor.post(f"/api/ws/series/{sid}/lock", json={}).status_code == 200
    refused = admin.post(f"/api/ws/series/{sid}/lock", json={})
    assert refused.status_code == 409
    assert refused.json()["error"]["editor"] == "editor" or refused.json()["error"]["editor"].startswith("editor")
    assert "is editing this series" in refused.json()["error"]["message"]
    assert admin.get(f"/api/ws/series/{sid}").json()["editor"]["name"].startswith("editor")  # read-only view shows who
    blocked = admin.post(f"/api/ws/series/{sid}/revisions", json={"base": 2, "source": "덮어쓰기"})
    assert blocked.status_code == 409
    taken = admin.post(f"/api/ws/series/{sid}/lock", json={"take_over": True})
    assert taken.status_code == 200 and taken.json()["taken_from"].startswith("editor")
    # the first editor's next autosave is refused, not merged; their text stays theirs
    late = editor.post(f"/api/ws/series/{sid}/revisions", json={"base": 2, "source": SMALL + "늦은 저장\n"})
    assert late.status_code == 409 and "took over" in late.json()["error"]["message"]
    assert admin.post(f"/api/ws/series/{sid}/revisions", json={"base": 2, "source": SMALL + "관리자\n"}).status_code == 201
    assert editor.get(f"/api/ws/series/{sid}").json()["revision"]["source"] == SMALL + "관리자\n"
    log = [(e["action"], e["target"]) for e in admin.get("/api/ws/audit").json()["entries"]]
    assert any(action == "series.take_over" for action, _ in log)


def test_a_save_from_an_old_revision_is_refused_not_merged(world):
    editor, sid = world.people["editor"], world.series
    editor.post(f"/api/ws/series/{sid}/lock", json={})
    assert editor.post(f"/api/ws/series/{sid}/revisions", json={"base": 2, "source": "첫째 탭"}).status_code == 201
    stale = editor.post(f"/api/ws/series/{sid}/revisions", json={"base": 2, "source": "둘째 탭"})  # a second tab, behind
    assert stale.status_code == 409 and stale.json()["error"]["head"] == 3
    assert editor.get(f"/api/ws/series/{sid}").json()["revision"]["source"] == "첫째 탭"


def test_list_by_week_search_and_next_weeks_series(world, store):
    editor = world.people["editor"]
    with store.session() as db:
        db.get(SeriesRow, world.series).week = "2024-W26"
    made = editor.post("/api/ws/series", json={"title": "하반기 우수사례", "source": "하반기 요약\n"}).json()
    nxt = editor.post(f"/api/ws/series/{world.series}/next", json={"title": "다음 주 우수사례"})
    assert nxt.status_code == 201 and nxt.json()["week"] == "2024-W27"
    weeks = editor.get("/api/ws/series").json()["weeks"]
    assert [w["week"] for w in weeks] == sorted({made["week"], "2024-W26", "2024-W27"}, reverse=True)
    found = editor.get("/api/ws/series", params={"q": "하반기"}).json()["weeks"]
    assert [s["id"] for w in found for s in w["series"]] == [made["id"]]
    by_text = editor.get("/api/ws/series", params={"q": "관심을 끄는"}).json()["weeks"]  # in the text, not the title
    assert world.series in [s["id"] for w in by_text for s in w["series"]]
    assert editor.get("/api/ws/series", params={"q": "100%_"}).json() == {"weeks": []}  # LIKE wildcards are text
    started = editor.get(f"/api/ws/series/{nxt.json()['id']}").json()["revision"]
    assert started["settings"] == {"kit": world.kit}  # the settings and kit carry over
    assert "다음 주 우수사례.zip" in started["source"] and "사례 제목을 적어 주세요" in started["source"]


def test_preview_uses_the_teams_kit_and_layout(world):
    editor, sid = world.people["editor"], world.series
    plain = editor.post(f"/api/ws/series/{sid}/preview", json={"settings": {}}).json()
    kit = editor.post(f"/api/ws/series/{sid}/preview", json={}).json()
    ours = editor.post(f"/api/ws/series/{sid}/preview", json={"settings": {"kit": world.kit, "layout": "team:ours"}}).json()
    assert plain["status"] == "ok" and [len(s["cards"]) for s in plain["sizes"]] == [4]
    covers = [r["sizes"][0]["cards"][0]["preview"] for r in (plain, kit, ours)]
    assert len(set(covers)) == 3  # the kit's colours and logo, and the team's layout, show on the cover
    assert kit["series"]["handle"] == "@gangnam_gu"
    image = editor.get(covers[1])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    bad = editor.post(f"/api/ws/series/{sid}/preview", json={"settings": {"layout": "nope"}})
    assert bad.status_code == 422 and "unknown layout 'nope'" in bad.json()["error"]["message"]


def test_a_download_is_rebuilt_and_checked_against_the_first(world, store):
    viewer, sid = world.people["viewer"], world.series
    first = viewer.get(f"/api/ws/series/{sid}/zip")
    assert first.status_code == 200 and first.headers["x-cardnews-rebuilt"] == "first"
    assert "attachment" in first.headers["content-disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(first.content))
    assert bundle.testzip() is None
    names = bundle.namelist()
    assert any(n.endswith("manifest.json") for n in names) and len([n for n in names if n.endswith(".png")]) == 4
    manifest = json.loads(bundle.read(next(n for n in names if n.endswith("manifest.json"))))
    assert manifest["series"]["handle"] == "@gangnam_gu"  # the team's kit
    # the kit changes afterwards; the old revision's download is still the same bytes, rebuilt and checked
    admin = world.people["admin"]
    assert admin.post("/api/ws/kits", data={"name": "기본", "organisation": "강남구", "handle": "@changed", "primary": "#AA3300"}).status_code == 201
    again = viewer.get(f"/api/ws/series/{sid}/zip")
    assert again.status_code == 200 and again.headers["x-cardnews-rebuilt"] == "checked" and again.content == first.content
    # a record whose hash no longer matches: refused, said plainly, logged
    with store.session() as db:
        record = db.query(BuildRecord).filter_by(series_id=sid).one()
        record.manifest_sha256 = "0" * 64
    refused = viewer.get(f"/api/ws/series/{sid}/zip")
    assert refused.status_code == 409 and "differs from the one first downloaded" in refused.json()["error"]["message"]
    assert "series.rebuild_differs" in [e["action"] for e in admin.get("/api/ws/audit").json()["entries"]]
    old = viewer.get(f"/api/ws/series/{sid}/zip?revision=1")
    assert old.status_code == 200 and old.headers["x-cardnews-rebuilt"] == "first"
    assert viewer.get(f"/api/ws/series/{sid}/zip?revision=9").status_code == 404


def test_kit_upload_problems_come_back_in_place(world):
    admin = world.people["admin"]
    bad = admin.post("/api/ws/kits", data={"name": "bad kit", "primary": "blue"}, files={"logo": ("logo.png", b"not a png", "image/png")})
    assert bad.status_code == 422
    problems = bad.json()["error"]["problems"]
    assert any(p.startswith("name: kit name 'bad kit'") for p in problems)
    assert 'colors.primary: expected a colour like "#1F5FE0", got \'blue\'' in problems
    jpeg = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (20, 20), "red").save(jpeg, "JPEG")
    wrong_kind = admin.post("/api/ws/kits", data={"name": "jpeg"}, files={"logo": ("logo.png", jpeg.getvalue(), "image/png")})
    assert wrong_kind.status_code == 422 and "expected a PNG" in wrong_kind.json()["error"]["message"]
    good = admin.post("/api/ws/kits", data={"name": "새키트", "primary": "#123456"}, files={"logo": ("logo.png", logo_png(), "image/png")})
    assert good.status_code == 201
    logo = admin.get(good.json()["logo"])
    assert logo.status_code == 200 and logo.content == logo_png() and logo.headers["content-type"] == "image/png"
    assert good.json()["logo"].endswith(__import__("hashlib").sha256(logo_png()).hexdigest())  # addressed by its hash


def test_layout_upload_is_checked_by_the_layout_loader_with_lines(world):
    admin = world.people["admin"]
    broken = layout_yaml().replace(b"headline: bold,", b"headline: heavy-ish,", 1)
    assert broken != layout_yaml()
    refused = admin.post("/api/ws/layouts", data={"name": "broken"}, files={"file": ("broken.yaml", broken, "application/yaml")})
    assert refused.status_code == 422
    problems = refused.json()["error"]["problems"]
    line = next(number for number, text in enumerate(broken.decode("utf-8").splitlines(), start=1) if "heavy-ish" in text)
    assert len(problems) == 1 and problems[0].startswith(f"broken.yaml:{line}: fonts.headline: ")  # file:line: key, as the CLI says it
    assert "heavy-ish" in problems[0]
    not_yaml = admin.post("/api/ws/layouts", data={"name": "x"}, files={"file": ("x.yaml", "\udcff".encode("utf-8", "surrogatepass"), "text/plain")})
    assert not_yaml.status_code == 422 and "UTF-8" in not_yaml.json()["error"]["message"]
    assert admin.post("/api/ws/layouts", data={"name": "fine"}, files={"file": ("fine.yaml", layout_yaml("괜찮은"), "application/yaml")}).status_code == 201
    names = [layout["name"] for layout in admin.get("/api/ws/kits").json()["layouts"]]
    assert "team:fine" in names and "civic" in names


def test_an_admin_adds_a_user_to_their_own_team(world):
    admin = world.people["admin"]
    added = admin.post("/api/ws/users", json={"name": "new.viewer." + str(world.series), "role": "viewer", "password": "long enough password"})
    assert added.status_code == 201
    assert admin.post("/api/ws/users", json={"name": "short." + str(world.series), "role": "viewer", "password": "short"}).status_code == 422
    assert admin.post("/api/ws/users", json={"name": "r." + str(world.series), "role": "owner", "password": "long enough password"}).status_code == 422
    listed = {u["name"]: u["role"] for u in admin.get("/api/ws/users").json()["users"]}
    assert listed["new.viewer." + str(world.series)] == "viewer" and len(listed) == 4
