"""The same labelled amount stated with different values in different places."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from checker.arith import Interval
from checker.lexicon import alternation
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.figures import interval, loc, shown
from checker.statements import Change, Equality
from checker.statements.cues import cues
from checker.structure import section_titles


class ValueConflict(Rule):
    """The same amount is given different values in different places.

    What it checks:
        Amounts that open a sentence under the same label (部门整体支出, 收入总计, "三公"经费
        支出 …; a leading 全年/本年度 is ignored) must agree wherever the report states them; so
        must amounts further on in a sentence under a label of ten characters or more (二是支付
        以前年度基础设施项目资金 …; a leading 一是/二是 is ignored).
        Labels that take three or more values are generic (every line item has a 支出决算数)
        and are not compared, nor are amounts named by 涉及/对应 and a measure word only (涉及资金
        after 涉密项目0个, again after 9个项目评为优秀: each time what was just counted); nor are
        two sections in which three or more names take other values (the same school levels under
        two measures): they list different things; nor
        two amounts of two budget books (一般公共预算 and 政府性基金预算, as the paragraph or its
        headings name them last before the amount): each book has its own 上级转移支付收入; nor
        two amounts of two years (the year the label names, or else the one its sentence names
        last before it, not after 较/比: 2010年…预算中，A X万元 and 2011年…预算中，A Y万元); nor
        two amounts whose sentences cite two different documents before them (《…通知》下达资金X
        and 《…另一通知》下达资金Y): each document makes its own allocation; nor two amounts each
        right after a count of another group (初中生均补助2033人，补助经费X; 高中生均补助2516人，补助
        经费Y): each is the money of the group just counted; nor two amounts whose sentences name two
        units before the year (市旅游委2015年…决算数X, 市食药监局2015年…决算数Y): each unit's own.

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
        conflicts = []
        for eq in ctx.statements:
            if not isinstance(eq, Equality):
                continue
            books = eq.books or ("",) * len(eq.places)
            stages = eq.stages or ("",) * len(eq.places)
            documents = eq.documents or ("",) * len(eq.places)
            counted = eq.counted or ("",) * len(eq.places)
            owners = eq.owners or ("",) * len(eq.places)
            for k in range(1, len(eq.places)):
                item, sentence = eq.places[k]
                if books[k] and books[0] and books[k] != books[0]:
                    continue  # 一般公共预算 and 政府性基金预算 each have their own 上级转移支付收入
                if documents[k] and documents[0] and documents[k] != documents[0]:
                    continue  # two documents cited, two allocations (《A通知》下达资金X，《B通知》下达资金Y)
                if owners[k] and owners[0] and owners[k] != owners[0]:
                    continue  # two units named before the year (市旅游委2015年…X，市食药监局2015年…Y)
                # the 收入总计 of the year-start budget, of the adjusted one and of the outturn are three
                # amounts: each is compared with the first of its own stage
                j = next((j for j in range(k) if _same_stage(stages[j], stages[k])), None)
                if j is None or counted[k] and counted[j] and counted[k] != counted[j]:
                    continue  # (or 初中生均补助2033人，补助经费X; 高中生均补助2516人，补助经费Y: of two groups counted)
                first, first_sentence = eq.places[j]
                if interval(item.quantity).overlaps(interval(first.quantity)):
                    yield Outcome.passed()
                else:
                    conflicts.append((eq, first, first_sentence, item, sentence))
        section = section_titles(ctx.document)
        # 一、幼儿园A 小学B 初中C … then 二、幼儿园A' 小学B' 初中C' …: when three or more names of one
        # section take other values in another, the two sections measure different things
        # (生均教育经费, then 生均事业费), and none of the values is a slip
        per_pair = Counter((section.get(f.paragraph.id), section.get(s.paragraph.id)) for *_, f, _, s in conflicts)
        for eq, first, first_sentence, item, sentence in conflicts:
            if per_pair[section.get(first_sentence.paragraph.id), section.get(sentence.paragraph.id)] >= _PARALLEL:
                yield Outcome.uncertain()
                continue
            unit = item.quantity.unit
            first_loc = loc(first, first_sentence)
            yield self.finding(
                ctx,
                loc(item, sentence),
                label=eq.label,
                first_line=first_loc.line,
                first=first.quantity.text.strip(),
                stated=item.quantity.text.strip(),
                expected=f"{shown(first.quantity, unit)}{unit or ''}",
                related=(first_loc,),
            )


_PARALLEL = 3


def _same_stage(a: str, b: str) -> bool:
    return not (a and b and a != b)


class ChangeOfSameAmountConflict(Rule):
    """One amount is said to have changed by different amounts in different places.

    What it checks:
        Changes against the prior year stated for the same current amount (the same figure, of
        five or more significant digits, so that two amounts do not agree by chance): the stated
        increases or decreases must agree, as the prior-year figure is one. Receipts and
        spending (收入 vs 支出) are kept apart, as they may differ in the prior year; a change
        against 年初预算 is not compared with one against the prior year, nor one against a year
        named (比2021年度) with one against another (the year before the report's is the prior year).

    Why it matters:
        Two different changes of one amount give two different prior-year figures; at least one
        of them was copied from another line or an earlier draft.

    Example (flagged):
        ```text
        2024年财政拨款收入预算15,208.37万元，比上年增加1,102.40万元。

        2024年财政拨款收入预算15,208.37万元，较上年增加1,120.40万元，主要是人员经费增加。
        ```

    Compliant:
        ```text
        2024年财政拨款收入预算15,208.37万元，比上年增加1,102.40万元。

        2024年财政拨款收入预算15,208.37万元，较上年增加1,102.40万元，主要是人员经费增加。
        ```
    """

    code = "CNF002"
    name = "change-of-same-amount-conflict"
    category = "value.conflict"
    severity = "warning"
    confidence = "aligned"
    message = "同一金额{amount}的增减额前后不一致：他处为{first}，此处为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        merged = not _other_funds(ctx)
        # only changes of the same amount, against the same base and over the same funds, are
        # compared (a long report states thousands of changes), each change read once
        same_amount: dict[tuple[Decimal | None, str, str], list[tuple[Change, set[str], Interval]]] = {}
        for later in ctx.statements:
            if not isinstance(later, Change):
                continue
            current = _current(later)
            if current is None or later.delta is None or later.delta.kind != "money":
                continue
            sides, signed = _sides(later, current), _signed(later)
            key = (current.quantity.value, _base(later, ctx.document.year), _scope(later, current, merged))
            before = same_amount.setdefault(key, [])
            earlier = [(c, c_signed) for c, c_sides, c_signed in before if c_sides & sides]
            before.append((later, sides, signed))
            if not earlier:
                continue
            disagreeing = [c for c, c_signed in earlier if not c_signed.overlaps(signed)]
            if not disagreeing or len(disagreeing) < len(earlier):
                yield Outcome.passed()
                continue
            first = disagreeing[0]
            unit = later.delta.quantity.unit
            yield self.finding(
                ctx,
                loc(later.delta, later.sentence),
                amount=current.quantity.text.strip(),
                first=first.delta.quantity.text.strip(),
                stated=later.delta.quantity.text.strip(),
                expected=f"{shown(first.delta.quantity, unit)}{unit or ''}",
                related=tuple(loc(c.delta, c.sentence) for c in disagreeing),
            )


def _distinctive(text: str) -> bool:
    return len(re.sub(r"\D", "", text).lstrip("0")) >= 5


def _signed(change: Change) -> Interval:
    return interval(change.delta.quantity, change.delta_dir or 1)


def _current(change: Change):
    """The amount that changed: in the change's clause, or (与上年相比，…增加X opening the next
    sentence) the nearest amount before it; only a figure distinctive enough to identify it."""
    current = change.current
    if (
        current is None
        and change.fallback
        and _names_again(change.delta.gap, re.split(r"[，,；;。]", change.fallback[0].gap)[-1])
    ):
        current = change.fallback[0]
    if current is None or current.kind != "money" or not _distinctive(current.quantity.text):
        return None
    return current


_ECHO = 4


def _names_again(gap: str, label: str) -> bool:
    """The change's own words repeat the amount's name (…总预算X。与上年相比，…收、支总计各增加)."""
    return any(label[k : k + _ECHO] in gap for k in range(len(label) - _ECHO + 1))


def _sides(change: Change, current) -> set[str]:
    """收入 and 支出 of one fund may both be X this year and differ in the prior year
    (``current`` is the change's ``_current`` amount)."""
    label = re.split(r"[，,；;。]", current.gap)[-1] + change.delta.gap
    sides = {side for side, word in (("in", "收"), ("out", "支")) if word in label}
    return sides or {"in", "out"}


def _base(change: Change, year: int | None) -> str:
    """比年初预算 / 比上年预算 / 比上年 (the prior year's outturn) are three different bases, and a
    year named after the comparison word (比2021年度增加Y beside 比2022年度增加X in a report of 2023)
    another, unless it is the year before the report's."""
    gap = change.delta.gap
    named = _compared_year().findall(gap)
    if named and (year is None or int(named[-1]) != year - 1):
        return named[-1]
    if "年初" in gap:
        return "年初"
    if re.search(r"上年(?:度)?预算", gap):
        return "上年预算"
    # 比人代会预算数增加X beside 比2021年实际完成数减少Y: the budget the adjustment changes is a base of its own
    return "预算" if _compared_budget().search(gap) else "上年"


@lru_cache(maxsize=1)
def _compared_budget() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues()['compare']['prefixes'])})[^，,；;。]{{0,8}}预算")


@lru_cache(maxsize=1)
def _compared_year() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues()['compare']['prefixes'])})\s{{0,2}}((?:19|20)\d\d)\s{{0,2}}年")


_FUNDS = (
    ("一般公共预算", "一般公共预算"),
    ("政府性基金", "政府性基金"),
    ("国有资本经营", "国有资本经营"),
    ("财政拨款", "财政拨款"),
)


def _scope(change: Change, current, merged: bool) -> str:
    """The funds an amount covers (``current``, the change's ``_current`` amount): all of them
    (总计), 财政拨款, or one budget. With no other fund in the report, 财政拨款 is the 一般公共预算
    in both years."""
    label = current.gap + change.delta.gap
    scope = next((name for word, name in _FUNDS if word in label), "全部")
    return "一般公共预算" if merged and scope == "财政拨款" else scope


_OTHER_FUND = re.compile(r"政府性基金|国有资本经营")


def _other_funds(ctx: Context) -> bool:
    """The report states a non-zero amount of a fund other than the 一般公共预算."""
    return any(
        item.kind == "money" and item.quantity.value and _OTHER_FUND.search(item.gap)
        for sents in ctx.sentences
        for sentence in sents
        for item in sentence.items
    )


RULES = (ValueConflict, ChangeOfSameAmountConflict)
