"""Amounts that are a count times a standard, and per-head averages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from checker.arith import Agreement, Interval, agreement, fmt
from checker.numbers import scale
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.figures import interval, loc
from checker.rules.tables import memo
from checker.statements.product import Product
from checker.statements.sentences import Item

_MONEY_UNITS = ("元", "万元", "亿元")
_SCALED_COUNTS = ("万", "亿")


@dataclass(frozen=True)
class Verdict:
    """``kind``: pass | uncertain | unknown (no one reading to hold the figures to) | mismatch |
    slip (the figures agree once ``odd`` is read in ``unit``, its digits kept)."""

    kind: str
    count: Item | None = None
    total: Item | None = None
    computed: Interval | None = None  # the derived figure recomputed, in 元
    odd: Item | None = None
    unit: str = ""


def _times(product: Product, count: Item) -> Interval:
    """The count times the periods: exact, unless the count is shown in 万 (1.25万人 is 12,450–12,550)."""
    q = count.quantity
    heads = interval(q) if any(m in q.text for m in _SCALED_COUNTS) else Interval.exact(q.value or 0)
    return heads * (product.periods or 1)


def _fits(
    product: Product, count: Item, standard: Interval, whole: Interval, total: Item
) -> tuple[Agreement, Interval]:
    times = _times(product, count)
    if product.average:
        computed = whole / times
        return agreement(standard, computed, product.standard.quantity.decimals), computed
    computed = standard * times
    return agreement(whole, computed, total.quantity.decimals), computed


def _in_unit(item: Item, unit: str) -> Interval:
    """The figure's digits read in ``unit`` instead of its own."""
    return interval(item.quantity).scaled(scale(unit) / scale(item.quantity.unit))


def read(product: Product) -> Verdict:
    """The product (or average) recomputed from every pair of a count and a total the clause run
    offers: it holds when one pair gives it; it fails only with one pair and the periods known."""
    standard = interval(product.standard.quantity)
    pairs = [(c, t) for c in product.counts for t in product.totals if c.quantity.value]
    tried = [(c, t, *_fits(product, c, standard, interval(t.quantity), t)) for c, t in pairs]
    if any(how.consistent and how is not Agreement.TRUNCATION for _, _, how, _ in tried):
        return Verdict("pass")
    if product.periods is None or product.approximate or len(tried) != 1:
        return Verdict("unknown")
    count, total, how, computed = tried[0]
    if how is Agreement.TRUNCATION:
        return Verdict("uncertain")
    slips = []
    for odd in (total, product.standard):
        for unit in _MONEY_UNITS:
            if unit == odd.quantity.unit or odd.quantity.unit not in _MONEY_UNITS:
                continue
            s = _in_unit(odd, unit) if odd is product.standard else standard
            w = _in_unit(odd, unit) if odd is total else interval(total.quantity)
            if _fits(product, count, s, w, total)[0].consistent:
                slips.append((odd, unit))
    if len(slips) == 1:
        return Verdict("slip", count, total, computed, *slips[0])
    return Verdict("mismatch", count, total, computed)


def _text(item: Item) -> str:
    return item.quantity.text.strip()


def _plain(expr_shown: str) -> str:
    """The recomputation with ASCII operators, for the finding's ``expr``."""
    return expr_shown.replace("×", "*").replace("÷", "/").replace("（", "").replace("）", "")


def _expression(product: Product, verdict: Verdict) -> tuple[str, Item]:
    """The recomputation as a reader writes it, and the figure it gives."""
    count, total = verdict.count, verdict.total
    assert count is not None and total is not None
    if product.period and product.periods:
        if product.average:
            return f"{_text(total)} ÷ ({_text(count)} × {product.periods}（{product.period}）)", product.standard
        return f"{_text(count)} × {_text(product.standard)} × {product.periods}（{product.period}）", total
    if product.average:
        return f"{_text(total)} ÷ {_text(count)}", product.standard
    return f"{_text(count)} × {_text(product.standard)}", total


class PerUnitAmountMismatch(Rule):
    """An amount stated as a count times a standard, or a per-head average, does not follow from
    the count and the other amount.

    What it checks:
        In one sentence (up to its semicolons): a standard paid per something (每人300元, 每户400元,
        标准每人每年300元, 每人次500元, 300元/人, 0.75万元/户, 单价1,200元), a count of that same thing (120名, 110户,
        85人次, 40套) and the amount paid (共计3.6万元, 总价4.8万元): amount = count × standard, times
        the number of periods the text names when the standard is per a period (每生每学期 … 两个学期).
        A product written out (120人×300元) is read the same way. An average (人均培训费500元,
        平均每场次3万元, 生均…) must be the amount ÷ the count. The figures are intervals: 3.6万元
        stands for 35,500–36,500元, 1.25万人 for 12,450–12,550 people. Nothing is said about a
        standard that is a ceiling or a floor (最高, 不超过, 以上, 以内), a standard per a period the
        text does not count, a count in another measure word (人 beside 每户) or stated roughly
        (300余人, 约120人), a standard of part of those counted (其中…每人), a gain rather than a
        payment (每户增收), or a sentence with several counts or amounts none of which fits. The
        finding is an error when the amount is named as the total (共计, 合计, 总价), the product is
        written out, or the average names the amount it divides (人均培训费 and 培训费支出), a
        warning otherwise.

    Why it matters:
        Reviewers check a subsidy's total against the people and the standard; a total that the
        standard does not give means a figure was miscounted, miscalculated or copied wrongly.

    Example (flagged):
        ```text
        为120名困难学生发放生活补助，标准每人300元，共计3.8万元。
        ```

    Compliant:
        ```text
        为120名困难学生发放生活补助，标准每人300元，共计3.6万元。
        ```
    """

    code = "PER001"
    name = "per-unit-amount-mismatch"
    category = "arith.ratio"
    message = "{what}不符：{expr_shown} = {expected}，文中为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for product, verdict in _verdicts(ctx):
            if verdict.kind == "pass":
                yield Outcome.passed()
            elif verdict.kind == "uncertain":
                yield Outcome.uncertain()
            elif verdict.kind != "mismatch":
                yield Outcome.not_applicable()  # UNT003 reports a unit slip
            else:
                yield self._finding(ctx, product, verdict)

    def _finding(self, ctx: Context, product: Product, verdict: Verdict) -> Result:
        expr_shown, derived = _expression(product, verdict)
        assert verdict.computed is not None and verdict.count is not None and verdict.total is not None
        q = derived.quantity
        expected = f"{fmt(verdict.computed.nominal / scale(q.unit), max(q.decimals, 2))}{q.unit}"
        return self.finding(
            ctx,
            loc(derived, product.sentence),
            severity=None if product.certain else "warning",
            what="平均数与金额和数量" if product.average else "金额与数量和标准",
            expr_shown=expr_shown,
            expr=_plain(expr_shown),
            expected=expected,
            stated=_text(derived),
            related=tuple(
                loc(i, product.sentence) for i in (verdict.count, product.standard, verdict.total) if i is not derived
            ),
        )


class PerUnitAmountUnitSlip(Rule):
    """An amount of a count times a standard is written in the wrong unit (元 for 万元).

    What it checks:
        A product or average that PER001 reads (count × standard = amount) whose figures disagree
        as written but agree once one amount is read in another money unit, its digits kept:
        120人 × 300元 = 36,000元 makes "共计3.6元" a slip for 3.6万元.

    Why it matters:
        A 10,000-fold slip changes the amount completely; the count and the standard show which
        unit was meant.

    Example (flagged):
        ```text
        补助困难群众120人，每人300元，共计3.6元。
        ```

    Compliant:
        ```text
        补助困难群众120人，每人300元，共计3.6万元。
        ```
    """

    code = "UNT003"
    name = "per-unit-amount-unit-slip"
    category = "unit"
    message = "单位疑误：“{stated}”应为{expected}，按此单位 {expr_shown} 才相符"

    def check(self, ctx: Context) -> Iterable[Result]:
        for product, verdict in _verdicts(ctx):
            if verdict.kind != "slip":
                yield Outcome.passed() if verdict.kind == "pass" else Outcome.not_applicable()
                continue
            odd = verdict.odd
            assert odd is not None
            expr_shown, _ = _expression(product, verdict)
            digits = fmt(interval(odd.quantity).nominal / scale(odd.quantity.unit), odd.quantity.decimals)
            yield self.finding(
                ctx,
                loc(odd, product.sentence),
                severity=None if product.certain else "warning",
                stated=_text(odd),
                expected=f"{digits}{verdict.unit}",
                expr=_plain(expr_shown),
                expr_shown=expr_shown,
                related=tuple(
                    loc(i, product.sentence)
                    for i in (verdict.count, product.standard, verdict.total)
                    if i is not None and i is not odd
                ),
            )


def _verdicts(ctx: Context) -> list[tuple[Product, Verdict]]:
    """Each product statement read once for both rules (PER001 reports a mismatch, UNT003 a slip)."""
    return memo(ctx, "product_verdicts", lambda: [(p, read(p)) for p in ctx.statements if isinstance(p, Product)])


RULES = (PerUnitAmountMismatch, PerUnitAmountUnitSlip)
