"""A self-evaluation form whose indicator header spans two rows: a cell of the first row stands over
several of the second (年度指标值 over 指标性质 | 指标值 | 度量单位), the others over both rows
(实际完成值, 分值, 得分). A copy without the merged cells keeps each row's own labels side by side;
the columns come back where one placing fits the rows below, in every layout that keeps a row's
cells, and a Word table with real merged cells reads the same. Our own forms."""

from __future__ import annotations

import io

import pytest

from checker.config import Config
from checker.engine import check_document, check_text
from checker.indicators import find_scorecards
from checker.ingest import load_document

from _containers import build_pdf

FUNDS = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "40.00", "40.00", "40.00", "10", "100%", "10"],
]
UPPER = ["绩效指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
LOWER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
# 一级指标 written once over the rows it spans (a text copy leaves it out below), as a web page does
ROWS = [
    ["产出指标", "数量指标", "安装监控探头", "≥", "120", "个", "126", "30", "27", ""],
    ["质量指标", "设备验收合格率", "=", "100", "%", "100", "20", "20", ""],
    ["效益指标", "社会效益指标", "治安案件下降率", "≥", "10", "%", "12", "30", "30", ""],
    ["满意度指标", "服务对象满意度指标", "居民满意度", "≥", "90", "%", "95", "10", "10", ""],
]
TOTAL = ["总分", "", "", "", "", "", "", "100", "97", ""]
WIDTH = 10
EXPECTED = [
    ("安装监控探头", "120", "126", "30", "27"),
    ("设备验收合格率", "100", "100", "20", "20"),
    ("治安案件下降率", "10", "12", "30", "30"),
    ("居民满意度", "90", "95", "10", "10"),
]


def _padded(row):
    return row + [""] * (WIDTH + 1 - len(row))


def pipe_rows():
    """A web page's table as text: every row as wide as the widest, merged cells gone."""
    return ["| " + " | ".join(_padded(r)) + " |" for r in FUNDS + [UPPER, LOWER] + ROWS + [TOTAL]]


def short_last_row():
    """The last indicator row written without the empty cells the others end with (满意度指标 | … | 10 |),
    another width: a row of the block still, opening with both its levels."""
    lines = pipe_rows()
    last = ROWS[-1]
    lines[len(FUNDS) + 2 + len(ROWS) - 1] = "| " + " | ".join(last[:-1]) + " |"
    return lines


def broken_pipe_rows():
    """The same, with the lower header row's first cell broken onto the lines above (|, 一级指标 |): the
    copy breaks a row whose first cell held a line break, and the table goes on below it."""
    out = []
    for row in FUNDS + [UPPER, LOWER] + ROWS + [TOTAL]:
        cells = _padded(row)
        if row is LOWER:
            out += ["|", f"{cells[0]} |", " | ".join(cells[1:]) + " |"]
        else:
            out.append("| " + " | ".join(cells) + " |")
    return out


def tab_rows():
    """Copied from a web page: each row's cells up to its last, TABs between."""
    return ["\t".join(row).rstrip("\t") for row in FUNDS + [UPPER, LOWER] + [r[:-1] + ["无"] for r in ROWS] + [TOTAL]]


def pipe_cells():
    """One cell per line, each closed by a pipe (an empty cell a lone pipe)."""
    full = [ROWS[0], [ROWS[0][0]] + ROWS[1]] + ROWS[2:]  # a cell per line keeps the level in each row
    return [f"{c} |" if c else "|" for row in FUNDS + [UPPER, LOWER] + full + [TOTAL] for c in row]


LAYOUTS = {
    "pipe-rows": pipe_rows,
    "short-last-row": short_last_row,
    "broken-pipe-rows": broken_pipe_rows,
    "tab-rows": tab_rows,
    "pipe-cells": pipe_cells,
}


def _read(document):
    return [
        (i.name, i.target.text, i.actual.text, i.weight.text, i.score.text)
        for card in find_scorecards(document)
        for i in card.indicators
    ]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_columns_come_back_in_every_layout(layout):
    report = check_text("2023年度项目支出绩效自评表\n" + "\n".join(LAYOUTS[layout]()) + "\n", Config())
    assert _read(report.document) == EXPECTED
    # 126 of 120 is the target met: 30 points, not 27
    assert [(f.rule, f.location.line) for f in report.findings if f.rule == "SCO002"]
    assert not [f for f in report.findings if f.rule in ("SCO005", "SCO006")]


@pytest.mark.parametrize("layout", ["pipe-cells", "broken-pipe-rows"])
def test_a_printed_copy_reads_the_same(tmp_path, layout):
    path = tmp_path / "form.pdf"
    path.write_bytes(build_pdf(["2023年度项目支出绩效自评表", *LAYOUTS[layout]()]))
    assert _read(load_document(path)) == EXPECTED


def test_a_word_table_with_merged_cells_reads_the_same(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("2023年度项目支出绩效自评表")
    body = [r if len(r) == WIDTH else [r[0]] + r for r in ROWS]  # Word keeps the merged level's cell
    table = document.add_table(rows=2 + len(body), cols=WIDTH)
    for c, label in enumerate(LOWER):
        table.cell(1, c).text = label
    table.cell(0, 0).merge(table.cell(0, 2)).text = UPPER[0]
    table.cell(0, 3).merge(table.cell(0, 5)).text = UPPER[1]
    for c, label in enumerate(UPPER[2:], start=6):
        table.cell(0, c).merge(table.cell(1, c)).text = label
    for r, row in enumerate(body, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buf = io.BytesIO()
    document.save(buf)
    path = tmp_path / "form.docx"
    path.write_bytes(buf.getvalue())
    assert _read(load_document(path)) == EXPECTED
    assert [f.rule for f in check_document(load_document(path), Config()).findings if f.rule == "SCO002"]


def test_a_header_that_fits_two_ways_is_left_alone():
    """A 决算 table's header copied without its merged cells (项目 | 本年支出 over 合计 | 基本支出 |
    项目支出): no placing names a scored column, so the labels are not guessed."""
    rows = [["项目", "本年支出"], ["合计", "基本支出", "项目支出"], ["一般公共服务支出", "120.00", "80.00", "40.00"]]
    text = "\n".join("| " + " | ".join(r + [""] * (5 - len(r))) + " |" for r in rows)
    document = check_text("支出决算表（单位：万元）\n" + text + "\n", Config()).document
    assert not find_scorecards(document)
