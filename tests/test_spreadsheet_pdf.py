"""Budget tables typed in a spreadsheet and printed to PDF (LibreOffice Calc from a flat ODF sheet):
each table on a page of its own or two to a page, a header whose names a sheet centres and wraps
in narrow columns, figures set on the right, thin borders on every cell, on the header only, around
the table only, or none. Each case: a consistent sheet that must stay silent, and a copy with one
figure changed that must be found. Our own tables; skipped without LibreOffice."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import build_fods, libreoffice_convert

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="LibreOffice is not installed"
)

# Totals of two sides and an income table: a figure set on the right stands close to the next
# column's name, a long code close to its name; the header wraps in narrow columns, one of them
# left blank (no fund income), so no figure places it.
INCOME = """收入支出决算总表
单位：万元
| 收入 | < | 支出 | < |
| 项目 | 决算数 | 项目 | 决算数 |
| 一、一般公共预算财政拨款收入 | 1,380.30 | 一、一般公共服务支出 | 980.30 |
| 二、政府性基金预算财政拨款收入 |  | 二、住房保障支出 | 480.00 |
| 三、其他收入 | 80.00 |  |  |
| 本年收入合计 | 1,460.30 | 本年支出合计 | 1,460.30 |
@@PAGE
收入决算表
单位：万元
| 科目编码 | 科目名称 | 本年收入合计 | 一般公共预算财政拨款收入 | 政府性基金预算财政拨款收入 | 其他收入 |
| 合计 | < | 1,460.30 | 1,380.30 |  | 80.00 |
| 201 | 一般公共服务支出 | 980.30 | 900.30 |  | 80.00 |
| 20103 | 政府办公厅（室）及相关机构事务 | 980.30 | 900.30 |  | 80.00 |
| 2010301 | 行政运行 | {part} | 700.30 |  |  |
| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 280.00 | 200.00 |  | 80.00 |
| 221 | 住房保障支出 | 480.00 | 480.00 |  |  |
| 22102 | 住房改革支出 | 480.00 | 480.00 |  |  |
| 2210201 | 住房公积金 | 430.00 | 430.00 |  |  |
| 2210203 | 购房补贴 | 50.00 | 50.00 |  |  |
"""

# Codes in three columns under 科目编码, row numbers, a row of column numbers (栏次) centred in
# columns whose figures stand on the right.
SPENDING = """支出决算表
单位：万元
| 科目编码 | < | < | 科目名称 | 行次 | 本年支出合计 | 基本支出 | 项目支出 |
| 类 | 款 | 项 | ^ | ^ | ^ | ^ | ^ |
| 栏次 | < | < | < |  | 1 | 2 | 3 |
| 合计 | < | < | < | 1 | 1,460.30 | 1,130.30 | 330.00 |
| 201 |  |  | 一般公共服务支出 | 2 | 980.30 | 700.30 | 280.00 |
| 201 | 03 |  | 政府办公厅（室）及相关机构事务 | 3 | 980.30 | 700.30 | 280.00 |
| 201 | 03 | 01 | 行政运行 | 4 | {part} | 700.30 |  |
| 201 | 03 | 99 | 其他政府办公厅（室）及相关机构事务支出 | 5 | 280.00 |  | 280.00 |
| 221 |  |  | 住房保障支出 | 6 | 480.00 | 430.00 | 50.00 |
| 221 | 02 |  | 住房改革支出 | 7 | 480.00 | 430.00 | 50.00 |
| 221 | 02 | 01 | 住房公积金 | 8 | 430.00 | 430.00 |  |
| 221 | 02 | 03 | 购房补贴 | 9 | 50.00 |  | 50.00 |
"""

# A header of two tiers: 本年支出 over three columns, 科目编码 over three; a dash for none.
FUND = """政府性基金预算财政拨款收入支出决算表
单位：万元
| 科目编码 | < | < | 科目名称 | 年初结转和结余 | 本年收入 | 本年支出 | < | < | 年末结转和结余 |
| 类 | 款 | 项 | ^ | ^ | ^ | 小计 | 基本支出 | 项目支出 | ^ |
| 合计 | < | < | < | - | 512.40 | 512.40 | - | 512.40 | - |
| 212 |  |  | 城乡社区支出 | - | 512.40 | 512.40 | - | 512.40 | - |
| 212 | 08 |  | 国有土地使用权出让收入安排的支出 | - | 512.40 | 512.40 | - | 512.40 | - |
| 212 | 08 | 03 | 城市建设支出 | - | 300.00 | {part} | - | 300.00 | - |
| 212 | 08 | 99 | 其他国有土地使用权出让收入安排的支出 | - | 212.40 | 212.40 | - | 212.40 | - |
"""

# One row of amounts under a header of two tiers; a two-sided table whose totals' names are merged
# over a code's and a name's column.
OTHERS = """一般公共预算财政拨款“三公”经费支出预算表
单位：万元
| 合计 | 因公出国（境）费 | 公务用车购置及运行费 | < | < | 公务接待费 |
| ^ | ^ | 小计 | 公务用车购置费 | 公务用车运行费 | ^ |
| 36.50 | 4.00 | 28.30 | 18.00 | {part} | 4.20 |
@@PAGE
一般公共预算财政拨款基本支出决算表
单位：万元
| 人员经费 | < | < | 公用经费 | < | < |
| 科目编码 | 科目名称 | 决算数 | 科目编码 | 科目名称 | 决算数 |
| 301 | 工资福利支出 | 640.00 | 302 | 商品和服务支出 | 95.30 |
| 30101 | 基本工资 | 260.00 | 30201 | 办公费 | 35.30 |
| 30102 | 津贴补贴 | 380.00 | 30211 | 差旅费 | 60.00 |
| 303 | 对个人和家庭的补助 | 45.00 |  |  |  |
| 30302 | 退休费 | 45.00 |  |  |  |
| 人员经费合计 | < | {total} | 公用经费合计 | < | 95.30 |
"""


def _long_table(changed: bool) -> str:
    """An income table too long for one landscape page of tall rows: its second page leaves the
    column of other income blank."""
    rows = []
    total = Decimal("0")
    other = Decimal("60.00")
    for k, code in enumerate(("201", "205", "207", "208", "210", "213", "221")):
        leaves = [Decimal(100 + 37 * k) + Decimal("0.25"), Decimal(60 + 11 * k) + Decimal("0.50")]
        extra = other if k == 0 else Decimal("0")
        group = sum(leaves) + extra
        total += group
        rows.append((code, f"支出类{k + 1}", group, group - extra, extra))
        rows.append((code + "01", f"支出款{k + 1}", group, group - extra, extra))
        for n, leaf in enumerate(leaves):
            leaf_extra = extra if n == 0 else Decimal("0")
            rows.append((f"{code}01{n + 1:02d}", f"支出项{k + 1}{n + 1}", leaf + leaf_extra, leaf, leaf_extra))
    lines = [
        "收入预算表",
        "单位：万元",
        "| 科目编码 | 科目名称 | 合计 | 一般公共预算拨款收入 | 其他收入 |",
        f"| 合计 | < | {total:,.2f} | {total - other:,.2f} | {other:,.2f} |",
    ]
    for i, (code, name, all_, general, extra) in enumerate(rows):
        shown = f"{all_ + (1 if changed and i == len(rows) - 1 else 0):,.2f}"
        lines.append(f"| {code} | {name} | {shown} | {general:,.2f} | {f'{extra:,.2f}' if extra else ''} |")
    return "\n".join(lines) + "\n"


CASES = {
    # name: (text with its consistent figures, the changed figure, the sheet's print settings)
    "income-none": (INCOME.format(part="700.30"), INCOME.format(part="710.30"), {"borders": "none"}),
    "spending-header": (SPENDING.format(part="700.30"), SPENDING.format(part="710.30"), {"borders": "header"}),
    "spending-none": (SPENDING.format(part="700.30"), SPENDING.format(part="710.30"), {"borders": "none"}),
    "fund-outer": (FUND.format(part="300.00"), FUND.format(part="310.00"), {"borders": "outer", "landscape": True}),
    "others-none": (
        OTHERS.format(part="10.30", total="685.00"),
        OTHERS.format(part="11.30", total="685.00"),
        {"borders": "none"},
    ),
    "others-header": (
        OTHERS.format(part="10.30", total="685.00"),
        OTHERS.format(part="10.30", total="695.00"),
        {"borders": "header"},
    ),
    "long-none": (
        _long_table(False),
        _long_table(True),
        {"borders": "none", "landscape": True, "row_height": 20},
    ),
}


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """Per case and copy (consistent, defect): the errors and warnings, and the tables' rows."""
    tmp = tmp_path_factory.mktemp("sheets")
    sources = []
    for name, (consistent, defect, settings) in CASES.items():
        for copy, text in (("consistent", consistent), ("defect", defect)):
            path = tmp / f"{name}-{copy}.fods"
            path.write_bytes(build_fods(text, **settings))
            sources.append(path)
    libreoffice_convert(sources, "pdf", tmp / "pdf", tmp / "profile")
    out = {}
    for path in sources:
        doc = load_document(tmp / "pdf" / f"{path.stem}.pdf")
        findings = [(f.rule, f.stated) for f in check_document(doc).findings if f.severity in ("error", "warning")]
        out[path.stem] = (findings, [[[c.text for c in row] for row in t.rows] for t in doc.tables()])
    return out


@pytest.mark.parametrize("name", CASES)
def test_consistent_sheet_stays_silent(sheets, name):
    assert sheets[f"{name}-consistent"][0] == []


@pytest.mark.parametrize("name", CASES)
def test_changed_figure_is_found(sheets, name):
    assert any(rule == "TBL001" for rule, _ in sheets[f"{name}-defect"][0]), sheets[f"{name}-defect"][0]


def test_wrapped_header_names_its_columns_blank_one_included(sheets):
    tables = sheets["income-none-consistent"][1]
    assert tables[1][0] == [
        "科目编码",
        "科目名称",
        "本年收入合计",
        "一般公共预算财政拨款收入",
        "政府性基金预算财政拨款收入",
        "其他收入",
    ]
    # a figure and the next column's name, a code and its name: cells of their own
    assert tables[0][2] == ["一、一般公共预算财政拨款收入", "1,380.30", "一、一般公共服务支出", "980.30"]
    assert tables[1][4][:3] == ["2010301", "行政运行", "700.30"]


def test_ruled_header_over_unruled_rows_is_one_table(sheets):
    tables = sheets["spending-header-consistent"][1]
    assert len(tables) == 1
    assert tables[0][4][:6] == ["201", "", "", "一般公共服务支出", "2", "980.30"]


def test_column_numbers_make_no_column_of_their_own(sheets):
    (table,) = sheets["spending-none-consistent"][1]
    assert len(table[0]) == 8


def test_header_word_over_columns_heads_them_a_row_above(sheets):
    (table,) = sheets["fund-outer-consistent"][1]
    assert table[0][6] == "本年支出" and table[1][6:9] == ["小计", "基本支出", "项目支出"]
    assert table[0][0] == "科目编码" and table[1][:3] == ["类", "款", "项"]


def test_row_of_amounts_under_a_sheet_header_is_a_table(sheets):
    tables = sheets["others-none-consistent"][1]
    assert ["36.50", "4.00", "28.30", "18.00", "10.30", "4.20"] in tables[0]


def test_borderless_table_goes_on_onto_the_next_page(sheets):
    tables = sheets["long-none-consistent"][1]
    assert len(tables) == 1
    assert tables[0][-1][:3] == ["2210102", "支出项72", "126.50"]
