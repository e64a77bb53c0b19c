"""Multi-level tables: a total is the sum of its direct parts, a part the sum of its 其中 rows
when they list all of it (公务用车购置及运行维护费 = 购置费 + 运行维护费), items numbered one level
down belong to the part above them. Each wrong cell has a consistent twin that stays silent."""

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.tables.notation import grid_text


def tbl001(text: str):
    """Text tables go in as extracted (TAB between cells); pipe tables as the notation of grid_text."""
    text = grid_text(text) if text.startswith("|") or "\n|" in text else text
    return [f for f in check_text(text, Config(select=("TBL001",))).findings if f.rule == "TBL001"]


# text tables as extracted from a page: TAB between cells
TABS = (
    "单位“三公”经费支出决算表\n单位：万元\n项目\t预算数\t决算数\n"
    "合计\t120.00\t96.50\n因公出国（境）费\t10.00\t0\n公务接待费\t20.00\t12.30\n"
    "公务用车购置及运行维护费\t90.00\t84.20\n其中：公务用车购置费\t30.00\t29.60\n公务用车运行维护费\t60.00\t54.60\n"
)

# the 其中 rows in the middle of the table, last year beside this year, pipes
PIPES = """\
“三公”经费预算表（单位：万元）
| 支出项目 | 本年预算数 | 上年预算数 |
| 合计 | 45.80 | 52.10 |
| 因公出国（境）费 | 3.00 | 5.00 |
| 公务用车购置及运行费 | 30.50 | 35.40 |
| 其中：公务用车购置费 | 12.00 | 15.00 |
| 公务用车运行费 | 18.50 | 20.40 |
| 公务接待费 | 12.30 | 11.70 |
"""

# parts numbered 1、2、3、, items of a part numbered 1）2）, a 其中 under an item
NUMBERED = (
    "“三公”经费支出对比表\n单位：万元\n项目\t2024年决算数\t2023年决算数\n"
    "合计\t310.40\t287.90\n1、因公出国（境）费\t0\t0\n2、公务接待费\t88.40\t80.10\n"
    "1）国内接待费\t88.40\t80.10\n其中：外事接待费\t0\t0\n2）国（境）外接待费\t0\t0\n"
    "3、公务用车购置及运行维护费\t222.00\t207.80\n其中：（1）公务用车运行维护费\t180.00\t207.80\n"
    "2）公务用车购置费\t42.00\t0\n"
)


# the same table with the car's rows named as other reports name them (和, 经费)
SPELLED = (
    PIPES.replace("公务用车购置及运行费", "公务用车购置和运行经费")
    .replace("公务用车购置费", "公务用车购置经费")
    .replace("公务用车运行费", "公务用车运行维护经费")
)


# …and a part named without 费 (公务用车购置)
BARE = TABS.replace("其中：公务用车购置费", "其中：公务用车购置")


@pytest.mark.parametrize("text", [TABS, PIPES, NUMBERED, SPELLED, BARE])
def test_consistent_hierarchies_are_silent(text):
    assert tbl001(text) == []


@pytest.mark.parametrize(
    "text,old,new,stated,severity",
    [
        # a 其中 row: its parent is no longer made up by it
        (TABS, "公务用车运行维护费\t60.00\t54.60", "公务用车运行维护费\t60.00\t57.60", "84.20", "error"),
        (PIPES, "| 公务用车运行费 | 18.50 |", "| 公务用车运行费 | 16.50 |", "30.50", "error"),
        (PIPES, "| 12.00 | 15.00 |", "| 12.00 | 17.00 |", "35.40", "error"),
        (SPELLED, "| 公务用车运行维护经费 | 18.50 |", "| 公务用车运行维护经费 | 16.50 |", "30.50", "error"),
        (BARE, "其中：公务用车购置\t30.00", "其中：公务用车购置\t33.00", "90.00", "error"),
        (NUMBERED, "（1）公务用车运行维护费\t180.00", "（1）公务用车运行维护费\t160.00", "222.00", "error"),
        (NUMBERED, "2）公务用车购置费\t42.00\t0", "2）公务用车购置费\t42.00\t9.00", "207.80", "error"),
    ],
)
def test_wrong_cell_under_a_parent(text, old, new, stated, severity):
    assert old in text
    hits = tbl001(text.replace(old, new))
    assert [(f.stated, f.severity) for f in hits] == [(stated, severity)]


@pytest.mark.parametrize(
    "text,old,new,stated",
    [
        (TABS, "合计\t120.00\t96.50", "合计\t120.00\t98.50", "98.50"),
        (PIPES, "| 合计 | 45.80 |", "| 合计 | 47.80 |", "47.80"),
        (NUMBERED, "合计\t310.40", "合计\t330.40", "330.40"),
    ],
)
def test_total_counts_direct_parts_only(text, old, new, stated):
    """合计 = its direct parts; the 其中 rows and numbered items are not added again."""
    assert old in text
    assert [f.stated for f in tbl001(text.replace(old, new))] == [stated]


@pytest.mark.parametrize(
    "text,old,new,stated",
    [
        (TABS, "公务用车购置及运行维护费\t90.00\t84.20", "公务用车购置及运行维护费\t90.00\t88.20", "88.20"),
        (PIPES, "| 公务用车购置及运行费 | 30.50 |", "| 公务用车购置及运行费 | 33.50 |", "33.50"),
    ],
)
def test_a_wrong_parent_is_an_error_at_the_parent(text, old, new, stated):
    """The 合计 it belongs to is also off, but that total rests on reading row names: a warning."""
    assert old in text
    hits = {(f.stated, f.severity) for f in tbl001(text.replace(old, new))}
    assert (stated, "error") in hits
    assert all(severity == "warning" for s, severity in hits if s != stated)


# 其中 names one part only: the parent is at least that part, never an error when it is more
PARTIAL = (
    "“三公”经费支出表\n单位：万元\n项目\t决算数\n合计\t64.00\n因公出国（境）费\t4.00\n"
    "公务用车购置及运行维护费\t40.00\n其中：公务用车购置费\t25.00\n公务接待费\t20.00\n"
)


def test_partial_breakdown_is_silent():
    assert tbl001(PARTIAL) == []
    # a smaller listed part is still no proof: the other part is not shown
    assert tbl001(PARTIAL.replace("购置费\t25.00", "购置费\t15.00")) == []


def test_partial_breakdown_total_still_checked():
    hits = tbl001(PARTIAL.replace("合计\t64.00", "合计\t66.00"))
    assert [f.stated for f in hits] == ["66.00"]


# a 其中 row under a part the lexicon does not know, figures that do not add up: its extent is
# unknown, so nothing is claimed
UNKNOWN = "支出表\n单位：万元\n项目\t决算数\n合计\t100.00\n基本支出\t70.00\n其中：人员经费\t50.00\n项目支出\t30.00\n"


def test_unknown_partial_breakdown_is_silent():
    assert tbl001(UNKNOWN) == []


CODE_TREE = """\
一般公共预算财政拨款支出决算表（单位：万元）
| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
| 合计 |  | 130.00 | 90.00 | 40.00 |
| 201 | 一般公共服务支出 | 110.00 | 75.00 | 35.00 |
| 20103 | 政府办公厅（室）及相关机构事务 | 110.00 | 75.00 | 35.00 |
| 2010301 | 行政运行 | 75.00 | 75.00 |  |
| 2010350 | 事业运行 | 35.00 |  | 35.00 |
| 208 | 社会保障和就业支出 | 20.00 | 15.00 | 5.00 |
| 20805 | 行政事业单位养老支出 | 20.00 | 15.00 | 5.00 |
| 2080505 | 机关事业单位基本养老保险缴费支出 | 20.00 | 15.00 | 5.00 |
"""


def test_code_tree_each_level_and_column():
    assert tbl001(CODE_TREE) == []
    # a 项 cell: its 款 and the row's 合计 column no longer match it
    broken = CODE_TREE.replace("| 2010350 | 事业运行 | 35.00 |  | 35.00 |", "| 2010350 | 事业运行 | 35.00 |  | 38.00 |")
    hits = tbl001(broken)
    assert {f.stated for f in hits} == {"35.00"}
    assert all(f.severity == "error" for f in hits)


def test_breakdown_rows_left_blank_are_silent():
    """其中 rows printed but not filled in: no breakdown given, nothing to check the part against."""
    blank = TABS.replace("购置费\t30.00\t29.60", "购置费\t\t").replace("运行维护费\t60.00\t54.60", "运行维护费\t\t")
    assert tbl001(blank) == []
    # one of them filled: the other, written "-", stands for 0
    half = TABS.replace("购置费\t30.00\t29.60", "购置费\t-\t-")
    assert {f.stated for f in tbl001(half)} == {"90.00", "84.20"}
