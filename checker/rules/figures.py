"""Shared helpers for arithmetic rules: a quantity as an interval, shown as the report shows it."""

from __future__ import annotations

from decimal import Decimal

from checker.arith import Interval, fmt
from checker.model import Location, Quantity
from checker.numbers import scale
from checker.statements.sentences import Item


def interval(q: Quantity, sign: int = 1) -> Interval:
    """The quantity's interval in base units (元 for money, percentage points for percent)."""
    return -q.interval if sign < 0 else q.interval


def in_unit(q: Quantity, unit: str | None, sign: int = 1) -> Interval:
    """The interval expressed in ``unit`` (万元 …), for messages in the report's own terms."""
    factor = scale(unit) if q.kind == "money" else Decimal(1)
    iv = interval(q, sign)
    return Interval(iv.low / factor, iv.high / factor, iv.nominal / factor)


def decimals_in(q: Quantity, unit: str | None) -> int:
    """The decimals ``q`` needs in ``unit`` to show what it states: 520万元 in 亿元 is 0.0520, 1.06亿元 in
    万元 is 10600 (shown with its own decimals in a larger unit, 520万元 would read 0)."""
    if q.kind != "money" or unit is None or q.unit is None or unit == q.unit:
        return q.decimals
    return max(0, q.decimals + (scale(unit) / scale(q.unit)).adjusted())


def shown(q: Quantity, unit: str | None = None) -> str:
    """The figure as written (in ``unit`` when given, with the decimals it needs there)."""
    value = in_unit(q, unit if unit is not None else q.unit).nominal
    return fmt(value, decimals_in(q, unit))


def span(first: Item, last: Item, sentence) -> Location:
    return sentence.paragraph.locate(min(first.start, last.start), max(first.end, last.end))


def loc(item: Item, sentence) -> Location:
    return sentence.paragraph.locate(item.start, item.end)
