"""Readers: every supported format becomes one ``Document``.

The reader is chosen by the file's content (magic bytes), not by its suffix, because archives
hold misnamed files (a .doc that is really docx, a .txt that is really a PDF).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path
from typing import Callable

from checker.collector import collector_paused
from checker.i18n import t
from checker.ingest.continued import join_continued_tables
from checker.ingest.forms import read_forms
from checker.ingest.invisible import strip_format_chars
from checker.ingest.ruby import strip_ruby
from checker.ingest.script import to_simplified
from checker.model import Document
from checker.structure import (
    build_sections,
    detect_kind,
    detect_unit,
    detect_year,
    drop_cell_headings,
    drop_toc_headings,
)

MAX_INPUT_BYTES = 32 * 1024 * 1024
"""Real disclosure reports are well under a few MB; a larger input is refused, not read."""


IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
"""PNG, JPEG and TIFF (both byte orders): scanned pages, read by OCR."""


class InputError(Exception):
    """A document cannot be read; the message names the file and the reason (exit status 2)."""

    def __init__(self, path: str | os.PathLike, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def sniff(data: bytes) -> str:
    """Return the format the bytes are in: txt, html, ooxml, ole (.doc, .xls), pdf or image."""
    if data.startswith(IMAGE_MAGIC):
        return "image"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "ooxml"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    from checker.ingest.html import is_html

    return "html" if is_html(data) else "txt"


def _ooxml_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    # A member name flagged UTF-8 that is not UTF-8 fails as UnicodeDecodeError (a ValueError),
    # a "version needed to extract" above what zipfile knows as NotImplementedError.
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(path, t("input.office_corrupt", exc=exc)) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise InputError(path, t("input.zip_not_office"))


def _ole_kind(path: Path, data: bytes) -> str:
    """doc or xls, by the streams of the OLE container; any other OLE file is refused."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    # olefile reports a damaged container (bad header, FAT chain out of range or looping,
    # truncated sectors) as OSError, ValueError or struct.error.
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, t("input.office_corrupt", exc=exc)) from None
    # A password-protected .docx/.xlsx is stored inside an OLE container as well.
    if "EncryptedPackage" in streams:
        raise InputError(path, t("input.office_encrypted"))
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    raise InputError(path, t("input.office_legacy"))


def _reader(fmt: str) -> Callable[[Path, bytes], tuple]:
    """The reader of a format: it returns the blocks, its warnings and, when it reads by OCR,
    the pages OCR read."""
    if fmt == "txt":
        from checker.ingest.text import read_text

        return read_text
    if fmt == "html":
        from checker.ingest.html import read_html

        return read_html
    if fmt == "docx":
        from checker.ingest.docx import read_docx

        return read_docx
    if fmt == "xlsx":
        from checker.ingest.xlsx import read_xlsx

        return read_xlsx
    if fmt == "doc":
        from checker.ingest.doc import read_doc

        return read_doc
    if fmt == "xls":
        from checker.ingest.xls import read_xls

        return read_xls
    if fmt == "pdf":
        from checker.ingest.pdf import read_pdf_with_ocr_pages

        return read_pdf_with_ocr_pages
    if fmt == "image":
        from checker.ingest.ocr import read_image

        return read_image
    raise AssertionError(fmt)


def load_document(path: str | os.PathLike) -> Document:
    """Read any supported report into a Document, or raise InputError with a clear reason."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, t("input.no_such_file"))
    if p.is_dir():
        raise InputError(p, t("input.directory"))
    try:
        size = p.stat().st_size
        if size == 0:
            raise InputError(p, t("input.empty"))
        if size > MAX_INPUT_BYTES:
            raise InputError(p, t("input.too_large", size=f"{size / 2**20:.0f}", limit=MAX_INPUT_BYTES // 2**20))
        data = p.read_bytes()
    except PermissionError:
        raise InputError(p, t("input.permission")) from None
    except OSError as exc:
        raise InputError(p, t("input.unreadable", exc=exc.strerror or exc)) from None
    fmt = sniff(data)
    if fmt == "ooxml":
        fmt = _ooxml_kind(p)
    elif fmt == "ole":
        fmt = _ole_kind(p, data)
    blocks, warnings, *ocr = _reader(fmt)(p, data)
    return _document(path, data, fmt, blocks, warnings, ocr[0] if ocr else frozenset())


@collector_paused
def _document(
    path: str | os.PathLike, data: bytes, fmt: str, blocks: list, warnings: list[str], ocr_pages: frozenset[int]
) -> Document:
    """The Document of a reader's blocks. With the collector held off, as in a check: the steps
    below build thousands of small objects and no cycles, and its passes over them were a tenth of
    reading a text report (the readers of binary formats run before, the collector on, as their
    parsers may build cycles)."""
    p = Path(path)
    # a spreadsheet's columns count cells, not characters
    columns_are_characters = fmt not in ("xlsx", "xls")
    blocks, format_chars = strip_format_chars(blocks, columns_are_characters=columns_are_characters)
    blocks = strip_ruby(blocks, columns_are_characters=columns_are_characters)
    blocks = join_continued_tables(read_forms(to_simplified(blocks)))
    blocks = drop_cell_headings(drop_toc_headings(blocks))
    if not any(True for _ in blocks):
        raise InputError(p, t("input.no_text"))
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,  # type: ignore[arg-type]
        blocks=tuple(blocks),
        sections=build_sections(blocks),
        kind=detect_kind(blocks),
        year=detect_year(blocks),
        unit=detect_unit(blocks),
        warnings=tuple(warnings),
        format_chars=format_chars,
        ocr_pages=ocr_pages,
    )
