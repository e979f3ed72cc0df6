"""A small load test: 20 renders at once against a real server on loopback all succeed with correct zips,
while no more builds run at once than the server has workers."""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
httpx = pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

from web_helpers import running_server  # noqa: E402

from cardnews.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = [ROOT / "cases" / "2024-h1-gangnam.txt", ROOT / "cases" / "2024-h1-gangnam.yaml"]
ZIP_NAME = "2024 상반기 강남구 적극행정 우수사례 모음.zip"
REQUESTS = 20


def test_twenty_concurrent_renders_all_succeed_with_correct_zips(tmp_path):
    expected = {}
    for case in CASES:
        assert main(["build", str(case), "--out", str(tmp_path / case.suffix[1:])]) == 0
        expected[case.name] = (tmp_path / case.suffix[1:] / ZIP_NAME).read_bytes()
    with running_server(jobs=2) as (base, app):

        def render(index: int) -> tuple[str, httpx.Response]:
            case = CASES[index % len(CASES)]
            with httpx.Client(timeout=httpx.Timeout(120, connect=10)) as client:
                return case.name, client.post(f"{base}/api/render", files={"file": (case.name, case.read_bytes())})

        with ThreadPoolExecutor(REQUESTS) as pool:
            results = list(pool.map(render, range(REQUESTS)))
        queue = app.state.queue

    assert [response.status_code for _, response in results] == [200] * REQUESTS
    for name, response in results:
        assert response.content == expected[name]
        assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None
        assert "filename*=UTF-8''2024%20" in response.headers["content-disposition"]
    assert 1 <= queue.busiest <= queue.workers == 2
