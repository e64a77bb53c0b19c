"""Changes of a rate stated in percentage points: 由上年的A%提高到B%，提高C个百分点, or 上年A%，本年B%，
下降C个百分点; and changes of a score in its own unit: 自评得分91.2分，较上年（88.8分）提高2.4分. The change is the
later figure less the earlier one; the earlier is the one a from-word or a prior-period word names
(``point_change`` in ``lexicons/cues_change.yaml``), both stated before the change in its sentence or the
earlier named in brackets right after it."""

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
    score: bool = False  # a score's change in its own unit (分), not a rate's in percentage points


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


@lru_cache(maxsize=1)
def _earlier_second() -> re.Pattern[str]:
    """，较上年（ / ，比上年的 between the two figures: the second is the earlier one, nothing else between."""
    words = cues()["point_change"]
    return re.compile(
        rf"[，,]?\s*(?:{alternation(cues()['compare']['prefixes'])})\s*(?:{alternation(words['earlier_words'])})\s*"
        rf"(?:{alternation(words['earlier_links'])})?\s*[（(]?\s*"
    )


def _is_points(q: Quantity) -> bool:
    return q.kind == "percent" and "百分点" in (q.unit or "")


def _is_score(q: Quantity) -> bool:
    return q.unit in cues()["point_change"]["score_units"]


def find_point_changes(paragraphs: Iterable[Paragraph], quantities: Iterable[Quantity]) -> list[PointChange]:
    rates: dict[str, list[Quantity]] = {}
    scores: dict[str, list[Quantity]] = {}
    for q in quantities:
        if q.value is None:
            continue
        if q.kind == "percent":
            rates.setdefault(q.location.block, []).append(q)
        elif _is_score(q):
            scores.setdefault(q.location.block, []).append(q)
    closing = _words()[0]
    out = []
    for para in paragraphs:
        found = rates.get(para.id)
        # most paragraphs state no change in points: no sort, no scan
        if found and any(map(_is_points, found)):
            figures = sorted(found, key=lambda q: q.location.start)
            out.extend(_changes(para, figures, [_is_points(q) for q in figures], False))
        found = scores.get(para.id)
        if found and len(found) >= 3:
            figures = sorted(found, key=lambda q: q.location.start)
            text = para.text
            # a score is a change when a direction word ends the words before it (提高2.4分)
            changes = [
                closing.search(text, figures[k - 1].location.end if k else 0, q.location.start) is not None
                for k, q in enumerate(figures)
            ]
            out.extend(_changes(para, figures, changes, True))
    return out


def _changes(para: Paragraph, figures: list[Quantity], changes: list[bool], score: bool) -> list[PointChange]:
    """The changes among a paragraph's figures of one measure (``changes[k]``: figure k is a change) and
    the two figures each is the difference of."""
    closing, earlier_word = _words()
    text = para.text
    out = []
    since = 0  # figures before the last change or sentence end belong to another statement
    for k, q in enumerate(figures):
        start = q.location.start
        if any(ch in text[figures[k - 1].location.end if k else 0 : start] for ch in _STATEMENT_END):
            since = k
        if not changes[k]:
            continue
        plain = [j for j in range(since, k) if not changes[j]]
        since = k + 1
        m = closing.search(text, figures[k - 1].location.end if k else 0, start)
        if m is None or not plain:
            continue
        after = figures[k + 1] if k + 1 < len(figures) else None
        if len(plain) == 1 and after is not None and _earlier_after(text[q.location.end : after.location.start]):
            # 占比B%，比上年提高C个百分点（上年为A%）: the earlier figure named right after the change
            out.append(PointChange(after, figures[plain[0]], q, direction_of(m), para, score))
            since = k + 2
            continue
        if len(plain) < 2:
            continue
        a, b = plain[-2], plain[-1]
        first, second = figures[a], figures[b]
        before_first = text[figures[a - 1].location.end if a else 0 : first.location.start]
        between = text[first.location.end : second.location.start]
        if earlier_word.search(before_first) and not earlier_word.search(between):
            out.append(PointChange(first, second, q, direction_of(m), para, score))
        elif not earlier_word.search(before_first) and _earlier_second().fullmatch(between):
            # B，较上年（A）提高C / B，较上年的A提高C: the earlier figure named second
            out.append(PointChange(second, first, q, direction_of(m), para, score))
    return out
