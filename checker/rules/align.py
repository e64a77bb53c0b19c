"""Prose ↔ table rules: a figure in the text must restate the table cell it names."""

from __future__ import annotations

from typing import Iterable

from checker.align import align
from checker.rules.base import Context, Outcome, Result
from checker.rules.tables import TableRule


class ProseTableMismatch(TableRule):
    """A figure in the text names a table row but states a different value.

    What it checks:
        Every money figure in the prose is aligned with the table cells: first by value
        (intervals overlapping after unit scaling), then by label (rapidfuzz similarity of
        canonical labels; a table's 合计/总计 row is named after its caption, 执行数 = 实际支出 =
        决算数). A figure whose label names a cell (same period and measure) while no cell of
        that name has its value is reported; a label equal to the cell's is an error, a close
        one a warning; a 合计 row answers to its name without 合计, and a figure whose sentence
        names no measure is held to the report's own (决算数 in a 决算, a warning). Figures that a
        small formula over cells reproduces are not reported unless the cell of their very name
        says otherwise (a warning: its parts or that cell are wrong). A plain rate of an indicator
        (疫苗接种率达到96.8%) is held to the indicator table's actual value for that row, not its
        target bound (a warning).
    Why it matters:
        The text is read more than the tables; a figure restated wrongly misinforms the reader
        even when the tables are right.
    Example (flagged):
        ```text
        收入支出决算总表（单位：万元）
        | 收入 | | 支出 | |
        | 项目 | 决算数 | 项目 | 决算数 |
        | 一、一般公共预算财政拨款收入 | 1,250.40 | 一、一般公共服务支出 | 1,250.40 |
        | 总计 | 1,250.40 | 总计 | 1,250.40 |
        本单位2024年度收入支出总计1,205.40万元。
        ```
    Compliant:
        ```text
        收入支出决算总表（单位：万元）
        | 收入 | | 支出 | |
        | 项目 | 决算数 | 项目 | 决算数 |
        | 一、一般公共预算财政拨款收入 | 1,250.40 | 一、一般公共服务支出 | 1,250.40 |
        | 总计 | 1,250.40 | 总计 | 1,250.40 |
        本单位2024年度收入支出总计1,250.40万元。
        ```
    """

    code = "ALN001"
    name = "prose-table-mismatch"
    category = "table"
    severity = "error"
    confidence = "aligned"
    message = "文中“{label}”为 {stated}，与表中“{cell_label}”{expected}不符（标签相似度 {score:.0f}）"

    def check(self, ctx: Context) -> Iterable[Result]:
        result = align(ctx.document, ctx.quantities)
        for _ in result.alignments:
            yield Outcome.passed()
        for _ in result.derivations:
            yield Outcome.passed()
        for conflict in result.conflicts:
            cell = conflict.cell
            unit = cell.unit or ""
            shown = cell.text if cell.text.endswith(unit) else f"{cell.text}{unit}"
            yield self.finding(
                ctx,
                conflict.prose.location,
                label=conflict.prose_label,
                stated=conflict.prose.text,
                cell_label=conflict.cell_label,
                expected=shown,
                score=conflict.score,
                severity="error" if conflict.exact else "warning",
                related=[conflict.cell.location],
            )


RULES = (ProseTableMismatch,)
