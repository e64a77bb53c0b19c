"""Finds deviation explanations and ties each to the thing it explains and that thing's numbers.

Prose: 偏差原因（分析）…：, 主要原因是/为…, 决算数大于/小于预算数的主要原因…, 改进措施：…
Tables: the column headed 偏差原因（分析及改进措施）, tied to the row's 三级指标 and 完成率.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Literal

from checker.arith import round_to
from checker.indicators import find_indicators
from checker.indicators.scoring import recompute_rate
from checker.model import Document, Location, Paragraph, fast_init
from checker.numbers import find_quantities, jump_search

Direction = Literal["over", "under", "met", "increase", "decrease", "flat"]


@fast_init  # one per cue of a report: the dataclass's own __init__ sets each field through object.__setattr__
@dataclass(frozen=True, slots=True)
class Explanation:
    """One stated reason (or improvement measure) and what it is attached to.

    ``item`` is the indicator or 科目 name the text explains, ``direction`` what happened to it
    (over/under/met target, increase/decrease/flat against last year or the budget), ``rate`` the
    completion rate in percent when one is stated next to it, ``figures`` that thing's numbers as
    written (target/actual/rate of an indicator; amount, change and rate of a 科目).
    """

    text: str
    kind: Literal["reason", "measure"]
    item: str | None
    direction: Direction | None
    rate: Decimal | None
    location: Location
    context: str
    figures_from: tuple[str, ...] | str = ()
    """The figures, or the clause they are read from when first asked for: no rule reads the
    figures of a prose explanation, and reading the numbers of every clause cost a fifth of
    all number parsing in a check."""

    @property
    def figures(self) -> tuple[str, ...]:
        if isinstance(self.figures_from, tuple):
            return self.figures_from
        return tuple(q.text for q in find_quantities(self.figures_from) if q.kind in _FIGURE_KINDS)

    @property
    def block(self) -> str:
        return self.location.block


_FIGURE_KINDS = ("money", "percent", "count", "quantity")


def _spaced(word: str) -> str:
    """A keyword that PDF extraction may have split with spaces ("改进措 施")."""
    return r"\s{0,3}".join(re.escape(ch) for ch in word)


_REASON = re.compile(
    rf"(?:{_spaced('偏差原因')}(?:分析)?(?:主要(?:为|是)|是|为)?|{_spaced('主要原因')}(?:是|为|有)?"
    rf"|原因(?:主要)?(?:是|为)|(?:未完成|未达到|未达标|差异|超额完成|超出)原因(?:分析)?(?=\s{{0,3}}[:：])"
    rf"|原因分析(?=\s{{0,3}}[:：]))\s{{0,3}}[:：]?\s{{0,3}}"
)
_REASON_STARTS = re.compile("[偏主原未差超]")
"""The characters a ``_REASON`` match begins with: the pattern opens with a group of branches,
which the regex engine tries at every character of the paragraph."""
_MEASURE_STARTS = re.compile("[下改]")
"""Likewise for ``_MEASURE``, which opens with an optional 下一步."""
_HEADING_CUE = re.compile(r"\s{0,3}(?:分析及|及)")
"""偏差原因分析及改进措施: a heading of both parts, not a reason."""
_MEASURE = re.compile(rf"(?:下一步)?{_spaced('改进措施')}(?:和建议)?\s{{0,3}}[:：]\s{{0,3}}")
# Where an explanation stops: the sentence ends, the next labelled part starts, or the report
# returns to the indicator's scoring ("该指标赋分权重…").
_STOP = re.compile(
    rf"[。；;]|{_spaced('改进措施')}|[，,]\s{{0,3}}该指标|该指标(?:赋分)?权重|[，,]\s{{0,3}}(?:最终)?得分"
)
_RATE = re.compile(r"完成率\s{0,3}(?:为|是|达到?)?\s{0,3}[:：]?\s{0,3}")
_UP = re.compile(r"增加|增长|上升|增幅|提高|大于|超过|超出|多")
_DOWN = re.compile(r"减少|下降|降低|减幅|小于|低于|少于|压减|节约")
_FLAT = re.compile(r"持平|无变化|无差异|相同|(?:增加|增长|减少|下降)\s{0,3}0(?:\.0+)?\s{0,3}(?:万元|元|%)")
_GAP_RATE = re.compile(r"差异率\s{0,3}(?:为)?\s{0,3}([-+]?\d+(?:\.\d+)?)\s{0,3}[%％]")
_GENERIC_ITEM = re.compile(
    r"^(?:年初|全年|本年|上年|预算|决算|支出|收入|其中|主要用于|主要|合计|单位|本单位|实际"
    r"|增加|减少|增长|下降|占|预决算|执行|完成|比上年|较上年)"
)
_COMPARISON_START = re.compile(r"^(?:(?:与|比|较)(?:上年|年初|全年|预算|上一年)|决算数|预算数|其中)")
_CLAUSE_ENDS = "。；;"
_ITEM_CLAUSE_START = re.compile(f"[{_CLAUSE_ENDS}]")
_ITEM_PREFIX = re.compile(
    r"^(?:\[bookmark:[^\]]*\]|其中[:：]?|[（(]?\d+[)）.、]|[一二三四五六七八九十]+[是、]|我(?:单位|部门)|本(?:单位|部门)|\d{4}\s{0,3}年度?|全年|本年)+"
)
_ITEM_NAME = re.compile(
    r"^[“\"]?([\u4e00-\u9fff“”（）()、A-Za-z\d\-—]{2,60}?)[”\"]?\s{0,3}(?:指标|[:：]|\d{4}\s{0,3}年度?|全年|本年|(?=\s{0,3}\d)|(?=[，,]?\s{0,3}预期指标值)|(?=(?:决算数|预算数|决算为|预算为|实际|合计|为))|(?=(?:与|比|较)(?:上年|年初|上一年))|$)"
)
_COMPARISON_LEAD = re.compile(r"^(?:与|比|较)[^，,]{0,10}?相比\s{0,3}[，,]\s{0,3}")
_COLON_NAME = re.compile(r"^\s{0,3}([^:：，,。；\d]{2,60})[:：]")
_CODE_LEAD = re.compile(r"^\d[\d\s\-]*[-—]?")
_CUT_COMPARISON = re.compile(r"(?:与|比|较)(?:上年?|年初)?$")
_COMMA_PART = re.compile(r"[^，,]+")
"""Each run between commas: a run found from where the last one ended starts after a comma."""
_DIGIT = re.compile(r"\d")
_CHANGE_LEAD = re.compile(r"\s{0,3}(?:占|增长|下降|增加|减少|比|较|同比|完成|执行率)")


def _direction(context: str, rate: Decimal | None) -> Direction | None:
    if rate is not None:
        if rate > 100:
            return "over"
        if rate < 100:
            return "under"
        return "met"
    gap = _GAP_RATE.search(context)
    if gap:
        value = Decimal(gap.group(1))
        return "flat" if value == 0 else ("increase" if value > 0 else "decrease")
    if _FLAT.search(context):
        return "flat"
    up, down = _UP.search(context), _DOWN.search(context)
    if up and not down:
        return "increase"
    if down and not up:
        return "decrease"
    if up and down:  # the word nearest to the reason decides
        return "increase" if up.start() > down.start() else "decrease"
    return None


def completion_rates(text: str) -> list[tuple[Decimal, int]]:
    """Every "完成率 X%" in ``text``: (X, offset of X)."""
    out = []
    for m in _RATE.finditer(text):
        for q in find_quantities(text[m.end() : m.end() + 16]):
            if q.kind == "percent" and q.start == 0 and q.value is not None:
                out.append((q.value, m.end()))
            break
    return out


def _item_from_clause(clause: str) -> str | None:
    clause = _ITEM_PREFIX.sub("", clause.strip().rstrip("。；;，, "))
    if _COMPARISON_START.match(clause):
        # "与全年预算相比，“三公”经费支出全年预算数…" names it after the comparison;
        # "与上年相比，增加…" leaves it to the sentence before
        rest = _COMPARISON_LEAD.sub("", clause)
        return _item_from_clause(rest) if rest != clause and rest else None
    m = _COLON_NAME.match(clause) or _ITEM_NAME.match(clause)
    if not m:
        return None
    name = m.group(1).strip('“”"，, ')
    name = _CODE_LEAD.sub("", name)  # 功能分类 code in front of the 科目 name
    name = _CUT_COMPARISON.sub("", name)  # "…总体与上" of "与上年相比"
    if _GENERIC_ITEM.match(name):
        return None  # "年初预算为…", "主要用于：…": the subject is named earlier
    return name if len(name) >= 2 else None


def _subject_part(clause: str) -> str:
    """From the last comma part that names a subject with a figure ("其中：基本支出31775.96万元，
    占14.6%，比上年增加…") to the end: the part of the sentence the reason is about."""
    # a comma part runs to the next comma: the part itself is the head of the rest of the clause
    for part in reversed(list(_COMMA_PART.finditer(clause))):
        head = part.group(0)
        if (
            _DIGIT.search(head)
            and not _CHANGE_LEAD.match(head)  # before the prefix substitution: a third of the parts stop here
            and not _COMPARISON_START.match(_ITEM_PREFIX.sub("", head.strip()))
            and _item_from_clause(head)
        ):
            return clause[part.start() :]
    return clause


_SUBJECT_REACH = 1500
"""How far back a reason's subject is looked for: a few sentences (a walk back over the whole
paragraph from every reason made a paragraph of many reasons quadratic)."""


def _item_before(text: str, end: int) -> str | None:
    """The subject of the nearest earlier sentence of the paragraph that names one."""
    reach = max(0, end - _SUBJECT_REACH)
    # a clause starts at the paragraph's start, or after a clause mark within reach
    starts = ([0] if reach == 0 else []) + [m.end() for m in _ITEM_CLAUSE_START.finditer(text, reach, end)]
    for a, b in zip(reversed(starts[:-1]), reversed(starts[1:])):
        item = _item_from_clause(text[a:b])
        if item:
            return item
    return None


def indicator_name(paragraph: Paragraph, heading_item: str | None) -> str | None:
    """An indicator paragraph names its indicator at its start ("固定资产投资增长:该指标…")."""
    numbered = _NUMBERED.match(paragraph.text)
    head = paragraph.text[numbered.end() :] if numbered else paragraph.text
    # the cue ends every match: the lazy name is not tried at each of its lengths where it is absent
    m = _TARGET_NAME.match(head) if _TARGET_CUE in head else None
    if m:
        return m.group(1).strip()
    # an item of a numbered list that names its indicator (quoted, or before a colon) and gives
    # its target or result: 2."公益培训人次"目标值500人次，实际完成… / （2）垃圾清运量：目标值…
    named = _LISTED_NAME.match(head) if numbered else None
    if named and _INDICATOR_FIGURES.search(paragraph.text):
        return (named.group(1) or named.group(2)).strip()
    return heading_item


_INDICATOR_FIGURES = re.compile(r"目标值|指标值|预期值|完成值|实际完成|完成率")
_NUMBERED = re.compile(
    r"^\s{0,3}(?:[（(]\s{0,3}[\d一二三四五六七八九十]+\s{0,3}[)）]|\d+\s{0,3}[.、．]|[一二三四五六七八九十]{1,3}[是、])\s{0,3}"
)
_TARGET_CUE = "预期指标值"
_TARGET_NAME = re.compile(
    r"^[“\"]?([^:：，,“”\"。]{2,30}?)[”\"]?\s{0,3}(?:指标)?\s{0,3}[:：，,]\s{0,3}(?:该指标)?\s{0,3}" + _TARGET_CUE
)
_LISTED_NAME = re.compile(r"^[“\"]([^“”\"。；，,]{2,30})[”\"]|^([^“”\"。；，,:：\d]{2,30})[:：]")


_ENUMERATED = re.compile(r"\s{0,3}(?:[一二三四五六七八九十]?是|[（(]?[1一][)）.、．])")


def _end_of(text: str, start: int) -> int:
    """Where the explanation starting at ``start`` ends; an enumerated reason (一是…；二是…)
    runs on across its semicolons to the end of the sentence."""
    m = _STOP.search(text, start)
    if m and m.group(0) in "；;" and _ENUMERATED.match(text, start):
        full_stop = text.find("。", start)
        return full_stop if full_stop >= 0 else len(text)
    return m.start() if m else len(text)


def cue_matches(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that never matches the empty text, searched from
    the characters ``starts`` finds only."""
    pos = 0
    while (m := jump_search(pattern, starts, text, pos)) is not None:
        yield m
        pos = m.end()


def _paragraph_explanations(
    paragraph: Paragraph,
    heading_item: str | None,
    indicator_figures: dict[str, tuple[str, ...]],
    above: Paragraph | None = None,
) -> Iterator[Explanation]:
    text = paragraph.text
    # every reason cue has a 因 and every measure cue a 措, spaced out or not: most paragraphs
    # have neither and are not searched
    cues = [
        (m, kind)
        for pattern, starts, kind, sign in (
            (_REASON, _REASON_STARTS, "reason", "因"),
            (_MEASURE, _MEASURE_STARTS, "measure", "措"),
        )
        if sign in text
        for m in cue_matches(pattern, starts, text)
    ]
    if not cues:
        return  # most paragraphs: the indicator name is not looked for
    indicator = indicator_name(paragraph, heading_item)
    # 偏差原因：… in the first sentence of the line below its indicator's figures (指标A：该指标预期指标值…，
    # 完成率P%。⏎偏差原因：…) explains that indicator, its rate read from the line above
    lead = ""
    first_end = text.find("。")
    first_sentence = first_end if first_end >= 0 else len(text)
    if indicator is None and above is not None and min(m.start() for m, _ in cues) < first_sentence:
        indicator = indicator_name(above, None)
        lead = above.text if indicator is not None else ""
    for m, kind in cues:
        if kind == "reason" and _HEADING_CUE.match(text, m.end()):
            continue
        start = m.end()
        end = _end_of(text, start)
        # the same cue again starts the next explanation: explanations never overlap, so
        # a paragraph of repeated cues gives many short ones, not a quadratic pile of suffixes
        again = text.find(m.group(0).strip(), start, end)
        if again >= 0:
            end = again
        body = text[start:end].strip(" ，,：:")
        if kind == "reason" and "年中监控" in text[max(0, m.start() - 20) : m.start()]:
            continue  # explains the mid-year gap, not the indicator's deviation
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in _CLAUSE_ENDS) + 1
        clause = _subject_part(text[clause_start : m.start()])
        rates = completion_rates(lead + text[: m.start()]) if indicator else []
        rate = rates[-1][0] if rates else None
        item = indicator or _item_from_clause(clause) or _item_before(text, clause_start)
        yield Explanation(
            text=body,
            kind=kind,
            item=item,
            direction=_direction(clause, rate),
            rate=rate,
            location=paragraph.locate(start, max(end, start + 1)),
            context=clause.strip(),
            figures_from=indicator_figures.get(paragraph.id) or (lead + clause if lead else clause),
        )


def _table_explanations(document: Document) -> dict[str, list[Explanation]]:
    """Table id → the 偏差原因 cells of its indicator rows (from ``checker.indicators``)."""
    out: dict[str, list[Explanation]] = {}
    for ind in find_indicators(document):
        if ind.source != "table" or ind.reason is None or not ind.reason.text.strip():
            continue
        q = ind.rate.quantity if ind.rate is not None else None
        rate = q.value if q is not None and q.kind == "percent" else _recomputed(ind)
        figures = _figures(ind)
        out.setdefault(ind.block, []).append(
            Explanation(
                text=ind.reason.text.strip(),
                kind="reason",
                item=ind.name,
                direction=_direction("", rate),
                rate=rate,
                location=ind.reason.location,
                context=" | ".join(figures),
                figures_from=figures,
            )
        )
    return out


def _recomputed(ind) -> Decimal | None:
    """A form without a 完成率 column still scores its rows by actual ÷ target (a ceiling:
    target ÷ actual): that rate ties a reason to its indicator."""
    rate = recompute_rate(ind)
    return round_to(rate.value.nominal, 2) if rate is not None and rate.certain else None


def _figures(indicator) -> tuple[str, ...]:
    return tuple(f.text for f in (indicator.target, indicator.actual, indicator.rate) if f is not None)


_QUOTED_INDICATOR = re.compile(r"[“\"]\s{0,3}([^”\"]{2,30}?)\s{0,3}[”\"]\s{0,3}指标")


def heading_items(document: Document) -> dict[str, str]:
    """Paragraph id → indicator name given by the nearest preceding heading (“…”指标完成情况分析)."""
    out: dict[str, str] = {}
    current = None
    for block in document.blocks:
        if isinstance(block, Paragraph):
            # 指标 is in every match: the pattern, tried at every quote mark, spared on most paragraphs
            m = _QUOTED_INDICATOR.search(block.text) if "指标" in block.text else None
            if m and (block.heading is not None or len(block.text) < 40):
                current = m.group(1).strip()
                continue
            if block.heading is not None:
                current = None
            elif current:
                out[block.id] = current
    return out


def find_explanations(document: Document) -> tuple[Explanation, ...]:
    """Every explanation in reading order."""
    headings = heading_items(document)
    tables = _table_explanations(document)
    # a narrative indicator's figures sit earlier in its paragraph than the reason's clause
    indicator_figures = {
        ind.reason.location.block: _figures(ind)
        for ind in find_indicators(document)
        if ind.source == "text" and ind.reason is not None
    }
    out: list[Explanation] = []
    # the indicator paragraph a few lines above that explains nothing itself, with no heading, other
    # indicator or explanation since (its figures, a line of sources, then 偏差原因：…)
    above: Paragraph | None = None
    since = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            carried = above if since <= _CARRY_LINES else None
            found = [
                e for e in _paragraph_explanations(block, headings.get(block.id), indicator_figures, carried) if e.text
            ]
            out.extend(found)
            if found or block.heading is not None:
                above = None
            elif indicator_name(block, None) is not None:
                above, since = block, 0
            else:
                since += 1
        else:
            out.extend(tables.get(block.id, ()))
            above = None
    return tuple(out)


_CARRY_LINES = 2
"""Lines between an indicator's figures and its 偏差原因 that leave the explanation the indicator's."""
