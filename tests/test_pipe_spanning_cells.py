"""A form typed with pipes that a copy wrote without its merged cells: a 其中 row of the funds block
leaves out the 分值 (and 得分) cell its total row fills once for the block, so its figures would
slide left under the wrong columns (the rate under 分值). The row gets its empty cell back where
the header names such a column, or where alone every figure is of its column's kind; when neither
places it, its figures go into no column — nothing is checked rather than checked wrongly. The
same in the text file, the one-paragraph-per-line Word file and the PDF printed line by line.
Our own forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import build_docx, build_pdf

CONTAINERS = ["txt", "docx", "pdf"]


def _load(tmp_path: Path, lines: list[str], container: str):
    path = tmp_path / f"form.{container}"
    if container == "txt":
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_bytes(build_docx(lines) if container == "docx" else build_pdf(lines))
    return load_document(path)


def _rows(document) -> list[list[str]]:
    return [[re.sub(r"\s+", "", c.text) for c in row] for t in document.tables() for row in t.rows]


def _errors(document) -> list[tuple[str, str | None]]:
    report = check_document(document)
    return [(f.rule, f.stated) for f in report.findings if f.severity == "error"]


# Funds blocks whose 其中 rows leave out the cells the total row fills once ({trail}: the empty
# cells a copy may keep at the end of a row). 其中 rows: 198.00 ÷ 220.00 and 90.00 ÷ 100.00 are 90%.
FUNDS = {
    "分值-得分": [
        "2023年度项目支出绩效自评表",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |{trail}",
        "| 年度资金总额 | 300.00 | 320.00 | 288.00 | 10 | 90.00% | 9.00 |{trail}",
        "| 其中：当年财政拨款 | 200.00 | 220.00 | 198.00 | {rate} |{trail}",
        "| 上年结转资金 | 100.00 | 100.00 | 90.00 | 90.00% |{trail}",
    ],
    "权重": [
        "某镇2023年度专项资金绩效自评表",
        "| 资金情况（万元） | 预算数 | 全年预算数 | 全年执行数 | 权重 | 执行率 | 得分 |{trail}",
        "| 资金总额 | 300.00 | 320.00 | 288.00 | 20 | 90.00% | 18.00 |{trail}",
        "| 其中：财政资金 | 200.00 | 220.00 | 198.00 | {rate} |{trail}",
        "| 其他资金 | 100.00 | 100.00 | 90.00 | 90.00% |{trail}",
    ],
    "分值-rate-column-only": [
        "2023年度项目支出绩效自评表",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |{trail}",
        "| 年度资金总额 | 300.00 | 320.00 | 288.00 | 10 | 90.00% | 9.00 |{trail}",
        "| 其中：本级财政资金 | 200.00 | 220.00 | 198.00 | {rate} |{trail}",
    ],
}


def _funds(form: str, rate: str, trail: str) -> list[str]:
    return [line.format(rate=rate, trail=trail) for line in FUNDS[form]]


@pytest.mark.parametrize("trail", ["", " | |"], ids=["short", "padded"])
@pytest.mark.parametrize("form", sorted(FUNDS))
@pytest.mark.parametrize("container", CONTAINERS)
def test_a_sub_row_without_the_block_cells_has_its_rate_under_the_rate_column(tmp_path, container, form, trail):
    rows = _rows(_load(tmp_path, _funds(form, "90.00%", trail), container))
    header = rows[0]
    for row in rows[2:]:
        assert row[header.index("执行率")] == "90.00%"
        assert not any(row[header.index(name)] for name in ("分值", "权重", "得分") if name in header)
        assert len(row) == len(header)


# (a block with a 权重 column is a scored funds line: its rules check the total row only)
@pytest.mark.parametrize("form", ["分值-得分", "分值-rate-column-only"])
@pytest.mark.parametrize("container", CONTAINERS)
def test_a_wrong_sub_row_rate_is_an_error_and_the_right_one_is_not(tmp_path, container, form):
    wrong = _errors(_load(tmp_path, _funds(form, "95.00%", ""), container))
    assert [stated for rule, stated in wrong if rule == "TBL002"] == ["95.00%"]
    assert _errors(_load(tmp_path, _funds(form, "90.00%", ""), container)) == []


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_short_row_whose_figures_fit_stays_as_it_stands(tmp_path, container):
    """A 其中 row giving only the amounts (its rate and score left out at the end) is read as
    written: every figure is of its column's kind."""
    lines = [
        "2023年度项目支出绩效自评表",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 300.00 | 320.00 | 288.00 | 10 | 90.00% | 9.00 |",
        "| 其中：当年财政拨款 | 200.00 | 220.00 | 198.00 |",
        "| 上年结转资金 | 100.00 | 100.00 | 90.00 |",
    ]
    rows = _rows(_load(tmp_path, lines, container))
    assert rows[2] == ["其中：当年财政拨款", "200.00", "220.00", "198.00"]
    assert rows[3] == ["上年结转资金", "100.00", "100.00", "90.00"]


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_row_whose_figures_fit_one_way_only_is_placed_so(tmp_path, container):
    """No header names a column filled once, but one empty cell alone puts every figure under a
    column of its kind (the amounts under amounts, the rate under 执行率)."""
    lines = [
        "表3 2023年度部门支出预算执行表",
        "| 项目 | 全年预算数 | 比上年增长率 | 全年执行数 | 执行率 |",
        "| 合计 | 200.00 | 5.00% | 180.00 | 90.00% |",
        "| 其中：基本支出 | 120.00 | 108.00 | {rate} |",
    ]
    for rate, errors in (("90.00%", []), ("85.00%", [("TBL002", "85.00%")])):
        document = _load(tmp_path, [line.format(rate=rate) for line in lines], container)
        assert _rows(document)[2] == ["其中：基本支出", "120.00", "", "108.00", rate]
        assert [e for e in _errors(document) if e[0] == "TBL002"] == errors


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_row_that_fits_several_ways_is_read_into_no_column(tmp_path, container):
    """The row left out one of its amounts, and the header does not say which: its figures stay
    together, under no column, and give no finding (neither a wrong rate nor a wrong sum)."""
    lines = [
        "2023年度部门支出执行情况表",
        "| 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |",
        "| 合计 | 100.00 | 120.00 | 108.00 | 90.00% |",
        "| 基本支出 | 60.00 | 54.00 | 90.00% |",
        "| 项目支出 | 40.00 | 60.00 | 54.00 | 90.00% |",
    ]
    document = _load(tmp_path, lines, container)
    rows = _rows(document)
    assert rows[2][0] == "基本支出"
    assert rows[2][1] == "60.0054.0090.00%"  # one cell (its spaces squeezed here)
    assert not any(rows[2][2:])
    assert _errors(document) == []


# A header typed with one more empty cell at its end than its rows (| 得分 | |): cut to the rows'
# width, the header keeps its rows and their rates are checked. 45.00 ÷ 50.00 is 90%.
TAILED = [
    "2024年度项目支出绩效自评表",
    "| 项目资金（万元） | 年初预算数 | 全年执行数 | 执行率 | 得分 |{tail}",
    "| 年度资金总额 | 50.00 | 45.00 | {rate} | 9.00 |",
    "| 其中：财政拨款 | 50.00 | 45.00 | 90.00% | 9.00 |",
]


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("tail", ["", " |", " | |"])
def test_header_with_empty_cells_at_its_end_keeps_its_rows(tmp_path, container, tail):
    def form(rate: str) -> list[str]:
        return [line.format(tail=tail, rate=rate) for line in TAILED]

    wrong = _load(tmp_path, form("80.00%"), container)
    assert {len(row) for row in _rows(wrong)} == {5}
    assert ("TBL002", "80.00%") in _errors(wrong)
    assert _errors(_load(tmp_path, form("90.00%"), container)) == []


def test_a_row_wider_by_a_filled_cell_is_not_cut(tmp_path):
    lines = [line.format(tail=" 备注 |", rate="90.00%") for line in TAILED]
    assert [len(row) for row in _rows(_load(tmp_path, lines, "txt"))] == [6, 5, 5]
