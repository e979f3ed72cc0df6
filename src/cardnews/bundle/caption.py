"""The post text, pure: title, the cases as ✅ lines, the closing line and hashtags, within a channel's limit.

When the text is too long for a channel it gives up the least needed parts first: the introduction,
then the closing line, then contents lines from the end (said as "외 N건"), then hashtags from the end,
and only then cuts the title.
"""

from __future__ import annotations

from typing import Callable

from cardnews.errors import InputError
from cardnews.model import Series
from cardnews.i18n import _

INTRO_MAX_CHARS = 200


MAX_LINK_CHARS = 2000


def check_link(link: str) -> str:
    """A link as the post text shows it: one address, nothing invisible (a terminal escape, a line break)."""
    link = link.strip()
    hidden = sorted({ch for ch in link if not ch.isprintable() or ch.isspace()})
    if hidden:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in hidden)
        raise InputError(_("--link: holds spaces or invisible characters ({codes}), which would go into the post text; give the address alone, e.g. https://www.gangnam.go.kr/news").format(codes=codes))
    if len(link) > MAX_LINK_CHARS:
        raise InputError(_("--link: {0:,} characters is too long for a link (at most {MAX_LINK_CHARS:,}).").format(len(link), MAX_LINK_CHARS=MAX_LINK_CHARS))
    return link


def caption_text(
    series: Series,
    *,
    limit: int | None = None,
    length: Callable[[str], int] = len,
    link: str = "",
    cases: list[int] | None = None,
    part: tuple[int, int] | None = None,
    max_hashtags: int | None = None,
) -> str:
    """The caption for one post: `cases` are the case numbers (1-based) it lists, `part` is (post, posts)."""
    link = check_link(link)
    title = series.title + (f" ({part[0]}/{part[1]})" if part and part[1] > 1 else "")
    intro = _intro(series.description)
    numbers = cases if cases else list(range(1, len(series.cases) + 1))
    contents = [f"✅ {series.cases[n - 1].contents}" for n in numbers]
    closing = closing_line(series)
    tags = hashtags(series)[:max_hashtags] if max_hashtags is not None else hashtags(series)
    kept = len(contents)

    def compose() -> str:
        lines = contents[:kept]
        if kept < len(contents):
            lines = lines + [f"외 {len(contents) - kept}건"] if kept else [f"사례 {len(contents)}건"]
        blocks = [title, intro, "\n".join(lines), closing, link, " ".join(tags)]
        return "\n\n".join(block for block in blocks if block)

    if limit is None:
        return compose()
    text = compose()
    if length(text) > limit and intro:
        intro = ""
        text = compose()
    if length(text) > limit and closing:
        closing = ""
        text = compose()
    while length(text) > limit and kept > 0:
        kept -= 1
        text = compose()
    while length(text) > limit and tags:
        tags = tags[:-1]
        text = compose()
    while length(text) > limit and len(title) > 1:
        title = title[:-2] + "…"
        text = compose()
    return text


def closing_line(series: Series) -> str:
    """What the closing card says, as one line: '감사합니다. 강남구 @gangnam_gu'."""
    signature = " ".join(part for part in (series.organisation, series.handle) if part)
    return f"감사합니다. {signature}" if signature else "감사합니다."


def hashtags(series: Series) -> list[str]:
    """The series' hashtags as '#강남구', spaces removed (a hashtag ends at a space), each once."""
    tags = ["#" + "".join(tag.lstrip("#").split()) for tag in series.hashtags]
    return list(dict.fromkeys(tag for tag in tags if len(tag) > 1))


def _intro(description: str) -> str:
    """The description's first paragraph, when it is short enough to open a post."""
    first = description.split("\n\n")[0].strip() if description else ""
    return first if len(first) <= INTRO_MAX_CHARS else ""
