"""Reading one table cell as one number: ``=207.60亿元``, ``>=90%``, ``1,206.50``, ``99.87分``, ``-``.

A table cell holds at most one figure, so the whole cell is matched (unlike prose, where
figures are searched for inside sentences). A bare number takes its unit from the column
header or the table caption (单位：万元); the value is kept in base units (元 for money,
percentage points for percent) with the interval its displayed precision stands for.
"""

from __future__ import annotations

import re
from decimal import Decimal, getcontext
from functools import lru_cache

from checker.model import Cell, Location, Quantity
from checker.numbers import quantities_in

MONEY_SCALE: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "千万元": Decimal(10_000_000),
    "亿元": Decimal(100_000_000),
}

_UNIT_IN_HEADER = re.compile(
    r"[（(]\s*(亿元|千万元|万元|千元|元|%|％|分)\s*[)）]|单位\s*[：:]\s*(亿元|千万元|万元|千元|元)"
)
_SCORE_WORDS = ("得分", "权重", "分值")
EMPTY_MARKS = frozenset({"", "-", "—", "--", "——", "/", "—/—", "0.00-", "－", "无"})


def header_unit(label: str) -> str | None:
    """The unit a header or caption states: （万元）, (元), 执行率(%), 单位：万元."""
    m = _UNIT_IN_HEADER.search(label)
    if m:
        unit = m.group(1) or m.group(2)
        return "%" if unit == "％" else unit
    if label.rstrip().endswith(("率", "%")):
        return "%"
    if any(word in label for word in _SCORE_WORDS):
        return "分"
    return None


def money_unit(unit: str | None) -> bool:
    return unit in MONEY_SCALE


def is_empty(text: str) -> bool:
    return text.strip() in EMPTY_MARKS


def cell_quantity(cell: Cell, default_unit: str | None = None) -> Quantity | None:
    """The figure a cell states, or None when the cell is text (or empty).

    ``default_unit`` is the unit its column (or table) gives bare numbers.
    """
    figure = _figure(cell.text, default_unit, getcontext().prec)
    return None if figure is None else Quantity(*figure[:7], cell.locate(), *figure[7:])


def is_figure(text: str) -> bool:
    """Whether a cell of this text states a figure (``cell_quantity`` would read one): the table
    readers ask it of every cell of every row, and need no Quantity or location for that."""
    return _figure(text, None, getcontext().prec) is not None


def parse_figure(text: str, location: Location, default_unit: str | None = None) -> Quantity | None:
    """The one figure ``text`` consists of (a comparator or approximation word may surround it),
    or None when the text is a label, a date, empty, or holds several numbers."""
    figure = _figure(text, default_unit, getcontext().prec)
    return None if figure is None else Quantity(*figure[:7], location, *figure[7:])


@lru_cache(maxsize=65536)
def _figure(text: str, default_unit: str | None, precision: int) -> tuple | None:
    """``parse_figure`` without the location, as Quantity's fields in order (text … high, op,
    approx): the table readers ask for the same cells many times, and the number finder is the
    costly part. ``precision`` (the decimal context's, which scales the value) is part of the key
    so that a cached figure is the one this context would compute."""
    matches = quantities_in(text, cell=True)
    if len(matches) != 1 or matches[0].kind == "date":
        return None
    m = matches[0]
    before = text[: m.start].strip(" \t\n“”\"'")
    after = text[m.end :].strip(" \t\n“”\"'")
    if before and m.op is None and m.approx is None or after and after != m.approx:
        return None  # words around the number: a sentence or a label, not a figure
    kind, unit, value, low, high = m.kind, m.unit, m.value, m.low, m.high
    if kind == "number" and default_unit:
        unit = default_unit
        if default_unit in MONEY_SCALE:
            kind, factor = "money", MONEY_SCALE[default_unit]
            value, low, high = value * factor, low * factor, high * factor
        elif default_unit == "%":
            kind = "percent"
        else:
            kind = "quantity"
    return (text.strip(), kind, value, unit, m.decimals, low, high, m.op, m.approx)
