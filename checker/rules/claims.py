"""Qualitative claims held to the figures next to them: 不存在偏差, 未完成, 超出预期, 只减不增,
均已完成, 决算数大于预算数, 未发生/无."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from checker.normalize import without_spaces
from checker.arith import HUNDRED, Interval, fmt, percent
from checker.explain.counts import all_indicator_rates
from checker.indicators import Indicator, find_scorecards
from checker.indicators.scoring import figure, recompute_rate, stated
from checker.explain.segments import completion_rates
from checker.lexicon import alternation, load_yaml
from checker.align.matcher import canonical_label
from checker.model import Paragraph, Quantity
from checker.nlp import quantity_from_match
from checker.numbers import NumberMatch, find_quantities, scale
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.explain import document_explanations
from checker.rules.figures import shown, span
from checker.rules.tables import memo
from checker.statements import Change
from checker.statements.cues import cues, patterns as cue_patterns
from checker.statements.sentences import without_list_marker
from checker.tables.grid import Grid, row_label, split_table
from checker.tables.sums import year_columns

_CLAIMS = load_yaml("claims.yaml")


def _not_after(words) -> str:
    """Fixed-width lookbehinds: not right after any of ``words``."""
    return "".join(f"(?<!{re.escape(w)})" for w in words)


# substring tests: a regex alternation scans CJK text several times slower than ``in``
_INDICATOR_WORDS = ("预期指标值", "目标值", "指标值")
_SENTENCE_ENDS = "。；;！？"
_SENTENCES = re.compile(f"[^{_SENTENCE_ENDS}]+[{_SENTENCE_ENDS}]?")
_SENTENCE_END = re.compile(f"[{_SENTENCE_ENDS}]")
_CLAUSE_MARKS = "，,。；;：:！？"


def _indicator_paragraphs(ctx: Context) -> list[Paragraph]:
    # four rules read them: found once per check
    return memo(
        ctx,
        "indicator_paragraphs",
        lambda: [
            p
            for p in ctx.document.paragraphs()
            if any(w in p.text for w in _INDICATOR_WORDS) and completion_rates(p.text)
        ],
    )


def _rate_for(text: str, at: int) -> tuple[Decimal, int] | None:
    """The completion rate a claim at ``at`` speaks about: the last one stated before it, else the
    first one after it."""
    rates = completion_rates(text)
    before = [r for r in rates if r[1] <= at]
    if before:
        return before[-1]
    return rates[0] if rates else None


def _fmt(rate: Decimal) -> str:
    return f"{rate}%"


_RELATION_WORD = {"larger": "大于", "smaller": "小于", "equal": "等于"}


def _relation_of(word: str) -> str:
    relations = _CLAIMS["budget_relation"]
    return next(r for r, words in relations.items() if word in words).replace("unchanged", "equal")


_BUDGET_WORD = "预算"
"""Written into every branch of ``_budget_relation_claim``: a paragraph without it holds no claim."""


@lru_cache(maxsize=1)
def _budget_relation_claim() -> re.Pattern[str]:
    """决算数大于（全年）预算数, 决算数与预算数持平: the stated word in group ``word`` (``level``);
    与（2023年度）预算相比无增减, the sentence's own amount against its budget, in ``unchanged``."""
    relations = _CLAIMS["budget_relation"]
    ordered = alternation(relations["larger"] + relations["smaller"] + ["等于"])
    level = alternation([w for w in relations["equal"] if w != "等于"])
    return re.compile(
        rf"决算数?(?P<word>{ordered})(?:全年|年初)?{_BUDGET_WORD}数?"
        rf"|决算数?(?:与|和|同)(?:全年|年初)?{_BUDGET_WORD}数?(?:基本)?(?P<level>{level})"
        rf"|{_budget_base().pattern}\s{{0,2}}(?P<unchanged>{alternation(relations['unchanged'])})"
    )


@lru_cache(maxsize=1)
def _budget_base() -> re.Pattern[str]:
    """与（2023年度）预算相比, 较年初预算, 比调整后预算数: a comparison with the budget; ``qualifier`` names
    which budget when the sentence says so."""
    return re.compile(
        rf"(?:与|和|同|较|比)\s{{0,2}}(?:\d{{4}}\s{{0,2}}年度?\s{{0,2}}|本年度?|当年度?)?(?:的)?(?P<qualifier>全年|年初|调整后)?{_BUDGET_WORD}数?"
        rf"(?:相比|相较|比较)?"
    )


@lru_cache(maxsize=1)
def _execution_rate_cue() -> re.Pattern[str]:
    """完成年初预算的 / 预算执行率为 right before a percentage: the rate of the budget spent."""
    rates = cues()["rates"]
    words = alternation(set(rates["initial"] + rates["execution"]) - {"完成率"})
    return re.compile(rf"(?:{words})\s{{0,3}}(?:为|是|达到|达)?\s{{0,3}}$")


class _IndicatorClaim(Rule):
    """Shared scan: a claim word inside an indicator paragraph against that paragraph's rate."""

    pattern: re.Pattern[str]

    def contradicts(self, rate: Decimal) -> bool:
        raise NotImplementedError

    def spares(self, text: str, at: int) -> bool:
        """Whether the claim at ``at`` is one that the paragraph's rate cannot contradict."""
        return False

    def check(self, ctx: Context) -> Iterable[Result]:
        for p in _indicator_paragraphs(ctx):
            for m in self.pattern.finditer(p.text):
                found = _rate_for(p.text, m.start())
                if found is None:
                    yield Outcome.not_applicable()
                    continue
                rate, at = found
                if self.contradicts(rate) and not self.spares(p.text, m.start()):
                    yield self.finding(
                        ctx,
                        p.locate(m.start(), m.end()),
                        claim=m.group(0),
                        rate=_fmt(rate),
                        stated=m.group(0),
                        expected=_fmt(rate),
                        related=[p.locate(at, at + 1)],
                    )
                else:
                    yield Outcome.passed()
        yield from self._table_rows(ctx)

    def _table_rows(self, ctx: Context) -> Iterable[Result]:
        """The 偏差原因 cell of a self-evaluation table's indicator row against the row's rate
        (its 完成率, else actual ÷ target by the indicator's direction). A reason cell shared by
        several rows (merged, or copied) speaks for all of them: EXP001's business, not this."""
        for card in memo(ctx, "scorecards", lambda: find_scorecards(ctx.document)):
            if card.source != "table":
                continue
            texts = Counter(without_spaces(i.reason.text) for i in card.indicators if i.reason is not None)
            for ind in card.indicators:
                if ind.reason is None or texts[without_spaces(ind.reason.text)] > 1:
                    continue
                rate = _row_rate(ind)
                if rate is None:
                    continue
                for m in self.pattern.finditer(ind.reason.text):
                    # the claim contradicts every value the rate can stand for (100% included)
                    points = [rate.low, rate.high] + ([HUNDRED] if rate.low <= HUNDRED <= rate.high else [])
                    if not all(self.contradicts(v) for v in points):
                        yield Outcome.passed()
                        continue
                    where = ind.reason.location
                    shown = fmt(rate.nominal, 2).rstrip("0").rstrip(".")
                    yield self.finding(
                        ctx,
                        replace(where, start=where.start + m.start(), end=where.start + m.end()),
                        claim=m.group(0),
                        rate=f"{shown}%",
                        stated=m.group(0),
                        expected=f"{shown}%",
                        related=[f.location for f in (ind.rate, ind.target, ind.actual) if f is not None],
                    )


def _row_rate(ind: Indicator) -> Interval | None:
    rate_q = figure(ind.rate)
    if rate_q is not None and rate_q.kind == "percent":
        return stated(rate_q)
    recomputed = recompute_rate(ind)
    return recomputed.value if recomputed is not None and recomputed.certain else None


class NoDeviationClaimWithGap(_IndicatorClaim):
    """ "不存在偏差/无偏差" said of an indicator whose completion rate is not 100%.

    What it checks:
        In an indicator's paragraph, a statement that there is no deviation (不存在偏差, 无偏差,
        未出现偏差) against the completion rate stated for it.

    Why it matters:
        A rate of 93% or 120% is a deviation that the self-evaluation must explain; saying there
        is none leaves the gap unexplained.

    Example (flagged):
        ```text
        （一）绿化养护面积：该指标预期指标值为大于等于 50 万平方米，本次评价完成值为 46 万平方米，指标完成率92%，指标完成情况不存在偏差。
        ```

    Compliant:
        ```text
        （一）绿化养护面积：该指标预期指标值为大于等于 50 万平方米，本次评价完成值为 50 万平方米，指标完成率100%，指标完成情况不存在偏差。
        ```
    """

    code = "CLM001"
    name = "no-deviation-claim-with-gap"
    category = "claim"
    severity = "warning"
    message = "称“{claim}”，但指标完成率为{rate}"
    pattern = re.compile(
        rf"(?:{alternation(_CLAIMS['no_deviation']['negations'])})"
        rf"(?:{alternation(_CLAIMS['no_deviation']['extra'])})?偏差"
    )

    def contradicts(self, rate: Decimal) -> bool:
        return rate != 100


class NotCompletedClaimWithRateMet(_IndicatorClaim):
    """ "未完成" said of an indicator whose completion rate is at least 100%.

    What it checks:
        In an indicator's paragraph, 未完成/未达到/未达标/未实现 against the completion rate. A claim
        whose clause names a part of the items (部分项目未能按期完成, 个别指标未达到) is left alone: a
        rate of 100% does not say that every item was met.

    Why it matters:
        Either the rate or the statement is wrong; a reader cannot tell whether the target was met.

    Example (flagged):
        ```text
        （二）设备采购数量：该指标预期指标值为大于等于 12 台，本次评价完成值为 12 台，指标完成率100%，偏差原因：供货商延迟交货，未完成年度目标。
        ```

    Compliant:
        ```text
        （二）设备采购数量：该指标预期指标值为大于等于 12 台，本次评价完成值为 10 台，指标完成率83.33%，偏差原因：供货商延迟交货，未完成年度目标。
        ```
    """

    code = "CLM002"
    name = "not-completed-claim-with-rate-met"
    category = "claim"
    severity = "warning"
    message = "称“{claim}”，但指标完成率为{rate}"
    pattern = re.compile(
        _not_after(_CLAIMS["not_completed"]["not_after"])
        + rf"(?:{alternation(_CLAIMS['not_completed']['negations'])})(?:能)?(?:按[^，。；]{{0,8}}?)?"
        rf"(?:{alternation(_CLAIMS['not_completed']['verbs'])})(?!值)"
    )

    def contradicts(self, rate: Decimal) -> bool:
        return rate >= 100

    def spares(self, text: str, at: int) -> bool:
        """部分项目未能按期完成, 个别指标未达到: a shortfall of some of the items, which one indicator's rate
        of 100% (or the whole's) leaves possible."""
        clause = text[max(text.rfind(mark, 0, at) for mark in _CLAUSE_MARKS) + 1 : at]
        return any(w in clause for w in _CLAIMS["not_completed"]["partial"])


class CompletedClaimWithRateBelow(_IndicatorClaim):
    """ "已完成/达到预期/超出预期" said of an indicator whose completion rate is below 100%.

    What it checks:
        In an indicator's paragraph, 已完成, 全部完成, 达到预期, 超出预期, 超额完成 (not hedged
        with 基本) against the completion rate.

    Why it matters:
        A shortfall described as an achievement hides the deviation the evaluation is for.

    Example (flagged):
        ```text
        （三）培训人次：该指标预期指标值为大于等于 300 人次，本次评价完成值为 270 人次，完成率 90%，超出预期效益。
        ```

    Compliant:
        ```text
        （三）培训人次：该指标预期指标值为大于等于 300 人次，本次评价完成值为 330 人次，完成率 110%，超出预期效益。
        ```
    """

    code = "CLM003"
    name = "completed-claim-with-rate-below"
    category = "claim"
    severity = "warning"
    message = "称“{claim}”，但指标完成率为{rate}"
    pattern = re.compile(
        _not_after(_CLAIMS["completed"]["hedges"]) + rf"(?:{alternation(_CLAIMS['completed']['claims'])})"
    )

    def contradicts(self, rate: Decimal) -> bool:
        return rate < 100


class AllCompletedClaimWithShortfall(Rule):
    """ "指标均已完成/全部完成" while an indicator of the report is below its target.

    What it checks:
        A sentence saying all indicators were completed (均已完成, 全部完成, 均达到, 全部达标)
        against every indicator paragraph of the report that states a completion rate.

    Why it matters:
        The summary sentence is what readers quote; it must not hide the indicator that fell short.

    Example (flagged):
        ```text
        本年度设置的绩效指标均已完成。
        （一）新建道路长度：该指标预期指标值为大于等于 3 公里，本次评价完成值为 3.2 公里，完成率 106.67%。
        （二）工程验收合格率：该指标预期指标值为等于 100%，本次评价完成值为 95%，完成率 95%。
        ```

    Compliant:
        ```text
        本年度设置的绩效指标除工程验收合格率外均已完成。
        （一）新建道路长度：该指标预期指标值为大于等于 3 公里，本次评价完成值为 3.2 公里，完成率 106.67%。
        （二）工程验收合格率：该指标预期指标值为等于 100%，本次评价完成值为 95%，完成率 95%。
        ```
    """

    code = "CLM004"
    name = "all-completed-claim-with-shortfall"
    category = "claim"
    severity = "warning"
    message = "称指标“{claim}”，但{below}"
    _CLAIM = re.compile(
        rf"指标[^。；;，,]{{0,12}}?(?:{alternation(_CLAIMS['all_completed']['quantifiers'])})"
        rf"(?:{alternation(_CLAIMS['all_completed']['verbs'])})"
    )
    _EXCEPT = re.compile(rf"{alternation(_CLAIMS['all_completed']['exceptions'])}|外[，,]?均")

    def check(self, ctx: Context) -> Iterable[Result]:
        rates = None
        for p in ctx.document.paragraphs():
            if not self._CLAIM.search(p.text):
                continue  # a sentence's claim is a claim of its paragraph: one scan tells most apart
            for sentence in _SENTENCES.finditer(p.text):
                m = self._CLAIM.search(sentence.group(0))
                if not m or self._EXCEPT.search(sentence.group(0)):
                    continue
                rates = all_indicator_rates(ctx.document) if rates is None else rates
                if not rates:
                    yield Outcome.not_applicable()
                    continue
                below = [r for r in rates if r.rate < 100]
                if not below:
                    yield Outcome.passed()
                    continue
                start = sentence.start() + m.start()
                yield self.finding(
                    ctx,
                    p.locate(start, sentence.start() + m.end()),
                    claim=m.group(0),
                    below="、".join(f"“{r.name or '指标'}”完成率{_fmt(r.rate)}" for r in below),
                    stated=m.group(0),
                    expected=f"{len(below)}个指标未完成",
                    related=[r.location for r in below],
                )


class OnlyDecreaseClaimWithIncrease(Rule):
    """ "只减不增" while the figures of the same passage rose.

    What it checks:
        A paragraph that claims an expense is kept "只减不增" (三公经费 as a rule) and, in the same
        paragraph or the paragraphs of its section that follow, states an increase over last year
        (比上年/较上年增加 X, X > 0). Increases after a 其中 that lists the whole's parts are left
        alone: the claim is about the whole, and one part may grow while it falls.

    Why it matters:
        The claim is a compliance statement under the 八项规定 rules; an increase next to it is a
        contradiction a reviewer must raise.

    Example (flagged):
        ```text
        本单位严格控制“三公”经费，确保只减不增。本年“三公”经费支出12.60万元，比上年增加1.20万元。
        ```

    Compliant:
        ```text
        本单位严格控制“三公”经费，确保只减不增。本年“三公”经费支出12.60万元，比上年减少1.20万元。
        ```
    """

    code = "CLM005"
    name = "only-decrease-claim-with-increase"
    category = "claim"
    severity = "warning"
    message = "称“只减不增”，但{what}比上年增加{amount}"
    _CLAIM = re.compile(alternation(_CLAIMS["only_decrease"]["claims"]))
    _PARTS = re.compile(alternation(_CLAIMS["only_decrease"]["part_openers"]))
    _INCREASE = re.compile(
        rf"(?:比|较)(?:上年|上一年|去年)(?:决算)?(?:数)?\s{{0,2}}"
        rf"(?:{alternation(_CLAIMS['only_decrease']['increase_words'])})\s{{0,2}}"
    )

    def check(self, ctx: Context) -> Iterable[Result]:
        blocks = [b for b in ctx.document.paragraphs()]
        for i, p in enumerate(blocks):
            claim = self._CLAIM.search(p.text)
            if not claim:
                continue
            scope = [p]
            for q in blocks[i + 1 :]:
                if q.heading is not None:
                    break
                scope.append(q)
            hit = None
            parts = False  # past the list of the whole's parts
            for q in scope:
                start = claim.end() if q is p else 0
                opener = self._PARTS.search(q.text, start)
                for m in self._INCREASE.finditer(q.text, start):
                    if parts or opener and opener.start() < m.start():
                        break
                    amounts = [
                        a
                        for a in find_quantities(q.text[m.end() : m.end() + 20])
                        if a.kind == "money" and a.start == 0 and a.value
                    ]
                    if amounts and amounts[0].value > 0:
                        hit = (q, m, amounts[0])
                        break
                if hit:
                    break
                parts = parts or opener is not None
            if hit is None:
                yield Outcome.passed()
                continue
            q, m, amount = hit
            subject = re.split(r"[，,。；;]", q.text[: m.start()])[-1].strip() or "支出"
            yield self.finding(
                ctx,
                p.locate(claim.start(), claim.end()),
                what=subject[-30:],
                amount=amount.text,
                stated="只减不增",
                expected=f"增加{amount.text}",
                related=[q.locate(m.start(), m.end() + len(amount.text))],
            )


class BudgetComparisonWordWrong(Rule):
    """ "决算数大于预算数" when the stated 决算数 is smaller (or the reverse).

    What it checks:
        A sentence saying 决算数大于/小于/高于/低于/等于预算数 (决算数与预算数持平) against the 预算数 and 决算数 the same
        sentence or the two sentences before it state (年初预算为 X 万元，支出决算为 Y 万元。…), and a difference
        stated after it (决算数小于预算数D万元) against |决算 − 预算|. Without both amounts, against the rate its own
        sentence states before it (完成年初预算的R%, 预算执行率R%): the word must be on R's side of 100 %, and with
        决算 X and a difference D stated, R must be X ÷ (X ∓ D) — X being, when no amount is called 决算, the
        amount the sentence opens with, or the clause before its semicolon (支出总计X万元…；完成年初预算R%，
        决算数大于预算数D万元). A rate that rounds to 100 % decides nothing alone.
        "与（2023年度）预算相比无增减/无变化" and "与年初预算持平" are held only to the 预算数 and 决算数 of their
        own sentence (the sentences before may be about other items); when the sentence states only the
        amount (因公出国（境）费支出0万元，与预算相比无增减), to the report's table row of that name — only
        when one row has it, in a grid with one budget and one outturn column, and that row's outturn is
        the amount — an outturn cell left blank beside a budget being 0 (a finding that rests on this
        alignment says so: confidence ``aligned``). In the same way a
        stated difference from the budget (…支出X万元，与2023年度预算相比减少Y万元, 较预算增加Y万元) whose sentence
        states no budget is held to that row: Y must be the row's outturn less its budget, in the stated
        direction. A sentence naming the budget it compares with (年初, 调整后) is not held to the table's one
        budget column, which may be the other budget.

    Why it matters:
        The explanation that follows answers the wrong question when the direction is wrong.

    Example (flagged):
        ```text
        办公费全年预算数12.00万元，决算数10.50万元，决算数大于预算数的主要原因是新增两名工作人员。
        ```

    Compliant:
        ```text
        办公费全年预算数12.00万元，决算数10.50万元，决算数小于预算数的主要原因是压减会议印刷。
        ```
    """

    code = "CLM006"
    name = "budget-comparison-word-wrong"
    category = "claim"
    severity = "warning"
    message = "称“{claim}”，但决算数{actual}{relation}预算数{budget}"
    _BUDGET = re.compile(r"(?:全年|年初|调整后)?预算(?:数)?\s{0,3}(?:为|是)?\s{0,3}[:：]?\s{0,3}")
    _ACTUAL = re.compile(
        r"(?:支出)?决算(?:数)?\s{0,3}(?:为|是)?\s{0,3}[:：]?\s{0,3}|实际支出\s{0,3}(?:为)?\s{0,3}|执行数\s{0,3}(?:为)?\s{0,3}"
    )
    _LOOK_BACK_SENTENCES = 2
    _BUDGET_END = re.compile(_BUDGET.pattern + "$")

    @staticmethod
    def _last_amount(pattern: re.Pattern[str], text: str):
        found = None
        for m in pattern.finditer(text):
            money = [a for a in find_quantities(text[m.end() : m.end() + 20]) if a.kind == "money" and a.start == 0]
            if money:
                found = money[0]
        return found

    @classmethod
    def _subject_amount(cls, own: str):
        """支出总计X万元，比上年减少Y万元…；完成年初预算R%，决算数大于预算数D万元: with no amount
        called 决算, the amount the sentence opens with is the one spent against the budget (not a
        change of it, nor the budget itself: 年初预算数X万元，完成预算的R%…)."""
        for q in find_quantities(own):
            if q.kind == "money" and q.low is not None:
                lead = own[: q.start]
                budget = cls._BUDGET_END.search(lead)
                return None if budget or cue_patterns().delta_end.search(lead) else q
        return None

    @classmethod
    def _rate_only(cls, own: str) -> bool:
        """完成年初预算R%，… names no other item before its rate (印刷费完成预算的R% does)."""
        rate = cls._stated_rate(own)
        return rate is not None and bool(_execution_rate_cue().match(own[: rate.start].strip(" ，,")))

    @staticmethod
    def _stated_gap(after: str):
        """决算数大于预算数55.93万元: the difference stated right after the claim."""
        money = [a for a in find_quantities(after) if a.kind == "money" and a.start <= 1 and a.low is not None]
        return money[0] if money else None

    @staticmethod
    def _stated_rate(window: str):
        """The last 完成（年初）预算的R% / 预算执行率R% before the claim."""
        found = None
        for q in find_quantities(window):
            if q.kind == "percent" and q.low is not None and _execution_rate_cue().search(window[: q.start]):
                found = q
        return found

    def _gap_agrees(self, ctx, p, claim_at, claim_end, actual, budget, gap) -> Result:
        """决算数大于预算数D万元 with both amounts stated: D = |决算 − 预算|."""
        if gap is None:
            return Outcome.passed()
        diff = Interval(actual.low, actual.high) - Interval(budget.low, budget.high)
        stated = Interval(gap.low, gap.high)
        if diff.overlaps(stated) or (-diff).overlaps(stated):
            return Outcome.passed()
        apart = fmt(abs(diff.nominal) / scale(gap.unit), gap.decimals) + (gap.unit or "")
        return self.finding(
            ctx,
            p.locate(claim_at, claim_end + gap.end),
            message=f"称决算数与预算数相差{gap.text}，但决算数{actual.text}与预算数{budget.text}相差{apart}",
            stated=gap.text,
            expected=apart,
        )

    def _against_rate(self, ctx, p, claim, claim_at, claim_end, said, claimed, window, actual, gap) -> Iterator[Result]:
        """No pair of amounts: hold the claim to the execution rate the sentence states — its
        side of 100 %, and with the stated 决算 and difference, 决算 ÷ (决算 ∓ 差额)."""
        rate = self._stated_rate(window)
        if rate is None:
            yield Outcome.not_applicable()
            return
        stated = Interval(rate.low, rate.high)
        if actual is not None and actual.low is not None and gap is not None and claimed != "等于":
            sign = -1 if claimed == "大于" else 1
            try:
                expected = percent(
                    Interval(actual.low, actual.high),
                    Interval(actual.low, actual.high) + Interval(gap.low, gap.high) * sign,
                )
            except ZeroDivisionError:
                yield Outcome.not_applicable()
                return
            if expected.overlaps(stated):
                yield Outcome.passed()
                return
            decimals = max(actual.decimals, gap.decimals)
            budget = fmt((actual.value + sign * gap.value) / scale(actual.unit), decimals) + (actual.unit or "")
            right = f"{fmt(expected.nominal, max(rate.decimals, 2))}%"
            yield self.finding(
                ctx,
                p.locate(claim_at - (len(window) - rate.start), claim_end + gap.end),
                message=(
                    f"称完成预算的{rate.text}，但决算数{actual.text}比预算数{'多' if sign < 0 else '少'}{gap.text}，"
                    f"即预算数为{budget}，完成率应为{right}"
                ),
                stated=rate.text,
                expected=right,
            )
            return
        if stated.low > HUNDRED:
            relation = "大于"
        elif stated.high < HUNDRED:
            relation = "小于"
        else:
            yield Outcome.passed()  # 100 % within rounding: either word may stand
            return
        if relation == claimed:
            yield Outcome.passed()
            return
        yield self.finding(
            ctx,
            p.locate(claim_at - (len(window) - rate.start), claim_end),
            message=f"称“{claim.group(0)}”，但完成预算的{rate.text}表明决算数{relation}预算数",
            stated=said,
            expected=relation,
        )

    def _against_table(self, ctx, p, claim, claim_at, claim_end, own) -> Result | None:
        """与预算相比无增减 said of the amount before it, whose sentence states no budget: the
        budget and outturn of the one table row of that name, when the outturn is the amount."""
        money = [q for q in find_quantities(own) if q.kind == "money" and q.low is not None]
        if not money:
            return None
        row = _row_of(own, money[-1], _budget_rows(ctx))
        if row is None:
            return None
        label, budget, actual = row
        if budget.interval.overlaps(actual.interval):
            return Outcome.passed()
        relation = "大于" if actual.interval.low > budget.interval.high else "小于"
        said_actual, said_budget = (f"{shown(q)}{q.unit or ''}" for q in (actual, budget))
        return self.finding(
            ctx,
            p.locate(claim_at, claim_end),
            confidence="aligned",
            message=f"称“{claim.group(0)}”，但表中“{label}”决算数{said_actual}{relation}预算数{said_budget}",
            stated=claim.group("unchanged"),
            expected=relation,
            related=[budget.location, actual.location],
        )

    def _changes_against_table(self, ctx: Context) -> Iterator[Result]:
        """…支出X万元，与预算相比减少Y万元 whose sentence states no budget: the one table row of that
        name whose outturn is X gives the budget, and Y must be their difference, in its direction.
        A sentence naming its budget (年初, 调整后) is left alone: the table's one budget column
        may be the other one."""
        rows = _budget_rows(ctx)
        if not rows:
            return
        for change in ctx.statements:
            if not isinstance(change, Change) or change.current is None or change.delta is None:
                continue
            if change.prior is not None or not change.delta_dir or change.delta.kind != "money":
                continue
            text = change.sentence.paragraph.text
            base = _budget_base().search(text[change.current.end : change.delta.start])
            if base is None or base.group("qualifier") in ("年初", "调整后"):
                continue
            own = text[change.sentence.start : change.current.end]
            money = [q for q in find_quantities(own) if q.kind == "money" and q.low is not None]
            row = _row_of(own, money[-1], rows) if money else None
            if row is None:
                continue
            label, budget, actual = row
            gap = actual.interval - budget.interval
            stated = change.delta.quantity
            said = stated.interval if change.delta_dir > 0 else -stated.interval
            if gap.overlaps(said):
                yield Outcome.passed()
                continue
            word = "增加" if change.delta_dir > 0 else "减少"
            apart = "多" if gap.nominal > 0 else "少"
            places = max(q.decimals for q in (stated, actual, budget))
            diff = f"{fmt(abs(gap.nominal) / scale(stated.unit), places)}{stated.unit or ''}"
            said_actual, said_budget = (f"{shown(q)}{q.unit or ''}" for q in (actual, budget))
            yield self.finding(
                ctx,
                span(change.current, change.delta, change.sentence),
                confidence="aligned",
                message=(
                    f"称与预算相比{word}{stated.text}，但表中“{label}”决算数{said_actual}比预算数{said_budget}"
                    f"{apart}{diff}"
                ),
                stated=f"{word}{stated.text}",
                expected=f"{'增加' if gap.nominal > 0 else '减少'}{diff}",
                related=[budget.location, actual.location],
            )

    def check(self, ctx: Context) -> Iterable[Result]:
        yield from self._changes_against_table(ctx)
        for p in ctx.document.paragraphs():
            # every branch of the claim names 预算: a substring test passes over most paragraphs
            # (the pattern opens with alternatives tried at every character)
            if _BUDGET_WORD not in p.text or not _budget_relation_claim().search(p.text):
                continue  # a sentence's claim is a claim of its paragraph: one scan tells most apart
            sentences = list(_SENTENCES.finditer(p.text))
            for i, sentence in enumerate(sentences):
                claim = _budget_relation_claim().search(sentence.group(0))
                if not claim:
                    continue
                claim_at = sentence.start() + claim.start()
                own = p.text[sentence.start() : claim_at]
                if claim.group("unchanged"):
                    if "预算" in re.split(r"[，,]", own)[-1]:
                        continue  # 全年预算数与年初预算相比无变化: a budget compared with a budget
                    # 与预算相比无增减 speaks of the item its own sentence states, not of earlier ones
                    window = own
                else:
                    window = p.text[sentences[max(0, i - self._LOOK_BACK_SENTENCES)].start() : claim_at]
                budget = self._last_amount(self._BUDGET, window)
                actual = self._last_amount(self._ACTUAL, window)
                said = claim.group("word") or claim.group("level") or claim.group("unchanged")
                claimed = _RELATION_WORD[_relation_of(said)]
                claim_end = sentence.start() + claim.end()
                gap = self._stated_gap(p.text[claim_end : claim_end + 20])
                if budget is None or actual is None or budget.low is None or actual.low is None:
                    if claim.group("unchanged"):
                        held = self._against_table(ctx, p, claim, claim_at, claim_end, own)
                        if held is not None:
                            yield held
                            continue
                    # only the claim's own sentence: a rate or 决算 before it may be another item's
                    actual = self._last_amount(self._ACTUAL, own) or self._subject_amount(own)
                    if actual is None and i and sentences[i - 1].group(0)[-1:] in "；;" and self._rate_only(own):
                        # 支出总计X万元，比上年减少Y万元；完成年初预算R%，决算数大于预算数D万元: the
                        # clause before the semicolon states the amount the rate is of
                        actual = self._subject_amount(sentences[i - 1].group(0))
                    yield from self._against_rate(ctx, p, claim, claim_at, claim_end, said, claimed, own, actual, gap)
                    continue
                if actual.low > budget.high:
                    relation = "大于"
                elif actual.high < budget.low:
                    relation = "小于"
                elif actual.value == budget.value:
                    relation = "等于"
                else:
                    yield Outcome.passed()  # apart only within rounding: the stated order stands
                    continue
                if relation == claimed:
                    yield self._gap_agrees(ctx, p, claim_at, claim_end, actual, budget, gap)
                    continue
                yield self.finding(
                    ctx,
                    p.locate(claim_at, sentence.start() + claim.end()),
                    claim=claim.group(0),
                    actual=actual.text,
                    relation=relation,
                    budget=budget.text,
                    stated=said,
                    expected=relation,
                )


@lru_cache(maxsize=1)
def _name_tail() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(_CLAIMS['budget_table']['name_tails'])})+$")


# 2025年公务接待费预算, 本年公务接待费: the year the amount is of, not its name
_YEAR_HEAD = re.compile(r"^(?:\d{4}年度?|本年度?|今年)")


def _row_name(text: str) -> str:
    """A row's or a prose clause's name without the words of what is measured (因公出国（境）费支出
    → 因公出国境费), so that the prose and the table name one item alike."""
    name = canonical_label(without_list_marker(without_spaces(text)))
    return _name_tail().sub("", _YEAR_HEAD.sub("", name))


_Row = tuple[str, str, Quantity, Quantity]
"""A table row that states an amount and the base it is compared with: (name, label, base, amount)."""


def _row_of(own: str, figure, rows: list[_Row], prose: bool = False) -> tuple[str, Quantity, Quantity] | None:
    """The one row named as the clause before ``figure`` (the last amount of ``own``) whose amount is
    that figure: (label, base, amount). ``prose``: rows that state only the base (last year's amount
    in prose), of which the figure is the amount."""
    name = _row_name(re.split(r"[，,；;：:。]", own[: figure.start])[-1])
    named = [row for row in rows if row[0] == name] if name else []
    if (len({row[2].value for row in named}) if prose else len(named)) != 1:
        return None  # no row of that name, or several: which one the claim speaks of is not known
    _, label, base, amount = named[0]
    if prose:
        return label, base, figure
    if not amount.interval.overlaps(Interval(figure.low, figure.high)):
        return None  # the row's amount is not the one the claim speaks of
    return label, base, amount


@lru_cache(maxsize=1)
def _prose_prior_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Last year named before the name (上年公务接待费), after it (公务接待费上年决算数), and the words
    that make a name no amount of last year's."""
    last_year = f"(?:{alternation(_CLAIMS['flat']['prior_prose_words'])})度?"
    excluded = alternation(_CLAIMS["flat"]["prior_prose_excluded"])
    return re.compile(f"^{last_year}"), re.compile(f"{last_year}(?:决算|支出|实际)?(?:数)?$"), re.compile(excluded)


_CLAUSE_CUT = re.compile(r"[，,；;。！？]")


def _prose_priors(ctx: Context) -> list[_Row]:
    """Last year's amounts the report states in prose, each a clause of its own that names last year
    and its subject and ends with the amount (上年公务接待费5.20万元, 2023年会议费支出为3.40万元 in a
    report of 2024, 培训费上年为4.20万元): (name, label, amount, amount)."""

    def priors() -> list[_Row]:
        lead, after_name, excluded = _prose_prior_words()
        year = ctx.document.year
        out = []
        for p in ctx.document.paragraphs():
            text = p.text
            if "年" not in text:
                continue
            for q in find_quantities(text):
                if q.kind != "money" or q.low is None or text[q.end : q.end + 1] not in ("", *"，,；;。！？"):
                    continue
                cut = max((m.end() for m in _CLAUSE_CUT.finditer(text, 0, q.start)), default=0)
                clause = without_list_marker(without_spaces(text[cut : q.start])).rstrip("为是：:")
                head = lead.match(clause) or (year and re.match(rf"^{year - 1}年度?", clause))
                if head:
                    name = clause[head.end() :]
                else:
                    tail = after_name.search(clause)
                    name = clause[: tail.start()] if tail else ""
                if name and not excluded.search(name) and len(key := _row_name(name)) >= 2:
                    prior = quantity_from_match(q, p)
                    out.append((key, name, prior, prior))
        return out

    return memo(ctx, "prose_priors", priors)


def _paired_rows(
    ctx: Context, key: str, columns: Callable[[Grid], tuple[int, int] | None], blank_is_nil: bool = False
) -> list[_Row]:
    """(name, label, base, amount) of every table row that states both, in a grid whose ``columns``
    are (base, amount). With ``blank_is_nil``, an amount cell left blank beside a stated base is 0:
    a 三公 table leaves the outturn of an item nothing was spent on empty."""

    def rows() -> list[_Row]:
        out = []
        for table in ctx.document.tables():
            for grid in split_table(table):
                pair = columns(grid)
                if pair is None:
                    continue
                for row in grid.rows():
                    if max(pair) >= len(row):
                        continue
                    b, a = grid.value(row[pair[0]]), grid.value(row[pair[1]])
                    if a is None and blank_is_nil and b is not None and not row[pair[1]].text.strip():
                        a = replace(b, text="0", value=Decimal(0), decimals=0, low=Decimal(0), high=Decimal(0))
                        a = replace(a, location=row[pair[1]].locate())
                    label = row_label(row)
                    if b is not None and a is not None and b.kind == a.kind == "money" and label:
                        out.append((_row_name(label), label, b, a))
        return out

    return memo(ctx, key, rows)


def _budget_columns(grid: Grid) -> tuple[int, int] | None:
    """(budget, outturn): one column of each (决算数比预算数增减, of both, is neither)."""
    words = _CLAIMS["budget_table"]
    says = [
        (any(w in lb for w in words["budget_columns"]), any(w in lb for w in words["actual_columns"]))
        for lb in map(without_spaces, grid.labels)
    ]
    budget = [c for c, (b, a) in enumerate(says) if b and not a]
    actual = [c for c, (b, a) in enumerate(says) if a and not b]
    return (budget[0], actual[0]) if len(budget) == len(actual) == 1 else None


def _budget_rows(ctx: Context) -> list[_Row]:
    return _paired_rows(ctx, "budget_rows", _budget_columns, blank_is_nil=True)


def _prior_columns(grid: Grid) -> tuple[int, int] | None:
    """(last year, this year)."""
    pair = year_columns(grid)
    return (pair[1], pair[0]) if pair is not None else None


def _prior_rows(ctx: Context) -> list[_Row]:
    return _paired_rows(ctx, "prior_rows", _prior_columns)


class ClaimDeniesIndicatorRate(Rule):
    """A statement elsewhere in the report that an indicator was (not) completed, against its rate.

    What it checks:
        Sentences outside the indicator's own analysis (the conclusion, the problems section) that
        name an indicator of the report and say it was not completed (未完成, 未达到, 未按…完成)
        while its stated completion rate is at least 100%, or that it was completed or exceeded
        (已完成, 超额完成, 达到预期) while its rate is below 100%.

    Why it matters:
        The conclusion and the problems section are what decision makers read; they must not
        contradict the figures of the analysis.

    Example (flagged):
        ```text
        （一）新建污水管网长度：该指标预期指标值为大于等于 8 公里，本次评价完成值为 8.6 公里，指标完成率107.5%。
        五、存在的问题
        新建污水管网长度未完成年度目标，主要原因是征地拆迁滞后。
        ```

    Compliant:
        ```text
        （一）新建污水管网长度：该指标预期指标值为大于等于 8 公里，本次评价完成值为 7.2 公里，指标完成率90%。
        五、存在的问题
        新建污水管网长度未完成年度目标，主要原因是征地拆迁滞后。
        ```
    """

    code = "CLM007"
    name = "claim-denies-indicator-rate"
    category = "claim"
    severity = "warning"
    message = "称“{name}”{claim}，但该指标完成率为{rate}"
    _MIN_NAME = 4

    def check(self, ctx: Context) -> Iterable[Result]:
        rates = [r for r in all_indicator_rates(ctx.document) if r.name and len(r.name) >= self._MIN_NAME]
        if not rates:
            return
        analysed = {p.id for p in _indicator_paragraphs(ctx)} | {r.location.block for r in rates}
        # one scan tells the paragraphs that name no indicator at all (nearly all) apart
        any_name = re.compile(alternation({r.name for r in rates}))
        for p in ctx.document.paragraphs():
            if p.id in analysed or not any_name.search(p.text):
                continue
            for sentence in _SENTENCES.finditer(p.text):
                text = sentence.group(0)
                for r in rates:
                    at = text.find(r.name)
                    if at < 0:
                        continue
                    after = text[at + len(r.name) :]
                    denied = NotCompletedClaimWithRateMet.pattern.search(after)
                    claimed = None if denied else CompletedClaimWithRateBelow.pattern.search(after)
                    if denied is None and claimed is None:
                        continue
                    contradiction = (denied is not None and r.rate >= 100) or (claimed is not None and r.rate < 100)
                    if not contradiction:
                        yield Outcome.passed()
                        continue
                    m = denied or claimed
                    start = sentence.start() + at + len(r.name) + m.start()
                    yield self.finding(
                        ctx,
                        p.locate(sentence.start() + at, start + len(m.group(0))),
                        name=r.name,
                        claim=m.group(0),
                        rate=_fmt(r.rate),
                        stated=m.group(0),
                        expected=_fmt(r.rate),
                        related=[r.location],
                    )


class ReasonDeniesIncrease(Rule):
    """An increase explained by the spending not happening (未发生, 取消, 未使用该科目).

    What it checks:
        Short reasons attached to a figure that rose (比上年增加, 决算数大于预算数) whose whole
        content is that the spending did not occur or was cancelled, with no word of anything
        added (新增, 增加, 追加, 支付).

    Why it matters:
        A cancelled item cannot explain an increase: either the reason belongs to another 科目
        or the figure is wrong.

    Example (flagged):
        ```text
        卫生健康支出（类）基层医疗卫生机构（款）乡镇卫生院（项）:支出决算数为 3.20 万元，比上年决算增加 3.20 万元，增长 100%，主要原因是：医共体保洁补助2024年取消该项目。
        ```

    Compliant:
        ```text
        卫生健康支出（类）基层医疗卫生机构（款）乡镇卫生院（项）:支出决算数为 0 万元，比上年决算减少 3.20 万元，下降 100%，主要原因是：医共体保洁补助2024年取消该项目。
        ```
    """

    code = "CLM008"
    name = "reason-denies-increase"
    category = "claim"
    severity = "warning"
    message = "“{item}”的数额增加，但说明为“{text}”（未发生/取消不能解释增加）"
    _NONE = re.compile(alternation(_CLAIMS["reason_denies"]["none"]))
    _ADDED = re.compile(alternation(_CLAIMS["reason_denies"]["added"]))
    _MAX_CHARS = 40

    def check(self, ctx: Context) -> Iterable[Result]:
        for e in document_explanations(ctx).items:
            if e.kind != "reason" or not self._NONE.search(e.text):
                continue
            if e.direction != "increase" or len(e.text) > self._MAX_CHARS or self._ADDED.search(e.text):
                yield Outcome.passed()
                continue
            yield self.finding(ctx, e.location, item=e.item or "该项", text=e.text, stated=e.text[:40])


class NilClaimWithAmount(Rule):
    """A statement that an item did not occur (未发生/无/没有) while the report gives it an amount.

    What it checks:
        Clauses such as "本年未发生公务接待费支出" or "无政府性基金预算财政拨款收入" name an
        expense or receipt (ending in 费/经费/支出/收入). Anywhere else in the report, in prose or
        in a table, a non-zero amount of this year under the same name (财政拨款, 安排的, 决算 and
        brackets ignored) contradicts the claim. Budget figures only count in a 预算说明, and
        changes and last year's amounts never do.

    Why it matters:
        A report that says an item did not happen and also reports spending on it is wrong in
        one of the two places; the nil statements are often template sentences left unedited.

    Example (flagged):
        ```text
        2024年度“三公”经费财政拨款支出决算为6.50万元，其中：公务用车购置及运行维护费4.20万元，公务接待费2.30万元。
        本年度未发生公务接待费支出。
        ```

    Compliant:
        ```text
        2024年度“三公”经费财政拨款支出决算为4.20万元，其中：公务用车购置及运行维护费4.20万元，公务接待费0.00万元。
        本年度未发生公务接待费支出。
        ```
    """

    code = "CLM009"
    name = "nil-claim-with-amount"
    category = "claim"
    severity = "warning"
    confidence = "aligned"  # the claim and the amount are matched by name
    message = "称“{claim}”，但{where}“{label}”为{amount}"
    _NIL = re.compile(
        r"(?:未发生|没有发生|未安排|没有|无)(?P<item>[^，。；;、,：:！？]{2,30}?(?:费|经费|支出|收入))"
        r"(?=[，。；;、,）)！？]|$)"
    )
    _OTHER_TIME = re.compile(r"上年|去年|上一年|以前年度|往年|此前")
    _CLAUSE_CUT = re.compile(r"[，,；;]")
    _A_YEAR = re.compile(r"\d{4}")
    _DROP = re.compile(r"财政拨款|安排的|决算|本年度?|当年|[（）()“”\"\s]|^使用")

    _VAGUE = re.compile(r"^(?:此|该|类似|相关|上述|其他|任何)")

    @classmethod
    def canonical(cls, name: str) -> str:
        core = cls._DROP.sub("", name)
        for tail, keep in (("费用支出", 1), ("费支出", 1), ("费用", 1)):
            if core.endswith(tail):
                return core[: len(core) - len(tail) + keep]
        return core

    @classmethod
    def keys(cls, item: str) -> list[str]:
        """What a nil claim denies: 收入和支出 (收支) denies both."""
        core = cls.canonical(item)
        if cls._VAGUE.match(core):
            return []
        both = re.fullmatch(r"(.+?)(?:收入和支出|收入及支出|收支)", core)
        keys = [both.group(1) + "收入", both.group(1) + "支出"] if both else [core]
        return [k for k in keys if len(k) >= 4]

    def check(self, ctx: Context) -> Iterable[Result]:
        claims = []
        for p in ctx.document.paragraphs():
            if not self._NIL.search(p.text):
                continue  # a sentence's claim is a claim of its paragraph: one scan tells most apart
            for sentence in _SENTENCES.finditer(p.text):
                text = sentence.group(0)
                for m in self._NIL.finditer(text):
                    clause = self._CLAUSE_CUT.split(text[: m.start()])[-1]
                    if self._OTHER_TIME.search(clause):
                        continue
                    for key in self.keys(m.group("item")):
                        claims.append((p, sentence.start() + m.start(), sentence.start() + m.end(), key))
        if not claims:
            return
        amounts: dict[str, list] = {}
        excluded = {"增减额", "增减率"} | (set() if ctx.document.kind == "budget" else {"预算数"})
        year = str(ctx.document.year) if ctx.document.year else None
        for q in ctx.quantities:
            if q.kind != "money" or not q.value or not q.label or q.measure in excluded:
                continue
            period = q.period or ""
            if (
                self._OTHER_TIME.search(period)
                or "年初" in period
                or year
                and self._A_YEAR.search(period)
                and year not in period
            ):
                continue
            amounts.setdefault(self.canonical(q.label), []).append(q)
        for p, start, end, key in claims:
            hits = [q for label, qs in amounts.items() if label == key or label.endswith(key) for q in qs]
            if not hits:
                yield Outcome.passed()
                continue
            q = hits[0]
            where = "表中" if q.location.block.startswith("t") else "文中"
            claim = p.text[start:end]
            yield self.finding(
                ctx,
                p.locate(start, end),
                claim=claim,
                where=where,
                label=q.label,
                amount=q.text,
                stated=claim,
                related=[h.location for h in hits[:3]],
            )


# the digit check after the year, not before it: a pattern that opens with a literal is scanned for
# it, one that opens with a lookbehind is tried at every position (4x slower)
_YEAR = re.compile(r"(20\d{2})(?<!\d20\d{2})\s{0,2}年(?:度)?")
_CLAUSE_BREAK = "，,。；;：:！？"


@lru_cache(maxsize=1)
def _year_slip_vocabulary() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = _CLAIMS["year_slip"]
    # a change over a named year (较2022年减少…) is as much a current-year cue as 较上年
    current = rf"{alternation(v['current_cues'])}|(?:较|比|与)\s{{0,2}}20\d{{2}}\s{{0,2}}年"
    # 关于 holds 于 and 由于 holds 由: those words are matched first, and a match of one is no reference
    reference = rf"(?P<plain>{alternation(v['not_reference'])})|{alternation(v['reference_before'])}"
    return (
        re.compile(reference),
        re.compile(alternation(v["measures"])),
        re.compile(current),
        re.compile(alternation(v["execution_words"])),
    )


def _measured_years(text: str) -> list[re.Match]:
    """Years with a measure word soon after them: what a subject year needs first."""
    if "年" not in text:  # the year's own character: a substring test spares most paragraphs the scan
        return []
    measures = _year_slip_vocabulary()[1]
    return [m for m in _YEAR.finditer(text) if measures.search(text, m.end(), m.end() + _MEASURE_REACH)]


def _subject_years(
    text: str, measured: list[re.Match], start: int = 0, end: int | None = None
) -> Iterator[tuple[int, re.Match]]:
    """Years that open a statement about that year's figures ("2023年“三公”经费支出决算为…"):
    no comparison or reference word before them in their clause, a measure word soon after.
    ``measured`` are the years of ``text`` with a measure word after them; with ``start`` and
    ``end``, the subjects of the sentence text[start:end], read in place (a sentence end is a
    clause break, and the measure must come before it)."""
    reference, measures, _, _ = _year_slip_vocabulary()
    end = len(text) if end is None else end
    for m in measured:
        if not start <= m.start() < end or not measures.search(text, m.end(), min(m.end() + _MEASURE_REACH, end)):
            continue
        # a clause break is looked for only as far back as a subject's lead: not finding one
        # there says enough, and searching to the paragraph's start made this quadratic
        lead_start = max(start, m.start() - _SUBJECT_LEAD - 1)
        clause_break = max(text.rfind(ch, lead_start, m.start()) for ch in _CLAUSE_BREAK)
        if clause_break < 0 and lead_start > start:
            continue
        lead = clause_break + 1 if clause_break >= 0 else start
        if any(r.group("plain") is None for r in reference.finditer(text, lead, m.start())):
            continue
        yield int(m.group(1)), m


_SUBJECT_LEAD = 30  # a unit's name may stand before the year
_MEASURE_REACH = 30
_NEIGHBOURS = 4


def _neighbours(dated: list[int], i: int) -> list[int]:
    """The ``_NEIGHBOURS`` paragraphs on each side of paragraph ``i`` that date a measure (``dated``, in
    order; ``i`` among them): headings, notes and lines without a year between them do not count, so a
    text copied one sentence or one clause to a line has the context it has as paragraphs."""
    k = bisect_left(dated, i)
    return dated[max(0, k - _NEIGHBOURS) : k] + dated[k + 1 : k + 1 + _NEIGHBOURS]


class PriorYearInCurrentStatement(Rule):
    """A statement of this year's figures dated the year before (2022年…决算 in a 2023 report).

    What it checks:
        A sentence that opens with a year Y−1 as its subject (no 比/较/与/截至… before it), goes
        on to an amount of the report's measures (决算, 支出, 收入, 经费) and carries a cue that
        the figure is the current one (较上年/同比 change, 完成预算, 预算执行率), while the
        paragraphs around it state the same kind of figures for year Y and none for Y−1.
        Comparisons with last year (比2022年…, 上年…) are not read as subjects. In a 预算 a
        sentence about execution (执行, 实际, 决算) may rightly be dated Y−1 and is not judged.

    Why it matters:
        The paragraph was carried over from last year's report and its year (and often its
        figures) not updated; the reader cannot tell which year the figure belongs to.

    Example (flagged):
        ```text
        （一）2023年“三公”经费财政拨款支出决算为6.20万元。
        （二）2022年“三公”经费财政拨款支出决算为6.20万元，完成预算88.57%，较上年减少0.40万元。
        （三）2023年公务接待费支出决算为1.10万元，较上年减少0.10万元。
        ```

    Compliant:
        ```text
        （一）2023年“三公”经费财政拨款支出决算为6.20万元。
        （二）2023年“三公”经费财政拨款支出决算为6.20万元，完成预算88.57%，较上年减少0.40万元。
        （三）2023年公务接待费支出决算为1.10万元，较上年减少0.10万元。
        ```
    """

    code = "CLM010"
    name = "prior-year-in-current-statement"
    category = "claim"
    severity = "warning"
    message = "年份疑误：本段所述为本年数据（{cue}），年份写作{stated}，上下文为{expected}"

    def check(self, ctx: Context) -> Iterable[Result]:
        _, _, current, execution = _year_slip_vocabulary()
        paragraphs = [p for p in ctx.document.paragraphs() if p.text.strip()]
        measured = [_measured_years(p.text) for p in paragraphs]
        dated = [j for j, years in enumerate(measured) if years]
        subjects: dict[int, set[int]] = {}

        def subject_years(j: int) -> set[int]:
            # asked for only around a candidate: found on demand
            if j not in subjects:
                subjects[j] = {year for year, _ in _subject_years(paragraphs[j].text, measured[j])}
            return subjects[j]

        for i, p in enumerate(paragraphs):
            # a sentence's year with a measure after it is a year of its paragraph with one: only the
            # sentences of those are read, their bounds found in one scan of the paragraph
            ends = [e.end() for e in _SENTENCE_END.finditer(p.text)] if measured[i] else []
            # what a sentence says is asked once per sentence (per year), and the cue found after one
            # year serves the later years before it: a long sentence of many years stays linear
            cues: dict[int, tuple[int, re.Match | None]] = {}
            mentions: dict[tuple[int, int], bool] = {}
            executed: dict[int, bool] = {}
            for candidate in measured[i]:
                k = bisect_right(ends, candidate.start())
                start = ends[k - 1] if k else 0
                end = ends[k] if k < len(ends) else len(p.text)
                for year, m in _subject_years(p.text, [candidate], start, end):
                    searched_from, cue = cues.get(start, (len(p.text) + 1, None))
                    if not (searched_from <= m.end() and (cue is None or cue.start() >= m.end())):
                        cue = current.search(p.text, m.end(), end)
                        cues[start] = (m.end(), cue)
                    if cue is None:
                        continue
                    if (start, year) not in mentions:
                        mentions[start, year] = p.text.find(str(year + 1), start, end) >= 0
                    if mentions[start, year]:
                        continue
                    if ctx.document.kind == "budget":
                        if start not in executed:
                            executed[start] = execution.search(p.text, start, end) is not None
                        if executed[start]:
                            continue
                    around = [subject_years(j) for j in _neighbours(dated, i)]
                    if not any(year + 1 in years for years in around) or any(year in years for years in around):
                        yield Outcome.passed()
                        continue
                    yield self.finding(
                        ctx,
                        p.locate(m.start(), m.end()),
                        cue=cue.group(0),
                        stated=m.group(0).strip(),
                        expected=f"{year + 1}年",
                    )


@lru_cache(maxsize=1)
def _definitions() -> tuple[re.Pattern[str], dict[str, str], dict[str, tuple[list[re.Pattern[str]], list[str]]]]:
    categories = load_yaml("definitions.yaml")["categories"]
    owner = {label: name for name, c in categories.items() for label in c["labels"]}
    marks = {name: ([re.compile(x) for x in c["marks"]], list(c.get("unless") or [])) for name, c in categories.items()}
    # label, then its figure (optional), then 为/是/系/指 and the definition up to the sentence end
    statement = re.compile(
        rf"(?P<label>{alternation(owner)})(?:预算|决算)?数?(?:为|是)?\s{{0,2}}"
        rf"(?:[\d,，.]{{1,20}}\s{{0,2}}(?:万元|亿元|元))?\s{{0,2}}[，,]?\s{{0,2}}"
        rf"(?:主要)?(?:是指|指|为|是|系)(?P<text>[^。；;]{{4,80}})"
    )
    return statement, owner, marks


@lru_cache(maxsize=1)
def _definition_labels() -> re.Pattern[str]:
    return re.compile(alternation(_definitions()[1]))


def _defined_as(text: str, marks) -> bool:
    patterns, unless = marks
    return any(p.search(text) for p in patterns) and not any(u in text for u in unless)


class DefinitionOfOtherCategory(Rule):
    """A category explained with another category's standard definition.

    What it checks:
        Sentences where a 决算/预算 category (上级补助收入, 事业收入, 基本支出, 项目支出 …) is
        followed by its figure and "为/是/指…": the explanation is compared with the standard
        definitions of the template (``lexicons/definitions.yaml``). When it carries the defining
        phrase of another category and not its own, the wrong definition was pasted.

    Why it matters:
        The definition tells the reader where the money came from or went; 上级补助收入 described
        as income from the unit's own business is a different source of funds.

    Example (flagged):
        ```text
        2.上级补助收入12.60万元，为事业单位开展专业业务活动及其辅助活动取得的收入。
        ```

    Compliant:
        ```text
        2.上级补助收入12.60万元，为从主管部门和上级单位取得的非财政补助收入。
        ```
    """

    code = "CLM011"
    name = "definition-of-other-category"
    category = "claim"
    severity = "warning"
    message = "口径说明与科目不符：“{label}”的说明“{text}”是“{other}”的定义"

    def check(self, ctx: Context) -> Iterable[Result]:
        statement, owner, marks = _definitions()
        labels = _definition_labels()
        for p in ctx.document.paragraphs():
            if not labels.search(p.text):
                continue  # a definition opens with its label: the bare labels scan twice as fast
            for m in statement.finditer(p.text):
                own = owner[m.group("label")]
                text = m.group("text")
                if _defined_as(text, marks[own]):
                    yield Outcome.passed()
                    continue
                other = next((name for name, mk in marks.items() if name != own and _defined_as(text, mk)), None)
                if other is None:
                    yield Outcome.not_applicable()
                    continue
                yield self.finding(
                    ctx,
                    p.locate(m.start(), m.end()),
                    label=m.group("label"),
                    text=text.strip()[:40],
                    other=other,
                    stated=text.strip()[:40],
                    expected=other,
                )


@lru_cache(maxsize=1)
def _flat_vocabulary() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = _CLAIMS["flat"]
    return re.compile(alternation(v["claims"])), re.compile(rf"(?:{alternation(v['change_words'])})(?:了)?(?:为)?")


@lru_cache(maxsize=1)
def _hedged_flat_claim() -> re.Pattern[str]:
    return re.compile(alternation(_CLAIMS["flat"]["hedged_claims"]))


@lru_cache(maxsize=1)
def _last_year_word() -> re.Pattern[str]:
    return re.compile(alternation(_CLAIMS["flat"]["last_year_words"]))


_PRIOR = re.compile(r"(?:上年|去年|上一年)(?:度)?(?:同期)?(?:决算|预算|支出|实际)?(?:数)?(?:为|是)?\s{0,2}")


class FlatClaimWithChange(Rule):
    """ "与上年持平/无变化" said of a figure whose stated change or prior-year figure differs.

    What it checks:
        A clause claiming no change over last year (与上年持平, 无变化, 保持不变 …) against the
        change stated next to it (the clause before or after: 增加0.80万元, 下降3.2%) and against
        a prior-year figure stated in the same sentence (上年为…). A change of zero agrees. A claim
        compared with the budget (与预算相比无变化, 与年初预算持平) says nothing of last year: CLM006's.
        When the sentence states neither and the claim's clause names last year (与上年持平, 较上年无变化,
        同比持平, 与上年基本持平), the report's table row of the name before the amount, in a grid with this
        year's and last year's columns of one measure (2024年决算数 | 2023年决算数, 本年数 | 上年数), gives
        last year's figure, when the row's figure for this year is the amount (confidence ``aligned``). A claim
        said of a rate or a count is not held to the table. 基本持平 holds while the two differ by less than
        the hedged limit (10 % of last year, as for GRW002); an unhedged claim less than 0.5 % apart may be
        meant as 基本持平 and is uncertain.

    Why it matters:
        The claim and the figures cannot both be right; a reader takes "持平" at its word.

    Example (flagged):
        ```text
        公务接待费支出决算2.30万元，比上年减少0.45万元，与上年持平。
        ```

    Compliant:
        ```text
        公务接待费支出决算2.30万元，比上年减少0万元，与上年持平。
        ```
    """

    code = "CLM012"
    name = "flat-claim-with-change"
    category = "claim"
    severity = "warning"
    message = "称“{claim}”，但{what}"

    def check(self, ctx: Context) -> Iterable[Result]:
        claim_pattern, change = _flat_vocabulary()
        hedged_pattern = _hedged_flat_claim()
        for p in ctx.document.paragraphs():
            if not claim_pattern.search(p.text) and not hedged_pattern.search(p.text):
                continue  # a sentence's claim is a claim of its paragraph: one scan tells most apart
            for sentence in _SENTENCES.finditer(p.text):
                text = sentence.group(0)
                at = sentence.start()
                hedged = list(hedged_pattern.finditer(text))
                for m in hedged:
                    if not _states_change(text, m, change):
                        yield from self._against_table(ctx, p, at, text, m, hedged=True)
                for m in claim_pattern.finditer(text):
                    if any(h.start() <= m.start() < h.end() for h in hedged):
                        continue  # 与上年基本一致 is the hedged claim read above
                    if cue_patterns().flat_against_budget.search(text[: m.start()]):
                        continue  # 与预算相比无变化: held to the budget by CLM006, not to last year
                    if _unadjusted(p.text[: at + m.start()], m):
                        continue  # 税收收入调减A，下降P%；非税收入B，保持不变，增长Q%: no adjustment, not no change
                    what = _stated_change(text, m, change) or _prior_differs(text, m)
                    if what is not None:
                        yield self.finding(
                            ctx, p.locate(at + m.start(), at + m.end()), claim=m.group(0), what=what, stated=m.group(0)
                        )
                    elif _states_change(text, m, change):
                        yield Outcome.passed()
                    else:
                        yield from self._against_table(ctx, p, at, text, m, hedged=False)

    def _against_table(self, ctx: Context, p: Paragraph, at: int, text: str, m: re.Match, hedged: bool):
        """A claim whose sentence states no change nor last year's amount, said of the amount right
        before it: last year's figure in the report's table row of that name, when the row's figure
        for this year is that amount. 基本持平 holds up to the hedged limit; a plain 持平 a hair apart
        (under ``near_flat_limit``) may be meant the same way, so it is uncertain, not reported. A claim
        nothing contradicts passes, as one beside no stated change always has (a hedged one, never read
        before, is counted only when a row holds it)."""
        nothing = () if hedged else (Outcome.passed(),)
        own = text[: m.start()]
        clause = own[max(own.rfind(ch) for ch in "，,；;：:") + 1 :]
        if not _last_year_word().search(clause + m.group(0)):
            yield from nothing  # 无增减 alone: which base it compares with is not known
            return
        figures = [q for q in find_quantities(own) if q.low is not None]
        if not figures or figures[-1].kind != "money":
            yield from nothing  # 持平 said of a rate, a count, or of nothing stated
            return
        if _COMPARISON_WORDS.sub("", own[figures[-1].end :]).strip("；;：:"):
            yield from nothing  # 接待费X万元，车辆运行费与上年持平: the claim names a subject of its own
            return
        row = _row_of(own, figures[-1], _prior_rows(ctx))
        in_prose = row is None
        if in_prose:
            row = _row_of(own, figures[-1], _prose_priors(ctx), prose=True)
        if row is None:
            yield from nothing
            return
        label, prior, current = row
        if in_prose:  # the claim's own amount, placed in its paragraph
            current = quantity_from_match(current._replace(start=at + current.start, end=at + current.end), p)
        if prior.interval.overlaps(current.interval):
            yield Outcome.passed()
            return
        gap = abs(current.value - prior.value)
        relative = gap / prior.value * HUNDRED if prior.value else None
        limit = cue_patterns().flat_hedged_limit if hedged else Decimal(str(_CLAIMS["flat"]["near_flat_limit"]))
        if relative is not None and relative < limit:
            yield Outcome.passed() if hedged else Outcome.uncertain()
            return
        said_current, said_prior = (f"{shown(q)}{q.unit or ''}" for q in (current, prior))
        apart = f"（相差{fmt(relative, 2)}%）" if relative is not None else ""
        where = f"报告所述上年“{label}”{said_prior}、本年{said_current}" if in_prose else ""
        yield self.finding(
            ctx,
            p.locate(at + m.start(), at + m.end()),
            confidence="aligned",
            claim=m.group(0),
            what=(where or f"表中“{label}”本年{said_current}、上年{said_prior}") + apart,
            stated=m.group(0),
            expected=f"本年{said_current}、上年{said_prior}",
            related=[prior.location, current.location],
        )


def _neighbour_clauses(text: str, m: re.Match) -> str:
    """The clause of the claim and the clause on each side of it."""
    cuts = [0] + [i + 1 for i, ch in enumerate(text) if ch in "，,"] + [len(text) + 1]
    k = max(i for i, c in enumerate(cuts) if c <= m.start())
    return text[cuts[max(0, k - 1)] : cuts[min(len(cuts) - 1, k + 2)] - 1]


_COMPARISON_WORDS = re.compile(
    r"(?:较|比|与|同)(?:上年|去年|上一年)(?:度)?(?:同期)?(?:决算|预算)?(?:数)?(?:相比)?|同比|[\s，,]"
)


def _states_change(text: str, m: re.Match, change: re.Pattern[str]) -> bool:
    """The claim's neighbour clauses state a change with a figure, or its sentence last year's
    amount: those, not a table, are what the claim is held to."""
    window = _neighbour_clauses(text, m)
    return (
        any((f := find_quantities(window[c.end() : c.end() + 16])) and f[0].start <= 1 for c in change.finditer(window))
        or _stated_prior(text[: m.start()]) is not None
    )


def _unadjusted(before: str, m: re.Match) -> bool:
    """A flat word in a sentence that adjusts a budget (调增A, 调减B; the clauses before its ；count) with no
    last-year word in its own clause: it says the amount was not adjusted, its rate after it is measured from
    last year. ``before``: the paragraph up to the flat word."""
    before = before[max(before.rfind(ch) for ch in "。！？!?") + 1 :]
    if not (cue_patterns().adjustment_up.search(before) or cue_patterns().adjust_down.search(before)):
        return False
    clause = before[max(before.rfind(ch) for ch in "，,；;：:") + 1 :]
    return not _last_year_word().search(clause + m.group(0))


def _stated_change(text: str, m: re.Match, change: re.Pattern[str]) -> str | None:
    window = _neighbour_clauses(text, m)
    claim_subject = _COMPARISON_WORDS.sub("", text[max(text.rfind(ch, 0, m.start()) for ch in "，,") + 1 : m.start()])
    for c in change.finditer(window):
        clause_start = max(window.rfind(ch, 0, c.start()) for ch in "，,") + 1
        if claim_subject and _COMPARISON_WORDS.sub("", window[clause_start : c.start()]):
            continue  # both clauses name their subject (培训费持平，差旅费增加…): two items
        figures = find_quantities(window[c.end() : c.end() + 16])
        figure = figures[0] if figures and figures[0].start <= 1 else None
        if (
            figure is not None
            and figure.kind in ("money", "percent")
            and figure.low is not None
            and (figure.low > 0 or figure.high < 0)
        ):
            return f"{c.group(0)}{figure.text}"
    return None


def _stated_prior(before: str) -> tuple[int, Quantity] | None:
    """Where the last 上年为A万元 starts, and A."""
    prior = None
    for pm in _PRIOR.finditer(before):
        figures = find_quantities(before[pm.end() : pm.end() + 20])
        if figures and figures[0].start == 0 and figures[0].kind == "money":
            prior = (pm.start(), figures[0])
    return prior


def _prior_differs(text: str, m: re.Match) -> str | None:
    """本年 A、上年 B in the sentence before the claim, A and B apart beyond rounding."""
    before = text[: m.start()]
    prior = _stated_prior(before)
    if prior is None:
        return None
    current = next((q for q in find_quantities(before[: prior[0]]) if q.kind == "money" and q.low is not None), None)
    figure = prior[1]
    if current is None or figure.low is None:
        return None
    if current.low > figure.high or current.high < figure.low:
        return f"本年为{current.text}，上年为{figure.text}"
    return None


@lru_cache(maxsize=1)
def _between_pattern() -> re.Pattern[str]:
    v = _CLAIMS["direction_between"]
    return re.compile(
        rf"(?:{alternation(v['openers'])})(?:上年|去年|上年度)?(?:的)?\s{{0,2}}(?P<first>\d[\d,，.]{{0,20}}\s{{0,2}}(?:亿元|万元|元))"
        rf"\s{{0,2}}(?P<word>{alternation(v['up'] + v['down'])})(?:{alternation(v['links'])})"
        rf"(?:本年|今年|本年度)?(?:的)?\s{{0,2}}(?P<second>\d[\d,，.]{{0,20}}\s{{0,2}}(?:亿元|万元|元))"
    )


class DirectionWordAgainstFigures(Rule):
    """ "由A增加到B" where B is smaller than A (or "由A下降至B" where it is larger).

    What it checks:
        A change written between its two figures (由/从 A 增加/增长/下降/减少 到/至 B): the
        direction word against the order of A and B. Figures apart only within rounding pass.

    Why it matters:
        The direction is what a reader remembers; when it contradicts the two figures one of
        the three is wrong.

    Example (flagged):
        ```text
        公用经费由上年的86.40万元增加到79.10万元，主要原因是压减会议费。
        ```

    Compliant:
        ```text
        公用经费由上年的86.40万元减少到79.10万元，主要原因是压减会议费。
        ```
    """

    code = "CLM013"
    name = "direction-word-against-figures"
    category = "claim"
    severity = "warning"
    message = "称“{word}”，但由{first}变为{second}"

    def check(self, ctx: Context) -> Iterable[Result]:
        up = set(_CLAIMS["direction_between"]["up"])
        openers = _CLAIMS["direction_between"]["openers"]
        for p in ctx.document.paragraphs():
            # the pattern opens with an opener word: a substring test is far cheaper than the regex scan
            if not any(w in p.text for w in openers):
                continue
            for m in _between_pattern().finditer(p.text):
                first, second = (find_quantities(m.group(g)) for g in ("first", "second"))
                if not first or not second or first[0].low is None or second[0].low is None:
                    yield Outcome.not_applicable()
                    continue
                a, b = first[0], second[0]
                rose, fell = b.low > a.high, b.high < a.low
                said_up = m.group("word") in up
                if (said_up and fell) or (not said_up and rose):
                    yield self.finding(
                        ctx,
                        p.locate(m.start(), m.end()),
                        word=m.group("word"),
                        first=a.text,
                        second=b.text,
                        stated=m.group("word"),
                        expected="减少" if fell else "增加",
                    )
                else:
                    yield Outcome.passed()


@lru_cache(maxsize=1)
def _comparison_year() -> re.Pattern[str]:
    v = _CLAIMS["comparison_year"]
    return re.compile(
        rf"(?:{alternation(cues()['compare']['prefixes'])})\s{{0,2}}(?P<year>\d{{4}})\s{{0,2}}年(?:度)?"
        rf"(?!{alternation(v['within_year'])})(?P<measure>{alternation(v['measures'])})?"
    )


class ComparisonYearIsReportYear(Rule):
    """An item compared with the report's own year where its siblings compare with the year before.

    What it checks:
        Comparisons written with their year (较2022年决算数增加…, 与2022年决算数持平): one that
        names the report's own year while at least two comparisons in the paragraphs around it
        name the year before with the same measure (决算数, 预算数 …) and none names the
        report's year. A comparison with a date within the year (2023年初) is not one.

    Why it matters:
        A figure cannot be compared with itself: the year was mistyped or carried over, and the
        claim (持平, 增加…) then speaks of a comparison the report never made.

    Example (flagged):
        ```text
        2023年度部门决算说明
        1、一般公共服务支出126.00万元，较2022年决算数增加6.00万元。
        2、公共安全支出58.00万元，较2022年决算数减少2.00万元。
        3、文化旅游体育与传媒支出15.00万元，与2023年决算数持平。
        ```

    Compliant:
        ```text
        2023年度部门决算说明
        1、一般公共服务支出126.00万元，较2022年决算数增加6.00万元。
        2、公共安全支出58.00万元，较2022年决算数减少2.00万元。
        3、文化旅游体育与传媒支出15.00万元，与2022年决算数持平。
        ```
    """

    code = "CLM014"
    name = "comparison-year-is-report-year"
    category = "claim"
    severity = "warning"
    message = "比较年份疑误：与{stated}比较，而前后各项均与{expected}比较（本报告为{year}年度）"

    def check(self, ctx: Context) -> Iterable[Result]:
        year = ctx.document.year
        if year is None:
            return
        paragraphs = [p for p in ctx.document.paragraphs() if str(year) in p.text or str(year - 1) in p.text]
        found = [[m for m in _comparison_year().finditer(p.text)] for p in paragraphs]
        least = _CLAIMS["comparison_year"]["min_siblings"]
        for i, p in enumerate(paragraphs):
            for m in found[i]:
                if int(m.group("year")) != year:
                    continue
                around = [
                    (int(o.group("year")), o.group("measure"))
                    for j in range(max(0, i - _NEIGHBOURS), min(len(paragraphs), i + _NEIGHBOURS + 1))
                    for o in found[j]
                    if o is not m
                ]
                prior = sum(1 for y, measure in around if y == year - 1 and measure == m.group("measure"))
                if prior < least or any(y == year for y, _ in around):
                    yield Outcome.passed()
                    continue
                yield self.finding(
                    ctx,
                    p.locate(m.start(), m.end()),
                    stated=f"{year}年{m.group('measure') or ''}",
                    expected=f"{year - 1}年{m.group('measure') or ''}",
                    year=year,
                )


class AmountAboveItsCeiling(Rule):
    """An amount said to be kept within a ceiling stated beside it is above that ceiling.

    What it checks:
        An amount followed in its sentence by 控制在…Y以内 (之内, 以下, 范围内) or 未超过/未超出 Y: the
        amount must not exceed Y. The amount is the one the sentence states before the verb, leaving
        out changes (比上年增加D) and, after 其中, the whole's parts (余额X，其中一般债务A，专项债务B，
        控制在限额Y以内: X is held to Y); a sentence of two such amounts, or a verb after a clause that
        names another subject (…，偏差控制在…), is left alone. Amounts and ceilings compare as
        intervals (each figure ± half its last digit), of one kind (money with money, rates with rates).

    Why it matters:
        The claim is a compliance statement (债务余额 within its 限额, "三公"经费 within its budget); a
        figure above its own ceiling means the figure, the ceiling or the claim is wrong.

    Example (flagged):
        ```text
        截至2023年底，本部门负责管理的政府债务余额3.80亿元，控制在限额3.50亿元以内。
        ```

    Compliant:
        ```text
        截至2023年底，本部门负责管理的政府债务余额3.20亿元，控制在限额3.50亿元以内。
        ```
    """

    code = "CLM015"
    name = "amount-above-its-ceiling"
    category = "claim"
    severity = "error"
    message = "称控制在{ceiling}以内，但{stated}超过该限额"

    def check(self, ctx: Context) -> Iterable[Result]:
        verbs, close, lead = _ceiling_words()
        for p in ctx.document.paragraphs():
            text = p.text
            if not any(v in text for v in _CLAIMS["within_ceiling"]["verbs"]):
                continue
            for m in verbs.finditer(text):
                ceiling = _ceiling_after(text, m, close)
                if ceiling is None:
                    continue
                kept = _kept_amount(text, m.start(), lead, ceiling.kind)
                if kept is None:
                    continue
                if kept.low is None or ceiling.high is None or kept.low <= ceiling.high:
                    yield Outcome.passed()
                    continue
                start = _sentence_start(text, m.start())
                yield self.finding(
                    ctx,
                    p.locate(start + kept.start, ceiling.end),
                    ceiling=ceiling.text,
                    stated=kept.text,
                    expected=f"≤ {ceiling.text}",
                )


@lru_cache(maxsize=1)
def _ceiling_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(the verbs, the words closing an open verb's ceiling, the words allowed between the amount's
    clause and the verb)."""
    words = _CLAIMS["within_ceiling"]
    return (
        re.compile(alternation(words["verbs"])),
        re.compile(rf"\s{{0,2}}(?:{alternation(words['close'])})"),
        re.compile(rf"[，,]?\s{{0,2}}(?:{alternation(words['adverbs'])})*\s{{0,2}}$"),
    )


# a comma between digits groups thousands (120,000元): no clause break
_CEILING_CLAUSE = re.compile(r"[，。；;：:]|,(?!\d)")


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(end, 0, at) for end in _SENTENCE_ENDS) + 1


def _ceiling_after(text: str, verb: re.Match[str], close: re.Pattern[str]) -> NumberMatch | None:
    """The first figure after the verb, within reach and in its clause; after 控制在 it must be closed
    by 以内 (之内…): 控制在年初预算以内，支出X is no ceiling of X."""
    reach = text[verb.end() : verb.end() + _CLAIMS["within_ceiling"]["reach"]]
    clause = _CEILING_CLAUSE.split(reach, maxsplit=1)[0]
    figures = [q for q in find_quantities(clause) if q.kind in ("money", "percent") and q.value is not None]
    if not figures:
        return None
    ceiling = figures[0]
    if verb.group() in _CLAIMS["within_ceiling"]["open_verbs"] and not close.match(clause, ceiling.end):
        return None
    return ceiling._replace(start=verb.end() + ceiling.start, end=verb.end() + ceiling.end)


def _kept_amount(text: str, at: int, lead: re.Pattern[str], kind: str) -> NumberMatch | None:
    """The one amount of the verb's sentence the claim is about (positions from the sentence's
    start), or None: the amounts before 其中 when the sentence lists parts, changes left out; the
    verb must follow an amount's clause with nothing but adverbs between."""
    start = _sentence_start(text, at)
    before = text[start:at]
    last_clause = _CEILING_CLAUSE.split(before)[-1]
    if not lead.fullmatch(last_clause) and not re.search(r"\d", last_clause):
        return None  # …，偏差控制在5%以内: the clause names another subject
    parts_at = before.find("其中")
    direction = cue_patterns().direction_alt
    figures = [
        q
        for q in find_quantities(before)
        if q.kind == kind
        and q.value is not None
        and (parts_at < 0 or q.end <= parts_at)
        and not re.search(rf"(?:{direction})\s{{0,2}}$", before[max(0, q.start - 6) : q.start])
    ]
    return figures[0] if len(figures) == 1 else None


class ReasonAgainstDirection(Rule):
    """A change explained by receipts or spending of its own side moving the other way.

    What it checks:
        A change stated with its direction (比上年增加Y, 增长Z%, 下降Z%) and explained at once
        (…，主要是…, 主要原因是…) by a short reason whose only direction word is the opposite one,
        right after a name of the same side as the changed amount (收入 for a receipt, 支出, 经费,
        费用 or 费 for spending): 政府性基金收入增长21.3%，主要是土地出让收入减少. A reason that also
        names the same way, ties itself to last year or to other causes (上年基数较低, 减收因素减少,
        影响, 抵消), names things of another kind (人员减少, 结余增加) or weighs several causes (over 40
        characters) is left alone, as are cancellations (CLM008).

    Why it matters:
        Receipts cannot grow because receipts fell, nor spending fall because spending rose: the
        direction word, the figure or the reason is wrong, and usually the direction word.

    Example (flagged):
        ```text
        2023年全县政府性基金收入完成8,650万元，比上年增长12.4%，主要是国有土地使用权出让收入减少。
        ```

    Compliant:
        ```text
        2023年全县政府性基金收入完成8,650万元，比上年下降12.4%，主要是国有土地使用权出让收入减少。
        ```
    """

    code = "CLM016"
    name = "reason-against-direction"
    category = "claim"
    severity = "warning"
    message = "称{change}，但原因说明为“{text}”（方向相反）"

    def check(self, ctx: Context) -> Iterable[Result]:
        words = _CLAIMS["reason_direction"]
        cue, up, down, base, named, changed = _reason_words()
        for sentences in ctx.sentences:
            if not sentences or cue.search(text := sentences[0].paragraph.text) is None:
                continue  # most paragraphs give no reason right after a figure
            for sentence in sentences:
                ends = {item.end: item for item in sentence.items}
                for opened in cue.finditer(text, sentence.start, sentence.end):
                    item = ends.get(_figure_end(text, opened.start(), sentence.start))
                    stated = (
                        changed.search(item.bare_gap)
                        if item is not None and item.kind in ("money", "percent") and not item.depth
                        else None
                    )
                    if stated is None:
                        continue
                    reason = _SENTENCE_END.split(text[opened.end() : sentence.end], maxsplit=1)[0].strip()
                    if not reason or len(reason) > words["max_chars"] or base.search(reason):
                        continue
                    same, other = (up, down) if up.fullmatch(stated.group("way")) else (down, up)
                    # the cheap tests first: most reasons name the same way, or no side moving the other
                    against = (
                        []
                        if same.search(reason)
                        else [m.group("name") for m in named.finditer(reason) if other.fullmatch(m.group("way"))]
                    )
                    side = _side_of(text[sentence.start : item.start], words["sides"]) if against else None
                    if side is None or all(_side_of(name, words["sides"]) != side for name in against):
                        yield Outcome.passed()
                        continue
                    yield self.finding(
                        ctx,
                        sentence.paragraph.locate(item.start, opened.end() + len(reason)),
                        change=without_spaces(stated.group("way") + item.quantity.text),
                        text=reason,
                        stated=reason,
                    )


def _figure_end(text: str, at: int, floor: int) -> int:
    """Where a figure right before ``at`` would end: a comma and a little white space may part them."""
    for _ in range(_REASON_LEAD):
        if at > floor and text[at - 1] in " \t\n，,":
            at -= 1
    return at


_REASON_LEAD = 5


@lru_cache(maxsize=1)
def _reason_words() -> tuple[re.Pattern[str], ...]:
    """(a reason opener, the up words, the down words, the words tying a
    reason to other causes, a side's name followed by a direction word, a direction word just before
    a figure)."""
    words = _CLAIMS["reason_direction"]
    sides = [w for names in words["sides"].values() for w in names]
    ways = alternation(words["up"] + words["down"])
    return (
        re.compile(rf"(?:{alternation(words['cues'])})[：:]?\s{{0,2}}"),
        re.compile(alternation(words["up"])),
        re.compile(alternation(words["down"])),
        re.compile(alternation(words["base"])),
        re.compile(rf"(?P<name>[^，,、；;。]{{0,12}}?(?:{alternation(sides)}))\s{{0,2}}的?(?P<way>{ways})"),
        re.compile(rf"(?P<way>{ways})(?:了|幅度为|幅度|为|达到|达)?\s{{0,2}}$"),
    )


def _side_of(text: str, sides: dict[str, list[str]]) -> str | None:
    """The side (receipts, spending) whose name ``text`` ends with, or names last."""
    at = {
        side: max(text.rfind(w) + len(w) for w in names if w in text)
        for side, names in sides.items()
        if any(w in text for w in names)
    }
    return max(at, key=at.__getitem__) if at else None


RULES = (
    NoDeviationClaimWithGap,
    NotCompletedClaimWithRateMet,
    CompletedClaimWithRateBelow,
    AllCompletedClaimWithShortfall,
    OnlyDecreaseClaimWithIncrease,
    BudgetComparisonWordWrong,
    ClaimDeniesIndicatorRate,
    ReasonDeniesIncrease,
    NilClaimWithAmount,
    PriorYearInCurrentStatement,
    DefinitionOfOtherCategory,
    FlatClaimWithChange,
    DirectionWordAgainstFigures,
    ComparisonYearIsReportYear,
    AmountAboveItsCeiling,
    ReasonAgainstDirection,
)
