"""Findings come out in document order: page, then block, then line and offset."""

from checker.engine import document_from_text, in_document_order
from checker.model import Finding, Location


def _finding(rule: str, location: Location) -> Finding:
    return Finding(rule, "x", "claim", "info", "exact", "m", location, "")


def test_block_order_decides_when_lines_do_not():
    document = document_from_text("一、概况\n\n本单位设三个科室。\n\n二、支出\n\n支出合计 12.00 万元。\n")
    first, second = [b.id for b in document.blocks][-3], document.blocks[-1].id
    # a location without a line (a whole table, say) in a later block stays after an earlier block
    late = _finding("B", Location(None, None, None, second, 0, 4))
    early = _finding("A", Location(3, 3, None, first, 5, 9))
    assert [f.rule for f in in_document_order(document, [late, early])] == ["A", "B"]


def test_pdf_pages_before_lines():
    document = document_from_text("甲\n\n乙\n")
    block = document.blocks[0].id
    page2 = _finding("P2", Location(1, 1, 2, block, 0, 1))
    page1 = _finding("P1", Location(30, 30, 1, block, 0, 1))
    same_line_later = _finding("P1b", Location(30, 30, 1, block, 4, 5))
    ordered = in_document_order(document, [page2, same_line_later, page1])
    assert [f.rule for f in ordered] == ["P1", "P1b", "P2"]
