"""One truth for the case schema: the JSON Schema `cardnews schema` exports, read by a standard validator
(jsonschema, as editors do), gives the verdict `cardnews check` gives, on the corpus, the samples and
generated documents."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardnews.cli import main
from cardnews.errors import InputError
from cardnews.input.reading import decode
from cardnews.input.schema import CASE_FILE, schema_json, validate
from cardnews.input.yaml_source import LocatedYaml

jsonschema = pytest.importorskip("jsonschema", reason="the test extra is not installed: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted({*ROOT.glob("cases/*.yaml"), *(ROOT / "tests").glob("*/*.yaml")} - {ROOT / "tests" / "bad_inputs" / "expected.yaml"})
EDITOR = jsonschema.Draft7Validator(json.loads(schema_json()))  # the exported text, as an editor reads it


def editor_accepts(data) -> bool:
    return EDITOR.is_valid(data)


def check(path: Path) -> tuple[int, str]:
    """`cardnews check`'s exit code and what it prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["check", str(path)])
    return code, out.getvalue()


def test_the_exported_schema_is_valid_draft_7():
    jsonschema.Draft7Validator.check_schema(json.loads(schema_json()))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_case_file_passes_the_schema_exactly_when_check_finds_no_schema_error(path):
    try:  # read as cardnews reads a case file: CP949 too, every value as typed
        data = LocatedYaml(decode(path.read_bytes(), str(path), []), str(path), as_text=True).data
    except InputError:
        return  # not YAML a validator could read (a tag, a syntax error, alias bombs): check refuses it too
    if path.parent.name not in ("cases", "bad_inputs") and not (isinstance(data, dict) and "cases" in data):
        return  # a layout or brand file, not a case file
    ours = list(validate(data)) if isinstance(data, dict) else [("", "not a mapping")]
    assert editor_accepts(data) == (not ours), (ours, [e.message for e in EDITOR.iter_errors(data)])
    code, said = check(path)
    if not editor_accepts(data):
        assert code == 2
        if isinstance(data, dict):
            assert all(f"error: {where}: {message}" in said for where, message in ours), said


def test_an_empty_optional_key_means_not_given_for_both():
    data = {"series": {"title": "가", "handle": None, "hashtags": None}, "brand": None, "cases": [{"headline": "가", "items": ["나"], "emoji": None}]}
    assert list(validate(data)) == [] and editor_accepts(data)
    data["series"]["title"] = None
    assert list(validate(data)) == [("series.title", "is required")] and not editor_accepts(data)


# Documents made of the case file's own keys (and a few wrong ones) and values of every YAML kind.
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", " ", "가", "#0051A4", "green"]))
_KEYS = st.sampled_from(["title", "bundle", "handle", "layout", "hashtags", "headline", "items", "text", "notes", "emoji",
                         "kicker", "logo", "colors", "primary", "series", "cases", "brand", "colour"])


def _values(depth: int):
    if depth == 0:
        return _SCALARS
    inner = _values(depth - 1)
    return st.one_of(_SCALARS, st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4))


def _case():
    item = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2),
                     st.fixed_dictionaries({"text": _SCALARS}, optional={"notes": _values(1), "colour": _SCALARS}))
    return st.fixed_dictionaries(
        {"headline": _SCALARS, "items": st.one_of(_SCALARS, st.lists(item, max_size=3))},
        optional={"kicker": _SCALARS, "emoji": _values(1), "contents": _SCALARS, "colour": _SCALARS},
    )


_DOCUMENTS = st.fixed_dictionaries(
    {"series": st.one_of(_SCALARS, st.fixed_dictionaries({"title": _SCALARS}, optional={k: _values(1) for k in ("handle", "hashtags", "layout", "colour")})),
     "cases": st.one_of(_SCALARS, st.lists(st.one_of(_case(), _SCALARS), max_size=3))},
    optional={"brand": st.one_of(_values(2), st.fixed_dictionaries({}, optional={"logo": _SCALARS, "colors": _values(1), "handle": _SCALARS}))},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_generated_documents_get_the_same_verdict_from_both(document):
    assert editor_accepts(document) == (not list(validate(document, CASE_FILE))), list(validate(document, CASE_FILE))
