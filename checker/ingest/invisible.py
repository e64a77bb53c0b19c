"""Invisible format characters (Unicode category Cf) are removed before a document is read.

A zero-width space (U+200B), a joiner or a direction mark between the characters of a figure
or a cue word hides it from every pattern: the numbers "1\u200b2.50" and the word "增\u200b长"
read as nothing, so real errors disappear and bogus ones appear. Each block's text loses these
characters; its pieces are split where a character was removed, so every remaining character
still points at its exact place in the source. What was removed is kept per block, and the
INV001 rule reports it once per document.
"""

from __future__ import annotations

import dataclasses
import re

from checker.model import Block, Cell, Paragraph, Piece, Table
from checker.structure import parse_heading

# Unicode 15's Cf (format) characters; tests/test_robustness_security.py compares this with
# unicodedata so a newer Unicode version cannot silently widen the category.
FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def strip_format_chars(
    blocks: list[Block], columns_are_characters: bool = True
) -> tuple[list[Block], tuple[tuple[str, str], ...]]:
    """The blocks without format characters, and (block id, removed characters) per block that
    had any. ``columns_are_characters`` is false where a piece's column is not a character
    offset (spreadsheet cells), so removing a character does not move it."""
    # Almost every report has none. str.isprintable is false for any format (Cf) or unassigned
    # character and scans far faster than the character class; only what it flags is searched.
    if not FORMAT_CHARS.search("\n".join(raw for raw in _raws(blocks) if not raw.isprintable())):
        return list(blocks), ()
    out: list[Block] = []
    removed: list[tuple[str, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found = "".join(FORMAT_CHARS.findall(block.raw))
            if found:
                raw, text, pieces = strip_spans(block.raw, block.text, block.pieces, columns_are_characters)
                # a heading hidden by the characters ("一\u200b、收入…") is one once they are gone
                block = dataclasses.replace(block, raw=raw, text=text, pieces=pieces, heading=parse_heading(text))
                removed.append((block.id, found))
        elif isinstance(block, Table):
            found = "".join(ch for c in block.cells() for ch in FORMAT_CHARS.findall(c.raw))
            if found:
                block = dataclasses.replace(
                    block, rows=tuple(tuple(_strip_cell(c, columns_are_characters) for c in row) for row in block.rows)
                )
                removed.append((block.id, found))
        out.append(block)
    return out, tuple(removed)


def _raws(blocks: list[Block]) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.raw)
        elif isinstance(block, Table):
            out.extend(c.raw for c in block.cells())
    return out


def _strip_cell(cell: Cell, columns_are_characters: bool) -> Cell:
    if not FORMAT_CHARS.search(cell.raw):
        return cell
    raw, text, pieces = strip_spans(cell.raw, cell.text, cell.pieces, columns_are_characters)
    return dataclasses.replace(cell, raw=raw, text=text, pieces=pieces)


def strip_spans(
    raw: str, text: str, pieces: tuple[Piece, ...], shift: bool, pattern: re.Pattern[str] = FORMAT_CHARS
) -> tuple[str, str, tuple[Piece, ...]]:
    """Remove what ``pattern`` matches in raw at the same offsets from raw and text (normalising
    keeps offsets) and cut each piece into the runs between removed characters."""
    gone_set = {i for m in pattern.finditer(raw) for i in range(m.start(), m.end())}
    keep = [i for i in range(len(raw)) if i not in gone_set]
    new_at = [0] * (len(raw) + 1)  # old offset → new offset
    n = 0
    for i in range(len(raw) + 1):
        new_at[i] = n
        if i < len(raw) and i not in gone_set:
            n += 1
    new_pieces: list[Piece] = []
    for piece in pieces:
        if piece.start == piece.end:
            new_pieces.append(dataclasses.replace(piece, start=new_at[piece.start], end=new_at[piece.end]))
            continue
        run_start = None
        for i in range(piece.start, piece.end + 1):
            inside = i < piece.end and i not in gone_set
            if inside and run_start is None:
                run_start = i
            elif not inside and run_start is not None:
                column = piece.column + (run_start - piece.start) if shift else piece.column
                new_pieces.append(dataclasses.replace(piece, start=new_at[run_start], end=new_at[i], column=column))
                run_start = None
    return ("".join(raw[i] for i in keep), "".join(text[i] for i in keep), tuple(new_pieces))
