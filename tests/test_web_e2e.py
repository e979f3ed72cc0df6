"""End to end, as a new user: open the page in real headless Chromium, paste the summary, see every card, fix a
word, download the zip and one card.

Runs Debian's Chromium through Playwright for Python (no browser download). Skips, saying why, where either
is missing; CI installs Chromium (.ci/run).
"""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed: pip install -e '.[test]'")

from web_helpers import running_server  # noqa: E402

from cardnews.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
ZIP_NAME = "2024 상반기 강남구 적극행정 우수사례 모음.zip"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ALL_LOADED = "n => { const imgs = [...document.querySelectorAll('.card img')]; return imgs.length === n && imgs.every(i => i.complete && i.naturalWidth > 0); }"


def chromium() -> str:
    found = os.environ.get("CARDNEWS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; or set CARDNEWS_CHROMIUM to its path)")
    return found


@pytest.fixture
def browser():
    path = chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def card_sources(page) -> list[str]:
    return page.eval_on_selector_all(".card img", "images => images.map(i => i.getAttribute('src'))")


def test_paste_see_every_card_fix_a_word_and_download_the_zip(browser, tmp_path):
    text = REFERENCE_TXT.read_text(encoding="utf-8")
    assert main(["build", str(REFERENCE_TXT), "--out", str(tmp_path / "cli")]) == 0
    with running_server(work_dir=tmp_path) as (base, app):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ko-KR")
        elsewhere, problems = [], []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else (elsewhere.append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(base + "/")
        assert page.title().startswith("카드뉴스 만들기")

        page.locator("#source").click()
        page.keyboard.insert_text(text)  # what a paste does: the whole text at once, one input event
        page.wait_for_function(ALL_LOADED, arg=8, timeout=30_000)
        assert page.locator("#status").inner_text().startswith("카드 8장")
        assert page.locator("#zip-name").inner_text() == ZIP_NAME
        assert "joiner" in page.locator("#card-portrait-3 .card-notices").inner_text()  # the warning, beside its card
        assert page.locator("#notice-list").inner_text().count("25번째 줄") == 1
        assert page.locator("#caption").input_value().startswith("2024 상반기 강남구 적극행정 우수사례 모음")
        assert page.locator("#alt-text").input_value().startswith("01-cover.png\n8장 중 1번째 카드")

        before = card_sources(page)
        started = time.monotonic()
        page.fill("#source", text.replace("맞춤형 프로그램 지원", "맞춤형 프로그램 확대 지원"))
        page.wait_for_function("old => document.querySelector('#card-portrait-3 img').getAttribute('src') !== old", arg=before[2], timeout=10_000)
        page.wait_for_function(ALL_LOADED, arg=8)
        seconds = time.monotonic() - started
        after = card_sources(page)
        assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [2]  # only the card that changed
        assert seconds < 3, f"the edited card took {seconds:.1f} s to show"  # about a second, with room for a slow CI

        page.fill("#source", text)
        page.wait_for_function("old => document.querySelector('#card-portrait-3 img').getAttribute('src') === old", arg=before[2], timeout=10_000)
        with page.expect_download(timeout=60_000) as download_info:
            page.click("#download-zip")
        download = download_info.value
        assert download.suggested_filename == ZIP_NAME
        saved = tmp_path / "downloaded.zip"
        download.save_as(saved)
        data = saved.read_bytes()
        bundle = zipfile.ZipFile(io.BytesIO(data))
        assert bundle.testzip() is None
        folder = ZIP_NAME.removesuffix(".zip")
        names = bundle.namelist()
        assert len([n for n in names if n.endswith(".png")]) == 8
        for name in ("01-cover.png", "08-closing.png", "caption.txt", "alt.txt", "manifest.json", folder + ".pdf"):
            assert f"{folder}/{name}" in names
        assert data == (tmp_path / "cli" / ZIP_NAME).read_bytes()  # the very bundle the CLI makes

        with page.expect_download(timeout=30_000) as card_info:
            page.click("#card-portrait-3 [data-action=download]")
        assert card_info.value.suggested_filename == "03-case-1.png"

        assert problems == [] and elsewhere == []
        context.close()


def test_the_page_fits_a_phone_and_shows_errors_where_they_are(browser, tmp_path):
    with running_server(work_dir=tmp_path) as (base, app):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ko-KR")
        page = context.new_page()
        page.goto(base + "/")
        page.click("#example-button")
        page.wait_for_function(ALL_LOADED, arg=8, timeout=30_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
        page.fill("#source", "제목만 있는 요약\n")
        page.wait_for_selector("#notices.has-errors", timeout=10_000)
        assert "no bundle line" in page.locator("#notice-list").inner_text()
        assert page.locator("#download-zip").is_disabled()
        context.close()
