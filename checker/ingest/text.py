"""Plain-text reports: encoding detection, TAB-cell tables, and re-joining PDF-wrapped lines.

Table convention (as in text exported from Word): a line starting with TAB is one cell, a blank
line ends a row, a non-TAB line inside a table continues the last cell, an empty TAB line is an
empty (usually merged) cell, and two blank lines in a row end the table.

Text extracted from PDF arrives wrapped at the page width, with blank lines between the wrapped
lines and page numbers alone on a line. Such documents are detected as a whole and their lines
are re-joined into paragraphs; each piece keeps its physical line so locations stay exact.
"""

from __future__ import annotations

import codecs
import re
import statistics
from pathlib import Path

from checker.ingest import InputError
from checker.ingest.tables import SENTENCE_END, caption_before, cell_from_parts, make_table
from checker.model import Block, Paragraph, Piece
from checker.normalize import normalize
from checker.structure import parse_heading

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?)\s*$")
TERMINAL = SENTENCE_END
# A heading line in wrapped text is as wide as a wrapped sentence line; what gives it away is
# that it ends like a title, not mid-phrase.
_TITLE_END = re.compile(r"(?:情况|说明|分析|概况|职能|结论|建议|措施|问题|解释|事项|构成|目标|成效|做法|经验|"
                        r"报表|决算表|预算表|[》」”])(?:[（(][^）)]{1,12}[)）])?\s*[:：]?$")
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+\s*[、．.]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
    r"|\d{1,2}\s*(?:[、．]|\.(?!\d)))")


def decode(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(path, "binary data, not a text report")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _nearly_utf8(data) or _decode_legacy(path, data)
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError(path, "binary data, not a text report")
    return text


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
        raise InputError(path, "binary data or an unknown text encoding")
    return str(best)


def read_text(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    lines = decode(path, data).split("\n")
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    warnings = []
    if any("\ufffd" in ln for ln in lines):
        warnings.append("some bytes could not be decoded and were replaced with \ufffd")
    return TextParser(lines).parse(), warnings


class TextParser:
    def __init__(self, lines: list[str]):
        self.lines = lines
        # Layout decisions read the normalised line: "５．６８％" opening a wrapped line is a
        # number, not the list marker "5．" (normalising maps one character to one).
        self.norm = [normalize(line) for line in lines]
        self.blocks: list[Block] = []
        self.wrapped, self.width = _wrapping(self.norm)

    def parse(self) -> list[Block]:
        i = 0
        pending: list[int] = []  # line indexes of the paragraph being joined (wrapped mode)
        while i < len(self.lines):
            line = self.norm[i]
            if line.startswith("\t"):
                self._flush(pending)
                i = self._table(i)
                continue
            if not line.strip() or PAGE_NUMBER.match(line) and self._is_page_break(i):
                i += 1
                continue
            if not self.wrapped:
                self._flush([i])
            else:
                if pending and HEADING_START.match(line):
                    self._flush(pending)
                pending.append(i)
                stripped = line.strip()
                if (stripped.endswith(TERMINAL) or len(stripped) < self.width * 0.75
                        or len(pending) == 1 and HEADING_START.match(line) and _TITLE_END.search(stripped)):
                    self._flush(pending)
            i += 1
        self._flush(pending)
        return self.blocks

    def _is_page_break(self, i: int) -> bool:
        """A number alone on a line is a page number when blank lines surround it."""
        before = self.norm[i - 1].strip() if i > 0 else ""
        after = self.norm[i + 1].strip() if i + 1 < len(self.norm) else ""
        return self.wrapped or (not before and not after)

    def _flush(self, indexes: list[int]) -> None:
        if not indexes:
            return
        raw_parts: list[str] = []
        pieces: list[Piece] = []
        offset = 0
        for idx in indexes:
            line = self.lines[idx]
            stripped = line.strip()
            if not stripped:
                continue
            column = len(line) - len(line.lstrip())
            pieces.append(Piece(offset, offset + len(stripped), idx + 1, column))
            raw_parts.append(stripped)
            offset += len(stripped)
        indexes.clear()
        if not pieces:
            return
        raw = "".join(raw_parts)
        text = normalize(raw)
        block_id = f"p{sum(1 for b in self.blocks if isinstance(b, Paragraph)) + 1}"
        self.blocks.append(Paragraph(block_id, text, raw, tuple(pieces), parse_heading(text)))

    def _table(self, i: int) -> int:
        """Read a TAB-cell table starting at line ``i``; return the index after it."""
        rows: list[list[list[tuple[int, str, int]]]] = []  # rows → cells → (line, text, column)
        row: list[list[tuple[int, str, int]]] = []
        blank_run = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if line.startswith("\t"):
                blank_run = 0
                row.append([(i + 1, line[1:], 1)])
            elif not line.strip():
                blank_run += 1
                if row:
                    rows.append(row)
                    row = []
                if blank_run >= 2:
                    break
            else:
                blank_run = 0
                target = row or (rows[-1] if rows else None)
                if target is None:
                    break
                target[-1].append((i + 1, line, 0))
            i += 1
        if row:
            rows.append(row)
        table_no = sum(1 for b in self.blocks if not isinstance(b, Paragraph)) + 1
        caption = caption_before(self.blocks)
        cells = [[cell_from_parts(parts) for parts in r] for r in rows]
        self.blocks.append(make_table(f"t{table_no}", cells, caption))
        return i


def _wrapping(lines: list[str]) -> tuple[bool, float]:
    """Decide whether the prose is hard-wrapped at a page width, and estimate that width."""
    prose = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("\t")]
    if len(prose) < 20:
        return False, 0.0
    lengths = sorted(len(s) for s in prose)
    width = lengths[int(len(lengths) * 0.8)]
    open_ended = sum(1 for s in prose if not s.endswith(TERMINAL))
    near_width = sum(1 for s in prose if len(s) >= width * 0.75)
    wrapped = width <= 60 and open_ended / len(prose) > 0.5 and near_width / len(prose) > 0.5
    return wrapped, float(statistics.median([n for n in lengths if n >= width * 0.5]) if wrapped else width)
