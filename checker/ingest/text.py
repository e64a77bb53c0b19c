"""Plain-text reports: encoding detection; each physical line goes to the layout normaliser
(``checker.ingest.layout``), which reads TAB-cell tables and re-joins hard-wrapped prose."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.layout import Line, assemble
from checker.ingest.pdftext import PdfTextWrapping, from_pdftotext, pdftotext_items
from checker.model import Block


def decode(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(path, t("input.binary"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _nearly_utf8(data) or _decode_legacy(path, data)
    controls = len(_CONTROL.findall(text, 0, 20000))
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError(path, t("input.binary"))
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""Control characters no text file holds (TAB, LF, CR and form feed are layout)."""


def _nearly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a file cut mid-character, a stray byte) is still UTF-8;
    read as GB18030 every character would become mojibake. Real GBK text read as UTF-8 fails
    on most of its characters, so a handful of failures among many good ones decides it."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return text if bad <= 3 and bad * 50 <= non_ascii else None


def _decode_legacy(path: Path, data: bytes) -> str:
    # GB18030 is a superset of GBK and GB2312; a strict decode that succeeds is almost
    # certainly right for Chinese government files. Otherwise ask charset-normalizer.
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, t("input.unknown_encoding"))
    return str(best)


def read_text(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    text = decode(path, data)
    lines = text.split("\n")
    warnings = []
    if "\ufffd" in text:
        warnings.append(t("input.warning.replaced"))
    return text_blocks(lines), warnings


def text_blocks(lines: list[str]) -> list[Block]:
    """The blocks of a text given as its physical lines (line 1 first)."""
    # most files end their lines with LF alone: one look at the whole text spares a test per line,
    # and map makes the lines without a Python frame per line
    if "\r" in "".join(lines):
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    items = list(map(Line.at, lines, range(1, len(lines) + 1)))
    if not from_pdftotext(lines):
        return assemble(items)
    return assemble(pdftotext_items(lines, items), PdfTextWrapping)
