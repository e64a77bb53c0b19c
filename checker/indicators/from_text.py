"""Scorecards read from narrative indicator paragraphs.

A narrative self-evaluation describes each indicator in one paragraph: its target (预期指标值
“≥15%” / 为大于等于 5 家), the mid-year value, the actual value, the completion rate, the
deviation reason, the weight (赋分权重20分 / 权重分值为 20 分) and the score (最终得分 / 自评得分).
Elsewhere it states the budget execution line (执行率为94.82%，得 9.48 分), the total score
with its grade (综合得分97.96分，评价结果为“优”).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from functools import lru_cache

from checker.indicators.model import Field, FundLine, GradedScore, Indicator, Scorecard
from checker.lexicon import alternation, load_yaml
from checker.memo import by_identity
from checker.model import Document, Paragraph
from checker.numbers import find_quantities
from checker.tables.cells import parse_figure

_NUM = r"[-+]?\d[\d,]*(?:\s*\.\s*\d+)?"


@lru_cache(maxsize=None)
def _value_pattern() -> str:
    """A comparator, a number and whatever follows it up to a break; ``_field`` trims the
    tail to the unit ``checker.numbers`` recognises (万平方米, 人次, 亿元 …)."""
    units = load_yaml("units.yaml")
    words_ops = [w for group in units["comparators"].values() for w in group]
    ops = "|".join(re.escape(w) for w in sorted(words_ops, key=len, reverse=True))
    return rf"(?:(?:{ops})\s*)?{_NUM}\s*[^\s，,。；;：:（(）)“”\"、]{{0,8}}"


def _field(par: Paragraph, m: re.Match, group: str = "v", unit: str | None = None) -> Field | None:
    start, end = m.span(group)
    raw = par.text[start:end]
    lead = len(raw) - len(raw.lstrip(' “"'))
    start += lead
    text = par.text[start:end].rstrip().rstrip('”"')
    if not text:
        return None
    if unit is not None:  # a value, not a reason: keep the figure and its unit only
        numbers = [q for q in find_quantities(text) if q.kind != "date"]
        if numbers and not re.search(r"\d", text[: numbers[0].start]):
            text = text[: numbers[0].end]
    end = start + len(text)
    location = par.locate(start, end)
    return Field(text, location, parse_figure(text, location, unit))


def _search(par: Paragraph, pattern: str, start: int = 0, unit: str | None = None) -> Field | None:
    m = re.compile(pattern).search(par.text, start)
    if not m:
        return None
    group = "q" if "q" in m.groupdict() and m.group("q") else "v"
    return _field(par, m, group, unit)


_TARGET_WORDS = ("预期指标值", "预期目标值", "预期值", "年度指标值", "年度目标值", "目标值")
_SCORE_RATE_WORDS = ("得分率", "得分比例", "得分系数")
_QUOTED = r"[“\"]\s*(?P<q>[^”\"]{1,30}?)\s*[”\"]"


def _kw(*words: str) -> str:
    """Keywords that may be broken by a wrapped line or a stray space (权重 分值, 改进措 施)."""
    return "(?:" + "|".join(r"\s*".join(map(re.escape, w)) for w in words) + ")"


@lru_cache(maxsize=None)
def _patterns() -> dict[str, str]:
    v = rf"(?P<v>{_value_pattern()})"
    be = r"\s*(?:为|是|达到)?\s*"
    return {
        "target": rf"(?<!完成)(?<!实际){_kw(*_TARGET_WORDS)}\s*(?:为|是)?\s*[：:]?\s*(?:{_QUOTED}|{v})",
        "midyear": rf"年中[^，,。；;]{{0,20}}?{_kw('完成值')}{be}{v}",
        "actual": rf"(?<!监控){_kw('实际完成值', '评价完成值', '实际完成')}{be}{v}",
        "actual_bare": rf"{_kw('完成值')}{be}{v}",
        "rate": rf"(?:指标)?{_kw('完成率', '完成比例')}{be}(?P<v>{_NUM}\s*[%％])",
        "weight": rf"{_kw('赋分权重', '权重分值', '分值权重', '指标权重', '权重', '分值')}{be}(?P<v>{_NUM})\s*分",
        "score": rf"{_kw('最终得分', '自评得分', '实际得分', '最终得', '得分', '得')}{be}(?P<v>{_NUM})\s*分",
        "score_rate": rf"{_kw(*_SCORE_RATE_WORDS)}{be}(?P<v>{_NUM}\s*[%％])",
        "reason": rf"{_kw('偏差原因')}(?:主要为|主要是|为|是)?\s*[：:]?\s*(?P<v>(?:(?!偏差原因)[^。])*?)"
        rf"(?=[，,；;]\s*(?:{_kw('改进措施')}|该指标|通过)|。|$)",
        "measure": rf"{_kw('改进措施')}\s*(?:为|是)?\s*[：:]?\s*(?P<v>[^。]*?)(?=[，,；;]\s*该指标|。|$)",
    }


_NAME = re.compile(
    # a line may open with its category (产出时效指标：资金拨付及时率目标值…): the name is what follows it
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?(?:[^，,：:“”\"。]{2,12}?指标\s*[：:]\s*(?=[^，,。]{2,40}?目标值))?"
    r"[“\"]?(?P<name>[^，,：:“”\"。]{2,40}?)[”\"]?"
    r"(?:指标)?\s*(?:[，,：:]\s*(?:该指标)?|(?=预期|年度指标|目标值))\s*(?:预期|年度指标值|年度目标值|目标值)"
)


# compiled once: every paragraph of a report is asked (a look-up in re's cache costs as much as the search)
_HAS_TARGET = re.compile("|".join(_TARGET_WORDS))
_HAS_RATE_OR_SCORE = re.compile(r"完成(?:率|比例)|得分|得\s*\d")
_HAS_ACTUAL = re.compile(r"完成值|实际完成")
_ACTUAL_MARK = "完成"
"""In every word of _HAS_ACTUAL: a substring test turns most paragraphs away before the three
patterns, which the regex engine tries at every character."""


def is_indicator_paragraph(text: str) -> bool:
    return bool(
        _ACTUAL_MARK in text
        and _HAS_TARGET.search(text)
        and _HAS_RATE_OR_SCORE.search(text)
        and _HAS_ACTUAL.search(text)
    )


def indicator_from_paragraph(par: Paragraph, tail: Paragraph | None = None) -> Indicator | None:
    """The indicator a paragraph describes; ``tail`` is the paragraph after it, read for the
    weight and score when a page break cut the paragraph in two."""
    text = par.text
    if not is_indicator_paragraph(text):
        return None
    name_match = _NAME.search(text)
    name = name_match.group("name").strip() if name_match else ""
    p = _patterns()
    target = _search(par, p["target"], unit="")
    after_target = target.location.end if target else 0
    actual = _search(par, p["actual"], after_target, unit="") or _bare_actual(par, after_target)
    weight = _search(par, p["weight"], unit="分")
    score = _last(par, p["score"], "分")
    if (
        weight is None
        and score is None
        and tail is not None
        and tail.heading is None
        and not is_indicator_paragraph(tail.text)
    ):
        weight, score = _search(tail, p["weight"], unit="分"), _last(tail, p["score"], "分")
    return Indicator(
        source="text",
        block=par.id,
        name=name or par.id,
        location=par.locate(),
        target=target,
        midyear=_search(par, p["midyear"], unit=""),
        actual=actual,
        rate=_search(par, p["rate"], unit="%"),
        weight=weight,
        score=score,
        score_rate=_score_rate(par, score),
        reason=_last(par, p["reason"]),
        measure=_last(par, p["measure"]),
    )


def _score_rate(par: Paragraph, score: Field | None) -> Field | None:
    """The 得分率 of a paragraph that weighs one line: with two weights the first is read as the
    weight and the last score as the score, and a rate beside either would pair lines up wrongly."""
    if score is None or not any(w in par.text for w in _SCORE_RATE_WORDS):
        return None
    p = _patterns()
    if len(re.compile(p["weight"]).findall(par.text)) != 1:
        return None
    return _last(par, p["score_rate"], "%")


def _bare_actual(par: Paragraph, start: int) -> Field | None:
    """A plain 完成值 (目标值12个，完成值10个) where no 实际完成值 is named: the first one whose
    clause is not about another period (年中绩效运行监控指标完成值15.6%, 上年完成值)."""
    other = load_yaml("scoring.yaml")["not_actual_clause_words"]
    for m in re.compile(_patterns()["actual_bare"]).finditer(par.text, start):
        clause = re.split(r"[，,。；;：:]", par.text[start : m.start()])[-1]
        if not any(w in clause for w in other):
            return _field(par, m, unit="")
    return None


def _last(par: Paragraph, pattern: str, unit: str | None = None) -> Field | None:
    """The last match: the score comes after the weight, and the indicator's own 偏差原因
    after any aside about the mid-year value."""
    matches = list(re.finditer(pattern, par.text))
    return _field(par, matches[-1], unit=unit) if matches else None


_FUND = re.compile(
    rf"执行率\s*(?:为|是|达到)?\s*(?P<rate>{_NUM}\s*[%％])\s*[，,]?"
    # the line's weight may stand between the rate and its score (执行率95%。该项分值10分，得分9.5分)
    rf"(?:\s*[，,。；;]?\s*(?:该项|该指标|本项)?(?:分值|权重|满分)\s*(?:为)?\s*{_NUM}\s*分\s*[，,]?)?"
    rf"\s*(?:得|得分)\s*(?:为)?\s*(?P<score>{_NUM})\s*分"
)
_FUND_MARK = "执行率"
"""In every match of _FUND and _FUND_RATE_ONLY: paragraphs without it are not scanned."""
_FUND_RATE_ONLY = re.compile(rf"(?:全年|整体|部门整体)(?:部门)?预算执行率\s*(?:为|是|达到)?\s*(?P<rate>{_NUM}\s*[%％])")
_BUDGET = re.compile(rf"(?:全年)?预算(?:金额|数|总额)?\s*(?:为|是)\s*(?P<v>{_NUM}\s*(?:亿元|万元|元))")
_SPENT = re.compile(rf"执行(?:金额|数)\s*(?:为|是)\s*(?P<v>{_NUM}\s*(?:亿元|万元|元))")
_TOTAL_MARK = "分"
"""In every match of _total() (its score words and its 分): paragraphs without it are not scanned."""


@lru_cache(maxsize=1)
def _total() -> re.Pattern[str]:
    words = alternation(load_yaml("scoring.yaml")["graded_total_words"])
    # the stretch up to the sentence's end names no other total: the grade then opening the next
    # sentence is this score's, not a second unit's (甲自评得分85分，乙自评得分92分。等级为优)
    other = rf"(?:(?!{words})[^。])"
    grade_word = r"(?:(?:评价结果|评价等级|等级|结果|结论|评定)\s*(?:为|是|[:：])|评为|属于)"
    return re.compile(
        rf"(?:{words})\s*(?:为|是)?\s*(?P<score>{_NUM})\s*分"
        # the grade close after the score with no other total between (总分100分，自评得分95分，等级为优: the
        # grade is the 自评得分's, 总分 the full marks), or after the lines of it the sentence lists (其中：…得分x分，
        # …), where the grade's clause names no line (…，满意度评价结果为良 grades the line)
        rf"(?:{other}{{0,20}}?|\s*[，,；;]?\s*其中[^。]{{0,160}}?[，,；;]\s*(?:自评|绩效|综合|总体|整体|最终|被)?"
        # …or opening the sentence right after the score's (…预算执行得分9.5分。自评等级为“优”。), where only the
        # evaluation's own words may stand before it (满意度调查结果为良 grades a survey)
        rf"|{other}{{0,200}}。\s*(?:本项目|该项目|本部门|本单位|本次)?(?:自评|绩效|综合|总体|整体|最终|评价)?)"
        rf"{grade_word}"
        r"\s*[“\"「]?(?P<grade>[优良中差][秀好等]?|合格|不合格)"
    )


def _fund_line(doc: Document) -> FundLine | None:
    best = None
    for par in doc.paragraphs():
        if _FUND_MARK not in par.text:
            continue
        m = _FUND.search(par.text)
        if m:
            loc = par.locate(m.start(), m.end())
            head = par.text[: m.start()]
            budget = list(_BUDGET.finditer(head))
            spent = list(_SPENT.finditer(head))
            return FundLine(
                label="预算执行率",
                location=loc,
                budget=_field(par, budget[-1]) if budget else None,
                spent=_field(par, spent[-1]) if spent else None,
                rate=_field(par, m, "rate", "%"),
                score=_field(par, m, "score", "分"),
            )
        m = _FUND_RATE_ONLY.search(par.text)
        if m and best is None:
            best = FundLine(
                label="预算执行率", location=par.locate(m.start(), m.end()), rate=_field(par, m, "rate", "%")
            )
    return best


@by_identity(maxsize=2)  # read by the scorecard and by the grade rule
def graded_sentences(doc: Document) -> tuple[GradedScore, ...]:
    out = []
    for par in doc.paragraphs():
        if _TOTAL_MARK not in par.text:
            continue
        for m in _total().finditer(par.text):
            out.append(GradedScore(_field(par, m, "score", "分"), _field(par, m, "grade"), "综合得分"))
    return tuple(out)


_CLAUSE_MARK = re.compile(r"[，,。；;]")
_MAX_STRETCHES = 60
"""Indicators one paragraph may state one after another (a report states a handful). Each stretch
is a copy of the paragraph blanked before it, so that offsets still point at the same place: a
paragraph of thousands of targets (a report flattened into one line) would be copied thousands of
times, and is read as one paragraph instead."""


def _stretches(par: Paragraph) -> list[Paragraph]:
    """The indicators a paragraph states one after another, each with its own target, actual and
    completion rate (…数量目标值是28次，实际完成值为40次，目标完成率为143%，…服务人次目标值是500人，实际
    完成值为1700人，目标完成率为340%): one paragraph per indicator, each the stretch from the clause
    that names it to the next one's, the text before it blanked so that every offset still points
    at the same place. A paragraph of one indicator, or whose targets do not each come with their own
    actual and rate (or score), is itself; a target without them in its stretch (a header run into the text:
    目标值实际完成值完成率) is no indicator of its own."""
    p = _patterns()
    targets = list(re.compile(p["target"]).finditer(par.text))
    if not 2 <= len(targets) <= _MAX_STRETCHES:
        return [par]
    # each stretch opens after the last clause mark before its target, found by bisection: a look
    # back per target re-read the paragraph when no mark stood near
    cuts = [m.end() for m in _CLAUSE_MARK.finditer(par.text)]
    starts = [cuts[k - 1] if (k := bisect_right(cuts, m.start())) else 0 for m in targets]
    bounds = list(zip(starts, starts[1:] + [len(par.text)]))
    own = (re.compile(p["actual"]), re.compile(p["actual_bare"]), re.compile(p["rate"]), re.compile(p["score"]))
    # a stretch states its own completion rate, or its own score when the writer gives no rate (…，实际完成520人，
    # 权重10分，得分10分；巩固率目标值…)
    whole = [
        (a, b)
        for (a, b), m in zip(bounds, targets)
        if (own[0].search(par.text, m.end(), b) or own[1].search(par.text, m.end(), b))
        and (own[2].search(par.text, m.end(), b) or own[3].search(par.text, m.end(), b))
    ]
    if len(whole) < 2:
        return [par]
    return [dataclasses.replace(par, text=" " * a + par.text[a:b]) for a, b in whole]


def _unread_weights(par: Paragraph, read: int, fund: FundLine | None) -> bool:
    """The paragraph weighs and scores more lines than were read from it as indicators (a cost
    line that states no actual value, two indicators where one has no 实际完成): the card misses them."""
    if not any(w in par.text for w in _WEIGHT_MARKS) or (fund is not None and fund.location.block == par.id):
        return False
    p = _patterns()
    weights = len(re.compile(p["weight"]).findall(par.text))
    return weights > read and re.search(p["score"], par.text) is not None


_WEIGHT_MARKS = ("权重", "分值")
"""One stands in every match of the weight pattern (unbroken): the paragraphs of a report without
either, nearly all, are not scanned."""


def scorecard_from_text(doc: Document) -> Scorecard | None:
    indicators = []
    paragraphs = list(doc.paragraphs())
    fund = _fund_line(doc)
    cut = False
    for i, par in enumerate(paragraphs):
        tail = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        read = 0
        for stretch in _stretches(par) if is_indicator_paragraph(par.text) else [par]:
            ind = indicator_from_paragraph(stretch, tail)
            if ind is not None:
                indicators.append(ind)
                read += ind.weight is not None
        cut = cut or _unread_weights(par, read, fund)
    if not indicators and (fund is None or fund.score is None):
        return None
    graded = graded_sentences(doc)
    total = graded[-1] if graded else None
    first = indicators[0].location if indicators else fund.location
    return Scorecard(
        source="text",
        block=first.block,
        title=doc.unit or "整体支出绩效",
        location=first,
        indicators=tuple(indicators),
        fund=fund,
        total_score=total.score if total else None,
        grade=total.grade if total else None,
        cut=cut,
    )
