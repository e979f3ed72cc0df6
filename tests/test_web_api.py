"""The web app's HTTP API, through the framework's test client: the CLI's bundle and messages, limits, safety."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import os
import socket
import tempfile
import threading
import warnings
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

import cardnews

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("httpx", reason="the test client needs httpx: pip install -e '.[test]'")

with warnings.catch_warnings():  # the test client's note that it will move to another HTTP library
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from cardnews.cli import main  # noqa: E402
from cardnews.errors import CardnewsError  # noqa: E402
from cardnews.web.app import create_app  # noqa: E402
from cardnews.web.queue import BuildQueue, QueueFull  # noqa: E402
from cardnews.web.server import listening_socket  # noqa: E402
from file_events import watching_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
REFERENCE_YAML = ROOT / "cases" / "2024-h1-gangnam.yaml"
CORPUS = ROOT / "tests" / "bad_inputs"
ENGLISH_SENTENCE = re.compile(r"(?<![\w/.-])[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b")  # three English words in a row
ZIP_NAME = "2024 상반기 강남구 적극행정 우수사례 모음.zip"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(warm_up=False)) as client:
        yield client


@pytest.fixture(scope="module")
def cli_zip(tmp_path_factory) -> bytes:
    """The reference summary built by the command line."""
    out = tmp_path_factory.mktemp("cli-out")
    assert run_cli("build", REFERENCE_TXT, "--out", out)[0] == 0
    return (out / ZIP_NAME).read_bytes()


@pytest.fixture(scope="module")
def web_zip(client) -> tuple[bytes, str]:
    response = client.post("/api/render", files={"file": (REFERENCE_TXT.name, REFERENCE_TXT.read_bytes())})
    assert response.status_code == 200, response.text
    return response.content, response.headers["content-disposition"]


def run_cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def download_name(disposition: str) -> str:
    return unquote(re.search(r"filename\*=UTF-8''([^;]+)", disposition).group(1))


def reference(**settings) -> dict:
    return {"text": REFERENCE_TXT.read_text(encoding="utf-8"), "filename": REFERENCE_TXT.name, **settings}


# --- the bundle is the CLI's -------------------------------------------------------------------------


def test_render_returns_the_zip_the_cli_builds_with_its_name(web_zip, cli_zip):
    data, disposition = web_zip
    assert data == cli_zip
    assert download_name(disposition) == ZIP_NAME
    assert disposition.startswith("attachment;")


def test_the_zip_holds_cards_caption_alt_manifest_and_pdf(web_zip):
    names = zipfile.ZipFile(io.BytesIO(web_zip[0])).namelist()
    folder = ZIP_NAME.removesuffix(".zip")
    assert [n for n in names if n.endswith(".png")] == [f"{folder}/{n}" for n in (
        "01-cover.png", "02-contents.png", "03-case-1.png", "04-case-2.png", "05-case-3.png", "06-case-4.png", "07-case-5.png", "08-closing.png"
    )]
    for name in ("caption.txt", "alt.txt", "manifest.json", folder + ".pdf"):
        assert f"{folder}/{name}" in names


def test_json_raw_and_form_bodies_give_the_same_zip(client, web_zip):
    text = REFERENCE_TXT.read_bytes()
    as_json = client.post("/api/render", json=reference())
    as_raw = client.post("/api/render", content=text, headers={"Content-Type": "text/plain"})
    as_form_text = client.post("/api/render", data={"text": text.decode("utf-8")})
    for response in (as_json, as_raw, as_form_text):
        assert response.status_code == 200, response.text
        assert response.content == web_zip[0]


def test_settings_build_what_the_cli_builds_with_the_same_options(client, tmp_path):
    argv = ["--size", "square", "--channel", "instagram,x", "--format", "jpg", "--quality", "80", "--layout", "warm"]
    assert run_cli("build", REFERENCE_YAML, "--out", tmp_path, *argv)[0] == 0
    response = client.post(
        "/api/render",
        files={"file": (REFERENCE_YAML.name, REFERENCE_YAML.read_bytes())},
        data={"size": "square", "channel": "instagram,x", "image_format": "jpg", "quality": "80", "layout": "warm"},
    )
    assert response.status_code == 200, response.text
    assert response.content == (tmp_path / ZIP_NAME).read_bytes()


def test_one_card_is_the_file_in_the_zip(client, web_zip):
    response = client.post("/api/card?page=3", json=reference())
    assert response.status_code == 200
    assert download_name(response.headers["content-disposition"]) == "03-case-1.png"
    assert response.headers["content-type"] == "image/png"
    folder = ZIP_NAME.removesuffix(".zip")
    assert response.content == zipfile.ZipFile(io.BytesIO(web_zip[0])).read(f"{folder}/03-case-1.png")


def test_a_card_that_is_not_there_is_a_json_error(client):
    response = client.post("/api/card?page=9", json=reference())
    assert response.status_code == 422
    assert response.json() == {"error": {"message": "no card 9; this series has 8 cards (1 to 8)."}}


# --- preview ----------------------------------------------------------------------------------------


def test_preview_shows_every_card_in_order_with_caption_and_alt_text_of_the_bundle(client, web_zip):
    result = client.post("/api/preview", json=reference()).json()
    cards = result["sizes"][0]["cards"]
    assert [c["page"] for c in cards] == list(range(1, 9))
    assert [c["file"] for c in cards][:3] == ["01-cover.png", "02-contents.png", "03-case-1.png"]
    assert result["series"]["zip"] == ZIP_NAME
    bundle = zipfile.ZipFile(io.BytesIO(web_zip[0]))
    folder = ZIP_NAME.removesuffix(".zip")
    assert result["caption"] + "\n" == bundle.read(f"{folder}/caption.txt").decode("utf-8")
    assert result["alt_text"] == bundle.read(f"{folder}/alt.txt").decode("utf-8")
    image = client.get(cards[0]["preview"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content[:3] == b"\xff\xd8\xff"
    assert "immutable" in image.headers["cache-control"]


def test_an_edit_redraws_only_the_card_it_changes(client):
    before = client.post("/api/preview", json=reference()).json()
    text = reference()["text"].replace("맞춤형 프로그램 지원", "맞춤형 프로그램 확대 지원")
    after = client.post("/api/preview", json={**reference(), "text": text}).json()
    assert after["drawn"] == 1
    old = [c["preview"] for c in before["sizes"][0]["cards"]]
    new = [c["preview"] for c in after["sizes"][0]["cards"]]
    assert [i for i, (a, b) in enumerate(zip(old, new)) if a != b] == [2]  # 03-case-1.png


def test_warnings_name_the_case_and_line_they_concern(client):
    result = client.post("/api/preview", json=reference()).json()
    assert result["status"] == "warnings"
    (notice,) = result["notices"]
    assert notice["line"] == 25 and notice["case"] == 1 and notice["level"] == "warning"
    assert notice["text"].startswith("2024-h1-gangnam.txt:25: warning: 🧑🦽 looks like one emoji whose joiner")


def test_preview_of_a_file_with_errors_lists_them_and_draws_nothing(client):
    result = client.post("/api/preview", json={"text": "제목만 있는 요약\n"}).json()
    assert result["status"] == "errors"
    assert result["sizes"] == [] and result["drawn"] == 0


def test_unknown_preview_is_404_json(client):
    response = client.get("/api/previews/" + "0" * 32 + ".jpg")
    assert response.status_code == 404
    assert "expired" in response.json()["error"]["message"]
    assert client.get("/api/previews/..%2F..%2Fetc%2Fpasswd.jpg").status_code == 404


# --- check: the CLI's notices -----------------------------------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".yaml", ".md"))


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_check_reports_what_cardnews_check_prints(client, path, monkeypatch):
    monkeypatch.chdir(path.parent)
    code, out, err = run_cli("check", path.name)
    response = client.post("/api/check", files={"file": (path.name, path.read_bytes())})
    if code == 2 and not out:  # the file could not be read at all: one error message
        assert response.status_code == 422
        assert "cardnews: " + response.json()["error"]["message"] + "\n" == err
        return
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["exit_code"] == code
    assert [n["text"] for n in result["notices"]] == out.splitlines()[:-1]


@pytest.mark.parametrize("name", ["item-before-headline.txt", "tofu.txt", "yaml-missing-fields.yaml"])
def test_render_errors_are_json_with_the_cli_build_message(client, name, tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS)
    code, _, err = run_cli("build", name, "--out", tmp_path)
    assert code == 2
    response = client.post("/api/render", files={"file": (name, (CORPUS / name).read_bytes())})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert (message if "\n" in message else "cardnews: " + message) + "\n" == err


def test_bad_settings_are_json_errors_with_cli_messages(client):
    response = client.post("/api/render", json=reference(channel="tiktok"))
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("unknown channel tiktok; choose from instagram, x, kakao")
    response = client.post("/api/check", json=reference(size="huge"))
    assert any(n["text"].startswith("error: --size: unknown size") and "huge" in n["text"] for n in response.json()["notices"])
    response = client.post("/api/render", json=reference(quality=200))
    assert response.status_code == 422 and "quality" in response.json()["error"]["message"]
    response = client.post("/api/render", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "JSON" in response.json()["error"]["message"]
    response = client.post("/api/render", json=reference(colour="red"))
    assert response.status_code == 422 and response.json()["error"]["message"] == "colour: unknown field"
    response = client.post("/api/render", data={"size": "square"})
    assert response.status_code == 422 and "no case file" in response.json()["error"]["message"]


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/render", {"json": reference(colour="red")}),
    ("post", "/api/render", {"json": reference(quality=200)}),
    ("post", "/api/render", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
    ("post", "/api/render", {"data": {"size": "square"}}),
    ("post", "/api/open", {"files": {"other": ("a.txt", b"x")}}),
    ("get", "/api/layouts/nothing.jpg", {}),
    ("get", "/api/previews/" + "0" * 32 + ".jpg", {}),
])
def test_api_errors_are_in_korean_and_in_english_as_asked(client, method, path, body):
    """Every error body in the user's language: the app's own and the request checks FastAPI makes. (The
    tests run with CARDNEWS_LANG=en, so Korean is asked for here as a Korean browser asks.)"""
    korean = getattr(client, method)(path, **{**body, "headers": {**body.get("headers", {}), "Accept-Language": "ko-KR,ko;q=0.9"}})
    assert korean.status_code >= 400
    message = korean.json()["error"]["message"]
    assert re.search("[가-힣]", message) and not ENGLISH_SENTENCE.search(message), message
    english = getattr(client, method)(path, **{**body, "headers": {**body.get("headers", {}), "Accept-Language": "en"}})
    assert english.status_code == korean.status_code and not re.search("[가-힣]", english.json()["error"]["message"])


def test_no_http_error_in_the_web_app_is_an_untranslated_literal():
    """A message written straight into an HTTP error reaches Korean users in English; each goes through _()."""
    import ast

    found = []
    for file in (ROOT / "src" / "cardnews" / "web").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("HTTPException", "WorkLimitError", "NotFound", "RebuildMismatch"):
                for argument in node.args:
                    if isinstance(argument, (ast.Constant, ast.JoinedStr)) and not (isinstance(argument, ast.Constant) and isinstance(argument.value, int)):
                        found.append(f"{file.name}:{node.lineno}")
    assert not found, found


# --- nothing in the input reaches the file system -----------------------------------------------------


@pytest.mark.parametrize(
    "text, where",
    [
        ("layout: /etc/hosts.yaml\n\n가.zip\n✅ 가\n\n가\n✅ 나\n", "pasted text:1: error: layout:"),
        ("layout: ../../layouts/civic.yaml\n\n가.zip\n✅ 가\n\n가\n✅ 나\n", "pasted text:1: error: layout:"),
        ("series:\n  title: 가\n  layout: ../civic.yaml\ncases:\n  - headline: 가\n    items: [나]\n", "pasted text:3: error: layout:"),
        ("series:\n  title: 가\nbrand:\n  logo: ../../etc/logo.png\ncases:\n  - headline: 가\n    items: [나]\n", "pasted text:4: error: brand.logo:"),
        ("series:\n  title: 가\nbrand:\n  layout: /tmp/x.yaml\ncases:\n  - headline: 가\n    items: [나]\n", "pasted text:4: error: brand.layout:"),
    ],
)
def test_a_path_in_the_input_is_refused_before_anything_is_opened(client, text, where, monkeypatch):
    import cardnews.build

    def must_not_run(*args, **kwargs):
        raise AssertionError("inspect ran on a case that names a file")

    monkeypatch.setattr(cardnews.build, "inspect", must_not_run)
    result = client.post("/api/check", json={"text": text}).json()
    assert result["status"] == "errors"
    assert result["notices"][0]["text"].startswith(where)
    response = client.post("/api/render", json={"text": text})
    assert response.status_code == 422 and response.json()["error"]["message"].startswith(where)


def test_a_layout_setting_that_names_a_file_is_refused(client):
    result = client.post("/api/check", json=reference(layout="../layouts/civic.yaml")).json()
    assert result["notices"][0]["text"].startswith("error: --layout: the web app takes a layout by name")


def test_an_uploaded_file_name_is_only_a_name_in_messages(client):
    response = client.post("/api/check", files={"file": ("../../etc/passwd.txt", b"no bundle line here\n")})
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("passwd.txt: no bundle line")
    response = client.post("/api/check", files={"file": ("notes.md", b"x\n")})
    assert response.json()["error"]["message"] == "notes.md: unknown file type .md; use .yaml, .yml or .txt."


def test_requests_are_built_in_memory_without_a_temporary_file(client, web_zip):
    with watching_files() as events:
        assert client.post("/api/render", json=reference(channel="x")).status_code == 200
        assert client.post("/api/render", files={"file": (REFERENCE_TXT.name, REFERENCE_TXT.read_bytes())}).content == web_zip[0]
        assert client.post("/api/render", json={"text": "broken"}).status_code == 422
        assert client.post("/api/check", json=reference()).status_code == 200
        assert client.post("/api/preview", json=reference(size="portrait,story")).status_code == 200
        assert client.post("/api/card?page=3", json=reference(image_format="jpg")).status_code == 200
    assert events.written == [] and events.made == []
    ours = (os.path.realpath(Path(__file__).parents[1]), os.path.realpath(Path(cardnews.__file__).parent))
    temporary = [name for name, _ in events.opened if name.startswith(tempfile.gettempdir()) and not name.startswith(ours)]
    assert temporary == []  # the project's own fonts and layouts may sit in a temporary folder; nothing else may


# --- limits and staying up ----------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_and_the_server_goes_on(tmp_path):
    with TestClient(create_app(max_body_bytes=16 * 1024, warm_up=False)) as small:
        response = small.post("/api/check", json={"text": "가" * 6000})
        assert response.status_code == 413
        assert response.json()["error"]["message"].startswith("request too large: the limit is 16 KB")

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(20):
                yield b"x" * 1000

        response = small.post("/api/check", content=chunks(), headers={"Content-Type": "text/plain"})
        assert response.status_code == 413
        assert small.post("/api/check", json=reference()).status_code == 200


def test_an_internal_error_is_json_and_the_server_goes_on(tmp_path):
    app = create_app(warm_up=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        original = app.state.service.check
        app.state.service.check = lambda case: 1 / 0
        response = client.post("/api/check", json=reference())
        assert response.status_code == 500
        assert response.json()["error"]["message"].startswith("internal error (ZeroDivisionError: division by zero). This is a bug in cardnews")
        app.state.service.check = original
        assert client.post("/api/check", json=reference()).status_code == 200


def test_builds_beyond_the_line_are_told_to_come_back(tmp_path):
    app = create_app(jobs=1, waiting=0, warm_up=False)
    release = threading.Event()
    started = threading.Event()

    def slow_check(case):
        started.set()
        release.wait(10)
        return {"status": "ok"}

    app.state.service.check = slow_check

    async def scenario():
        import httpx

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            first = asyncio.create_task(client.post("/api/check", json=reference()))
            await asyncio.to_thread(started.wait, 10)
            second = await client.post("/api/check", json=reference())
            release.set()
            return await first, second

    first, second = asyncio.run(scenario())
    assert first.status_code == 200
    assert second.status_code == 503 and second.headers["retry-after"] == "5"
    assert second.json()["error"]["message"].startswith("busy: 1 builds running and 0 waiting")


def test_the_queue_runs_no_more_at_once_than_its_workers():
    queue = BuildQueue(workers=2, waiting=3)
    gate = threading.Event()

    async def scenario():
        tasks = [asyncio.create_task(queue.run(gate.wait, 5)) for _ in range(5)]
        await asyncio.sleep(0.2)
        with pytest.raises(QueueFull):
            await queue.run(gate.wait, 5)
        gate.set()
        return await asyncio.gather(*tasks)

    assert asyncio.run(scenario()) == [True] * 5
    assert queue.busiest == 2
    queue.close()


# --- the page, layouts and docs -----------------------------------------------------------------------


def test_the_page_is_korean_and_loads_nothing_from_elsewhere(client):
    page = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="ko">' in page.text and "카드뉴스 만들기" in page.text and "ZIP 내려받기" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") for a in assets)
    for asset in {a.split("?")[0] for a in assets if a.startswith(("/static", "/api/layouts"))}:
        response = client.get(asset)
        assert response.status_code == 200, asset
        if asset.endswith((".css", ".js")):
            assert not re.search(r"https?://", response.text), asset
    assert client.get("/fonts/PretendardGOV-Regular.otf").status_code == 200


def test_layouts_are_listed_with_a_preview_each(client):
    result = client.get("/api/layouts").json()
    names = [layout["name"] for layout in result["layouts"]]
    assert {"civic", "warm", "bold"} <= set(names)
    assert {size["name"] for size in result["sizes"]} == {"portrait", "square", "story", "landscape"}
    assert "x" in [channel["name"] for channel in result["channels"]]
    assert client.get("/api/layouts/warm.jpg").headers["content-type"] == "image/jpeg"
    assert client.get("/api/layouts/nope.jpg").status_code == 404


def test_the_example_is_the_reference_summary(client):
    assert client.get("/api/example").text == REFERENCE_TXT.read_text(encoding="utf-8")
    assert client.get("/api/example?format=yaml").text == REFERENCE_YAML.read_text(encoding="utf-8")
    assert client.get("/api/example?format=../x").status_code == 422


def test_the_api_is_documented(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/render", "/api/check", "/api/preview", "/api/layouts", "/api/card"):
        assert path in spec["paths"]
    assert set(spec["paths"]["/api/render"]["post"]["requestBody"]["content"]) == {"application/json", "multipart/form-data", "text/plain"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/render" in docs.text and "curl" in docs.text


# --- cardnews serve ------------------------------------------------------------------------------------


def test_serve_says_how_to_install_the_web_extra_when_it_is_missing(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "cardnews.web.server", None)
    code, _, err = run_cli("serve")
    assert code == 2
    assert "pip install -e '.[web]'" in err


def test_serve_refuses_a_port_in_use_with_a_message():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(CardnewsError, match=r"cannot listen on 127\.0\.0\.1:\d+ .*--port"):
            listening_socket("127.0.0.1", taken.getsockname()[1])


# --- the page's own needs: opening files, names, source lines -----------------------------------------


def open_file(client, name: str, data: bytes):
    return client.post("/api/open", files={"file": (name, data)})


def test_an_opened_file_is_read_as_the_cli_reads_it(client):
    result = open_file(client, REFERENCE_TXT.name, REFERENCE_TXT.read_bytes()).json()
    assert result == {"filename": REFERENCE_TXT.name, "format": "txt", "text": REFERENCE_TXT.read_text(encoding="utf-8"), "notices": []}
    crlf = open_file(client, "week.yaml", b"\xef\xbb\xbfseries:\r\n  title: \xea\xb0\x80\r\n").json()
    assert crlf["text"] == "series:\n  title: 가\n" and crlf["format"] == "yaml"
    raw = client.post("/api/open?filename=week.txt", content=REFERENCE_TXT.read_bytes(), headers={"Content-Type": "application/octet-stream"})
    assert raw.json()["text"] == result["text"]


def test_an_opened_cp949_file_is_read_with_the_cli_notice(client):
    data = (CORPUS / "cp949.txt").read_bytes()
    result = open_file(client, "주간 요약.txt", data).json()
    assert result["text"] == data.decode("cp949").replace("\r\n", "\n")
    (notice,) = result["notices"]
    code, out, _ = run_cli("check", CORPUS / "cp949.txt")
    cli_line = next(line for line in out.splitlines() if "CP949" in line)
    assert notice["level"] == "warning" and notice["file"] == "주간 요약.txt"
    assert notice["text"] == cli_line.replace(str(CORPUS / "cp949.txt"), "주간 요약.txt")


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("utf16.txt", (CORPUS / "utf16.txt").read_bytes(), "UTF-16"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "not UTF-8 text"),
        ("zeros.txt", (CORPUS / "nul-bytes.txt").read_bytes(), "NUL bytes"),
        ("picture.png", b"\x89PNG\r\n\x1a\n", "unknown file type .png"),
    ],
)
def test_an_opened_file_that_is_not_text_is_refused_with_the_cli_message(client, name, data, says, tmp_path):
    response = open_file(client, name, data)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert says in message and message.startswith(name) and "cardnews-web-" not in message
    local = tmp_path / name
    local.write_bytes(data)
    code, _, err = run_cli("check", local)
    assert code == 2 and err.strip().removeprefix("cardnews: ").replace(str(local), name) == message


def test_pasted_text_is_called_pasted_text_in_messages(client):
    text = "series:\n  title: 2024 상반기 강남구 모음\ncases:\n- kicker: 하나\n  items: [가]\n"
    result = client.post("/api/check", json={"text": text}).json()
    assert result["file"] == "pasted text"
    assert result["notices"][0]["text"].startswith("pasted text:4: error: cases[0].headline")
    assert "case.yaml" not in str(result) and "summary.txt" not in str(result)


def test_cards_of_two_sizes_download_under_two_names(client):
    body = reference(size="portrait,story")
    portrait = client.post("/api/card?page=3&card_size=portrait", json=body)
    story = client.post("/api/card?page=3&card_size=story", json=body)
    names = {download_name(r.headers["content-disposition"]) for r in (portrait, story)}
    assert names == {"portrait-03-case-1.png", "story-03-case-1.png"} and portrait.content != story.content
    single = client.post("/api/card?page=3", json=reference(image_format="jpg"))
    assert download_name(single.headers["content-disposition"]) == "03-case-1.jpg"


def test_each_case_card_says_which_lines_it_was_read_from(client):
    result = client.post("/api/preview", json=reference()).json()
    cards = result["sizes"][0]["cards"]
    lines = REFERENCE_TXT.read_text(encoding="utf-8").split("\n")
    sources = [card["source"] for card in cards]
    assert sources[0] is None and sources[1] is None and sources[-1] is None  # cover, contents, closing
    case_sources = sources[2:-1]
    assert all(s is not None for s in case_sources)
    assert lines[case_sources[0]["line"] - 1].startswith("장애인도 운동할 권리가 있다!")
    assert [s["line"] for s in case_sources] == sorted(s["line"] for s in case_sources)
    assert all(a["end"] == b["line"] - 1 for a, b in zip(case_sources, case_sources[1:]))
    assert case_sources[-1]["end"] is None
    warning = result["notices"][0]
    card = next(c for c in cards if c["case"] == warning["case"])
    assert card["source"]["line"] <= warning["line"] <= card["source"]["end"]
