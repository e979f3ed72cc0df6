"""Caches are bounded by the memory they hold: long texts and big images count for what they weigh."""

from __future__ import annotations

import sys

from PIL import Image

from cardnews.cache import SizedCache, size_of, sized_cache
from cardnews.layout.fonts import FontBook, FontSpec
from cardnews.layout.linebreak import break_lines


def test_a_cache_keeps_no_more_bytes_than_its_budget_and_drops_the_least_recently_used():
    cache = SizedCache(100_000)
    for n in range(100):
        cache.put(n, "가" * 2000)  # about 4 KB each: 25 fit
        cache.get(0)  # kept in use: never the one dropped
    assert cache.bytes <= 100_000
    assert cache.get(0) is not None and cache.get(1) is None and cache.get(99) is not None
    assert 15 <= len(cache) <= 25


def test_an_entry_bigger_than_a_quarter_of_the_budget_is_not_kept():
    cache = SizedCache(100_000)
    cache.put("small", "x")
    cache.put("huge", "x" * 30_000)
    assert cache.get("huge") is None and cache.get("small") == "x"


def test_images_are_charged_their_pixels():
    assert size_of(Image.new("RGBA", (100, 50))) >= 100 * 50 * 4
    assert size_of(Image.new("L", (100, 50))) < 100 * 50 * 2
    assert size_of(("가" * 1000, 3.5)) >= sys.getsizeof("가" * 1000)


def test_a_cached_function_gives_what_it_computes_and_computes_once():
    calls = []

    @sized_cache(10_000)
    def double(text: str) -> str:
        calls.append(text)
        return text * 2

    assert double("ab") == "abab" and double("ab") == "abab"
    assert calls == ["ab"]
    double.cache_clear()
    assert double("ab") == "abab" and calls == ["ab", "ab"]


def test_breaking_a_huge_unbroken_run_leaves_the_font_caches_within_their_budgets():
    book = FontBook()
    spec = FontSpec("regular", 40)
    text = "가" * 100_000
    lines = break_lines(text, 900, book.measurer(spec))
    assert "".join(lines) == text and len(lines) > 100
    caches = [FontBook.line_width.cache, FontBook.text_width.cache, FontBook._spans.cache]
    assert all(cache.bytes <= cache.budget_bytes for cache in caches)
    held = sum(sys.getsizeof(t) for widths in book._line_widths.values() for t in widths)
    assert held <= 16 * 1024 * 1024 + sys.getsizeof(text)
