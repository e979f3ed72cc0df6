"""cardnews: a week's case summaries in, a finished Korean card-news series out.

The Python API (`cardnews.api`) is here too: `cardnews.make(path)`, `cardnews.make_text(text)`,
`cardnews.check(path)`, and the values they take and give (`Series`, `Case`, `Item`, `Settings`, …).
It is imported on first use, so that `cardnews --help` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cardnews.i18n import _

__version__ = "0.1.0"

if TYPE_CHECKING:
    from cardnews.api import Card, Result, check, load, load_text, make, make_text
    from cardnews.errors import CardnewsError, InputError, LayoutError
    from cardnews.model import Brand, Case, Item, Notice, Series, Settings

_API = {
    "cardnews.api": ("Card", "Result", "check", "load", "load_text", "make", "make_text"),
    "cardnews.errors": ("CardnewsError", "InputError", "LayoutError"),
    "cardnews.model": ("Brand", "Case", "Item", "Notice", "Series", "Settings"),
}
__all__ = ["__version__", *(name for names in _API.values() for name in names)]


def __getattr__(name: str) -> Any:
    import importlib

    for module, names in _API.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    raise AttributeError(_("module 'cardnews' has no attribute {name!r}").format(name=name))
