"""Korean line breaking, pure: keep-all at spaces, kinsoku, balanced headlines, no lone last word.

Every function takes `measure(text) -> width_px` so it can be tested without fonts.
"""

from __future__ import annotations

from typing import Callable

from cardnews.budget import check_budget
from cardnews.text import split_spans

Measure = Callable[[str], float]

NO_LINE_START = set(",.!?)]}」』%·:;’”〉》")
NO_LINE_END = set("([{「『‘“〈《")
_SOFT_BREAK_AFTER = set("·/-,)")


def break_lines(text: str, width: float, measure: Measure, *, balance: bool = False) -> list[str]:
    """Lines of `text` no wider than `width`, broken at spaces.

    A word is broken inside only when it alone is wider than the line. With `balance`, lines are
    made as even as the same line count allows (for headlines); otherwise a lone last word is
    avoided when a shorter measure keeps the same line count.
    """
    units = _units(text)
    if not units:
        return []
    lines = _greedy(units, width, measure)
    if len(lines) < 2:
        return lines
    if balance and all(measure(unit) <= width for unit in units):
        return _balanced(units, width, measure, len(lines))
    widest = max(measure(unit) for unit in units)
    if len(lines[-1].split(" ")) == 1 and len(lines[-2].split(" ")) > 2:
        for step in range(1, 10):
            narrower = width * (1 - 0.04 * step)
            if narrower < widest:
                break
            trial = _greedy(units, narrower, measure)
            if len(trial) != len(lines):
                break
            if len(trial[-1].split(" ")) > 1:
                return trial
    return lines


def _units(text: str) -> list[str]:
    """Words, with a word that may not start a line glued to the one before (and vice versa)."""
    units: list[str] = []
    glue_next = False
    for word in text.split():
        if units and (glue_next or word[0] in NO_LINE_START):
            units[-1] += " " + word
        else:
            units.append(word)
        glue_next = word[-1] in NO_LINE_END
    return units


def _greedy(units: list[str], width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    current = ""
    for index, unit in enumerate(units):
        if not index % 512:
            check_budget()
        candidate = f"{current} {unit}" if current else unit
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if measure(unit) <= width:
            current = unit
        else:
            pieces = _split_word(unit, width, measure)
            lines.extend(pieces[:-1])
            current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _graphemes(word: str) -> list[str]:
    """Characters, with each emoji sequence kept whole."""
    out: list[str] = []
    for span in split_spans(word):
        out.extend([span.text] if span.is_emoji else list(span.text))
    return out


def _split_word(word: str, width: float, measure: Measure) -> list[str]:
    """Break one over-long word, preferring a break after · / - , ) and never before closing marks.

    The work per line is bounded by what fits on it, not by the word's length: each line's fit starts
    from the one before and moves a grapheme at a time, and only the graphemes of that line are measured.
    """
    graphemes = _graphemes(word)
    count = len(graphemes)
    pieces: list[str] = []
    start, fit = 0, 1
    while start < count and graphemes[start] == " ":  # a selector the spans drop can leave a leading space
        start += 1

    def fits(length: int) -> bool:
        return measure("".join(graphemes[start : start + length])) <= width

    while start < count:
        check_budget()
        fit = max(1, min(fit, count - start))
        if fits(fit):
            while start + fit < count and fits(fit + 1):
                fit += 1
        else:
            while fit > 1 and not fits(fit):
                fit -= 1
        if start + fit == count and fits(fit):  # the rest fits on one line
            pieces.append("".join(graphemes[start:]))
            break
        cut = fit
        soft = [i for i in range(1, fit + 1) if graphemes[start + i - 1] in _SOFT_BREAK_AFTER]
        if soft and soft[-1] >= fit // 2:
            cut = soft[-1]
        while 1 < cut < count - start and _forbidden_cut(graphemes, start, start + cut):
            cut -= 1
        piece = "".join(graphemes[start : start + cut]).rstrip()
        if piece:  # never an empty line
            pieces.append(piece)
        start += cut
        while start < count and graphemes[start] == " ":
            start += 1
    return pieces


def _forbidden_cut(graphemes: list[str], start: int, cut: int) -> bool:
    """A cut that would start a line with a closing mark or end one with an opening mark (spaces aside);
    `start` is where the line begins."""
    after = next((graphemes[i] for i in range(cut, len(graphemes)) if graphemes[i] != " "), "")
    before = next((graphemes[i] for i in range(cut - 1, start - 1, -1) if graphemes[i] != " "), "")
    return bool(after and after[0] in NO_LINE_START) or bool(before and before[-1] in NO_LINE_END)


def _balanced(units: list[str], width: float, measure: Measure, count: int) -> list[str]:
    """The narrowest measure that still gives `count` lines: even lines, no lone last word."""
    low, high = max(width * 0.4, max(measure(unit) for unit in units)), width
    best = _greedy(units, width, measure)
    for _ in range(14):
        middle = (low + high) / 2
        trial = _greedy(units, middle, measure)
        if len(trial) <= count and all(measure(line) <= middle + 0.5 for line in trial):
            best, high = trial, middle
        else:
            low = middle
    return best
