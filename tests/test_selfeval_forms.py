"""Self-evaluation forms (项目支出绩效自评表) in several containers: the funds block's 年度资金总额
against its 其中 rows (TBL001) and cells the evaluation left blank (SCO009) are found the same
way whether the form comes as text, a Word table or a worksheet."""

from __future__ import annotations

import openpyxl
import pytest
from docx import Document as WordDocument

from checker.config import Config
from checker.engine import check_document, check_text
from checker.ingest import load_document
from checker.tables.notation import grid_text

# Our own form: a river-cleaning project, its funds block and two indicators.
FUNDS = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "0", "0", "0", "10", "0", "0"],
    ["其中：本年财政拨款", "75.5", "78.25", "78.25", "—", "—", "—"],
    ["上年结转资金", "", "", "", "—", "—", "—"],
    ["其他资金", "", "", "", "—", "—", "—"],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "保洁河道长度", "≥40公里", "", "50", ""],
    ["效益指标", "社会效益指标", "群众满意度", "≥90%", "93%", "40", "40"],
    ["合计", "", "", "", "", "100", ""],
]


def _pipes(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)


def _rules(findings) -> list[tuple[str, str]]:
    return sorted((f.rule, f.severity) for f in findings if f.rule in ("TBL001", "SCO009"))


# the total row left 0 in its three money columns is one slip, one TBL001
EXPECTED = sorted([("TBL001", "error")] + [("SCO009", "warning")] * 2)


def test_text_form():
    text = grid_text("项目支出绩效自评表\n" + _pipes(FUNDS) + "\n\n" + _pipes(INDICATORS) + "\n")
    assert _rules(check_text(text, Config()).findings) == EXPECTED


def test_word_form(tmp_path):
    doc = WordDocument()
    doc.add_paragraph("项目支出绩效自评表")
    for rows in (FUNDS, INDICATORS):
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        doc.add_paragraph("")
    path = tmp_path / "form.docx"
    doc.save(path)
    assert _rules(check_document(load_document(path), Config()).findings) == EXPECTED


def test_worksheet_form(tmp_path):
    book = openpyxl.Workbook()
    for name, rows in (("资金", FUNDS), ("指标", INDICATORS)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_number(v) for v in row])
    book.remove(book["Sheet"])
    path = tmp_path / "form.xlsx"
    book.save(path)
    assert _rules(check_document(load_document(path), Config()).findings) == EXPECTED


def _number(value: str):
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value or None


@pytest.mark.parametrize("mark", ["—", "/", "无"])
def test_a_mark_in_a_cell_is_an_answer_not_a_blank(mark):
    rows = [row[:] for row in INDICATORS]
    rows[1][4], rows[1][6], rows[3][6] = "41公里", "50", "90"
    rows[2][6] = mark  # a deliberate mark where a score would stand
    text = grid_text("项目支出绩效自评表\n" + _pipes(rows) + "\n")
    assert not [f for f in check_text(text, Config()).findings if f.rule == "SCO009"]


def test_blank_score_of_the_funds_line():
    funds = [row[:] for row in FUNDS]
    funds[1] = ["年度资金总额", "75.5", "78.25", "78.25", "10", "100.00%", ""]
    text = grid_text("项目支出绩效自评表\n" + _pipes(funds) + "\n")
    hits = [f for f in check_text(text, Config()).findings if f.rule == "SCO009"]
    assert [f.message for f in hits] == ["自评表必填项为空：预算执行情况（年度资金总额）的得分未填写"]


# A summary of several projects has the funds columns too, but each row is scored as a whole
# project (its 得分 is the project's total, not 执行率 × 10): no row is a funds line.
PROJECT_LIST = [
    ["序号", "项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率", "得分", "自评等级"],
    ["1", "河道保洁", "48.00", "46.20", "96.25%", "95.5", "优"],
    ["2", "村道养护", "120.00", "110.40", "92.00%", "88", "良"],
    ["3", "路灯维修", "15.00", "15.00", "100.00%", "97", "优"],
]


def test_a_list_of_scored_projects_is_not_a_funds_line():
    text = grid_text("2023年度项目支出绩效自评结果汇总表\n" + _pipes(PROJECT_LIST) + "\n")
    assert not [f for f in check_text(text, Config()).findings if f.rule in ("SCO003", "SCO004")]
    broken = [row[:] for row in PROJECT_LIST]
    broken[2][4] = "82.00%"  # 110.40 ÷ 120.00 = 92.00%: the row's own rate still counts
    hits = [
        f
        for f in check_text(
            grid_text("2023年度项目支出绩效自评结果汇总表\n" + _pipes(broken) + "\n"), Config()
        ).findings
    ]
    assert [f.rule for f in hits if f.severity == "error"] == ["TBL002"]
