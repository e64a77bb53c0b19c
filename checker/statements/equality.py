"""Equality: the same labelled amount stated in several places must have one value.

An amount that is the subject of its sentence (the first amount, not a change, not a part of
a 其中 list) is taken as "the" value of its label. An amount further on in a sentence is taken
only under a label specific enough to name one thing wherever it recurs (二是2023年支付2013-2023年
政府类投资项目资金 …): short labels there (基本支出, 项目经费) shift with the sentence's subject. A
label whose amounts take three or more values names something generic (支出决算数 of every line
item) and is skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import alternation, first_characters, load_yaml
from checker.normalize import without_spaces
from checker.statements.change import deltas, is_compared_base
from checker.statements.composition import cues, ends_with_list_opener
from checker.statements.cues import patterns
from checker.statements.sentences import Item, Sentence, list_style

_PERIOD_PREFIX = re.compile(r"^(?:全年|本年度|年度)")
# 一是…二是… number the reasons of one sentence; the same reason may be the second in one
# place and the third in another
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]是|首先|其次|再次|另外|此外)")
_MIN_LABEL = 4
_MIN_SPECIFIC_LABEL = 10
# 该项目/此项/上述 refer to whatever the surrounding section is about, not to one fixed thing.
_RELATIVE = re.compile(r"^(?:该|此|其|上述|本项|本项目|各)")
# A label made only of measure words (年初预算数, 支出决算数, 实际支出) names no particular thing:
# the subject is elsewhere in the sentence or section.
_MEASURE = r"(?:年初|全年|调整后|本年|上年|当年)?(?:预算|决算|执行|实际|支出|完成|合计|总额|资金|金额|数)+"
_MEASURE_ONLY = re.compile(f"^{_MEASURE}$")


@lru_cache(maxsize=1)
def _measure_gap() -> re.Pattern[str]:
    """决算数大于年初预算数X: the gap between two measures of whatever the sentence or its numbered
    section is about (the whole, then each 科目 in turn), no particular thing."""
    relation = load_yaml("claims.yaml")["budget_relation"]
    return re.compile(f"^{_MEASURE}(?:{alternation(relation['larger'] + relation['smaller'])}){_MEASURE}$")


@dataclass(frozen=True)
class Equality:
    label: str
    places: tuple[tuple[Item, Sentence], ...]  # every subject amount with this label, in order
    books: tuple[str, ...] = ()  # the budget book each place names ('' when none)
    stages: tuple[str, ...] = ()  # the budget stage a lead line names for each place ('' when none)
    documents: tuple[str, ...] = ()  # the document each place's sentence cites before it ('' when none)
    counted: tuple[str, ...] = ()  # what the count right before each place counts ('' when none)
    owners: tuple[str, ...] = ()  # the unit each place's sentence names before its year ('' when none)


# 2023年度X and 2024年度X are two amounts of one label: the year the clause names is part of the key;
# the report's own year named for the whole year (2018年X, 2018年度X, not 2018年1-6月X) is no
# other amount than X stated with no year
_YEAR = re.compile(r"(20\d\d)\s{0,2}年(度|(?![\s\d上下前后第一二三四五六七八九十全底末初中]))?")


def label_key(item: Item) -> str:
    return _PERIOD_PREFIX.sub("", _ENUMERATOR.sub("", item.label))


def _year_compared(item: Item) -> bool:
    """较2014年度部门决算“三公”经费合计X: the year named last before the amount opens a comparison,
    so X is that year's amount, whatever this year's sentence calls it (a quote or bracket in the
    label may cut the clause after the year, out of the clause's sight)."""
    if "年" not in item.bare_gap:  # every year the pattern finds is followed by 年: most gaps name none
        return False
    years = list(patterns().year_compared.finditer(item.bare_gap))
    return bool(years and years[-1].group(1))


def _year(item: Item, sentence: Sentence, report_year: int | None) -> str:
    year = _YEAR.search(item.clause) or _sentence_year(item, sentence)
    if not year or year.group(2) is not None and int(year.group(1)) == report_year:
        return ""
    return year.group(1)


def _sentence_year(item: Item, sentence: Sentence) -> re.Match[str] | None:
    """2010年…预算中，A X万元… then 2011年…预算中，A Y万元（较2010年压缩2%）: a clause that names no
    year is of the year its sentence named last before it — not one a comparison opens (较2010年)."""
    lead = sentence.paragraph.text[sentence.start : item.start]
    if "年" not in lead:
        return None
    found = None
    for m in patterns().year_compared.finditer(lead):
        if not m.group(1):
            found = _YEAR.match(lead, m.start()) or found
    return found


@lru_cache(maxsize=1)
def _scope_words() -> re.Pattern[str]:
    return re.compile(alternation(cues()["scope_words"]))


@lru_cache(maxsize=1)
def _flow_words() -> tuple[str, ...]:
    return tuple(cues()["scope_flow_words"])


@lru_cache(maxsize=1)
def _group_opener() -> re.Pattern[str]:
    words = cues()["group_openers"]
    return re.compile(
        rf"\s*(?:{alternation(words['leads'])})(?P<group>[^，,。；;：:]{{0,24}}?(?:{alternation(words['groups'])})"
        rf"[^，,。；;：:]{{0,24}}?)(?:{alternation(words['closers'])})[，,：:]"
    )


def _group(paragraph_text: str) -> str | None:
    """The group of the whole a paragraph opens on (41个县收支完成 of 在41个县收支完成情况上，…), None if none."""
    m = _group_opener().match(paragraph_text)
    return without_spaces(m.group("group")) if m else None


@lru_cache(maxsize=1)
def _counted_amount() -> re.Pattern[str]:
    """涉及/对应 opening a label: the amount of what the clause counted just before (…项目0个，涉及资金X)."""
    return re.compile(f"^(?:{alternation(cues()['counted_amount_verbs'])})的?")


@lru_cache(maxsize=1)
def _books() -> re.Pattern[str]:
    p = patterns()
    return re.compile(rf"({p.transfer_before})?({alternation(cues()['budget_books'])})({p.transfer_after})?")


def _named_books(text: str) -> list[str]:
    """The books ``text`` names as its own, not as the other end of a transfer (调出到一般公共预算)."""
    return [m.group(2) for m in _books().finditer(text) if not (m.group(1) or m.group(3))]


def _book(item: Item, sentence: Sentence, headings: dict[str, str]) -> str:
    """The budget book named last before the amount in its paragraph, else in its headings."""
    paragraph = sentence.paragraph
    named = _named_books(paragraph.text[: item.start]) or _named_books(headings.get(paragraph.id, ""))
    return named[-1] if named else ""


@lru_cache(maxsize=1)
def _stage_words() -> tuple[re.Pattern[str], dict[str, str]]:
    stages: dict[str, list[str]] = cues()["budget_stages"]
    named = {word: stage for stage, words in stages.items() for word in words}
    return re.compile(alternation(named)), named


# 《关于下达2023年…资金预算的通知》 cited before an amount names the allocation it is
_CITED = re.compile(r"《([^《》]{2,60})》")


def _document(item: Item, sentence: Sentence) -> str:
    """The document the sentence cites last before the amount: 按《A通知》下达资金X and 按《B通知》
    下达资金Y are two allocations under one short label."""
    cited = _CITED.findall(sentence.paragraph.text, sentence.start, item.start)
    return cited[-1] if cited else ""


@lru_cache(maxsize=1)
def _owner_words() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    owner = cues()["amount_owner"]
    leads = re.compile(rf"^(?:{alternation(owner['leads'])})")
    endings = re.compile(rf"(?:{alternation(cues()['names_before_count']['name_endings'])})$")
    return leads, endings, tuple(owner["self_starts"])


def _owner(item: Item, sentence: Sentence) -> str:
    """The unit named before the year that opens the amount's sentence (市食药监局2015年…决算数X):
    two units, two amounts under one label. '' when the sentence names none before a year."""
    before = sentence.paragraph.text[sentence.start : item.start]
    year = _YEAR.search(before)
    if year is None:
        return ""
    leads, endings, self_starts = _owner_words()
    words = leads.sub("", without_spaces(before[: year.start()]).strip("，,、：: "))
    if not endings.search(words) or words.startswith(self_starts):
        return ""
    return words


def _counted_before(item: Item, sentence: Sentence) -> str:
    """The name of what the figure right before ``item`` counts (初中生均补助 of 初中生均补助2033人，补助经费
    186万元): the amount is then of those counted, whatever its own label."""
    k = next(k for k, i in enumerate(sentence.items) if i is item)
    before = sentence.items[k - 1] if k else None
    return before.label if before is not None and before.kind == "count" else ""


def _stage(lead: str) -> str:
    """The budget stage (年初预算, 调整预算, 决算) a lead line names last."""
    pattern, named = _stage_words()
    found = pattern.findall(lead)
    return named[found[-1]] if found else ""


# a lead line: a short paragraph with no figure that titles the paragraphs after it (3. 决算情况。)
_LEAD_MAX = 40


def _most_in_a_stage(keys: list[object], stages: tuple[str, ...], overall: int) -> int:
    """How many distinct ``keys`` (None left out) a label's places hold: ``overall`` when no lead
    line names a stage, else the most within one stage, a place of no stage counting in each (the
    年初预算, 调整预算 and 决算 of 收入总计 are three values, one per stage, none generic)."""
    named = set(stages) - {""}
    if not named:
        return overall
    return max(len({k for k, st in zip(keys, stages) if st in (stage, "")} - {None}) for stage in named)


def _scopes(text: str) -> tuple[list[int], list[str]]:
    """Where a paragraph names a government level (全区, 自治区本级), and which."""
    # a scope word right after a flow word (加上市级财税返还) names where money comes from, not the amounts' level;
    # tested on each match, not as look-behinds in the pattern, which the engine would try at every position
    flows = _flow_words()
    found = [(m.end(), m.group()) for m in _scope_words().finditer(text) if not text.endswith(flows, 0, m.start())]
    return [end for end, _ in found], [word for _, word in found]


@lru_cache(maxsize=1)
def _period_words() -> re.Pattern[str]:
    """A part of the year (1月至6月, 4月, 上半年, 一季度) or the whole year named in a paragraph."""
    words = cues()["part_year_periods"]
    return re.compile(
        rf"(?=[\d{first_characters(words['part'] + words['whole'])}])"  # a month's digit or a word opens it
        rf"(?:(?P<months>\d{{1,2}}\s*月份?(?:\s*[至到\-—–~～]\s*\d{{1,2}}\s*月份?)?)(?P<day>\s*\d{{1,2}}\s*日|底|末)?"
        rf"|(?P<part>{alternation(words['part'])})|(?P<whole>{alternation(words['whole'])}))"
    )


@lru_cache(maxsize=1)
def _period_cue() -> re.Pattern[str]:
    """What every period ``_period_words`` finds contains: 月 or one of its words. The pattern is tried
    at every character and digit of a paragraph; this plain search spares the paragraphs naming none."""
    words = cues()["part_year_periods"]
    return re.compile(f"月|{alternation(words['part'] + words['whole'])}")


def _periods(text: str) -> tuple[list[int], list[str]]:
    """Where a paragraph names part of the year (今年1月至6月，…收入X), and which: the same label for
    a half-year and for the year (2020年…收入Y) names two amounts. The year's last day (12月31日,
    12月底) and 全年 name the whole year again."""
    ends: list[int] = []
    names: list[str] = []
    if _period_cue().search(text) is None:
        return ends, names
    for m in _period_words().finditer(text):
        months = m.group("months")
        if months and m.group("day"):
            if not without_spaces(months).startswith("12月"):
                continue  # a date (…8月29日在…会议上) names no span of the year
            name = ""
        else:
            name = "" if m.group("whole") else without_spaces(m.group()).replace("份", "")
        ends.append(m.end())
        names.append(name)
    return ends, names


# a label stated in this many numbered items is each item's own (共支出成本 of every project)
_PER_ITEM = 3


def find_equalities(
    paragraph_sentences: list[list[Sentence]], report_year: int | None = None, headings: dict[str, str] | None = None
) -> list[Equality]:
    """``headings``: each block's heading path (``structure.section_titles``)."""
    headings = headings or {}
    found: dict[tuple[str, str, str], list[tuple[Item, Sentence]]] = defaultdict(list)
    listed = False  # the paragraph before stopped at 其中：, so this one opens with the list's parts
    # 1. …批准的年初预算草案。(1)收入总计X… 3. 决算情况。(1)收入总计Y…: the same label under two stages
    # names two amounts; a stage holds from its lead line to the next heading
    stage = ""
    stage_of: dict[int, str] = {}
    # 1、项目甲…共支出成本X。2、项目乙…共支出成本Y。3、…: each numbered item (a sentence opening
    # with a list marker starts one; a heading closes it) has an amount of its own under the label
    list_item: tuple[int, int] | None = None
    item_of: dict[tuple[int, int], tuple[int, int] | None] = {}
    # 2021年1-3月，全省…收入X。 then 在41个县…收入Y。: a paragraph that names no year and no part of one
    # goes on with the part of the year named last before it (up to a heading), for each label with
    # the year and part its amount took there
    carried: dict[str, str] = {}
    group = ""  # the group the paragraphs since the last opening on one are of (在41个县…情况上，)
    # the government level a paragraph without one goes on with: the last named before it, up to a heading
    # (自治区本级收入X。⏎支出总量Y。: a copy one sentence to a line)
    level = ""
    for sents in paragraph_sentences:
        paragraph = sents[0].paragraph if sents else None
        if paragraph is not None and paragraph.heading is not None:
            stage = _stage(paragraph.text)
            list_item = None
            carried = {}
            group = level = ""
        elif paragraph is not None and len(paragraph.text.strip()) <= _LEAD_MAX and not any(s.items for s in sents):
            stage = _stage(paragraph.text) or stage
        if paragraph is not None and paragraph.heading is None:
            group = _group(paragraph.text) or group
        if sents:
            stage_of[sents[0].index] = stage
        levels: tuple[list[int], list[str]] | None = None  # found on the first key: most paragraphs need none
        periods: tuple[list[int], list[str]] | None = None
        parts: dict[str, str] = {}  # the year and part of the year each label took in this paragraph
        parts_first, listed = listed, bool(sents) and ends_with_list_opener(sents[-1].paragraph.text)
        if parts_first:
            continue  # a list's parts are not "the" value of their names (nor after 其中 in a sentence)
        for sentence in sents:
            if list_style(sentence.text):
                list_item = (sentence.index, sentence.start)
            if not sentence.items:
                continue
            subject = next((k for k, i in enumerate(sentence.items) if i.kind == "money"), None)
            # 其中“优”的项目79个、资金X: a count between 其中 and the amount leaves 其中 out of the
            # amount's own gap, yet X is still a part
            parts_from = next((k for k, i in enumerate(sentence.items) if "其中" in i.gap), len(sentence.items))
            for k, item in enumerate(sentence.items):
                if (
                    item.kind != "money"
                    or item.depth
                    or deltas(sentence)[k]
                    or k >= parts_from
                    or is_compared_base(sentence.items, k)
                    or _year_compared(item)
                ):
                    continue
                key = label_key(item)
                if (
                    len(key) >= (_MIN_LABEL if k == subject else _MIN_SPECIFIC_LABEL)
                    and not _MEASURE_ONLY.match(_counted_amount().sub("", key, count=1))
                    and not _measure_gap().match(key)
                    and not _RELATIVE.match(key)
                ):
                    # the level named last before the amount: 全区X and 自治区本级Y are two amounts
                    if levels is None:
                        levels = _scopes(sentence.paragraph.text)
                    ends, scopes = levels
                    at = bisect_right(ends, item.start) - 1
                    year = _year(item, sentence, report_year)
                    if periods is None:
                        periods = _periods(sentence.paragraph.text)
                    when = bisect_right(periods[0], item.start) - 1
                    if when >= 0 and periods[1][when]:
                        year = parts[key] = parts[""] = f"{year}|{periods[1][when]}"
                    elif not periods[0] and not _YEAR.search(sentence.paragraph.text):
                        year = carried.get(key, carried.get("", year))
                    found[(year, scopes[at] if at >= 0 else group or level, key)].append((item, sentence))
                    item_of[sentence.index, item.start] = list_item
        if levels is not None and levels[1]:
            level = levels[1][-1]
        if paragraph is not None and (parts or carried):  # else nothing to carry, nothing carried to drop
            ends, names = periods or _periods(paragraph.text)
            if ends or _YEAR.search(paragraph.text):
                carried = parts if ends and names[-1] else {}
    # a label taking three or more values is generic; amounts with no level named may be of any
    # level (在41个县…), so there the label's values at every level count
    values: dict[tuple[str, str], set[object]] = defaultdict(set)
    for (year, _, key), places in found.items():
        values[year, key].update(i.quantity.value for i, _ in places)
    out = []
    for (year, scope, key), places in found.items():
        taken = {i.quantity.value for i, _ in places} if scope else values[year, key]
        stages = tuple(stage_of.get(s.index, "") for _, s in places)
        items: list[object] = [item_of[s.index, i.start] for i, s in places]
        if (
            len(places) >= 2
            and _most_in_a_stage([i.quantity.value for i, _ in places], stages, len(taken)) <= 2
            and _most_in_a_stage(items, stages, len(set(items) - {None})) < _PER_ITEM
        ):
            books = tuple(_book(i, s, headings) for i, s in places)
            documents = tuple(_document(i, s) for i, s in places)
            counted = tuple(_counted_before(i, s) for i, s in places)
            owners = tuple(_owner(i, s) for i, s in places)
            out.append(Equality(key, tuple(places), books, stages, documents, counted, owners))
    return out
