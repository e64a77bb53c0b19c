"""One slip of a total row gives one TBL001 finding naming every column it broke; mismatches of
unrelated causes stay findings of their own."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_text


def form(total: tuple[str, str, str], first: tuple[str, str, str], second=("", "", ""), rate="", score="") -> str:
    """A 项目支出绩效自评表 funds block of our own: a total row, then the sources of the funds."""
    return (
        "项目支出绩效自评表（2023年度）\n"
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
        f"| 年度资金总额 | {total[0]} | {total[1]} | {total[2]} | 10 | {rate} | {score} |\n"
        f"| 其中：当年财政拨款 | {first[0]} | {first[1]} | {first[2]} | — | — | — |\n"
        f"| 上年结转资金 | {second[0]} | {second[1]} | {second[2]} | — | — | — |\n"
        "| 其他资金 | | | | — | — | — |\n"
        "年度总体目标\n"
    )


def findings(text: str, code: str = "TBL001"):
    return [f for f in check_text(text, Config()).findings if f.rule == code]


def test_a_total_row_left_zero_is_one_finding_naming_every_column():
    [f] = findings(form(("0", "0", "0"), ("50", "48", "46")))
    assert f.severity == "error"
    assert f.location.block.endswith("r2c2")  # where the first column's finding stood
    assert (f.stated, f.expected) == ("0", "50")
    assert "合计行各列均为 0" in f.message
    for measure, amount in (("年初预算数", "50"), ("全年预算数", "48"), ("全年执行数", "46")):
        assert f"{measure} {amount} + （空） + （空） = {amount}，表中为 0" in f.message
    blocks = {loc.block for loc in f.related}
    assert {"t1r2c3", "t1r2c4", "t1r3c2", "t1r3c3", "t1r3c4"} <= blocks


def test_a_total_wrong_in_one_column_is_one_finding_for_that_column():
    [f] = findings(form(("75", "68", "66"), ("50", "48", "46"), ("20", "20", "20")))
    assert "年初预算数）：50 + 20 + （空） = 70，表中为 75" in f.message
    assert [loc.block for loc in f.related] == ["t1r3c2", "t1r4c2", "t1r5c2"]


def test_two_unrelated_wrong_columns_are_both_reported():
    found = findings(form(("75", "68", "60"), ("50", "48", "40"), ("20", "20", "25")))
    assert [f.location.block[-4:] for f in found] == ["r2c2", "r2c4"]
    assert not any("；" in f.message for f in found)


def test_a_total_row_copied_one_column_over_is_one_finding():
    """年初 shows the 全年预算 parts' sum and 全年预算 the 执行 parts' sum: one slip."""
    [f] = findings(form(("68", "66", "66"), ("50", "48", "46"), ("20", "20", "20")))
    assert "各列合计为另一列明细之和" in f.message
    assert "年初预算数 50 + 20 + （空） = 70，表中为 68" in f.message
    assert "全年预算数 48 + 20 + （空） = 68，表中为 66" in f.message


def test_a_zero_row_and_one_unrelated_column_give_two_findings():
    found = findings(form(("0", "0", "75"), ("50", "48", "46"), ("20", "20", "20")))
    assert len(found) == 2
    assert "合计行各列均为 0" in found[0].message and "全年执行数" in found[1].message


def test_a_zero_row_with_its_rate_left_blank_gives_no_rate_finding():
    text = form(("0", "0", "0"), ("50", "48", "46"))
    assert len(findings(text)) == 1
    assert not [f for f in check_text(text, Config()).findings if f.rule in ("SCO003", "SCO004")]


def test_a_rate_stated_wrong_above_a_zero_row_stays_its_own_finding():
    """执行率 0 where the sources give 46 ÷ 48: wrong even once the total row is filled in."""
    text = form(("0", "0", "0"), ("50", "48", "46"), rate="0", score="0")
    assert len(findings(text)) == 1
    [rate] = findings(text, "SCO003")
    assert rate.stated == "0" and rate.expected == "95.83%"


def test_a_code_tree_row_left_zero_is_one_finding():
    text = (
        "一般公共预算财政拨款支出决算表（单位：万元）\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 201 | 一般公共服务支出 | 0 | 0 | 0 |\n"
        "| 20103 | 政府办公厅（室）及相关机构事务 | 120.00 | 80.00 | 40.00 |\n"
        "| 2010301 | 行政运行 | 80.00 | 80.00 | 0 |\n"
        "| 2010350 | 事业运行 | 40.00 | 0 | 40.00 |\n"
    )
    tree = [f for f in findings(text) if "科目 201 " in f.message]
    assert len(tree) == 1 and "合计行各列均为 0" in tree[0].message


def test_every_wording_of_the_zero_row_family_gives_one_finding():
    from checker.evaluation.phrasings import load_families

    for case in load_families()["selfeval_total_row_zero"]:
        found = findings(case.defect)
        assert len(found) == 1, f"{case.id}: {[f.message for f in found]}"
        assert "合计行各列均为 0" in found[0].message, case.id
