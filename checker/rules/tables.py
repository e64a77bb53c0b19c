"""Table rules: the sums a table's layout asserts, and its per-row execution rates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

from checker.arith import HUNDRED, Interval, agreement, fmt, total
from checker.model import Quantity
from checker.rules.base import Context, Outcome, Result, Rule
from checker.tables.cells import MONEY_SCALE
from checker.tables.notation import grid_text
from checker.tables.sums import SumRelation, change_relations, table_relations

T = TypeVar("T")
_CELL_ID = re.compile(r"(.+r\d+)c\d+")


def memo(ctx: Context, key: str, compute: Callable[[], T]) -> T:
    """A value several rules of one family read, computed once per checked document (it lives
    on the context, so nothing outlives the check)."""
    store = ctx.__dict__.setdefault("_family_memo", {})
    if key not in store:
        store[key] = compute()
    return store[key]


def _relations(ctx: Context) -> list:
    return memo(ctx, "table_relations", lambda: [table_relations(t) for t in ctx.document.tables()])


def _amount(q) -> str:
    return q.text.strip() or "0"


class TableRule(Rule):
    """A rule whose docstring examples hold tables written as ``| a | b |`` rows."""

    @classmethod
    def examples(cls) -> tuple[str, str]:
        # the examples write tables as "| a | b |" rows (tabs do not survive a docstring)
        flagged, compliant = super().examples()
        return grid_text(flagged), grid_text(compliant)


class TableSumMismatch(TableRule):
    """A table's total does not equal the sum of the rows or columns it totals.

    What it checks:
        * 功能分类 code tree: a 类 (201) row equals the sum of its 款 (20106) rows, a 款 the sum
          of its 项 (2010601) rows, and the 合计 row the sum of the 类 rows, in every money column;
          a 合计 over rows coded a level below 类 with no 类 row above them (30101, 30102 …) is the sum
          of the top-level rows shown, and as the table may be an excerpt a mismatch is a warning;
        * a 合计/小计 column equals the columns it heads (合计 | 基本支出 | 项目支出; under a
          multi-level header, 合计 = 因公出国 + 公务用车/小计 + 公务接待, per 预算数/决算数);
        * a statement's 本年收入合计 equals its 一、二、… rows, and 总计 that 合计 plus the
          rows between (年初结转和结余), each panel of a side-by-side layout on its own;
        * a total row opening a block (年度资金总额) equals the rows under it, leaving out a
          part's 其中 sub-items (其中：公务用车购置费, 公务用车运行维护费 under 公务用车购置及运行维护费)
          and the items numbered one level below the parts (2、公务接待费, then 1）国内接待费);
          every money column on its own, last year's too;
        * a part whose 其中 rows name all it is made of (an identity of ``lexicons/identities.yaml``
          marked ``table_rows``)
          equals them; a 其中 that lists only some of its parts is not checked.
        Sums are compared as intervals (each figure ± half a unit of its last digit); a part whose
        cell holds words instead of a figure leaves the check uncertain, never a finding. A mismatch
        found through row labels rather than codes or a two-level header is a warning, unless
        one part alone is larger than its total (年度资金总额 0 above 其中：本年财政拨款 90).
        One slip of a total row is one finding: when the row was left 0 in several columns, or each
        column's total is another column's sum (the row copied one column over), the finding stands
        at the first column and shows every column's sum, the other totals among its related places.
    Why it matters:
        Tables are the figures of record; a total that its parts do not make up means a typo in
        a cell or a row missing from the table.
    Example (flagged):
        ```text
        支出决算表（单位：万元）
        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | 201 | 一般公共服务支出 | 150.00 | 100.00 | 50.00 |
        | 20101 | 人大事务 | 90.00 | 60.00 | 30.00 |
        | 20103 | 政府办公厅（室）及相关机构事务 | 70.00 | 40.00 | 20.00 |
        ```
    Compliant:
        ```text
        支出决算表（单位：万元）
        | 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
        | 201 | 一般公共服务支出 | 150.00 | 100.00 | 50.00 |
        | 20101 | 人大事务 | 90.00 | 60.00 | 30.00 |
        | 20103 | 政府办公厅（室）及相关机构事务 | 60.00 | 40.00 | 20.00 |
        ```
    """

    code = "TBL001"
    name = "table-sum-mismatch"
    category = "arith.sum"
    severity = "error"
    message = "表内合计与明细之和不符（{what}，{measure}）：{expr} = {expected}，表中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for sums, _ in _relations(ctx):
            failed: list[_Mismatch] = []
            for rel in sums:
                if rel.unreadable:
                    yield Outcome.uncertain()
                    continue
                value = total([p.interval for p in rel.parts])
                decimals = max([rel.total.decimals] + [p.decimals for p in rel.parts])
                if agreement(rel.total.interval, value, rel.total.decimals).consistent:
                    yield Outcome.passed()
                    continue
                # a shortfall of parts that run to the table's end may be rows on the next page
                certain = rel.structural and not (rel.open_end and value.high < rel.total.low)
                # however its rows were matched up, no total is smaller than one of its parts
                larger = [p for p in rel.parts if p.low > rel.total.high and all(q.low >= 0 for q in rel.parts)]
                certain = certain or bool(larger) and not rel.open_end
                # values are in 元; show the sum in the unit the table states
                shown = value.nominal / MONEY_SCALE.get(rel.total.unit or "元", 1)
                failed.append(_Mismatch(rel, fmt(shown, decimals), certain))
            for slip in _one_slip_each(failed, sums):
                yield from self._report(ctx, slip)

    def _report(self, ctx: Context, slip: list[_Mismatch]) -> Iterable[Result]:
        """One finding for the mismatches one slip of a total row makes, naming every column."""
        first = slip[0]
        rel = first.rel
        what = {
            "tree": f"科目 {rel.total_name} = 下级科目 {'、'.join(rel.names)}",
            "row": f"行 {rel.total_name}",
            "column": f"{rel.total_name} = {'、'.join(rel.names)}",
        }[rel.kind]
        certain = any(m.certain for m in slip)
        message = None
        if len(slip) > 1:
            columns = "；".join(
                f"{m.rel.measure} {_sum_text(m.rel)} = {m.expected}，表中为 {m.rel.total.text}" for m in slip
            )
            cause = "合计行各列均为 0" if _left_zero(rel) else "各列合计为另一列明细之和"
            message = f"表内合计与明细之和不符（{what}，{cause}）：{columns}"
        finding = self.finding(
            ctx,
            rel.total.location,
            message=message,
            what=what,
            measure=rel.measure,
            expr=_sum_text(rel),
            expected=first.expected,
            stated=rel.total.text,
            severity="error" if certain else "warning",
            # the other columns' totals, then every column's parts
            related=[m.rel.total.location for m in slip[1:]] + [p.location for m in slip for p in m.rel.parts],
        )
        yield finding if certain else Outcome.uncertain(finding)
        for _ in slip[1:]:  # the other columns' checks failed too, reported within this finding
            yield Outcome("fail")


@dataclass(frozen=True)
class _Mismatch:
    rel: SumRelation
    expected: str
    certain: bool


def _sum_text(rel: SumRelation) -> str:
    return " + ".join(_amount(p) for p in rel.parts)


def _row_of(q: Quantity) -> str:
    """The table row a cell's figure stands in (cell ids read ``t1r2c3``)."""
    m = _CELL_ID.fullmatch(q.location.block)
    return m.group(1) if m else q.location.block


def _row_and_parts(rel: SumRelation) -> tuple[str, str, tuple[str, ...]]:
    return rel.total_name, _row_of(rel.total), tuple(_row_of(p) for p in rel.parts)


def _left_zero(rel: SumRelation) -> bool:
    return rel.total.value == 0


def _one_slip_each(failed: list[_Mismatch], sums: list[SumRelation]) -> list[list[_Mismatch]]:
    """The mismatches grouped by their cause: the columns of one total row over the same rows of
    parts are one slip when that row was left 0 (or blank) in each of them, or when each column's
    total is the sum of another column's parts (the row copied one column over). Any other
    mismatch is a slip of its own."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[_Mismatch]] = {}
    for m in failed:
        if m.rel.kind != "row":  # a total down a column: its row holds the other columns' totals
            groups.setdefault(_row_and_parts(m.rel), []).append(m)
    merged: dict[int, list[_Mismatch]] = {}
    for key, members in groups.items():
        sums_here = [r for r in sums if not r.unreadable and r.kind != "row" and _row_and_parts(r) == key]
        zero = [m for m in members if _left_zero(m.rel)]
        shifted = [m for m in members if not _left_zero(m.rel) and _sum_of_another(m, sums_here)]
        for slip in (zero, shifted):
            if len(slip) > 1:
                merged[id(slip[0])] = slip
                merged.update({id(m): [] for m in slip[1:]})
    return [slip for slip in (merged.get(id(m), [m]) for m in failed) if slip]


def _sum_of_another(m: _Mismatch, sums: list[SumRelation]) -> bool:
    return any(
        r.total.location.block != m.rel.total.location.block
        and agreement(m.rel.total.interval, total([p.interval for p in r.parts]), m.rel.total.decimals).consistent
        for r in sums
    )


class TableRateMismatch(TableRule):
    """A 执行率 cell of a table is not its row's 执行数 ÷ 预算数.

    What it checks:
        In a table with 预算数, 执行数 and rate columns (a list of projects, a funds table, a
        budget-against-outturn table), every row's rate (执行率, 完成率, 完成年初预算%, 为调整预算% …)
        is recomputed as 执行数 ÷ 预算数 and compared as an interval; a rate that names its budget
        (年初, 调整) is measured from that budget's column.
    Why it matters:
        A rate that does not follow from its own row is a typo or a stale figure.
    Example (flagged):
        ```text
        项目执行情况表
        | 序号 | 名称 | 当年预算数（元） | 全年执行数（元） | 预算执行率（%） |
        | 1 | 办公设备购置 | 200,000 | 150,000 | 80.00 |
        ```
    Compliant:
        ```text
        项目执行情况表
        | 序号 | 名称 | 当年预算数（元） | 全年执行数（元） | 预算执行率（%） |
        | 1 | 办公设备购置 | 200,000 | 150,000 | 75.00 |
        ```
    """

    code = "TBL002"
    name = "table-rate-mismatch"
    category = "arith.ratio"
    severity = "error"
    message = "“{row}”执行率与本行数字不符：{expr} = {expected}，表中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for _, ratios in _relations(ctx):
            for rel in ratios:
                try:
                    value = rel.numerator.interval / rel.denominator.interval * HUNDRED
                except ZeroDivisionError:
                    yield Outcome.not_applicable()
                    continue
                if agreement(rel.rate.interval, value, rel.rate.decimals).consistent:
                    yield Outcome.passed()
                    continue
                yield self.finding(
                    ctx,
                    rel.rate.location,
                    row=rel.row_name,
                    expr=f"{rel.numerator.text} ÷ {rel.denominator.text} × 100%",
                    expected=f"{fmt(value.nominal, max(rel.rate.decimals, 2))}%",
                    stated=rel.rate.text,
                    related=[rel.numerator.location, rel.denominator.location],
                )


class TableChangeMismatch(TableRule):
    """A table's change column does not follow from its own row.

    What it checks:
        In a table that sets this year's amount beside last year's (columns headed by the two
        years, 2024年决算数 | 2023年决算数, or by 本年 and 上年) and states the change (增减额,
        增减率/增减幅度), every row's 增减额 is recomputed as this year − last year and its 增减率
        as that difference ÷ last year, compared as intervals. A change written without a sign is
        held to the size of the difference; a signed one (−12.40) to its direction as well. A row
        with an empty year cell is left alone. The same with the years as rows (2023年 | 2024年 |
        2024年比2023年增减%) and the items as columns.
    Why it matters:
        The change columns are what readers quote; one that its own row does not give is a typo
        or a figure left from an earlier draft.
    Example (flagged):
        ```text
        “三公”经费决算对比表
        | 项目 | 2024年决算数 | 2023年决算数 | 增减额 | 增减率 |
        | 公务接待费 | 6.30 | 5.60 | 0.90 | 12.50% |
        ```
    Compliant:
        ```text
        “三公”经费决算对比表
        | 项目 | 2024年决算数 | 2023年决算数 | 增减额 | 增减率 |
        | 公务接待费 | 6.30 | 5.60 | 0.70 | 12.50% |
        ```
    """

    code = "TBL003"
    name = "table-change-mismatch"
    category = "arith.growth"
    severity = "error"
    message = "“{row}”的{what}与本行数字不符：{expr} = {expected}，表中为 {stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        relations = memo(
            ctx, "change_relations", lambda: [r for t in ctx.document.tables() for r in change_relations(t)]
        )
        for rel in relations:
            diff = rel.current.interval - rel.prior.interval
            expr = f"{_amount(rel.current)} − {_amount(rel.prior)}"
            if rel.delta is not None:
                stated = rel.delta.interval
                held = diff if rel.delta.text.strip().startswith(("-", "−")) else _size(diff)
                yield self._compare(ctx, "增减额", rel, stated, held, rel.delta, expr, rel.delta.decimals)
            if rel.rate is not None:
                try:
                    value = diff / rel.prior.interval * HUNDRED
                except ZeroDivisionError:
                    yield Outcome.not_applicable()
                    continue
                held = value if rel.rate.text.strip().startswith(("-", "−")) else _size(value)
                yield self._compare(
                    ctx,
                    "增减率",
                    rel,
                    rel.rate.interval,
                    held,
                    rel.rate,
                    f"({expr}) ÷ {_amount(rel.prior)} × 100%",
                    max(rel.rate.decimals, 2),
                    percent=True,
                )

    def _compare(self, ctx, what, rel, stated, computed, cell, expr, decimals, percent=False) -> Result:
        if agreement(stated, computed, cell.decimals).consistent:
            return Outcome.passed()
        shown = fmt(computed.nominal / (1 if percent else MONEY_SCALE.get(cell.unit or "元", 1)), decimals)
        return self.finding(
            ctx,
            cell.location,
            row=rel.row_name,
            what=what,
            expr=expr,
            expected=f"{shown}%" if percent else shown,
            stated=cell.text.strip(),
            related=[rel.current.location, rel.prior.location],
        )


def _size(value: Interval) -> Interval:
    """A change written without its sign: its size."""
    return -value if value.nominal < 0 else value


RULES = (TableSumMismatch, TableRateMismatch, TableChangeMismatch)
