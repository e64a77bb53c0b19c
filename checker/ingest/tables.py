"""Building ``Table`` values from the cells a reader found, shared by every reader."""

from __future__ import annotations

import re
from typing import Sequence

from checker.model import Block, Cell, Paragraph, Piece, Table
from checker.normalize import normalize

RawCell = tuple[str, Sequence[Piece]]
"""A cell's raw text and the pieces mapping it to the source (offsets within the cell)."""

SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";")
UNIT_PATTERN = re.compile(r"(?:单位|金额单位)\s*[：:]\s*(亿元|千万元|万元|千元|元)")


def make_table(table_id: str, rows: Sequence[Sequence[RawCell]], caption: str | None = None) -> Table:
    built: list[tuple[Cell, ...]] = []
    for r, row in enumerate(rows):
        cells = []
        for c, (raw, pieces) in enumerate(row):
            cells.append(Cell(f"{table_id}r{r + 1}c{c + 1}", r + 1, c + 1, normalize(raw), raw, tuple(pieces)))
        built.append(tuple(cells))
    if built:
        first = [c.text.strip() for c in built[0] if c.text.strip()]
        if len(first) == 1 and len(built) > 1 and not UNIT_PATTERN.search(first[0]):
            caption = first[0]
    return Table(table_id, tuple(built), caption, table_unit(built, caption))


def caption_before(blocks: Sequence[Block]) -> str | None:
    """The paragraph just before a table, when it reads as the table's title."""
    if blocks and isinstance(blocks[-1], Paragraph):
        text = blocks[-1].text
        if len(text) <= 40 and not text.endswith(SENTENCE_END):
            return text
    return None


def table_unit(rows: Sequence[Sequence[Cell]], caption: str | None) -> str | None:
    """The unit a table's title or first rows state (单位：万元)."""
    texts = [caption or ""] + [c.text for row in rows[:4] for c in row]
    for text in texts:
        m = UNIT_PATTERN.search(text)
        if m:
            return m.group(1)
    return None


def cell_from_parts(parts: Sequence[tuple[int, str, int]]) -> RawCell:
    """Join (line number, text, column) parts of one cell with newlines, keeping each part's place."""
    if len(parts) == 1:  # most cells are one line: no joining
        line_no, text, column = parts[0]
        stripped = text.strip()
        return stripped, [
            Piece(0, len(stripped), line_no, column + len(text) - len(text.lstrip()) if stripped else column)
        ]
    raw_parts: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for line_no, text, column in parts:
        stripped = text.strip()
        if not stripped:
            continue
        if raw_parts:
            raw_parts.append("\n")
            offset += 1
        lead = len(text) - len(text.lstrip())
        pieces.append(Piece(offset, offset + len(stripped), line_no, column + lead))
        raw_parts.append(stripped)
        offset += len(stripped)
    if not pieces and parts:
        pieces.append(Piece(0, 0, parts[0][0], parts[0][2]))
    return "".join(raw_parts), pieces
