"""Where findings sit in a document: shared by the HTML, Markdown and Word outputs.

A finding's location names a paragraph, a table, or one table cell, with offsets into that
block's text. The outputs need the reverse view: for each block, which spans to mark and which
findings to note beside it, and under which section heading the block lies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from checker.model import Cell, Document, Finding, Location, Table


@dataclass(frozen=True, slots=True)
class Mark:
    """One finding's span in one text: ``primary`` for where it is, False for a related place."""

    finding: int
    start: int
    end: int
    primary: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same set of marks (empty set: plain text)."""

    text: str
    marks: tuple[Mark, ...]


def owner_block(document: Document, block_id: str) -> str:
    """The top-level block (paragraph or table) a location's block id belongs to."""
    for block in document.blocks:
        if block.id == block_id:
            return block.id
        if isinstance(block, Table) and block_id.startswith(block.id + "r"):
            return block.id
    return block_id


def marks_by_text(findings: Sequence[Finding]) -> dict[str, list[Mark]]:
    """Marks keyed by the id of the text they fall in (a paragraph, a table, or a cell)."""
    marks: dict[str, list[Mark]] = defaultdict(list)

    def add(index: int, loc: Location, primary: bool) -> None:
        marks[loc.block].append(Mark(index, loc.start, loc.end, primary))

    for index, finding in enumerate(findings):
        add(index, finding.location, True)
        for rel in finding.related:
            add(index, rel, False)
    return marks


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; a mark with no extent (or past the end) covers it all,
    since a location such as a whole table row or cell has start == end == 0."""
    spans = []
    for m in marks:
        start, end = max(0, min(m.start, len(text))), max(0, min(m.end, len(text)))
        if end <= start:
            start, end = 0, len(text)
        spans.append((start, end, m))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(m for s, e, m in spans if s <= a and b <= e)
        out.append(Segment(text[a:b], covering))
    return out or [Segment(text, ())]


def quote(document: Document, location: Location, context: int = 40) -> str:
    """The source text at a location with up to ``context`` characters either side and the
    span itself in 【】 (a cell in its row; a whole paragraph as it is); '' if the block is gone."""
    try:
        block = document.block(location.block)
    except KeyError:
        return ""
    if isinstance(block, Table):
        return _squeeze(" | ".join(c.raw for c in block.cells())[: 2 * context + 20])
    if isinstance(block, Cell):  # a cell is read in its row: the figure and what it is
        row = next(r for t in document.tables() for r in t.rows if any(c.id == block.id for c in r))
        return _squeeze(
            " | ".join(f"【{c.raw}】" if c.id == block.id else c.raw for c in row if c.id == block.id or c.raw.strip())
        )
    text = block.raw
    start, end = max(0, location.start), min(len(text), location.end)
    if end <= start or (start == 0 and end == len(text)):
        return _squeeze(text[: 2 * context + 20])
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    return _squeeze(
        ("…" if start > context else "")
        + before
        + "【"
        + text[start:end]
        + "】"
        + after
        + ("…" if end + context < len(text) else "")
    )


def _squeeze(text: str) -> str:
    return " ".join(text.split())
