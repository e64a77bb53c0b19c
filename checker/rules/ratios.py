"""Budget ratios (执行率, 控制率, 调整率, 差异率) and differences (结转结余, 调整后预算)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from checker.arith import Agreement, Interval, agreement, fmt, round_to
from checker.indicators.scoring import names_reverse, reverse_rate_named, stated
from checker.lexicon import alternation
from checker.numbers import scale
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.figures import interval, loc, shown
from checker.statements import Difference, Item, Rate
from checker.statements.cues import cues
from checker.statements.formulas import Operand, name_slip, ratio_slips, variance_slips

HUNDRED = 100


def _fits(q, value) -> bool:
    return round_to(value, q.decimals) == round_to(q.value, q.decimals)


_NAMES = {
    "execution": "执行率",
    "control": "控制率",
    "adjustment": "预算调整率",
    "variance": "预决算差异率",
    "initial": "完成年初预算比例",
    "completion": "完成率",
    "carry": "结转结余率",
}


@lru_cache(maxsize=1)
def _own_rate_word() -> re.Pattern[str]:
    """The rate words that name a rate of what was spent or done (到位率, 兑现率, 支付率, 完成率)."""
    rates = cues()["rates"]
    return re.compile(alternation([w for w in rates["execution"] + rates["completion"] if w.endswith("率")]))


def _rate_name(rate: Rate) -> str:
    """The rate as the text names it (资金到位率 → 到位率), else by its kind (完成预算的 → 执行率)."""
    if rate.kind in ("execution", "completion"):
        m = _own_rate_word().search(rate.rate.clause)
        if m is not None:
            return m.group(0)
    return _NAMES[rate.kind]


# a base the text does not name a budget: the finding says which was taken, as a warning
_INFERRED_BASE = {
    "allotted": "（以资金总额为基数）",
    "remainder": "（基数按已付与未付之和推得）",
    "either": "（文中未写明基数，按全年预算数或本年收入推得）",
}


class RateMismatch(Rule):
    """A stated budget ratio does not follow from the amounts in the same sentence.

    What it checks:
        执行率 and 控制率 = 执行（实际）数 ÷ 预算数 (the full-year budget when the sentence gives
        both); 预算调整率 = 调整数 ÷ 年初预算 (年初 = 全年 − 调整数 when only the full-year budget
        is stated); 预决算差异率 = (决算 − 预算) ÷ 预算; 完成年初预算的X% = 执行 ÷ 年初预算. The
        amounts are those stated before the rate in the same sentence. An execution rate whose
        sentence names no budget is taken over the one total allotted (资金总额, 安排资金), else
        over the amount paid plus the one amount left unpaid after it (支付Y，未支付R): the base
        is inferred, so a mismatch is a warning. A rate whose sentence names the spending and no budget is
        taken over the budget of the sentence before in its paragraph, past a breakdown of that budget
        (全年预算B。按资金来源分，一般公共预算A，…。全年支出Y，执行率Z%) to the budget named by its period;
        spending of a named thing (会议费实际支出) is not taken past one, nor is a completion rate after counts
        of its own work (开展活动130场，…，活动完成率100%) held to the money of the sentence before. A rate that bounds a group (执行率达到100%的项目, 在
        90%-100%之间的, 低于90%的) is a band's edge and is held to no amounts. A plan stands as a budget
        does (计划投资X，实际完成投资Y，完成率Z%; 应发放X，实际兑现Y，兑现率Z%), and counts of one unit are
        read so too when the rate is a completion rate (计划培训1200人次，实际培训1260人次，完成率105%).
        A 结转结余率 is the balance carried over ÷ the full-year budget, or ÷ this year's receipts when
        its words name them (结转结余率（结转结余÷本年收入）); with no base named either may be meant,
        and the amounts may stand in earlier sentences of its paragraph: then a mismatch is a warning.

    Why it matters:
        These ratios are what budget reviews score; a ratio that its own amounts do not give
        is either miscalculated or reported against the wrong base.

    Example (flagged):
        ```text
        全年预算数为800.00万元，全年实际支出720.00万元，预算执行率为92.00%。
        ```

    Compliant:
        ```text
        全年预算数为800.00万元，全年实际支出720.00万元，预算执行率为90.00%。
        ```
    """

    code = "RAT001"
    name = "rate-mismatch"
    category = "arith.ratio"
    message = "{what}与金额不符：{expr_shown} = {expected}，文中为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for rate in ctx.statements:
            if not isinstance(rate, Rate):
                continue
            yield self._check(ctx, rate)

    def _check(self, ctx: Context, rate: Rate) -> Result:
        pairs = [(n, d) for n in rate.numerators for d in (rate.denominators or (None,))]
        if not pairs or not rate.denominators and rate.full_budget is None and rate.remainder is None:
            return Outcome.not_applicable()
        tried = [self._recompute(rate, n, d) for n, d in pairs]
        tried = [t for t in tried if t is not None]
        if not tried:
            return Outcome.not_applicable()
        verdicts = [t[0] for t in tried]
        if Agreement.EXACT in verdicts or self._other_reading(rate) or self._reverse_reading(rate):
            return Outcome.passed()
        if Agreement.ROUNDING in verdicts:
            return self._rounding_only(ctx, rate, tried)
        if Agreement.TRUNCATION in verdicts:
            return Outcome.uncertain()
        _, computed, expr_shown, used = tried[0]
        decimals = rate.rate.quantity.decimals
        slip = self._slip(rate, computed, used)
        where = (
            _INFERRED_BASE.get(rate.base, "")
            if rate.budget_sentence is None
            else "（金额取自前文）"
            if used[0] in rate.budget_sentence.items
            else "（预算数取自前文）"
        )
        expected = f"{fmt(computed.nominal, max(decimals, 2))}%"
        return self.finding(
            ctx,
            loc(rate.rate, rate.sentence),
            message=f"{_rate_name(rate)}与{'金额' if used[0].kind == 'money' else '计划数、实际数'}不符：{expr_shown} = {expected}，"
            f"文中为{rate.rate.quantity.text.strip()}{where}" + (f"（{slip}）" if slip else ""),
            severity="warning" if where and not slip else None,
            what=_rate_name(rate),
            expr_shown=expr_shown,
            expr=expr_shown.replace("÷", "/").replace("−", "-"),
            expected=expected,
            stated=rate.rate.quantity.text.strip(),
            related=self._related(rate, used),
        )

    def _rounding_only(self, ctx: Context, rate: Rate, tried) -> Result:
        """Consistent only within the precision of a whole-number amount (预算1万元 read as
        0.5–1.5) while the stated rate is exactly the complement of the plain reading (1 − x):
        rounding may excuse the figure, but the coincidence with the slip does not look like
        rounding, so it is reported as a warning."""
        for how, computed, expr_shown, used in tried:
            if how is not Agreement.ROUNDING or rate.kind not in ("execution", "control", "initial", "completion"):
                continue
            slip = self._slip(rate, computed, used, only_complement=True)
            if slip:
                decimals = rate.rate.quantity.decimals
                return Outcome.uncertain(
                    self.finding(
                        ctx,
                        loc(rate.rate, rate.sentence),
                        severity="warning",
                        message=f"{_rate_name(rate)}疑误：{expr_shown} = {fmt(computed.nominal, max(decimals, 2))}%，"
                        f"文中为{rate.rate.quantity.text.strip()}（{slip}；仅在金额按整数取整时才相符）",
                        what=_rate_name(rate),
                        expr_shown=expr_shown,
                        expr=expr_shown.replace("÷", "/"),
                        expected=f"{fmt(computed.nominal, max(decimals, 2))}%",
                        stated=rate.rate.quantity.text.strip(),
                        related=self._related(rate, used),
                    )
                )
        return Outcome.passed()

    @staticmethod
    def _related(rate: Rate, used) -> tuple:
        previous = rate.budget_sentence
        return tuple(loc(i, previous if previous is not None and i in previous.items else rate.sentence) for i in used)

    @staticmethod
    def _slip(rate: Rate, computed, used, only_complement: bool = False) -> str | None:
        if (
            rate.kind not in ("execution", "control", "initial", "completion", "variance")
            or len(used) != 2
            or rate.remainder
        ):
            return None  # a base summed from two amounts has no slip of one of them to name
        num, den = used
        unit = num.quantity.unit
        q = rate.rate.quantity
        operands = (
            Operand(shown(num.quantity, unit), interval(num.quantity)),
            Operand(shown(den.quantity, unit), interval(den.quantity)),
        )
        slips = (
            variance_slips(*operands)
            if rate.kind == "variance"
            else ratio_slips(*operands, "疑将下降率（未完成部分）写作完成率")
        )
        if only_complement:
            slips = slips[:1]
            if _fits(q, computed.nominal):
                return None
            fits = [c for c in slips if _fits(q, c.value)]
            return f"{q.text.strip()} = {fits[0].expr_shown}：{fits[0].name}" if fits else None
        return name_slip(q.text, q.value, q.decimals, computed.nominal, slips)

    def _other_reading(self, rate: Rate) -> bool:
        """An amount whose words name no role (其中财政资金80万元) may be the one the rate is
        about: a sentence that fits under such a reading is not called wrong."""
        if not rate.others:
            return False
        nums = rate.numerators + rate.others
        dens = rate.denominators + rate.others
        for n in nums:
            for d in dens:
                if n is d or n not in rate.others and d not in rate.others:
                    continue
                tried = self._recompute(rate, n, d)
                if tried is not None and tried[0].consistent:
                    return True
        return False

    def _reverse_reading(self, rate: Rate) -> bool:
        """成本指标：生均公用经费计划800元，实际820元，完成率97.56%: where less is better (a cost, a time)
        the completion rate may be taken as plan ÷ actual, a convention, not a slip."""
        text = rate.sentence.paragraph.text[rate.sentence.start : rate.rate.start]
        if not reverse_rate_named(rate.rate.clause) or not names_reverse(text):
            return False
        return any(
            (tried := self._recompute(rate, d, n)) is not None and tried[0].consistent
            for n in rate.numerators
            for d in rate.denominators
        )

    @staticmethod
    def _recompute(rate: Rate, num, den):
        unit = num.quantity.unit
        n = interval(num.quantity)
        if den is None and rate.remainder is not None:
            d = n + interval(rate.remainder.quantity)
            shown_den = f"({shown(num.quantity, unit)} + {shown(rate.remainder.quantity, unit)})"
            used = (num, rate.remainder)
        elif rate.kind == "adjustment" and den is None:
            full = rate.full_budget
            d = interval(full.quantity) + (n if rate.adjust_down else -n)
            shown_den = f"({shown(full.quantity, unit)} {'+' if rate.adjust_down else '−'} {shown(num.quantity, unit)})"
            used = (num, full)
        elif rate.kind == "completion":  # 计划15个, 实际14个: whole things are counted, not rounded
            n, d = stated(num.quantity), stated(den.quantity)
            shown_den = shown(den.quantity, unit)
            used = (num, den)
        else:
            d = interval(den.quantity)
            shown_den = shown(den.quantity, unit)
            used = (num, den)
        if d.contains_zero():
            return None
        if rate.kind == "variance":
            computed = (n - d) / d * HUNDRED
            expr_shown = f"({shown(num.quantity, unit)} − {shown_den}) ÷ {shown_den}"
        else:
            computed = n / d * HUNDRED
            expr_shown = f"{shown(num.quantity, unit)} ÷ {shown_den}"
        written = interval(rate.rate.quantity)
        decimals = rate.rate.quantity.decimals
        how = agreement(written, computed, decimals)
        if rate.kind == "adjustment" and rate.adjust_down and not how.consistent:
            how = agreement(written, -computed, decimals)  # a cut may be reported as a negative rate
        if rate.kind == "variance" and not how.consistent and written.low >= 0:
            how = agreement(written, -computed, decimals)  # 决算 below 预算: the gap is often stated unsigned
        return how, computed, expr_shown, used


class DifferenceMismatch(Rule):
    """A carry-over or adjusted budget is not the difference of the amounts it comes from.

    What it checks:
        结转结余 = 预算 − 执行 (the budget may come from the paragraph before when the sentence's
        own 执行率 confirms it; a carry in a sentence of its own takes the budget and the spending of
        the nearest earlier sentence of its paragraph, with or without the 年初结转结余 it states, and
        as they are paired by position a mismatch is a warning), and 调整后预算 = 年初预算 + 调增数 (− 调减数). A balance after 收支相抵
        (…收入合计R。…支出合计S。上述收支相抵，年终结余B) is R − S, the totals taken from its paragraph
        and the two before (back to an earlier offset), plus the balance brought in when that fits;
        as the totals are paired by position, a mismatch there is a warning.

    Why it matters:
        Carry-overs feed the next year's budget; a carry-over that the budget and spending do
        not produce means one of the three amounts is misstated.

    Example (flagged):
        ```text
        项目安排预算资金300.00万元，项目支出260.00万元，结转结余45.00万元。
        ```

    Compliant:
        ```text
        项目安排预算资金300.00万元，项目支出260.00万元，结转结余40.00万元。
        ```
    """

    code = "DIF001"
    name = "difference-mismatch"
    category = "arith.difference"
    message = "{what}与相关金额不符：{expr_shown} = {expected}，文中为{stated}{note}"
    what = {"carry": "结转结余", "adjusted": "调整后预算", "offset": "收支相抵后的结余"}

    def check(self, ctx: Context) -> Iterable[Result]:
        for diff in ctx.statements:
            if not isinstance(diff, Difference):
                continue
            a, b = interval(diff.minuend.quantity), interval(diff.subtrahend.quantity)
            computed = a + b if diff.sign > 0 else a - b
            stated = interval(diff.result.quantity)
            decimals = diff.result.quantity.decimals
            how = agreement(stated, computed, max(decimals, diff.minuend.quantity.decimals))
            if how.consistent:
                yield Outcome.passed() if how is not Agreement.TRUNCATION else Outcome.uncertain()
                continue
            if any(_offset_fits(stated, decimals, *totals) for totals in diff.alternatives):
                yield Outcome.passed()  # the balance of other totals of the stretch, or with the balance brought in
                continue
            unit = diff.result.quantity.unit
            op = "+" if diff.sign > 0 else "−"
            expr_shown = f"{shown(diff.minuend.quantity, unit)} {op} {shown(diff.subtrahend.quantity, unit)}"
            what = self.what[diff.kind]
            note = ""
            related = [
                loc(diff.minuend, diff.minuend_sentence),
                loc(diff.subtrahend, diff.subtrahend_sentence or diff.sentence),
            ]
            if diff.corroborated_by is not None:
                note = f"（预算数取自前文，已由执行率{diff.corroborated_by.quantity.text.strip()}印证）"
            # a carry after the sentence of its budget and spending: they are paired by position
            paired_before = diff.kind == "carry" and diff.subtrahend_sentence is not None
            if paired_before:
                note = "（预算数、执行数取自前句）"
            places = max(diff.minuend.quantity.decimals, diff.subtrahend.quantity.decimals)
            yield self.finding(
                ctx,
                loc(diff.result, diff.sentence),
                # the totals of an offset are taken from the sentences before: the pairing is inferred
                severity="warning" if diff.kind == "offset" or paired_before else None,
                what=what,
                note=note,
                expr_shown=expr_shown,
                expr=expr_shown.replace("−", "-"),
                expected=fmt(computed.nominal / scale(unit), places),
                stated=diff.result.quantity.text.strip(),
                related=tuple(related),
            )


def _offset_fits(stated: Interval, decimals: int, receipts: Item, spending: Item, brought_in: Item | None) -> bool:
    computed = interval(receipts.quantity) - interval(spending.quantity)
    if brought_in is not None:
        computed = computed + interval(brought_in.quantity)
    return agreement(stated, computed, max(decimals, receipts.quantity.decimals)).consistent


RULES = (RateMismatch, DifferenceMismatch)
