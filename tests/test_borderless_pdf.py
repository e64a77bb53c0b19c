"""Word tables without borders printed to PDF by LibreOffice: the PDF reader has no rules to find
the cells by, so narrow columns wrap their names and a name and its amount may share a cell. Such
a reading must stay silent on consistent tables: a side-by-side statement's row is no numbered
heading (STR002), and a table whose amounts stand beside their names is not empty (CMP003). Our
own tables; skipped without LibreOffice."""

from __future__ import annotations

import shutil

import pytest

from checker.engine import check_document
from checker.ingest import load_document
from checker.tables.notation import grid_text

from _containers import build_docx_tables, libreoffice_convert

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="LibreOffice is not installed"
)

STATEMENT = """清河县民政局2024年度部门决算说明
一、收入支出决算总体情况说明
2024年度收、支总计均为958.20万元。本年收入合计928.20万元，本年支出合计928.20万元。
收入支出决算总表
单位：万元
| 收入 |  | 支出 |  |
| 项目 | 决算数 | 项目 | 决算数 |
| 一、一般公共预算财政拨款收入 | 880.00 | 一、一般公共服务支出 | 610.20 |
| 二、政府性基金预算财政拨款收入 |  | 二、社会保障和就业支出 | 258.00 |
| 三、上级补助收入 |  | 三、住房保障支出 | 60.00 |
| 四、其他收入 | 48.20 |  |  |
| 本年收入合计 | 928.20 | 本年支出合计 | 928.20 |
| 年初结转和结余 | 30.00 | 年末结转和结余 | 30.00 |
| 总计 | 958.20 | 总计 | 958.20 |
"""

BASIC = """清河县民政局2024年度部门决算说明
一、一般公共预算财政拨款基本支出决算情况
2024年度一般公共预算财政拨款基本支出525.60万元，其中：人员经费470.00万元，公用经费55.60万元。
一般公共预算财政拨款基本支出决算表
单位：万元
| 人员经费 |  |  | 公用经费 |  |  |
| 科目编码 | 科目名称 | 决算数 | 科目编码 | 科目名称 | 决算数 |
| 301 | 工资福利支出 | 430.00 | 302 | 商品和服务支出 | 55.60 |
| 30101 | 基本工资 | 180.00 | 30201 | 办公费 | 25.60 |
| 30102 | 津贴补贴 | 250.00 | 30211 | 差旅费 | 30.00 |
| 303 | 对个人和家庭的补助 | 40.00 |  |  |  |
| 30305 | 生活补助 | 40.00 |  |  |  |
| 人员经费合计 |  | 470.00 | 公用经费合计 |  | 55.60 |
"""


def _borderless_pdfs(texts: dict[str, str], tmp_path, merges=(), blank_lines: bool = False) -> dict[str, list]:
    """Each report's pipe tables as Word tables without borders, printed to PDF by LibreOffice: the
    errors and warnings of each PDF (rule, stated, expected), and its tables' rows of texts.
    ``merges``: (table, row, column, last row, last column) of cells merged into one, their text
    the first's; ``blank_lines``: a merged cell keeps an empty line for each cell merged into it,
    as Word keeps their paragraphs."""
    sources = []
    for stem, text in texts.items():
        path = tmp_path / f"{stem}.docx"
        path.write_bytes(_merged(build_docx_tables(grid_text(text).split("\n")), merges, blank_lines))
        sources.append(path)
    libreoffice_convert(sources, "pdf", tmp_path / "pdf", tmp_path / "profile")
    found = {}
    for stem in texts:
        doc = load_document(tmp_path / "pdf" / f"{stem}.pdf")
        findings = [
            (f.rule, f.stated, f.expected) for f in check_document(doc).findings if f.severity in ("error", "warning")
        ]
        found[stem] = (findings, [[[c.text for c in row] for row in t.rows] for t in doc.tables()])
    return found


def _in_borderless_pdf(texts: dict[str, str], tmp_path, merges=(), blank_lines: bool = False) -> dict[str, list]:
    return {stem: f for stem, (f, _) in _borderless_pdfs(texts, tmp_path, merges, blank_lines).items()}


def _merged(data: bytes, merges, blank_lines: bool) -> bytes:
    if not merges:
        return data
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    for table, row, column, last_row, last_column in merges:
        t = document.tables[table]
        cell = t.cell(row, column).merge(t.cell(last_row, last_column))
        for paragraph in cell.paragraphs[1:]:
            if not blank_lines and not paragraph.text:
                paragraph._p.getparent().remove(paragraph._p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_consistent_borderless_tables_stay_silent_in_libreoffice_pdf(tmp_path):
    found = _in_borderless_pdf({"statement": STATEMENT, "basic": BASIC}, tmp_path)
    assert found == {"statement": [], "basic": []}


# Narrow columns: header names and item names wrap onto a second line, and the first line of a
# wrapped name runs up to the next column, less than two characters from its figure.
WRAPPED = """清河县档案馆2024年度部门决算说明
一、一般公共预算财政拨款基本支出决算情况
2024年度一般公共预算财政拨款基本支出612.40万元，其中：人员经费540.00万元，公用经费72.40万元。
一般公共预算财政拨款基本支出决算表
单位：万元
| 人员经费 |  |  | 公用经费 |  |  |
| 科目编码 | 科目名称 | 本年决算数金额 | 科目编码 | 科目名称 | 本年决算数金额 |
| 301 | 工资福利支出 | 470.00 | 302 | 商品和服务支出 | 64.40 |
| 30101 | 基本工资 | 210.00 | 30201 | 办公费 | 30.40 |
| 30102 | 津贴补贴 | 260.00 | 30211 | 差旅费 | 34.00 |
| 303 | 对个人和家庭的补助 | 70.00 | 310 | 资本性支出 | 8.00 |
| 30305 | 生活补助 | 70.00 | 31002 | 办公设备购置 | 8.00 |
| 人员经费合计 |  | {total} | 公用经费合计 |  | 72.40 |
"""


def test_wrapped_names_of_narrow_borderless_columns_keep_the_table(tmp_path):
    texts = {"consistent": WRAPPED.format(total="540.00"), "defect": WRAPPED.format(total="550.00")}
    found = _in_borderless_pdf(texts, tmp_path)
    assert found["consistent"] == []
    assert ("TBL001", "550.00", "540.00") in found["defect"], found["defect"]


# A Word table's cells stand a word gap apart with no TAB between them: every row a label and
# figures reads like a table typed with TABs, but its header, wrapped in narrow columns, spans
# several lines that only the reader of aligned columns joins.
WRAPPED_HEAD = """清河县林业局2024年度部门决算说明
一、收入决算情况
2024年度本年收入合计820.00万元，其中：财政拨款收入760.00万元，事业收入45.00万元，其他收入15.00万元。
收入决算表
单位：万元
| 项目 | 本年收入合计 | 财政拨款收入 | 上级补助收入 | 事业收入 | 经营收入 | 其他收入 |
| 合计 | 820.00 | 760.00 | 0.00 | 45.00 | 0.00 | 15.00 |
| 农林水支出 | 600.00 | {part} | 0.00 | 30.00 | 0.00 | 10.00 |
| 社会保障和就业支出 | 140.00 | 125.00 | 0.00 | 15.00 | 0.00 | 0.00 |
| 住房保障支出 | 80.00 | 75.00 | 0.00 | 0.00 | 0.00 | 5.00 |
"""

# Two columns, a label and its amount, with section rows that hold only a label (人员经费).
TWO_COLUMNS = """清河县气象局2024年度部门决算说明
一、基本支出决算情况
2024年度基本支出268.50万元，其中：人员经费236.00万元，公用经费32.50万元。
基本支出决算明细表
单位：万元
| 项目 | 决算数 |
| 人员经费 |  |
| 基本工资 | 118.00 |
| 津贴补贴 | {part} |
| 住房公积金 | 34.00 |
| 小计 | 236.00 |
| 公用经费 |  |
| 办公费 | 14.50 |
| 邮电费 | 6.00 |
| 维修（护）费 | 12.00 |
| 小计 | 32.50 |
| 合计 | 268.50 |
二、其他情况说明
本单位无其他需要说明的事项。
"""

# A class's name on a row of its own above the row of its code and amounts.
LONE_ROWS = """清河县医疗保障局2024年度部门决算说明
一、一般公共预算财政拨款支出决算情况
2024年度一般公共预算财政拨款支出402.30万元。
一般公共预算财政拨款支出决算表
单位：万元
| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
|  | 卫生健康支出 |  |  |  |
| 210 |  | 322.30 | 262.30 | 60.00 |
| 21011 | 行政事业单位医疗 | 52.30 | 52.30 |  |
| 21015 | 医疗保障管理事务 | 270.00 | {part} | 60.00 |
|  | 住房保障支出 |  |  |  |
| 221 |  | 80.00 | 80.00 |  |
| 22102 | 住房改革支出 | 80.00 | 80.00 |  |
| 合计 |  | 402.30 | 342.30 | 60.00 |
"""


@pytest.mark.parametrize(
    ("text", "right", "wrong", "finding"),
    [
        (WRAPPED_HEAD, "560.00", "570.00", ("TBL001", "600.00", "610.00")),
        (TWO_COLUMNS, "84.00", "94.00", ("TBL001", "236.00", "246.00")),
        (LONE_ROWS, "210.00", "220.00", ("TBL001", "270.00", "280.00")),
    ],
    ids=["wrapped-header", "two-columns", "lone-label-rows"],
)
def test_borderless_tables_the_aligned_reader_keeps(tmp_path, text, right, wrong, finding):
    texts = {"consistent": text.format(part=right), "defect": text.format(part=wrong)}
    found = _in_borderless_pdf(texts, tmp_path)
    assert found["consistent"] == []
    assert finding in found["defect"], found["defect"]


# Narrow columns of a Word table without borders, header cells merged over several columns and
# rows. A figure wider than its cell stands less than a word gap from the next (25.0 5.00) and
# wraps its last digit onto a line of its own (1,427.6 / 0); a header name over several columns
# belongs to the first; a name spanning two header rows goes on beside the lower row.
THREE_COSTS = """清河县水利局2024年度部门决算说明
一、“三公”经费财政拨款支出情况
2024年度“三公”经费财政拨款支出决算为26.80万元，其中公务用车购置及运行维护费20.50万元，公务接待费6.30万元。
财政拨款“三公”经费支出决算表
单位：万元
| 预算数 |  |  |  |  |  | 决算数 |  |  |  |  |  |
| 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 |  |  | 公务接待费 | 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 |  |  | 公务接待费 |
|  |  | 小计 | 公务用车购置费 | 公务用车运行维护费 |  |  |  | 小计 | 公务用车购置费 | 公务用车运行维护费 |  |
| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |
| 32.00 | 0.00 | 24.00 | 0.00 | 24.00 | 8.00 | {part} | 0.00 | 20.50 | 0.00 | 20.50 | 6.30 |
"""
THREE_COSTS_MERGES = [(0, 0, 0, 0, 5), (0, 0, 6, 0, 11), (0, 1, 2, 1, 4), (0, 1, 8, 1, 10)]

LAYERED_HEAD = """清河县图书馆2024年度部门决算说明
一、财政拨款支出决算情况说明
2024年度财政拨款支出515.00万元，其中：一般公共预算财政拨款支出470.00万元，政府性基金预算财政拨款支出45.00万元。
财政拨款支出决算表
单位：万元
| 项目 |  | 本年支出 |  |  |  |  |
| 科目编码 | 科目名称 | 合计 | 一般公共预算财政拨款 |  |  | 政府性基金预算财政拨款 |
|  |  |  | 小计 | 基本支出 | 项目支出 |  |
| 207 | 文化旅游体育与传媒支出 | 470.00 | 470.00 | 390.00 | 80.00 |  |
| 20701 | 文化和旅游 | 470.00 | 470.00 | 390.00 | 80.00 |  |
| 2070104 | 图书馆 | 470.00 | 470.00 | {part} | 80.00 |  |
| 229 | 其他支出 | 45.00 |  |  |  | 45.00 |
| 22960 | 彩票公益金安排的支出 | 45.00 |  |  |  | 45.00 |
| 2296003 | 用于体育事业的彩票公益金支出 | 45.00 |  |  |  | 45.00 |
| 合计 |  | 515.00 | 470.00 | 390.00 | 80.00 | 45.00 |
"""
LAYERED_HEAD_MERGES = [
    (0, 0, 0, 0, 1),
    (0, 0, 2, 0, 6),
    (0, 1, 3, 1, 5),
    (0, 1, 0, 2, 0),
    (0, 1, 1, 2, 1),
    (0, 1, 2, 2, 2),
    (0, 1, 6, 2, 6),
]

CODED = """清河县人民防空办公室2024年度部门决算说明
一、支出决算情况说明
2024年度支出合计{part}万元，其中：基本支出1,412.60万元，项目支出85.00万元。
支出决算表
单位：万元
| 项目 |  |  |  | 行次 | 本年支出合计 | 基本支出 | 项目支出 |
| 功能分类科目编码 |  |  | 科目名称 |  |  |  |  |
| 类 | 款 | 项 |  |  |  |  |  |
| 栏次 |  |  |  |  | 1 | 2 | 3 |
| 合计 |  |  |  | 1 | {part} | 1,412.60 | 85.00 |
| 224 |  |  | 灾害防治及应急管理支出 | 2 | 1,427.60 | 1,342.60 | 85.00 |
| 224 | 01 |  | 应急管理事务 | 3 | 1,427.60 | 1,342.60 | 85.00 |
| 224 | 01 | 01 | 行政运行 | 4 | 1,342.60 | 1,342.60 |  |
| 224 | 01 | 04 | 人民防空 | 5 | 85.00 |  | 85.00 |
| 221 |  |  | 住房保障支出 | 6 | 70.00 | 70.00 |  |
| 221 | 02 |  | 住房改革支出 | 7 | 70.00 | 70.00 |  |
| 221 | 02 | 01 | 住房公积金 | 8 | 70.00 | 70.00 |  |
"""
CODED_MERGES = [
    (0, 0, 0, 0, 3),
    (0, 1, 0, 1, 2),
    (0, 3, 0, 3, 3),
    (0, 4, 0, 4, 3),
    (0, 1, 3, 2, 3),
    (0, 0, 4, 2, 4),
    (0, 0, 5, 2, 5),
    (0, 0, 6, 2, 6),
    (0, 0, 7, 2, 7),
]


@pytest.mark.parametrize(
    ("text", "merges", "blank_lines", "right", "wrong", "finding"),
    [
        (THREE_COSTS, THREE_COSTS_MERGES, False, "26.80", "27.80", ("TBL001", "27.80", "26.80")),
        (LAYERED_HEAD, LAYERED_HEAD_MERGES, False, "390.00", "380.00", ("TBL001", "470.00", "460.00")),
        (CODED, CODED_MERGES, False, "1,497.60", "1,487.60", ("TBL001", "1,487.60", "1497.60")),
        (CODED, CODED_MERGES, True, "1,497.60", "1,487.60", ("TBL001", "1,487.60", "1497.60")),
    ],
    ids=["one-row-of-twelve-columns", "merged-header", "coded-over-two-pages", "coded-tall-header"],
)
def test_merged_headers_and_narrow_columns_of_borderless_tables(
    tmp_path, text, merges, blank_lines, right, wrong, finding
):
    texts = {"consistent": text.format(part=right), "defect": text.format(part=wrong)}
    found = _borderless_pdfs(texts, tmp_path, merges, blank_lines)
    assert found["consistent"][0] == []
    assert finding in found["defect"][0], found["defect"][0]
    # the figures whole, each in its column
    rows = [row for table in found["consistent"][1] for row in table]
    assert any(right in row for row in rows), rows
    assert not any(cell.strip() in {"0", "%"} for row in rows for cell in row), rows
    if text is LAYERED_HEAD:
        assert any("政府性基金预算财政拨款" in row for row in rows), rows
