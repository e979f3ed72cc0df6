"""Package: the zip, in memory or into a file, and the writer that puts a bundle on disk atomically."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import io
import os
import shutil
import signal
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Sequence

from cardnews.bundle.blobs import Blob
from cardnews.errors import OutputError
from cardnews.i18n import _

ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, data) in the given order, with fixed dates and UTF-8 names."""
    buffer = io.BytesIO()
    _write_zip(buffer, entries)
    return buffer.getvalue()


def _write_zip(target: BinaryIO | Path, entries: Iterable[tuple[str, bytes | Path]]) -> None:
    """`zip_bytes` into a file, each entry's data (bytes, or a file to read) read only when it is written,
    and a file stored as it is copied a piece at a time (the PDF of a long series is as big as its cards)."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, source in entries:
            _check_entry(name)
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            compressed = name.endswith((".png", ".jpg", ".pdf"))  # deflating these again gains nothing
            info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if isinstance(source, bytes) or not compressed:
                archive.writestr(info, source if isinstance(source, bytes) else source.read_bytes())
                continue
            info.file_size = source.stat().st_size  # as writestr sets it: the same header, byte for byte
            with open(source, "rb") as file, archive.open(info, "w") as entry:
                shutil.copyfileobj(file, entry, 1 << 20)


def write_outputs(out_dir: Path, folder: str, files: list[tuple[str, bytes]], zip_name: str, zip_data: bytes) -> tuple[Path, Path]:
    """Write the card folder and the zip of a bundle in memory, as `StagedOutput.commit` does."""
    with StagedOutput(out_dir) as staged:
        return staged.commit(folder, zip_name, files, zip_data)


class StagedOutput:
    """The bundle written into a hidden `.cardnews-*` folder beside the output while it is made, then
    swapped in by renames (`commit`): a failure, Ctrl-C or kill at any point leaves the earlier output as
    it was. It is also the build's store (`bundle.blobs.Store`): each card is written there as soon as it
    is encoded, so a series of any length is never held in memory whole.

    Ctrl-C is held back while the last files and the zip are written and swapped in, and honoured at the
    end by undoing the swap, so no half-written folder or zip is ever left behind. Nothing is made in
    the output folder before the first card is kept; closed without a commit, it leaves nothing.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.staging: Path | None = None
        self._lock: Any = None
        self._made: list[Path] = []  # folders made for the output, deepest first: removed again if nothing is committed
        self._spooled = 0
        self._committed = False

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def keep(self, data: bytes) -> Blob:
        path = self._spool()
        try:
            with open(path, "wb") as file:
                file.write(data)
        except OSError as exc:
            raise self._failed(exc) from None
        return Blob(len(data), hashlib.sha256(data).hexdigest(), path=path)

    def make(self, write: Callable[[BinaryIO], object]) -> Blob:
        path = self._spool()
        digest, size = hashlib.sha256(), 0
        try:
            with open(path, "w+b") as file:
                write(file)
                file.seek(0)
                while chunk := file.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError as exc:
            raise self._failed(exc) from None
        return Blob(size, digest.hexdigest(), path=path)

    def commit(self, folder: str, zip_name: str, files: Sequence[tuple[str, Blob | bytes]], zip_data: bytes | None = None) -> tuple[Path, Path]:
        """Write the files not yet on disk and the zip (`zip_data`, else made here from the files one at a
        time), then swap the card folder and the zip in for the earlier ones. Returns where they are."""
        out_dir = self.out_dir
        for name in (folder, zip_name):
            _check_entry(name, single=True)
        for name, _ignored in files:
            _check_entry(name)
        for name, is_folder in ((folder, True), (zip_name, False)):
            earlier = out_dir / name
            if os.path.lexists(earlier) and earlier.is_dir() != is_folder:
                kind = _("a file") if is_folder else _("a folder")
                raise OutputError(
                    _("{earlier}: {kind} is where this series' {0} go, so nothing was replaced; move it away or give the bundle another name.").format(_('cards') if is_folder else _('zip'), earlier=earlier, kind=kind)
                )
        with _HeldInterrupts() as held:
            try:
                staging = self._open(held)
                placed: dict[Path, Path] = {}  # spooled file: where it now is in the card folder
                written: list[tuple[str, bytes | Path]] = []
                for name, item in files:
                    target = staging / folder / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    written.append((name, _put(target, item, placed)))
                inner = zip_name.removesuffix(".zip")
                if zip_data is not None:
                    (staging / zip_name).write_bytes(zip_data)
                else:
                    _write_zip(staging / zip_name, [(f"{inner}/{name}", source) for name, source in written])
                held.raise_if_caught()
                _swap_in(staging, out_dir, folder, zip_name, held)
                self._committed = True
            except OSError as exc:
                raise self._failed(exc) from None
            finally:
                self.close()
        return out_dir / folder, out_dir / zip_name

    def close(self) -> None:
        """Remove the staging folder (and, without a commit, any folder made for the output)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        if not self._committed:
            for made in self._made:
                try:
                    os.rmdir(made)
                except OSError:
                    break
        self._made = []

    def _spool(self) -> Path:
        """A new file's path in the staging folder (made on the first)."""
        self._spooled += 1
        return self._open() / _SPOOL / str(self._spooled)

    def _open(self, held: _HeldInterrupts | None = None) -> Path:
        """The staging folder, made and locked on first use, with interrupts held so it is never left unlocked."""
        if self.staging is not None:
            return self.staging
        with contextlib.ExitStack() as stack:
            hold = held or stack.enter_context(_HeldInterrupts())
            try:
                self._made = _missing_folders(self.out_dir)
                self.out_dir.mkdir(parents=True, exist_ok=True)
                remove_stale_staging(self.out_dir)
                self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out_dir))
                self._lock = _hold_lock(self.staging)
                os.mkdir(self.staging / _SPOOL)
            except OSError as exc:
                raise OutputError(_("{out_dir}: cannot write the output folder ({strerror}). Choose another with --out.").format(out_dir=self.out_dir, strerror=exc.strerror)) from None
            if held is None:
                hold.raise_if_caught()
        return self.staging

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(_("{out_dir}: writing the cards failed ({strerror}); the earlier output is unchanged.").format(out_dir=self.out_dir, strerror=exc.strerror))


_SPOOL = ".spool"  # in the staging folder: each file as it is made, moved into the card folder at the commit


def _put(target: Path, item: Blob | bytes, placed: dict[Path, Path]) -> bytes | Path:
    """One file into the staged card folder: a spooled file moved there (copied, should it be in two
    places), bytes written. Returns where its data is now, for the zip."""
    if isinstance(item, bytes) or item.path is None:
        data = item if isinstance(item, bytes) else item.read()
        target.write_bytes(data)
        return data
    if item.path in placed:
        shutil.copyfile(placed[item.path], target)
    else:
        os.replace(item.path, target)
        placed[item.path] = target
    return target


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, deepest first."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


STAGING_PREFIX = ".cardnews-"
_LOCK = ".lock"
_LOCKLESS_STALE_SECONDS = 3600


def _hold_lock(staging: Path):
    """A lock on the staging folder for as long as this build writes: the kernel lets go of it when the
    process ends, however it ends (kill -9 included), which is how a later build knows it is stale."""
    try:
        import fcntl
    except ImportError:  # Windows: folders left behind are recognised by their age alone
        return None
    lock = open(staging / _LOCK, "wb")
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove the `.cardnews-*` folders builds that were killed left in `out_dir`; a build still writing
    holds its folder's lock and is left alone. Returns what was removed."""
    try:
        import fcntl
    except ImportError:  # not on Windows: nothing else writes there at once, so only a lock file is left
        fcntl = None  # type: ignore[assignment]
    removed = []
    for staging in out_dir.glob(STAGING_PREFIX + "*"):
        if not staging.is_dir() or staging.is_symlink():
            continue
        try:
            with open(staging / _LOCK, "rb") as lock:
                if fcntl is None:
                    raise FileNotFoundError
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: its build is gone
                shutil.rmtree(staging, ignore_errors=True)
        except BlockingIOError:
            continue  # another build is writing there now
        except FileNotFoundError:  # killed before it took its lock, or written where there are no locks
            try:
                if time.time() - staging.stat().st_mtime < _LOCKLESS_STALE_SECONDS:
                    continue
            except OSError:
                continue
            shutil.rmtree(staging, ignore_errors=True)
        except OSError:
            continue
        removed.append(staging)
    return removed


_PART = ".part"


def _lock_file(file) -> None:
    """An exclusive lock on an open file, which the kernel lets go of when the process ends, however it ends."""
    try:
        import fcntl
    except ImportError:  # Windows: a file left behind is recognised by its age alone
        return
    fcntl.flock(file, fcntl.LOCK_EX)


def remove_stale_parts(folder: Path, prefix: str) -> list[Path]:
    """Remove the hidden `.part` files that writes of one file name (`prefix`) left in `folder` when they were
    killed, as `remove_stale_staging` does for builds; one still being written is locked and left alone."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    removed = []
    for part in folder.glob(glob.escape(prefix) + "*" + _PART):
        try:
            if part.is_symlink() or not part.is_file():
                continue
            if fcntl is None:
                if time.time() - part.stat().st_mtime < _LOCKLESS_STALE_SECONDS:
                    continue
            else:
                with open(part, "rb") as file:
                    fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken: its writer is gone
            part.unlink()
        except OSError:  # being written now (BlockingIOError), or gone already
            continue
        removed.append(part)
    return removed


def make_folder(path: Path, option: str) -> Path:
    """The folder, made if need be; a file or device in its place is a message naming the option to change."""
    if os.path.lexists(path) and not path.is_dir():
        raise OutputError(_("{path}: is a file, not a folder; choose a folder with {option}.").format(path=path, option=option))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_("{path}: cannot make this folder ({strerror}); choose another with {option}.").format(path=path, strerror=exc.strerror, option=option)) from None
    return path


def write_file(target: Path, data: bytes, option: str) -> Path:
    """Write one file atomically: into a hidden file beside it, then renamed over it, so a failure (a full
    disk, Ctrl-C) leaves the earlier file whole. Only a regular file is ever replaced."""
    if target.is_dir():
        raise OutputError(_("{target}: is a folder; give a file name with {option}.").format(target=target, option=option))
    if os.path.lexists(target) and not target.is_file():
        raise OutputError(_("{target}: is not a regular file (a device or pipe); give a file name with {option}.").format(target=target, option=option))
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(_("{folder}: no such folder; make it first, or give another path with {option}.").format(folder=folder, option=option))
    temporary = None
    prefix = f".{target.name[:40]}."
    remove_stale_parts(folder, prefix)
    try:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=_PART, dir=folder)
        with os.fdopen(handle, "wb") as file:
            _lock_file(file)  # held until it is renamed: how a later write knows one left behind is stale
            file.write(data)
            file.flush()
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None and os.path.lexists(temporary):
            os.unlink(temporary)
        raise OutputError(_("{target}: cannot be written ({strerror}); any earlier file there is unchanged.").format(target=target, strerror=exc.strerror)) from None
    return target


def _swap_in(staging: Path, out_dir: Path, folder: str, zip_name: str, held: _HeldInterrupts) -> None:
    """Move the staged folder and zip into place, the earlier ones into staging; undo it all on any failure."""
    undo: list[tuple[Path, Path]] = []  # (from, to) renames that put things back, newest last

    def move(source: Path, target: Path) -> None:
        os.replace(source, target)
        undo.append((target, source))

    earlier = staging / ".earlier"
    earlier.mkdir()
    try:
        if os.path.lexists(out_dir / folder):
            move(out_dir / folder, earlier / "cards")
        move(staging / folder, out_dir / folder)
        if os.path.lexists(out_dir / zip_name):
            move(out_dir / zip_name, earlier / "bundle.zip")
        move(staging / zip_name, out_dir / zip_name)
        held.raise_if_caught()
    except BaseException:
        for source, target in reversed(undo):
            try:
                os.replace(source, target)
            except OSError:
                pass
        raise


class _HeldInterrupts:
    """Ctrl-C (SIGINT) and SIGTERM noted instead of raised, so a swap of folders is never left half done."""

    def __enter__(self) -> _HeldInterrupts:
        self.caught: int | None = None
        self.previous: dict = {}
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(number) is not signal.SIG_IGN:
                    self.previous[number] = signal.signal(number, self._note)
        return self

    def _note(self, signum, frame) -> None:
        self.caught = signum

    def raise_if_caught(self) -> None:
        if self.caught is not None:
            handler = self.previous.get(self.caught)
            if callable(handler) and handler not in (signal.default_int_handler,):
                handler(self.caught, None)  # what the command does on that signal (SIGTERM: stop as on Ctrl-C)
            raise KeyboardInterrupt

    def __exit__(self, *exc_info) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)


def _check_entry(name: str, single: bool = False) -> None:
    """A name we write must stay inside its folder: relative, no `..`, no separators when `single`."""
    parts = name.split("/")
    if (
        not name
        or "\\" in name
        or name.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in name)
        or (single and len(parts) > 1)
    ):
        raise ValueError(_("unsafe output name {name!r}").format(name=name))
