"""Layout files against their declared schema: typos, missing colours and lists, variants, the exported schema."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

from cardnews.cli import main
from cardnews.errors import LayoutError
from cardnews.input.load import load_series
from cardnews.layout.elements import Checklist, Chip, Stack, TextBox
from cardnews.layout.engine import layout_series
from cardnews.layout.geometry import EmojiRun, Shape
from cardnews.layout.theme import find_layout, list_layouts, load_theme
from cardnews.render.draw import render_card

ROOT = Path(__file__).resolve().parents[1]
CIVIC = (ROOT / "layouts" / "civic.yaml").read_text(encoding="utf-8")
REFERENCE = ROOT / "cases" / "2024-h1-gangnam.yaml"
CONTINUATION_CHECKLIST = (
    "          - {type: checklist, role: body, note_role: note, color: ink, note_color: note, bullet_color: muted, "
    "panel: panel, outline: panel_line, radius: 36, padding: 44}\n"
)


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str, text: str = CIVIC, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def line_of(text: str, needle: str, start: int = 0) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if i > start and needle in line)


def load_error(path: Path) -> str:
    with pytest.raises(LayoutError) as caught:
        load_theme(path)
    return str(caught.value)


@pytest.fixture(scope="module")
def series():
    return load_series(REFERENCE)[0]


@pytest.fixture(scope="module")
def long_case_file(tmp_path_factory) -> Path:
    """The reference with one case long enough to continue, and an item with notes."""
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["cases"][0]["items"] = data["cases"][0]["items"] * 4 + [{"text": "메모가 있는 항목", "notes": ["세부 내용 한 줄"]}]
    path = tmp_path_factory.mktemp("long") / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_misspelt_key_is_an_error_with_file_line_key_and_a_suggestion(tmp_path):
    text = edit("leading: 1.35, gap_after: 10}", "leadng: 1.35, gap_after: 10}")
    path = write(tmp_path, text)
    message = load_error(path)
    line = line_of(text, "leadng:")
    assert message.startswith(f'{path}:{line}: cards.case.elements[2].children[1].leadng: unknown key in a text element (did you mean "leading"?)')


def test_a_misspelt_element_type_or_size_name_is_an_error_with_a_suggestion(tmp_path):
    text = edit("type: checklist, role: body", "type: checklst, role: body").replace("variants:\n  story:", "variants:\n  stroy:")
    message = load_error(write(tmp_path, text))
    assert f":{line_of(text, 'checklst')}: cards.case.elements[2].children[3].type: " in message
    assert 'got \'checklst\' (did you mean "checklist"?)' in message
    assert f':{line_of(text, "stroy:")}: variants.stroy: unknown key in variants (a size name) (did you mean "story"?)' in message


def test_a_continuation_card_without_a_checklist_is_a_clear_error(tmp_path, long_case_file, capsys):
    """It used to pass the checks and then fail as an internal error (exit 70) on a long case."""
    text = edit(CONTINUATION_CHECKLIST, "", CIVIC.replace(CONTINUATION_CHECKLIST, "@@", 1)).replace("@@", CONTINUATION_CHECKLIST, 1)
    path = write(tmp_path, text)
    message = load_error(path)
    line = line_of(text, "elements:", line_of(text, "  continuation:"))
    assert message.startswith(f"{path}:{line}: cards.continuation.elements: has no stack with a checklist")
    assert main(["check", str(long_case_file), "--layout", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}: cards.continuation.elements: has no stack with a checklist" in err
    assert "Traceback" not in err and "internal error" not in err


def test_a_default_colour_missing_from_the_palette_is_a_clear_error(tmp_path, long_case_file, capsys):
    """A checklist's note dots default to `muted`: a palette without it used to fail at the first note (exit 70)."""
    text = CIVIC.replace('  muted: "#56627F"\n', "").replace(", bullet_color: muted", "").replace("color: muted", 'color: "#56627F"')
    path = write(tmp_path, text)
    message = load_error(path)
    line = line_of(text, "type: checklist")
    assert f"{path}:{line}: cards.case.elements[2].children[3].bullet_color: is not set and its default colour 'muted' is not in the palette" in message
    assert main(["build", str(long_case_file), "--layout", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "bullet_color: is not set and its default colour 'muted'" in capsys.readouterr().err


def test_every_problem_is_reported_at_once(tmp_path):
    text = edit('accent: "#1F5FE0"', "accent: blue").replace("radius: 36, padding: 44}", "radius: -3, padding: 44}", 1)
    message = load_error(write(tmp_path, text))
    assert "palette.accent: expected a colour" in message
    assert ".radius: expected a number from 0 to 2000, got -3" in message


def test_a_variant_states_only_what_differs(tmp_path):
    """Mappings merge deeply: a variant giving one card's background keeps that card's elements."""
    text = CIVIC.replace("variants:\n", "variants:\n  square:\n    cards:\n      case:\n        background: cover\n    type:\n      body: [36, 28, 24]\n")
    theme = load_theme(write(tmp_path, text))
    square, base = theme.for_size("square"), theme.base
    assert square.cards["case"].background == "cover" and base.cards["case"].background == "page"
    assert square.cards["case"].elements == base.cards["case"].elements
    assert square.type["body"].largest == 36 and square.type["headline"] == base.type["headline"]


def test_a_variant_changes_one_element_by_its_id(tmp_path, series, fonts):
    text = edit('- {type: text, box: [0, 0, 1, 0.046], text: "{{ page }}/{{ total }}", role: label, color: muted,',
                '- {id: pager, type: text, box: [0, 0, 1, 0.046], text: "{{ page }}/{{ total }}", role: label, color: muted,',
                CIVIC.split("\n  case:\n")[0] + "\n  case:\n" + CIVIC.split("\n  case:\n", 1)[1].replace(
                    '- {type: text, box: [0, 0, 1, 0.046], text: "{{ page }}/{{ total }}", role: label, color: muted,',
                    '- {id: pager, type: text, box: [0, 0, 1, 0.046], text: "{{ page }}/{{ total }}", role: label, color: muted,', 1))
    text = text.replace("variants:\n  story:\n", "variants:\n  story:\n    cards:\n      case:\n        elements:\n          pager: {color: accent, align: left}\n", 1)
    theme = load_theme(write(tmp_path, text))
    base_pager = theme.base.cards["case"].elements[1]
    story_pager = theme.for_size("story").cards["case"].elements[1]
    assert isinstance(story_pager, TextBox) and story_pager.id == "pager"
    assert (base_pager.color, base_pager.align) == ("muted", "right")
    assert (story_pager.color, story_pager.align) == ("accent", "left")
    assert story_pager.box == base_pager.box and story_pager.text == base_pager.text
    assert theme.for_size("story").cards["case"].elements[2] == theme.base.cards["case"].elements[2]

    bad = write(tmp_path, text.replace("pager: {color: accent, align: left}", "pager: {color: acent, align: left}"), "bad.yaml")
    message = load_error(bad)
    assert f"bad.yaml:{line_of(text, 'pager: {color')}: variants.story.cards.case.elements.pager.color: unknown colour 'acent'" in message
    assert 'did you mean "accent"?' in message
    missing = write(tmp_path, text.replace("pager: {color", "pagr: {color"), "missing.yaml")
    assert "variants.story.cards.case.elements.pagr: no element with id 'pagr' to change here; the ids here: pager" in load_error(missing)


def test_every_default_is_filled_in_once(tmp_path):
    theme = load_theme(find_layout("civic"))
    checklist = next(c for c in theme.base.cards["case"].elements[2].children if isinstance(c, Checklist))
    assert (checklist.item_leading, checklist.note_indent, checklist.check_gap) == (1.46, 26, 18)
    chip = theme.base.cards["case"].elements[0]
    assert isinstance(chip, Chip) and (chip.height, chip.padding, chip.role) == (2.08, 0.92, "label")
    with pytest.raises(AttributeError):
        chip.height = 3  # frozen


def test_a_former_python_constant_is_a_layout_value_that_changes_the_look(tmp_path, series, fonts):
    """Copy civic, give the checklist more room between items and a taller chip: the case card changes."""
    plain = load_theme(find_layout("civic"))
    spaced_text = edit("bullet_color: muted, panel: panel, outline: panel_line, radius: 36, padding: 44}",
                       "bullet_color: muted, panel: panel, outline: panel_line, radius: 36, padding: 44, item_space: 1.5}")
    spaced_text = edit('alt: "사례 {{ case.number }}", fill: accent', 'alt: "사례 {{ case.number }}", height: 2.6, fill: accent', spaced_text)
    spaced = load_theme(write(tmp_path, spaced_text))
    before, after = (layout_series(series, theme, fonts)[0][2] for theme in (plain, spaced))
    checks = [[e.y for e in card.elements if isinstance(e, EmojiRun) and e.sequence == "✅"] for card in (before, after)]
    assert len(checks[0]) == len(checks[1]) >= 3
    gaps = [[b - a for a, b in zip(ys, ys[1:])] for ys in checks]
    assert all(new > old + 10 for old, new in zip(*gaps))
    chips = [next(e for e in card.elements if isinstance(e, Shape) and e.radius and e.box.y < 100) for card in (before, after)]
    assert chips[1].box.height == pytest.approx(chips[0].box.height * 2.6 / 2.08)
    assert render_card(before, fonts).tobytes() != render_card(after, fonts).tobytes()


def test_giving_a_default_explicitly_changes_nothing(tmp_path, series, fonts):
    text = edit("bullet_color: muted, panel: panel, outline: panel_line, radius: 36, padding: 44}",
                "bullet_color: muted, panel: panel, outline: panel_line, radius: 36, padding: 44, item_space: 0.75, item_leading: 1.46, check_gap: 18}")
    explicit = layout_series(series, load_theme(write(tmp_path, text)), fonts)[0]
    assert [c.elements for c in explicit] == [c.elements for c in layout_series(series, load_theme(find_layout("civic")), fonts)[0]]


def test_schema_command_prints_the_layout_schema_the_built_in_layouts_pass(capsys):
    assert main(["schema", "--layout"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for name, path in list_layouts().items():
        assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], name
    typo = yaml.safe_load(edit("leading: 1.35, gap_after: 10}", "leadng: 1.35, gap_after: 10}"))
    assert any("leadng" in error.message for error in validator.iter_errors(typo))
    stack = schema["definitions"]["flowed"]["allOf"]
    checklist = next(rule["then"] for rule in stack if rule["if"]["properties"]["type"]["const"] == "checklist")
    assert checklist["properties"]["item_leading"] == {
        "type": "number", "minimum": 0.8, "maximum": 3, "description": "An item's line height, in ems.", "default": 1.46,
    }


def test_the_schema_and_the_checks_agree_on_ranges(tmp_path):
    """A value the exported schema refuses is refused by the checks too, with the same range."""
    text = edit("leading: 1.35, gap_after: 10}", "leading: 5, gap_after: 10}")
    schema = json.loads(_schema_text())
    assert list(jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(text)))
    assert "leading: expected a number from 0.8 to 3, got 5" in load_error(write(tmp_path, text))


def _schema_text() -> str:
    from cardnews.layout.theme import layout_schema_json

    return layout_schema_json()


def test_stacks_hold_typed_children():
    theme = load_theme(find_layout("warm"))
    stack = theme.base.cards["case"].elements[2]
    assert isinstance(stack, Stack) and any(isinstance(c, Checklist) for c in stack.children)
    assert replace(stack, valign=0.1).valign == 0.1 and stack.valign == 0.42


def test_the_readme_lists_every_key_of_every_element_type():
    from cardnews.layout.elements import FLOWED, PLACED
    from cardnews.layout.spec import keys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for where, types in (("in a card", PLACED), ("in a stack", FLOWED)):
        for name, cls in types.items():
            row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` ({where})"))
            for declared in keys(cls):
                if declared.name not in ("id", "gap_after"):
                    assert f"`{declared.name}`" in row, (name, declared.name)
