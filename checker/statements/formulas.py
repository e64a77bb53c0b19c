"""Formula search: which known slip of a formula reproduces a stated figure.

A rate, share or growth that its own relation does not give is often a familiar mistake: the
complement written (1 − x: the decline instead of the completion rate), the current year used
as the base of a growth rate, the two operands swapped, a digit transposed or dropped, the
decimal point shifted one place. ``name_slip`` tries each against the stated figure; a slip
counts only when the figure equals the slip's result as displayed (rounded to the stated
decimals, at the nominal values) while the right formula does not give it — so a slip names
one specific number, not a range that happens to overlap.

``search`` is the second reader: for a stated percentage no relation explains, it looks for a
ratio or growth of two amounts in scope that reproduces it (Scrutinizer/AggChecker style).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from checker.arith import HUNDRED, Agreement, Interval, agreement, fmt, round_to
from checker.statements.change import Change
from checker.statements.cues import patterns
from checker.statements.rates import Rate, band_edge, rate_kind
from checker.statements.sentences import Item, Sentence


@dataclass(frozen=True)
class Slip:
    name: str  # what was probably done: 疑将下降率写作完成率
    expr_shown: str  # 43% = 1 − 1.71 ÷ 3
    value: Decimal


@dataclass(frozen=True)
class Operand:
    shown: str  # the figure as the report writes it (1.71)
    interval: Interval  # in base units


def _exact(stated: Decimal, decimals: int, computed: Decimal) -> bool:
    return round_to(computed, decimals) == round_to(stated, decimals)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _transposed(a: str, b: str) -> bool:
    """Two neighbouring digits swapped (12.23 for 12.32)."""
    if len(a) != len(b) or a == b:
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _dropped(short: str, full: str) -> bool:
    """One digit left out (1.39 for 13.9 is a shift; 1.9 for 1.39 is a dropped digit)."""
    return len(full) == len(short) + 1 and any(full[:k] + full[k + 1 :] == short for k in range(len(full)))


def digit_slip(stated_text: str, expected: Decimal, decimals: int) -> str | None:
    """A typing slip between the stated figure and the right one shown at the same decimals."""
    right = fmt(expected, decimals)
    a, b = _digits(stated_text).lstrip("0"), _digits(right).lstrip("0")
    if len(b) < 3:
        return None  # two-digit figures (0.06 for 0.60) differ so too easily by chance
    if _transposed(a, b):
        return f"疑数字颠倒（应为{right}）"
    if _dropped(a, b):
        return f"疑漏写一位数字（应为{right}）"
    return None


def shift_slip(stated: Decimal, decimals: int, expected: Decimal) -> str | None:
    """0.06% for 0.60%, 0.66% for 6.60%: the decimal point one place off."""
    if stated == 0 or expected == 0:
        return None
    if len(_digits(fmt(stated, decimals)).lstrip("0")) < 2:
        return None  # one significant digit matches a shifted value too easily
    for factor, what in (
        (Decimal(10), "小数点左移一位"),
        (Decimal("0.1"), "小数点右移一位"),
        (Decimal(10000), "金额单位“元”“万元”混用"),
        (Decimal("0.0001"), "金额单位“元”“万元”混用"),
    ):
        if _exact(stated, decimals, expected / factor):
            return f"疑{what}（应为{fmt(expected, max(decimals, 2))}%）"
    return None


def name_slip(
    stated_text: str, stated: Decimal, decimals: int, expected: Decimal, candidates: Iterable[Slip]
) -> str | None:
    """The one slip that reproduces the stated figure exactly, or None.

    ``candidates`` are the formula slips of the relation (complement, current as base, swapped
    operands …) with their values; the digit and decimal-point slips are tried on ``expected``.
    Ambiguity (two candidate slips fit) names none."""
    if _exact(stated, decimals, expected):
        return None
    # 100% is the convention for a new or vanished item, not a slip of the formula
    fits = [
        c
        for c in candidates
        if _exact(stated, decimals, c.value)
        and not _exact(expected, decimals, c.value)
        and not _exact(HUNDRED, decimals, c.value)
    ]
    if len(fits) == 1:
        return f"{stated_text.strip()} = {fits[0].expr_shown}：{fits[0].name}"
    if fits:
        return None
    return shift_slip(stated, decimals, expected) or digit_slip(stated_text, expected, decimals)


def ratio_slips(num: Operand, den: Operand, as_complement: str) -> list[Slip]:
    """Slips of a ratio num ÷ den (执行率, 完成率, 占比)."""
    out = []
    try:
        right = (num.interval / den.interval * HUNDRED).nominal
        out.append(Slip(as_complement, f"1 − {num.shown} ÷ {den.shown}", HUNDRED - right))
        out.append(
            Slip("疑分子分母颠倒", f"{den.shown} ÷ {num.shown}", (den.interval / num.interval * HUNDRED).nominal)
        )
    except ZeroDivisionError:
        pass
    return out


def variance_slips(actual: Operand, budget: Operand) -> list[Slip]:
    """Slips of a 预决算差异率 (actual − budget) ÷ budget."""
    try:
        return [
            Slip(
                "疑以决算数而非预算数为基数",
                f"({actual.shown} − {budget.shown}) ÷ {actual.shown}",
                ((actual.interval - budget.interval) / actual.interval * HUNDRED).nominal,
            ),
            Slip(
                "疑将执行率写作差异率",
                f"{actual.shown} ÷ {budget.shown}",
                (actual.interval / budget.interval * HUNDRED).nominal,
            ),
        ]
    except ZeroDivisionError:
        return []


def growth_slips(current: Operand, delta: Operand, prior: Operand, against_budget: bool = False) -> list[Slip]:
    """Slips of a growth rate delta ÷ prior (prior being the budget of an outturn when ``against_budget``)."""
    now, base = ("决算数", "预算数") if against_budget else ("本年数", "上年数")
    out = []
    try:
        out.append(
            Slip(
                f"疑以{now}而非{base}为基数",
                f"{delta.shown} ÷ {current.shown}",
                abs((delta.interval / current.interval * HUNDRED).nominal),
            )
        )
        out.append(
            Slip(
                f"疑写作{now}与{base}之比",
                f"{current.shown} ÷ {prior.shown}",
                abs((current.interval / prior.interval * HUNDRED).nominal),
            )
        )
    except ZeroDivisionError:
        pass
    return out


def reproduces(stated: Interval, decimals: int, computed: Interval) -> bool:
    return agreement(stated, computed, decimals) in (Agreement.EXACT, Agreement.ROUNDING)


def search(stated: Interval, decimals: int, amounts: list[Interval]) -> bool:
    """Whether some ratio a ÷ b, growth (a − b) ÷ b, or growth from a change d ÷ (c ∓ d) of two
    amounts in scope gives the stated percentage: a figure so explained is not reported as
    unexplained.

    Nearly every pair misses by far, and the exact interval arithmetic over all pairs was most
    of this search: a bound in floats on each quotient (``_misses``) rules a pair out first."""
    target = float(stated.nominal)
    # a quotient that reproduces the figure lies within one displayed unit (rounding) or the
    # stated interval's spread (overlap) of it
    slack = 10.0**-decimals + float(max(stated.high - stated.nominal, stated.nominal - stated.low))
    rough = [(float(x.nominal), float(max(x.high - x.nominal, x.nominal - x.low))) for x in amounts]
    for a, (an, ah) in zip(amounts, rough):
        for b, (bn, bh) in zip(amounts, rough):
            if a is b:
                continue
            # (numerator, divisor) of each form of _FORMS as (nominal, half-width)
            rough_forms = (
                ((an, ah), (bn, bh)),
                ((bn - an, ah + bh), (bn, bh)),
                ((an, ah), (bn - an, ah + bh)),
                ((an, ah), (bn + an, ah + bh)),
            )
            for (num, den), form in zip(rough_forms, _FORMS):
                if _misses(num, den, target, slack):
                    continue
                num_iv, den_iv = form(a, b)
                if den_iv.contains_zero():
                    continue
                if reproduces(stated, decimals, abs_interval(num_iv / den_iv * HUNDRED)):
                    return True
    return False


_FORMS: tuple[Callable[[Interval, Interval], tuple[Interval, Interval]], ...] = (
    lambda a, b: (a, b),
    lambda a, b: (b - a, b),
    lambda a, b: (a, b - a),
    lambda a, b: (a, b + a),
)
"""(numerator, divisor) of a ratio, a growth and the two growths from a change."""


def _misses(num: tuple[float, float], den: tuple[float, float], target: float, slack: float) -> bool:
    """Whether |num ÷ den| × 100 surely lies further than ``slack`` from ``target``, given each
    operand as (nominal, half-width): for x within xh of xn and y within yh of yn (|yn| > yh),
    |x/y − xn/yn| ≤ (xh·|yn| + |xn|·yh) ÷ ((|yn| − yh)·|yn|). A divisor that may be zero, or a
    bound that floats cannot hold, is left to the exact test."""
    (xn, xh), (yn, yh) = num, den
    y = abs(yn)
    if y <= yh * (1 + 1e-9) or y - yh < 1e-300:
        return False
    quotient = abs(xn / yn) * 100
    spread = 100 * (xh * y + abs(xn) * yh) / ((y - yh) * y)
    bound = spread + slack + 1e-9 * (1 + quotient + abs(target))
    return math.isfinite(quotient) and math.isfinite(bound) and abs(quotient - target) > bound


def abs_interval(iv: Interval) -> Interval:
    if iv.low >= 0:
        return iv
    if iv.high <= 0:
        return -iv
    return Interval(Decimal(0), max(-iv.low, iv.high), abs(iv.nominal))


@dataclass(frozen=True)
class UnreadRate:
    """A stated growth or budget rate that no assembled statement reads, with the amounts in
    its scope (its sentence, then its paragraph) for the formula search."""

    rate: Item
    sentence: Sentence
    sentence_amounts: tuple[Item, ...]
    paragraph_amounts: tuple[Item, ...]


def find_unread_rates(paragraph_sentences: list[list[Sentence]], statements: Sequence[object]) -> list[UnreadRate]:
    read = {id(s.rate) for s in statements if isinstance(s, (Change, Rate)) and s.rate is not None}
    p = patterns()
    out = []
    for sents in paragraph_sentences:
        paragraph_amounts: tuple[Item, ...] | None = None  # made for the first rate read: most paragraphs have none
        for sentence in sents:
            for item in sentence.items:
                if item.kind != "percent" or id(item) in read or item.depth or band_edge(sentence, item):
                    continue  # (a band's edge: 执行率低于90%的项目 is no rate to recompute)
                if not (p.rate_gap.match(item.clause) and p.compare.search(sentence.text) or rate_kind(item)):
                    continue
                amounts = tuple(i for i in sentence.items if i.kind == "money")
                if paragraph_amounts is None:
                    paragraph_amounts = tuple(i for s in sents for i in s.items if i.kind == "money")
                out.append(UnreadRate(item, sentence, amounts, paragraph_amounts))
    return out
