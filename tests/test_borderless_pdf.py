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


def _in_borderless_pdf(texts: dict[str, str], tmp_path) -> dict[str, list]:
    """Each report's pipe tables as Word tables without borders, printed to PDF by LibreOffice: the
    errors and warnings of each PDF (rule, stated, expected)."""
    sources = []
    for stem, text in texts.items():
        path = tmp_path / f"{stem}.docx"
        path.write_bytes(build_docx_tables(grid_text(text).split("\n")))
        sources.append(path)
    libreoffice_convert(sources, "pdf", tmp_path / "pdf", tmp_path / "profile")
    found = {}
    for stem in texts:
        findings = check_document(load_document(tmp_path / "pdf" / f"{stem}.pdf")).findings
        found[stem] = [(f.rule, f.stated, f.expected) for f in findings if f.severity in ("error", "warning")]
    return found


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
