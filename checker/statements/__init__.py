"""Statements: what a sentence asserts about its quantities (change, composition, rate, …).

``find_statements(ctx)`` returns every statement of the document, in reading order by kind;
rules pick the kinds they check with ``isinstance``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from checker.statements.chain import Chain, find_chains
from checker.statements.change import Change, find_changes
from checker.statements.composition import Composition, ScoreTotal, find_compositions, find_score_totals
from checker.statements.equality import Equality, find_equalities
from checker.statements.formulas import UnreadRate, find_unread_rates
from checker.statements.grade_rates import GradeRate, find_grade_rates
from checker.statements.net_change import NetChange, find_net_changes, of_compositions, of_wholes_above
from checker.statements.points import PointChange, find_point_changes
from checker.statements.identity import IdentityInstance, PairedTotals, find_identity_instances, find_paired_totals
from checker.statements.product import Product, find_products
from checker.statements.rates import Difference, Rate, find_differences, find_offsets, find_rates
from checker.statements.sentences import Item, Sentence
from checker.statements.share import Share, find_count_rates, find_count_shares, find_shares
from checker.statements.year_pairs import find_year_pair_lists
from checker.structure import section_titles

if TYPE_CHECKING:
    from checker.rules.base import Context

Statement = Union[
    Chain,
    Change,
    Composition,
    Share,
    Rate,
    Difference,
    Equality,
    GradeRate,
    IdentityInstance,
    NetChange,
    PairedTotals,
    PointChange,
    Product,
    ScoreTotal,
    UnreadRate,
]


def find_statements(ctx: Context) -> list[Statement]:
    by_paragraph = ctx.sentences
    out: list[Statement] = []
    changes = find_changes(by_paragraph)
    out.extend(changes)
    compositions = find_compositions(by_paragraph)
    out.extend(compositions)
    # a change whose parts all moved its way under 其中： is read as a composition by its role already
    by_role = {id(c.total) for c in compositions}
    net_changes = [n for n in find_net_changes(by_paragraph) if id(n.total) not in by_role]
    out.extend(net_changes)
    # a whole and its parts each stated for two years: what the readers above left unread of them
    read = by_role | {id(n.total) for n in net_changes}
    out.extend(s for s in find_year_pair_lists(changes, by_paragraph) if id(s.total) not in read)
    # a whole and its parts each stated with its change (numbered sections one per part)
    out.extend(of_compositions(compositions, changes, {id(n.total) for n in net_changes}))
    # …and a whole stated with its change paragraphs above its parts, in one section
    titles = section_titles(ctx.document)
    netted = {id(i) for n in out if isinstance(n, NetChange) for i in (n.total, *(p for p, _ in n.parts))}
    out.extend(of_wholes_above(by_paragraph, changes, titles, netted))
    out.extend(find_shares(by_paragraph, compositions, ctx.document.kind == "budget"))
    out.extend(find_count_shares(by_paragraph))
    out.extend(find_count_rates(by_paragraph))
    out.extend(find_grade_rates(compositions))
    out.extend(find_rates(by_paragraph))
    out.extend(find_differences(by_paragraph))
    offsets = find_offsets(by_paragraph)
    out.extend(offsets)
    out.extend(find_equalities(by_paragraph, ctx.document.year, titles))
    covered = {id(c.total): {id(p) for p, _ in c.parts} for c in compositions}
    offset_totals = frozenset(id(i) for d in offsets for i in (d.minuend, d.subtrahend))
    out.extend(find_identity_instances(by_paragraph, covered, offset_totals))
    out.extend(find_paired_totals(by_paragraph))
    out.extend(find_chains(by_paragraph))
    out.extend(find_products(by_paragraph, ctx.quantities))
    out.extend(find_score_totals(ctx.document.paragraphs(), ctx.quantities))
    out.extend(find_point_changes(ctx.document.paragraphs(), ctx.quantities))
    # last: the formula search reads the rates no statement above explains
    out.extend(find_unread_rates(by_paragraph, out))
    return out


__all__ = [
    "Chain",
    "Change",
    "Composition",
    "Difference",
    "Equality",
    "GradeRate",
    "IdentityInstance",
    "Item",
    "NetChange",
    "PairedTotals",
    "PointChange",
    "Product",
    "Rate",
    "ScoreTotal",
    "Sentence",
    "Share",
    "Statement",
    "UnreadRate",
    "find_statements",
]
