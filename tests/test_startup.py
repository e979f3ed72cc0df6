"""Start-up: a command imports only what it uses, so `cardnews --help` and `cardnews check` start quickly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.yaml"
PROBE = """
import contextlib, io, json, sys
from cardnews.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def imported(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout))


def test_help_loads_no_image_or_text_library():
    modules = imported("--help")
    assert not {"PIL", "yaml", "jinja2", "emoji", "fontTools"} & modules
    # cardnews.i18n: the help is translated (stdlib gettext and the catalogue only)
    assert not {m for m in modules if m.startswith("cardnews.") and m not in {"cardnews.cli", "cardnews.errors", "cardnews.i18n"}}


@pytest.mark.parametrize("command", [["check"], ["build", "--help"]])
def test_check_loads_nothing_for_drawing_files_or_packaging(command):
    modules = imported(*command, str(REFERENCE))
    unused = {"cardnews.bundle.assemble", "cardnews.bundle.package", "cardnews.render.parallel", "cardnews.render.encode", "cardnews.bundle.manifest", "fontTools", "PIL.PngImagePlugin"}
    assert not unused & modules
