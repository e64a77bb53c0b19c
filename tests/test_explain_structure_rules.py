"""Heading numbering, indicator counts and enumerations (checker/rules/structure.py)."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.ingest import load_document
from checker.rules.base import Context
from checker.rules.structure import (
    EnumerationNumberGap,
    HeadingNumberGap,
    HeadingNumberRepeated,
    IndicatorCountMismatch,
    ListedNamesCountMismatch,
)


def _findings(text: str, code: str):
    return [f for f in check_text(text, Config(select=(code,))).findings if f.rule == code]


def test_gap_points_at_the_title_that_lost_its_number():
    text = "一、单位概况\n本局为财政全额拨款单位。\n收支总体情况\n收入合计300.00万元。\n三、绩效评价\n自评得分92分。\n"
    (f,) = _findings(text, "STR001")
    assert f.location.line == 3 and "二、" in f.message and "收支总体情况" in f.message


def test_gap_without_a_candidate_title_points_at_next_heading():
    text = "（一）收入情况\n本年收入合计300.00万元，比上年增加12.00万元。\n（四）支出情况\n本年支出合计298.00万元。\n"
    (f,) = _findings(text, "STR001")
    assert f.location.line == 3 and "（二）、（三）" in f.message


def test_marker_behind_a_bullet_is_not_missing():
    text = "五、存在的问题\n- （一）主要问题\n项目前期论证不足。\n（二）原因分析\n人员变动较大。\n"
    assert _findings(text, "STR001") == []


def test_mixed_numeral_style_is_info_not_a_gap():
    text = (
        "三、绩效分析\n（一）产出情况\n完成改造12户。\n（2）效益情况\n群众反映良好。\n"
        "（3）满意度\n满意度95%。\n（四）总体结论\n自评为优。\n"
    )
    assert _findings(text, "STR001") == []
    (f,) = _findings(text, "STR003")
    assert f.severity == "info" and "（2）" in f.message


def test_repeated_and_reversed_numbers():
    text = "一、概况\n略。\n二、收入\n略。\n二、支出\n略。\n"
    (f,) = _findings(text, "STR002")
    assert f.location.line == 5
    text = "一、概况\n略。\n三、收入\n略。\n二、支出\n略。\n"
    assert [f.severity for f in _findings(text, "STR003")] == ["info"]


def test_consecutive_headings_are_clean():
    text = "第一部分 概况\n一、职能\n略。\n二、机构\n略。\n第二部分 决算说明\n一、总体情况\n略。\n"
    for code in ("STR001", "STR002", "STR003"):
        assert _findings(text, code) == []


INDICATORS = (
    "三、绩效分析\n本年度共设置一级指标2个，三级指标4个，其中已完成三级指标{done}个。\n"
    "（一）新建污水管网长度指标，预期指标值“≥8公里”，实际完成值8.6公里，指标完成率107.5%。\n"
    "（二）管网验收合格率指标，预期指标值“=100%”，实际完成值100%，指标完成率100%。\n"
    "（三）工程按期完工率指标，预期指标值“≥95%”，实际完成值80%，指标完成率84.21%，偏差原因：冬季停工两个月。\n"
    "（四）周边居民满意度指标，预期指标值“≥90%”，实际完成值93%，指标完成率103.33%。\n"
    "四、评价结论\n自评得分95分。\n"
)


def test_count_of_completed_indicators():
    (f,) = _findings(INDICATORS.format(done=2), "CNT001")
    assert f.stated == "2" and f.expected == "3" and f.location.line == 2
    assert _findings(INDICATORS.format(done=3), "CNT001") == []


def test_count_of_indicators_listed():
    text = INDICATORS.format(done=3).replace("三级指标4个", "三级指标5个")
    (f,) = _findings(text, "CNT001")
    assert f.stated == "5" and f.expected == "4"
    assert f.severity == "info"  # one may be discussed elsewhere
    text = INDICATORS.format(done=3).replace("三级指标4个", "三级指标3个")
    (f,) = _findings(text, "CNT001")
    assert (f.stated, f.expected, f.severity) == ("3", "4", "warning")


def test_listing_count():
    (f,) = _findings("局机关内设3个股室，分别为：办公室、预算股、国库股、绩效股。\n", "CNT002")
    assert f.stated == "3" and f.expected == "4"
    assert _findings("局机关内设4个股室，分别为：办公室、预算股、国库股、绩效股。\n", "CNT002") == []
    # parentheses keep their 、 and an open list (…等) is not counted
    assert _findings("下设2个机构，分别为组织部（人社局、编办）、财政局。\n", "CNT002") == []
    assert _findings("下设5个机构，分别为组织部、财政局等。\n", "CNT002") == []


@pytest.mark.parametrize(
    "listing, stated, listed",
    [
        ("内设{}个处室，分别是书记室一个，校长室一个，副校长室三个，办公室，财务室，保卫科。", 8, 8),
        ("下设{}个股室，分别为：综合股2个、业务股3个、财务股。", 6, 6),
        # a count inside a name is not its own number of units
        ("内设{}个机构，分别是第一个办公室、财务室。", 2, 2),
    ],
)
def test_a_name_with_its_own_count_counts_for_that_many(listing, stated, listed):
    assert _findings(listing.format(stated) + "\n", "CNT002") == []
    (f,) = _findings(listing.format(stated + 1) + "\n", "CNT002")
    assert f.expected == str(listed)


@pytest.mark.parametrize(
    "listing, flagged",
    [
        ("所属单位3个，分别为机关本级、信息服务中心和资金结算中心。", False),  # 和 joins the last two
        ("所属单位4个，分别为机关本级、信息服务中心和资金结算中心。", True),
        ("所属单位2个，分别为机关本级、信息服务中心和资金结算中心。", True),
        ("内设机构3个，即办公室、人力资源和社会保障股。", False),  # 和 may sit inside one name
        ("内设机构3个，即办公室、财务股和审计股。", False),
    ],
)
def test_a_conjunction_before_the_last_name(listing, flagged):
    assert bool(_findings(listing + "\n", "CNT002")) == flagged


def _rule_findings(rule, path):
    ctx = Context(load_document(path))
    return [r for r in rule().check(ctx) if hasattr(r, "rule")]


def test_seed_003_missing_second_heading(seeds_dir):
    found = _rule_findings(HeadingNumberGap, seeds_dir / "003_61da251067579f59.txt")
    assert [f.location.line for f in found] == [9]


def test_seed_000_completed_indicator_count(seeds_dir):
    found = _rule_findings(IndicatorCountMismatch, seeds_dir / "000_cc62c0c7c373eea5.txt")
    assert [(f.location.line, f.stated, f.expected) for f in found] == [(77, "3", "4")]


@pytest.mark.parametrize("rule", [HeadingNumberGap, HeadingNumberRepeated, ListedNamesCountMismatch])
def test_no_warnings_on_consistent_seeds(seeds_dir, rule):
    for name in ("001_f5ecf316bb4890cf.txt", "002_1f68b8a0a6e4ab92.txt", "004_15c4900d2e5f3cbe.txt"):
        assert _rule_findings(rule, seeds_dir / name) == []


def test_enumerations_of_the_seeds(seeds_dir):
    # every seed lists reasons and measures inline; the one slip is in 001, whose list of reasons
    # for the 预决算差异 opens "主要原因是：是…" and goes on "二是…"
    for name in (
        "000_cc62c0c7c373eea5.txt",
        "002_1f68b8a0a6e4ab92.txt",
        "003_61da251067579f59.txt",
        "004_15c4900d2e5f3cbe.txt",
    ):
        assert _rule_findings(EnumerationNumberGap, seeds_dir / name) == []
    [f] = _rule_findings(EnumerationNumberGap, seeds_dir / "001_f5ecf316bb4890cf.txt")
    assert (f.stated, f.expected) == ("二是", "一是")


def test_enumeration_items_repeated_or_skipped_in_a_cell_and_a_paragraph():
    text = (
        "年度主要工作内容\n\t1.完成平台巡查工作。2.做好系统维护。3.开展数据分析。4.完成考核评比。"
        "4.处理群众投诉。5.指导县区业务。\n\n"
        "主要原因：一是人员调入增加工资；二是新增运维项目；四是物业合同续签。\n"
    )
    found = _findings(text, "STR004")
    assert [(f.location.line, f.stated, f.expected) for f in found] == [(2, "4.", None), (4, "四是", "三是")]


def test_enumeration_in_brackets_that_skips_a_number():
    [f] = _findings("净增加额360万元（一是增加项目支出500万元；三是压减公用经费140万元）。", "STR004")
    assert (f.stated, f.expected) == ("三是", "二是")


def test_enumeration_that_lost_its_first_marker():
    [f] = _findings("主要原因是：人员调入增加工资；二是新增运维项目；三是物业合同续签。", "STR004")
    assert (f.stated, f.expected) == ("二是", "一是")


@pytest.mark.parametrize(
    "text",
    [
        "下一步：三是加强培训；四是强化考核。",  # carries on from an earlier paragraph
        "上述问题。二是加强培训；三是强化考核。",  # no colon: continues an earlier list
        "措施：一是压减开支；二是规范采购。一是…另一份清单另起；二是继续。",  # a second list restarts at 一
        "截至12月：1.5万元已拨付；2.3万元待拨付。",  # decimals, not item numbers
        "内容：1.完成培训。2.完成验收。9.附件见后。",  # a jump of seven is not a miscount
        "净增加额360万元（一是增加项目支出500万元，其中：…；二是压减公用经费140万元）。",  # 一是 opens a bracket
        "差额原因（一是人员经费增加；二是运维费用增加；三是物业合同续签）。",
    ],
)
def test_enumerations_that_are_not_miscounted(text):
    assert _findings(text, "STR004") == []


def test_table_of_contents_then_body_is_a_restart_not_a_reversal():
    text = (
        "第一部分 单位概况\n第二部分 决算表\n第三部分 情况说明\n"
        "第一部分 单位概况\n本局为行政单位。\n第二部分 决算表\n见附表。\n第三部分 情况说明\n略。\n"
    )
    for code in ("STR001", "STR002", "STR003"):
        assert _findings(text, code) == []


def test_gap_listed_in_the_table_of_contents_is_only_info():
    text = (
        "第一部分 单位概况\n第二部分 决算表\n第三部分 情况说明\n"
        "第一部分 单位概况\n本局为行政单位。\n收入支出决算总表\n第三部分 情况说明\n略。\n"
    )
    (f,) = _findings(text, "STR001")
    assert f.severity == "info"


SUBJECTS = (
    "（三）支出决算具体情况\n"
    "1.城乡社区支出（类）城乡社区管理事务（款）行政运行（项）:支出决算数为 120.00 万元，主要原因是新进两名工作人员。\n"
    "2.农林水支出（类）水利（款）防汛（项）:支出决算数为 36.00 万元，主要原因是购置防汛沙袋。\n"
    "3.{name}:支出决算数为 {amount} 万元，主要原因是更换排涝泵两台。\n"
)


def test_duplicate_subject_in_prose():
    (f,) = _findings(SUBJECTS.format(name="农林水支出（类）水利（款）防汛（项）", amount="18.00"), "DUP001")
    assert f.location.line == 4 and f.related[0].line == 3
    assert "36.00 万元" in f.message and "18.00 万元" in f.message
    (f,) = _findings(SUBJECTS.format(name="农林水支出(类)水利(款)防汛(项)", amount="36.00"), "DUP001")
    assert "数额均为" in f.message
    assert (
        _findings(SUBJECTS.format(name="农林水支出（类）水利（款）水利工程运行与维护（项）", amount="18.00"), "DUP001")
        == []
    )


def test_same_subject_in_two_sections_is_not_a_duplicate():
    text = SUBJECTS.format(name="农林水支出（类）水利（款）水利工程运行与维护（项）", amount="18.00")
    text += (
        "（四）政府性基金支出情况\n1.城乡社区支出（类）城乡社区管理事务（款）行政运行（项）:支出决算数为 3.00 万元。\n"
    )
    assert _findings(text, "DUP001") == []


def test_duplicate_code_row_in_a_table():
    rows = [
        ("科目编码", "科目名称", "本年支出"),
        ("2010601", "行政运行", "86.20"),
        ("2010602", "一般行政管理事务", "12.00"),
        ("2010601", "行政运行", "86.20"),
    ]
    text = "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)
    (f,) = _findings(text, "DUP001")
    assert "2010601" in f.message
    rows[-1] = ("2010603", "机关服务", "5.00")
    text = "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)
    assert _findings(text, "DUP001") == []


def test_seed_001_subjects_listed_twice(seeds_dir):
    from checker.rules.structure import DuplicateSubject

    found = _rule_findings(DuplicateSubject, seeds_dir / "001_f5ecf316bb4890cf.txt")
    assert len(found) == 2 and all(f.location.line > 700 for f in found)


def test_body_title_listed_in_the_contents_without_its_number_is_info():
    text = (
        "目录\n第一部分 某区文旅局概况\n第二部分 某区文化和旅游局2024年度部门决算表\n第三部分 情况说明\n"
        "第一部分 某区文旅局概况\n本局为行政单位。\n某区文化旅游局2024年度部门决算表\n见附表。\n第三部分 情况说明\n略。\n"
    )
    (f,) = _findings(text, "STR001")
    assert f.severity == "info" and f.location.line == 7
