"""Formula search: stated rates that no assembled statement reads."""

from __future__ import annotations

from typing import Iterable

from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.figures import interval, loc
from checker.statements import UnreadRate
from checker.statements.formulas import search


class UnexplainedRate(Rule):
    """A stated growth or budget rate that no formula over the amounts around it reproduces.

    What it checks:
        A percentage stated as a growth rate (同比增长Z%, 降幅Z%) or a budget rate (执行率,
        完成预算的Z%) that no change or rate statement reads is searched for: a ratio a ÷ b or
        a growth (a − b) ÷ b of two amounts of its sentence, then of its paragraph, that gives
        it within the precision shown. A rate so explained passes. One that stays unexplained
        is noted (info) and counted as uncertain, never as an error: the report may have used
        figures it does not state.

    Why it matters:
        It shows which of a report's rates were not recomputed, so a reviewer knows where the
        arithmetic was left unchecked instead of taking silence for agreement.

    Example (flagged):
        ```text
        本年度一般公共预算支出300.00万元，主要用于人员经费，同比增长12.00%。
        ```

    Compliant:
        ```text
        本年度一般公共预算支出300.00万元，上年度为250.00万元，两者比较同比增长20.00%。
        ```
    """

    code = "FRM001"
    name = "unexplained-rate"
    category = "arith.ratio"
    severity = "info"
    message = "比率未能由上下文金额复算：文中为{stated}，同句及同段金额均不能得出（计为不确定）"

    def check(self, ctx: Context) -> Iterable[Result]:
        for unread in ctx.statements:
            if not isinstance(unread, UnreadRate):
                continue
            q = unread.rate.quantity
            stated = interval(q)
            found = any(
                search(stated, q.decimals, [interval(i.quantity) for i in scope])
                for scope in (unread.sentence_amounts, unread.paragraph_amounts)
                if len(scope) >= 2
            )
            if found:
                yield Outcome.passed()
            else:
                yield Outcome.uncertain(self.finding(ctx, loc(unread.rate, unread.sentence), stated=q.text.strip()))


RULES = (UnexplainedRate,)
