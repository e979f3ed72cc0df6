"""Text that does not fit is an error or a continuation, never an overlap: checked on the drawn cards.

Extreme inputs are built; every card written is read back, and each text line and emoji is drawn alone
in the same place to see which pixels it inks. No pixel may be inked by two of them, and none outside
the size's safe area. Inputs that cannot fit stop the build with a message and write nothing.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from cardnews.cli import main
from cardnews.layout.geometry import Box, CardLayout, EmojiRun, Shape, TextRun
from cardnews.render.draw import render_card
from cardnews.layout.sizes import SIZES

GROUND = "#FF00FF"  # no text or emoji colour is exactly this

EXTREME = """\
series:
  title: 아주 긴 제목을 가진 시리즈입니다 정말로 길고 긴 제목이 칩을 넘치게 하는지
  handle: "@gangnam_gu_official_channel"
  hashtags: [강남구]
cases:
  - kicker: 장애인도 운동할 권리가 있다! 조금 더 긴 도입 문장
    headline: 장애인🧑‍🦽 건강 동행 챌린지 사업 추진으로 운동플랫폼 구축까지
    items:
{items}
  - headline: 🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃 달리기
    items:
      - "{unbroken}"
      - 🇰🇷👍🏽1️⃣🧑‍🦽 이모지로 가득한 항목 🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃
"""


def run(*argv) -> tuple[int, str]:
    """Exit code and everything printed (check prints its notices to stdout, build to stderr)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main([str(a) for a in argv])
    return code, out.getvalue()


def extreme_case(tmp_path: Path) -> Path:
    items = "\n".join(f"      - text: {n}번째 항목은 운동시설과 전문 트레이너를 연계한 맞춤형 운동플랫폼 구축입니다\n        notes: [월평균 1150가구 실시간 확인]" for n in range(1, 31))
    path = tmp_path / "extreme.yaml"
    path.write_text(EXTREME.format(items=items, unbroken="가" * 400), encoding="utf-8")
    return path


def ink_groups(card: CardLayout) -> list[tuple[str, tuple]]:
    """The text runs of each line together (one baseline), and each emoji alone: what must not touch."""
    groups: dict[tuple, list] = {}
    for element in card.elements:
        if isinstance(element, TextRun) and element.text.strip():
            groups.setdefault(("text", round(element.baseline, 1)), []).append(replace(element, color="#000000"))
        elif isinstance(element, EmojiRun):
            groups[("emoji", element.x, element.y)] = [element]
    return [(" ".join(getattr(r, "text", getattr(r, "sequence", "")) for r in runs), tuple(runs)) for runs in groups.values()]


def inked(card: CardLayout, runs: tuple, fonts) -> tuple[tuple[int, int, int, int], Image.Image] | None:
    """The card pixels these runs change when drawn alone, as the card draws them: (box, mask) or None."""
    left, top, right, bottom = card.width, card.height, 0, 0
    for run in runs:
        if isinstance(run, TextRun):
            size = run.font.size_px
            box = (run.x - size, run.baseline - 2 * size, run.x + fonts.line_width(run.text, run.font) + size, run.baseline + size)
        else:
            box = (run.x - 2, run.y - 2, run.x + run.size_px + 2, run.y + run.size_px + 2)
        left, top, right, bottom = min(left, box[0]), min(top, box[1]), max(right, box[2]), max(bottom, box[3])
    x0, y0 = max(0, int(left)), max(0, int(top))
    x1, y1 = min(card.width, int(right) + 1), min(card.height, int(bottom) + 1)
    shifted = tuple(
        replace(run, x=run.x - x0, baseline=run.baseline - y0) if isinstance(run, TextRun) else replace(run, x=run.x - x0, y=run.y - y0)
        for run in runs
    )
    ground = Shape(Box(0, 0, x1 - x0, y1 - y0), GROUND)
    alone = render_card(replace(card, width=x1 - x0, height=y1 - y0, elements=(ground, *shifted)), fonts)
    mask = ImageChops.difference(alone, Image.new("RGB", alone.size, GROUND)).convert("L").point(lambda v: 255 if v > 48 else 0)
    box = mask.getbbox()
    if box is None:
        return None
    return (box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0), mask.crop(box)


def assert_drawn_apart(card: CardLayout, size: str, fonts) -> None:
    safe = SIZES[size].safe
    drawn = []
    for text, runs in ink_groups(card):
        found = inked(card, runs, fonts)
        if found is None:
            continue
        box, mask = found
        left, top, right, bottom = box
        assert left >= safe.x - 2 and top >= safe.y - 2 and right <= safe.right + 2 and bottom <= safe.bottom + 2, (
            f"{card.filename} ({size}): {text[:30]!r} inks {box}, outside the safe area {safe}"
        )
        for other_text, other_box, other_mask in drawn:
            both = (max(left, other_box[0]), max(top, other_box[1]), min(right, other_box[2]), min(bottom, other_box[3]))
            if both[0] >= both[2] or both[1] >= both[3]:
                continue
            mine = mask.crop((both[0] - left, both[1] - top, both[2] - left, both[3] - top))
            theirs = other_mask.crop((both[0] - other_box[0], both[1] - other_box[1], both[2] - other_box[0], both[3] - other_box[1]))
            assert ImageChops.multiply(mine, theirs).getbbox() is None, f"{card.filename} ({size}): {text[:30]!r} and {other_text[:30]!r} ink the same pixels"
        drawn.append((text, box, mask))


@pytest.mark.parametrize("layout", ["civic", "warm", "bold"])
def test_extreme_text_is_continued_or_cut_never_drawn_over(layout, tmp_path, fonts):
    from cardnews.build import plan
    from cardnews.input.load import load_case

    case = extreme_case(tmp_path)
    out = tmp_path / "out"
    code, err = run("build", case, "--out", out, "--layout", layout, "--size", "all", "--jobs", "1")
    assert code == 0, err
    assert "continues on" in err
    planned = plan(load_case(case, {"layout": layout, "size": "all"}), fonts)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    for size, cards in planned.layouts.items():
        for card in cards:
            written = Image.open(folder / size / card.filename).convert("RGB")
            assert ImageChops.difference(written, render_card(card, fonts)).getbbox() is None  # the file is what was laid out
            assert_drawn_apart(card, size, fonts)
    drawn = "".join(line for card in planned.cards for line in card.texts)
    for n in range(1, 31):
        assert f"{n}번째 항목" in drawn  # every item is on some card
    assert drawn.count("가") >= 400


@pytest.mark.parametrize(
    "headline, says",
    [
        ("가나다라마바 " * 35 + "끝끝", "case 1: the headline is too long: it needs more than 3 lines even at the smallest size; shorten it"),
        ("🏃" * 500, "case 1: the headline is too long: it needs more than 3 lines even at the smallest size; shorten it"),
        ("가" * 3000, "case 1: the headline is too long: it needs more than 3 lines even at the smallest size; shorten it"),
    ],
    ids=["249-characters", "500-emoji", "3000-unbroken"],
)
def test_a_headline_that_cannot_fit_stops_the_build(headline, says, tmp_path):
    case = tmp_path / "week.yaml"
    case.write_text(f"series:\n  title: 2024 상반기 강남구 사례\ncases:\n  - headline: {headline}\n    items: [첫 번째 항목]\n", encoding="utf-8")
    code, err = run("build", case, "--out", tmp_path / "out")
    assert code == 2
    assert f"cardnews: {case}:4: error: {says}" in err.splitlines()
    assert "continues on" not in err
    assert not (tmp_path / "out").exists()


def test_a_handle_too_long_for_its_label_is_cut_and_too_long_for_the_footer_stops_the_build(tmp_path):
    case = tmp_path / "week.yaml"
    case.write_text(
        'series:\n  title: 2024 상반기 강남구 사례\n  handle: "@' + "g" * 120 + '"\ncases:\n  - headline: 제목\n    items: [항목]\n', encoding="utf-8"
    )
    code, said = run("check", case)
    assert code == 2
    lines = said.splitlines()
    assert f"{case}:3: error: 01-cover.png: '@gggggggggggggggggggggg…' runs into '사례 1건'; shorten one of them" in lines
    assert f"{case}: warning: the closing card: the handle is cut to fit its label; shorten it to show it whole" in lines
    code, said = run("build", case, "--out", tmp_path / "out")
    assert code == 2 and not (tmp_path / "out").exists()


def test_a_long_title_in_the_chip_is_cut_clear_of_the_page_number(fonts, tmp_path):
    from cardnews.build import plan
    from cardnews.input.load import load_case

    case = tmp_path / "week.yaml"
    case.write_text("series:\n  title: " + "아주 긴 제목 " * 6 + "\ncases:\n  - headline: 제목\n    items: [항목]\n", encoding="utf-8")
    cover = plan(load_case(case), fonts).cards[0]
    assert any(line.endswith("…") for line in cover.texts)
    assert_drawn_apart(cover, "portrait", fonts)
