"""The workspace end to end in headless Chromium, against a real server on loopback with its SQLite store:
sign in, write, autosave, reload, restore an older revision, download, sign out, then fail to reach the
series signed out. Then a second editor of the team sees who has the series and gets it read-only.

Drives Debian's Chromium through Playwright (no browser download), as test_web_e2e does; skips without it.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
import zipfile

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed: pip install -e '.[test]'")

from test_web_e2e import CHROMIUM_ARGS, chromium  # noqa: E402
from workspace_fixtures import PASSWORD, SMALL, make_user  # noqa: E402

from cardnews.store.database import open_store  # noqa: E402
from cardnews.web.app import create_app  # noqa: E402
from cardnews.web.server import listening_socket, server  # noqa: E402
from cardnews.web.workspace.api import Workspace  # noqa: E402

CARDS_LOADED = "n => { const imgs = [...document.querySelectorAll('.ws-card img')]; return imgs.length === n && imgs.every(i => i.complete && i.naturalWidth > 0); }"


@contextlib.contextmanager
def workspace_server(data, url=None):
    """A real server on a free loopback port with the workspace in `data` (or the PostgreSQL database at `url`)."""
    store = open_store(data, url)
    app = create_app(workspace=Workspace(store, data / "cache" / "kits"), jobs=2)
    sock = listening_socket("127.0.0.1", 0)
    instance = server(app, sock, log_level="warning")
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", store
    finally:
        instance.should_exit = True
        thread.join(timeout=30)
        sock.close()
        store.close()


def sign_in(page, base, name):
    page.goto(base + "/workspace")
    assert "/login" in page.url  # signed out: sent to sign in
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#who-name", timeout=30_000)
    assert page.locator("#who-name").inner_text() == name


def test_sign_in_write_autosave_reload_restore_download_sign_out(tmp_path):
    path = chromium()
    with workspace_server(tmp_path / "data") as (base, store), sync_api.sync_playwright() as playwright:
        make_user(store, "gangnam", "kim", "editor")
        make_user(store, "gangnam", "lee", "editor")
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True, locale="ko-KR")
        problems, elsewhere = [], []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else (elsewhere.append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))

        sign_in(page, base, "kim")
        page.fill("#new-title", "작은 시리즈")
        page.click("#new-series button")
        page.wait_for_url("**/workspace/series/*")
        series_url = page.url
        page.wait_for_selector("#save-status:has-text('r1')")
        page.wait_for_function("() => !document.querySelector('#source').readOnly")

        page.click("#source")
        page.keyboard.insert_text(SMALL)  # a paste: the whole text at once
        page.wait_for_selector("#save-status:has-text('저장됨 · r2')", timeout=20_000)  # saved a moment after typing stopped
        page.wait_for_function(CARDS_LOADED, arg=4, timeout=60_000)
        page.keyboard.press("End")
        page.keyboard.insert_text(" 추가 문장")
        page.wait_for_selector("#save-status:has-text('저장됨 · r3')", timeout=20_000)

        page.reload()  # nothing is lost: the text comes back from the server
        page.wait_for_selector("#save-status:has-text('r3')")
        assert page.locator("#source").input_value() == SMALL + " 추가 문장"
        page.wait_for_function("() => document.querySelectorAll('#revisions li').length === 3")  # r3, r2, r1

        page.click("#revisions [data-compare='2']")
        page.wait_for_selector("#diff-box:not([hidden])")
        assert "+" in page.locator("#diff").inner_text() and "추가 문장" in page.locator("#diff").inner_text()

        page.click("#revisions [data-restore='2']")  # an older revision back
        page.wait_for_selector("#save-status:has-text('복원')")
        assert page.locator("#source").input_value() == SMALL
        page.wait_for_function("() => document.querySelectorAll('#revisions li').length === 4")  # the restore is a new revision
        page.wait_for_function(CARDS_LOADED, arg=4, timeout=60_000)

        with page.expect_download(timeout=60_000) as download_info:
            page.click("#download")
        download = download_info.value
        assert download.suggested_filename == "작은 시리즈.zip"
        saved = tmp_path / "downloaded.zip"
        download.save_as(saved)
        bundle = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
        assert bundle.testzip() is None
        assert len([n for n in bundle.namelist() if n.endswith(".png")]) == 4
        manifest = json.loads(bundle.read(next(n for n in bundle.namelist() if n.endswith("manifest.json"))))
        assert manifest["format"].startswith("cardnews-bundle")

        # a second editor of the team: sees who has it, read-only, nothing of theirs saved
        other = browser.new_context(viewport={"width": 1400, "height": 950}, locale="ko-KR").new_page()
        sign_in(other, base, "lee")
        other.goto(series_url)
        other.wait_for_selector("#holder:not([hidden])", timeout=20_000)
        assert "kim님이 편집하고 있습니다" in other.locator("#holder-text").inner_text()
        assert other.locator("#source").get_attribute("readonly") is not None
        assert other.locator("#take-over").is_visible()

        page.click("#sign-out")
        page.wait_for_url("**/login")
        response = page.goto(series_url)  # signed out: the series is out of reach
        assert "/login" in page.url and "작은 시리즈" not in page.content()
        api = page.request.get(base + series_url.split(base, 1)[1].replace("/workspace/series/", "/api/ws/series/"))
        assert api.status == 401
        zip_again = page.request.get(base + "/api/ws/series/1/zip")
        assert zip_again.status == 401
        assert response is not None
        assert problems == [] and elsewhere == []
        browser.close()
