"""Reports written in traditional characters, read as simplified.

Every cue, label and lexicon of the checker is simplified; a report in traditional characters
(預算、決算數大於預算數) would match none of them, nor would its tables' and forms' headers be
recognised. Its text is converted with OpenCC's t2s (the official binding), which is phrase-aware
(顯著 → 显著, 乾隆 stays), before anything reads it: a reader's lines before they are assembled
(``checker.ingest.layout.assemble``), or the blocks of a reader that makes its own (``to_simplified``). The
conversion is one character for one — a phrase that would change a text's length falls back to
character by character — so every line and column points at the same place in the source; the
quotes in findings show the text in simplified characters.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from checker.ingest.tables import table_unit
from checker.lexicon import load_yaml
from checker.model import Block, Cell, Paragraph, Table
from checker.structure import parse_heading


@lru_cache(maxsize=1)
def _settings() -> tuple[re.Pattern[str], int, int]:
    data: dict[str, Any] = load_yaml("traditional.yaml")
    markers = re.compile(f"[{re.escape(''.join(data['markers']))}]")
    return markers, data["min_markers"], data["leading_chars"]


def is_traditional(texts: Iterable[str]) -> bool:
    """Whether a report whose texts (in reading order) these are is written in traditional
    characters: its first ``leading_chars`` hold ``min_markers`` characters only that script has."""
    markers, min_markers, leading_chars = _settings()
    found = seen = 0
    for text in texts:
        found += len(markers.findall(text))
        if found >= min_markers:
            return True
        seen += len(text)
        if seen > leading_chars:
            return False
    return False


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


def simplified(text: str) -> str:
    """``text`` in simplified characters, one character for one."""
    convert = _converter()
    out = convert(text)
    if len(out) != len(text):
        out = "".join(c if len(c := convert(ch)) == 1 else ch for ch in text)
    return out


def to_simplified(blocks: list[Block]) -> list[Block]:
    """The blocks in simplified characters when the report is written in traditional ones (a
    reader that lays out its own blocks: PDF, spreadsheets); otherwise the blocks as they are."""

    def texts() -> Iterable[str]:
        for block in blocks:
            yield from [block.text] if isinstance(block, Paragraph) else (c.text for c in block.cells())

    if not is_traditional(texts()):
        return blocks
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = simplified(block.text)
            block = dataclasses.replace(block, text=text, raw=simplified(block.raw), heading=parse_heading(text))
        elif isinstance(block, Table):
            rows = tuple(tuple(_cell(c) for c in row) for row in block.rows)
            caption = block.caption and simplified(block.caption)
            # the unit is found in simplified words (單位：萬元 is 单位：万元)
            unit = simplified(block.unit) if block.unit else table_unit(rows, caption)
            block = dataclasses.replace(block, rows=rows, caption=caption, unit=unit)
        out.append(block)
    return out


def _cell(cell: Cell) -> Cell:
    return dataclasses.replace(cell, text=simplified(cell.text), raw=simplified(cell.raw))
