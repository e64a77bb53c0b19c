"""Recomputing what a self-evaluation states: completion rates by direction, scores, grades.

Values are ``checker.arith`` intervals. Weights and targets are set, not measured, so they are
exact; actual values, rates and scores stand for the interval their displayed digits allow,
except a whole count of things (3份), which is exact too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from checker.arith import HUNDRED, Interval
from checker.indicators.model import Field, Indicator
from checker.lexicon import load_yaml
from checker.model import Quantity

Direction = Literal["positive", "reverse", "qualitative"]
_MULTIPLIER_HEAD = ("万", "亿", "千", "百")


@lru_cache(maxsize=None)
def policy(name: str = "default") -> dict:
    """The scoring policy named ``name`` (falls back to "default" for an unknown name)."""
    policies = load_yaml("scoring.yaml")["policies"]
    return dict(policies.get(name) or policies["default"])


def stated(q: Quantity) -> Interval:
    # 1份, 12家: a whole number of things is counted, not rounded (1.2万人 and 3万人次 are)
    if q.kind == "count" and q.decimals == 0 and not (q.unit or "").startswith(_MULTIPLIER_HEAD):
        return Interval.exact(q.value)
    return q.interval


def at_finest_precision(scores: list[Quantity]) -> list[Interval]:
    """Line scores of one list read at the list's finest precision: a writer who prints one line
    as 9.5 would print 45.6 as 45.6, so a whole 46 beside it stands for 45.95–46.05, not 45.5–46.5.
    A sum that fails only at this precision is less sure than one that fails as printed."""
    places = max(q.decimals for q in scores)
    return [Interval.stated(q.value, max(q.decimals, places)) for q in scores]


def exact(q: Quantity) -> Interval:
    return Interval.exact(q.value)


def figure(field: Field | None) -> Quantity | None:
    if field is None or field.quantity is None or field.quantity.value is None:
        return None
    return field.quantity


@dataclass(frozen=True)
class Rate:
    """A recomputed completion rate (percent) and how it was obtained."""

    value: Interval
    expr: str
    direction: Direction
    certain: bool  # False when the direction had to be guessed (an "=" cost target)
    other: Interval | None = None  # the other direction's rate, when the direction was guessed


def _words(key: str) -> tuple[str, ...]:
    return tuple(load_yaml("scoring.yaml")[key])


def names_reverse(text: str) -> bool:
    """The words name an indicator where less is better (a cost, a time, complaints)."""
    return any(word in text for word in _words("reverse_name_words"))


def reverse_rate_named(text: str) -> bool:
    """The words name a completion rate that such an indicator may state as target ÷ actual."""
    return any(word in text for word in _words("reverse_rate_words"))


def direction(ind: Indicator) -> tuple[Direction, bool]:
    """Positive (more is better), reverse (a ceiling: cost, time) or qualitative; and whether
    the report's own comparator settles it."""
    target = figure(ind.target)
    if target is None:
        return "qualitative", True
    if target.op in ("<=", "<"):
        return "reverse", True
    if target.op in (">=", ">"):
        return "positive", True
    context = f"{ind.level2 or ''}{ind.name}"
    if target.kind == "percent" and target.value == HUNDRED:
        return "positive", True  # 及时率/准确率 = 100%: more is better up to the target
    if names_reverse(context) or "成本" in (ind.level1 or ""):
        return "reverse", False
    return "positive", True


def comparable(a: Quantity, b: Quantity) -> bool:
    """Both in the same measure (values are in base units, so 万人 and 人 compare)."""
    if a.kind != b.kind:
        return False
    if a.kind in ("money", "percent"):
        return True
    return (a.unit or "").lstrip("".join(_MULTIPLIER_HEAD)) == (b.unit or "").lstrip("".join(_MULTIPLIER_HEAD))


def recompute_rate(ind: Indicator) -> Rate | None:
    """actual ÷ target (positive) or target ÷ actual (reverse), in percent; None when the
    figures are missing, not comparable, or a divisor may be zero."""
    target, actual = figure(ind.target), figure(ind.actual)
    if target is None or actual is None or not comparable(target, actual):
        return None
    way, certain = direction(ind)
    t, a = target.text.lstrip("=<>≤≥≦≧＝﹦"), actual.text.lstrip("=")
    try:
        forward = stated(actual) / exact(target) * HUNDRED
    except ZeroDivisionError:
        forward = None
    try:
        backward = exact(target) / stated(actual) * HUNDRED
    except ZeroDivisionError:
        backward = None
    if way == "reverse":
        if backward is None:
            return None
        return Rate(backward, f"{t} ÷ {a}", way, certain, None if certain else forward)
    if forward is None:
        return None
    return Rate(forward, f"{a} ÷ {t}", way, certain)


def met_as_shown(rate: Rate, ind: Indicator) -> Interval:
    """``rate`` for scoring, at least 100% when the figures as printed meet the target (≥95 and
    95, ≤10 and 8): the scoring rule gives full marks to a met target, and reading the actual
    as any value its digits round from must not turn a printed 100 into 99.5% of the weight."""
    target, actual = figure(ind.target), figure(ind.actual)
    if not rate.certain or target is None or actual is None:
        return rate.value
    met = actual.value <= target.value if rate.direction == "reverse" else actual.value >= target.value
    if not met:
        return rate.value
    v = rate.value
    return Interval(max(v.low, HUNDRED), max(v.high, HUNDRED), max(v.nominal, HUNDRED))


def qualitative_rate(ind: Indicator) -> Decimal | None:
    """100 when a qualitative actual reads as full achievement, 0 when as none, else None."""
    if ind.actual is None or figure(ind.actual) is not None:
        return None
    text = ind.actual.text.strip().lstrip("=")
    if any(text.startswith(w) or text == w for w in _words("partial_achievement_words")):
        return None
    if any(w in text for w in _words("no_achievement_words")):
        return Decimal(0)
    if any(w in text for w in _words("full_achievement_words")):
        return HUNDRED
    return None


def clamp_rate(rate: Interval, cap: Decimal) -> Interval:
    """min(max(rate, 0), cap): a negative result scores nothing, above the cap scores full."""
    low = min(max(rate.low, Decimal(0)), cap)
    high = min(max(rate.high, Decimal(0)), cap)
    nominal = min(max(rate.nominal, Decimal(0)), cap)
    return Interval(low, high, nominal)


def expected_score(weight: Decimal, rate: Interval, cap: Decimal) -> Interval:
    return clamp_rate(rate, cap) * Interval.exact(weight) / HUNDRED


def grade_bands() -> tuple[tuple[str, Decimal], ...]:
    return tuple((name, Decimal(str(low))) for name, low in load_yaml("scoring.yaml")["grades"])


def grade_names() -> tuple[str, ...]:
    """The other words reports name the grades by (优秀, 合格, 不合格)."""
    return tuple(load_yaml("scoring.yaml")["grade_synonyms"])


def normal_grade(text: str) -> str | None:
    word = text.strip().strip("“”\"'")
    synonyms = load_yaml("scoring.yaml")["grade_synonyms"]
    if word in synonyms:
        return synonyms[word]
    return word if word in {name for name, _ in grade_bands()} else None


def grade_for(score: Decimal) -> str:
    """The grade a score earns. The stated score is graded as written: a grade is assigned
    from the score the report prints, not from what its rounding could hide."""
    for name, low in grade_bands():
        if score >= low:
            return name
    return grade_bands()[-1][0]
