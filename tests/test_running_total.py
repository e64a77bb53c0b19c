"""Running totals (SUM005): what is read as a step, what closes a chain, and what stays silent."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text

HEAD = "2024年全县财政决算情况的报告\n"


def _sum005(text: str) -> list:
    return [f for f in check_text(HEAD + text, Config()).findings if f.rule == "SUM005"]


@pytest.mark.parametrize(
    "text",
    [
        # 加强 and 减少 are words of their own, not steps
        "公用经费120万元，加强管理后节约经费15万元，合计支出300万元。",
        "本年支出1,200万元，减少支出80万元，支出总计1,500万元。",
        # a bare 减 before an amount is a change, not a step that names what it takes
        "收入总计900万元，减30万元，结余500万元。",
        # a balance closes only a chain that takes something away
        "本年收入200万元，加上年结转50万元，年末结余400万元。",
        # 其中 opens a breakdown of the amount before it
        "本级收入5,000万元，加上级补助收入3,000万元，其中：专项补助收入1,000万元，收入总计9,500万元。",
        # a rate after a step is said of that step, not of the start: it ends the run
        "本级收入5,000万元，加上级补助收入3,000万元，增长4.0%，上年结余600万元，收入总计9,500万元。",
        # a rate after the start with no step after it: the next amount is no step of the start
        "本级收入5,000万元，增长4.0%，上级补助收入3,000万元，调入资金600万元，收入总计9,500万元。",
        # a step's breakdown whose end is not plain (its parts never add up to the step, no step
        # word follows): what comes after it may be its parts or steps
        "本级收入6,000万元，加上级补助收入2,400万元，其中：一般转移支付1,500万元，上年结余300万元，调入资金200万元，收入总计8,900万元。",
        # its parts add up to the step only with the amounts after it, which make the total as steps
        "本级收入6,000万元，加上级补助收入2,400万元，其中：一般转移支付1,900万元，上年结余300万元，调入资金200万元，收入总计8,900万元。",
        # a step with nothing before it to start from
        "加上级补助收入3,000万元，收入总计9,500万元。",
    ],
)
def test_not_a_running_total(text):
    assert _sum005(text) == []


def test_a_carried_total_word_does_not_close_the_chain():
    """上年结转收入 is a step carried on the 加 before it, not the chain's result."""
    text = "本级收入5,000万元，加上级补助收入3,000万元，上年结转收入500万元，调入资金200万元，收入总计8,700万元。"
    assert _sum005(text) == []
    assert _sum005(text.replace("8,700", "8,900"))


def test_marked_steps_are_certain_carried_ones_a_warning():
    marked = _sum005("收入总计1,000万元，减支出总计900万元，滚存结余150万元。")
    carried = _sum005("本级收入5,000万元，加上级补助收入3,000万元，调入资金200万元，收入总计8,000万元。")
    assert [f.severity for f in marked] == ["error"]
    assert [f.severity for f in carried] == ["warning"]
    assert "1000 − 900 = 100" in marked[0].message


def test_the_result_opens_the_next_chain():
    text = "收入总计1,000万元，减支出总计900万元，滚存结余100万元，减结转下年支出60万元，净结余30万元。"
    (finding,) = _sum005(text)
    assert "100 − 60 = 40" in finding.message and "30万元" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # the start (本级收入) is in the sentence before: the carried amounts are steps, not a start
        "全市一般公共预算收入412.6亿元，增长4.1%。加上级补助收入96.2亿元，上年结余31.5亿元，"
        "债务转贷收入22.4亿元，减调出资金6亿元，减债务还本支出10.9亿元，预算总收入545.8亿元。",
        "本级收入8,200万元。加上级补助收入3,100万元，下级上解收入400万元，调入资金900万元，收入总计12,600万元。",
        "基金预算收入58.40亿元。再加上年结余12.20亿元，专项债券收入30.00亿元，减还本支出4.60亿元，收入总计96.00亿元。",
    ],
)
def test_a_sentence_opening_with_a_step_carries_on_the_sentence_before(text):
    assert _sum005(text) == []


def test_the_total_a_headless_run_closes_opens_the_next_chain():
    text = (
        "本级收入8,200万元。加上级补助收入3,100万元，下级上解收入400万元，收入总计11,700万元，"
        "减支出总计10,900万元，年终结余{}万元。"
    )
    assert _sum005(text.format("800")) == []
    (finding,) = _sum005(text.format("900"))
    assert "11700 − 10900 = 800" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        # words that begin like a step but name no item after their sign
        "公用经费120万元，加快支付进度后结余资金15万元，合计支出300万元。",
        "税收收入860万元，减免税费45万元，收入总计1,200万元。",
        "本年支出1,200万元，减免费用80万元，支出总计1,500万元。",
        "本级收入2,000万元，减税降费影响收入60万元，收入总计2,600万元。",
    ],
)
def test_words_that_only_begin_like_a_step(text):
    assert _sum005(text) == []


@pytest.mark.parametrize("step", ["减支出", "扣减支出", "再减支出", "减支出合计"])
def test_a_step_the_segmenter_cuts_apart_is_read(step):
    """jieba cuts 减支出 as 减支/出 (减支 is a word of its own): the step is read all the same."""
    text = f"收入总计2,480万元，{step}2,310万元，年终结余{{}}万元。"
    assert _sum005(text.format("170")) == []
    (finding,) = _sum005(text.format("190"))
    assert "2480 − 2310 = 170" in finding.message and finding.severity == "error"


def test_a_sentence_opening_with_a_step_is_checked_from_the_amount_before():
    text = "本级收入8,200万元。加上级补助收入3,100万元，下级上解收入400万元，调入资金900万元，收入总计{}万元。"
    assert _sum005(text.format("12,600")) == []
    (finding,) = _sum005(text.format("12,700"))
    assert "8200 + 3100 + 400 + 900 = 12600" in finding.message
    assert finding.severity == "warning"  # two steps carried on the 加 before them


def test_a_breakdown_sentence_between_is_skipped():
    text = (
        "全市一般公共预算收入412.6亿元，增长4.1%。其中，税收收入300.5亿元，增长2.0%。加上级补助收入96.2亿元，"
        "减调出资金6亿元，预算总收入{}亿元。"
    )
    assert _sum005(text.format("502.8")) == []
    (finding,) = _sum005(text.format("512.8"))
    assert "412.6 + 96.2 − 6 = 502.8" in finding.message and finding.severity == "error"


@pytest.mark.parametrize(
    "before",
    [
        # two amounts, neither named a total: which one the step carries on is not said
        "本级收入5,000万元，上年结余300万元。",
        # a sentence that is only a breakdown, with nothing before it
        "其中：税收收入4,000万元。",
    ],
)
def test_no_start_when_the_sentence_before_does_not_name_one(before):
    assert _sum005(before + "加上级补助收入3,000万元，收入总计9,900万元。") == []


def test_after_a_breakdown_sentence_the_steps_may_carry_on_its_part():
    """市本级 is a part of 全市: the steps that follow carry on the part, not the whole."""
    text = (
        "全市一般公共预算收入500亿元，增长3.0%。其中，市本级收入120亿元。加上级补助收入80亿元，减上解支出6亿元，"
        "市本级财力总计{}亿元。"
    )
    assert _sum005(text.format("194")) == []  # 120 + 80 − 6
    assert _sum005(text.format("574")) == []  # 500 + 80 − 6
    (finding,) = _sum005(text.format("204"))
    assert "500 + 80 − 6 = 574" in finding.message
