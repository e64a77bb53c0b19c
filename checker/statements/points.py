"""Changes of a rate stated in percentage points: 由上年的A%提高到B%，提高C个百分点, or 上年A%，本年B%，
下降C个百分点. The change is the later rate less the earlier one; the earlier is the one a from-word or a
prior-period word names (``point_change`` in ``lexicons/cues_change.yaml``), both stated before the change
in its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from checker.lexicon import alternation
from checker.model import Paragraph, Quantity
from checker.statements.cues import cues, direction_of, patterns
from checker.statements.sentences import CLAUSE_BREAK, SENTENCE_END

# a statement ends at a sentence end or a semicolon: rates before it belong to another one
_STATEMENT_END = SENTENCE_END + CLAUSE_BREAK


@dataclass(frozen=True)
class PointChange:
    earlier: Quantity
    later: Quantity
    change: Quantity  # in percentage points, unsigned
    direction: int  # +1 提高/上升, -1 下降/降低
    paragraph: Paragraph


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the direction word closing the words before the change, a word naming the earlier rate)."""
    p = patterns()
    return (
        re.compile(rf"({p.direction_alt})(?:了|约)?\s{{0,2}}$"),
        re.compile(alternation(cues()["point_change"]["earlier_words"])),
    )


@lru_cache(maxsize=1)
def _earlier_named_after() -> re.Pattern[str]:
    """（上年为A%）, ，上年为A%, （去年同期A%）: a bracket or comma, a word naming the earlier rate and at most
    a verb of being — nothing that would make the next rate another measure (上年同期增长A%)."""
    return re.compile(rf"[（(，,]?\s*(?:{alternation(cues()['point_change']['earlier_words'])})\s*(?:为|是|：|:)?\s*")


def _earlier_after(between: str) -> bool:
    return _earlier_named_after().fullmatch(between) is not None


def _is_points(q: Quantity) -> bool:
    return q.kind == "percent" and "百分点" in (q.unit or "")


def find_point_changes(paragraphs: Iterable[Paragraph], quantities: Iterable[Quantity]) -> list[PointChange]:
    by_block: dict[str, list[Quantity]] = {}
    for q in quantities:
        if q.kind == "percent" and q.value is not None:
            by_block.setdefault(q.location.block, []).append(q)
    closing, earlier_word = _words()
    out = []
    for para in paragraphs:
        found = by_block.get(para.id)
        if not found or not any(map(_is_points, found)):
            continue  # most paragraphs state no change in points: no sort, no scan
        rates = sorted(found, key=lambda q: q.location.start)
        text = para.text
        since = 0  # rates before the last change in points or sentence end belong to another statement
        for k, q in enumerate(rates):
            start = q.location.start
            if any(ch in text[rates[k - 1].location.end if k else 0 : start] for ch in _STATEMENT_END):
                since = k
            if not _is_points(q):
                continue
            plain = [j for j in range(since, k) if not _is_points(rates[j])]
            since = k + 1
            m = closing.search(text, rates[k - 1].location.end if k else 0, start)
            if m is None or not plain:
                continue
            after = rates[k + 1] if k + 1 < len(rates) else None
            if len(plain) == 1 and after is not None and _earlier_after(text[q.location.end : after.location.start]):
                # 占比B%，比上年提高C个百分点（上年为A%）: the earlier rate named right after the change
                out.append(PointChange(after, rates[plain[0]], q, direction_of(m), para))
                since = k + 2
                continue
            if len(plain) < 2:
                continue
            a, b = plain[-2], plain[-1]
            first, second = rates[a], rates[b]
            before_first = text[rates[a - 1].location.end if a else 0 : first.location.start]
            between = text[first.location.end : second.location.start]
            if not earlier_word.search(before_first) or earlier_word.search(between):
                continue
            out.append(PointChange(first, second, q, direction_of(m), para))
    return out
