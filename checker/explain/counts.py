"""Stated counts and what they count: "三级指标N个，其中已完成M个" with the indicator analyses that
follow, and "下设N个科室，分别是A、B、C" with the names listed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, partial
from decimal import Decimal
from typing import Callable, Iterator, Sequence

from checker.indicators import find_indicators
from checker.lexicon import load_yaml
from checker.model import Block, Document, Location, Paragraph
from checker.numbers import CN_DIGITS, find_codes, find_quantities, parse_chinese_numeral
from checker.structure import STYLE_RANK, list_item


@dataclass(frozen=True, slots=True)
class IndicatorCount:
    """``total`` indicators stated, ``done`` of them stated as completed."""

    block: str
    location: Location
    total: int | None
    done: int | None


@dataclass(frozen=True, slots=True)
class IndicatorRate:
    name: str | None
    rate: Decimal
    location: Location


@dataclass(frozen=True, slots=True)
class Listing:
    stated: int
    word: str
    names: tuple[str, ...]
    location: Location
    listed: int  # how many the names stand for (副校长室三个 stands for three)


_SENTENCE = re.compile(r"[^。；;]+")
_DONE_WORDS = ("完成", "达成", "实现", "达到")
_DONE = re.compile(r"其中[^。；;]{0,16}?(?:已|均)?(?:完成|达成|实现|达到)")


def _counts(text: str) -> list:
    return [q for q in find_quantities(text) if q.kind == "count" and q.value is not None]


def _is_count_sentence(sentence: str) -> bool:
    """指标 …, then 其中 …, then a completion word, in this order. Found with str.find rather
    than one pattern: `.*指标.*其中.*完成` backtracks in O(n⁴) on a sentence of repeated 指标其中."""
    at = sentence.find("指标")
    at = sentence.find("其中", at + 2) if at >= 0 else -1
    return at >= 0 and any(sentence.find(word, at + 2) >= 0 for word in _DONE_WORDS)


def stated_counts(document: Document) -> Iterator[IndicatorCount]:
    for p in document.paragraphs():
        if not _is_count_sentence(p.text):
            continue  # a sentence of the paragraph holds its words in order only if the paragraph does
        for m in _SENTENCE.finditer(p.text):
            sentence = m.group(0)
            if not _is_count_sentence(sentence):
                continue
            done_at = _DONE.search(sentence)
            if not done_at:
                continue
            before = [q for q in _counts(sentence[: done_at.start()]) if q.unit == "个"]
            after = [q for q in _counts(sentence[done_at.start() :]) if q.unit == "个"]
            total = int(before[-1].value) if before else None
            done = int(after[0].value) if after else None
            if total is None and done is None:
                continue
            yield IndicatorCount(p.id, p.locate(m.start(), m.end()), total, done)


def _rate_of(indicator) -> Decimal | None:
    q = indicator.rate.quantity if indicator.rate is not None else None
    return q.value if q is not None and q.kind == "percent" else None


def _block_order(document: Document) -> dict[str, int]:
    order: dict[str, int] = {}
    for i, block in enumerate(document.blocks):
        order[block.id] = i
    return order


def all_indicator_rates(document: Document) -> list[IndicatorRate]:
    """Every indicator of the report that states a completion rate (tables and prose), from the
    indicator records of ``checker.indicators``."""
    return [
        IndicatorRate(ind.name, rate, ind.rate.location)
        for ind in find_indicators(document)
        if (rate := _rate_of(ind)) is not None
    ]


def indicator_rates(document: Document, block: str) -> list[IndicatorRate]:
    """Rated indicators after ``block`` and before the next heading of its level or higher."""
    order = _block_order(document)
    start = order.get(block)
    if start is None:
        return []
    paragraphs = [b for b in document.blocks[: start + 1] if isinstance(b, Paragraph)]
    level = next((p.heading.level for p in reversed(paragraphs) if p.heading), 0)
    stop = next(
        (
            i
            for i, b in enumerate(document.blocks)
            if i > start and isinstance(b, Paragraph) and b.heading is not None and b.heading.level <= level
        ),
        len(document.blocks),
    )
    return [
        IndicatorRate(ind.name, rate, ind.rate.location)
        for ind in find_indicators(document)
        if (rate := _rate_of(ind)) is not None and start < order.get(ind.block, -1) < stop
    ]


# A number is tried from its first digit only (the lookbehinds): a later start fails the same way,
# and retrying from each digit of a long run would be quadratic.
_LISTS = ("分别是", "分别为", "包括", "即")
"""The words that open the list after a stated count; a paragraph without one holds no listing."""
_LISTING = re.compile(
    r"((?<!\d)\d+|(?<![一二三四五六七八九十两])[一二三四五六七八九十两]+)\s*(个|家|所|处|单位)([\u4e00-\u9fff]{0,6}?)\s*(?:[，,：:]\s*)?"
    r"(?:" + "|".join(_LISTS) + r")\s*(?:[:：]\s*)?([^；;。]+)"
)


# the words after a comma that state something of the listed names rather than name one more
_STATES = re.compile(r"\d|[为是均见]")


def _split_names(text: str) -> list[str]:
    """Split at 、 outside parentheses: 组织部（人力资源和社会保障局、编办） stays one name. In a list
    that separates its names by 、, a comma goes on to one more name (…、财政办公室，综合执法办公室)
    unless the words after it state something (A、B，预算资金总额X万元 / 均为“优”): there the
    sentence has left the list. A list separated by commas (A，B，C) runs to the ；or 。."""
    names, seps, depth, current = [], [], 0, ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in "、，," and depth == 0:
            names.append(current)
            seps.append(ch)
            current = ""
        else:
            current += ch
    names.append(current)
    if seps and seps[0] == "、":
        cut = next((k for k, sep in enumerate(seps) if sep != "、" and _STATES.search(names[k + 1])), None)
        names = names if cut is None else names[: cut + 1]
    return [re.sub(r"\s+", "", n) for n in names if n.strip()]


# 书记室一个，副校长室三个，办公室: a name that gives its own number of units counts for that many
_OWN_COUNT = re.compile(rf"(\d{{1,2}}|[{''.join(CN_DIGITS)}十]{{1,3}})\s*个$")
# 共设20个指标，包括12个数量指标、3个质量指标: a part that opens with its own count stands for that many too
_LEAD_COUNT_UNITS = ("个", "家", "所", "处")


def _named_count(name: str) -> int:
    own = _OWN_COUNT.search(name)
    if own is not None and own.start() >= 2:
        number = own.group(1)
        return int(number) if number.isdigit() else int(parse_chinese_numeral(number)[0])
    # find_quantities leaves set phrases (三个代表, 两个维护) unread: they stay one name
    lead = next(iter(find_quantities(name)), None)
    if (
        lead is not None
        and lead.start == 0
        and lead.end < len(name)
        and lead.kind == "count"
        and lead.unit in _LEAD_COUNT_UNITS
        and lead.value == lead.value.to_integral_value()
    ):
        return int(lead.value)
    return 1


_CONJUNCTION = re.compile(r"以及|和|及|与")


def _last_pair(names: list[str], endings: tuple[str, ...] = ()) -> tuple[list[str], bool]:
    """The last name of 甲、乙和丙 holds two names joined by 和. Split when both halves end alike
    (…中心和…中心) or, given a unit's ``endings``, both end as a unit's name does (总务处和政教处);
    otherwise say a conjunction is there, since 和 also joins words inside one name."""
    parts = _CONJUNCTION.split(names[-1])
    if len(parts) != 2:
        return names, False
    left, right = parts
    if len(left) >= 4 and len(right) >= 4 and left[-2:] == right[-2:]:
        return names[:-1] + [left, right], False
    if endings and len(left) >= 2 and len(right) >= 2 and left.endswith(endings) and right.endswith(endings):
        return names[:-1] + [left, right], False
    return names, True


@lru_cache(maxsize=1)
def _count_after_names() -> tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str], re.Pattern[str]]:
    """The count that closes a list of units named before it (…、价格认定科等12个科室), the
    endings a unit's name has, the words before the first name that open the list, and the
    measure word with its noun that every count holds: the count opens with a look-behind, which
    the regex engine tries at every character; the noun's pattern opens with a character class,
    which it skips along in C, and tells the paragraphs without a count apart."""
    c = load_yaml("cues_composition.yaml")["names_before_count"]
    lead = re.compile(rf"^.{{0,30}}?(?:{'|'.join(map(re.escape, c['lead_verbs']))})(?=.)")
    nouns = "|".join(sorted(c["nouns"], key=len, reverse=True))
    kinds = "|".join(c["qualifiers"])
    count = re.compile(
        r"(?<=[\u4e00-\u9fff）)])(等)?\s{0,2}((?<![\d一二三四五六七八九十两])\d{1,3}|[一二三四五六七八九十两]{1,3})\s{0,2}"
        rf"(?:个|家|所)((?:{kinds})?(?:{nouns}))"
    )
    return count, tuple(c["name_endings"]), lead, re.compile(rf"[个家所](?:{kinds})?(?:{nouns})")


_BRACKET_NOTE = re.compile(r"[（(][^（）()]*[）)]")


def _names_before(text: str, end: int) -> list[str]:
    """The names separated by 、 that run up to ``end``, back to the clause's start (a comma,
    colon or stop outside brackets)."""
    depth, start = 0, 0
    for k in range(end - 1, -1, -1):
        ch = text[k]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth = max(0, depth - 1)
        elif ch in "，,：:。；;" and depth == 0:
            start = k + 1
            break
    return _split_names(text[start:end])


def names_before_count(document: Document) -> Iterator[Listing]:
    """ "内设A、B、C3个科室": units named before their count. After 等 the list may be open (A、B等5个
    科室 names two of five): only more names than the count is a mismatch there."""
    count, endings, lead, noun = _count_after_names()
    for p in document.paragraphs():
        if "、" not in p.text or not noun.search(p.text):
            continue
        for m in count.finditer(p.text):
            names = _names_before(p.text, m.start())
            bare = [_BRACKET_NOTE.sub("", n) for n in names]
            if len(names) < 2 or any(len(n) > 20 or not n.endswith(endings) for n in bare[1:]):
                continue
            number = m.group(2)
            stated = int(number) if number.isdigit() else int(parse_chinese_numeral(number)[0])
            names, joined = _last_pair(names, endings)
            listed = len(names)
            if m.group(1) and listed < stated or joined and listed != stated:
                continue  # after 等 the list may be open; 甲、乙和丙 the count cannot tell
            first = lead.sub("", names[0])
            if _BRACKET_NOTE.sub("", first).endswith(endings):
                names[0] = first
            yield Listing(stated, m.group(3), tuple(names), p.locate(m.start(2), m.end()), listed)


@lru_cache(maxsize=1)
def _count_ending() -> re.Pattern[str]:
    """A count of units that ends its paragraph (内设股室7, 内设科室7个, 下设7个科室：)."""
    c = load_yaml("cues_composition.yaml")["names_before_count"]
    nouns = "|".join(sorted(c["nouns"], key=len, reverse=True))
    number = r"(\d{1,2}|[一二三四五六七八九十两]{1,3})"
    return re.compile(
        rf"(?:(?P<noun>{nouns})\s{{0,2}}{number}\s{{0,2}}个?|{number}\s{{0,2}}个\s{{0,2}}(?P<after>{nouns}))\s{{0,2}}[：:]?$"
    )


def names_below_count(document: Document) -> Iterator[Listing]:
    """A count of units that ends its paragraph (局机关内设股室7) and the next paragraph naming
    them after a label that holds the same noun (内设股室：办公室、财务股、…): a count and its
    list on two lines. Lists ending in 等 are open, and every name must end as a unit's name does."""
    endings = _count_after_names()[1]
    paragraphs = list(document.paragraphs())
    for p, below in zip(paragraphs, paragraphs[1:]):
        tail = p.text.rstrip()[-16:]
        if not tail or tail[-1] in "。；;，," or below.heading is not None:
            continue
        m = _count_ending().search(tail)
        if m is None:
            continue
        noun = m.group("noun") or m.group("after")
        label = re.match(rf"\s*[^：:，,。；;]{{0,12}}?{noun}\s{{0,2}}[：:]", below.text)
        if label is None:
            continue
        names = _split_names(re.split(r"[；;。]", below.text[label.end() :])[0])
        bare = [_BRACKET_NOTE.sub("", n) for n in names]
        if len(names) < 2 or names[-1].endswith("等") or any(len(n) > 20 or not n.endswith(endings) for n in bare):
            continue
        number = m.group(2) or m.group(3)
        stated = int(number) if number.isdigit() else int(parse_chinese_numeral(number)[0])
        start = len(p.text.rstrip()) - len(tail)
        where = p.locate(start + m.start(), start + m.end())
        yield Listing(stated, noun, tuple(names), where, sum(map(_named_count, names)))


@lru_cache(maxsize=1)
def _count_then_colon() -> re.Pattern[str]:
    """A count of units closed by a colon, the names after it (内设7个科室：办公室、…; 内设机构15个：…): it
    opens with the number, a character class the regex engine skips along in C."""
    c = load_yaml("cues_composition.yaml")["names_before_count"]
    nouns = "|".join(sorted(c["nouns"], key=len, reverse=True))
    kinds = "|".join(c["qualifiers"])
    number = r"(\d{1,2}|[一二三四五六七八九十两]{1,3})"
    return re.compile(
        rf"(?<![\d一二三四五六七八九十两]){number}\s{{0,2}}[个家所]\s{{0,2}}(?P<after>(?:{kinds})?(?:{nouns}))\s{{0,2}}[：:]"
        rf"|(?P<noun>{nouns})\s{{0,2}}(?<![\d一二三四五六七八九十两]){number}\s{{0,2}}个\s{{0,2}}[：:]"
    )


_COUNT_COLON_CUE = re.compile(r"个\s{0,2}[：:]")
"""内设机构15个：: the count after its noun, which the measure word with its noun does not show."""


def names_after_colon(document: Document) -> Iterator[Listing]:
    """A count of units and, after a colon, their names in the same sentence (内设7个科室：办公室、财务科、…):
    every name must end as a unit's name does, and a list ending in 等 is open. A list opened by 分别是 or
    包括 after the colon is the general listing's."""
    cue, endings = _count_after_names()[3], _count_after_names()[1]
    for p in document.paragraphs():
        text = p.text
        if ("：" not in text and ":" not in text) or (cue.search(text) is None and not _COUNT_COLON_CUE.search(text)):
            continue  # most paragraphs count no units, or give no colon to list them after
        for m in _count_then_colon().finditer(text):
            rest = re.split(r"[；;。]", text[m.end() :], maxsplit=1)[0].lstrip()
            if rest.startswith(_LISTS):
                continue
            names = _split_names(rest)
            bare = [_BRACKET_NOTE.sub("", n).strip() for n in names]
            if len(names) < 2 or names[-1].endswith("等") or any(len(n) > 20 or not n.endswith(endings) for n in bare):
                continue
            names, joined = _last_pair(names, endings)
            number = m.group(1) or m.group(4)
            stated = int(number) if number.isdigit() else int(parse_chinese_numeral(number)[0])
            if joined and len(names) != stated:
                continue  # 甲、乙和丙 or one name with 和 in it: the count cannot tell
            yield Listing(
                stated,
                m.group("after") or m.group("noun"),
                tuple(names),
                p.locate(m.start(), m.end()),
                sum(map(_named_count, names)),
            )


def listed_names(document: Document) -> Iterator[Listing]:
    """Enumerations whose count is stated; lists ending in 等 are open and left out."""
    yield from names_before_count(document)
    yield from names_below_count(document)
    yield from names_after_colon(document)
    for p in document.paragraphs():
        if not any(map(p.text.__contains__, _LISTS)):
            continue  # the pattern, tried at every digit and numeral, is the costly part
        for m in _LISTING.finditer(p.text):
            number = m.group(1)
            stated = int(number) if number.isdigit() else int(parse_chinese_numeral(number)[0])
            names = _split_names(m.group(4))
            if len(names) < 2 or names[-1].endswith("等") or any(len(n) > 20 for n in names):
                continue
            names, joined = _last_pair(names)
            if joined and len(names) != stated:
                continue  # 甲、乙和丙 or one name 人力资源和社会保障局: the count cannot tell
            word = m.group(3) or ("" if m.group(2) == "个" else m.group(2))
            listed = sum(map(_named_count, names))
            if listed < stated and _cut_off(p.text, m.end()):
                continue  # …即A、B、C⏎(a line break the copy made, not the list's end): the names after it are unknown
            yield Listing(stated, word, tuple(names), p.locate(m.start(), m.end()), listed)
    yield from enumerated_points(document)


def _cut_off(text: str, end: int) -> bool:
    """The list runs to the end of its paragraph and the paragraph ends with no mark that ends a sentence or a
    clause: the copy broke the list, as a line cut inside it (…综合业务⏎部、政治部) shows."""
    tail = text.rstrip()
    return end >= len(tail) and not tail.endswith(_LIST_ENDS)


_LIST_ENDS = ("。", "；", ";", "！", "？", "!", "?", "）", ")", "”", "等")


_COLONS = "：:"
"""What ends the stated number of points (完成了三项工作：); a paragraph without one states none."""


@lru_cache(maxsize=1)
def _points_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The stated number of points, a point's marker, and the numeral's last character with the
    noun after it that every stated number holds: the stated pattern opens with a group, which
    the regex engine tries at every character; the third opens with a character class, which it
    skips along in C."""
    c = load_yaml("cues_composition.yaml")
    nouns = "|".join(sorted(c["enumeration_nouns"], key=len, reverse=True))
    marks = "|".join(sorted(c["enumerators"], key=len, reverse=True))
    numeral = r"[一二三四五六七八九十两]"
    stated = re.compile(rf"(\d{{1,2}}|{numeral}{{1,3}})\s{{0,2}}({nouns})([\u4e00-\u9fff]{{0,8}}?)\s{{0,2}}[{_COLONS}]")
    point = re.compile(r"(?:^|[。；;：:，,\s])([一二三四五六七八九十]{1,3})(?:" + marks + r")")
    cue = re.compile(rf"[\d{numeral[1:-1]}]\s{{0,2}}(?:{nouns})")
    return stated, point, cue


def _points(text: str, start: int, expected: int) -> tuple[list[str], int]:
    """The points 一是…、二是… in ``text`` from ``start`` numbered on from ``expected``."""
    _, point, _ = _points_patterns()
    names: list[str] = []
    for m in point.finditer(text, start):
        number = int(parse_chinese_numeral(m.group(1))[0])
        if number != expected:
            break
        names.append(re.split(r"[，,；;。]", re.sub(r"\s+", "", text[m.end() : m.end() + 16]))[0])
        expected += 1
    return names, expected


def enumerated_points(document: Document) -> Iterator[Listing]:
    """ "完成了三项工作：一是…；二是…。": the points numbered after a stated number of them, in
    the paragraph and in the paragraphs that go on numbering them (三是… opening the next)."""
    stated_at, _, cue = _points_patterns()
    paragraphs = list(document.paragraphs())
    position: dict[int, int] | None = None  # each block's index, made when a count ends its paragraph
    for index, p in enumerate(paragraphs):
        if not any(map(p.text.__contains__, _COLONS)):
            continue  # spares the pattern's try at every digit and numeral
        # a stated count ends at its colon: the text after the last colon is not tried
        last_colon = max(map(p.text.rfind, _COLONS))
        if cue.search(p.text, 0, last_colon + 1) is None:
            continue  # no numeral before a noun: most paragraphs with a colon state no count
        for m in stated_at.finditer(p.text, 0, last_colon + 1):
            number = m.group(1)
            stated = int(number) if number.isdigit() else int(parse_chinese_numeral(number)[0])
            names, following = _points(p.text, m.end() - 1, 1)
            if not names and p.text[m.end() :].strip():
                continue
            for later in paragraphs[index + 1 :]:
                more, following = _points(later.text, 0, following)
                if not more:
                    break
                names.extend(more)
            if not names and index + 1 < len(paragraphs):
                if position is None:
                    position = {id(block): k for k, block in enumerate(document.blocks)}
                names = _numbered_after(document.blocks, position[id(p)] + 1, m.group(2), stated) or []
            if stated >= 2 and len(names) >= 2:
                noun = m.group(2).lstrip("个")
                word = (m.group(3) or noun) if noun == "项" else noun
                yield Listing(stated, word, tuple(names), p.locate(m.start(), m.end()), len(names))


def _marker_item(text: str) -> tuple[str, int, re.Match] | None:
    """The list item a paragraph opens, also one whose marker stands alone on its line, the words
    on the next (a marker is read only before words: a bare one is tried with a word put after it)."""
    item = list_item(text)
    if item is None and 0 < len(text.strip()) <= 4:
        item = list_item(text.strip() + "项")
    return item


def _numbered_after(blocks: Sequence[Block], start: int, noun: str, stated: int) -> list[str] | None:
    """The items numbered one per paragraph right after a count that ends its paragraph (主要职责
    共3项： then 1.… 2.… 3.… on lines of their own): the items of the first one's style, numbered on
    from 1. Paragraphs without a marker and items of a deeper style belong to the item above. The
    list ends at a table, a heading or an item of a shallower style, an item numbered from 1
    again, an item past the ``stated`` count that is a heading (the report's own numbering going
    on), or the end; no list is told (None) when an item is numbered otherwise (a slip in the
    numbering: STR005's) or counts its own ``noun`` (财务管理方面6项 groups the counted things)."""
    first = _marker_item(blocks[start].text) if start < len(blocks) and isinstance(blocks[start], Paragraph) else None
    if first is None or first[1] != 1:
        return None
    style, rank = first[0], STYLE_RANK[first[0]]
    own_count = re.compile(rf"(?:\d{{1,3}}|[{''.join(CN_DIGITS)}十]{{1,3}})\s{{0,2}}(?:{re.escape(noun)})")
    names: list[str] = []
    for block in blocks[start:]:
        if not isinstance(block, Paragraph):
            break
        item = _marker_item(block.text)
        if item is None or STYLE_RANK[item[0]] > rank:
            if block.heading is not None and item is None:
                break
            if own_count.search(block.text):
                return None
            if names and not names[-1] and item is None:
                names[-1] = _point_name(block.text, 0)  # the words of a marker standing alone
            continue
        if item[0] != style:
            break  # a shallower style: the list above it goes on
        if item[1] != len(names) + 1:
            return None if item[1] != 1 else names
        if block.heading is not None and len(names) >= stated:
            break
        if own_count.search(block.text, item[2].end()):
            return None
        names.append(_point_name(block.text, item[2].end()))
    return names


def _point_name(text: str, start: int) -> str:
    """An item's first words, up to its first clause break, as its name."""
    return re.split(r"[，,；;。：:]", re.sub(r"\s+", "", text[start : start + 16]))[0]


@dataclass(frozen=True, slots=True)
class DuplicateEntry:
    subject: str
    first: Location
    second: Location
    first_figure: str | None
    second_figure: str | None


_LEVEL_TAG = r"[（(][类款项][)）]"
_HAS_LEVEL_TAG = re.compile(_LEVEL_TAG)
"""A 科目 paragraph names a level （类）（款）（项）: one quick scan passes over the paragraphs
without one, where the subject pattern would try every length of name up to 80 characters."""
_SUBJECT_PARAGRAPH = re.compile(
    r"^\s*(?:\d+\s*[.、．]|[（(]\s*\d+\s*[)）])?\s*((?:\d{3,7}\s*[-—]?\s*)?[^:：，。；]{2,80}?"
    + _LEVEL_TAG
    + r"[^:：，。；]{0,60}?)\s*[:：]"
)
_CODE_HEADER = re.compile(r"编码|代码|科目编号|功能分类")


def _subject_key(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def _first_money(text: str) -> str | None:
    money = [q for q in find_quantities(text) if q.kind == "money"]
    return money[0].text if money else None


def _row_figure(row, column: int) -> str | None:
    """The amount of a code column's row: its first money figure, else the cell after the name."""
    rest = " ".join(c.text for c in row[column + 1 :])
    return _first_money(rest) or next((c.text.strip() for c in row[column + 2 :] if c.text.strip()), None)


def _code_column(table) -> int | None:
    """The column holding 功能分类 codes: named by its header, or ≥ 80% codes with a 5+-digit one."""
    for row in table.rows[:4]:
        for c, cell in enumerate(row):
            if _CODE_HEADER.search(cell.text):
                return c
    for c in range(table.n_cols):
        values = [row[c].text.strip() for row in table.rows if c < len(row) and row[c].text.strip()]
        codes: list[str] = []
        for k, v in enumerate(values):
            # a whole-cell code starts with its class digit (1, 2 or 3); a column is given up as
            # soon as too few of its cells can still be codes
            if v[0] in "123" and (m := find_codes(v)) and m[0].start == 0 and m[0].end == len(v):
                codes.append(v)
            elif len(values) - (k + 1 - len(codes)) < 0.8 * len(values):
                break
        if values and len(codes) >= 0.8 * len(values) and any(len(re.sub(r"\D", "", v)) >= 5 for v in codes):
            return c
    return None


def duplicate_subjects(document: Document) -> Iterator[DuplicateEntry]:
    """科目 listed twice: in one section's 科目 paragraphs, or in one table's code column.

    An entry's place and figure are made only when the entry turns out to be a repeat: reading
    the amounts of every 科目 line was most of the cost."""
    seen: dict[str, tuple[Callable[[], Location], Callable[[], str | None]]] = {}
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.heading is not None:
                seen = {}  # a new section starts a new list
                continue
            m = _HAS_LEVEL_TAG.search(block.text) and _SUBJECT_PARAGRAPH.match(block.text)
            if not m:
                continue
            key = _subject_key(m.group(1))
            here = (partial(block.locate, m.start(1), m.end(1)), partial(_first_money, block.text[m.end() :]))
            if key in seen:
                first = seen[key]
                yield DuplicateEntry(key, first[0](), here[0](), first[1](), here[1]())
            else:
                seen[key] = here
        else:
            column = _code_column(block)
            if column is None:
                continue
            codes: dict[str, tuple[Callable[[], Location], Callable[[], str | None]]] = {}
            for row in block.rows:
                if column >= len(row):
                    continue
                found = find_codes(row[column].text.strip())
                if not found or len(found[0].code) < 3:
                    continue
                here = (row[column].locate, partial(_row_figure, row, column))
                name = next((c.text.strip() for c in row[column + 1 :] if c.text.strip()), "")
                if not re.search(r"[\u4e00-\u9fff]", name):
                    continue  # the code goes on in the next column (201 06 | 02): not a whole 科目
                # code and name together: a layout that repeats a code beside other names (two
                # classifications side by side) is not a repeated 科目
                key = f"{found[0].code} {_subject_key(name)}"
                if key in codes:
                    yield DuplicateEntry(
                        f"{row[column].text.strip()} {name}".strip(),
                        codes[key][0](),
                        here[0](),
                        codes[key][1](),
                        here[1](),
                    )
                else:
                    codes[key] = here
