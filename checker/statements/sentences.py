"""Prose cut into sentences, each a sequence of quantities with the words that lead to them.

A statement recogniser reads a sentence as ``gap₁ q₁ gap₂ q₂ …``: the gap before a quantity
holds its label (此项支出为 …), its relation to the previous quantity (…，比上年增加 …) or the
word that makes it a share (…，占 …). Offsets are block offsets, so locations stay exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from decimal import Decimal
from typing import Iterable, Sequence

from checker.model import Location, Paragraph, Quantity, fast_init
from checker.normalize import without_spaces
from checker.structure import DASH_BULLET

SENTENCE_END = "。！？!?"
_SENTENCE_ENDS = re.compile(f"[{SENTENCE_END}]")
CLAUSE_BREAK = "；;"
DELIMITERS = '，,；;。：:、（）()“”"【】'
_LEADING_FILLER = re.compile(
    r"^(?:其中|包括|分别为|分别是|我单位|本单位|我部门|本部门|我局|本局|"
    r"\d{4}\s*年度?|本年度|全年合计|以及|和|及|另)+"
)
_TRAILING_WORDS = ("为", "是", "共计", "达到", "达", "约", "共")
_TRAILING_FILLER = re.compile(f"(?:{'|'.join(_TRAILING_WORDS)})+$")
# the last delimiter and the words after it: one scan, where an rfind per delimiter was 18
_LAST_DELIMITED = re.compile(f"[{re.escape(DELIMITERS)}][^{re.escape(DELIMITERS)}]*\\Z")
# “三公”经费: quotes that mark a word inside a name (a name goes on after them) are no delimiter of its clause
_QUOTED_NAME = re.compile(r"[“\"]([^“”\"，,；;。：:、（）()]{1,8})[”\"](?=[\u4e00-\u9fff])")
_NOTE = re.compile(r"(?:不?含|包括|其中|下同)")
_BRACKETED = re.compile(r"[（(][^（）()]{0,30}[)）]\s*(?=(?:为|是)?\s*$)")
# the numbering styles of list items; a list's items share one style, a nested list uses another
_LIST_STYLES = {
    "paren-digit": r"[（(]\s*\d{1,2}\s*[)）]",
    "paren-numeral": r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]",
    "digit": r"\d{1,2}\s*[.、．]",
    "numeral": r"[一二三四五六七八九十]{1,3}\s*[、．.]",
    "circled": r"[①②③④⑤⑥⑦⑧⑨⑩]",
    "dash": DASH_BULLET,
}
_LIST_MARKER = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{name.replace('-', '_')}>{pattern})" for name, pattern in _LIST_STYLES.items()) + ")"
)


@fast_init
@dataclass(frozen=True, slots=True)
class Item:
    """One quantity in a sentence with the text between it and the previous quantity.

    ``clause`` is the gap after its last delimiter — the words directly leading to the
    quantity, a bracketed note such as （含专用结余） skipped — and ``label`` that clause
    without filler words (我单位, 2024年度, 为 …).
    """

    quantity: Quantity
    gap: str  # normalised text since the previous quantity (or the sentence start)
    start: int  # block offsets of the quantity
    end: int
    depth: int  # how many brackets are open at the quantity (（含…）is depth 1)
    clause: str
    label: str
    kind: str  # the quantity's kind, a field: statement readers ask it ~20 times per item
    # gap and clause without white space, made once: the readers match their cue words on them
    bare_gap: str
    bare_clause: str

    @classmethod
    def make(cls, quantity: Quantity, gap: str, start: int, end: int, depth: int) -> "Item":
        # a note needs its closing bracket: most gaps have none and skip the substitution
        bare = _BRACKETED.sub(_bracket_note, gap) if ")" in gap or "）" in gap else gap
        if "”" in bare or '"' in bare:
            bare = _QUOTED_NAME.sub(r"\1", bare)
        last = _LAST_DELIMITED.search(bare)
        clause = (last.group()[1:] if last else bare).strip()
        bare_gap = without_spaces(gap)
        # a gap without white space (most) has a clause without it: no second substitution
        bare_clause = clause if bare is gap and bare_gap is gap else without_spaces(clause)
        label = _without_filler(bare_clause)
        return cls(quantity, gap, start, end, depth, clause, label, quantity.kind, bare_gap, bare_clause)

    @property
    def value(self) -> Decimal | None:
        return self.quantity.value


def _bracket_note(m: re.Match[str]) -> str:
    """（含专用结余） qualifies the amount and is dropped; （调整后） names it and is kept."""
    inner = m.group(0)[1:-1].strip()
    return "" if _NOTE.match(inner) else inner


def clean_label(text: str) -> str:
    return _without_filler(without_spaces(text))


def _without_filler(text: str) -> str:
    lead = _LEADING_FILLER.match(text)  # anchored: a match, where a substitution tries every position
    text = text[lead.end() :] if lead else text
    # the trailing pattern tries every position: run it only on a label that ends in a filler word
    return _TRAILING_FILLER.sub("", text) if text.endswith(_TRAILING_WORDS) else text


@fast_init
@dataclass(frozen=True, slots=True)
class Sentence:
    paragraph: Paragraph
    start: int
    end: int
    items: tuple[Item, ...]
    index: int  # position of the paragraph among the document's paragraphs
    _deltas: tuple[int, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """Each item's change direction (``checker.statements.change.deltas``), made on first use: every
    statement finder asks it of the same items. Not an argument, so a ``replace()`` copy makes its own."""

    @property
    def text(self) -> str:
        return self.paragraph.text[self.start : self.end]

    @property
    def tail(self) -> str:
        """Text after the last quantity."""
        last = self.items[-1].end if self.items else self.start
        return self.paragraph.text[last : self.end]

    def locate(self, start: int | None = None, end: int | None = None) -> Location:
        return self.paragraph.locate(self.start if start is None else start, self.end if end is None else end)


_LIST_JOIN = re.compile(r"^\s*[、，,和与及]\s*$")
# "A、B分别为X、Y万元" / "收、支总计各是X,Y万元": the k-th figure of a list goes with the k-th name
RESPECTIVELY = re.compile(r"分别|各")


def joins_list(item: Item) -> bool:
    """Only a list separator stands between this figure and the one before (X、Y和Z)."""
    return _LIST_JOIN.match(item.gap) is not None


def list_run(items: tuple[Item, ...], start: int, kind: str) -> list[int]:
    """The indices of the list of ``kind`` figures that opens at ``start`` (X、Y和Z)."""
    run = [start]
    while run[-1] + 1 < len(items) and items[run[-1] + 1].kind == kind and joins_list(items[run[-1] + 1]):
        run.append(run[-1] + 1)
    return run


def is_list_item(paragraph: Paragraph) -> bool:
    return bool(_LIST_MARKER.match(paragraph.text))


def words_alone(sentences: Sequence[Sentence]) -> bool:
    """A paragraph of words alone: no figure, no heading, no list number (…减少Y。⏎主要原因是压减开支。⏎2.B…).
    A copy with one sentence to a line makes such a paragraph of what was a sentence of the paragraph above."""
    return (
        bool(sentences)
        and not any(s.items for s in sentences)
        and sentences[0].paragraph.heading is None
        and not is_list_item(sentences[0].paragraph)
    )


# a copy one sentence to a line puts a sentence's reasons on lines of their own: readers that go on from a
# paragraph to the next pass over this many lines of words alone, as over sentences without figures
WORD_LINES = 2


def list_style(text: str) -> str | None:
    """The numbering style of a list item (``digit`` for 1. / 2、, ``paren-digit`` for （1）…)."""
    m = _LIST_MARKER.match(text)
    return m.lastgroup.replace("_", "-") if m and m.lastgroup else None


def without_list_marker(text: str) -> str:
    m = _LIST_MARKER.match(text)  # anchored: a match, where a substitution tries every position
    return text[m.end() :] if m else text


# what a name says apart from its year, quotes and brackets and the measure words at its end:
# 2024年“三公”经费支出决算 and “三公”经费预算数 name one thing
NAME_NOISE = re.compile(r"\d{4}\s*年度?|[“”\"'‘’\s（）()]")
MEASURE_TAIL = re.compile(r"(?:支出|收入|决算|预算|执行|实际|金额|总额|数){1,4}$")


def core_name(name: str) -> str:
    return MEASURE_TAIL.sub("", NAME_NOISE.sub("", name))


_ACTUAL_WORD = re.compile(r"实际|执行|决算")


def name_measure(name: str) -> str | None:
    """Whether a name (…支出决算数, …预算数) is of an outturn or a budget, by its measure words."""
    tail = MEASURE_TAIL.search(NAME_NOISE.sub("", name))
    words = tail.group(0) if tail else ""
    return "actual" if _ACTUAL_WORD.search(words) else "budget" if "预算" in words else None


def measure(item: Item) -> str | None:
    """Whether an amount is a budget or an outturn, when its words say so (基本支出 says neither)."""
    if _ACTUAL_WORD.search(item.clause):
        return "actual"
    return "budget" if "预算" in item.clause else None


def position(sents: Sequence[Sentence], sentence: Sentence) -> int:
    """Where ``sentence`` stands among its paragraph's sentences, which are in the order of their
    starts: a bisection, where ``list.index`` compares every field of every sentence before it (a
    paragraph of thousands of sentences made the composition readers quadratic)."""
    return bisect_left(sents, sentence.start, key=attrgetter("start"))


def sentences(paragraphs: Iterable[Paragraph], quantities: Iterable[Quantity]) -> list[list[Sentence]]:
    """For each paragraph (in order), its sentences with the quantities each holds."""
    by_block: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        # 个百分点 is a difference of two rates, never itself a share, rate or growth rate.
        if q.kind in ("money", "count") or q.kind == "percent" and "百分点" not in (q.unit or ""):
            by_block[q.location.block].append(q)
    out: list[list[Sentence]] = []
    for index, para in enumerate(paragraphs):
        qs = by_block.get(para.id)
        if qs is None:  # most paragraphs state no figure: no list to sort
            out.append(_split(para, (), index))
            continue
        qs.sort(key=_start)
        out.append(_split(para, qs, index))
    return out


def _start(q: Quantity) -> int:
    return q.location.start


def _split(para: Paragraph, qs: Sequence[Quantity], index: int) -> list[Sentence]:
    text = para.text
    if not qs:  # most paragraphs state no figure: their sentences have no items to read
        bounds = [0, *(m.end() for m in _SENTENCE_ENDS.finditer(text))]
        if bounds[-1] != len(text):
            bounds.append(len(text))
        return [Sentence(para, a, b, (), index) for a, b in zip(bounds, bounds[1:])]
    # the sentence ends and the brackets in one scan; the brackets are walked alongside the figures
    # (a scan per gap was slower)
    bounds = [0]
    brackets = []
    for m in _ENDS_AND_BRACKETS.finditer(text):
        mark = m.group()
        if mark in SENTENCE_END:
            bounds.append(m.end())
        else:
            brackets.append((m.start(), mark in "（("))
    if bounds[-1] != len(text):
        bounds.append(len(text))
    result = []
    qi = bi = 0
    for a, b in zip(bounds, bounds[1:]):
        items = []
        prev = a
        open_depth = 0
        while bi < len(brackets) and brackets[bi][0] < a:
            bi += 1
        while qi < len(qs) and qs[qi].location.start < b:
            q = qs[qi]
            s, e = q.location.start, q.location.end
            if s >= prev:
                bi, open_depth = _walk(brackets, bi, s, open_depth)
                items.append(Item.make(q, text[prev:s], s, e, open_depth))
                prev = e
            qi += 1
        if not items:
            result.append(Sentence(para, a, b, (), index))
            continue
        # the walk on to the sentence's end gives the brackets still open there: ``depth(text[a:b])``
        # without a second scan of the sentence
        bi, open_depth = _walk(brackets, bi, b, open_depth)
        if open_depth:
            # a bracket the paragraph never closes (…净增加X万元（一是增加部分Y万元，其中：…。<end>) is no
            # note: what follows it is read as if it were not there. One closed after a full stop inside
            # it (（A X万元；B Y万元。）) is a note.
            opens = unclosed(text, a, b)
            items = [
                Item.make(i.quantity, i.gap, i.start, i.end, i.depth - sum(o < i.start for o in opens)) for i in items
            ]
        result.append(Sentence(para, a, b, tuple(items), index))
    return result


def _walk(brackets: list[tuple[int, bool]], bi: int, before: int, depth: int) -> tuple[int, int]:
    """The brackets from ``bi`` on that stand before offset ``before`` walked (each an offset and
    whether it opens), ``depth`` open before them: the index of the next and how many are open then."""
    while bi < len(brackets) and brackets[bi][0] < before:
        if brackets[bi][1]:
            depth += 1
        elif depth:
            depth -= 1
        bi += 1
    return bi, depth


def unclosed(text: str, start: int, end: int) -> list[int]:
    """The offsets of the brackets opened in ``text[start:end]`` that ``text`` never closes."""
    opens: list[int] = []
    for m in _BRACKET.finditer(text, start):
        if m.group() in "（(":
            opens.append(m.start())
        elif opens:
            opens.pop()
    return [o for o in opens if o < end]


def depth(text: str, depth: int = 0) -> int:
    """How many brackets are open at the end of ``text`` (``depth`` open before it)."""
    for m in _BRACKET.finditer(text):  # the brackets only: most gaps have none
        if m.group() in "（(":
            depth += 1
        elif depth:
            depth -= 1
    return depth


def bracket_end(text: str, start: int, end: int) -> int:
    """Where the bracket open at ``start`` closes (``end`` when it does not close before ``end``)."""
    open_here = 0
    for m in _BRACKET.finditer(text, start, end):
        if m.group() in "（(":
            open_here += 1
        elif open_here:
            open_here -= 1
        else:
            return m.start()
    return end


_BRACKET = re.compile(r"[（()）]")
_ENDS_AND_BRACKETS = re.compile(f"[{SENTENCE_END}（()）]")
