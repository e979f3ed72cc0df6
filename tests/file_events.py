"""What a piece of code opens and creates on disk, seen through Python's audit hooks (PEP 578)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_watchers: list[FileEvents] = []


@dataclass
class FileEvents:
    """Files opened (real paths, with whether for writing) and folders made while watching."""

    opened: list[tuple[str, bool]] = field(default_factory=list)
    made: list[str] = field(default_factory=list)

    def reads_of(self, path) -> int:
        target = os.path.realpath(path)
        return sum(1 for name, _ in self.opened if name == target)

    @property
    def written(self) -> list[str]:
        return [name for name, writing in self.opened if writing and not name.endswith(".pyc")]


def _hook(event: str, args: tuple) -> None:
    if not _watchers:
        return
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path, mode, flags = args
        writing = any(ch in (mode or "") for ch in "wax+") or bool((flags or 0) & _WRITE_FLAGS)
        for watcher in _watchers:
            watcher.opened.append((os.path.realpath(os.fsdecode(path)), writing))
    elif event == "os.mkdir":
        for watcher in _watchers:
            watcher.made.append(os.fsdecode(args[0]))


sys.addaudithook(_hook)


@contextmanager
def watching_files() -> Iterator[FileEvents]:
    events = FileEvents()
    _watchers.append(events)
    try:
        yield events
    finally:
        _watchers.remove(events)
