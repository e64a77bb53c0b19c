"""Word 97–2003 (.doc) reports: the main text's paragraphs and tables, read from the binary file.

olefile opens the OLE container; the Word binary format is read here, as far as the text needs:
the FIB (file information block) at the start of the WordDocument stream names the table stream
(0Table or 1Table), the length of the main text and where the CLX lies; the CLX's piece table
maps the main text's characters to runs of the WordDocument stream, each UTF-16LE or compressed
(one byte per character, cp1252). Nothing in the file is run: macros and embedded objects are
never read.

Characters. A paragraph ends with \\r, or with \\x0c where that is a section mark (the section
table, PlcfSed, says where sections end); \\x0b (line break), \\x0c (page break) and \\x0e (column
break) split a paragraph into lines, as manual breaks do in the .docx reader. A field
(\\x13 code \\x14 result \\x15, nested or not) shows its result only. Anchors of pictures, drawn
objects, footnote and comment marks (\\x01, \\x08, \\x02, \\x05, …) and optional hyphens (\\x1f)
are dropped; a non-breaking hyphen (\\x1e) reads as "-", as in the .docx reader.

Tables. A cell's last paragraph ends with \\x07 instead of \\r, and each row ends with one more
\\x07 paragraph whose properties say "table terminating paragraph" (sprmPFTtp). The paragraph
properties are looked up in the PAPX pages (PlcBtePapx) by the file offset of each paragraph
mark; rows become a ``RawTable`` grid, as in the .docx reader. A row end also states the row's
cell edges and merges (sprmTDefTable): a cell continuing a horizontal or vertical merge reads
empty, and a cell spanning several columns of the table's grid (every edge of every row, as Word
builds a .docx grid) is followed by empty cells, as a .docx gridSpan reads. Nested tables are
read as the paragraphs of the outer cell.

Locations. ``Piece.line`` is the paragraph number, counted as the .docx reader counts ``w:p``:
every paragraph of the main text in order, cell paragraphs included, the row-end marks not (a
.docx has no paragraph there). ``Piece.column`` is the character offset in the paragraph's
shown text.

Automatic numbering. A list paragraph's number (一、 （一） 1.) is not in the text: it is rebuilt
from the list tables (PlfLst, PlfLfo) and the paragraph's sprmPIlfo/sprmPIlvl, with the .docx
reader's counters and number formats, and prepended to body paragraphs with a warning, as the
.docx reader does. Not rebuilt: numbers a paragraph style (not the paragraph) sets, start-at
overrides of a list use, and numbers in table cells.

Not read: headers and footers, footnotes, endnotes, comments, text boxes (they follow the main
text in other sub-documents) and Word 6/95 files (no piece table); encrypted files are refused.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.docx import MAX_GRID_COLUMNS, MAX_LIST_START, format_number
from checker.ingest.layout import Line, RawTable, assemble
from checker.ingest.tables import RawCell, cell_from_parts
from checker.ingest.text import MAX_TEXT_LINES
from checker.model import Block, Piece

WORD_97_NFIB = 0x00C1
"""The nFib Word 97 and later write; Word 6 and 95 wrote 101–105 and keep text without a piece table."""
MAX_PIECES = 200_000
"""Pieces one piece table may hold; a heavily edited report has a few thousand."""
MAX_TEXT_CHARS = 8_000_000
"""Characters the main text may have; a 32 MB file holds at most 16 M UTF-16 characters."""
PAGE = 512
"""The size of a PAPX page (FKP) in the WordDocument stream."""

_PARAGRAPH_END = "\r\x07"
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\x0e": "\n"}
_SHOWN = {"\t": "\t", "\x1e": "-"}
"""Control characters shown in the text; every other one below U+0020 is a mark and is dropped."""
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"

# Paragraph properties (sprm codes) the tables, list numbers and huge properties need.
_SPRM_IN_TABLE = 0x2416
_SPRM_TTP = 0x2417
_SPRM_INNER_TTP = 0x244C
_SPRM_DEPTH = 0x6649
_SPRM_HUGE_PAPX = 0x6646
_SPRM_DEF_TABLE = 0xD608
_SPRM_LIST = 0x460B
_SPRM_LIST_LEVEL = 0x260A


def read_doc(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {name: _stream(ole, name) for name in _STREAMS if ole.exists(name)}
    # olefile reports a damaged container (FAT chain out of range or looping, truncated
    # sectors, a bad header) as OSError, ValueError or struct.error.
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, t("input.doc_unreadable", exc=f"{type(exc).__name__}: {exc}")) from None
    word = streams.get("WordDocument", b"")
    try:
        fib = _Fib(path, word)
        table = streams.get("1Table" if fib.which_table else "0Table", b"")
        huge = streams.get("Data", b"")
        text, pieces = _main_text(path, fib, word, table)
        # bounded as a text report's lines are: each line costs the layout and the rules a few
        # hundred bytes, and 8 M characters of paragraph marks would be gigabytes
        lines = sum(text.count(mark) for mark in "\r\x07\x0b\x0c")
        if lines > MAX_TEXT_LINES:
            raise InputError(
                path, t("input.doc_unreadable", exc=f"{lines:,} paragraphs and lines > {MAX_TEXT_LINES:,}")
            )
        paragraphs = _Paragraphs(fib, word, table, huge, pieces)
        reader = _Reader(paragraphs, _section_marks(fib, table), _Lists(fib, table))
        items = reader.read(text)
    except InputError:
        raise
    # a record cut short by the end of its stream
    except (struct.error, IndexError, ValueError):
        raise InputError(path, t("input.doc_unreadable", exc="truncated record")) from None
    warnings = [t("input.warning.numbering", count=reader.reconstructed)] if reader.reconstructed else []
    return assemble(items), warnings


_STREAMS = ("WordDocument", "0Table", "1Table", "Data")
"""The streams the text is read from: the FIB and text, the two names of the table stream (the
FIB says which one is current), and the Data stream holding paragraph properties too large for
their page."""


def _stream(ole, name: str) -> bytes:
    with ole.openstream(name) as stream:
        return stream.read()


class _Fib:
    """The fields of the FIB the text needs."""

    def __init__(self, path: Path, word: bytes):
        if len(word) < 34:
            raise InputError(path, t("input.doc_unreadable", exc="truncated record"))
        ident, nfib = struct.unpack_from("<HH", word, 0)
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:  # fEncrypted (also set for XOR obfuscation)
            raise InputError(path, t("input.office_encrypted"))
        if ident != 0xA5EC or nfib < WORD_97_NFIB:
            raise InputError(path, t("input.doc_word95"))
        self.which_table = bool(flags & 0x0200)
        at = 32
        csw = struct.unpack_from("<H", word, at)[0]
        at += 2 + 2 * csw
        cslw = struct.unpack_from("<H", word, at)[0]
        lw = struct.unpack_from(f"<{cslw}i", word, at + 2)
        at += 2 + 4 * cslw
        count = struct.unpack_from("<H", word, at)[0]
        fc_lcb = struct.unpack_from(f"<{2 * count}I", word, at + 2)
        if cslw < 4 or count < 34:
            raise InputError(path, t("input.doc_word95"))
        self.ccp_text = lw[3]
        self.clx = fc_lcb[2 * 33], fc_lcb[2 * 33 + 1]
        self.bte_papx = fc_lcb[2 * 13], fc_lcb[2 * 13 + 1]
        self.sections = fc_lcb[2 * 6], fc_lcb[2 * 6 + 1]
        self.lists = (fc_lcb[2 * 73], fc_lcb[2 * 73 + 1]) if count > 74 else (0, 0)
        self.list_uses = (fc_lcb[2 * 74], fc_lcb[2 * 74 + 1]) if count > 74 else (0, 0)


class _Piece:
    __slots__ = ("cp", "fc", "width")

    def __init__(self, cp: int, fc: int, width: int):
        self.cp, self.fc, self.width = cp, fc, width


_CP1252 = {b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA0)}
_COMPRESSED = str.maketrans({b: ch for b, ch in _CP1252.items() if ch != "\ufffd"})
"""A compressed piece is cp1252 text; the five bytes cp1252 leaves undefined stay Latin-1."""


def _main_text(path: Path, fib: _Fib, word: bytes, table: bytes) -> tuple[str, list[_Piece]]:
    """The main text (before footnotes and the other sub-documents) and the pieces it is made of."""
    fc, lcb = fib.clx
    if not lcb:
        raise InputError(path, t("input.doc_word95"))
    clx = table[fc : fc + lcb]
    if len(clx) < lcb:
        raise InputError(path, t("input.doc_unreadable", exc="CLX beyond the table stream"))
    at = 0
    while at < len(clx) and clx[at] == 1:  # Prc: property modifiers of pieces, skipped
        at += 3 + max(struct.unpack_from("<h", clx, at + 1)[0], 0)
    if at >= len(clx) or clx[at] != 2:
        raise InputError(path, t("input.doc_unreadable", exc="CLX"))
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5 : at + 5 + size]
    if size < 4 or len(plc) < size or (size - 4) % 12:
        raise InputError(path, t("input.doc_unreadable", exc="PlcPcd"))
    count = (size - 4) // 12
    if count > MAX_PIECES:
        raise InputError(path, t("input.doc_unreadable", exc=f"{count:,} pieces"))
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    end = min(max(fib.ccp_text, 0), cps[-1])
    if end > MAX_TEXT_CHARS:
        raise InputError(path, t("input.doc_unreadable", exc=f"{end:,} characters"))
    parts: list[str] = []
    pieces: list[_Piece] = []
    done = 0
    for i in range(count):
        start, stop = cps[i], min(cps[i + 1], end)
        if start != done:  # the CPs must follow one another from 0
            if start >= end:
                break
            raise InputError(path, t("input.doc_unreadable", exc="PlcPcd"))
        if stop <= start:
            continue
        raw = struct.unpack_from("<I", plc, 4 * (count + 1) + 12 * i + 2)[0]
        n = stop - start
        if raw & 0x40000000:
            offset = (raw & 0x3FFFFFFF) // 2
            chunk = word[offset : offset + n]
            text = chunk.decode("latin-1").translate(_COMPRESSED)
            pieces.append(_Piece(start, offset, 1))
        else:
            offset = raw & 0x3FFFFFFF
            chunk = word[offset : offset + 2 * n]
            text = chunk.decode("utf-16-le", errors="replace")
            pieces.append(_Piece(start, offset, 2))
        if len(text) != n:
            raise InputError(path, t("input.doc_unreadable", exc="piece beyond the WordDocument stream"))
        parts.append(text)
        done = stop
    return "".join(parts), pieces


def _section_marks(fib: _Fib, table: bytes) -> frozenset[int]:
    """The CPs of the section marks: each section but the last ends with one, just before the
    CP where the next begins (PlcfSed: the CPs, then a 12-byte SED per section)."""
    fc, lcb = fib.sections
    count = (lcb - 4) // 16 if lcb >= 4 and (lcb - 4) % 16 == 0 and fc + lcb <= len(table) else 0
    return frozenset(cp - 1 for cp in struct.unpack_from(f"<{count + 1}I", table, fc)[1:-1]) if count else frozenset()


class _Paragraphs:
    """Table properties of a paragraph, found by the file offset of its mark in the PAPX pages."""

    def __init__(self, fib: _Fib, word: bytes, table: bytes, huge: bytes, pieces: list[_Piece]):
        self.word = word
        self.huge = huge
        self.pieces = pieces
        self.piece_cps = [p.cp for p in pieces]
        fc, lcb = fib.bte_papx
        plc = table[fc : fc + lcb] if lcb >= 12 and (lcb - 4) % 8 == 0 else b""
        count = (len(plc) - 4) // 8 if len(plc) == lcb else 0
        self.known = count > 0
        self.fcs = struct.unpack_from(f"<{count + 1}I", plc, 0) if count else ()
        self.pns = [pn & 0x3FFFFF for pn in struct.unpack_from(f"<{count}I", plc, 4 * (count + 1))] if count else []
        self.pages: dict[int, tuple[tuple[int, ...], list[Props]]] = {}

    def props(self, cp: int) -> Props:
        """The table sprms of the paragraph whose mark is at ``cp``."""
        if not self.known:
            return {}
        piece = self.pieces[bisect_right(self.piece_cps, cp) - 1]
        fc = piece.fc + (cp - piece.cp) * piece.width
        page = bisect_right(self.fcs, fc) - 1
        if page < 0 or page >= len(self.pns):
            return {}
        fcs, runs = self._page(self.pns[page])
        run = bisect_right(fcs, fc) - 1
        return runs[run] if 0 <= run < len(runs) else {}

    def _page(self, pn: int) -> tuple[tuple[int, ...], list[Props]]:
        if pn not in self.pages:
            self.pages[pn] = _fkp(self.word[pn * PAGE : (pn + 1) * PAGE], self.huge)
        return self.pages[pn]


def _fkp(page: bytes, huge: bytes) -> tuple[tuple[int, ...], list[Props]]:
    """The run boundaries (file offsets) of one PAPX page and the table sprms of each run.
    Properties too large for the page (a wide table's row end, with its cell widths) are in the
    Data stream, at the offset the page's sprmPHugePapx gives."""
    if len(page) < PAGE:
        return (), []
    crun = page[PAGE - 1]
    if 4 * (crun + 1) + 13 * crun > PAGE - 1:
        return (), []
    fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
    runs = []
    for i in range(crun):
        at = 2 * page[4 * (crun + 1) + 13 * i]
        if not at:
            runs.append({})
            continue
        # cb, or 0 and a second count byte; then GrpPrlAndIstd (the style index, two bytes, first)
        cb = page[at]
        grpprl = page[at + 4 : at + 2 + 2 * page[at + 1]] if cb == 0 else page[at + 3 : at + 2 * cb]
        found = _table_sprms(grpprl)
        if _SPRM_HUGE_PAPX in found:
            at = _number(found.pop(_SPRM_HUGE_PAPX))
            size = int.from_bytes(huge[at : at + 2], "little")
            found.update(_table_sprms(huge[at + 2 : at + 2 + size]))
        runs.append(found)
    return fcs, runs


_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}
"""Operand size by a sprm's spra (its top three bits); 6 means a length byte comes first."""
_WANTED = {
    _SPRM_IN_TABLE,
    _SPRM_TTP,
    _SPRM_INNER_TTP,
    _SPRM_DEPTH,
    _SPRM_HUGE_PAPX,
    _SPRM_DEF_TABLE,
    _SPRM_LIST,
    _SPRM_LIST_LEVEL,
}

Props = dict[int, bytes]
"""The operands of the sprms a paragraph's properties set, by sprm code (length prefixes dropped)."""


def _table_sprms(grpprl: bytes) -> Props:
    found: Props = {}
    at = 0
    while at + 2 <= len(grpprl):
        sprm = grpprl[at] | grpprl[at + 1] << 8
        at += 2
        if sprm == _SPRM_DEF_TABLE:  # the one operand with a two-byte length (counting itself less one)
            size = int.from_bytes(grpprl[at : at + 2], "little") - 1
            at += 2
        elif sprm >> 13 == 6:
            size = grpprl[at] if at < len(grpprl) else 0
            at += 1
        else:
            size = _OPERAND[sprm >> 13]
        if sprm in _WANTED:
            found[sprm] = grpprl[at : at + max(size, 0)]
        at += max(size, 0)
    return found


def _number(operand: bytes | None) -> int:
    return int.from_bytes(operand or b"", "little")


class _RowLayout:
    """A row's cell edges (x positions in twips, one more than cells) and which of its cells
    continue a merge (Word shows them empty), from the row end's sprmTDefTable: a cell count, the
    edges, then a 20-byte TC80 per cell whose first two bytes hold the merge flags."""

    __slots__ = ("edges", "continued")

    def __init__(self, props: Props):
        operand = props.get(_SPRM_DEF_TABLE, b"")
        count = min(operand[0], MAX_GRID_COLUMNS) if operand else 0
        at = 1 + 2 * (count + 1)
        self.edges: tuple[int, ...] = struct.unpack_from(f"<{count + 1}h", operand, 1) if len(operand) >= at else ()
        self.continued: list[bool] = []
        for i in range(count if self.edges else 0):
            flags = int.from_bytes(operand[at + 20 * i : at + 20 * i + 2], "little")
            # horzMerge 2 or 3: merged into the cell before; vertMerge 1: into the cell above
            self.continued.append(flags & 0x3 >= 2 or flags >> 5 & 0x3 == 1)


GRID_TOLERANCE = 30
"""Twips (1/20 pt; 30 ≈ 0.5 mm) within which two rows' cell edges are one column edge: rows drawn
to the same grid round their widths apart by a few twips."""


def _spanned(rows: list[list[RawCell]], layouts: list[_RowLayout]) -> list[list[RawCell]]:
    """Rows on one column grid. A cell continuing a merge reads empty; a cell that covers several
    of the table's columns (a horizontal merge saved as one wide cell) is followed by empty cells,
    as a .docx gridSpan reads. The grid is every cell edge of every row, as Word builds a .docx
    table grid; rows whose edges are unknown or do not match their cells keep their cells."""
    grid: list[int] = []
    for x in sorted({x for layout in layouts for x in layout.edges}):
        if not grid or x - grid[-1] > GRID_TOLERANCE:
            grid.append(x)
    if len(grid) - 1 > MAX_GRID_COLUMNS:
        return rows
    out = []
    for row, layout in zip(rows, layouts):
        edges = layout.edges
        if len(edges) != len(row) + 1:
            out.append(row)
            continue
        cells: list[RawCell] = []
        for cell, continued, left, right in zip(row, layout.continued, edges, edges[1:]):
            empty: RawCell = ("", [Piece(0, 0, cell[1][0].line, 0)] if cell[1] else [])
            cells.append(empty if continued else cell)
            cells.extend(empty for _ in range(max(_column(grid, right) - _column(grid, left), 1) - 1))
        out.append(cells)
    return out


def _column(grid: list[int], x: int) -> int:
    """The index of the grid edge nearest to ``x``."""
    at = bisect_right(grid, x)
    return at - 1 if at == len(grid) or (at and x - grid[at - 1] <= grid[at] - x) else at


class _Level:
    """One level of a list (an LVL): start, number format, the number text with placeholders
    (characters 0–8 stand for the counters of levels 1–9), what follows the number."""

    __slots__ = ("start", "fmt", "text", "legal", "follow", "size")

    def __init__(self, data: bytes, at: int):
        self.start, nfc, flags = struct.unpack_from("<iBB", data, at)
        self.start = min(max(self.start, 0), MAX_LIST_START)
        self.fmt = _NFC.get(nfc, "decimal")
        self.legal = bool(flags & 0x04)
        self.follow = data[at + 15]
        papx, chpx = data[at + 25], data[at + 24]
        text_at = at + 28 + papx + chpx
        count = struct.unpack_from("<H", data, text_at)[0]
        raw = data[text_at + 2 : text_at + 2 + 2 * count]
        if len(raw) < 2 * count:
            raise ValueError("LVL beyond the table stream")
        self.text = raw.decode("utf-16-le", errors="replace")
        self.size = text_at + 2 + 2 * count - at


_NFC = {
    0: "decimal",
    1: "upperRoman",
    2: "lowerRoman",
    3: "upperLetter",
    4: "lowerLetter",
    10: "ideographDigital",
    11: "japaneseCounting",
    14: "decimalFullWidth",
    17: "japaneseDigitalTenThousand",
    18: "decimalEnclosedCircle",
    19: "decimalFullWidth2",
    22: "decimalZero",
    23: "bullet",
    26: "decimalEnclosedFullstop",
    27: "decimalEnclosedParen",
    28: "decimalEnclosedCircleChinese",
    29: "ideographEnclosedCircle",
    30: "ideographTraditional",
    31: "ideographZodiac",
    33: "taiwaneseCounting",
    34: "ideographLegalTraditional",
    35: "taiwaneseCountingThousand",
    36: "taiwaneseDigital",
    37: "chineseCounting",
    38: "chineseLegalSimplified",
    39: "chineseCountingThousand",
    255: "none",
}
"""Word's number formats (nfc) by code, named as the .docx numFmt values ``format_number`` knows."""


class _Lists:
    """Word's automatic list numbers, which are not in the text: the lists (PlfLst, each LSTF
    followed in order by its LVLs), the list uses paragraphs name (PlfLfo, 1-based sprmPIlfo) and
    counters per list advanced paragraph by paragraph, as the .docx reader does (start overrides
    of a list use are not read)."""

    def __init__(self, fib: _Fib, table: bytes):
        self.levels: dict[int, list[_Level]] = {}  # lsid → levels
        self.uses: list[int] = []  # ilfo - 1 → lsid
        self.counters: dict[int, list[int | None]] = {}
        try:
            self._read(fib, table)
        except (struct.error, IndexError, ValueError):  # a damaged list table: no numbers, the text still read
            self.levels, self.uses = {}, []

    def _read(self, fib: _Fib, table: bytes) -> None:
        fc, lcb = fib.lists
        if not lcb or fc + lcb > len(table):
            return
        count = struct.unpack_from("<h", table, fc)[0]
        if count <= 0 or 2 + 28 * count > lcb:
            return
        at = fc + lcb
        for i in range(count):
            lsid, flags = struct.unpack_from("<i", table, fc + 2 + 28 * i)[0], table[fc + 2 + 28 * i + 26]
            levels = []
            for _ in range(1 if flags & 0x01 else 9):
                level = _Level(table, at)
                levels.append(level)
                at += level.size
            self.levels[lsid] = levels
        fc, lcb = fib.list_uses
        if lcb >= 4 and fc + lcb <= len(table):
            uses = min(max(struct.unpack_from("<i", table, fc)[0], 0), (lcb - 4) // 16)
            self.uses = [struct.unpack_from("<i", table, fc + 4 + 16 * i)[0] for i in range(uses)]

    def marker(self, use: int, level: int) -> str | None:
        """The number Word draws before a paragraph of list use ``use`` (1-based) at ``level``."""
        if not 0 < use <= len(self.uses) or self.uses[use - 1] not in self.levels:
            return None
        lsid = self.uses[use - 1]
        levels = self.levels[lsid]
        level = min(level, len(levels) - 1)
        counters = self.counters.setdefault(lsid, [None] * 9)
        counters[level] = levels[level].start if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        own = levels[level]
        if own.fmt == "bullet":
            return None
        out = ""
        for ch in own.text:
            if ord(ch) < 9:
                n = ord(ch)
                value = counters[n] if counters[n] is not None else levels[min(n, len(levels) - 1)].start
                shown = levels[min(n, len(levels) - 1)].fmt
                out += format_number(value or 0, "decimal" if own.legal else shown)
            else:
                out += ch
        if not out.strip():
            return None
        return out + ("" if own.follow == 2 else " ")


class _Reader:
    """Paragraphs and table rows, in order, as the layout's lines and tables."""

    def __init__(self, paragraphs: _Paragraphs, section_marks: frozenset[int], lists: _Lists):
        self.paragraphs = paragraphs
        self.section_marks = section_marks
        self.lists = lists
        self.reconstructed = 0
        self.items: list[Line | RawTable] = []
        self.number = 0
        self.rows: list[list[RawCell]] = []
        self.layouts: list[_RowLayout] = []
        self.row: list[RawCell] = []
        self.cell: list[tuple[int, str]] = []

    def read(self, text: str) -> list[Line | RawTable]:
        shown: list[str] = []
        code = 0  # open fields whose code is being read (their characters are not shown)
        fields: list[bool] = []  # per open field: still in its code
        for cp, ch in enumerate(text):
            if ch in _PARAGRAPH_END or ch == "\x0c" and cp in self.section_marks:
                self._paragraph("".join(shown), ch, cp)
                shown = []
            elif ch == _FIELD_BEGIN:
                fields.append(True)
                code += 1
            elif ch == _FIELD_SEPARATOR:
                if fields and fields[-1]:
                    fields[-1] = False
                    code -= 1
            elif ch == _FIELD_END:
                if fields:
                    code -= fields.pop()
            elif code:
                continue
            elif ch >= " " or ch in _SHOWN:
                shown.append(_SHOWN.get(ch, ch))
            elif ch in _LINE_BREAKS:
                shown.append("\n")
        if shown:
            self._paragraph("".join(shown), "\r", -1)
        self._end_table()
        return self.items

    def _paragraph(self, text: str, end: str, cp: int) -> None:
        props = self.paragraphs.props(cp) if cp >= 0 else {}
        in_table = _number(props.get(_SPRM_IN_TABLE)) or _number(props.get(_SPRM_DEPTH)) > 0
        if end == "\x07" and _number(props.get(_SPRM_TTP)):
            self._end_row(_RowLayout(props))
            return
        if _number(props.get(_SPRM_INNER_TTP)):  # the row end of a nested table: its cells are read as text
            return
        self.number += 1
        marker = self.lists.marker(_number(props.get(_SPRM_LIST)), _number(props.get(_SPRM_LIST_LEVEL)))
        if end == "\x07" and self.paragraphs.known:
            self.cell.append((self.number, text))
            self.row.append(self._cell())
            self.cell = []
        elif in_table and self.paragraphs.known:
            self.cell.append((self.number, text))
        else:
            self._end_table()
            if marker and text.strip():
                self.reconstructed += 1
                own = text.strip()
                piece = Piece(len(marker), len(marker) + len(own), self.number, len(text) - len(text.lstrip()))
                self.items.append(Line(marker + own, (piece,)))
                return
            start = 0
            for line in text.split("\n"):
                self.items.append(Line(line, (Piece(0, len(line), self.number, start),)))
                start += len(line) + 1

    def _cell(self) -> RawCell:
        return cell_from_parts([(number, text, 0) for number, text in self.cell])

    def _end_row(self, layout: _RowLayout | None = None) -> None:
        if self.cell:  # paragraphs of a cell whose end mark is missing
            self.row.append(self._cell())
            self.cell = []
        if self.row:
            self.rows.append(self.row)
            self.layouts.append(layout or _RowLayout({}))
        self.row = []

    def _end_table(self) -> None:
        self._end_row()
        if self.rows:
            self.items.append(RawTable(_spanned(self.rows, self.layouts)))
        self.rows = []
        self.layouts = []
