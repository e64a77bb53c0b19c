"""Safety checks shared by the Office (zip-based) readers, run before any XML is parsed.

A .docx/.xlsx is a zip archive, so a few KB can declare gigabytes of XML. The sizes the
archive declares are checked first; they also bound what the libraries can read, because
``zipfile`` stops decompressing an entry at its declared size (and fails its CRC check).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from checker.ingest import InputError

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small parts compress extremely well when they are one repeated tag; only entries big
# enough to matter are held to the ratio limit.
_RATIO_CHECK_FROM_BYTES = 1024 * 1024


def check_archive(path: Path, data: bytes) -> None:
    """Refuse corrupt archives and zip bombs with an InputError naming the reason."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"corrupt or truncated Office file ({exc})") from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(path, f"refused: the archive unpacks to more than "
                                   f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB (zip bomb?)")
        if (info.file_size >= _RATIO_CHECK_FROM_BYTES
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            raise InputError(path, f"refused: part {info.filename} is compressed "
                                   f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)")
