"""Wordings met in real reports that none of the earlier rules was built on (set F): a comparison
whose 与 was dropped, a change after last year's amount and a comma (比上年的W万元，增加Y万元),
其他… named first in a list, two paragraphs each with its own list of shares, an amount's government
level in its label, a list item run on in the previous line. Each is a
phrasing case (``corpus/phrasings``) whose twin must raise neither an error nor a warning; the
sentences are the project's own."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.evaluation.phrasings import load_families

CASES = {case.id: case for cases in load_families().values() for case in cases}
SILENT_TWINS = [
    "year-xiangbi-without-yu",
    "base-xiangbi-without-yu",
    "year-xiangjiao-without-yu",
    "respective-with-catch-all-last",
    "two-paragraphs-two-lists",
    "same-level-twice",
    "level-in-brackets",
    "run-on-item-is-present",
    "run-on-digit-dot-item",
    # set P: two documents' allocations, staff posts then staff present, 自评表 funds lines in more layouts
    "cited-document-twice",
    "staff-posts-then-staff-present",
    "double-spaced-wrapped-header-money-cells",
    "merged-cell-pipes",
    "money-unit-in-cells-bare",
    "double-spaced-bare",
]


def _loud(text: str) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check_text(text, Config()).findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("case_id", SILENT_TWINS)
def test_twin_raises_nothing(case_id):
    assert _loud(CASES[case_id].twin) == []


@pytest.mark.parametrize(
    "text",
    [
        # 其他… named first is a line item: two parts of many, short of the whole
        "项目支出预算总计60.00亿元,其中其他普通教育支出、中等职业教育支出分别为340000.00万元、210000.00万元。",
        "一般公共服务支出合计820.00万元，其中：其他一般公共服务支出300.00万元，行政运行420.00万元。",
        "本年支出合计500.00万元，其中：其他资本性支出80.00万元，基本支出300.00万元。",
    ],
)
def test_catch_all_named_first_leaves_a_partial_list_partial(text):
    assert _loud(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # …after the named parts it completes the list, and a shortfall is an error
        "一般公共服务支出合计820.00万元，其中：行政运行420.00万元，其他一般公共服务支出300.00万元。",
        "本年支出合计500.00万元，其中：基本支出300.00万元，项目支出150.00万元，其他支出40.00万元。",
    ],
)
def test_catch_all_after_named_parts_completes_the_list(text):
    found = check_text(text, Config()).findings
    assert [(f.rule, f.severity) for f in found] == [("SUM001", "error")]


def test_staff_list_with_other_staff_inside_is_still_complete():
    """在职+离休+退休 overshooting the head count stays an error though 其他人员 is not the last part."""
    text = "年末实有人数40人，其中在职人员40人，离休人员0人，退休人员12人；年末其他人员0人；年末学生人数0人。"
    found = check_text(text, Config()).findings
    assert [(f.rule, f.severity) for f in found] == [("SUM001", "error")]


def test_rate_rounded_twice_is_a_warning_with_the_exact_rate():
    [f] = check_text(CASES["rounded-twice"].defect, Config()).findings
    assert (f.rule, f.severity, f.stated, f.expected) == ("GRW001", "warning", "33.1%", "33.047%")
    assert "33.05%" in f.message


def test_rate_off_by_more_than_double_rounding_stays_an_error():
    text = "2024年度支出合计6,315.69万元,比上年减少3,117.38万元,下降33.2%,主要是建设项目完工。"
    [f] = check_text(text, Config()).findings
    assert (f.rule, f.severity) == ("GRW001", "error")


def test_year_in_a_line_is_no_run_on_item():
    """2013、 inside a line is a year of a list of years, not a run-on item 3."""
    text = "附表目录\n1.部门收支总表\n2.部门收入总表（对比2013、2014年度）\n4.财政拨款收支总表"
    assert [f.rule for f in check_text(text, Config()).findings] == ["STR001"]


def test_twice_rounded_rate_that_also_fits_a_base_slip_names_both():
    """571.6 ÷ 36,970.6 = 1.546% (→ 1.55 → 1.6) and 571.6 ÷ 36,399 = 1.57% (→ 1.6): either may have happened."""
    text = "全年货物采购额为36,399.0亿元，较上年减少571.6亿元，下降1.6%。"
    [f] = check_text(text, Config()).findings
    assert (f.rule, f.severity) == ("GRW001", "warning")
    assert "1.55%" in f.message and "36399" in f.message


@pytest.mark.parametrize(
    "case_id", ["compared-base-comma-delta", "compared-year-base-comma-delta", "whole-beside-compared-base"]
)
def test_comparison_naming_last_years_amount_twins_are_silent(case_id):
    assert _loud(CASES[case_id].twin) == []


def test_change_after_a_named_base_and_a_comma_is_checked_against_both_years():
    text = "本年收入合计2,860.40万元，比上年的2,640.40万元，增加230.00万元，增长8.3%。"
    assert [(f.rule, f.severity) for f in check_text(text, Config()).findings] == [("GRW004", "error")]
