"""The indexed alignment (cells by value, by name, same-line sums computed once) must give
exactly what the pairwise search it replaced gave. The pairwise search is kept here as the
reference oracle and both run on the same quantities: the seeds, the real excerpts, the
synthetic reports, and reports whose tables repeat lines across several tables."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from checker.align import matcher
from checker.align.matcher import (
    LABEL_MATCH,
    LABEL_SAME,
    _FORMULA_CANDIDATES,
    AlignmentResult,
    Conflict,
    Derivation,
    _AMOUNT,
    _best_value_match,
    _formulas,
    _is_money,
    _measure_group,
    _measures_agree,
    _name_score,
    _period_current,
    _synonyms,
    _with_table_measure,
    canonical_label,
    cell_label,
    clause_measure,
    clause_of,
    names_cell,
    plain_measure,
    total_of,
)
from checker.ingest import load_document
from checker.model import Paragraph
from checker.nlp import extract

REPO = Path(__file__).resolve().parents[1]


def pairwise_derive(q, label, cells, clause=""):
    pool = [(c, lab) for c, lab in cells if _is_money(c)]
    target = q.interval
    if target.contains_zero():
        return None
    if q.kind == "money":
        groups = {}
        for c, lab in pool:
            groups.setdefault((c.header, lab), []).append(c)
        ordered = sorted(groups.items(), key=lambda kv: not (kv[0][0] and kv[0][0].rsplit("/", 1)[-1] in clause))
        for (header, lab), members in ordered:
            tables = {m.location.block.split("r", 1)[0] for m in members}
            if len(members) >= 2 and len(tables) == len(members):
                value = total_of(members)
                if value.overlaps(target):
                    expr = " + ".join(m.text for m in members) + f"（各表“{lab}”{header or ''}之和）"
                    return Derivation(q, expr, tuple(members), value)
    ranked = sorted(pool, key=lambda t: -fuzz.partial_ratio(label, t[1]))[:_FORMULA_CANDIDATES]
    for (a, la), (b, lb) in permutations(ranked, 2):
        if (
            a.value == b.value
            or not a.value
            or not b.value
            or max(fuzz.partial_ratio(label, la), fuzz.partial_ratio(label, lb)) < LABEL_MATCH
        ):
            continue
        for expr, compute in _formulas(q.kind, a, b, la, lb, a.interval, b.interval):
            try:
                value = compute()
            except ZeroDivisionError:
                continue
            if value.nominal != 0 and value.overlaps(target):
                return Derivation(q, expr, (a, b), value)
    return None


def pairwise_align(document, quantities):
    """The alignment as it was before the cell index: every prose figure against every cell."""
    paragraphs = {p.id: p for p in document.blocks if isinstance(p, Paragraph)}
    captions = {t.id: t.caption for t in document.tables()}
    prose, cells, primary = [], [], set()
    derived = set(_synonyms()["derived_measures"])
    for q in quantities:
        if q.value is None or q.kind not in ("money", "percent", "number"):
            continue
        if q.location.block in paragraphs:
            if q.kind in ("money", "percent") and q.measure not in derived and not q.approx:
                prose.append(q)
        else:
            table_id = q.location.block.split("r", 1)[0]
            if table_id in captions and (_is_money(q) or q.kind == "percent" and _AMOUNT.search(q.text)):
                q = _with_table_measure(q, captions[table_id])
                name, own = cell_label(q, captions[table_id])
                cells.append((q, name))
                if own:
                    primary.add(id(q))
    if not cells:
        return AlignmentResult((), (), (), 0)
    alignments, conflicts, derivations, candidates = [], [], [], 0
    for q in prose:
        same_kind = [(c, lab) for c, lab in cells if (c.kind == "percent") == (q.kind == "percent")]
        measure = clause_measure(q, paragraphs[q.location.block])
        label = canonical_label(q.label)
        best = _best_value_match(q, label, same_kind, measure)
        if best is None and (
            not _period_current(q, document.year)
            or q.kind == "money"
            and not any(_measures_agree(q, c, measure) for c, _ in same_kind)
        ):
            continue
        candidates += 1
        named = [
            (c, lab, _name_score(label, lab))
            for c, lab in same_kind
            if id(c) in primary and _measures_agree(q, c, measure) and _period_current(q, document.year)
        ]
        named = [(c, lab, s) for c, lab, s in named if s >= LABEL_SAME and len(label) >= 4]
        exact = [(c, lab, s) for c, lab, s in named if names_cell(label, lab)]
        loose_conflict = q.kind == "money" and exact and len({c.value for c, _, _ in exact}) == 1
        if best is not None:
            alignments.append(best)
            if best.score < LABEL_SAME and loose_conflict:
                c, lab, s = exact[0]
                conflicts.append(Conflict(q, c, s, label, lab, False))
            continue
        derivation = pairwise_derive(q, label, cells, clause_of(q, paragraphs[q.location.block]))
        if derivation is not None:
            derivations.append(derivation)
            if loose_conflict and not any(c is d for d in derivation.cells for c, _, _ in exact):
                c, lab, s = exact[0]
                conflicts.append(Conflict(q, c, s, label, lab, False))
            continue
        if named and q.kind == "money":
            certain = True
            if measure is None and len({c.value for c, _, _ in named}) > 1:
                implied = plain_measure(q, paragraphs[q.location.block], document.kind)
                named = [t for t in named if implied and _measure_group(t[0].measure) == implied]
                certain = False
            values = {c.value for c, _, _ in named}
            if len(values) == 1:
                c, lab, s = max(named, key=lambda t: t[2])
                conflicts.append(Conflict(q, c, s, label, lab, certain and names_cell(label, lab)))
    return AlignmentResult(tuple(alignments), tuple(conflicts), tuple(derivations), candidates)


def _q(q):
    return (q.location, q.text, q.kind, str(q.value), q.measure, q.label, q.period, q.header)


def _comparable(result: AlignmentResult):
    """Every field of the result, with quantities by what they are (a cell re-labelled with its
    table's measure is a new object in each run)."""
    return (
        [(_q(a.prose), _q(a.cell), a.score, a.prose_label, a.cell_label) for a in result.alignments],
        [(_q(c.prose), _q(c.cell), c.score, c.prose_label, c.cell_label, c.exact) for c in result.conflicts],
        [(_q(d.prose), d.expr, [_q(c) for c in d.cells], d.value) for d in result.derivations],
        result.candidates,
    )


def _same_as_pairwise(path: Path) -> AlignmentResult:
    document = load_document(path)
    quantities = extract(document)
    indexed = matcher.align(document, quantities)
    assert _comparable(indexed) == _comparable(pairwise_align(document, quantities)), path.name
    return indexed


def test_synthetic_reports_align_as_before():
    results = [_same_as_pairwise(p) for p in sorted((REPO / "corpus").glob("*/*.txt"))]
    assert sum(len(r.alignments) for r in results) > 0


def test_seeds_align_as_before(seeds_dir):
    results = [_same_as_pairwise(p) for p in sorted(seeds_dir.glob("*.txt"))]
    assert sum(len(r.derivations) for r in results) > 0
    assert sum(len(r.alignments) for r in results) > 0


def test_real_excerpts_align_as_before(shared_dir):
    files = sorted((shared_dir / "real").glob("*.txt"))
    if not files:
        pytest.skip("../shared/real has no excerpts")
    for path in files:
        _same_as_pairwise(path)


def _table(caption: str, rows: list[tuple[str, ...]]) -> str:
    """A TAB-cell table of a text report: one cell a line, a blank line after each row."""
    return caption + "\n" + "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows) + "\n"


def _project_tables(tmp_path, rows):
    """A report of several small project tables sharing lines, and prose restating sums,
    differences and near values (figures close to cell bounds, a stated figure at odds with the
    cell of its name)."""
    parts = [
        "项目支出绩效自评说明\n",
        _table(
            "表0 收入支出决算总表（单位：万元）",
            [("项目", "决算数"), ("一般公共预算财政拨款收入", "456.78"), ("其他收入", "12.30")],
        ),
        "本年一般公共预算财政拨款收入465.87万元，其他收入12.30万元。\n",
    ]
    for n, (budget, spent) in enumerate(rows, 1):
        parts.append(
            _table(
                f"表{n} 项目资金情况（单位：万元）",
                [
                    ("项目", "全年预算数", "全年执行数"),
                    ("资金来源合计", budget, spent),
                    ("其中：财政拨款", budget, spent),
                ],
            )
        )
    budgets = sum(float(b.replace(",", "")) for b, _ in rows)
    spent = sum(float(s.replace(",", "")) for _, s in rows)
    first = float(rows[0][0].replace(",", ""))
    parts.append(
        f"各项目全年预算数合计{budgets:.2f}万元，全年执行数{spent:.2f}万元，"
        f"执行率{spent / budgets * 100:.2f}%。资金来源合计{rows[0][0]}万元，"
        f"其中财政拨款{first - 0.01:.2f}万元，结余{first - float(rows[0][1].replace(',', '')):.2f}万元。\n"
    )
    path = tmp_path / "projects.txt"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "rows",
    [
        [("120.00", "118.50"), ("80.40", "80.40"), ("35.5", "30.25")],
        [("1,200.00", "1,100.00"), ("1,200.00", "900.00")],
        [("0.00", "0.00"), ("56.78", "12.34"), ("9.9", "9.95")],
    ],
)
def test_repeated_project_lines_align_as_before(tmp_path, rows):
    result = _same_as_pairwise(_project_tables(tmp_path, rows))
    assert result.alignments and result.conflicts


def test_sums_and_differences_of_two_cells_as_before(tmp_path):
    """Figures a pair of cells adds or subtracts to are derived (one only at the edge of the
    pair's bounds), each beside a twin just out of every pair's reach (and a pair with a nil
    cell) that is not: the pairs ruled out by their bounds are the pairs the formulas would turn
    away."""
    path = tmp_path / "pairs.txt"
    path.write_text(
        "单位决算说明\n\n"
        + _table(
            "表1 一般公共预算财政拨款支出决算表（单位：万元）",
            [("项目", "决算数"), ("办公费", "12.34"), ("印刷费", "5.60"), ("差旅费", "7.25"), ("培训费", "0.00")],
        )
        + "办公费印刷费合计17.94万元。办公费印刷费相差6.74万元。办公费差旅费合计19.60万元。差旅费印刷费相差1.64万元。"
        + "办公费印刷费合计18.0万元。"  # 17.95 at the edge of both 17.93–17.95 and 17.95–18.05
        + "办公费印刷费合计17.97万元。办公费印刷费相差6.70万元。差旅费印刷费相差1.67万元。培训费办公费合计12.34万元。\n",
        encoding="utf-8",
    )
    result = _same_as_pairwise(path)
    derived = {d.prose.text for d in result.derivations}
    assert {"17.94万元", "6.74万元", "19.60万元", "1.64万元", "18.0万元"} <= derived
    assert not derived & {"17.97万元", "6.70万元", "1.67万元"}
