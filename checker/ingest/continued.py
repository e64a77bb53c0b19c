"""Tables a page break cut in two, one table again.

A printed page breaks a long table; its Word or web copy then holds two tables, the second under
a line saying it goes on (续表, （续表）) and opening with the first's header rows again. Read apart,
each half misses rows the other holds: a 款 whose 项 rows run onto the next page, a 合计 at the top
of the first half over rows of both. The PDF reader joins a table's pages by their rules; this
does the same for every reader, by the words between the halves and the repeated header."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from checker.ingest.tables import UNIT_PATTERN
from checker.lexicon import load_yaml
from checker.model import Block, Cell, Paragraph, Table
from checker.normalize import without_spaces
from checker.tables.grid import split_table

_BETWEEN_MAX = 3
"""Lines between the halves: the 续表 line, a repeated title, a unit line."""


@lru_cache(maxsize=1)
def continued_line() -> re.Pattern[str]:
    return re.compile(load_yaml("table_sums.yaml")["continued_table"])


def join_continued_tables(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        out.append(block)
        i += 1
        if not isinstance(block, Table):
            continue
        while True:
            k = i
            while k < len(blocks) and k - i < _BETWEEN_MAX and isinstance(blocks[k], Paragraph):
                k += 1
            between = [b for b in blocks[i:k] if isinstance(b, Paragraph)]
            if k >= len(blocks) or not isinstance(blocks[k], Table) or not _says_continued(between):
                break
            joined = _joined(out[-1], blocks[k])  # type: ignore[arg-type]
            if joined is None:
                break
            out[-1] = joined
            i = k + 1
    return out


def _says_continued(lines: list[Paragraph]) -> bool:
    texts = [without_spaces(p.text) for p in lines]
    return any(continued_line().match(t) for t in texts) and all(
        continued_line().match(t) or UNIT_PATTERN.fullmatch(t) for t in texts
    )


def _joined(first: Table, more: Table) -> Table | None:
    """``first`` with the rows of ``more`` below its repeated header, or None when ``more`` does
    not open with ``first``'s header rows."""
    grids = split_table(first)
    if not grids or not grids[0].header:
        return None
    header = [first.rows[r] for r in range(grids[0].header[-1] + 1)]
    depth = len(header)
    if len(more.rows) <= depth or first.n_cols != more.n_cols:
        return None
    if any(_texts(a) != _texts(b) for a, b in zip(header, more.rows[:depth])):
        return None
    rows = list(first.rows)
    for row in more.rows[depth:]:
        rows.append(tuple(replace(cell, row=len(rows) + 1) for cell in row))
    return replace(first, rows=tuple(rows))


def _texts(row: Sequence[Cell]) -> tuple[str, ...]:
    return tuple(without_spaces(c.text) for c in row)
