"""Tables as the national 决算 templates lay them out, in every container: a 栏次 row numbering
the columns under the header (栏次 | 1 | 2 | 3, or 1 | 2 | … | 12 alone under a 三公 header), a
行次 column numbering the rows, and a table a page break cut in two (续表, the header repeated).
The numbers are no figures and the halves are one table: the consistent tables stay silent, and a
cell changed in each is still found. Our own tables."""

from __future__ import annotations

import pytest

from checker.engine import check_document
from checker.ingest import load_document
from checker.ingest.tables import make_table
from checker.tables.grid import is_column_numbers

from _containers import table_containers

INCOME = """清河县农业农村局2024年度部门决算说明
一、收入决算情况
2024年度本年收入合计842.30万元，其中：财政拨款收入790.00万元，事业收入40.00万元，其他收入12.30万元。
收入决算表
单位：万元
| 项目 | 行次 | 本年收入合计 | 财政拨款收入 | 事业收入 | 其他收入 |
| 栏次 |  | 1 | 2 | 3 | 4 |
| 合计 | 1 | 842.30 | 790.00 | 40.00 | 12.30 |
| 一般公共服务支出 | 2 | 502.30 | 480.00 | 10.00 | 12.30 |
| 农林水支出 | 3 | 280.00 | 250.00 | 30.00 |  |
| 住房保障支出 | 4 | 60.00 | 60.00 |  |  |
"""

SANGONG = """清河县水利局2024年度部门决算说明
财政拨款“三公”经费支出决算表
单位：万元
| 预算数 |  |  |  |  |  | 决算数 |  |  |  |  |  |
| 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 |  |  | 公务接待费 | 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 |  |  | 公务接待费 |
|  |  | 小计 | 公务用车购置费 | 公务用车运行维护费 |  |  |  | 小计 | 公务用车购置费 | 公务用车运行维护费 |  |
| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |
| 31.00 | 4.00 | 20.00 | 0.00 | 20.00 | 7.00 | 26.40 | 0.00 | 19.10 | 0.00 | 19.10 | 7.30 |
"""

HEAD = "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |"
# a 款 (21301) whose 项 rows run on after the page break
FIRST = """| 213 | 农林水支出 | 640.00 | 420.00 | 220.00 |
| 21301 | 农业农村 | 640.00 | 420.00 | 220.00 |
| 2130101 | 行政运行 | 300.00 | 300.00 |  |
| 2130104 | 事业运行 | 120.00 | 120.00 |  |"""
REST = """| 2130106 | 科技转化与推广服务 | 150.00 |  | 150.00 |
| 2130108 | 病虫害控制 | 70.00 |  | 70.00 |
| 221 | 住房保障支出 | 45.00 | 45.00 |  |
| 22102 | 住房改革支出 | 45.00 | 45.00 |  |
| 2210201 | 住房公积金 | 45.00 | 45.00 |  |
| 合计 |  | 685.00 | 465.00 | 220.00 |"""
CONTINUED = f"""清河县农业农村局2024年度部门决算说明
一般公共预算财政拨款支出决算表
单位：万元
{HEAD}
{FIRST}
续表
单位：万元
{HEAD}
{REST}
"""


def _containers(text: str, tmp_path):
    return table_containers(text, tmp_path, "r")


def _findings(path):
    return [f for f in check_document(load_document(path)).findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("text", [INCOME, SANGONG, CONTINUED], ids=["income", "sangong", "continued"])
def test_consistent_numbered_and_continued_tables_are_silent(text, tmp_path):
    for path in _containers(text, tmp_path):
        assert _findings(path) == [], path.suffix


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        (INCOME, "| 480.00 |", "| 481.00 |"),  # a part of the 合计 row and of its column
        (SANGONG, "| 19.10 | 7.30 |", "| 19.60 | 7.30 |"),  # 运行维护费 against its 小计
        (CONTINUED, "| 2130108 | 病虫害控制 | 70.00 |", "| 2130108 | 病虫害控制 | 75.00 |"),
    ],
    ids=["income", "sangong", "continued"],
)
def test_a_changed_cell_is_found_in_every_container(text, old, new, tmp_path):
    assert old in text
    for path in _containers(text.replace(old, new), tmp_path):
        assert any(f.rule == "TBL001" for f in _findings(path)), path.suffix


def test_a_continued_table_is_one_table(tmp_path):
    text_path, html_path, docx_path, _ = _containers(CONTINUED, tmp_path)
    for path in (text_path, html_path, docx_path):
        (table,) = load_document(path).tables()
        assert table.n_rows == 1 + 4 + 6, path.suffix


def test_tables_with_one_header_and_their_own_titles_stay_apart(tmp_path):
    text = CONTINUED.replace("续表\n单位：万元", "政府性基金预算财政拨款支出决算表\n单位：万元")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    assert len(list(load_document(path).tables())) == 2


@pytest.mark.parametrize(
    ("cells", "numbers"),
    [
        (["栏次", "", "1", "2", "3"], True),
        (["栏次", "", "1", "栏次", "", "2"], True),
        (["1", "2", "3", "4", "5"], True),
        (["1", "2"], False),  # two bare numbers: a row of figures as well
        (["车辆数", "1", "2", "3"], False),  # a row with a name is a row of figures
        (["3", "4", "5"], False),
        (["1", "2", "4"], False),
    ],
)
def test_a_row_numbering_the_columns(cells, numbers):
    assert is_column_numbers(make_table("t", [[(c, []) for c in cells]]).rows[0]) is numbers
