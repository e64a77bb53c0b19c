"""``Context.with_match`` passes over the paragraphs and cells a pattern cannot match, on one scan
of them all joined: it must still return every piece where the pattern matches on its own, also
when a match sits at a piece's edge or a near-match runs on into the next piece."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine import document_from_text
from checker.model import Cell, Document, Table
from checker.rules.base import Context
from checker.rules.completeness import _DOUBLED_PUNCT
from checker.rules.template import _vocabulary

_V = _vocabulary()
_SCANS = {
    "placeholders": ((_V.any_placeholder,), _V.placeholder_starts),
    "missing rate": ((_V.missing_rate,), None),
    "instructions": ((_V.fill_rule, _V.length_limit, _V.opener), None),
    "alternatives": ((_V.alternative, _V.soft_alternative), None),
    "required labels": ((_V.required_label,), None),
    "doubled marks": ((_DOUBLED_PUNCT,), None),
    "masking notice": ((_V.masking_notice,), _V.masking_starts),
}

# fragments that make (or nearly make) a match of each scan, to be cut and joined at random
_FRAGMENTS = [
    "……",
    "。。",
    "。。。",
    "，，",
    "XX",
    "xX单位",
    "AXX",
    "某某",
    "主要原因是：",
    "。",
    "请填写",
    "【待补充】",
    "占基本支出预算",
    "%",
    "增长 ％",
    "（200字以内）",
    "（按“项目表”中数据填写）",
    "(",
    "）",
    "结合自评情况，说明得分",
    "对照目标",
    "增加（减少）",
    "增长(",
    "下降)",
    "（或与预算数持平）",
    "评价结论",
    "存在问题：",
    "本单位支出12.50万元",
    "***",
    "＊＊",
    "为隐藏",
    " ",
    "\t",
    "|",
]

_piece = st.lists(st.sampled_from(_FRAGMENTS), max_size=5).map("".join)


def _expected(pieces, patterns) -> list:
    return [p for p in pieces if any(pattern.search(p.text) for pattern in patterns)]


def _table_document(rows: list[list[str]]) -> Document:
    cells = tuple(
        tuple(Cell(f"t1r{r}c{c}", r, c, text, text, ()) for c, text in enumerate(row, 1))
        for r, row in enumerate(rows, 1)
    )
    return Document("<t>", "", "txt", (Table("t1", cells),))


@settings(max_examples=150, deadline=None)
@given(st.lists(_piece, min_size=1, max_size=6))
def test_every_paragraph_with_a_match_is_returned(lines):
    ctx = Context(document_from_text("\n".join(lines)))
    for name, (patterns, starts) in _SCANS.items():
        got = ctx.with_match(*patterns, starts=starts)
        missed = [p.text for p in _expected(ctx.paragraphs_and_cells, patterns) if p not in got]
        assert not missed, (name, missed)
        assert got == sorted(set(got), key=ctx.paragraphs_and_cells.index)  # reading order, once each


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_piece, min_size=1, max_size=3), min_size=1, max_size=3))
def test_every_cell_with_a_match_is_returned(rows):
    ctx = Context(_table_document(rows))
    for name, (patterns, starts) in _SCANS.items():
        got = ctx.with_match(*patterns, starts=starts)
        missed = [p.text for p in _expected(ctx.paragraphs_and_cells, patterns) if p not in got]
        assert not missed, (name, missed)


def test_a_match_across_two_pieces_returns_both_and_hides_none():
    # a pattern that may run over the line break: "…" closing one cell and "…" opening the next
    # match as one in the joined text, which returns both cells; the second cell's own match,
    # which that one runs into, must not be lost under it, and the third cell has none
    ctx = Context(_table_document([["甲…", "…乙……", "丙"]]))
    got = [c.text for c in ctx.with_match(re.compile(r"…\s?…"))]
    assert got == ["甲…", "…乙……"]


def test_pieces_without_a_match_are_left_out():
    ctx = Context(document_from_text("支出12.50万元。\n主要原因是：……\n收入30.00万元。"))
    assert [p.text for p in ctx.with_match(_V.any_placeholder, starts=_V.placeholder_starts)] == ["主要原因是：……"]
