"""Formula search: a stated figure that is a known slip of its formula is named as that slip;
a figure the right formula gives, or that no slip reproduces exactly, is not."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from checker.arith import HUNDRED, Interval
from checker.config import Config
from checker.engine import check_text
from checker.statements.formulas import (
    Operand,
    abs_interval,
    digit_slip,
    growth_slips,
    name_slip,
    ratio_slips,
    reproduces,
    search,
    shift_slip,
)


def op(text: str) -> Operand:
    return Operand(text, Interval.stated(text))


def test_complement_of_an_execution_rate_is_named():
    slips = ratio_slips(op("1.71"), op("3"), "疑将下降率写作完成率")
    note = name_slip("43%", Decimal(43), 0, Decimal("57"), slips)
    assert note == "43% = 1 − 1.71 ÷ 3：疑将下降率写作完成率"


def test_current_year_as_base_is_named():
    slips = growth_slips(op("116433.12"), op("16803.36"), op("99629.76"))
    note = name_slip("14.43%", Decimal("14.43"), 2, Decimal("16.87"), slips)
    assert note is not None and "16803.36 ÷ 116433.12" in note and "本年数" in note


def test_right_value_names_no_slip():
    slips = ratio_slips(op("1.71"), op("3"), "x")
    assert name_slip("57%", Decimal(57), 0, Decimal(57), slips) is None


def test_two_slips_fitting_name_none():
    # 50 ÷ 100: the complement and the plain ratio are both 50%; 100 ÷ 50 is 200%
    slips = ratio_slips(op("50"), op("100"), "x") + ratio_slips(op("100"), op("200"), "y")
    assert name_slip("50%", Decimal(50), 0, Decimal(40), slips) is None


@pytest.mark.parametrize(
    "stated,expected,decimals,word",
    [
        ("12.23", "12.32", 2, "颠倒"),
        ("1.85", "13.85", 2, "漏写"),
        ("12.32", "12.32", 2, None),
        ("45", "54", 0, None),  # two digits: too easily a coincidence
        ("12.41", "12.32", 2, None),  # an ordinary wrong figure
    ],
)
def test_digit_slips(stated, expected, decimals, word):
    note = digit_slip(stated, Decimal(expected), decimals)
    assert (note is None) if word is None else (word in note)


@pytest.mark.parametrize(
    "stated,expected,word",
    [
        ("0.66", "6.604", "左移"),
        ("58.82", "5.882", "右移"),
        ("0.06", "0.598", None),  # one significant digit
        ("0.67", "6.604", None),
    ],
)
def test_decimal_shift(stated, expected, word):
    note = shift_slip(Decimal(stated), 2, Decimal(expected))
    assert (note is None) if word is None else (word in note)


def test_search_finds_a_ratio_or_growth_of_amounts_in_scope():
    amounts = [Interval.stated("300.00"), Interval.stated("360.00"), Interval.stated("12.00")]
    assert search(Interval.stated("20.00"), 2, amounts)  # (360 − 300) ÷ 300
    assert search(Interval.stated("83.33"), 2, amounts)  # 300 ÷ 360
    assert not search(Interval.stated("47.00"), 2, amounts)


def _search_every_pair(stated: Interval, decimals: int, amounts: list[Interval]) -> bool:
    """The search without its float bound: every form of every pair in exact interval arithmetic."""
    for a in amounts:
        for b in amounts:
            if a is b:
                continue
            for num, den in ((a, b), (b - a, b), (a, b - a), (a, b + a)):
                if not den.contains_zero() and reproduces(stated, decimals, abs_interval(num / den * HUNDRED)):
                    return True
    return False


def test_the_float_bound_of_the_search_rules_out_no_pair_that_reproduces():
    """Rates near the amounts' own ratios (hits, misses by one unit, near-zero divisors, equal
    amounts): the bounded search answers as the search over every pair does."""
    rng = random.Random(17)
    for _ in range(3000):
        amounts = [
            Interval.stated(f"{rng.choice([rng.uniform(0, 50), rng.uniform(0, 5e6)]):.{rng.randint(0, 2)}f}")
            for _ in range(rng.randint(2, 4))
        ]
        if rng.random() < 0.2:
            amounts.append(Interval.stated(f"{amounts[0].nominal}"))  # two equal amounts: b − a is zero
        a, b = rng.sample(amounts, 2)
        decimals = rng.randint(0, 2)
        ratio = float(a.nominal) / float(b.nominal) * 100 if b.nominal else 0.0
        guess = rng.choice([ratio, abs(100 - ratio), ratio + rng.uniform(-1, 1), rng.uniform(0, 300)])
        stated = Interval.stated(f"{guess:.{decimals}f}")
        assert search(stated, decimals, amounts) == _search_every_pair(stated, decimals, amounts)


@pytest.mark.parametrize(
    "text,rule,severity,words",
    [
        ("印刷费预算为8万元，支出决算为5.2万元，完成预算的35%。", "RAT001", "error", "1 − 5.2 ÷ 8"),
        ("公务接待费预算为1万元，支出决算为0.58万元，完成预算的42%。", "RAT001", "warning", "1 − 0.58 ÷ 1"),
        ("专用材料费支出1,200.00万元，比上年增加200.00万元，增长16.67%。", "GRW001", "error", "本年数而非上年数"),
        ("检察监督支出2,400万元，与上年相比减少150万元，降幅0.59%。", "GRW001", "error", "小数点"),
        ("项目预算40.00万元，实际支出36.00万元，预算执行率为111.11%。", "RAT001", "error", "颠倒"),
        ("公务接待费上年为2.40万元，本年为1.80万元，同比下降33%。", "GRW001", "error", "0.60 ÷ 1.80"),
        (
            "本年支出决算为1,236.00万元，年初预算为1,200.00万元，预决算差异率为2.91%。",
            "RAT001",
            "error",
            "决算数而非预算数",
        ),
        ("培训费预算150,000元，实际支出12.6万元，执行率0.0084%。", "RAT001", "error", "元”“万元”混用"),
    ],
)
def test_slip_named_in_the_finding(text, rule, severity, words):
    [f] = [f for f in check_text(text, Config()).findings if f.rule == rule]
    assert f.severity == severity and words in f.message


def test_rounding_of_a_whole_number_budget_alone_is_not_reported():
    # 0.53 ÷ 1 = 53%; 50% fits only through the rounding of "1", and is no known slip
    assert [
        f
        for f in check_text("公务接待费预算为1万元，支出决算为0.53万元，完成预算的50%。").findings
        if f.rule == "RAT001"
    ] == []
