"""The web pages and the API description speak the request's language: `?lang=` (remembered in a cookie), else the
cookie, else Accept-Language, else the server's CARDNEWS_LANG, else Korean. The scripts' words come from the page
(web/page_text.py), and every key the scripts ask for is there, and nothing more."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

from fastapi.testclient import TestClient  # noqa: E402

from cardnews.web.app import create_app  # noqa: E402
from cardnews.web.page_text import CARD_MAKER, WORKSPACE  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src" / "cardnews" / "web" / "static"
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
KOREAN = {"Accept-Language": "ko-KR,ko;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


@pytest.fixture(scope="module")
def served():
    with TestClient(create_app(warm_up=False)) as test_client:  # one app: its build queue closes with the client
        yield test_client


@pytest.fixture
def client(served):
    """The client without a cookie kept from another test."""
    served.cookies.clear()
    yield served
    served.cookies.clear()


def page_language(response) -> str:
    return re.search(r'<html lang="(\w+)">', response.text).group(1)


def page_text(response) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="page-text">(.*?)</script>', response.text, re.S).group(1))


def without_switch(html: str) -> str:
    """The page without its link to the other language (which names that language in its own words)."""
    return re.sub(r'<a class="top-link" href="[^"]*" lang="ko" hreflang="ko">한국어</a>', "", html)


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_the_pages_are_english_for_an_english_browser_and_korean_for_a_korean_one(client, path):
    english = client.get(path, headers=ENGLISH)
    assert english.status_code == 200 and page_language(english) == "en"
    assert not HANGUL.findall(without_switch(english.text))  # no Korean left anywhere on the page, its attributes or its script words
    assert '>한국어</a>' in english.text
    korean = client.get(path, headers=KOREAN)
    assert page_language(korean) == "ko" and "카드뉴스 만들기" in korean.text and '>English</a>' in korean.text


def test_the_card_maker_page_reads_as_before_in_korean(client):
    page = client.get("/", headers=KOREAN).text
    for words in ("사례 요약", "파일 열기", "예시 넣기", "ZIP 내려받기", "디자인과 크기", "세로형", "카카오톡 채널", "그대로 두기", "바꾸기",
                  "요청 한 번에 1024 KB, 사례 30건까지"):
        assert words in page, words
    text = page_text(client.get("/", headers=KOREAN))
    assert text["cards"] == {"one": "카드 {n}장", "other": "카드 {n}장"} and text["line_n"] == "{n}번째 줄"
    english = page_text(client.get("/", headers=ENGLISH))
    assert english["cards"] == {"one": "{n} card", "other": "{n} cards"} and english["line_n"] == "Line {n}"


def test_lang_in_the_query_wins_and_is_kept_in_a_cookie(client):
    asked = client.get("/?lang=en", headers=KOREAN)
    assert page_language(asked) == "en"
    assert "lang=en" in asked.headers["set-cookie"] and "Path=/" in asked.headers["set-cookie"]
    assert page_language(client.get("/", headers=KOREAN)) == "en"  # the cookie beats the browser's Accept-Language
    answer = client.post("/api/check", content="안녕하세요\n", headers={**KOREAN, "Content-Type": "text/plain"})
    assert "no bundle line" in answer.json()["error"]["message"]  # the API's messages follow the choice too
    back = client.get("/docs?lang=ko", headers=ENGLISH)
    assert page_language(back) == "ko" and "lang=ko" in back.headers["set-cookie"]
    assert page_language(client.get("/", headers=ENGLISH)) == "ko"
    assert page_language(client.get("/?lang=fr", headers=ENGLISH)) == "ko"  # a language we do not have changes nothing


def test_the_switch_links_to_the_same_page_in_the_other_language(client):
    korean = client.get("/docs", headers=KOREAN).text
    assert '<a class="top-link" href="/docs?lang=en" lang="en" hreflang="en">English</a>' in korean
    english = client.get("/?lang=en&x=1").text
    assert '<a class="top-link" href="/?x=1&amp;lang=ko" lang="ko" hreflang="ko">한국어</a>' in english


def test_without_a_choice_the_server_default_decides(client, monkeypatch):
    monkeypatch.setenv("CARDNEWS_LANG", "ko")
    assert page_language(client.get("/", headers={"Accept-Language": "fr"})) == "ko"
    monkeypatch.setenv("CARDNEWS_LANG", "en")
    assert page_language(client.get("/", headers={"Accept-Language": "fr"})) == "en"
    monkeypatch.delenv("CARDNEWS_LANG")
    assert page_language(client.get("/", headers={"Accept-Language": ""})) == "ko"


def descriptions(schema, where=""):
    """(where, text) of every summary and description in an OpenAPI schema."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("summary", "description") and isinstance(value, str):
                yield f"{where}/{key}", value
            else:
                yield from descriptions(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from descriptions(value, f"{where}[{index}]")


def test_the_api_description_speaks_the_requests_language(client):
    korean = client.get("/openapi.json", headers=KOREAN).json()
    english = client.get("/openapi.json", headers=ENGLISH).json()
    assert korean["paths"]["/api/render"]["post"]["summary"] == "ZIP 만들기: cardnews build 가 만드는 것과 같은 묶음, 같은 이름"
    assert english["paths"]["/api/render"]["post"]["summary"] == "Build the bundle: the zip `cardnews build` makes, with the same name"
    texts = list(descriptions(korean))
    assert len(texts) > 40
    assert [(where, text) for where, text in texts if not HANGUL.search(text)] == []
    assert [(where, text) for where, text in descriptions(english) if HANGUL.search(text)] == []
    # the same schema but for its words
    assert [where for where, _text in descriptions(english)] == [where for where, _text in texts]
    assert client.get("/openapi.json", headers=KOREAN).json() == korean  # asked again: the same answer
    docs = client.get("/docs", headers=KOREAN).text
    assert "점검: cardnews check 가 알리는 모든 경고와 오류" in docs and "txt 또는 yaml" in docs
    assert "Check a case file" not in docs
    assert "Check a case file: every problem, as `cardnews check` reports them" in client.get("/docs", headers=ENGLISH).text


def keys_used(script: str) -> set[str]:
    return set(re.findall(r"""\bt\(\s*["'](\w+)["']""", (STATIC / script).read_text(encoding="utf-8")))


@pytest.mark.parametrize("script, table", [("app.js", CARD_MAKER), ("workspace.js", WORKSPACE)])
def test_every_word_a_script_asks_for_is_in_its_table_and_nothing_more(script, table):
    used = keys_used(script)
    assert used, script
    assert sorted(used - set(table)) == [], f"{script} asks for words web/page_text.py does not have"
    assert sorted(set(table) - used) == [], f"web/page_text.py has words {script} never asks for"


@pytest.mark.parametrize("script", ["app.js", "workspace.js"])
def test_the_scripts_hold_no_korean_of_their_own(script):
    code = re.sub(r"//[^\n]*", "", (STATIC / script).read_text(encoding="utf-8"))  # comments may name the Korean buttons
    assert HANGUL.findall(code) == []
