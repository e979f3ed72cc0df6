"""Compact mode: brief cases several to a card, in order, numbered as the series numbers them, in every
layout and size; `auto` compacts only when most cases are brief; the setting is read from the YAML, the
summary header, the command line and the web API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cardnews.build import inspect
from cardnews.bundle.alt_text import series_alt
from cardnews.cli import main
from cardnews.input.load import load_case
from cardnews.layout.engine import BRIEF_ITEM_CHARS, compacts, is_brief
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import find_layout, load_theme
from cardnews.model import Case, Item
from cardnews.render.draw import render_card
from fill import body_fill
from test_real_summaries import LEAST_FILL, SUMMARIES, case_fills, ground, words_broken_needlessly, written

LAYOUTS = ("civic", "warm", "bold")
HEADLINES = [
    "균형감 있는 티메프 사태 방지 대책 마련",
    "가맹점주 안심 3종 세트🏪",
    "대형건설사 현장조사 1달만에 미지급한 하도급대금 137억원 지급",
    "석유판매업(주유소) 변경등록 절차 간소화",
    "광진구 알림톡 운영",
    "찾아가는 원스톱 전입센터 운영",
    "청년 첫 집 계약 꿀팁 안내",
    "전기차 충전 구역 단속 알림 서비스",
    "어르신 무료 법률 상담 확대",
]
DENSE = (
    "전국 최초! 인구 정책 종합 평가 대상🏆\n"
    "✅ 행정안전부 주관 2025 지방자치단체 인구감소 대응 종합 평가에서 전국 1위로 대상을 받아 특별교부세 10억 원 확보\n"
    "* 생활인구 확대, 청년 정착 지원, 출산·양육 친화 환경 조성 등 3개 분야 모두 최고 등급\n"
    "✅ 귀농·귀촌 원스톱 지원센터 운영으로 전입 인구가 전년 대비 12% 늘어\n"
)


def summary(blocks: list[str], header: str = "") -> str:
    return (header + "\n\n" if header else "") + "2025 하반기 구정 우수사례.zip\n\n" + "\n\n".join(blocks) + "\n"


MIXED = summary(
    [HEADLINES[0], HEADLINES[1] + "\n✅ 가맹점 세 곳에 안심 스티커 배부", HEADLINES[2], DENSE, HEADLINES[3], HEADLINES[4], HEADLINES[5]]
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compact")
    return {
        "mixed": written(folder, "mixed.txt", MIXED),
        "nine": written(folder, "nine.txt", summary(HEADLINES)),
        "one-item": written(folder, "one-item.txt", summary([f"{h}\n✅ 주민 불편 해소" for h in HEADLINES[:4]])),
    }


def planned(path: Path, fonts, **overrides):
    found = inspect(load_case(path, {"compact": "on", **overrides}), fonts)
    assert not [str(n) for n in found.notices if n.level == "error"]
    return found


# -- what is brief, and when auto compacts -------------------------------------------------------------


def case(*items: Item) -> Case:
    return Case("", "제목", (), tuple(items), "제목")


@pytest.mark.parametrize(
    "items, brief",
    [
        ((), True),
        ((Item("가" * BRIEF_ITEM_CHARS),), True),
        ((Item("가" * (BRIEF_ITEM_CHARS + 1)),), False),
        ((Item("짧은 항목", ("메모",)),), False),
        ((Item("하나"), Item("둘")), False),
    ],
)
def test_a_case_is_brief_when_it_is_a_headline_alone_or_one_short_item(items, brief):
    assert is_brief(case(*items)) is brief


def test_auto_compacts_when_most_cases_are_brief(files, reference_yaml):
    series = load_case(files["nine"]).series
    assert compacts(series, "auto") and compacts(series, "on") and not compacts(series, "off")
    reference = load_case(reference_yaml).series
    assert not compacts(reference, "auto")
    mixed = load_case(files["mixed"]).series  # 6 of 7 brief
    assert compacts(mixed, "auto")
    half = load_case(files["mixed"]).series
    half = type(half)(**{**half.__dict__, "cases": half.cases[2:5]})  # 2 brief of 3... and 1 dense
    assert compacts(half, "auto") == (sum(is_brief(c) for c in half.cases) * 2 > len(half.cases))


def test_auto_leaves_the_reference_series_as_it_is(reference_yaml, fonts):
    off = inspect(load_case(reference_yaml, {"size": "all"}), fonts)
    auto = inspect(load_case(reference_yaml, {"size": "all", "compact": "auto"}), fonts)
    assert off.layouts == auto.layouts
    assert not any(card.kind == "compact" for cards in auto.layouts.values() for card in cards)


# -- order, numbering and continuation -----------------------------------------------------------------


def test_compact_cards_keep_the_reading_order_and_numbers(files, fonts):
    found = planned(files["mixed"], fonts)
    cards = found.layouts["portrait"]
    assert [card.page for card in cards] == list(range(1, len(cards) + 1))
    assert all(card.total == len(cards) for card in cards)
    shown = [n for card in cards for n in card.cases]
    assert shown == sorted(set(shown)) == list(range(1, 8))  # every case once, in order
    kinds = [card.kind for card in cards]
    assert kinds[:2] == ["cover", "contents"] and kinds[-1] == "closing"
    dense = next(card for card in cards if 4 in card.cases)
    assert dense.kind == "case" and dense.cases == (4,)  # a long case keeps its own card
    compact = [card for card in cards if card.kind == "compact"]
    assert [card.cases for card in compact] == [(1, 2, 3), (5, 6, 7)]
    for card in compact:
        numbers = list(dict.fromkeys(line.origin.case for line in card.lines if line.origin.role == "headline"))
        assert numbers == list(card.cases)
        labels = [line.text for line in card.lines if line.origin.role == "label" and line.spoken and line.spoken.startswith("사례 ")]
        assert labels[-len(card.cases):] == [f"{n:02d}" for n in card.cases]  # numbered as the series numbers them
        assert card.filename == f"{card.page:02d}-cases-{card.cases[0]}-{card.cases[-1]}.png"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_run_of_brief_cases_continues_on_more_compact_cards(files, fonts, layout, size):
    cards = planned(files["nine"], fonts, layout=layout, size=size).layouts[size]
    compact = [card for card in cards if card.kind == "compact"]
    counts = [len(card.cases) for card in compact]
    assert len(compact) >= 3 and max(counts) <= 4 and min(counts) >= 2, counts
    assert max(counts) - min(counts) <= 1, counts  # shared evenly
    assert [n for card in compact for n in card.cases] == list(range(1, 10))


# -- every layout and size: the card is used, nothing crowded or broken --------------------------------


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", ["nine", "one-item", "mixed"])
def test_compact_cards_use_the_card_in_every_layout_and_size(files, fonts, kind, layout, size):
    found = planned(files[kind], fonts, layout=layout, size=size)
    cards = found.layouts[size]
    compact = [card for card in cards if card.kind == "compact"]
    assert compact
    fills = {card.filename: body_fill(render_card(card, fonts), render_card(ground(card), fonts)) for card in compact}
    low = {name: round(fill, 2) for name, fill in fills.items() if fill < LEAST_FILL}
    assert not low, f"content spans less than {LEAST_FILL:.0%} of the body: {low}"
    design = load_theme(find_layout(layout)).for_size(size)
    assert not words_broken_needlessly(compact, design, SIZES[size], fonts)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_compact_card_reads_each_of_its_cases(files, fonts, layout):
    cards = planned(files["mixed"], fonts, layout=layout).layouts["portrait"]
    alts = dict(zip((card.filename for card in cards), series_alt(cards)))
    card = next(card for card in cards if card.kind == "compact")
    alt = alts[card.filename]
    positions = [alt.index(f"사례 {n}. ") for n in card.cases]
    assert positions == sorted(positions)
    for number in card.cases:
        headline = load_case(files["mixed"]).series.cases[number - 1].headline
        assert headline.rstrip("🏪") in alt
    assert "가맹점 세 곳에 안심 스티커 배부" in alt
    assert "목록" not in alt and "첫째" not in alt  # one case's short item is its sentence, not a list


def test_off_never_compacts_and_a_layout_without_a_compact_card_never_does(files, fonts, tmp_path):
    assert not any(card.kind == "compact" for card in planned(files["nine"], fonts, compact="off").layouts["portrait"])
    data = yaml.safe_load(find_layout("civic").read_text(encoding="utf-8"))
    del data["cards"]["compact"]
    del data["variants"]["landscape"]["cards"]["compact"]
    layout = tmp_path / "plain.yaml"
    layout.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cards = planned(files["nine"], fonts, layout=str(layout)).layouts["portrait"]
    assert [card.kind for card in cards].count("case") == 9


# -- where the setting comes from ----------------------------------------------------------------------


def test_the_summary_header_and_yaml_set_compact_and_the_option_wins(tmp_path, fonts):
    text = written(tmp_path, "week.txt", summary(HEADLINES[:4], header="compact: on"))
    assert load_case(text).settings.compact == "on"
    assert load_case(text, {"compact": "off"}).settings.compact == "off"
    case_file = tmp_path / "week.yaml"
    case_file.write_text("series:\n  title: 2025 하반기 구정 우수사례\n  compact: auto\ncases:\n" + "".join(f"  - headline: {h}\n" for h in HEADLINES[:4]), encoding="utf-8")
    assert load_case(case_file).settings.compact == "auto"
    assert any(card.kind == "compact" for card in inspect(load_case(case_file), fonts).layouts["portrait"])
    assert load_case(written(tmp_path, "plain.txt", summary(HEADLINES[:4]))).settings.compact == "off"


def test_an_unknown_compact_value_is_an_error_at_its_line(tmp_path, capsys):
    path = written(tmp_path, "week.txt", summary(HEADLINES[:3], header="handle: @gu\ncompact: maybe"))
    assert main(["check", str(path)]) == 2
    said = capsys.readouterr()
    assert f"{path}:2: error: unknown compact mode 'maybe'; choose auto, on or off" in said.out + said.err


@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_the_command_line_takes_compact(files, tmp_path, command, capsys):
    args = [command, str(files["nine"]), "--compact", "on"] + (["--out", str(tmp_path)] if command != "check" else [])
    assert main(args + (["--json"] if command != "preview" else [])) in (0, 1)
    out = capsys.readouterr().out
    if command == "build":
        assert "cases-1-" in out
    if command == "check":
        assert json.loads(out)["cards"]["portrait"] < 9 + 3
    with pytest.raises(SystemExit):
        main([command, str(files["nine"]), "--compact", "sometimes"])


def test_the_case_schema_names_compact():
    from cardnews.input.schema import CASE_FILE

    assert "compact" in CASE_FILE["properties"]["series"]["properties"]


def test_a_split_series_posts_list_every_case_their_compact_cards_hold(files):
    """X takes four images a post: the six cards go in two posts, each caption listing the cases it shows."""
    import cardnews

    result = cardnews.make(files["nine"], compact="on", channels=("x",))
    headlines = [case.headline for case in result.series.cases]
    first, second = (result.files[f"x/post-{n}/caption.txt"].decode("utf-8") for n in (1, 2))
    shown = [[h for h in headlines if f"✅ {h.rstrip('🏪')}" in text] for text in (first, second)]
    assert shown[0] + shown[1] == headlines and shown[0] and shown[1]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("index", range(len(SUMMARIES)), ids=lambda i: SUMMARIES[i].stem)
def test_the_corpus_compacted_keeps_the_fill_rule_and_whole_words(fonts, index, layout):
    """Every real summary compacted, each at one size in turn (every size is covered across the corpus):
    no error, no compact card holding one case, each compact card used and no word broken needlessly."""
    path, size = SUMMARIES[index], list(SIZES)[index % len(SIZES)]
    found = planned(path, fonts, layout=layout, size=size)
    cards = found.layouts[size]
    assert all(len(card.cases) > 1 for card in cards if card.kind == "compact")
    low = {name: round(fill, 2) for name, fill in case_fills(found, size, fonts, kinds=("compact",)).items() if fill < LEAST_FILL}
    assert not low, f"content spans less than {LEAST_FILL:.0%} of the body: {low}"
    assert not words_broken_needlessly(cards, load_theme(find_layout(layout)).for_size(size), SIZES[size], fonts)
