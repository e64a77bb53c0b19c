"""Statements: what a sentence asserts about its quantities (change, composition, rate, …).

``find_statements(ctx)`` returns every statement of the document, in reading order by kind;
rules pick the kinds they check with ``isinstance``.
"""

from __future__ import annotations

from checker.statements.change import Change, find_changes
from checker.statements.composition import Composition, find_compositions
from checker.statements.rates import Difference, Rate, find_differences, find_rates
from checker.statements.sentences import Item, Sentence
from checker.statements.share import Share, find_shares


def find_statements(ctx) -> list:
    by_paragraph = ctx.sentences
    out: list = []
    out.extend(find_changes(by_paragraph))
    compositions = find_compositions(by_paragraph)
    out.extend(compositions)
    out.extend(find_shares(by_paragraph, compositions))
    out.extend(find_rates(by_paragraph))
    out.extend(find_differences(by_paragraph))
    return out


__all__ = ["Change", "Composition", "Difference", "Rate", "Share", "Item", "Sentence", "find_statements"]
