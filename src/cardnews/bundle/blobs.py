"""A file of the bundle as packaging holds it: its size and hash, and its bytes either in memory or in a
file the writer spooled them to, so that a long series is never held in memory whole.

Packaging asks a store to keep each encoded file: `MemoryStore` keeps the bytes (the API and the web app
answer with them); the CLI's writer (`bundle.package.StagedOutput`) writes them to disk at once.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Protocol


@dataclass(frozen=True)
class Blob:
    """An encoded file: equal to another with the same bytes, wherever each is held."""

    size: int
    sha256: str
    data: bytes | None = field(default=None, repr=False, compare=False)
    path: Path | None = field(default=None, compare=False)

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


def in_memory(data: bytes) -> Blob:
    return Blob(len(data), hashlib.sha256(data).hexdigest(), data)


class Store(Protocol):
    """Where packaging puts each file it makes."""

    def keep(self, data: bytes) -> Blob:
        """An encoded file, as soon as it is made."""
        ...

    def make(self, write: Callable[[BinaryIO], object]) -> Blob:
        """A file written by `write` into a binary file object (the PDF, written page by page)."""
        ...


class MemoryStore:
    """Keeps every file in memory."""

    def keep(self, data: bytes) -> Blob:
        return in_memory(data)

    def make(self, write: Callable[[BinaryIO], object]) -> Blob:
        buffer = io.BytesIO()
        write(buffer)
        return in_memory(buffer.getvalue())
