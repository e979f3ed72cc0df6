"""A series page the browser cannot have (another team's, deleted, never made) answers an HTML page, 404, the
same for each, so the page tells nothing about another team's ids. The pages speak the browser's language: Korean,
or English with no Korean but the team's own words."""

from __future__ import annotations

import json
import re

import pytest
from workspace_fixtures import SMALL, app, database_url, make_world, postgres_base, store  # noqa: F401

from cardnews.web.page_text import WORKSPACE

KOREAN = {"Accept-Language": "ko-KR,ko;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


def _body(response) -> str:
    """The page but for its CSRF token and its link to itself in the other language (the address asked for)."""
    return re.sub(r'name="csrf-token" content="[^"]*"|class="ws-lang" href="[^"]*"', "", response.text)


def test_another_teams_series_page_is_a_korean_html_404_like_one_that_does_not_exist(app, store):
    world = make_world(app, store)
    other = world.people["other_admin"]
    theirs = other.get(f"/workspace/series/{world.series}", headers={"Accept": "text/html", **KOREAN})
    assert theirs.status_code == 404
    assert theirs.headers["content-type"].startswith("text/html")
    assert "시리즈를 찾을 수 없습니다" in theirs.text and '<html lang="ko">' in theirs.text
    assert "상반기 우수사례" not in theirs.text and '"error"' not in theirs.text
    assert theirs.headers["cache-control"] == "private, no-store"
    for missing in ("999999999", "0", "abc", "9" * 40, "%EC%9D%BC"):
        answer = other.get(f"/workspace/series/{missing}", headers=KOREAN)
        assert answer.status_code == 404, missing
        assert _body(answer) == _body(theirs), missing
    # the team's own: the page itself
    own = world.people["viewer"].get(f"/workspace/series/{world.series}", headers=KOREAN)
    assert own.status_code == 200 and "상반기 우수사례" in own.text


def test_a_deleted_series_page_is_the_same_404(app, store):
    world = make_world(app, store)
    admin = world.people["admin"]
    made = admin.post("/api/ws/series", json={"title": "지울 시리즈", "source": SMALL}).json()["id"]
    assert admin.get(f"/workspace/series/{made}").status_code == 200
    assert admin.delete(f"/api/ws/series/{made}").status_code == 200
    gone = admin.get(f"/workspace/series/{made}", headers=KOREAN)
    assert gone.status_code == 404 and "시리즈를 찾을 수 없습니다" in gone.text and "지울 시리즈" not in gone.text
    assert world.people["anonymous"].get(f"/workspace/series/{made}").status_code == 303  # signed out: the sign-in page first


def _words(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="page-text">(.*?)</script>', html, re.S).group(1))


@pytest.mark.parametrize("who, path", [
    ("anonymous", "/login"), ("admin", "/workspace"), ("viewer", "/workspace"), ("editor", "/workspace/series/{series}"),
    ("other_admin", "/workspace/series/{series}"),
])
def test_the_workspace_pages_are_english_for_an_english_browser(app, store, who, path):
    world = make_world(app, store)
    page = world.people[who].get(path.format(series=world.series), headers=ENGLISH)
    assert page.status_code in (200, 404) and '<html lang="en">' in page.text
    shown = page.text.replace("상반기 우수사례", "")  # the series' title is the team's own
    shown = shown.replace('lang="ko" hreflang="ko">한국어</a>', "")  # the other language, named in its own words
    assert HANGUL.findall(shown) == []
    words = _words(page.text)
    assert set(words) == set(WORKSPACE)
    assert words["saving"] == "Saving…" and words["cards"] == {"one": "{n} card", "other": "{n} cards"}
    assert not [value for value in words.values() if HANGUL.search(json.dumps(value, ensure_ascii=False))]
    korean = world.people[who].get(path.format(series=world.series), headers=KOREAN)
    assert '<html lang="ko">' in korean.text and "팀 작업공간" in korean.text and _words(korean.text)["saving"] == "저장하는 중…"


def test_the_workspace_pages_switch_language_and_keep_where_they_go(app, store):
    world = make_world(app, store)
    anonymous = world.people["anonymous"]
    login = anonymous.get("/login?next=/workspace/series/7", headers=KOREAN)
    assert '<a class="ws-lang" href="/login?next=%2Fworkspace%2Fseries%2F7&amp;lang=en" lang="en" hreflang="en">English</a>' in login.text
    english = anonymous.get("/login?next=/workspace/series/7&lang=en", headers=KOREAN)
    assert '<html lang="en">' in english.text and ">Sign in</h1>" in english.text
    assert 'data-next="/workspace/series/7"' in english.text
    assert "Wrong user name" in json.dumps(_words(english.text))
    assert '<html lang="en">' in anonymous.get("/login", headers=KOREAN).text  # kept in the cookie
    admin = world.people["admin"]
    home = admin.get("/workspace", headers=ENGLISH)
    for words in ("Series by week", "Brand kits", "Add member", ">Admin</span>", "Sign out", "team <strong"):
        assert words in home.text, words
