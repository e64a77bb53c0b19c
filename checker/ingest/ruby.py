"""Pinyin that a mirror site writes after characters (萬(wàn)元, 預(yù)算, 說(shuō)明) is removed before
a report is read.

Such copies of public reports circulate widely; with the pinyin in place no unit (萬(wàn)元), cue
word or label is recognised, so nearly every figure of the report goes unchecked. The annotations
are cut out of each block's text like invisible characters are (``checker.ingest.invisible``):
every remaining character still points at its exact place in the source. A report is taken to
carry them only when several hold a tone mark, so a bracketed Latin word of an ordinary report
(项目(a)) is left alone.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from checker.ingest.invisible import strip_spans
from checker.model import Block, Cell, Paragraph, Piece, Table
from checker.structure import parse_heading

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# a pinyin syllable in brackets right after a Chinese character
# (the bracket comes first and the character before it is looked back at from there: a pattern
# that opens with a character class is scanned for that class in C, one opening with a lookbehind
# is tried at every position)
RUBY = re.compile(rf"[(（](?<=[\u4e00-\u9fff][(（])[a-zü{_TONED}]{{1,6}}[)）]")
_TONED_RUBY = re.compile(rf"[(（](?<=[\u4e00-\u9fff][(（])[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}[)）]")
_MIN_TONED = 3
_LEADING = 20000


def _texts(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.raw
        else:
            yield from (c.raw for c in block.cells())


def has_ruby(texts: Iterable[str]) -> bool:
    """Whether a report whose texts (in reading order) these are carries pinyin annotations."""
    leading: list[str] = []
    seen = 0
    for text in texts:
        leading.append(text)
        seen += len(text)
        if seen > _LEADING:
            break
    # one scan of the leading texts joined (a call per line cost more than the scan): no
    # annotation spans the line break, which is no Chinese character
    return len(_TONED_RUBY.findall("\n".join(leading))) >= _MIN_TONED


def strip_ruby(blocks: list[Block], columns_are_characters: bool = True) -> list[Block]:
    """The blocks without pinyin annotations when the report carries them (a reader that lays
    out its own blocks: PDF, spreadsheets); else the blocks."""
    if not has_ruby(_texts(blocks)):
        return blocks
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and RUBY.search(block.raw):
            raw, text, pieces = strip_spans(block.raw, block.text, block.pieces, columns_are_characters, RUBY)
            block = dataclasses.replace(block, raw=raw, text=text, pieces=pieces, heading=parse_heading(text))
        elif isinstance(block, Table):
            block = dataclasses.replace(
                block, rows=tuple(tuple(_cell(c, columns_are_characters) for c in row) for row in block.rows)
            )
        out.append(block)
    return out


def _cell(cell: Cell, columns_are_characters: bool) -> Cell:
    if not RUBY.search(cell.raw):
        return cell
    raw, text, pieces = strip_spans(cell.raw, cell.text, cell.pieces, columns_are_characters, RUBY)
    return dataclasses.replace(cell, raw=raw, text=text, pieces=pieces)


def strip_text(text: str, pieces: tuple[Piece, ...]) -> tuple[str, tuple[Piece, ...]]:
    """A reader's line (or cell) and its pieces without the annotations."""
    if not RUBY.search(text):
        return text, pieces
    stripped, _, kept = strip_spans(text, text, pieces, True, RUBY)
    return stripped, kept
