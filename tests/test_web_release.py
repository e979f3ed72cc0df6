"""The web app takes press releases as the CLI does, pasted or opened, and says what it read each text as."""

from __future__ import annotations

import contextlib
import io
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("httpx", reason="the test client needs httpx: pip install -e '.[test]'")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from cardnews.cli import main  # noqa: E402
from cardnews.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "tests" / "corpus" / "releases" / "mois-2019-school-zones.txt"
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
REFERENCE_YAML = ROOT / "cases" / "2024-h1-gangnam.yaml"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(jobs=1, warm_up=False)
    with TestClient(app) as test_client:
        yield test_client


def test_a_pasted_release_is_previewed_and_said_to_be_read_as_a_release(client):
    result = client.post("/api/preview", json={"text": RELEASE.read_text(encoding="utf-8")}).json()
    assert result["read_as"] == "release"
    assert result["status"] == "warnings"
    assert result["series"]["title"] == "어린이보호구역 교통사고 87%가 보행 중 발생"
    assert len(result["sizes"][0]["cards"]) == 7
    texts = [n["text"] for n in result["notices"]]
    name = result["file"]  # what the page calls pasted text
    assert any(t.startswith(f"{name}: warning: read as a press release") for t in texts)
    assert f"{name}:4: warning: organisation read as 행정안전부; set organisation: in the summary header to change it" in texts


@pytest.mark.parametrize("path, kind", [(REFERENCE_TXT, "summary"), (REFERENCE_YAML, "yaml"), (RELEASE, "release")])
def test_check_says_what_each_file_was_read_as(client, path, kind):
    with path.open("rb") as handle:
        result = client.post("/api/check", files={"file": (path.name, handle, "text/plain")}).json()
    assert result["read_as"] == kind


def test_from_overrides_the_detection_as_the_cli_option_does(client):
    text = RELEASE.read_text(encoding="utf-8")
    result = client.post("/api/preview", json={"text": text, "from": "summary"}).json()
    assert (result["read_as"], result["status"]) == ("summary", "errors")
    assert result["notices"][0]["text"].startswith(f"{result['file']}: error: no bundle line.")
    response = client.post("/api/check", json={"text": text, "from": "summary"})
    assert response.status_code == 422
    assert "no bundle line." in response.json()["error"]["message"]
    response = client.post("/api/check?from=poem", content=text.encode("utf-8"), headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert "from 'poem': unknown input format; choose summary or release" in response.json()["error"]["message"]


def test_an_opened_release_builds_the_zip_the_cli_builds(client, tmp_path):
    with RELEASE.open("rb") as handle:
        response = client.post("/api/render", files={"file": (RELEASE.name, handle, "text/plain")})
    assert response.status_code == 200
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["build", str(RELEASE), "--out", str(tmp_path)]) == 0
    cli_zip = next(tmp_path.glob("*.zip"))
    assert response.content == cli_zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        assert sum(name.endswith(".png") for name in bundle.namelist()) == 7
