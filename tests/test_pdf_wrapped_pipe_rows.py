"""A self-evaluation form typed with pipes, whose rows are wider than the page, reads in a PDF as in
the text file: the page width wraps a row (| … | 得分 | 偏差原因分析及 / 改进措施 | | |), and the rest
on the next line is the row's, not a row of its own (a row 改进措施 with empty cells is a required
field left empty); a header whose first cell a web copy broke onto the line above (项目资金（万元） |)
gets it back, so each column name stays over its figures. PDFs printed line by line the way the
container tests print them, and LibreOffice's PDF of the one-paragraph-per-line Word file when
LibreOffice is installed. Our own form."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import FONT, MARGIN, SIZE, build_docx, build_pdf, libreoffice_convert

PIPES = "|"
# 执行率 of 年度资金总额 is {rate}: 456.00 ÷ 480.00 is 95.00%.
FORM = [
    "2023年度项目支出绩效自评表",
    "| 项目名称 | 城区老旧小区供水管网改造补助资金 | | | | | | |",
    "| 主管部门 | 某市住房和城乡建设局 | 实施单位 | 某市城区供排水服务中心（市政设施养护管理所） | | | | |",
    "|",
    "项目资金（万元） |",
    "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | |",
    "| 年度资金总额 | 500.00 | 480.00 | 456.00 | 10 | {rate} | {score} | |",
    "| 其中：当年财政拨款 | 500.00 | 480.00 | 456.00 | | 95.00% | | |",
    "| 上年结转资金 | | | | | | | |",
    "{measures}",
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | | |",
    "| 产出指标 | 数量指标 | 改造老旧小区供水管网长度（公里） | ≥12 | 12.6 | 20 | 20 | 无 | | |",
    "| 效益指标 | 社会效益指标 | 改造片区居民用水水压达标率 | ≥95% | 97% | 30 | 30 | 无 | | |",
    "| 满意度指标 | 服务对象满意度指标 | 受益居民满意度 | ≥90% | 93% | 10 | 10 | 无 | | |",
]
RATES = {"rate-off": ("98.00%", "9.80"), "consistent": ("95.00%", "9.50")}
HEAD, TAIL = "| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |", "偏差原因分析及改进措施 | | | | |"


def _measures_row() -> str:
    """The form's 绩效指标 row, its last label padded so that the printed page breaks the row
    right before 改进措施: the rest of the row on the next line is that word and empty cells."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    room = A4[0] - 2 * MARGIN
    pad = 1
    while pdfmetrics.stringWidth(HEAD + " " * pad + "偏差原因分析及改", FONT, SIZE) <= room:
        pad += 1
    return HEAD + " " * pad + TAIL


def _lines(variant: str) -> list[str]:
    rate, score = RATES[variant]
    return [line.format(rate=rate, score=score, measures=_measures_row()) for line in FORM]


def _keys(path: Path) -> Counter:
    findings = check_document(load_document(path)).findings
    return Counter((f.rule, f.severity, re.sub(r"\s+", "", f.stated or ""), f.expected) for f in findings)


def _cells(path: Path) -> list[list[list[str]]]:
    return [[[re.sub(r"\s+", "", c.text) for c in row] for row in t.rows] for t in load_document(path).tables()]


def _printed_lines(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [line.strip() for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()


@pytest.fixture(scope="module", params=sorted(RATES))
def built(request, tmp_path_factory) -> dict[str, object]:
    """The form as text and in each container, keyed by container: (the .txt, the container).
    The 绩效指标 row, sized for the line-by-line PDF, is left out of the LibreOffice one (Word
    breaks its padding where the reportlab page breaks its words)."""
    out = tmp_path_factory.mktemp(request.param)
    built: dict[str, object] = {"variant": request.param}
    for container, measures in (("pdf", True), ("libreoffice-docx-pdf", False)):
        lines = [line for line in _lines(request.param) if measures or not line.startswith(HEAD)]
        text = out / f"{container}.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if container == "pdf":
            (out / "form.pdf").write_bytes(build_pdf(lines))
            built[container] = (text, out / "form.pdf")
            continue
        docx = out / "form.docx"
        docx.write_bytes(build_docx(lines))
        if libreoffice_convert([docx], "pdf", out / "lo", out / "lo-profile"):
            built[container] = (text, out / "lo" / "form.pdf")
    return built


@pytest.mark.parametrize("container", ["pdf", "libreoffice-docx-pdf"])
def test_a_form_whose_rows_wrap_in_the_pdf_reads_as_the_text_file(built, container):
    if container not in built:
        pytest.skip("LibreOffice not installed")
    text, pdf = built[container]
    # the page width did wrap rows: lines that open no cell and close a row
    assert any(line.endswith(PIPES) and not line.startswith(PIPES) and "措施" in line for line in _printed_lines(pdf))
    assert _cells(pdf) == _cells(text)
    keys = _keys(text)
    assert _keys(pdf) == keys
    assert not any(rule == "TPL005" for rule, *_ in keys)
    errors = {rule for rule, severity, *_ in keys if severity == "error"}
    assert (errors >= {"SCO003", "TBL002"}) == (built["variant"] == "rate-off")
    assert errors <= {"SCO003", "TBL002"}


def test_the_header_cell_the_page_breaks_stays_in_its_cell(built):
    _, pdf = built["pdf"]
    assert any(line.startswith("改进措施") for line in _printed_lines(pdf))  # the break this form is sized for
    rows = [row for table in _cells(pdf) for row in table]
    assert next(row for row in rows if row[0] == "绩效指标")[5] == "偏差原因分析及改进措施"
    assert not any(row[0] == "改进措施" for row in rows)


NOTE = "注：本表金额单位为万元，执行率按全年预算数计算，分值和得分按评分办法填列。"


@pytest.mark.parametrize("follows", ["note", "next-row"])
def test_a_line_below_a_full_width_row_that_is_no_rest_of_it_stays_its_own(tmp_path, follows):
    """A row that ends at the margin is followed by a note (it closes no row), or by the next row
    (it opens a cell): neither is the rest of the row."""
    row = _measures_row().replace("偏差原因分析及改进措施 | | | | |", "偏差原因 |")
    below = [NOTE] if follows == "note" else ["| 产出指标 | 20 | 20 | 无 |", "| 效益指标 | 30 | 30 | 无 |"]
    path = tmp_path / "form.pdf"
    path.write_bytes(build_pdf(["2023年度项目支出绩效自评表", row, *below]))
    assert _printed_lines(path)[1].endswith(PIPES)  # the row fits on its line
    document = load_document(path)
    if follows == "note":
        assert re.sub(r"\s+", "", NOTE) in [re.sub(r"\s+", "", p.text) for p in document.paragraphs()]
    else:
        (table,) = document.tables()
        assert [row[0].text for row in table.rows] == ["绩效指标", "产出指标", "效益指标"]


# A 三公 table of our own pasted one cell per line, each cell closed by a pipe, the empty cells of
# its last row dropped by the copy; the notes below it compare the outturn with the budget.
ONE_CELL_A_LINE = [
    "2022年度一般公共预算财政拨款“三公”经费支出决算表",
    "单位：万元",
    "项 目 |",
    "预 算 数 |",
    "决 算 数 |",
    "合 计 |",
    "36.8 |",
    "12.30 |",
    "因公出国（境）费 |",
    "8 |",
    "|",
    "公务接待费 |",
    "10.8 |",
    "4.30 |",
    "公务用车购置及运行维护费 |",
    "18 |",
    "8.00 |",
    "公务用车购置费 |",
    "1.公务接待费支出4.30万元，与2022年度预算相比，减少0.5万元。",
    "2.公务用车购置及运行维护费支出8.00万元，与2022年度预算相比无变化。",
]


def test_a_table_pasted_one_cell_a_line_reads_in_its_pdf_as_in_the_text(tmp_path):
    text = tmp_path / "cells.txt"
    text.write_text("\n".join(ONE_CELL_A_LINE) + "\n", encoding="utf-8")
    pdf = tmp_path / "cells.pdf"
    pdf.write_bytes(build_pdf(ONE_CELL_A_LINE))

    def claims(path: Path) -> Counter:
        return Counter((f.rule, f.stated) for f in check_document(load_document(path)).findings if f.rule == "CLM006")

    # 10.8 − 4.30 = 6.50, not 0.5; 8.00 beside 18 is no 无变化
    assert claims(text) == Counter({("CLM006", "减少0.5万元"): 1, ("CLM006", "无变化"): 1})
    assert claims(pdf) == claims(text)
