"""Records of a performance self-evaluation: indicators, the funds (执行率) line, the totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checker.model import Location, Quantity

Source = Literal["table", "text"]


@dataclass(frozen=True, slots=True)
class Field:
    """One stated field: its text as written, where it is, and its figure when it has one."""

    text: str
    location: Location
    quantity: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """One performance indicator (三级指标) with everything the report states about it."""

    source: Source
    block: str
    name: str
    location: Location
    level1: str | None = None
    level2: str | None = None
    target: Field | None = None
    midyear: Field | None = None
    actual: Field | None = None
    rate: Field | None = None
    weight: Field | None = None
    score: Field | None = None
    score_rate: Field | None = None
    """得分率 stated beside the score: the score is then weight × this rate (权重10分，得分率96%，得分9.6分)."""
    reason: Field | None = None
    measure: Field | None = None
    blank: tuple[str, ...] = ()
    """Fields whose cell the form has but left empty (``actual``, ``score``), not even a “—”."""
    parts: tuple[tuple[Field | None, Field | None], ...] = ()
    """(年度指标值, 实际完成值) of the 其中 rows under the indicator (其中桃树种植面积 | 1.5亩 | 1.5亩)."""


@dataclass(frozen=True, slots=True)
class FundLine:
    """The 资金 line: 年初预算数, 全年预算数, 全年执行数, its weight, 执行率 and score."""

    label: str
    location: Location
    initial: Field | None = None
    budget: Field | None = None
    spent: Field | None = None
    weight: Field | None = None
    rate: Field | None = None
    score: Field | None = None
    blank: tuple[str, ...] = ()
    """Fields whose cell the form has but left empty (``rate``, ``score``)."""
    parts: tuple[tuple[Field | None, Field | None], ...] = ()
    """(全年预算数, 全年执行数) of the rows under the line (其中：本年财政拨款, 上年结转, 其他资金)."""


@dataclass(frozen=True, slots=True)
class Scorecard:
    """One self-evaluation: a 绩效自评表 or the indicator paragraphs of a narrative report."""

    source: Source
    block: str
    title: str
    location: Location
    indicators: tuple[Indicator, ...] = ()
    fund: FundLine | None = None
    total_weight: Field | None = None
    total_score: Field | None = None
    grade: Field | None = None
    blank_total: Location | None = None
    """The 总分/合计 row of the indicators when it states a total weight but no score."""
    cut: bool = False
    """The table ends on an indicator row holding words but no figure (成本指标 | 指标1: and no
    more): the copy broke off inside the block, so its rows are not all there to be summed; or a
    narrative weighs and scores lines no indicator was read from."""


@dataclass(frozen=True, slots=True)
class GradedScore:
    """A score stated next to its grade (得分 85, 自评结论 良; 综合得分97.96分，评价结果为“优”)."""

    score: Field
    grade: Field
    name: str
