"""A table typed with pipes (项目 | 预算数 | 决算数) reads as a table in a PDF that prints it as lines
of text, as it does in the text file — its title and 单位 line above it stay out of its first row —
and a table in a report written in traditional characters keeps its unit (單位：萬元 is 单位：万元)
in a PDF as in the text file."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import build_pdf

# Our own table; the 合计 row of the 决算数 column is 111.30 where its items give 108.30.
TITLE = "表1 某社区卫生服务中心2023年度支出决算表"
UNIT = "单位：万元"
ROWS = [
    ["项目", "预算数", "决算数"],
    ["合计", "112.50", "{total}"],
    ["基本支出", "40.00", "38.00"],
    ["项目支出", "72.50", "70.30"],
    ["其他支出", "0", "0"],
]
OFF, CONSISTENT = "111.30", "108.30"
# the same words in traditional characters
TRADITIONAL = str.maketrans("单万项预数决计区卫务", "單萬項預數決計區衛務")


def _pipe_lines(total: str, closed: bool) -> list[str]:
    end = " |" if closed else ""
    return [TITLE, UNIT] + [" | ".join(row).format(total=total) + end for row in ROWS]


def _tab_lines(total: str) -> list[str]:
    """The text convention of one cell per line after a TAB, printed as a ruled grid."""
    lines = [TITLE, UNIT]
    for row in ROWS:
        lines += ["\t" + cell.format(total=total) for cell in row] + [""]
    return lines + [""]


def _keys(path) -> Counter:
    findings = check_document(load_document(path)).findings
    return Counter((f.rule, re.sub(r"\s+", "", f.stated or ""), f.severity) for f in findings)


def _both(tmp_path, lines: list[str]) -> tuple[Counter, Counter, object]:
    text = tmp_path / "report.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = tmp_path / "report.pdf"
    printed.write_bytes(build_pdf(lines))
    return _keys(text), _keys(printed), load_document(printed)


@pytest.mark.parametrize("closed", [False, True], ids=["bare", "closed"])
@pytest.mark.parametrize("total", [OFF, CONSISTENT], ids=["total-off", "consistent"])
def test_a_pipe_table_printed_as_text_reads_as_the_table(tmp_path, closed, total):
    text, printed, document = _both(tmp_path, _pipe_lines(total, closed))
    assert printed == text
    assert any(rule == "TBL001" for rule, _, _ in text) == (total == OFF)
    (table,) = document.tables()
    (typed,) = load_document(tmp_path / "report.txt").tables()
    assert [[c.text for c in row] for row in table.rows] == [[c.text for c in row] for row in typed.rows]
    assert table.unit == typed.unit == "万元"


@pytest.mark.parametrize("layout", ["pipes", "grid"])
@pytest.mark.parametrize("total", [OFF, CONSISTENT], ids=["total-off", "consistent"])
def test_a_table_in_traditional_characters_keeps_its_unit_in_a_pdf(tmp_path, layout, total):
    lines = _pipe_lines(total, closed=False) if layout == "pipes" else _tab_lines(total)
    lines = [line.translate(TRADITIONAL) for line in lines]
    text, printed, document = _both(tmp_path, lines)
    assert printed == text
    assert any(rule == "TBL001" for rule, _, _ in text) == (total == OFF)
    (table,) = document.tables()
    assert table.unit == "万元"
