"""Package: encode cards, build the zip in memory, and write everything atomically."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from PIL import Image

from cardnews.errors import OutputError

ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def encode_png(image: Image.Image) -> bytes:
    """Lossless PNG, no time stamp, so the same card always gives the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, data) in the given order, with fixed dates and UTF-8 names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data)
    return buffer.getvalue()


def write_outputs(out_dir: Path, folder: str, files: list[tuple[str, bytes]], zip_name: str, zip_data: bytes) -> tuple[Path, Path]:
    """Write the card folder and the zip; on any failure the earlier ones stay as they were."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".cardnews-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the output folder ({exc.strerror}). Choose another with --out.") from None
    final_dir, final_zip = out_dir / folder, out_dir / zip_name
    backup = out_dir / f".{folder}.previous"
    try:
        cards_dir = staging / folder
        cards_dir.mkdir()
        for name, data in files:
            target = cards_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / zip_name).write_bytes(zip_data)
        if final_dir.exists():
            shutil.rmtree(backup, ignore_errors=True)
            final_dir.rename(backup)
        try:
            cards_dir.rename(final_dir)
        except OSError:
            if backup.exists():
                backup.rename(final_dir)
            raise
        os.replace(staging / zip_name, final_zip)
        shutil.rmtree(backup, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: writing the cards failed ({exc.strerror}); the earlier output is unchanged.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final_dir, final_zip
