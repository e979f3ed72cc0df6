"""Reading input files and cleaning their text, shared by both input formats."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from cardnews.errors import CardnewsError, InputError
from cardnews.model import Notice, Series
from cardnews.text import MAX_MARKS, clean_line, expand_shortcodes, join_lost_zwj, limit_marks
from cardnews.i18n import _

MAX_INPUT_BYTES = 2_000_000


def read_capped(path: Path, limit: int, what: str, error: type[CardnewsError] = InputError, kinds: str = "") -> bytes:
    """A regular file's bytes, never more than `limit` read: a 1 GB file, /dev/zero or a pipe with no
    writer is refused before it costs memory or time. `what` names the file in messages."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # opening a pipe would wait for a writer
    except FileNotFoundError:
        raise error(f"{path}: no such file. Check the path" + (", or run `cardnews new` to start one." if kinds else "; is it where it should be?")) from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror}).") from None
    try:
        mode = os.fstat(fd)
        if stat.S_ISDIR(mode.st_mode):
            raise error(f"{path}: is a folder, not {what}{f' ({kinds})' if kinds else ''}.")
        if not stat.S_ISREG(mode.st_mode):
            raise error(f"{path}: is not a regular file (a device, pipe or socket); give the path of {what} saved on disk.")
        if mode.st_size > limit:
            raise error(f"{path}: {mode.st_size:,} bytes is too large for {what} (at most {limit:,}); {_smaller(kinds)}.")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror}).") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise error(f"{path}: more than {limit:,} bytes is too large for {what}; {_smaller(kinds)}.")
    return data


def _smaller(kinds: str) -> str:
    return "split the series into smaller files" if kinds else "use a smaller file"


def read_bytes(path: Path, what: str = "a case file") -> bytes:
    """A case file's bytes (capped): the one time a build reads it."""
    return read_capped(path, MAX_INPUT_BYTES, what, kinds=".yaml, .yml or .txt" if what == "a case file" else "")


def read_text(path: Path, notices: list[Notice], what: str = "a case file") -> str:
    """A file's text, read as a case file is (a brand file too)."""
    return decode(read_bytes(path, what), str(path), notices)


def decode(data: bytes, file: str, notices: list[Notice]) -> str:
    """The text of a case file's bytes: UTF-8 with or without BOM (CP949 decoded with a warning), LF line ends."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError.at(file, None, _("{0:,} bytes is too large for a case file (at most {MAX_INPUT_BYTES:,}); split the series into smaller files.").format(len(data), MAX_INPUT_BYTES=MAX_INPUT_BYTES))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.at(
            file, None, _("saved as UTF-16 (\"Unicode\" in Notepad), which cardnews does not read. Save it again as UTF-8 (Notepad: Save as → Encoding: UTF-8) and try again.")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            raise InputError.at(file, line, _("not UTF-8 text (byte 0x{0:02x}). Save the file as UTF-8 and try again.").format(data[exc.start])) from None
        notices.append(Notice("warning", _("read as CP949 (Korean Windows); save it as UTF-8 to be sure"), file))
    if "\x00" in text:
        raise InputError.at(file, None, _("holds NUL bytes, so it is not a text file. Save it as UTF-8 text."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Cleaner:
    """Cleans each text field and records what it had to fix, with the source line."""

    def __init__(self, file: str, notices: list[Notice]):
        self.file = file
        self.notices = notices

    def __call__(self, value: str, line: int | None) -> str:
        text = " ".join(clean_line(part) for part in value.split("\n") if part.strip())
        kept = "".join(ch for ch in text if _is_visible(ch))
        if len(kept) != len(text):
            dropped = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in text if not _is_visible(ch)}))
            self.notices.append(Notice("warning", _("invisible control characters removed ({dropped})").format(dropped=dropped), self.file, line))
        text = " ".join(kept.split(" ")).strip()
        text, stacked = limit_marks(text)
        if stacked:
            self.notices.append(
                Notice("warning", _("{stacked} combining mark(s) stacked more than {MAX_MARKS} on one letter removed: they would be drawn over the line above").format(stacked=stacked, MAX_MARKS=MAX_MARKS), self.file, line)
            )
        text, unknown = expand_shortcodes(text)
        for code in unknown:
            self.notices.append(
                Notice("error", _("unknown emoji shortcode {code}; check its name (e.g. :check_mark_button:)").format(code=code), self.file, line)
            )
        text, joined = join_lost_zwj(text)
        for pair in joined:
            fixed = pair[0] + "\u200d" + pair[1:]
            self.notices.append(
                Notice(
                    "warning",
                    _("{pair} looks like one emoji whose joiner (U+200D) was lost; drawn as {fixed}").format(pair=pair, fixed=fixed),
                    self.file,
                    line,
                )
            )
        return text


def _is_visible(ch: str) -> bool:
    """Printable, or an invisible part of an emoji sequence (joiner, tag characters)."""
    return ch.isprintable() or ch == "\u200d" or 0xE0020 <= ord(ch) <= 0xE007F


def clean_description(text: str, warn: Callable[[str], None] | None = None) -> str:
    """Prose keeps its paragraphs; each paragraph is cleaned like any other line (the post text and alt
    text carry it, so a terminal escape must not); `warn` hears what was removed."""
    paragraphs = [" ".join(expand_shortcodes(limit_marks(clean_line(p))[0])[0].split()) for p in text.split("\n\n")]
    hidden = sorted({ch for p in paragraphs for ch in p if not _is_visible(ch)})
    if hidden and warn is not None:
        warn(_("invisible control characters removed ({dropped})").format(dropped=", ".join(f"U+{ord(ch):04X}" for ch in hidden)))
    paragraphs = [" ".join("".join(ch for ch in p if _is_visible(ch)).split()) for p in paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


@dataclass(frozen=True)
class Parsed:
    """What a case file says, as read: the series, the settings it sets (empty: not set), where each part
    is, and its `brand:` mapping as written (YAML only)."""

    series: Series
    layout: str
    size: str
    spots: dict[str, tuple[int, int]]
    brand: Any = None
    kind: str = ""  # the reader that read it: yaml, summary or release
    compact: str = ""
