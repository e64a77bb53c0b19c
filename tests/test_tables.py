"""Table understanding: cell figures, sub-grids, headers, units, sums and the code tree."""

from decimal import Decimal

import pytest

from checker.config import Config
from checker.engine import check_text, document_from_text
from checker.ingest import load_document
from checker.model import Location
from checker.tables import header_unit, parse_figure, split_table, subject_code
from checker.tables.notation import grid_text
from checker.tables.sums import table_relations

HERE = Location(1, 1, None, "x", 0, 0)


def table_of(text: str):
    doc = document_from_text(grid_text(text))
    return next(doc.tables())


def findings(text: str, code: str):
    return [f for f in check_text(grid_text(text), Config(select=(code,))).findings if f.rule == code]


@pytest.mark.parametrize(
    "text,kind,value,op,unit",
    [
        ("=207.60亿元", "money", Decimal("20760000000"), "=", "亿元"),
        (">=1682人", "count", Decimal("1682"), ">=", "人"),
        ("大于等于 5 家", "count", Decimal("5"), ">=", "家"),
        ("≤3天", "quantity", Decimal("3"), "<=", "天"),
        ("99.87分", "quantity", Decimal("99.87"), None, "分"),
        ("1,206.50", "money", Decimal("12065000"), None, "万元"),
        ("-14.7%", "percent", Decimal("-14.7"), None, "%"),
    ],
)
def test_parse_figure(text, kind, value, op, unit):
    q = parse_figure(text, HERE, "万元")
    assert (q.kind, q.value, q.op, q.unit) == (kind, value, op, unit)
    assert q.low < q.value < q.high or q.kind == "count"


@pytest.mark.parametrize("text", ["有效促进", "完全达到预期", "-", "", "本项目为当年新增"])
def test_text_cells_are_not_figures(text):
    assert parse_figure(text, HERE, "万元") is None


def test_interval_follows_displayed_decimals():
    q = parse_figure("12.30", HERE, "万元")
    assert (q.low, q.high) == (Decimal("122950.0"), Decimal("123050.0"))


@pytest.mark.parametrize(
    "label,unit",
    [
        ("项目资金（万元）", "万元"),
        ("当年预算数(元)", "元"),
        ("执行率(%)", "%"),
        ("预算执行率", "%"),
        ("指标得分", "分"),
        ("科目名称", None),
    ],
)
def test_header_unit(label, unit):
    assert header_unit(label) == unit


@pytest.mark.parametrize(
    "text,code",
    [
        ("201", "201"),
        ("20106", "20106"),
        ("201 06 01", "2010601"),
        ("2010601", "2010601"),
        ("2024", None),
        ("合计", None),
    ],
)
def test_subject_code(text, code):
    assert subject_code(text) == code


STACKED = """\
项目绩效表
| 项目绩效表 |
| 项目名称 | 老旧小区改造 |
| 项目资金（万元） | 资金来源 | 年初预算数 | 全年预算数 | 全年执行数 | 分值权重 | 执行率 | 得分 |
|  | 年度资金总额 | 80.00 | 80.00 | 72.00 | 10 | 90.00% | 9.00 |
|  | 其中：财政拨款 | 80.00 | 80.00 | 72.00 | - | - | - |
| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值权重 | 得分 |
| 产出指标 | 数量指标 | 改造户数 | ≥120户 | 126户 | 90 | 90 |
| 总分 |  | 100 |  | 99.00 |
"""


def test_split_stacked_table_into_grids():
    grids = split_table(table_of(STACKED))
    funds = next(g for g in grids if "全年预算数" in g.labels)
    assert funds.units[funds.labels.index("全年预算数")] == "万元"
    assert funds.units[funds.labels.index("执行率")] == "%"
    assert funds.units[funds.labels.index("得分")] == "分"
    assert len(funds.body) == 2
    indicators = next(g for g in grids if "三级指标" in g.labels)
    assert len(indicators.body) == 1


def test_two_level_header_labels():
    table = table_of("""\
支出表（单位：万元）
| 科目编码 | 科目名称 | 合计 | 财政拨款 |  | 其他资金 |
|  |  |  | 小计 | 一般公共预算 |  |
| 208 | 社会保障和就业支出 | 30.00 | 20.00 | 20.00 | 10.00 |
""")
    grid = split_table(table)[0]
    assert grid.labels[3:] == ("财政拨款/小计", "财政拨款/一般公共预算", "其他资金")


CODE_TREE = """\
收入决算表（单位：万元）
| 科目编码 | 科目名称 | 本年收入合计 | 财政拨款收入 | 其他收入 |
| 合计 |  | 60.00 | 55.00 | 5.00 |
| 201 | 一般公共服务支出 | 40.00 | 35.00 | 5.00 |
| 201 06 | 财政事务 | 40.00 | 35.00 | 5.00 |
| 201 06 01 | 行政运行 | 28.00 | 28.00 |  |
| 201 06 99 | 其他财政事务支出 | 12.00 | 7.00 | 5.00 |
| 210 | 卫生健康支出 | 20.00 | 20.00 |  |
| 21011 | 行政事业单位医疗 | 20.00 | 20.00 |  |
"""


def test_code_tree_and_row_sums_are_read():
    sums, _ = table_relations(table_of(CODE_TREE))
    kinds = {(r.kind, r.total_name) for r in sums}
    assert ("tree", "201") in kinds and ("tree", "20106") in kinds and ("tree", "合计") in kinds
    assert any(r.kind == "row" for r in sums)
    assert not findings(CODE_TREE, "TBL001")


def test_code_tree_child_changed_is_flagged():
    broken = CODE_TREE.replace("| 201 06 01 | 行政运行 | 28.00 | 28.00 |", "| 201 06 01 | 行政运行 | 28.00 | 26.00 |")
    hits = findings(broken, "TBL001")
    tree = [f for f in hits if "下级科目" in f.message]
    assert tree and all(f.severity == "error" for f in tree)
    assert any("2010601" in f.message for f in tree)  # the 款 20106 no longer adds up
    # nor does the row: 合计 column 28.00 ≠ 26.00 + 0 (read from labels only: a warning)
    assert [(f.stated, f.severity) for f in hits if f not in tree] == [("28.00", "warning")]


def test_rounding_inside_interval_is_not_flagged():
    text = """\
支出表（单位：万元）
| 项目 | 合计 | 基本支出 | 项目支出 |
| 办公经费 | 10.01 | 3.34 | 6.66 |
"""
    assert not findings(text, "TBL001")


def test_subtotal_column_over_its_group():
    text = """\
支出表（单位：万元）
| 科目编码 | 科目名称 | 合计 | 财政拨款 |  | 其他资金 |
|  |  |  | 小计 | 一般公共预算 |  |
| 208 | 社会保障和就业支出 | 30.00 | 20.00 | 20.00 | 10.00 |
"""
    assert not findings(text, "TBL001")
    hits = findings(text.replace("| 30.00 | 20.00 | 20.00 | 10.00 |", "| 33.00 | 20.00 | 20.00 | 10.00 |"), "TBL001")
    assert [f.stated for f in hits] == ["33.00"]


def test_block_total_row_is_a_warning():
    table = """\
资金表（单位：万元）
| 资金来源 | 年初预算数 | 全年预算数 |
| 年度资金总额 | 50.00 | 60.00 |
| 财政拨款 | 45.00 | 55.00 |
| 其他资金 | 5.00 | 4.00 |
"""
    hits = findings(table, "TBL001")
    assert [(f.stated, f.severity) for f in hits] == [("60.00", "warning")]


def test_row_rate_checked():
    text = """\
项目表
| 序号 | 名称 | 预算数（元） | 执行数（元） | 执行率（%） |
| 1 | 设备购置 | 80,000 | 60,000 | 75.00 |
| 2 | 培训费 | 40,000 | 30,000 | 70.00 |
"""
    hits = findings(text, "TBL002")
    assert [f.stated for f in hits] == ["70.00"]
    assert "75.00%" in hits[0].message


def test_seed_004_tables_consistent(seeds_dir):
    doc = load_document(seeds_dir / "004_15c4900d2e5f3cbe.txt")
    sums = [r for t in doc.tables() for r in table_relations(t)[0]]
    assert len(sums) >= 8  # 资金来源 blocks: total row = sources, per money column
    from checker.engine import check_document

    report = check_document(doc, Config(select=("TBL",)))
    assert report.findings == ()


def test_seed_003_rates_all_recompute(seeds_dir):
    doc = load_document(seeds_dir / "003_61da251067579f59.txt")
    ratios = [r for t in doc.tables() for r in table_relations(t)[1]]
    assert len(ratios) == 17
    from checker.engine import check_document

    assert check_document(doc, Config(select=("TBL",))).findings == ()


STATEMENT = """\
收入支出决算总表（单位：万元）
| 收入 |  | 支出 |  |
| 项目 | 决算数 | 项目 | 决算数 |
| 一、一般公共预算财政拨款收入 | 410.50 | 一、一般公共服务支出 | 300.25 |
| 二、事业收入 |  | 二、教育支出 | 112.75 |
| 三、其他收入 | 3.00 |  |  |
| 本年收入合计 | 413.50 | 本年支出合计 | 413.00 |
| 年初结转和结余 | 12.40 | 年末结转和结余 | 12.90 |
| 一、一般公共预算财政拨款 | 12.40 |  |  |
| 总计 | 425.90 | 总计 | 425.90 |
"""


def test_side_by_side_statement_is_read_per_panel():
    grids = split_table(table_of(STATEMENT))
    assert [g.labels for g in grids] == [("收入/项目", "收入/决算数"), ("支出/项目", "支出/决算数")]
    sums, _ = table_relations(table_of(STATEMENT))
    named = sorted((r.total_name, r.total.text) for r in sums)
    assert named == [("总计", "425.90"), ("总计", "425.90"), ("本年支出合计", "413.00"), ("本年收入合计", "413.50")]
    assert not findings(STATEMENT, "TBL001")


def test_statement_item_changed_is_a_warning():
    broken = STATEMENT.replace("| 二、教育支出 | 112.75 |", "| 二、教育支出 | 121.75 |")
    hits = findings(broken, "TBL001")
    assert [(f.stated, f.severity) for f in hits] == [("413.00", "warning")]


# The same statement as a page copied it: each side's empty cells dropped, so the 支出 rows slide
# left and a row ends in as many empty cells as were lost.
STATEMENT_DROPPED_CELLS = """\
收入支出决算总表（单位：万元）
| 收入 | 支出 |  |  |  |  |
| 项目 | 行次 | 金额 | 项目 | 行次 | 金额 |
| 一、财政拨款收入 | 1 | 410.50 | 一、一般公共服务支出 | 28 |  |
| 二、事业收入 | 2 | 二、教育支出 | 29 |  |  |
| 三、其他收入 | 3 | 3.00 | 三、卫生健康支出 | 30 |  |
| 本年收入合计 | 4 | 413.50 | 本年支出合计 | 31 | 413.00 |
"""


def test_a_total_beside_blank_item_cells_is_no_sum_of_them():
    """本年收入合计's row ends in 本年支出合计's amount; the 一、二、三、 rows hold nothing in that column
    (their figures slid left with the dropped cells): blanks under a total say nothing of it."""
    assert not findings(STATEMENT_DROPPED_CELLS, "TBL001")
    # where the item rows are filled, a total they miss is still told
    assert findings(STATEMENT.replace("| 三、其他收入 | 3.00 |", "| 三、其他收入 | 30.00 |"), "TBL001")


FUND = """\
社会保险基金预算执行情况表（单位：万元）
| 项目 | 预算数 | 执行数 |
| 一、期初余额 | 520.00 | 520.00 |
| 二、收入合计 | 310.00 | 295.40 |
| （一）收入小计 | 300.00 | 288.10 |
| 1.保险费收入 | 280.00 | 270.60 |
| 2.利息收入 | 20.00 | 17.50 |
| （二）上级补助收入 | 10.00 | 7.30 |
| 三、支出合计 | 260.00 | 241.80 |
| （一）支出小计 | 260.00 | 241.80 |
| 1.待遇支出 | 260.00 | 241.80 |
"""


def test_a_subtotal_under_an_item_does_not_total_the_items_above_it():
    """（一）收入小计 totals the rows under 二、收入合计; it is no sum of 一、期初余额 and 二、收入合计
    (a false error on every such fund table before)."""
    assert not findings(FUND, "TBL001")
    # the same rows under a plain total do add up as items: the reader still sums them there
    summed = FUND.replace("| （一）收入小计 | 300.00 | 288.10 |", "| 收入小计 | 830.00 | 815.40 |")
    assert [f.stated for f in findings(summed, "TBL001")] == []
    assert findings(summed.replace("| 815.40 |", "| 825.40 |"), "TBL001")


SANGONG = """\
“三公”经费支出表
| “三公”经费（万元） |  |  |  |  |  |  |  |  |  |
| 合计 |  | 因公出国（境）费 |  | 公务用车购置及运行费 |  |  |  | 公务接待费 |  |
|  |  |  |  | 小计 |  | 公务用车购置费 |  |  |  |
| 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 |
| 6.30 | 5.10 | 1.00 | 0.80 | 4.50 | 3.90 | 4.50 | 3.90 | 0.80 | 0.40 |
"""


def test_three_level_header_with_measure_leaves():
    grid = split_table(table_of(SANGONG))[0]
    assert grid.labels[4] == "“三公”经费（万元）/公务用车购置及运行费/小计/预算数"
    assert grid.labels[8] == "“三公”经费（万元）/公务接待费/预算数"  # the 小计 row does not spill over
    sums, _ = table_relations(table_of(SANGONG))
    totals = sorted(r.total.text for r in sums)
    assert totals == ["5.10", "6.30"]  # 合计 = 因公出国 + 公务用车/小计 + 公务接待, per measure
    assert not findings(SANGONG, "TBL001")
    hits = findings(SANGONG.replace("| 6.30 | 5.10 |", "| 6.80 | 5.10 |"), "TBL001")
    assert [(f.stated, f.severity) for f in hits] == [("6.80", "error")]


def test_real_pdf_tables_add_up(pdf_dir):
    from checker.engine import check_document

    for name in ("putuo-caizhengju-2024.pdf", "putuo-guihuaziyuanju-2024.pdf", "putuo-shehuigongzuobu-2024.pdf"):
        doc = load_document(pdf_dir / name)
        sums = [r for t in doc.tables() for r in table_relations(t)[0]]
        kinds = {r.kind for r in sums}
        assert {"tree", "row", "column"} <= kinds, name
        assert len(sums) > 100, name
        assert check_document(doc, Config(select=("TBL",))).findings == (), name


def test_changed_pdf_cell_is_caught(pdf_dir):
    import dataclasses

    from checker.engine import check_document
    from checker.model import Table

    doc = load_document(pdf_dir / "putuo-shehuigongzuobu-2024.pdf")
    tree = next(r for t in doc.tables() for r in table_relations(t)[0] if r.kind == "tree" and len(r.parts) >= 2)
    target = tree.parts[0].location.block
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Table) and target.startswith(block.id + "r"):
            rows = tuple(
                tuple(dataclasses.replace(c, text="1" + c.text) if c.id == target else c for c in row)
                for row in block.rows
            )
            block = dataclasses.replace(block, rows=rows)
        blocks.append(block)
    changed = dataclasses.replace(doc, blocks=tuple(blocks))
    found = check_document(changed, Config(select=("TBL001",))).findings
    assert any(f.severity == "error" and target in {r.block for r in f.related} for f in found)


SANGONG_FRAMED = """\
“三公”经费、会议费、培训费支出预算表
| 本单位“三公”经费、会议费、培训费支出预算表 |  |  |  |  |  |  |  |  |
| 部门：某某局 |  |  |  |  |  |  | 单位：万元 |  |
| 合计 | “三公”经费 |  |  |  |  |  |  | 培训费 |
|  | 小计 | 因公出国（境）费 | 公务用车购置及运行维护费 |  |  | 公务接待费 | 会议费 |  |
|  |  |  | 小计 | 公务用车购置费 | 公务用车运行维护费 |  |  |  |
| 380.00 | 150.00 | 20.00 | 100.00 | 40.00 | 60.00 | 30.00 | 200.00 | 30.00 |
"""


def test_title_lines_inside_the_frame_are_not_header_levels():
    grid = split_table(table_of(SANGONG_FRAMED))[0]
    assert grid.labels[1] == "“三公”经费/小计"
    assert grid.labels[6] == "“三公”经费/公务接待费"
    assert grid.units[1] == "万元"


def test_a_known_group_keeps_its_own_columns():
    # 会议费 stands under an empty cell that the “三公”经费 label seems to cover: the group's
    # parts are only 出国 + 公务用车 + 接待, so the consistent table is clean
    assert not findings(SANGONG_FRAMED, "TBL001")
    hits = findings(SANGONG_FRAMED.replace("| 30.00 | 200.00 |", "| 35.00 | 200.00 |"), "TBL001")
    assert [(f.stated, f.severity) for f in hits if "“三公”经费/小计" in f.message] == [("150.00", "error")]


TWO_TABLES_ONE_FRAME = """\
财政拨款支出预算表（单位：万元）
| 财政拨款支出预算表 部门：某某局 单位：万元 |  |  |
| 功能科目代码 | 功能科目名称 | 金额 |
|  | 合计 | 50.00 |
| 201 | 一般公共服务支出 | 50.00 |
| 20102 | 政协事务 | 50.00 |
| 基本支出预算表 部门：某某局 单位：万元 |  |  |
| 功能科目代码 | 功能科目名称 | 金额 |
|  | 合计 | 30.00 |
| 301 | 工资福利支出 | 30.00 |
| 30101 | 基本工资 | 30.00 |
"""


def test_a_header_repeated_under_a_title_row_starts_a_new_grid():
    # two tables read as one (a page break in a PDF): 合计 = 201 + 301 would be a false error
    grids = split_table(table_of(TWO_TABLES_ONE_FRAME))
    assert len([g for g in grids if g.body]) == 2
    assert not findings(TWO_TABLES_ONE_FRAME, "TBL001")


def test_function_and_economic_codes_are_never_one_total():
    text = TWO_TABLES_ONE_FRAME.replace(
        "| 基本支出预算表 部门：某某局 单位：万元 |  |  |\n| 功能科目代码 | 功能科目名称 | 金额 |\n|  | 合计 | 30.00 |\n",
        "",
    )
    sums, _ = table_relations(table_of(text))
    assert not any(r.kind == "tree" and set(r.names) == {"201", "301"} for r in sums)


FUNDS_TOTAL_ZERO = """\
项目支出绩效自评表
| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 0 | 0 | 0 | 10 | 0 | 0 |
| 其中：本年财政拨款 | 64.5 | 63.80 | 63.80 | — | — | — |
| 上年结转资金 |  |  |  | — | — | — |
| 其他资金 |  |  |  | — | — | — |
"""


def test_a_total_row_smaller_than_one_of_its_parts_is_an_error():
    hits = findings(FUNDS_TOTAL_ZERO, "TBL001")
    # the row left 0 in its three money columns is one slip: one finding naming each column
    assert [(f.stated, f.severity) for f in hits] == [("0", "error")]
    assert hits[0].message.count("表中为 0") == 3
    consistent = FUNDS_TOTAL_ZERO.replace("| 0 | 0 | 0 | 10 |", "| 64.5 | 63.80 | 63.80 | 10 |")
    assert not findings(consistent, "TBL001")
    # a total that its parts merely fail to reach is read from labels only: still a warning
    short = FUNDS_TOTAL_ZERO.replace("| 0 | 0 | 0 | 10 |", "| 70.5 | 63.80 | 63.80 | 10 |")
    assert [f.severity for f in findings(short, "TBL001")] == ["warning"]


# A table of this year beside last year with the change between them (TBL003): our own tables.
CHANGE_BY_YEARS = """“三公”经费决算对比表
单位：万元
| 项目 | 2024年决算数 | 2023年决算数 | 增减额 | 增减幅度 |
| 合计 | 58.40 | 52.10 | 6.30 | 12.09% |
| 公务接待费 | 14.20 | 16.00 | 1.80 | 11.25% |
| 公务用车运行维护费 | 44.20 | 36.10 | 8.10 | 22.44% |
"""


def test_change_columns_that_follow_from_their_rows_pass():
    assert findings(CHANGE_BY_YEARS, "TBL003") == []


@pytest.mark.parametrize(
    "old,new,what",
    [
        ("| 6.30 |", "| 6.80 |", "增减额"),  # the change cell
        ("| 22.44% |", "| 24.22% |", "增减率"),  # the rate cell
        ("| 44.20 |", "| 46.20 |", "增减额"),  # this year's amount changed, the change columns not
    ],
)
def test_change_columns_against_their_row(old, new, what):
    found = findings(CHANGE_BY_YEARS.replace(old, new), "TBL003")
    assert found and all(f.severity == "error" for f in found)
    assert any(what in f.message for f in found)


def test_change_columns_named_by_this_year_and_last_year_with_signed_changes():
    table = """政府采购支出对比表（元）
| 类别 | 本年数 | 上年数 | 增减额 | 增减率 |
| 货物 | 120,000.00 | 150,000.00 | -30,000.00 | -20.00% |
| 服务 | 80,000.00 | 50,000.00 | 30,000.00 | 60.00% |
"""
    assert findings(table, "TBL003") == []
    # a signed change is held to its direction as well
    (f,) = findings(
        table.replace("-30,000.00", "30,000.00 ").replace("| 30,000.00 | 60", "| -30,000.00 | 60"), "TBL003"
    )
    assert "服务" in f.message


@pytest.mark.parametrize(
    "delta,rate",
    [("增（减）额", "增（减）率"), ("比上年增减", "增幅"), ("增减变动额", "增减幅")],
)
def test_change_columns_under_other_header_words(delta, rate):
    table = CHANGE_BY_YEARS.replace("| 增减额 | 增减幅度 |", f"| {delta} | {rate} |")
    assert findings(table, "TBL003") == []
    (f,) = findings(table.replace("| 8.10 |", "| 8.60 |"), "TBL003")
    assert "公务用车运行维护费" in f.message and f.severity == "error"


def test_change_column_named_by_the_measure_it_changes():
    """2024年预算数增减 beside 2023年预算数 | 2024年预算数, then a column of reasons: the change column is
    named by its measure, not by 增减额; the reasons' 增减原因 is no change column."""
    table = """“三公”经费预算增减变化情况表
单位：万元
| 项目 | 2023年预算数 | 2024年预算数 | 2024年预算数增减 | 增减原因 |
| 合计 | 96.40 | 90.15 | -6.25 | 压减一般性支出 |
| 公务接待费 | 20.40 | 18.00 | -2.40 | 减少接待批次 |
| 公务用车运行维护费 | 76.00 | 72.15 | -3.85 | 车辆减少 |
"""
    assert findings(table, "TBL003") == []
    (f,) = findings(table.replace("| -3.85 |", "| -3.35 |"), "TBL003")
    assert "公务用车运行维护费" in f.message and f.severity == "error"
    # a reasons column alone states no change
    reasons_only = table.replace("| 2024年预算数增减 ", "| 说明 ").replace("| -3.85 |", "| -3.35 |")
    assert findings(reasons_only, "TBL003") == []


@pytest.mark.parametrize(
    "table",
    [
        # no year or 本年/上年 in the header: which column is last year's is not known
        "| 项目 | 预算数 | 决算数 | 增减额 |\n| 办公费 | 10.00 | 8.00 | 1.00 |\n",
        # years that are not consecutive are two budgets, not this year and last
        "| 项目 | 2024年预算数 | 2021年决算数 | 增减额 |\n| 办公费 | 10.00 | 8.00 | 1.00 |\n",
        # an empty year cell: the row states no change to check
        "| 项目 | 2024年 | 2023年 | 增减额 |\n| 培训费 | 4.00 |  | 1.00 |\n",
    ],
)
def test_change_columns_left_alone(table):
    assert findings(table, "TBL003") == []


def test_change_row_under_two_year_rows():
    table = """公务接待与公务用车支出对比（万元）
| 年度 | 合计 | 公务接待费 | 公务用车运行维护费 |
| 2023年 | 120.50 | 40.20 | 80.30 |
| 2024年 | 108.40 | 36.10 | 72.30 |
| 2024年比2023年增减% | -10.04 | -10.20 | -9.96 |
"""
    assert findings(table, "TBL003") == []
    (f,) = findings(table.replace("| -10.20 |", "| -12.20 |"), "TBL003")
    assert "公务接待费" in f.message and f.severity == "error"


def test_a_prose_cell_is_a_long_cell_with_more_than_eight_han_characters():
    """``is_prose_cell`` stops at the ninth Han character; it says what counting them all says."""
    import random
    import re

    from checker.nlp.cells import is_prose_cell

    han = re.compile("[\u4e00-\u9fff]")
    pieces = ["支", "出", "一", "\u9fff", "\u4e00", "\u3400", "（", "1", "2.5", " ", "\n", "%", "a", "、"]
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert is_prose_cell(text) == (len(text) > 24 and len(han.findall(text)) > 8), text


@pytest.mark.parametrize(
    "title",
    [
        ["| 表3 一般公共预算财政拨款支出决算表 | | | |", "| 单位：万元 | | | |"],
        ["| 2023年度支出决算表 | | | |", "| 编制单位：某某局 | | | |", "| 金额单位：万元 | | | |"],
        ["| 部门：某某局 | | | 单位：万元 |"],
    ],
    ids=["title then unit", "title, unit of work, unit", "one line"],
)
def test_a_title_block_of_one_cell_rows_inside_the_frame_heads_the_column_labels(title):
    # a Word or Excel table often carries its title and unit as rows of its own above the labels
    rows = [
        "| 项目 | 合计 | 基本支出 | 项目支出 |",
        "| 合计 | 860.00 | {total} | 60.00 |",
        "| 一般公共服务支出 | 500.00 | 480.00 | 20.00 |",
        "| 社会保障和就业支出 | 300.00 | 280.00 | 20.00 |",
        "| 卫生健康支出 | 60.00 | 40.00 | 20.00 |",
    ]
    text = "\n".join(title + rows)
    wrong = check_text(text.format(total="810.00"), Config(select=("TBL001",))).findings
    assert {f.stated for f in wrong} >= {"810.00"}, wrong
    assert not check_text(text.format(total="800.00"), Config(select=("TBL001",))).findings


_CLOSED_LISTS = {
    "三公 by row": [
        "单位：万元",
        "| 项目 | 决算数 |",
        "| 因公出国（境）费 | 0 |",
        "| 公务用车购置及运行维护费 | 8.20 |",
        "| 公务接待费 | 1.80 |",
        "| 合计 | {total} |",
    ],
    "numbered projects, two columns": [
        "金额单位：万元",
        "| 序号 | 项目名称 | 预算数 | 执行数 |",
        "| 1 | 农村道路养护 | 120.00 | 118.50 |",
        "| 2 | 河道保洁 | 80.00 | 80.00 |",
        "| 3 | 村级公益事业 | 45.00 | 41.50 |",
        "| | 总计 | 245.00 | {total} |",
    ],
}


@pytest.mark.parametrize("name", sorted(_CLOSED_LISTS))
def test_a_total_row_closing_a_flat_list_is_the_sum_of_the_rows_above(name):
    text = "\n".join(_CLOSED_LISTS[name])
    right = {"三公 by row": "10.00", "numbered projects, two columns": "240.00"}[name]
    wrong = {"三公 by row": "12.00", "numbered projects, two columns": "250.00"}[name]
    assert not check_text(text.format(total=right), Config(select=("TBL001",))).findings
    found = check_text(text.format(total=wrong), Config(select=("TBL001",))).findings
    # read from row labels, and rows cut off above would be a shortfall: a warning, never an error
    assert [(f.stated, f.severity) for f in found] == [(wrong, "warning")], found


@pytest.mark.parametrize(
    "rows",
    [
        # a whole followed by its own items, their marks lost: the rows above do not add up to the total
        [
            "| 基本支出 | 60.00 |",
            "| 人员经费 | 45.00 |",
            "| 公用经费 | 15.00 |",
            "| 项目支出 | 40.00 |",
            "| 合计 | 100.00 |",
        ],
        # a 其中 row among them
        ["| 基本支出 | 60.00 |", "| 其中：人员经费 | 45.00 |", "| 项目支出 | 40.00 |", "| 合计 | 100.00 |"],
        # items set a column further right than the first
        ["| 基本支出 | | 60.00 |", "| | 人员经费 | 45.00 |", "| 项目支出 | | 40.00 |", "| 合计 | | 100.00 |"],
    ],
    ids=["unmarked outline", "其中 row", "indented by column"],
)
def test_a_closing_total_over_rows_that_are_no_flat_list_is_left_alone(rows):
    header = "| 项目 | 金额 |" if rows[0].count("|") == 3 else "| 项目 | 明细 | 金额 |"
    text = "\n".join(["单位：万元", header] + rows)
    assert not check_text(text, Config(select=("TBL001",))).findings


def test_a_column_whose_cells_write_their_own_money_unit_is_summed():
    # no unit line, title or header unit: each cell says 万元 itself
    text = "\n".join(
        [
            "| 项目 | 金额 |",
            "| 合计 | {total}万元 |",
            "| 基本支出 | 500.00万元 |",
            "| 项目支出 | 300.00万元 |",
            "| 其他支出 | 60.00万元 |",
        ]
    )
    assert not check_text(text.format(total="860.00"), Config(select=("TBL001",))).findings
    assert [f.rule for f in check_text(text.format(total="870.00"), Config(select=("TBL001",))).findings] == ["TBL001"]
    # figures without a unit in a table without one stay unsummed: they may be counts, codes or years
    bare = text.replace("万元", "")
    assert not check_text(bare.format(total="870.00"), Config(select=("TBL001",))).findings
