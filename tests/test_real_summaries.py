"""Real summaries as PR teams write them (tests/corpus/summaries): each builds in every layout and size, no
case card is half empty at any size (measured from the drawn cards), no word is broken that a smaller size
keeps whole, and no visible character of the input is dropped silently.
Made-up series cover the rest: headline-only, one-item and dense cases in every layout and size."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from cardnews.build import inspect as inspect_loaded
from cardnews.input.load import load_case
from cardnews.bundle.caption import caption_text
from cardnews.layout.geometry import Shape
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import find_layout, load_theme
from cardnews.render.draw import render_card
from fill import body_fill, widest_gap


def inspect(path, fonts, overrides):
    """Load and lay out a case file with `overrides`, errors and warnings together."""
    return inspect_loaded(load_case(path, overrides), fonts)

CORPUS = Path(__file__).parent / "corpus" / "summaries"
SUMMARIES = sorted(CORPUS.glob("*.txt"))
LAYOUTS = ("civic", "warm", "bold")
LEAST_FILL = 0.6
SETTING = re.compile(r"^\s*[a-z_]+:\s*(.*)$")
MARKER = re.compile(r"^\s*(?:✅|\*)\s*")


def ground(card):
    """The card with its ground and decorations only: the shapes drawn before anything else."""
    count = 1
    while count < len(card.elements) and isinstance(card.elements[count], Shape) and _is_decoration(card, card.elements[count]):
        count += 1
    return replace(card, elements=card.elements[:count], lines=())


def _is_decoration(card, shape: Shape) -> bool:
    # Decorations are ellipses placed against the card's edges; chips and panels sit inside the safe area.
    box = shape.box
    return shape.kind == "ellipse" and (box.x <= 0 or box.y <= 0 or box.x + box.width >= card.width or box.y + box.height >= card.height)


def case_fills(planned, size: str, fonts, kinds=("case", "continuation")) -> dict[str, float]:
    fills = {}
    for card in planned.layouts[size]:
        if card.kind in kinds:
            fills[card.filename] = body_fill(render_card(card, fonts), drawn_ground(ground(card), fonts))
    return fills


_grounds: dict = {}


def drawn_ground(card, fonts):
    """The ground drawn once for every card that shares it (a design's cards at one size do)."""
    key = (card.width, card.height, card.elements)
    if key not in _grounds:
        _grounds[key] = render_card(card, fonts)
    return _grounds[key]


def visible(text: str) -> str:
    return "".join(text.split())


def laid_out_text(planned, size: str) -> str:
    return visible("".join(line.text for card in planned.layouts[size] for line in card.lines))


@pytest.fixture(scope="module")
def corpus_builds(fonts):
    """Each corpus summary laid out (not drawn) in every layout at every size, once for all the tests."""
    return {(path.name, layout): inspect(path, fonts, {"layout": layout, "size": "all"}) for path in SUMMARIES for layout in LAYOUTS}


def test_the_corpus_has_fifteen_real_summaries():
    assert len(SUMMARIES) >= 15
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for path in SUMMARIES:
        assert f"`{path.name}`" in sources, f"{path.name} has no source in SOURCES.md"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.stem)
def test_every_corpus_summary_builds(corpus_builds, path, layout):
    planned = corpus_builds[(path.name, layout)]
    assert not [str(n) for n in planned.notices if n.level == "error"]
    assert planned.layouts["portrait"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.stem)
def test_no_corpus_case_card_is_half_empty(corpus_builds, fonts, path, layout):
    """At every size: the fill rule read from every drawn case and continuation card."""
    planned = corpus_builds[(path.name, layout)]
    low = {}
    for size in SIZES:
        fills = case_fills(planned, size, fonts)
        assert fills, size
        low.update({f"{size}/{name}": round(fill, 2) for name, fill in fills.items() if fill < LEAST_FILL})
    assert not low, f"content spans less than {LEAST_FILL:.0%} of the body: {low}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.stem)
def test_nothing_in_a_corpus_summary_is_dropped_silently(corpus_builds, path, layout):
    """Every line of the input shows whole on a card, or is in the caption (the description), or a notice names it."""
    planned = corpus_builds[(path.name, layout)]
    shown = laid_out_text(planned, "portrait")
    said = visible(caption_text(planned.series) + "".join(n.message for n in planned.notices))
    lines = path.read_text(encoding="utf-8").splitlines()
    bundle = next(i for i, line in enumerate(lines) if line.strip().endswith(".zip"))
    header = 0
    while header < bundle and SETTING.match(lines[header]):
        header += 1
    missing = []
    for number, raw in enumerate(lines, start=1):
        text = visible(MARKER.sub("", raw))
        if number <= header:  # a setting: its value shows (the handle, the period) or is in the caption (hashtags)
            value = SETTING.match(raw).group(1)
            found = all(word in shown or word in said for word in value.split())
        elif number - 1 == bundle:
            text = visible(raw.strip()[: -len(".zip")])
            found = text in visible(planned.series.bundle)
        elif number - 1 < bundle:
            found = text in said
        else:
            found = text in shown or text in said
        if text and not found:
            missing.append(f"{number}: {raw.strip()}")
    assert not missing, "not on any card and in no notice:\n" + "\n".join(missing)


# -- made-up series: every layout at every size -------------------------------------------------------

HEADLINE_ONLY = """2025 하반기 적극행정 우수사례.zip

균형감 있는 티메프 사태 방지 대책 마련

가맹점주 안심 3종 세트🏪

대형건설사 현장조사 1달만에 미지급한 하도급대금 137억원 지급
"""

ONE_ITEM = """2025 하반기 서구 적극행정 우수사례.zip

주민 곁으로! 찾아가는 이동 민원실🚐
✅ 민원실 방문이 어려운 어르신 댁으로 찾아가 서류 발급

전기차 충전 구역 단속 알림 서비스
✅ 단속 전 문자 안내
"""

DENSE = """2025 진천군 기관 수상 실적.zip

전국 최초! 인구 정책 종합 평가 대상🏆
✅ 행정안전부 주관 2025 지방자치단체 인구감소 대응 종합 평가에서 전국 1위로 대상을 받아 특별교부세 10억 원 확보
* 생활인구 확대, 청년 정착 지원, 출산·양육 친화 환경 조성 등 3개 분야 모두 최고 등급
✅ 귀농·귀촌 원스톱 지원센터 운영으로 전입 인구가 전년 대비 12% 늘어
✅ 진천형 공공산후조리원과 24시간 어린이 병원 운영으로 출산·양육 부담 경감
* 이용자 만족도 96.4%, 재이용 의사 98%
✅ 충북혁신도시 정주 여건 개선으로 청년층 순유입 3년 연속 증가
"""


def continued(items: int) -> str:
    """A case of `items` long items."""
    return "2025 하반기 테스트구 적극행정 우수사례.zip\n\n주민 곁으로! 찾아가는 이동 민원실🚐\n" + "".join(
        f"✅ {n}번째 항목: 주민 생활 불편을 해소하기 위해 관계 부서와 협력하여 절차를 간소화하고 안내를 강화\n" for n in range(1, items + 1)
    )


CONTINUED = continued(6)  # its last continued part is short at most sizes


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made-up")
    return {name: written(folder, f"{name}.txt", text) for name, text in (("headline-only", HEADLINE_ONLY), ("one-item", ONE_ITEM), ("dense", DENSE), ("continued", CONTINUED))}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", ["headline-only", "one-item", "dense", "continued"])
def test_case_cards_use_the_card_in_every_layout_and_size(made_up, fonts, kind, layout, size):
    planned = inspect(made_up[kind], fonts, {"layout": layout, "size": size})
    assert not [str(n) for n in planned.notices if n.level == "error"]
    fills = case_fills(planned, size, fonts)
    low = {name: round(fill, 2) for name, fill in fills.items() if fill < LEAST_FILL}
    assert not low, f"content spans less than {LEAST_FILL:.0%} of the body: {low}"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_short_continued_part_keeps_its_headline_with_its_list(tmp_path, fonts, layout, size):
    """The last part of a continued case is short: the room goes to its list, not to a gap under the headline."""
    for items in range(4, 16):  # the fewest items that continue: the last part is short
        planned = inspect(written(tmp_path, f"continued-{items}.txt", continued(items)), fonts, {"layout": layout, "size": size})
        parts = [card for card in planned.layouts[size] if card.kind == "continuation"]
        if parts:
            break
    assert parts
    assert sum(1 for line in parts[-1].lines if line.origin.role == "item" and line.entry) <= 3
    for card in parts:
        gap = widest_gap(render_card(card, fonts), render_card(ground(card), fonts))
        assert gap <= 0.08, f"{card.filename}: a blank band of {gap:.0%} of the body inside its content"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_headline_only_case_is_a_hero_card(made_up, fonts, layout):
    """Its headline is set larger than a case card's headline, whole, and no ✅ or panel stands empty."""
    planned = inspect(made_up["headline-only"], fonts, {"layout": layout})
    cases = [card for card in planned.layouts["portrait"] if card.kind == "case"]
    assert len(cases) == 3
    series = inspect(made_up["one-item"], fonts, {"layout": layout}).layouts["portrait"]
    with_item = next(card for card in series if card.kind == "case")
    for card in cases:
        headline = [line for line in card.lines if line.origin.role == "headline"]
        assert headline and "".join(line.text for line in headline).replace(" ", "") in visible(HEADLINE_ONLY)
        assert not any(line.origin.role in ("item", "marker") for line in card.lines)
        size = max(run.font.size_px for run in card.elements if getattr(run, "origin", None) is not None and run.origin.role == "headline" and hasattr(run, "font"))
        case_size = max(run.font.size_px for run in with_item.elements if getattr(run, "origin", None) is not None and run.origin.role == "headline" and hasattr(run, "font"))
        assert size > case_size


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_headline_only_card_reads_as_its_number_and_headline(made_up, fonts, layout):
    """The alt text names the case once and reads the headline whole; the number tile is not read again."""
    from cardnews.bundle.alt_text import series_alt

    planned = inspect(made_up["headline-only"], fonts, {"layout": layout})
    alts = series_alt(planned.layouts["portrait"])
    first = alts[2]
    assert "균형감 있는 티메프 사태 방지 대책 마련" in first
    assert ". 01." not in first and "CASE." not in first
    assert "1" in first.split("균형감")[0]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_25_case_contents_list_runs_on_evenly(tmp_path, fonts, layout, size):
    """25 cases: the contents list continues on one more contents card (set compactly where it must be),
    shared evenly, every case once, in order, no smaller than the layout's smallest size."""
    headlines = [f"{n}번째 적극행정 우수사례 주민 생활 불편 해소 추진" for n in range(1, 26)]
    text = "2025 하반기 군정 우수사례 25선.zip\n" + "".join(f"✅ {h}\n" for h in headlines) + "\n" + "".join(f"{h}\n\n" for h in headlines)
    planned = inspect(written(tmp_path, "many.txt", text), fonts, {"layout": layout, "size": size})
    assert not [str(n) for n in planned.notices if n.level == "error"]
    contents = [card for card in planned.layouts[size] if card.kind == "contents"]
    counts = [sum(1 for line in card.lines if line.origin.role == "contents" and line.entry) for card in contents]
    assert len(contents) == 2 and sum(counts) == 25, counts
    smallest = round(load_theme(find_layout(layout)).for_size(size).type["body"].smallest * SIZES[size].scale)
    sizes = {run.font.size_px for card in contents for run in card.elements if getattr(run, "origin", None) is not None and run.origin.role == "contents" and hasattr(run, "font")}
    assert min(sizes) >= smallest
    assert max(counts) - min(counts) <= max(counts) // 2, counts
    shown = [line.source for card in contents for line in card.lines if line.origin.role == "contents" and line.entry]
    assert shown == headlines


# -- keep-all: a word is broken inside only when even the smallest size cannot keep it whole -------------

SIZE_NAMES = tuple(SIZES)


def _elements_by_place(design):
    """Every element of a design by where the layout file writes it, the stacks' children too."""
    found = {}
    for card in design.cards.values():
        pending = list(card.elements)
        while pending:
            element = pending.pop()
            found[element.where] = element
            pending += list(getattr(element, "children", ()))
    return found


def _broken_word(line) -> str:
    """The word of `source` that `line` ends inside, or "" when it ends at a space or the text's end."""
    source, end = line.source, line.end
    if not (0 < end < len(source)) or source[end].isspace():
        return ""
    start = source.rfind(" ", 0, end) + 1
    stop = source.find(" ", end)
    return source[start : stop if stop >= 0 else len(source)]


def words_broken_needlessly(cards, design, preset, fonts):
    """Lines that end inside a word which the same text at its smallest size would keep whole.

    The room a text had is at least as wide as its widest line; a word narrower than that at the smallest
    size of its role fits whole there, so breaking it was a choice of a larger size, not a necessity.
    """
    from cardnews.layout.fonts import FontSpec

    elements = _elements_by_place(design)
    needless = []
    for card in cards:
        sizes = {}
        for run in card.elements:
            if getattr(run, "origin", None) is not None and hasattr(run, "font"):
                sizes.setdefault((run.origin.where, run.origin.role, run.origin.item, run.origin.note), run.font.size_px)
        for line in card.lines:
            word = _broken_word(line)
            element = elements.get(line.origin.where)
            if not word or element is None or getattr(element, "size", "fit") != "fit":
                continue
            role = element.note_role if line.origin.role == "note" else element.role
            weight = design.fonts[getattr(element, "weight", None) or role]
            shown = FontSpec(weight, sizes[(line.origin.where, line.origin.role, line.origin.item, line.origin.note)])
            room = max(fonts.line_width(other.text, shown) for other in card.lines if other.source == line.source and other.origin == line.origin)
            smallest = FontSpec(weight, max(8, round(design.type[role].smallest * preset.scale)))
            if fonts.line_width(word, smallest) <= room:
                needless.append(f"{card.filename}: {line.text!r} breaks {word!r}")
    return needless


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.stem)
def test_no_corpus_card_breaks_a_word_a_smaller_size_keeps_whole(corpus_builds, fonts, path, layout):
    planned = corpus_builds[(path.name, layout)]
    theme = load_theme(find_layout(layout))
    needless = {
        size: found for size in SIZE_NAMES
        if (found := words_broken_needlessly(planned.layouts[size], theme.for_size(size), SIZES[size], fonts))
    }
    assert not needless, needless
