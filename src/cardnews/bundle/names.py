"""Safe file and folder names from series titles: nothing from input can leave the output folder."""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# Windows' device names, in any case and before any extension: COM0 and LPT0, and the superscript digits
# it also reads as port numbers (COM¹), included.
_PORTS = [*"0123456789", "¹", "²", "³"]
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$", *(f"COM{i}" for i in _PORTS), *(f"LPT{i}" for i in _PORTS)}
MAX_NAME_CHARS = 60


def safe_name(text: str, fallback: str = "cardnews") -> str:
    """A single path component: no separators, control characters, dot names or reserved Windows names."""
    name = unicodedata.normalize("NFC", text)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" or ch == "\u200d")
    name = _FORBIDDEN.sub(" ", name)
    name = " ".join(name.split()).strip(" .")
    name = name[:MAX_NAME_CHARS].strip(" .")
    # Windows reads "CON .zip" and "con.txt" alike as the console device: spaces before the dot count for nothing.
    if not name or set(name) <= {"."} or name.split(".")[0].strip().upper() in _RESERVED:
        name = f"{fallback}-{name}" if name and set(name) - {"."} else fallback
    return name


def slug(text: str) -> str:
    """A folder name for a series: the safe name with spaces as hyphens. It never ends in .zip, so a card
    folder can never take the place of a bundle beside it (a bundle line foo.zip.zip and out/foo.zip)."""
    name = safe_name(text).replace(" ", "-")
    return name[:-4] + "-zip" if name.lower().endswith(".zip") else name
