"""Caches bounded by the memory they hold, not by how many entries they have.

A long-running process (the web app) lays out whatever it is sent: one 100,000-character text or one
full-card mask weighs what ten thousand short lines do, so a count bound would let a few such inputs grow
the process for good. Each entry is charged its approximate size in bytes, and the oldest-used entries
go when the budget is passed; an entry bigger than a quarter of the budget is returned but not kept.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

_ENTRY_OVERHEAD = 120  # the dictionary slot, the key tuple and the bookkeeping of one entry


def size_of(value: Any) -> int:
    """Approximate bytes held by a cached key or value: text, bytes, images, and tuples or dataclasses of them."""
    if isinstance(value, (str, bytes, bytearray)):
        return sys.getsizeof(value)
    if isinstance(value, (tuple, list, frozenset, set)):
        return sys.getsizeof(value) + sum(size_of(item) for item in value)
    if hasattr(value, "getbands") and hasattr(value, "size"):  # a Pillow image: its pixels
        width, height = value.size
        return 200 + width * height * len(value.getbands())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sys.getsizeof(value) + sum(size_of(getattr(value, field.name)) for field in dataclasses.fields(value))
    return sys.getsizeof(value)  # numbers, fonts and other handles: only the object itself


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
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any) -> None:
        cost = _ENTRY_OVERHEAD + size_of(key) + size_of(value)
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


def sized_cache(budget_bytes: int) -> Callable[[Callable], Callable]:
    """Like functools.lru_cache, for functions of hashable arguments, bounded by `budget_bytes`."""

    def decorate(function: Callable) -> Callable:
        cache = SizedCache(budget_bytes)

        @functools.wraps(function)
        def cached(*args):
            value = cache.get(args, _MISSING)
            if value is _MISSING:
                value = function(*args)
                cache.put(args, value)
            return value

        cached.cache = cache  # type: ignore[attr-defined]
        cached.cache_clear = cache.clear  # type: ignore[attr-defined]
        return cached

    return decorate
