"""Every quantity of a document, in reading order, with what it measures.

Speed comes from running the segmenter only where a label can be: for each number, the part
of its clause written before it (at most ``WINDOW`` characters back, never across the previous
figure). Those short windows are segmented and labelled as the spaCy pipeline (``get_nlp``) would
label them, without building its Docs (``label_windows``); the rest of the text is never
tokenised. Table cells take their labels from the headers (``checker.nlp.cells``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice
from typing import Sequence

from checker.model import Cell, Document, Paragraph, Quantity, Table, locate
from checker.nlp.cells import CellValue, table_values
from checker.nlp.labels import is_generic, label_vocab, strip_list_marker
from checker.nlp.pipeline import Window, get_nlp, label_windows
from checker.numbers import NumberMatch, _new_tuple, quantities_in, scale

__all__ = ["extract", "get_nlp", "quantity_from_match"]

WINDOW = 40
_CLAUSE_END = re.compile(r"[，,。；;！？!?：:、\n]")
_SENTENCE_END = "。；;！？!?\n"
_SENTENCE_ENDS = re.compile(f"[{_SENTENCE_END}]")
_SUBJECT = re.compile(
    r"(?:另外|此外|同时|其中|而)?(?:\d{4}\s*年度?\s*)?([^，,。；;：:\d“”]{2,24}?)(?:与|较|比)(?:上年|上一年|去年|年初预算|预算)(?:决算)?(?:数)?相?比?\s*[，,]"
)
_INDICATOR_MEASURES = ("预期指标值", "实际完成值", "完成率", "权重", "得分")
_INDICATOR_SUBJECT = re.compile(
    r"(?:另外|此外|同时|其中|而)?(?:\d{4}\s*年度?\s*)?([^，,。；;：:\d“”]{2,30}?)指标\s*[，,]"
)
_RESPECTIVELY = re.compile(r"分别(?:为|是|达到|达|占|有)?")
# the year a list of names opens with (2024年A、B分别为…) dates all of them; it names none
_LEADING_YEAR = re.compile(r"\s*(\d{4}\s*年度?)\s*")
_LIST_GAP = re.compile(r"[\s、，,和及与以]*")
# what may stand between 分别 and its figures, or before 分别 in place of names: "（比上年）分别增加"
_COMPARED = re.compile(
    r"\s*(?:(?:比|较|与)(?:上年|上一年|去年|年初预算|预算数?)(?:决算数?)?(?:相比)?[，,]?)?"
    r"(?:增加|减少|增长|下降|提高|降低|上升)?(?:了|为)?\s*"
)
_WHOLE = re.compile(r"[^，,。；;\d]{1,16}?的?(?:比重|比例)?为?")  # 分别占<whole>的 P%、Q%
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{1,10}")
_OPEN_QUOTES = frozenset('“"')
_QUOTED = re.compile(rf"[{''.join(_OPEN_QUOTES)}]([^“”\"\d]{{2,30}})[”\"]")
_ITEM = "项"
_ITEM_MARK = rf"[（(]\s*{_ITEM}\s*[)）]\s*[:：;；。]"
_TOPIC_CHARS = 30
_TOPIC = re.compile(rf"([^（()）:：，。；\s]{{2,{_TOPIC_CHARS}}}){_ITEM_MARK}")
_HAS_ITEM_MARK = re.compile(_ITEM_MARK)
_INDICATOR_NAME = re.compile(
    r"(?:^|[。；;！？\n])\s*(?:(?:\d{1,2}\s*[.、．]|[（(]\s*[0-9一二三四五六七八九十]{1,2}\s*[)）]|[一二三四五六七八九十]{1,2}、)\s*)?"
    r"([^，,。；;：:\d“”\s]{2,30}?)\s*(?:指标\s*[，,:：]|[:：]\s*该指标)"
)
"""An indicator paragraph opening with its name: "1.新增入驻企业数量指标，…", "园区税收增速：该指标…"."""


@dataclass(slots=True)
class _Pending:
    """A prose number waiting for its label from the pipeline."""

    block: Paragraph | Cell
    number: NumberMatch
    window_start: int
    marks: _Marks  # its block's, shared by the block's figures
    dates: tuple[NumberMatch, ...] = ()
    label: str | None = None
    period: str | None = None
    measure: str | None = None


def extract(doc: Document) -> tuple[Quantity, ...]:
    """Every quantity of every paragraph and table cell, in reading order."""
    plan: list[Sequence[_Pending] | list[CellValue]] = []
    pending: list[_Pending] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            items = _prose_items(block)
            pending.extend(items)
            plan.append(items)
        elif isinstance(block, Table):
            values, prose_cells = table_values(block)
            prose_items = {cell.id: _prose_items(cell) for cell in prose_cells}
            for items in prose_items.values():
                pending.extend(items)
            plan.append(_in_cell_order(block, values, prose_items))
    _label(pending)
    return tuple(_quantity(item) for items in plan for item in items)


def _in_cell_order(table: Table, values: list[CellValue], prose: dict[str, Sequence[_Pending]]) -> list:
    by_cell: dict[str, list] = {}
    for v in values:
        by_cell.setdefault(v.cell.id, []).append(v)
    for cell_id, items in prose.items():
        by_cell.setdefault(cell_id, []).extend(items)
    return [item for cell in table.cells() for item in by_cell.get(cell.id, ())]


def _prose_items(block: Paragraph | Cell) -> Sequence[_Pending]:
    text = block.text
    found = quantities_in(text)
    if not found:
        return ()  # most paragraphs: no list of their own kept until every figure is labelled
    items = []
    dates: list[NumberMatch] = []
    date_starts: list[int] = []
    ends = _clause_ends(text)  # one scan of the block, then a bisection per figure
    marks = _Marks(text, ends)
    last_end = 0
    for q in found:
        floor = max(last_end, q.start - WINDOW, 0)
        at = bisect_left(ends, q.start)
        # the clause holding the figure, but not before ``floor``
        start = ends[at - 1] + 1 if at and ends[at - 1] >= floor else floor
        # the dates inside the window state its periods; they are the paragraph's own (reading
        # the window again as a text of its own found the same ones on every report of the
        # corpus and the phrasings, and was 40 % of the number finder's time)
        inside = tuple(dates[bisect_left(date_starts, start) :]) if dates else ()
        items.append(_Pending(block, q, start, marks, inside))
        if q.kind == "date":
            dates.append(q)
            date_starts.append(q.start)
        else:
            last_end = q.end
    return items


_START = re.Match.start
"""A match's start, mapped over ``finditer`` in C rather than called in a comprehension."""


def _clause_ends(text: str) -> list[int]:
    """Offsets of the characters that end a clause; a comma between digits is a thousands
    separator. One regex scan: testing each character in Python was most of the cost."""
    found = map(_START, _CLAUSE_END.finditer(text))
    if "," not in text:
        return list(found)
    n = len(text)
    return [
        i for i in found if not (i and text[i] == "," and i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())
    ]


def _label(pending: list[_Pending]) -> None:
    targets = [p for p in pending if p.number.kind != "date"]
    # each Window built without its ``__new__`` frame: one for each of a report's figures, made as
    # ``label_windows`` reads it and dropped after; a list of them all lived through the segmenting
    # and the collector walked its thousands of windows again and again
    windows = (_new_tuple(Window, (p.block.text, (*p.dates, p.number), p.window_start, p.number.end)) for p in targets)
    for p, labelled in zip(targets, label_windows(windows)):
        p.label, p.period, p.measure = labelled or (None, None, None)
    _respectively(targets)
    _fill_from_context(pending)


def _respectively(targets: list[_Pending]) -> None:
    """ "A、B、C分别为 X、Y、Z": the k-th figure measures the k-th name; words before the list
    ("年初预算中基本支出和项目支出分别为…") give all of them their period and measure. A 分别 that
    opens its clause ("…，分别占P%、Q%", "…，比上年分别增加…") goes on with the names of the list before."""
    by_block: dict[str, list[_Pending]] = {}
    for p in targets:
        by_block.setdefault(p.block.id, []).append(p)
    vocab = label_vocab()
    for items in by_block.values():
        text = items[0].block.text
        items.sort(key=lambda p: p.number.start)  # found left to right already; bisected below
        starts = [p.number.start for p in items]
        previous: tuple[int, list[str]] = (-1, [])  # sentence start → names of its last list
        for m in _RESPECTIVELY.finditer(text):
            sentence_start = max(text.rfind(ch, 0, m.start()) for ch in _SENTENCE_END)
            at = bisect_left(starts, m.end())
            figures = items[at : at + 1]
            for p in islice(items, at + 1, None):
                if not _LIST_GAP.fullmatch(text[figures[-1].number.end : p.number.start]):
                    break
                figures.append(p)
            start = max(text.rfind(ch, 0, m.start()) for ch in "，,。；;：:\n") + 1
            names_text = text[start : m.start()]
            year = _LEADING_YEAR.match(names_text)
            if year:
                names_text = names_text[year.end() :]
            names = names_text.split("、")
            if len(names) != len(figures):
                names = re.split(r"[、和及与]", names_text)
            if _COMPARED.fullmatch(names_text) and previous[0] == sentence_start and len(previous[1]) == len(figures):
                names = list(previous[1])
            if (
                len(figures) < 2
                or len(names) != len(figures)
                or not (
                    _COMPARED.fullmatch(gap := text[m.end() : figures[0].number.start])
                    or m.group().endswith("占")
                    and _WHOLE.fullmatch(gap)
                )
            ):
                continue
            prefix, _, first = names[0].rpartition("中")
            if len(first) >= 2:
                names[0] = first
            else:
                prefix = ""
            measure = next((vocab.measures[w] for w in vocab.measure_suffixes if w in prefix), (None, None))
            period = next((w for w in vocab.periods if w in prefix), None) or measure[1] or (year and year.group(1))
            names = [name.strip() for name in names]
            if any(len(name) < 2 or any(ch.isdigit() for ch in name) for name in names):
                continue
            for p, name in zip(figures, names):
                p.label = name
                p.period = period or p.period
                p.measure = measure[0] or p.measure
            previous = (sentence_start, names)


# what a block without quote marks, indicator names or 项 topics has of them: one shared empty
# tuple for all such blocks rather than lists of their own, which lived as long as the block's
# figures and the collector walked at every pass
_NO_QUOTES: tuple[Sequence[int], Sequence[int], Sequence[str]] = ((), (), ())
_NONE_FOUND: tuple[Sequence[int], Sequence[str]] = ((), ())


class _Marks:
    """What ``_fill_from_context`` looks back for, found once per block: sentence and clause ends,
    quoted names, indicator names and 项 topics with their end offsets. Searching the text before
    each figure instead re-read the whole prefix for every figure (quadratic in a long paragraph).
    All but the sentence and clause ends are found on first use: a block whose figures all have
    labels of their own never needs them (kept in slots rather than ``cached_property``, whose
    first read takes a lock: a check makes hundreds of these)."""

    __slots__ = ("text", "clause_ends", "sentence_ends", "_quoted", "_named", "_topics")

    def __init__(self, text: str, clause_ends: list[int]):
        self.text = text
        self.clause_ends = clause_ends
        self.sentence_ends = list(map(_START, _SENTENCE_ENDS.finditer(text)))
        self._quoted: tuple[Sequence[int], Sequence[int], Sequence[str]] | None = None
        self._named: tuple[Sequence[int], Sequence[str]] | None = None
        self._topics: tuple[Sequence[int], Sequence[str]] | None = None

    def quoted(self) -> tuple[Sequence[int], Sequence[int], Sequence[str]]:
        """Start and end offsets and names."""
        if self._quoted is None:
            if not any(mark in self.text for mark in _OPEN_QUOTES):
                self._quoted = _NO_QUOTES  # most blocks: no quote mark, and no scan for one
            else:
                found = [(m.start(), m.end(), m.group(1)) for m in _QUOTED.finditer(self.text)]
                self._quoted = [s for s, _, _ in found], [e for _, e, _ in found], [n for _, _, n in found]
        return self._quoted

    def named(self) -> tuple[Sequence[int], Sequence[str]]:
        """End offsets and names; an indicator name is always followed by 指标."""
        if self._named is None:
            if "指标" not in self.text:
                self._named = _NONE_FOUND
            else:
                found = [
                    (m.end(), m.group(1)) for m in _INDICATOR_NAME.finditer(self.text) if not is_generic(m.group(1))
                ]
                self._named = [e for e, _ in found], [n for _, n in found]
        return self._named

    def topics(self) -> tuple[Sequence[int], Sequence[str]]:
        """End offsets and topics."""
        if self._topics is None:
            found = []
            if _ITEM in self.text:  # most blocks have no 项 marker, and need no scan for its brackets
                pos = 0
                # _TOPIC.finditer would try up to 30 characters at every position of the text: only
                # the 30 before each marker can begin a topic, and each marker ends at most one
                for mark in _HAS_ITEM_MARK.finditer(self.text):
                    m = _TOPIC.search(self.text, max(pos, mark.start() - _TOPIC_CHARS), mark.end())
                    if m is not None:
                        found.append((m.end(), m.group(1)))
                        pos = m.end()
            self._topics = ([e for e, _ in found], [t for _, t in found]) if found else _NONE_FOUND
        return self._topics

    def sentence_start(self, pos: int) -> int:
        at = bisect_left(self.sentence_ends, pos)
        return self.sentence_ends[at - 1] + 1 if at else 0

    def clause_start(self, pos: int) -> int:
        at = bisect_left(self.clause_ends, pos)
        return self.clause_ends[at - 1] + 1 if at else 0

    def quoted_in(self, start: int, end: int) -> str | None:
        """The last quoted name lying within [start, end)."""
        starts, ends, names = self.quoted()
        at = bisect_right(ends, end) - 1
        return names[at] if at >= 0 and starts[at] >= start else None

    def named_before(self, pos: int) -> str | None:
        ends, names = self.named()
        at = bisect_right(ends, pos) - 1
        return names[at] if at >= 0 else None

    def topic_before(self, pos: int) -> str | None:
        ends, topics = self.topics()
        at = bisect_right(ends, pos) - 1
        return topics[at] if at >= 0 else None


def _fill_from_context(pending: list[_Pending]) -> None:
    """A clause without its own label ("增长 46%", "实际完成值为 36142 万元") measures the item the
    sentence is about: a quoted indicator name, the 项 of a 功能分类 line, or the previous figure's label."""
    previous: dict[str, tuple[int, str]] = {}  # block id → (sentence start, label)
    first: dict[str, str] = {}  # block id → the paragraph's first label
    vocab = label_vocab()
    generic = vocab.generic  # ``is_generic`` in line: three tests for each of a report's figures
    for p in pending:
        if p.number.kind == "date":
            continue
        text = p.block.text
        mark = p.marks
        sentence = mark.sentence_start(p.number.start)
        if p.number.kind == "count":
            counted = _counted_after(text, p.number)
            if (
                counted
                and counted not in generic
                and (not p.label or p.label in generic or p.number.unit in vocab.counted_after)
            ):
                p.label = counted
        if not p.label or p.label in generic:
            # an indicator's figures may sit sentences away from its quoted name
            indicator = p.measure in _INDICATOR_MEASURES
            quoted = mark.quoted_in(0 if indicator else sentence, p.window_start)
            named = mark.named_before(p.number.start) if indicator else None
            topic = mark.topic_before(p.window_start)
            prev = previous.get(p.block.id)
            carried = (
                quoted
                or named
                or (strip_list_marker(topic) if topic else None)
                or _sentence_subject(text, sentence, p.window_start, mark)
                or (prev[1] if prev and prev[0] == sentence else None)
                or (first.get(p.block.id) if p.measure else None)
            )
            if carried:
                p.label = carried
        if p.label and p.label not in generic:
            previous[p.block.id] = (sentence, p.label)
            first.setdefault(p.block.id, p.label)


def _sentence_subject(text: str, sentence: int, window_start: int, mark: _Marks) -> str | None:
    """A clause with no figure that names what the next figures are about: "财政拨款支出总体与上年
    相比，增加 …", "招商引资到位资金增幅率指标，预期指标值 …" — the clause just before the
    number's own, else the sentence's first clause."""
    m = None
    if window_start > sentence + 1:
        m = _SUBJECT.match(text, max(sentence, mark.clause_start(window_start - 1)), window_start)
    m = m or _SUBJECT.match(text, sentence, window_start) or _INDICATOR_SUBJECT.match(text, sentence, window_start)
    return m.group(1) if m else None


def _counted_after(text: str, q: NumberMatch) -> str | None:
    """What a count counts when the noun follows it: 新增 96 套公租房 → 公租房."""
    m = _CJK_RUN.match(text, q.end)
    if m is None:
        return None
    stops = label_vocab().counted_stop
    phrase = m.group(0)
    cut = next((i for i, ch in enumerate(phrase) if ch in stops), len(phrase))
    phrase = phrase[:cut]
    return phrase if len(phrase) >= 2 else None


def quantity_from_match(
    q: NumberMatch,
    block: Paragraph | Cell,
    unit: str | None = None,
    label: str | None = None,
    period: str | None = None,
    measure: str | None = None,
    header: str | None = None,
) -> Quantity:
    """A model Quantity for a match in ``block``; ``unit`` applies a header's unit to a bare number."""
    value, low, high = q.value, q.low, q.high
    if unit is not None and q.unit is None and value is not None:
        factor = scale(unit)
        value, low, high = value * factor, low * factor, high * factor
    # positionally, in the order of Quantity's fields: the keyword dicts were a quarter of the cost
    return Quantity(
        q.text,
        q.kind,
        value,
        q.unit or unit,
        q.decimals,
        low,
        high,
        locate(block.id, block.pieces, q.start, q.end),  # ``block.locate`` without its frame
        q.op,
        q.approx,
        q.iso,
        label,
        period,
        measure,
        q.sign,
        header,
    )


def _quantity(item: _Pending | CellValue) -> Quantity:
    if type(item) is _Pending:
        return quantity_from_match(item.number, item.block, None, item.label, item.period, item.measure)
    return quantity_from_match(item.number, item.cell, item.unit, item.label, item.period, item.measure, item.header)
