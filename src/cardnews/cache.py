"""Caches bounded by the memory they hold, not by how many entries they have.

A long-running process (the web app) lays out whatever it is sent: one 100,000-character text or one
full-card mask weighs what ten thousand short lines do, so a count bound would let a few such inputs grow
the process for good. Each entry is charged its approximate size in bytes, and the oldest-used entries
go when the budget is passed; an entry bigger than a quarter of the budget is returned but not kept.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

_ENTRY_OVERHEAD = 120  # the dictionary slot, the key tuple and the bookkeeping of one entry


def size_of(value: Any) -> int:
    """Approximate bytes held by a cached key or value: text, bytes, images, and tuples or dataclasses of them."""
    kind = type(value)
    if kind is str or kind is bytes or kind is bytearray:
        return sys.getsizeof(value)
    if kind is tuple or kind is list:
        return sys.getsizeof(value) + sum(map(size_of, value))
    if kind is int or kind is float or kind is bool or value is None:
        return 32
    if hasattr(value, "getbands"):  # a Pillow image: its pixels
        width, height = value.size
        return 200 + width * height * len(value.getbands())
    if hasattr(value, "__dataclass_fields__"):  # a small value such as a span: its fields
        return 64 + sum(map(size_of, vars(value).values()))
    return sys.getsizeof(value)  # fonts, font books and other handles: only the object itself


class SizedCache:
    """A mapping that keeps at most `budget_bytes` of keys and values, dropping the least recently used."""

    def __init__(self, budget_bytes: int):
        self.budget_bytes = budget_bytes
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, default: Any = None) -> Any:
        entry = self._entries.get(key)
        if entry is None:
            return default
        try:
            self._entries.move_to_end(key)
        except KeyError:  # dropped by another thread meanwhile: still a good answer
            pass
        return entry[0]

    def put(self, key: Hashable, value: Any, cost: int | None = None) -> None:
        """Keep `value`, charged `cost` bytes (default: the size of key and value)."""
        cost = _ENTRY_OVERHEAD + (size_of(key) + size_of(value) if cost is None else cost)
        if cost > self.budget_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._entries[key] = (value, cost)
            self.bytes += cost
            while self.bytes > self.budget_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


_MISSING = object()


def sized_cache(budget_bytes: int, cost: Callable[..., int] | None = None) -> Callable[[Callable], Callable]:
    """Like functools.lru_cache, for functions of hashable arguments, bounded by `budget_bytes`.

    `cost(*args)` gives an entry's bytes where a cheaper estimate than measuring key and value will do
    (the hot caches of text widths)."""

    def decorate(function: Callable) -> Callable:
        cache = SizedCache(budget_bytes)

        @functools.wraps(function)
        def cached(*args):
            value = cache.get(args, _MISSING)
            if value is _MISSING:
                value = function(*args)
                cache.put(args, value, None if cost is None else cost(*args))
            return value

        cached.cache = cache  # type: ignore[attr-defined]
        cached.cache_clear = cache.clear  # type: ignore[attr-defined]
        return cached

    return decorate
