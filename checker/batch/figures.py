"""科目 figures a report states with their change against last year, for the prior-year check.

"一般公共服务支出（类）…行政运行（项）：支出决算数为 7001.18 万元，比上年决算减少 457.68 万元"
says this year's figure and, through the change, last year's: 7001.18 + 457.68 = 7458.86 万元.
The same 科目 in the unit's own report of last year must agree. Subjects are the words before the
figure with numbering, the year and the generic figure label removed, so the two years' reports,
cleaned the same way, meet on the same key.
"""

from __future__ import annotations

import re
from decimal import Decimal

from checker.rules.base import Context
from checker.numbers import scale

KINDS = ("final_accounts", "budget")
"""Reports that state 科目 figures against last year's; self-evaluations compare with targets."""

_LEAD = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）.、．]|第[一二三四五六七八九十]+[项条])+")
_YEAR = re.compile(r"\d{4}年度?")
_TAIL = re.compile(
    r"[:：，,]?(?:本年度?|全年)?(?:财政拨款)?(?:支出|收入)?(?:决算数?|预算数?|合计|总计|金额)?"
    r"(?:为|是|达到?|共计)?$"
)
_CLAUSE_BREAK = re.compile(r"[，,。；;]")
_BRACKETS = str.maketrans("（）【】", "()[]")  # reports mix full- and half-width brackets


def subject_of(text: str) -> str | None:
    """The 科目 a figure belongs to, from the words before it; None when they are not a name."""
    words = _YEAR.sub("", re.sub(r"\s+", "", text)).translate(_BRACKETS)
    words = _LEAD.sub("", words)
    words = _TAIL.sub("", words)
    if len(words) < 4 or _CLAUSE_BREAK.search(words) or re.search(r"\d", words):
        return None
    return words


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def prior_year_figures(context: Context) -> list[dict]:
    """One row per stated change of a named money figure: the subject, this year's interval and
    the interval of last year's value it implies (in 元), with the displayed arithmetic.

    Takes the checked document's rule context (``Report.context``) so the statements the rules
    found are reused, not recomputed."""
    if context.document.kind not in KINDS:
        return []
    from checker.statements import Change

    out = []
    for change in context.statements:
        if not isinstance(change, Change) or change.current is None or change.delta is None:
            continue
        current, delta = change.current.quantity, change.delta.quantity
        if (
            current.kind != "money"
            or delta.kind != "money"
            or None in (current.low, current.high, delta.low, delta.high)
        ):
            continue
        sentence = change.sentence
        subject = subject_of(sentence.paragraph.text[sentence.start : change.current.start])
        if subject is None:
            continue
        sign = change.delta_dir
        prior_low = current.low - (delta.high if sign > 0 else -delta.low)
        prior_high = current.high - (delta.low if sign > 0 else -delta.high)
        factor = scale(current.unit)
        shown = (current.value - sign * delta.value) / factor
        arithmetic = (
            f"{_plain(current.value / factor)} {'−' if sign > 0 else '+'} "
            f"{_plain(delta.value / factor)} = {_plain(shown)}{current.unit or ''}"
        )
        loc = sentence.locate(change.current.start, change.current.end)
        out.append(
            {
                "subject": subject,
                "current": current.text,
                "prior": arithmetic,
                "current_low": str(current.low),
                "current_high": str(current.high),
                "prior_low": str(prior_low),
                "prior_high": str(prior_high),
                "line": loc.line,
                "block": loc.block,
                "start": loc.start,
                "end": loc.end,
                "excerpt": sentence.text[:200],
            }
        )
    return out
