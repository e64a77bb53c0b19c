"""Qualitative claims against the figures next to them (checker/rules/claims.py)."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text


def _findings(text: str, code: str):
    return [f for f in check_text(text, Config(select=(code,))).findings if f.rule == code]


def _indicator(name: str, rate: str, tail: str) -> str:
    return f"（一）{name}：该指标预期指标值为大于等于 40 户，本次评价完成值为 38 户，指标完成率{rate}，{tail}\n"


@pytest.mark.parametrize("rate,flagged", [("95%", True), ("105%", True), ("100%", False), ("100.00%", False)])
def test_no_deviation_claim(rate, flagged):
    found = _findings(_indicator("危房改造户数", rate, "指标完成情况无偏差。"), "CLM001")
    assert bool(found) == flagged
    if found:
        assert found[0].expected == rate and found[0].severity == "warning"


@pytest.mark.parametrize("rate,flagged", [("100%", True), ("112.5%", True), ("87.5%", False)])
def test_not_completed_claim(rate, flagged):
    text = _indicator("危房改造户数", rate, "偏差原因：两户因产权纠纷未完成改造。")
    assert bool(_findings(text, "CLM002")) == flagged


def test_mid_year_shortfall_is_not_the_final_claim():
    assert _findings(_indicator("危房改造户数", "100%", "年中未完成部分已于四季度完成。"), "CLM002") == []
    assert _findings(_indicator("危房改造户数", "100%", "年中监控未完成值为12户。"), "CLM002") == []


@pytest.mark.parametrize(
    "tail,flagged",
    [("超出预期效益。", True), ("已完成年度目标。", True), ("基本达到预期。", False), ("未达到预期。", False)],
)
def test_completed_claim_with_rate_below(tail, flagged):
    assert bool(_findings(_indicator("危房改造户数", "95%", tail), "CLM003")) == flagged


def test_completed_claim_uses_the_rate_before_it():
    text = "（一）道路保洁面积：年中监控完成率60%，本次评价完成值为 52 万平方米，指标完成率104%，超出预期效益。\n"
    text = text.replace("年中监控完成率60%", "该指标预期指标值为 50 万平方米，年中监控完成率60%")
    assert _findings(text, "CLM003") == []


ALL_DONE = (
    "本年度绩效指标{claim}。\n"
    "（一）新建道路长度：该指标预期指标值为大于等于 3 公里，本次评价完成值为 3.2 公里，完成率 106.67%。\n"
    "（二）工程验收合格率：该指标预期指标值为等于 100%，本次评价完成值为 {actual}%，完成率 {actual}%。\n"
)


def test_all_completed_claim():
    (f,) = _findings(ALL_DONE.format(claim="均已完成", actual="96"), "CLM004")
    assert "工程验收合格率" in f.message and f.location.line == 1 and f.related[0].line == 3
    assert _findings(ALL_DONE.format(claim="均已完成", actual="100"), "CLM004") == []
    assert _findings(ALL_DONE.format(claim="除工程验收合格率外均已完成", actual="96"), "CLM004") == []


def _table(rows) -> str:
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)


SCORECARD = [
    ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "完成率", "分值", "得分", "偏差原因分析及改进措施"),
    ("产出指标", "数量指标", "安装路灯数量", "=120盏", "120盏", "100%", "20", "20", ""),
    ("", "质量指标", "路灯亮灯率", "≥99%", "97%", "97.98%", "20", "19.6", "两处线路被施工挖断"),
]


def test_all_completed_claim_reads_table_rates():
    (f,) = _findings("各项绩效指标全部完成。\n" + _table(SCORECARD), "CLM004")
    assert "路灯亮灯率" in f.message and "97.98%" in f.message


def test_only_decrease_claim():
    flagged = "严格落实过紧日子要求，“三公”经费只减不增。本年公务接待费支出2.30万元，比上年增加0.40万元。\n"
    (f,) = _findings(flagged, "CLM005")
    assert "0.40万元" in f.message
    assert _findings(flagged.replace("增加0.40万元", "减少0.40万元"), "CLM005") == []
    assert _findings(flagged.replace("增加0.40万元", "增加0.00万元"), "CLM005") == []


def test_only_decrease_claim_looks_into_the_following_paragraphs_of_its_section():
    text = (
        "（三）“三公”经费情况\n本单位“三公”经费坚持只减不增。\n公务用车运行维护费支出5.10万元，较上年增加0.80万元。\n"
        "（四）政府采购情况\n本年采购货物比上年增加3.00万元。\n"
    )
    (f,) = _findings(text, "CLM005")
    assert f.location.line == 2 and f.related[0].line == 3
    assert _findings(text.replace("较上年增加0.80万元", "较上年减少0.80万元"), "CLM005") == []


@pytest.mark.parametrize(
    "text",
    [
        # the claim is about the whole; a part of it may still grow
        "本单位坚持“三公”经费只减不增。本年“三公”经费预算15.40万元，比上年减少1.10万元。其中：公务用车运行维护费"
        "9.60万元，比上年增加0.70万元；公务接待费5.80万元，比上年减少1.80万元。\n",
        "经汇总，“三公”经费只减不增，本年预算2.35亿元，比上年减少0.03亿元。其中：\n1、因公出国（境）费0.31亿元，"
        "较上年增加0.05亿元。\n2、公务接待费0.52亿元，较上年减少0.08亿元。\n",
    ],
)
def test_only_decrease_claim_leaves_the_parts_alone(text):
    assert _findings(text, "CLM005") == []
    # the whole itself growing is still a contradiction
    grown = text.replace("比上年减少1.10万元", "比上年增加1.10万元").replace("比上年减少0.03亿元", "比上年增加0.03亿元")
    assert len(_findings(grown, "CLM005")) == 1


@pytest.mark.parametrize("word,flagged", [("大于", True), ("小于", False)])
def test_budget_comparison_word(word, flagged):
    text = f"差旅费全年预算数8.00万元，决算数6.40万元，决算数{word}预算数的主要原因是减少外省调研两次。\n"
    found = _findings(text, "CLM006")
    assert bool(found) == flagged
    if found:
        assert found[0].stated == "大于" and found[0].expected == "小于"


def test_budget_comparison_needs_both_figures():
    assert _findings("决算数大于预算数的主要原因是年中追加防汛物资采购经费。\n", "CLM006") == []


def test_budget_comparison_reads_the_sentence_before():
    text = (
        "3、城乡社区支出（类）城乡社区管理事务（款）行政运行（项）。年初预算为 64.20 万元，支出决算为61.75 万元。"
        "决算数大于预算数的主要原因：一名工作人员调出。\n"
    )
    (f,) = _findings(text, "CLM006")
    assert f.expected == "小于" and "61.75" in f.message
    assert _findings(text.replace("大于", "小于"), "CLM006") == []


CONCLUSION = (
    "（一）新建污水管网长度：该指标预期指标值为大于等于 8 公里，本次评价完成值为 {actual} 公里，指标完成率{rate}。\n"
    "五、存在的问题\n新建污水管网长度{claim}，主要原因是征地拆迁滞后。\n"
)


def test_claim_elsewhere_denies_the_indicator_rate():
    (f,) = _findings(CONCLUSION.format(actual="8.6", rate="107.5%", claim="未按年初目标完成"), "CLM007")
    assert f.location.line == 3 and f.related[0].line == 1 and f.expected == "107.5%"
    assert _findings(CONCLUSION.format(actual="7.2", rate="90%", claim="未按年初目标完成"), "CLM007") == []
    (f,) = _findings(CONCLUSION.format(actual="7.2", rate="90%", claim="已超额完成"), "CLM007")
    assert "90%" in f.message
    assert _findings(CONCLUSION.format(actual="8.6", rate="107.5%", claim="已超额完成"), "CLM007") == []


def test_reason_denying_an_increase():
    base = (
        "城乡社区支出（类）城乡社区管理事务（款）其他城乡社区管理事务支出（项）:支出决算数为 6.00 万元，"
        "比上年决算{dir} 6.00 万元，{rate}，主要原因是：{reason}。\n"
    )
    (f,) = _findings(base.format(dir="增加", rate="增长 100%", reason="社区微改造项目本年未发生"), "CLM008")
    assert "社区微改造项目本年未发生" in f.message
    assert _findings(base.format(dir="减少", rate="下降 50%", reason="社区微改造项目本年未发生"), "CLM008") == []
    assert (
        _findings(base.format(dir="增加", rate="增长 100%", reason="上年未发生，本年新增社区微改造项目"), "CLM008")
        == []
    )


# CLM009: a nil statement against an amount stated elsewhere in the report
_NIL_REPORT = (
    "甲县文化馆2024年度部门决算说明\n"
    "一、“三公”经费情况\n"
    "2024年度“三公”经费财政拨款支出决算为{total}万元，其中：公务用车购置及运行维护费4.20万元，"
    "公务接待费{hosting}万元。上年公务接待费支出1.10万元。\n"
    "二、政府性基金\n"
    "2024年度政府性基金预算财政拨款支出决算为{fund}万元，年初预算为8.00万元。\n"
    "三、说明\n"
    "{claim}\n"
)


@pytest.mark.parametrize(
    "claim, hosting, fund, flagged",
    [
        ("本年度未发生公务接待费支出。", "2.30", "0.00", ["公务接待费"]),
        ("本年度未发生公务接待费支出。", "0.00", "0.00", []),  # 上年's 1.10 is no contradiction
        ("本单位无政府性基金预算财政拨款收入和支出。", "0.00", "15.00", ["政府性基金预算财政拨款支出"]),
        ("本单位无政府性基金预算财政拨款收入和支出。", "0.00", "0.00", []),  # a budget of 8.00 is not spending
        ("上年未发生公务接待费支出，本年有所增加。", "2.30", "0.00", []),  # the claim is about last year
        ("本年未发生此类支出。", "2.30", "15.00", []),  # names nothing
    ],
)
def test_nil_claim_against_an_amount(claim, hosting, fund, flagged):
    total = f"{4.20 + float(hosting):.2f}"
    found = _findings(_NIL_REPORT.format(total=total, hosting=hosting, fund=fund, claim=claim), "CLM009")
    assert [f.message.split("“")[-1].split("”")[0] for f in found] == flagged
    assert all(f.severity == "warning" and f.confidence == "aligned" and f.location.line == 7 for f in found)


@pytest.mark.parametrize(
    "text,flagged",
    [
        # the rate alone tells the side of the budget
        ("培训费支出决算为6.30万元，完成年初预算的90%，决算数大于预算数，主要是新增培训。", True),
        ("培训费支出决算为6.30万元，完成年初预算的110%，决算数大于预算数，主要是新增培训。", False),
        ("会议费预算执行率为103.5%，决算数低于预算数，主要是压缩会期。", True),
        ("会议费预算执行率为96.5%，决算数低于预算数，主要是压缩会期。", False),
        # 100 % within its rounding: either word may stand when nothing else is stated
        ("差旅费支出决算为9.10万元，完成预算的100%，决算数大于预算数，主要是下乡调研增加。", False),
        ("差旅费完成预算的99.96%，决算数小于预算数。", False),
        # a rate of another item, before a ；, is not this claim's
        ("办公费完成预算的80%；印刷费决算数大于预算数，主要是新增宣传册。", False),
        # with a difference: the amount the sentence (or the clause before its ；) opens with is the outturn…
        ("财政拨款支出总计860.40万元，比上年减少12.60万元；完成年初预算100%，决算数大于预算数40.40万元。", True),
        ("财政拨款支出总计860.40万元，比上年减少12.60万元；完成年初预算104.93%，决算数大于预算数40.40万元。", False),
        # …but not when it is the budget, nor when the rate's clause names an item of its own
        ("年初预算数500.00万元，完成预算的96.00%，决算数小于预算数20.00万元。", False),
        ("办公费支出20.00万元，比上年增加2.00万元；印刷费完成预算的90.00%，决算数小于预算数5.00万元。", False),
    ],
)
def test_budget_comparison_against_the_execution_rate(text, flagged):
    assert bool(_findings(text + "\n", "CLM006")) == flagged


@pytest.mark.parametrize(
    "rate,flagged",
    [("100%", True), ("103.32%", False), ("103.3%", False), ("103%", False), ("104%", True)],
)
def test_budget_comparison_gap_against_the_rate(rate, flagged):
    """决算 ÷ (决算 − 差额) is the rate when the budget itself is not stated."""
    text = (
        f"一般公共预算财政拨款支出决算为1,741.75万元，完成年初预算{rate}，决算数大于预算数55.93万元，主要是人员调资。\n"
    )
    found = _findings(text, "CLM006")
    assert bool(found) == flagged
    if found:
        assert found[0].expected == "103.32%" and "预算数为1685.82万元" in found[0].message


@pytest.mark.parametrize(
    "gap,expected", [("1.50万元", None), ("1.5万元", None), ("1.80万元", "1.50万元"), ("1.2万元", "1.5万元")]
)
def test_budget_comparison_gap_against_both_amounts(gap, expected):
    text = f"差旅费年初预算为20.00万元，支出决算为18.50万元，决算数小于预算数{gap}，主要是压减出差。\n"
    assert [f.expected for f in _findings(text, "CLM006")] == ([expected] if expected else [])


def _loud(text: str) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check_text(text).findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize(
    "text",
    [
        # flat against the budget, changed over last year: both can be right
        "会议费支出决算3.00万元，与预算相比无变化，比上年增加0.50万元，增长20%。",
        "培训费支出决算3.00万元，比上年增加0.50万元，增长20%，与年初预算持平。",
        "差旅费支出决算8.00万元，较上年减少1.20万元，与2022年度预算相比无增减。",
    ],
)
def test_flat_against_the_budget_is_no_claim_about_last_year(text):
    assert not _loud(text)


def test_flat_against_the_budget_reads_only_its_own_sentence():
    # the budget before belongs to another item; this sentence states no budget of its own
    text = "办公费预算数12.00万元，决算数10.50万元，决算数小于预算数。邮电费支出决算2.00万元，与预算相比无增减。"
    assert not _findings(text, "CLM006")
    assert _findings("邮电费预算数2.40万元，支出决算2.00万元，与预算相比无增减。", "CLM006")


def test_a_budget_compared_with_a_budget_is_not_an_outturn_claim():
    text = "公用经费决算数10.50万元，全年预算数12.00万元与年初预算相比无变化。"
    assert not _findings(text, "CLM006")


_ITEMS = (
    "2023年度部门决算说明\n"
    "1、一般公共服务支出126.00万元，较{a}年决算数增加6.00万元。\n"
    "2、公共安全支出58.00万元，较{b}年决算数减少2.00万元。\n"
    "3、文化旅游体育与传媒支出15.00万元，与{c}年{measure}持平。\n"
)


def test_comparison_with_the_report_year_needs_two_siblings_on_the_year_before():
    assert _findings(_ITEMS.format(a=2022, b=2022, c=2023, measure="决算数"), "CLM014")
    # one sibling on the year before is not yet a pattern
    assert not _findings(_ITEMS.format(a=2022, b=2021, c=2023, measure="决算数"), "CLM014")
    # a sibling on the report's year too: the report compares within the year on purpose
    assert not _findings(_ITEMS.format(a=2022, b=2023, c=2023, measure="决算数"), "CLM014")


def test_comparison_with_the_same_year_budget_is_no_slip():
    # 决算 against the same year's 预算 is a comparison reports make; the siblings compare 决算数
    assert not _findings(_ITEMS.format(a=2022, b=2022, c=2023, measure="预算数"), "CLM014")
    assert not _findings(_ITEMS.format(a=2022, b=2022, c=2023, measure="初"), "CLM014")


_SANGONG_TABLE = (
    "“三公”经费支出决算表（单位：万元）\n"
    "| 项目 | {columns} |\n"
    "| 因公出国（境）费 | {abroad} |\n"
    "| 公务接待费 | 10.60 | 10.60 |\n"
)


def _unchanged_against(columns: str = "预算数 | 决算数", abroad: str = "12.00 | 0.00", prose: str = "0") -> str:
    table = _SANGONG_TABLE.format(columns=columns, abroad=abroad)
    return table + f"1.因公出国（境）费支出{prose}万元，与2024年度预算相比无增减。\n"


def test_unchanged_against_budget_is_held_to_the_table_row():
    (f,) = _findings(_unchanged_against(), "CLM006")
    assert f.severity == "warning" and f.confidence == "aligned"
    assert "12.00万元" in f.message and "0.00万元" in f.message and f.expected == "小于"
    assert _findings(_unchanged_against(abroad="0.00 | 0.00"), "CLM006") == []


@pytest.mark.parametrize(
    "text",
    [
        # the row's outturn is not the amount the sentence states: another item, or another year
        _unchanged_against(prose="3.20"),
        # two budget columns: which budget the claim means is not known
        _unchanged_against(columns="年初预算数 | 全年预算数 | 决算数", abroad="12.00 | 10.00 | 0.00"),
        # no outturn column
        _unchanged_against(columns="上年预算数 | 预算数", abroad="12.00 | 0.00"),
        # the row's name twice (two tables): which row the claim means is not known
        _SANGONG_TABLE.format(columns="预算数 | 决算数", abroad="12.00 | 0.00") + "\n" + _unchanged_against(),
        # an empty budget cell is not a budget of zero
        _unchanged_against(abroad=" | 0.00"),
    ],
)
def test_unchanged_against_budget_needs_one_row_and_its_columns(text):
    assert _findings(text, "CLM006") == []


def test_ceiling_claim_holds_the_whole_before_its_parts():
    """CLM015: the balance before 其中 is held to the limit, not its last part."""
    over = "年末政府债务余额12.6亿元，其中：一般债务5.1亿元，专项债务7.5亿元，控制在限额12.0亿元以内。"
    within = "年末政府债务余额11.6亿元，其中：一般债务5.1亿元，专项债务6.5亿元，控制在限额12.0亿元以内。"
    assert _findings(over, "CLM015")
    assert not _findings(within, "CLM015")


def test_ceiling_claim_leaves_another_subject_alone():
    """CLM015: a bound of a measure named in its own clause, or a ceiling with no figure, holds nothing."""
    assert not _findings("政府债务余额3.5亿元，债务率控制在60%以内。", "CLM015")
    assert not _findings("公务接待费支出5.6万元，控制在年初预算以内，较上年增加0.6万元。", "CLM015")


def test_reason_against_direction_reads_the_side_moving_the_other_way():
    """CLM016: a receipt explained by a receipt moving the other way; a balance explained by spending is
    another kind of thing and left alone."""
    rose = "全镇非税收入完成310万元，比上年增长8.2%，主要是行政事业性收费收入减少。"
    fell = "全镇非税收入完成310万元，比上年下降8.2%，主要是行政事业性收费收入减少。"
    balance = "年末结转结余资金56.30万元，比上年减少40.10万元，主要是本年项目支出增加。"
    assert _findings(rose, "CLM016")
    assert not _findings(fell, "CLM016")
    assert not _findings(balance, "CLM016")
