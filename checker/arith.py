"""Decimal intervals: what a displayed number stands for, and arithmetic that keeps it honest.

A figure shown with d decimals stands for every value that rounds to it, the closed interval
v ± ½·10⁻ᵈ. Sums, differences, products and quotients of such intervals are intervals; a relation
a report asserts is contradicted only when the stated interval and the recomputed one do not
overlap. Each interval also carries its ``nominal`` value (the figure as stated, or the result of
the arithmetic on stated figures) so a review note can show the ordinary recomputation and say
when agreement needed the rounding slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from enum import Enum
from functools import lru_cache
from typing import Union

Number = Union["Interval", Decimal, int, str]

HUNDRED = Decimal(100)

MAX_DIGITS = 60
"""Significant digits the interval arithmetic keeps. Every figure of a real report has fewer than
20; a literal longer than this is refused where it is read (``numbers``), so within the limit the
sums, differences and products of figures are exact and a quotient is correct to 34 digits."""

DECIMAL_CONTEXT = Context(
    prec=2 * MAX_DIGITS + 4,
    rounding=ROUND_HALF_EVEN,
    Emax=10 * MAX_DIGITS,
    Emin=-10 * MAX_DIGITS,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""One bounded context for all interval arithmetic, whatever the thread's context: the default
(28 digits) made quantize raise InvalidOperation on a 30-digit amount and stop a rule. The
operations call its methods (``_ADD(a, b)``) rather than switch the thread's context for each one:
the same results, without a ``localcontext`` entered and left tens of thousands of times a check."""

_QUOTIENT_CONTEXT = DECIMAL_CONTEXT.copy()
_QUOTIENT_CONTEXT.prec = 34
_ADD, _SUBTRACT, _MULTIPLY = DECIMAL_CONTEXT.add, DECIMAL_CONTEXT.subtract, DECIMAL_CONTEXT.multiply
_DIVIDE = _QUOTIENT_CONTEXT.divide


def _dec(value: Decimal | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def half_unit(decimals: int) -> Decimal:
    """Half a unit in the last displayed place: 0.005 for two decimals, 0.5 for none."""
    return Decimal(5).scaleb(-(decimals + 1))


def decimals_of(text: str) -> int:
    """Displayed decimals of a numeric literal ("1,206.50" → 2, "46" → 0)."""
    digits = text.strip().rstrip("%％")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


@dataclass(frozen=True, slots=True, init=False)
class Interval:
    """A closed interval ``[low, high]`` with the value a reader would compute (``nominal``,
    the midpoint unless given)."""

    low: Decimal
    high: Decimal
    nominal: Decimal

    def __init__(self, low: Decimal, high: Decimal, nominal: Decimal | None = None) -> None:
        if low > high:
            raise ValueError(f"empty interval [{low}, {high}]")
        # A check builds tens of thousands of intervals: the slots are filled through their own
        # descriptors, which a frozen dataclass's generated __init__ (object.__setattr__ per
        # field, then __post_init__) takes about half as long again to do.
        _SET_LOW(self, low)
        _SET_HIGH(self, high)
        _SET_NOMINAL(self, (low + high) / 2 if nominal is None else nominal)

    @classmethod
    def stated(cls, value: Decimal | int | str, decimals: int | None = None, scale: Decimal | int = 1) -> "Interval":
        """The interval a displayed figure stands for, in units of ``scale`` (万元 → 10000).

        ``decimals`` defaults to the decimals the literal shows when ``value`` is a string.
        """
        if decimals is None:
            decimals = decimals_of(value) if isinstance(value, str) else _exponent_decimals(_dec(value))
        v = _dec(str(value).replace(",", "") if isinstance(value, str) else value)
        h = half_unit(decimals)
        s = _dec(scale)
        return cls(_MULTIPLY(_SUBTRACT(v, h), s), _MULTIPLY(_ADD(v, h), s), _MULTIPLY(v, s))

    @classmethod
    def exact(cls, value: Decimal | int | str) -> "Interval":
        v = _dec(value)
        return cls(v, v, v)

    # -- arithmetic ------------------------------------------------------------------------
    def __add__(self, other: Number) -> "Interval":
        o = as_interval(other)
        return Interval(_ADD(self.low, o.low), _ADD(self.high, o.high), _ADD(self.nominal, o.nominal))

    __radd__ = __add__

    def __sub__(self, other: Number) -> "Interval":
        o = as_interval(other)
        return Interval(_SUBTRACT(self.low, o.high), _SUBTRACT(self.high, o.low), _SUBTRACT(self.nominal, o.nominal))

    def __rsub__(self, other: Number) -> "Interval":
        return as_interval(other) - self

    def __neg__(self) -> "Interval":
        return Interval(-self.high, -self.low, -self.nominal)

    def __mul__(self, other: Number) -> "Interval":
        if not isinstance(other, Interval):
            # a plain number (× 100 for percentage points, most products): the products of an exact
            # interval of it, which repeats each of these two, without making that interval
            v = _dec(other)
            low, high = _MULTIPLY(self.low, v), _MULTIPLY(self.high, v)
            return Interval(min(low, high), max(low, high), _MULTIPLY(self.nominal, v))
        o = other
        products = (
            _MULTIPLY(self.low, o.low),
            _MULTIPLY(self.low, o.high),
            _MULTIPLY(self.high, o.low),
            _MULTIPLY(self.high, o.high),
        )
        return Interval(min(products), max(products), _MULTIPLY(self.nominal, o.nominal))

    __rmul__ = __mul__

    def __truediv__(self, other: Number) -> "Interval":
        """Quotient; raises ZeroDivisionError when the divisor's interval contains zero,
        because the quotient is then unbounded and nothing can be concluded."""
        o = as_interval(other)
        if o.low <= 0 <= o.high:
            raise ZeroDivisionError("divisor interval contains zero")
        quotients = (
            _DIVIDE(self.low, o.low),
            _DIVIDE(self.low, o.high),
            _DIVIDE(self.high, o.low),
            _DIVIDE(self.high, o.high),
        )
        return Interval(min(quotients), max(quotients), _DIVIDE(self.nominal, o.nominal))

    def __rtruediv__(self, other: Number) -> "Interval":
        return as_interval(other) / self

    # -- comparison ------------------------------------------------------------------------
    def overlaps(self, other: Number) -> bool:
        o = as_interval(other)
        return self.low <= o.high and o.low <= self.high

    def contains(self, value: Decimal | int | str) -> bool:
        v = _dec(value)
        return self.low <= v <= self.high

    def contains_zero(self) -> bool:
        return self.low <= 0 <= self.high

    @property
    def width(self) -> Decimal:
        return self.high - self.low

    def scaled(self, factor: Decimal | int) -> "Interval":
        return self * Interval.exact(factor)

    def __str__(self) -> str:
        return f"[{self.low.normalize():f}, {self.high.normalize():f}]"


_SET_LOW = Interval.__dict__["low"].__set__
_SET_HIGH = Interval.__dict__["high"].__set__
_SET_NOMINAL = Interval.__dict__["nominal"].__set__


def _exponent_decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def as_interval(value: Number) -> Interval:
    if isinstance(value, Interval):
        return value
    return Interval.exact(value)


def total(values: "list[Interval] | tuple[Interval, ...]") -> Interval:
    out = Interval.exact(0)
    for v in values:
        out = out + v
    return out


def percent(part: Number, whole: Number) -> Interval:
    """part ÷ whole in percentage points (raises ZeroDivisionError when whole may be zero)."""
    return as_interval(part) / as_interval(whole) * HUNDRED


def growth(current: Number, delta: Number) -> Interval:
    """Growth rate in percentage points from the current value and the change:
    delta ÷ (current − delta). Raises ZeroDivisionError when the prior value may be zero."""
    c, d = as_interval(current), as_interval(delta)
    prior = c - d
    return d / prior * HUNDRED


def growth_from_values(current: Number, prior: Number) -> Interval:
    """(current − prior) ÷ prior in percentage points."""
    c, p = as_interval(current), as_interval(prior)
    return (c - p) / p * HUNDRED


class Agreement(Enum):
    """How a stated figure relates to the recomputed interval."""

    EXACT = "exact"  # the recomputation, rounded as displayed, gives the stated figure
    ROUNDING = "rounding"  # consistent only within the precision the figures display
    TRUNCATION = "truncation"  # consistent only if the report cut digits off instead of rounding
    MISMATCH = "mismatch"  # the intervals do not overlap: the numbers cannot all be right

    @property
    def consistent(self) -> bool:
        return self is not Agreement.MISMATCH


def agreement(stated: Interval, computed: Interval, decimals: int) -> Agreement:
    """Compare a stated figure (shown with ``decimals``) with a recomputed interval."""
    if round_to(computed.nominal, decimals) == round_to(stated.nominal, decimals):
        return Agreement.EXACT
    if stated.overlaps(computed):
        return Agreement.ROUNDING
    # Truncation keeps the digits shown and drops the rest (toward zero), so the true value
    # lies up to one unit in the last place further from zero than the figure.
    # The far end is open: a value of exactly one unit more keeps that digit when cut (20 is
    # printed 20, never 19), so only a value short of it can be shown truncated.
    unit = Decimal(1).scaleb(-decimals)
    v = stated.nominal
    if v >= 0 and v <= computed.high and computed.low < v + unit:
        return Agreement.TRUNCATION
    if v < 0 and v - unit < computed.high and computed.low <= v:
        return Agreement.TRUNCATION
    return Agreement.MISMATCH


def round_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(_quantum(decimals), rounding=ROUND_HALF_UP, context=DECIMAL_CONTEXT)


@lru_cache(maxsize=None)
def _quantum(decimals: int) -> Decimal:
    """10⁻ᵈ, the exponent ``round_to`` rounds to: a handful of values asked for thousands of times."""
    return Decimal(1).scaleb(-decimals, context=DECIMAL_CONTEXT)


def fmt(value: Decimal, decimals: int) -> str:
    """A value rounded half-up to ``decimals`` places, as a report would print it."""
    return format(round_to(value, decimals), "f")


def fmt_interval(interval: Interval, decimals: int) -> str:
    return f"[{fmt(interval.low, decimals)}, {fmt(interval.high, decimals)}]"
