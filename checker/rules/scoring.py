"""Scoring rules for performance self-evaluations (绩效自评): rates, scores, totals, weights, grades.

Counts of indicators (三级指标N个，其中已完成M个) are checked by CNT001 in ``checker.rules.structure``.
"""

from __future__ import annotations

import re
from itertools import groupby
from dataclasses import replace
from decimal import Decimal
from typing import Iterable, NamedTuple

from checker.arith import HUNDRED, Agreement, Interval, agreement, fmt, round_to, total
from checker.indicators import Field, FundLine, Scorecard, find_graded_scores, find_scorecards
from checker.indicators.scoring import (
    at_finest_precision,
    clamp_rate,
    exact,
    expected_score,
    figure,
    grade_for,
    met_as_shown,
    normal_grade,
    policy,
    qualitative_rate,
    recompute_rate,
    stated,
)
from checker.lexicon import alternation, load_yaml
from checker.model import Location
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.tables import TableRule, memo


def _cards(ctx: Context) -> tuple[Scorecard, ...]:
    return memo(ctx, "scorecards", lambda: find_scorecards(ctx.document))


def _cap(ctx: Context) -> Decimal:
    return Decimal(str(policy(ctx.config.scoring_policy)["rate_cap"]))


def _matches(value: Interval, q) -> Agreement:
    return agreement(stated(q), value, q.decimals)


def _bare_fraction(field, q) -> bool:
    """A 执行率 written without a percent sign and at most 1 (执行率（B/A）: 0.95, 1) may be the
    ratio itself rather than a percentage."""
    return q.value <= 1 and not any(sign in field.text for sign in "%％")


def _fraction_fits(field, q, percent: Interval) -> bool:
    """The rate read as a fraction agrees with ``percent``: by rounding, not by truncation (a 0
    left in a blank form is not 0.9997 cut short), and a whole 1 or 0 only as 100% or 0%."""
    if not _bare_fraction(field, q):
        return False
    if q.decimals == 0:
        return round_to(percent.nominal, 0) == q.value * HUNDRED
    return agreement(stated(q), percent / HUNDRED, q.decimals) in (Agreement.EXACT, Agreement.ROUNDING)


def _pct(value: Interval, decimals: int = 2) -> str:
    return f"{fmt(value.nominal, decimals)}%"


def _at_most(score: Interval, weight) -> Interval:
    if weight is None or score.low > weight.value:
        return score
    return Interval(score.low, min(score.high, weight.value), min(score.nominal, weight.value))


class CompletionRateMismatch(Rule):
    """An indicator's stated 完成率 disagrees with its target and actual value.

    What it checks:
        For every performance indicator with a numeric target and actual value, recomputes the
        completion rate by the indicator's direction — actual ÷ target when more is better (≥, =),
        target ÷ actual for a ceiling (≤, or a cost/time indicator) — and compares the stated
        完成率, accepting either the plain rate or the rate capped at 100%.
    Why it matters:
        The completion rate drives the score; a rate that does not follow from the figures
        beside it means either the figures or the score are wrong.
    Example (flagged):
        ```text
        培训人次指标，预期指标值“≥400人次”，本次评价实际完成值360人次，指标完成率100%，该指标赋分权重20分，最终得分20分。
        ```
    Compliant:
        ```text
        培训人次指标，预期指标值“≥400人次”，本次评价实际完成值360人次，指标完成率90%，该指标赋分权重20分，最终得分18分。
        ```
    """

    code = "SCO001"
    name = "completion-rate-mismatch"
    category = "arith.ratio"
    severity = "error"
    message = "指标“{indicator}”完成率与目标值、实际值不符：{expr} = {expected}，表中/文中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        cap = _cap(ctx)
        for card in _cards(ctx):
            for ind in card.indicators:
                rate_q = figure(ind.rate)
                if rate_q is None or rate_q.kind != "percent":
                    continue
                recomputed = recompute_rate(ind)
                if recomputed is None:
                    yield from self._qualitative(ctx, ind, rate_q)
                    continue
                plain = _matches(recomputed.value, rate_q)
                capped = _matches(clamp_rate(recomputed.value, cap), rate_q)
                other_fits = recomputed.other is not None and (
                    _matches(recomputed.other, rate_q).consistent
                    or _matches(clamp_rate(recomputed.other, cap), rate_q).consistent
                )
                if plain.consistent or capped.consistent or other_fits:
                    yield Outcome.passed()
                    continue
                expected = _pct(recomputed.value)
                if recomputed.other is not None:
                    expected += f"（按实际值 ÷ 目标值则为 {_pct(recomputed.other)}）"
                finding = self.finding(
                    ctx,
                    ind.rate.location,
                    indicator=ind.name,
                    expr=f"{recomputed.expr} × 100%",
                    expected=expected,
                    stated=ind.rate.text,
                    severity="error" if recomputed.certain else "warning",
                    related=[f.location for f in (ind.target, ind.actual) if f is not None],
                )
                if recomputed.certain:
                    yield finding
                else:
                    # the report may score a cost target the other way round, or by a local rule
                    yield Outcome.uncertain(finding)

    def _qualitative(self, ctx: Context, ind, rate_q) -> Iterable[Result]:
        full = qualitative_rate(ind)
        if full is None or figure(ind.target) is not None:
            yield Outcome.not_applicable()
            return
        if full == 0 and rate_q.value > 0 or full == HUNDRED and rate_q.value == 0:
            yield Outcome.uncertain(
                self.finding(
                    ctx,
                    ind.rate.location,
                    severity="warning",
                    indicator=ind.name,
                    expr=f"实际完成“{ind.actual.text}”",
                    expected=f"{fmt(full, 0)}%",
                    stated=ind.rate.text,
                )
            )
        else:
            yield Outcome.passed()


class IndicatorScoreMismatch(Rule):
    """An indicator's stated score is not its weight × completion rate (capped at 100%).

    What it checks:
        Score = 分值权重 × min(完成率, 100%), using the stated 完成率 (or, when the table has no
        rate column, the rate recomputed from target and actual, at least 100% when the figures
        as printed meet the target: 100 against =100 scores full marks). A score above the weight is
        always wrong; a zero score where the formula gives more may follow a regional rule
        (e.g. nothing below a floor) and is reported as uncertain. A paragraph that weighs one
        line and states its own 得分率 (权重10分，得分率96.84%，加权得分9.68分) is held to weight × that rate.
    Why it matters:
        Indicator scores add up to the total score and grade of the evaluation.
    Example (flagged):
        ```text
        服务满意度指标，预期指标值“≥90%”，本次评价实际完成值85.5%，指标完成率95%，该指标赋分权重10分，最终得分8分。
        ```
    Compliant:
        ```text
        服务满意度指标，预期指标值“≥90%”，本次评价实际完成值85.5%，指标完成率95%，该指标赋分权重10分，最终得分9.5分。
        ```
    """

    code = "SCO002"
    name = "indicator-score-mismatch"
    category = "arith.score"
    severity = "error"
    message = "指标“{indicator}”得分与权重和完成率不符：{expr} = {expected}，表中/文中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        cap = _cap(ctx)
        for card in _cards(ctx):
            for ind in card.indicators:
                weight, score = figure(ind.weight), figure(ind.score)
                if weight is None or score is None:
                    continue
                rate_q = figure(ind.rate)
                recomputed = recompute_rate(ind)
                own = figure(ind.score_rate)
                if own is not None and own.kind == "percent":
                    # 权重 × 得分率 = 得分: the writer's own rate, whatever the completion rate was
                    rate_q, rate, rate_text, recomputed = own, stated(own), ind.score_rate.text, None
                elif rate_q is not None and rate_q.kind == "percent":
                    rate, rate_text = stated(rate_q), ind.rate.text
                elif recomputed is not None and recomputed.certain:
                    rate, rate_text = met_as_shown(recomputed, ind), f"({recomputed.expr})"
                elif qualitative_rate(ind) is not None:
                    rate, rate_text = Interval.exact(qualitative_rate(ind)), f"{fmt(qualitative_rate(ind), 0)}%"
                else:
                    yield Outcome.not_applicable()
                    continue
                expected = expected_score(weight.value, rate, cap)
                if _matches(expected, score).consistent:
                    yield Outcome.passed()
                    continue
                if (
                    recomputed is not None
                    and recomputed.certain
                    and _matches(expected_score(weight.value, met_as_shown(recomputed, ind), cap), score).consistent
                ):
                    yield Outcome.passed()  # the score follows the figures; SCO001 reports the rate
                    continue
                decimals = max(score.decimals, 2)
                finding_args = dict(
                    indicator=ind.name,
                    expected=fmt(expected.nominal, decimals),
                    stated=ind.score.text,
                    expr=f"{ind.weight.text} × min({rate_text}, {fmt(cap, 0)}%)",
                    related=[f.location for f in (ind.weight, ind.rate) if f is not None],
                )
                if score.value > weight.value:
                    yield self.finding(ctx, ind.score.location, **finding_args)
                elif score.value == 0 or rate_q is None:
                    yield Outcome.uncertain(self.finding(ctx, ind.score.location, severity="warning", **finding_args))
                else:
                    yield self.finding(ctx, ind.score.location, **finding_args)


class ExecutionRateMismatch(Rule):
    """The 预算执行率 of a self-evaluation is not 全年执行数 ÷ 全年预算数.

    What it checks:
        In the funds line of a self-evaluation (table or prose), 执行率 = 全年执行数 ÷ 全年预算数
        (the adjusted full-year budget, not the 年初 budget). When the stated rate fits the 年初
        budget instead, the message says so. When the 年度资金总额 line is left at 0 (or blank)
        above 其中 rows with figures, the rate is recomputed from those rows.
    Why it matters:
        The execution rate is scored (usually 10 points) and reported to the finance bureau.
    Example (flagged):
        ```text
        我单位全年预算金额为 500.00 万元，执行金额为 450.00 万元，执行率为 95.00%，得 9.50 分。
        ```
    Compliant:
        ```text
        我单位全年预算金额为 500.00 万元，执行金额为 450.00 万元，执行率为 90.00%，得 9.00 分。
        ```
    """

    code = "SCO003"
    name = "execution-rate-mismatch"
    category = "arith.ratio"
    severity = "error"
    message = "预算执行率与执行数、预算数不符：{expr} = {expected}，表中/文中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for card in _cards(ctx):
            fund = card.fund
            if fund is None:
                continue
            rate, spent, budget = figure(fund.rate), figure(fund.spent), figure(fund.budget)
            if rate is not None and not (spent and spent.value) and not (budget and budget.value):
                yield from self._from_parts(ctx, fund, rate)
                continue
            if rate is None or spent is None or budget is None:
                continue
            if "percent" in (spent.kind, budget.kind):
                # An amount read as a percentage: the form's columns were read out of place.
                yield Outcome.uncertain()
                continue
            try:
                value = stated(spent) / stated(budget) * HUNDRED
            except ZeroDivisionError:
                yield Outcome.not_applicable()
                continue
            if _matches(value, rate).consistent or _fraction_fits(fund.rate, rate, value):
                yield Outcome.passed()
                continue
            expr = f"{fund.spent.text} ÷ {fund.budget.text} × 100%"
            note = ""
            initial = figure(fund.initial)
            if initial is not None and initial.value:
                alt = stated(spent) / stated(initial) * HUNDRED
                if _matches(alt, rate).consistent:
                    note = f"（按年初预算数 {fund.initial.text} 计算才得 {_pct(alt)}，执行率应以全年预算数为分母）"
            yield self.finding(
                ctx,
                fund.rate.location,
                expr=expr,
                expected=_pct(value) + note,
                stated=fund.rate.text,
                related=[f.location for f in (fund.spent, fund.budget)],
            )

    def _from_parts(self, ctx: Context, fund, rate) -> Iterable[Result]:
        """A total line left at 0 (or blank) above 其中 rows with figures: the rate follows from
        those rows (TBL001 reports the total itself)."""
        budgets = [figure(b) for b, _ in fund.parts]
        spents = [figure(s) for _, s in fund.parts]
        if not any(b is not None and b.value > 0 for b in budgets) or "percent" in {
            q.kind for q in budgets + spents if q is not None
        }:
            return
        pairs = [(b, s) for (b, s), bq in zip(fund.parts, budgets) if bq is not None]
        budget = total([stated(figure(b)) for b, _ in pairs])
        spent = total([stated(figure(s)) for _, s in pairs if figure(s) is not None] or [Interval.exact(Decimal(0))])
        value = spent / budget * HUNDRED
        if _matches(value, rate).consistent or _fraction_fits(fund.rate, rate, value):
            yield Outcome.passed()
            return
        spent_text = " + ".join(s.text for _, s in pairs if s is not None) or "0"
        budget_text = " + ".join(b.text for b, _ in pairs)
        label = fund.label.rstrip(":：")
        yield self.finding(
            ctx,
            fund.rate.location,
            expr=f"({spent_text}) ÷ ({budget_text}) × 100%（{label}行为 0，按其中各行计算）",
            expected=_pct(value),
            stated=fund.rate.text,
            related=[f.location for pair in pairs for f in pair if f is not None],
        )


class ExecutionScoreMismatch(Rule):
    """The score of the 预算执行率 line is not 执行率 × its weight.

    What it checks:
        The budget-execution line scores 执行率 × 分值权重 (weight usually 10), using the stated
        执行率. When the weight is not stated, the policy's usual weight is assumed and a
        mismatch is only a warning.
    Why it matters:
        This line is part of the total score.
    Example (flagged):
        ```text
        我单位全年预算金额为 400.00 万元，执行金额为 372.00 万元，执行率为 93.00%，得 9.70 分。
        ```
    Compliant:
        ```text
        我单位全年预算金额为 400.00 万元，执行金额为 372.00 万元，执行率为 93.00%，得 9.30 分。
        ```
    """

    code = "SCO004"
    name = "execution-score-mismatch"
    category = "arith.score"
    severity = "error"
    message = "预算执行率得分不符：{expr} = {expected}，表中/文中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        cap = _cap(ctx)
        default_weight = Decimal(str(policy(ctx.config.scoring_policy)["execution_line_weight"]))
        for card in _cards(ctx):
            fund = card.fund
            if fund is None:
                continue
            rate, score, weight = figure(fund.rate), figure(fund.score), figure(fund.weight)
            if rate is None or score is None:
                continue
            w = weight.value if weight is not None else default_weight
            expected = expected_score(w, stated(rate), cap)
            fraction = _bare_fraction(fund.rate, rate)
            # a whole 1 or 0 is the exact ratio, not 0.5–1.5
            ratio = Interval.exact(rate.value) if rate.decimals == 0 else stated(rate)
            as_ratio = expected_score(w, ratio * HUNDRED, cap)
            if _matches(expected, score).consistent or (fraction and _matches(as_ratio, score).consistent):
                yield Outcome.passed()
                continue
            # a rate of at most 1 without a percent sign reads either way: only worth a warning
            certain = weight is not None and not fraction
            finding = self.finding(
                ctx,
                fund.score.location,
                expr=f"{fund.rate.text}{' × 100%' if fraction else ''} × {fmt(w, 0)}",
                expected=fmt((as_ratio if fraction else expected).nominal, max(score.decimals, 2)),
                stated=fund.score.text,
                severity="error" if certain else "warning",
            )
            yield finding if certain else Outcome.uncertain(finding)


class TotalScoreMismatch(Rule):
    """The stated total score is not the sum of the indicator scores and the 执行率 line.

    What it checks:
        总分/综合得分 = Σ indicator scores + the budget-execution line's score. When the prose
        states the execution rate but not its score, the line is scored 执行率 × (100 − Σ
        indicator weights) and a mismatch is only a warning.
    Why it matters:
        The total decides the grade (优/良/中/差) reported upward.
    Example (flagged):
        ```text
        一、评价情况
        我单位全年预算金额为 200.00 万元，执行金额为 190.00 万元，执行率为 95.00%，得 9.50 分。
        办件数量指标，预期指标值“≥100件”，本次评价实际完成值120件，指标完成率120%，该指标赋分权重45分，最终得分45分。
        群众满意度指标，预期指标值“≥95%”，本次评价实际完成值96%，指标完成率101.05%，该指标赋分权重45分，最终得分45分。
        本年度整体支出绩效自评综合得分96.50分，评价结果为“优”。
        ```
    Compliant:
        ```text
        一、评价情况
        我单位全年预算金额为 200.00 万元，执行金额为 190.00 万元，执行率为 95.00%，得 9.50 分。
        办件数量指标，预期指标值“≥100件”，本次评价实际完成值120件，指标完成率120%，该指标赋分权重45分，最终得分45分。
        群众满意度指标，预期指标值“≥95%”，本次评价实际完成值96%，指标完成率101.05%，该指标赋分权重45分，最终得分45分。
        本年度整体支出绩效自评综合得分99.50分，评价结果为“优”。
        ```
    """

    code = "SCO005"
    name = "total-score-mismatch"
    category = "arith.sum"
    severity = "error"
    message = "总分与各项得分之和不符：{expr} = {expected}，表中/文中为 {stated}"

    def _at_finest_precision(self, ctx: Context, card, scores: list, texts: list[str], total_q) -> Result:
        """Whole-number scores beside ones with decimals, read to those decimals: a total they miss
        is a warning (a form may round some cells)."""
        if card.fund is not None and figure(card.fund.score) is not None:
            scores = [*scores, figure(card.fund.score)]
        weights = [figure(i.weight) for i in card.indicators] + [None] * (len(scores) - len(card.indicators))
        value = total([_at_most(iv, w) for iv, w in zip(at_finest_precision(scores), weights)])
        if _matches(value, total_q).consistent:
            return Outcome.passed()
        return self.finding(
            ctx,
            card.total_score.location,
            expr=" + ".join(texts),
            expected=fmt(value.nominal, max(total_q.decimals, 2)),
            stated=card.total_score.text,
            severity="warning",
            related=[i.score.location for i in card.indicators],
        )

    def check(self, ctx: Context) -> Iterable[Result]:
        cap = _cap(ctx)
        for card in _cards(ctx):
            if card.total_score is None or figure(card.total_score) is None or not card.indicators:
                continue
            scores = [figure(i.score) for i in card.indicators]
            if any(s is None for s in scores):
                yield Outcome.not_applicable()
                continue
            # a score never exceeds its weight, which narrows what an integer score stands for
            parts = [_at_most(stated(s), figure(i.weight)) for s, i in zip(scores, card.indicators)]
            texts = [i.score.text.rstrip("分") for i in card.indicators]
            inferred = False
            fund = card.fund
            if fund is not None and figure(fund.score) is not None:
                parts.append(stated(figure(fund.score)))
                texts.append(fund.score.text.rstrip("分"))
            elif fund is not None and figure(fund.rate) is not None:
                weights = [figure(i.weight) for i in card.indicators]
                if any(w is None for w in weights):
                    yield Outcome.not_applicable()
                    continue
                rest = Decimal(str(policy(ctx.config.scoring_policy)["weights_total"])) - sum(w.value for w in weights)
                if rest <= 0:
                    yield Outcome.not_applicable()
                    continue
                parts.append(expected_score(rest, stated(figure(fund.rate)), cap))
                texts.append(f"{fund.rate.text}×{fmt(rest, 0)}")
                inferred = True
            total_q = figure(card.total_score)
            value = total(parts)
            if card.cut and value.high < stated(total_q).low:
                yield Outcome.uncertain()  # lines the card did not read may make up the rest
                continue
            if _matches(value, total_q).consistent:
                yield self._at_finest_precision(ctx, card, scores, texts, total_q) if not inferred else Outcome.passed()
                continue
            # a form split into two tables: the funds line scored in the other one
            elsewhere = [] if fund is not None else _funds_elsewhere(ctx)
            if any(_matches(total([value, stated(q)]), total_q).consistent for q in elsewhere):
                yield Outcome.passed()
                continue
            certain = not inferred and not elsewhere
            finding = self.finding(
                ctx,
                card.total_score.location,
                expr=" + ".join(texts),
                expected=fmt(value.nominal, max(total_q.decimals, 2))
                + (
                    "（执行率得分在另一表：" + "、".join(q.text for q in elsewhere) + "，加上也不符）"
                    if elsewhere
                    else ""
                ),
                stated=card.total_score.text,
                severity="error" if certain else "warning",
                related=[i.score.location for i in card.indicators],
            )
            yield finding if certain else Outcome.uncertain(finding)


def _funds_elsewhere(ctx: Context) -> list:
    """The scores of funds lines that stand in a table of their own (no indicators beside them)."""
    return [
        q
        for card in _cards(ctx)
        if card.fund is not None and not card.indicators and (q := figure(card.fund.score)) is not None
    ]


class WeightsTotalMismatch(Rule):
    """The weights of a self-evaluation do not add up to its stated total (or to 100).

    What it checks:
        Σ indicator weights + the 执行率 line's weight against the 总分 row's weight, or
        against 100 when no total weight is stated (a warning: some schemes use other totals).
        A form whose text lost the grid may come back as two tables, the funds block just above
        the indicator block: the funds line's weight is then taken from it (a warning). A
        first-level block that prints its points beside its name (产出指标（50分）) must hold
        indicators weighing that much, judged where another block follows it (a warning).
    Why it matters:
        Scores are only comparable when the weights cover exactly the full marks.
    Example (flagged):
        ```text
        一、评价情况
        我单位全年预算金额为 200.00 万元，执行金额为 190.00 万元，执行率为 95.00%，得 9.50 分。
        办件数量指标，预期指标值“≥100件”，本次评价实际完成值120件，指标完成率120%，该指标赋分权重40分，最终得分40分。
        群众满意度指标，预期指标值“≥95%”，本次评价实际完成值96%，指标完成率101.05%，该指标赋分权重45分，最终得分45分。
        ```
    Compliant:
        ```text
        一、评价情况
        我单位全年预算金额为 200.00 万元，执行金额为 190.00 万元，执行率为 95.00%，得 9.50 分。
        办件数量指标，预期指标值“≥100件”，本次评价实际完成值120件，指标完成率120%，该指标赋分权重45分，最终得分45分。
        群众满意度指标，预期指标值“≥95%”，本次评价实际完成值96%，指标完成率101.05%，该指标赋分权重45分，最终得分45分。
        ```
    """

    code = "SCO006"
    name = "weights-total-mismatch"
    category = "arith.sum"
    severity = "warning"
    message = "各项分值权重之和为 {expected}，应为 {stated}：{expr}"

    def check(self, ctx: Context) -> Iterable[Result]:
        full = Decimal(str(policy(ctx.config.scoring_policy)["weights_total"]))
        cards = _cards(ctx)
        for card in cards:
            yield from self._level1_blocks(ctx, card)
        for n, card in enumerate(cards):
            weights = [figure(i.weight) for i in card.indicators]
            if not weights or any(w is None for w in weights):
                continue
            texts = [i.weight.text.rstrip("分") for i in card.indicators]
            value = sum(w.value for w in weights)
            fund = card.fund if card.fund is not None else _own_funds_block(cards, n)
            fund_weight = figure(fund.weight) if fund is not None else None
            if fund_weight is not None:
                value += fund_weight.value
                texts.append(fund.weight.text)
            elif fund is None or figure(fund.score) is None:
                continue  # the 执行率 line's weight is unknown: the sum cannot be judged
            else:
                value += Decimal(str(policy(ctx.config.scoring_policy)["execution_line_weight"]))
                texts.append("10（执行率）")
            stated_total = figure(card.total_weight)
            if card.cut and (stated_total is None or card.source == "text"):
                continue  # rows of the block are missing: the sum is not the form's
            want = stated_total.value if stated_total is not None else full
            if value == want:
                yield Outcome.passed()
                continue
            where = card.total_weight.location if card.total_weight is not None else card.indicators[0].weight.location
            yield self.finding(
                ctx,
                where,
                expr=" + ".join(texts),
                expected=fmt(value, 0),
                stated=fmt(want, 0),
                severity="error"
                if stated_total is not None and fund_weight is not None and fund is card.fund
                else "warning",
            )

    def _level1_blocks(self, ctx: Context, card: Scorecard) -> Iterable[Result]:
        """Each first-level block that prints its points beside its name (产出指标（50分）): its
        indicators' weights add up to them. Only a block another block follows is judged, so a
        copy cut inside the last one is not summed short."""
        blocks = [list(g) for _, g in groupby(card.indicators, key=lambda i: i.level1)]
        for block, _ in zip(blocks, blocks[1:]):
            m = _level1_pattern().fullmatch(block[0].level1 or "")
            weights = [figure(i.weight) for i in block]
            if m is None or any(w is None for w in weights):
                continue
            value = sum(w.value for w in weights)
            if value == Decimal(m.group("weight")):
                yield Outcome.passed()
                continue
            yield self.finding(
                ctx,
                block[0].weight.location,
                expr=f"{m.group('name')}（{m.group('weight')}分）："
                + " + ".join(i.weight.text.rstrip("分") for i in block),
                expected=fmt(value, 0),
                stated=m.group("weight"),
                related=[i.weight.location for i in block[1:]],
            )


def _level1_pattern() -> re.Pattern[str]:
    words = load_yaml("scoring.yaml")["indicator_level1"]
    return re.compile(
        rf"(?P<name>{alternation(words)})\s{{0,2}}[（(]\s{{0,2}}(?P<weight>\d{{1,3}}(?:\.\d{{1,2}})?)\s{{0,2}}分\s{{0,2}}[)）]"
    )


_CELL_EDGES = " \t|｜"
_BARE_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")


class _Level1Weight(NamedTuple):
    name: str
    weight: Decimal
    text: str
    paragraph: int
    location: Location


class Level1WeightsTotalMismatch(Rule):
    """The first-level weights of a form whose indicator rows stayed text do not add up to its total.

    What it checks:
        A self-evaluation form copied one cell per line, whose indicator block could not be rebuilt
        as a table, still prints each first-level indicator with its points (产出指标（50分）,
        效益指标（30分）, 满意度指标（10分）). Their sum plus the weight of the funds line (its 分值
        cell, read from the funds block) must equal the form's total: the weight cell after the 总分
        cell, else 100. Without a funds-line weight only a sum above the total is reported.
    Why it matters:
        The first-level weights fix how much each part of the evaluation counts; when they cover
        more (or less) than the full marks, every score built on them is off.
    Example (flagged):
        ```text
        项目资金（万元）
        全年预算数
        全年执行数
        分值
        执行率
        得分
        年度资金总额
        40
        40
        10
        100%
        10
        产出指标（70分）
        效益指标（20分）
        满意度指标（10分）
        总分
        100
        ```
    Compliant:
        ```text
        项目资金（万元）
        全年预算数
        全年执行数
        分值
        执行率
        得分
        年度资金总额
        40
        40
        10
        100%
        10
        产出指标（60分）
        效益指标（20分）
        满意度指标（10分）
        总分
        100
        ```
    """

    code = "SCO010"
    name = "first-level-weights-total-mismatch"
    category = "arith.sum"
    severity = "warning"
    message = "一级指标分值与资金分值之和为 {expected}，总分为 {stated}：{expr}"

    def check(self, ctx: Context) -> Iterable[Result]:
        paragraphs = list(ctx.document.paragraphs())
        pattern = _level1_pattern()
        found = [
            _Level1Weight(m.group("name"), Decimal(m.group("weight")), m.group(0), k, p.locate(m.start(), m.end()))
            for k, p in enumerate(paragraphs)
            if "分" in p.text
            for m in pattern.finditer(p.text)
        ]
        for form in _forms(found):
            if len({w.name for w in form}) < 2:
                continue
            stated_total = _total_weight(paragraphs, form[-1].paragraph)
            want = (
                stated_total
                if stated_total is not None
                else Decimal(str(policy(ctx.config.scoring_policy)["weights_total"]))
            )
            fund = _fund_weight(_cards(ctx), form[0].location)
            value = sum(w.weight for w in form) + (fund if fund is not None else 0)
            if value == want or fund is None and value < want:
                yield Outcome.passed()
                continue
            texts = ([f"{fmt(fund, 0)}（资金）"] if fund is not None else []) + [
                f"{fmt(w.weight, 0)}（{w.name}）" for w in form
            ]
            yield self.finding(
                ctx,
                form[0].location,
                expr=" + ".join(texts),
                expected=fmt(value, 0),
                stated=fmt(want, 0),
            )


def _forms(found: list[_Level1Weight]) -> list[list[_Level1Weight]]:
    """The first-level weights of each form: a name seen again opens the next form."""
    forms: list[list[_Level1Weight]] = []
    for w in found:
        if not forms or any(w.name == seen.name for seen in forms[-1]):
            forms.append([])
        forms[-1].append(w)
    return forms


def _total_weight(paragraphs, after: int) -> Decimal | None:
    """The weight cell after the form's total cell (总分 | 100 | 95): a cell of its own, the next
    line a bare number — in prose 总分 is followed by the score, not the weight."""
    labels = load_yaml("scoring.yaml")["level1_weight_totals"]
    for k in range(after + 1, len(paragraphs) - 1):
        cell = paragraphs[k].text.strip(_CELL_EDGES)
        if _level1_pattern().search(paragraphs[k].text):
            return None  # the next form began
        if cell in labels:
            weight = paragraphs[k + 1].text.strip(_CELL_EDGES)
            return Decimal(weight) if _BARE_NUMBER.match(weight) else None
    return None


def _fund_weight(cards: tuple[Scorecard, ...], where: Location) -> Decimal | None:
    """The 分值 of the funds line of the form the first-level weights belong to: the last funds
    block before them."""
    before = [
        c.fund.weight
        for c in cards
        if c.fund is not None
        and c.fund.weight is not None
        and c.fund.location.line is not None
        and where.line is not None
        and c.fund.location.line < where.line
    ]
    weight = figure(before[-1]) if before else None
    return weight.value if weight is not None else None


_FUNDS_BLOCK_REACH = 40
"""Lines from a form's funds block to its indicator block (the goals block lies between)."""


def _own_funds_block(cards: tuple[Scorecard, ...], n: int) -> FundLine | None:
    """The funds line of the form whose indicator block is ``cards[n]``, where the text lost the
    grid and the two blocks came back as two tables: the card just before, a funds block alone,
    close above it."""
    if n == 0:
        return None
    before, card = cards[n - 1], cards[n]
    if before.indicators or before.fund is None or before.fund.location.line is None or card.location.line is None:
        return None
    gap = card.location.line - before.fund.location.line
    return before.fund if 0 < gap <= _FUNDS_BLOCK_REACH else None


class GradeBandMismatch(Rule):
    """A stated grade (优/良/中/差) does not fit the score beside it.

    What it checks:
        Grade bands: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (lower bound inclusive), for a total
        score stated with its 评价结果 and for each row of a project list (得分 | 自评结论).
    Why it matters:
        The grade is what the finance bureau records; it must follow from the score.
    Example (flagged):
        ```text
        本年度部门整体支出绩效自评综合得分88.20分，评价结果为“优”。
        ```
    Compliant:
        ```text
        本年度部门整体支出绩效自评综合得分88.20分，评价结果为“良”。
        ```
    """

    code = "SCO007"
    name = "grade-band-mismatch"
    category = "claim"
    severity = "error"
    message = "评价等级与得分不符：{expr}，应为“{expected}”，表中/文中为“{stated}”"

    def check(self, ctx: Context) -> Iterable[Result]:
        for graded in find_graded_scores(ctx.document):
            score = figure(graded.score)
            grade = normal_grade(graded.grade.text)
            if score is None or grade is None:
                continue
            expected = grade_for(score.value)
            if grade == expected:
                yield Outcome.passed()
                continue
            yield self.finding(
                ctx,
                graded.grade.location,
                expr=f"得分 {graded.score.text}",
                expected=expected,
                stated=graded.grade.text,
                related=[graded.score.location],
            )


_RESTATED_RATE = re.compile(r"完成率\s*(?:仅为|只有|仅|为|是|达到|达)?\s*(?P<v>[-+]?\d+(?:\.\d+)?)\s*[%％]")


class IndicatorRateRestated(Rule):
    """An indicator's deviation note restates its completion rate with another value.

    What it checks:
        When the 偏差原因 text of an indicator quotes a completion rate (完成率120.96%), it
        must agree with the indicator's own 完成率 field.
    Why it matters:
        The reviewer cannot tell which of the two rates the score was computed from.
    Example (flagged):
        ```text
        供水管网改造长度指标，预期指标值“≥20公里”，本次评价实际完成值18公里，指标完成率90%，偏差原因主要为：雨季停工，完成率仅为85%，该指标赋分权重20分，最终得分18分。
        ```
    Compliant:
        ```text
        供水管网改造长度指标，预期指标值“≥20公里”，本次评价实际完成值18公里，指标完成率90%，偏差原因主要为：雨季停工，完成率仅为90%，该指标赋分权重20分，最终得分18分。
        ```
    """

    code = "SCO008"
    name = "indicator-rate-restated"
    category = "value.conflict"
    severity = "warning"
    message = "指标“{indicator}”的偏差说明写完成率 {stated}，而完成率为 {expected}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for card in _cards(ctx):
            for ind in card.indicators:
                rate_q = figure(ind.rate)
                if ind.reason is None or rate_q is None or rate_q.kind != "percent":
                    continue
                for m in _RESTATED_RATE.finditer(ind.reason.text):
                    restated = Interval.stated(m.group("v"))
                    if restated.overlaps(stated(rate_q)):
                        yield Outcome.passed()
                        continue
                    start = ind.reason.location.start + m.start("v")
                    location = replace(ind.reason.location, start=start, end=start + len(m.group("v")) + 1)
                    yield self.finding(
                        ctx,
                        location,
                        indicator=ind.name,
                        stated=f"{m.group('v')}%",
                        expected=ind.rate.text,
                        related=[ind.rate.location],
                    )


_FIELD_NAMES = {"actual": "实际完成值", "score": "得分", "rate": "执行率"}


class RequiredCellBlank(TableRule):
    """A self-evaluation form leaves a cell empty that the evaluation must fill.

    What it checks:
        In a 项目支出绩效自评表 / 部门整体支出绩效自评表 read as a table: an indicator row with a
        分值 whose 实际完成值 or 得分 cell is empty; the 预算执行 line with a 分值 and figures but
        an empty 执行率 or 得分 cell; the indicators' 合计/总分 row with an empty 得分 cell. A cell
        holding a mark (—, /, 无) is a deliberate answer and is not flagged.
    Why it matters:
        A form submitted with its results left blank has not been evaluated: the score it is
        graded by cannot be checked, and the blank passes every arithmetic rule silently.
    Example (flagged):
        ```text
        项目支出绩效自评表
        | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
        | 产出指标 | 数量指标 | 巡查河道长度 | ≥80公里 |  | 50 |  |
        | 效益指标 | 社会效益指标 | 河道保洁达标率 | ≥95% | 97% | 40 | 40 |
        | 合计 |  |  |  |  | 90 |  |
        ```
    Compliant:
        ```text
        项目支出绩效自评表
        | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
        | 产出指标 | 数量指标 | 巡查河道长度 | ≥80公里 | 82公里 | 50 | 50 |
        | 效益指标 | 社会效益指标 | 河道保洁达标率 | ≥95% | 97% | 40 | 40 |
        | 合计 |  |  |  |  | 90 | 90 |
        ```
    """

    code = "SCO009"
    name = "required-cell-blank"
    category = "template"
    severity = "warning"
    message = "自评表必填项为空：{what}未填写"

    def check(self, ctx: Context) -> Iterable[Result]:
        for card in _cards(ctx):
            if card.source != "table":
                continue
            for ind in card.indicators:
                if figure(ind.weight) is None:
                    continue
                blank = [b for b in ind.blank if b == "score" or ind.target is not None]
                if blank:
                    what = "、".join(_FIELD_NAMES[b] for b in blank)
                    yield self.finding(ctx, ind.location, what=f"指标“{ind.name}”的{what}")
                else:
                    yield Outcome.passed()
            fund = card.fund
            if fund is not None and figure(fund.weight) is not None and figure(fund.spent) is not None:
                if fund.blank:
                    what = "、".join(_FIELD_NAMES[b] for b in fund.blank)
                    yield self.finding(ctx, fund.location, what=f"预算执行情况（{fund.label}）的{what}")
                else:
                    yield Outcome.passed()
            if card.blank_total is not None and any(figure(i.weight) is not None for i in card.indicators):
                yield self.finding(ctx, card.blank_total, what="绩效指标合计行的得分")


class IndicatorPartsExceed(Rule):
    """The 其中 rows under an indicator of a form add up to more than the indicator's own figure.

    What it checks:
        In a self-evaluation form read as a table, an indicator row followed by 其中 rows that
        break its figure down (补助种植面积 | 29.5亩, then 其中桃树 | 1.5亩, 其中苹果树 | 5亩 …):
        the parts' 年度指标值 and 实际完成值 are added as intervals and compared with the
        indicator's, column by column, when every part states a figure in that column in the
        indicator's own unit and none of them carries a comparator or is a percentage. Parts short
        of the indicator are not reported (a 其中 list may leave a part out); several parts of which
        one alone reaches the indicator count another kind of thing and are not summed.
    Why it matters:
        The 其中 rows are the indicator's own breakdown; when they exceed it, either the
        indicator or a part was misstated, and the score rests on that figure.
    Example (flagged):
        ```text
        项目支出绩效自评表
        | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 |
        | 产出指标 | 数量指标 | 新建村级道路长度 | 30 | 12公里 | 12公里 | 30 |
        |  |  | 其中硬化路面 |  | 8公里 | 8公里 |  |
        |  |  | 其中砂石路面 |  | 5公里 | 5公里 |  |
        | 效益指标 | 社会效益指标 | 受益群众满意度 | 70 | ≥90% | 95% | 70 |
        ```
    Compliant:
        ```text
        项目支出绩效自评表
        | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 |
        | 产出指标 | 数量指标 | 新建村级道路长度 | 30 | 13公里 | 13公里 | 30 |
        |  |  | 其中硬化路面 |  | 8公里 | 8公里 |  |
        |  |  | 其中砂石路面 |  | 5公里 | 5公里 |  |
        | 效益指标 | 社会效益指标 | 受益群众满意度 | 70 | ≥90% | 95% | 70 |
        ```
    """

    code = "SCO011"
    name = "indicator-parts-exceed"
    category = "arith.sum"
    severity = "warning"
    message = "指标“{name}”下“其中”各行之和大于指标本身：{expr}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for card in _cards(ctx):
            for ind in card.indicators:
                if not ind.parts:
                    continue
                # targets are set, not measured: exact, as the scores take them
                columns = (("年度指标值", ind.target, exact), ("实际完成值", ind.actual, stated))
                over = []
                for n, (column, whole, reading) in enumerate(columns):
                    outcome = _parts_over(whole, [part[n] for part in ind.parts], reading)
                    if isinstance(outcome, str):
                        over.append((whole, f"{column} {whole.text} < {outcome}"))
                    else:
                        yield outcome
                if over:
                    yield self.finding(
                        ctx,
                        over[0][0].location,
                        name=ind.name,
                        expr="；".join(text for _, text in over),
                        related=[w.location for w, _ in over[1:]]
                        + [f.location for part in ind.parts for f in part if f is not None],
                    )


def _parts_over(whole: Field | None, parts: list[Field | None], reading) -> Outcome | str:
    """Whether the parts of one column exceed the indicator's figure: an outcome when they do not
    or cannot be added, else the parts written out (1.5亩 + 5亩)."""
    stated_whole = figure(whole)
    figures = [figure(p) for p in parts]
    if stated_whole is None or stated_whole.kind == "percent" or stated_whole.op not in (None, "="):
        return Outcome.not_applicable()
    if any(q is None or q.kind == "percent" or q.op not in (None, "=") or q.unit != stated_whole.unit for q in figures):
        return Outcome.not_applicable()
    summed, bound = total([reading(q) for q in figures]), reading(stated_whole)
    if summed.overlaps(bound):
        return Outcome.passed()
    if summed.high < bound.low or len(figures) > 1 and max(q.value for q in figures) >= stated_whole.value:
        return Outcome.not_applicable()
    return " + ".join(p.text for p in parts if p is not None)


RULES = (
    CompletionRateMismatch,
    IndicatorScoreMismatch,
    ExecutionRateMismatch,
    ExecutionScoreMismatch,
    TotalScoreMismatch,
    WeightsTotalMismatch,
    GradeBandMismatch,
    IndicatorRateRestated,
    RequiredCellBlank,
    Level1WeightsTotalMismatch,
    IndicatorPartsExceed,
)
