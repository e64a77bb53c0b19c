from decimal import Decimal as D, localcontext

import pytest
from hypothesis import given, strategies as st

from checker.arith import Agreement, Interval, agreement, decimals_of, fmt, growth, growth_from_values, percent, total


def test_stated_interval_is_half_a_unit_either_side():
    iv = Interval.stated("256.40")
    assert (iv.low, iv.high, iv.nominal) == (D("256.395"), D("256.405"), D("256.40"))
    assert Interval.stated("46", 0).low == D("45.5")


def test_stated_with_scale_converts_wan_yuan_to_yuan():
    iv = Interval.stated("1.25", scale=10000)
    assert iv.low == D("12450") and iv.high == D("12550")


def test_decimals_of_literal():
    assert decimals_of("1,206.50") == 2
    assert decimals_of("46%") == 0
    assert decimals_of("0.4") == 1


def test_sum_and_difference_widen():
    a, b = Interval.stated("11.35"), Interval.stated("0.4")
    s = a + b
    assert s.nominal == D("11.75")
    assert (s.low, s.high) == (D("11.695"), D("11.805"))
    d = a - b
    assert (d.low, d.high) == (D("10.895"), D("11.005"))


def test_division_by_an_interval_containing_zero_is_refused():
    with pytest.raises(ZeroDivisionError):
        Interval.stated("5") / Interval.stated("0.00")


def test_growth_from_current_and_delta():
    g = growth(Interval.stated("256.40"), Interval.stated("31.20"))
    assert fmt(g.nominal, 2) == "13.85"
    assert not g.overlaps(Interval.stated("1.39"))


def test_growth_from_values_matches_hand_computation():
    g = growth_from_values(Interval.stated("130.50"), Interval.stated("120.00"))
    assert fmt(g.nominal, 2) == "8.75"


def test_percent_share():
    p = percent(Interval.stated("25.00"), Interval.stated("200.00"))
    assert p.contains(D("12.5"))


def test_agreement_exact_rounding_truncation_mismatch():
    computed = Interval.stated("3.00") / Interval.stated("7.00") * 100  # 42.857…
    assert agreement(Interval.stated("42.86"), computed, 2) is Agreement.EXACT
    assert agreement(Interval.stated("42.85"), computed, 2) is Agreement.ROUNDING
    assert agreement(Interval.stated("40.00"), computed, 2) is Agreement.MISMATCH
    narrow = Interval.exact(D("6.97"))
    assert agreement(Interval.stated("6.9"), narrow, 1) is Agreement.TRUNCATION


def test_sum_that_passes_only_by_rounding():
    parts = [Interval.stated(x) for x in ("100.33", "200.33", "300.33")]
    s = total(parts)
    assert s.nominal == D("600.99")
    assert agreement(Interval.stated("601.00"), s, 2) is Agreement.ROUNDING


def test_fmt_rounds_half_up():
    assert fmt(D("2.345"), 2) == "2.35"
    assert fmt(D("-1.305"), 2) == "-1.31"


_values = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(_values, _values)
def test_sum_contains_sum_of_any_members(a, b):
    ia, ib = Interval.stated(a, 2), Interval.stated(b, 2)
    s = ia + ib
    assert s.contains(ia.low + ib.high) and s.contains(a + b)


@given(_values, _values.filter(lambda x: abs(x) > 1))
def test_quotient_contains_quotient_of_endpoints(a, b):
    ia, ib = Interval.stated(a, 2), Interval.stated(b, 2)
    q = ia / ib
    with localcontext() as ctx:
        ctx.prec = 34
        for x in (ia.low, ia.high):
            for y in (ib.low, ib.high):
                assert q.low <= x / y <= q.high


@given(_values, _values)
def test_product_contains_product_of_nominals(a, b):
    ia, ib = Interval.stated(a, 2), Interval.stated(b, 2)
    assert (ia * ib).contains(a * b)


@given(_values)
def test_rounded_value_always_agrees_with_itself(a):
    assert agreement(Interval.stated(a, 2), Interval.exact(a), 2) is Agreement.EXACT
