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


def shown(q: Quantity, unit: str | None = None) -> str:
    """The figure as written (in ``unit`` when given, keeping its displayed decimals)."""
    value = in_unit(q, unit if unit is not None else q.unit).nominal
    return fmt(value, q.decimals)


def span(first: Item, last: Item, sentence) -> Location:
    return sentence.paragraph.locate(min(first.start, last.start), max(first.end, last.end))


def loc(item: Item, sentence) -> Location:
    return sentence.paragraph.locate(item.start, item.end)
