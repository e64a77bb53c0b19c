"""Statements: what a sentence asserts about its quantities (change, composition, rate, …).

``find_statements(ctx)`` returns every statement of the document, in reading order by kind;
rules pick the kinds they check with ``isinstance``.
"""

from __future__ import annotations

from checker.statements.change import Change, find_changes
from checker.statements.sentences import Item, Sentence, sentences


def find_statements(ctx) -> list:
    paragraphs = list(ctx.document.paragraphs())
    by_paragraph = sentences(paragraphs, ctx.quantities)
    out: list = []
    out.extend(find_changes(by_paragraph))
    return out


__all__ = ["Change", "Item", "Sentence", "find_statements"]
