"""Build small Word 97 (.doc) and Excel 97 (.xls) files without Office or LibreOffice, so the
legacy readers' tests (and the fuzz generators) run everywhere: an OLE compound file (version 3,
512-byte sectors, every stream padded to 4 KB so none goes to the mini stream) holding a
WordDocument stream with a FIB, UTF-16LE or compressed text, a piece table and PAPX pages, or a
BIFF8 Workbook stream with LABEL, NUMBER and MERGEDCELLS records.

Each builder takes what a test wants to break as parameters (FIB flags, nFib, the piece table,
the FAT), so the hostile files are made from the same code as the good ones."""

from __future__ import annotations

import struct
from typing import Sequence, Union

SECTOR = 512
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
FAT_SECTOR = 0xFFFFFFFD
MIN_STREAM = 4096


def ole_file(streams: dict[str, bytes], fat_edit=None) -> bytes:
    """A compound file of the named streams in the root storage. ``fat_edit(fat, starts)`` may
    change the FAT (a list of sector numbers) before it is written; ``starts`` maps stream names to
    their first sector."""
    body = b""
    fat: list[int] = []
    starts: dict[str, tuple[int, int]] = {}
    for name, data in streams.items():
        data = data.ljust(MIN_STREAM, b"\0")
        padded = data.ljust(-(-len(data) // SECTOR) * SECTOR, b"\0")
        first, count = len(fat), len(padded) // SECTOR
        fat.extend(range(first + 1, first + count))
        fat.append(END_OF_CHAIN)
        starts[name] = (first, len(data))
        body += padded
    names = list(streams)
    entries = [_entry("Root Entry", 5, END_OF_CHAIN, 0, child=1)]
    for i, name in enumerate(names, 1):
        first, size = starts[name]
        entries.append(_entry(name, 2, first, size, right=i + 1 if i < len(names) else FREE))
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\0")
    dir_first, dir_count = len(fat), len(directory) // SECTOR
    fat.extend(range(dir_first + 1, dir_first + dir_count))
    fat.append(END_OF_CHAIN)
    fat_count = 1
    while len(fat) + fat_count > fat_count * SECTOR // 4:
        fat_count += 1
    fat_first = len(fat)
    fat.extend([FAT_SECTOR] * fat_count)
    if fat_edit is not None:
        fat_edit(fat, {name: start for name, (start, _) in starts.items()})
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(fat_count * SECTOR, b"\xff")
    difat = [fat_first + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, fat_count, dir_first, 0, MIN_STREAM, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )
    return header + body + directory + fat_bytes


def _entry(name: str, kind: int, start: int, size: int, child: int = FREE, right: int = FREE) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(raw), kind, 1, FREE, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<II", start, size)
        + bytes(4)
    )


Cell = Union[str, tuple[str, int], tuple[str, int, int]]
Item = Union[str, tuple[str, int], Sequence[Sequence[Cell]]]
"""A paragraph (its text, \\x0b for a line break) or a table (rows of cells; \\r inside a cell
separates its paragraphs; a cell given as (text, n) is n grid columns wide, and then its row end
states the row's cell edges, as Word's sprmTDefTable does; (text, n, flags) also gives the cell's
TC80 merge flags: 2 merged into the cell before, 0x20 into the cell above); a paragraph given as
(text, level) is numbered by the document's one automatic list at that level (0-based)."""

TEXT_AT = 0x400
FIB_CLX = 154 + 33 * 8
FIB_BTE_PAPX = 154 + 13 * 8
FIB_SECTIONS = 154 + 6 * 8
FIB_LISTS = 154 + 73 * 8
FIB_LIST_USES = 154 + 74 * 8
CHINESE_LEVELS = ((39, "\x00、"), (39, "（\x01）"), (0, "\x02."), (18, "\x03"))
"""(nfc, number text) of the list levels a built .doc has: 一、 （一） 1. ①."""
IN_TABLE = b"\x16\x24\x01"
TTP = b"\x16\x24\x01\x17\x24\x01"


def doc_text(items: Sequence[Item]) -> tuple[str, list[bytes]]:
    """The main text of the items and the table sprms of each of its paragraphs, in order."""
    text, props = "", []
    for item in items:
        if isinstance(item, str):
            text += item + "\r"
            props.append(b"")
            continue
        if isinstance(item, tuple):  # sprmPIlfo 1 (the first list use), sprmPIlvl
            text += item[0] + "\r"
            props.append(struct.pack("<HHHB", 0x460B, 1, 0x260A, item[1]))
            continue
        for row in item:
            edges, flags = [0], []
            for cell in row:
                cell, span, flag = (cell + (0,))[:3] if isinstance(cell, tuple) else (cell, 1, 0)
                edges.append(edges[-1] + 1000 * span)
                flags.append(flag)
                parts = cell.split("\r")
                for part in parts[:-1]:
                    text += part + "\r"
                    props.append(IN_TABLE)
                text += parts[-1] + "\x07"
                props.append(IN_TABLE)
            spans = any(isinstance(cell, tuple) for cell in row)
            props.append(TTP + (_def_table(edges, flags) if spans else b""))
            text += "\x07"
    return text, props


def _def_table(edges: list[int], flags: list[int]) -> bytes:
    """sprmTDefTable of a row with these cell edges and a TC80 per cell holding its merge flags."""
    operand = bytes([len(edges) - 1]) + struct.pack(f"<{len(edges)}h", *edges)
    operand += b"".join(struct.pack("<H", flag) + bytes(18) for flag in flags)
    return struct.pack("<HH", 0xD608, len(operand) + 1) + operand


def word_doc(
    items: Sequence[Item] = ("本年收入合计1,206.50万元。",),
    *,
    text: str | None = None,
    compressed: bool = False,
    flags: int = 0x0200,
    nfib: int = 0x00C1,
    pieces: Sequence[tuple[int, int]] | None = None,
    piece_count: int | None = None,
    ccp_text: int | None = None,
    papx: bool = True,
    sections: Sequence[int] = (),
    levels: Sequence[tuple[int, str]] = CHINESE_LEVELS,
    clx: bool = True,
    fat_edit=None,
) -> bytes:
    """A .doc of the items (or of a raw main ``text``, every paragraph plain). ``pieces``: (cp,
    fc) pairs of a piece table to write instead of the one piece the text is; ``piece_count``: the
    count the piece table claims; ``clx``/``papx`` False: the FIB points at no piece table / no
    paragraph properties; ``sections``: the CPs where sections after the first begin (the
    character before each is the section mark, \\x0c); ``levels``: (nfc, number text) of the
    list's levels, level n's counter written as the character chr(n)."""
    props: list[bytes]
    if text is None:
        text, props = doc_text(items)
    else:
        props = [b""] * sum(text.count(mark) for mark in "\r\x07")
    encoded = text.encode("cp1252") if compressed else text.encode("utf-16-le")
    width = 1 if compressed else 2
    word = bytearray(TEXT_AT + len(encoded))
    word[TEXT_AT:] = encoded
    # PAPX pages after the text: one run per paragraph, 10 runs a page
    fcs = [TEXT_AT]
    cp = 0
    for i, ch in enumerate(text):
        if ch in "\r\x07":
            fcs.append(TEXT_AT + (i + 1) * width)
            cp = i + 1
    if cp < len(text):
        fcs.append(TEXT_AT + len(text) * width)
        props.append(b"")
    page_at = -(-len(word) // 512) * 512
    word = word.ljust(page_at, b"\0")
    bte_fcs, bte_pns = [], []
    for first in range(0, len(props), 10):
        runs = props[first : first + 10]
        page = bytearray(512)
        crun = len(runs)
        struct.pack_into(f"<{crun + 1}I", page, 0, *fcs[first : first + crun + 1])
        at = 510
        for k, grpprl in enumerate(runs):
            body = b"\0\0" + grpprl  # istd 0, then the sprms
            body += b"\0" * (len(body) % 2)
            at -= 2 + len(body)
            at -= at % 2
            page[at : at + 2 + len(body)] = bytes([0, len(body) // 2]) + body
            page[4 * (crun + 1) + 13 * k] = at // 2
        page[511] = crun
        bte_fcs.append(fcs[first])
        bte_pns.append(len(word) // 512)
        word += page
    bte_fcs.append(fcs[-1])
    # FIB
    struct.pack_into("<HHHH", word, 0, 0xA5EC, nfib, 0, 0)
    struct.pack_into("<H", word, 0x0A, flags)
    struct.pack_into("<H", word, 32, 14)
    struct.pack_into("<H", word, 62, 22)
    struct.pack_into("<i", word, 64 + 12, len(text) if ccp_text is None else ccp_text)
    struct.pack_into("<H", word, 152, 93)
    # table stream: the CLX, then PlcBtePapx
    if pieces is None:
        pieces = [(0, TEXT_AT * 2 | 0x40000000 if compressed else TEXT_AT)]
    cps = [cp for cp, _ in pieces] + [len(text)]
    count = len(pieces) if piece_count is None else piece_count
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for _, fc in pieces)
    lcb = 4 + 12 * count
    plcpcd = b"\x02" + struct.pack("<I", lcb) + plc
    bte = struct.pack(f"<{len(bte_fcs)}I{len(bte_pns)}I", *bte_fcs, *bte_pns)
    table = plcpcd + bte
    # one list of nine levels (PlfLst: the LSTF, its LVLs after it) and one use of it (PlfLfo)
    lst = struct.pack("<hii", 1, 1, 0) + b"\xff\x0f" * 9 + b"\0\0"
    struct.pack_into("<II", word, FIB_LISTS, len(table), len(lst))
    table += lst
    for nfc, pattern in list(levels) + [(0, "")] * (9 - len(levels)):
        table += struct.pack("<iBB9sBiiBBBB", 1, nfc, 0, bytes(9), 0, 0, 0, 0, 0, 0, 0)
        table += struct.pack("<H", len(pattern)) + pattern.encode("utf-16-le")
    lfo = struct.pack("<ii8sBBBB", 1, 1, bytes(8), 0, 0, 0, 0) + b"\xff" * 4
    struct.pack_into("<II", word, FIB_LIST_USES, len(table), len(lfo))
    table += lfo
    if sections:  # PlcfSed: where each section begins, then a SED each (left empty)
        cps = [0, *sections, len(text)]
        sed = struct.pack(f"<{len(cps)}I", *cps) + bytes(12 * (len(cps) - 1))
        struct.pack_into("<II", word, FIB_SECTIONS, len(table), len(sed))
        table += sed
    if clx:
        struct.pack_into("<II", word, FIB_CLX, 0, len(plcpcd))
    if papx:
        struct.pack_into("<II", word, FIB_BTE_PAPX, len(plcpcd), len(bte))
    table_name = "1Table" if flags & 0x0200 else "0Table"
    return ole_file({"WordDocument": bytes(word), table_name: table}, fat_edit)


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _unicode(text: str, length_bytes: int) -> bytes:
    return struct.pack("<H" if length_bytes == 2 else "<B", len(text)) + b"\x01" + text.encode("utf-16-le")


def excel_xls(
    sheets: dict[str, Sequence[Sequence[object]]],
    merges: Sequence[tuple[int, int, int, int]] = (),
    encrypted: bool = False,
) -> bytes:
    """A BIFF8 workbook: each sheet's rows of str (LABEL), int/float (NUMBER) or None; ``merges``
    (first row, last row, first column, last column; 0-based, inclusive) go on the first sheet;
    ``encrypted``: a FILEPASS record says the workbook is encrypted."""
    bof = lambda kind: _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0, 1997, 0, 0x0600))  # noqa: E731
    streams = []
    for index, rows in enumerate(sheets.values()):
        body = bof(0x0010)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    body += _record(0x0204, struct.pack("<HHH", r, c, 0) + _unicode(value, 2))
                elif value is not None:
                    body += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))  # type: ignore[arg-type]
        if index == 0 and merges:
            body += _record(0x00E5, struct.pack("<H", len(merges)) + b"".join(struct.pack("<HHHH", *m) for m in merges))
        streams.append(body + _record(0x000A, b""))
    head = bof(0x0005) + (_record(0x002F, bytes(54)) if encrypted else b"") + _record(0x0042, struct.pack("<H", 1200))
    sheet_records = [(name, _unicode(name, 1)) for name in sheets]
    size = len(head) + sum(4 + 6 + len(raw) for _, raw in sheet_records) + 4
    globals_ = head
    at = size
    for (_, raw), body in zip(sheet_records, streams):
        globals_ += _record(0x0085, struct.pack("<IBB", at, 0, 0) + raw)
        at += len(body)
    globals_ += _record(0x000A, b"")
    return ole_file({"Workbook": globals_ + b"".join(streams)})
