"""Package: encode cards, build the zip in memory, and write everything atomically."""

from __future__ import annotations

import io
import os
import shutil
import signal
import tempfile
import threading
import time
import zipfile
from pathlib import Path


from cardnews.errors import OutputError
from cardnews.i18n import _

ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, data) in the given order, with fixed dates and UTF-8 names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            _check_entry(name)
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            compressed = name.endswith((".png", ".jpg", ".pdf"))  # deflating these again gains nothing
            info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data)
    return buffer.getvalue()


def write_outputs(out_dir: Path, folder: str, files: list[tuple[str, bytes]], zip_name: str, zip_data: bytes) -> tuple[Path, Path]:
    """Write the card folder and the zip; a failure or Ctrl-C at any point leaves the earlier ones as they were.

    Everything is written into a hidden `.cardnews-*` folder beside the output first, then swapped in
    by renames. Ctrl-C is held back while this runs (it is short: the images are already encoded) and
    honoured at the end by undoing the swap, so no half-written folder or zip is ever left behind.
    """
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
            out_dir.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(out_dir)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
            lock = _hold_lock(staging)
        except OSError as exc:
            raise OutputError(_("{out_dir}: cannot write the output folder ({strerror}). Choose another with --out.").format(out_dir=out_dir, strerror=exc.strerror)) from None
        try:
            for name, data in files:
                target = staging / folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            (staging / zip_name).write_bytes(zip_data)
            held.raise_if_caught()
            _swap_in(staging, out_dir, folder, zip_name, held)
        except OSError as exc:
            raise OutputError(_("{out_dir}: writing the cards failed ({strerror}); the earlier output is unchanged.").format(out_dir=out_dir, strerror=exc.strerror)) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if lock is not None:
                lock.close()
    return out_dir / folder, out_dir / zip_name


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
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".part", dir=folder)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
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
