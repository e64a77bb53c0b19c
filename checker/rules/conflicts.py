"""The same labelled amount stated with different values in different places."""

from __future__ import annotations

from typing import Iterable

from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.figures import interval, loc, shown
from checker.statements import Equality


class ValueConflict(Rule):
    """The same amount is given different values in different places.

    What it checks:
        Amounts that open a sentence under the same label (部门整体支出, 收入总计, "三公"经费
        支出 …; a leading 全年/本年度 is ignored) must agree wherever the report states them; so
        must amounts further on in a sentence under a label of ten characters or more (二是支付
        以前年度基础设施项目资金 …; a leading 一是/二是 is ignored).
        Labels that take three or more values are generic (every line item has a 支出决算数)
        and are not compared.

    Why it matters:
        When one report gives two figures for the same thing, usually one of them is the
        budget and the other the spending, and the reader cannot tell which sentence is right.

    Example (flagged):
        ```text
        本单位部门整体支出为820.00万元，其中：基本支出300.00万元，项目支出520.00万元。

        本单位全年部门整体支出760.00万元，预算执行率为92.68%。
        ```

    Compliant:
        ```text
        本单位部门整体支出为760.00万元，其中：基本支出300.00万元，项目支出460.00万元。

        本单位全年部门整体支出760.00万元，预算执行率为92.68%。
        ```
    """

    code = "CNF001"
    name = "value-conflict"
    category = "value.conflict"
    severity = "warning"
    confidence = "aligned"
    message = "同一项目前后数值不一致：“{label}”在第{first_line}行为{first}，此处为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for eq in ctx.statements:
            if not isinstance(eq, Equality):
                continue
            first, first_sentence = eq.places[0]
            reference = interval(first.quantity)
            for item, sentence in eq.places[1:]:
                if interval(item.quantity).overlaps(reference):
                    yield Outcome.passed()
                    continue
                unit = item.quantity.unit
                first_loc = loc(first, first_sentence)
                yield self.finding(ctx, loc(item, sentence), label=eq.label, first_line=first_loc.line,
                                   first=first.quantity.text.strip(), stated=item.quantity.text.strip(),
                                   expected=f"{shown(first.quantity, unit)}{unit or ''}", related=(first_loc,))


RULES = (ValueConflict,)
