"""Performance indicators and self-evaluation scorecards, from tables and from prose.

``find_scorecards(doc)`` returns one ``Scorecard`` per self-evaluation table and one for the
narrative indicator paragraphs; ``find_indicators(doc)`` flattens their indicators (each field
with its location: the explanations check reads ``Indicator.reason`` from here).
"""

from __future__ import annotations

from checker.indicators.from_tables import graded_pair, graded_rows, graded_total, scorecard_from_table
from checker.indicators.from_text import graded_sentences, scorecard_from_text
from checker.indicators.model import Field, FundLine, GradedScore, Indicator, Scorecard
from checker.memo import by_identity
from checker.model import Document, Paragraph, Table


@by_identity(maxsize=2)  # read by the scoring rules, the explanation rules and the counts
def find_scorecards(doc: Document) -> tuple[Scorecard, ...]:
    cards = [card for table in doc.tables() if (card := scorecard_from_table(table)) is not None]
    narrative = scorecard_from_text(doc)
    if narrative is not None:
        cards.append(narrative)
    return tuple(cards)


def find_indicators(doc: Document) -> tuple[Indicator, ...]:
    return tuple(ind for card in find_scorecards(doc) for ind in card.indicators)


def find_graded_scores(doc: Document) -> tuple[GradedScore, ...]:
    """Every score stated with a grade: table rows (得分 | 自评结论) and sentences (综合得分…评价结果为“优”)."""
    rows = [g for table in doc.tables() for g in graded_rows(table)]
    rows += [g for table in doc.tables() if (g := graded_pair(table)) is not None]
    return (*rows, *_graded_totals(doc), *graded_sentences(doc))


def _graded_totals(doc: Document) -> list[GradedScore]:
    """Each form's 总分 row with the grade given in the form or on the line right after it."""
    cards = {card.block: card for card in find_scorecards(doc) if card.source == "table"}
    out = []
    for k, block in enumerate(doc.blocks):
        if not isinstance(block, Table) or block.id not in cards:
            continue
        after = doc.blocks[k + 1] if k + 1 < len(doc.blocks) else None
        graded = graded_total(block, cards[block.id], after if isinstance(after, Paragraph) else None)
        if graded is not None:
            out.append(graded)
    return out


__all__ = [
    "Field",
    "FundLine",
    "GradedScore",
    "Indicator",
    "Scorecard",
    "find_graded_scores",
    "find_indicators",
    "find_scorecards",
]
