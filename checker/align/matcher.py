"""Which table cell a figure in the prose restates.

Value first: a prose figure and a cell are candidates when their intervals overlap (both in
base units, so 2,940.05 in a 万元 table meets 2940.05万元 and 29400500元). Among candidates the
label decides: rapidfuzz similarity of canonical labels (ordinal markers, level tags and
synonyms normalised; a 合计/总计 row named after its table's caption). Period and measure must
agree (执行数 = 实际支出 = 决算数, never 年初预算). A prose figure whose label names a cell
exactly but whose value does not overlap it is a *conflict*. A figure with no direct match is
tried against small formulas over cells with related labels (a+b, a−b, a÷b, (a−b)÷b): a
formula that reproduces it is cited as its derivation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from collections import Counter
from itertools import accumulate, groupby, repeat
from operator import itemgetter
from typing import Iterable

from rapidfuzz import fuzz, process

from checker.arith import DECIMAL_CONTEXT, HUNDRED, Interval, total
from checker.lexicon import alternation, load_yaml
from checker.model import Document, Paragraph, Quantity
from checker.statements.cues import patterns as cue_patterns

LABEL_MATCH = 60.0
"""Label similarity (0–100) that, with equal values, makes a prose figure and a cell aligned."""
LABEL_SAME = 92.0
"""Label similarity at which a prose figure and a cell are taken to name the same thing."""
_FORMULA_CANDIDATES = 14
_SUBTRACT = DECIMAL_CONTEXT.subtract
_ADD = DECIMAL_CONTEXT.add
_NEAR_MATCH = LABEL_MATCH - 1
"""A cut-off below LABEL_MATCH, so that rapidfuzz's cut-off arithmetic cannot turn away a name at it."""

_ORDINAL = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))"
)
_LEVEL_TAG = re.compile(r"[（(](?:类|款|项)[)）]")
_NOISE = re.compile(r"[\s“”\"'：:、，,（）()]")


@dataclass(frozen=True)
class Alignment:
    """A prose figure matched to a table cell; ``score`` is the label similarity (0–100)."""

    prose: Quantity
    cell: Quantity
    score: float
    prose_label: str
    cell_label: str


@dataclass(frozen=True)
class Conflict:
    """A prose figure naming a cell (``score`` ≥ LABEL_SAME) whose value it does not match."""

    prose: Quantity
    cell: Quantity
    score: float
    prose_label: str
    cell_label: str
    exact: bool  # the canonical labels are identical


@dataclass(frozen=True)
class Derivation:
    """A prose figure reproduced by a small formula over cells (Scrutinizer-style evidence)."""

    prose: Quantity
    expr: str
    cells: tuple[Quantity, ...]
    value: Interval


@dataclass(frozen=True)
class AlignmentResult:
    alignments: tuple[Alignment, ...]
    conflicts: tuple[Conflict, ...]
    derivations: tuple[Derivation, ...]
    candidates: int  # prose money/percent figures that could restate a table cell

    @property
    def coverage(self) -> float:
        """Share of candidate prose figures aligned to a cell or derived from cells."""
        if not self.candidates:
            return 0.0
        done = {id(a.prose) for a in self.alignments} | {id(d.prose) for d in self.derivations}
        return len(done) / self.candidates


@lru_cache(maxsize=None)
def _synonyms() -> dict:
    return load_yaml("synonyms.yaml")


@lru_cache(maxsize=None)
def _label_map() -> dict[str, str]:
    out = {}
    for canonical, variants in _synonyms()["labels"].items():
        out[canonical] = canonical
        for v in variants:
            out[v] = canonical
    return out


@lru_cache(maxsize=None)
def _measure_group(measure: str | None) -> str | None:
    if not measure:
        return None
    for group, words in _synonyms()["measure_groups"].items():
        if measure in words:
            return group
    return measure


def canonical_label(label: str | None) -> str:
    if not label:
        return ""
    return _canonical(label)


@lru_cache(maxsize=4096)  # a document names the same rows and lines again and again (bench.forget_texts clears it)
def _canonical(label: str) -> str:
    text = _LEVEL_TAG.sub("", label)
    text = _ORDINAL.sub("", text.strip())
    text = _NOISE.sub("", text)
    return _label_map().get(text, text)


def caption_stem(caption: str | None) -> str:
    if not caption:
        return ""
    text = re.sub(r"[（(]?(?<!\s)\s*(?:金额)?单位\s*[：:].*$", "", caption.strip())
    text = re.sub(r"^[\d一二三四五六七八九十]+[、.．]\s*", "", text)
    text = re.sub(r"^.*?(?=财政拨款|收入|支出|一般公共|政府性基金|国有资本)", "", text, count=1) or text
    for suffix in sorted(_synonyms()["caption_suffixes"], key=len, reverse=True):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


@lru_cache(maxsize=None)
def _measure_words() -> frozenset[str]:
    return frozenset(w for words in _synonyms()["measure_groups"].values() for w in words)


@lru_cache(maxsize=None)
def _any_measure_word() -> re.Pattern[str]:
    return re.compile(alternation(_measure_words()))


@lru_cache(maxsize=1024)  # a table's few headers name all its cells (bench.forget_texts clears it)
def _header_name(header: str | None) -> str:
    """A column header without its measure words (公务接待费/预算数 → 公务接待费)."""
    if not header:
        return ""
    measures = _measure_words()
    kept = [seg for seg in header.split("/") if (name := canonical_label(seg)) and name not in measures]
    return canonical_label("".join(kept))


def cell_label(cell: Quantity, caption: str | None) -> tuple[str, bool]:
    """A cell's name and whether it is the row's own figure (so a prose figure naming it may
    be held to it). A 合计/总计 row is named by its column (合计 · 基本支出 → 基本支出), or,
    in the total column, by the table's caption (收入支出决算总表 · 总计 → 收入支出总计)."""
    row = canonical_label(cell.label)
    header = _header_name(cell.header)
    generic = not row or row in _synonyms()["generic_row_labels"] or row == canonical_label(cell.header)
    if generic:
        if header and not is_total_word(header):
            # 一般公共预算财政拨款支出决算表 · 合计 · 基本支出 → 一般公共预算财政拨款基本支出
            stem = caption_stem(caption)
            qualifier = re.sub(r"(支出|收入)$", "", stem) if header.endswith(("支出", "收入")) else ""
            return canonical_label(qualifier + header), True
        return canonical_label(caption_stem(caption) + (row if row and not row == header else "合计")), True
    # an indicator row's actual value (实际完成值) is the row's own figure, as a plain amount is
    return row, not header or is_total_word(header) or cell.measure in _actual_measures()


def is_total_word(label: str) -> bool:
    return any(w in label for w in ("合计", "总计", "小计"))


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    return float(fuzz.ratio(a, b))


def names_cell(label: str, cell_name: str) -> bool:
    """The prose label is the cell's own name; a trailing 合计 adds nothing to it (the 合计 row
    of the 财政拨款“三公”经费支出决算表 is the 财政拨款“三公”经费支出)."""
    return label == cell_name or cell_name.endswith("合计") and label == cell_name[:-2]


def _name_score(label: str, cell_name: str) -> float:
    return 100.0 if names_cell(label, cell_name) else similarity(label, cell_name)


_AMOUNT = re.compile(r"[.,]|[元%]")


def _is_money(q: Quantity) -> bool:
    """A money figure; a bare cell counts only when written like an amount (2,940.05, 6.20),
    not like a code or a sequence number (201, 06, 11) that a header unit was applied to."""
    if q.value is None:
        return False
    if q.kind == "money":
        return True
    return q.kind == "number" and q.unit in ("元", "万元", "亿元", "千元") and bool(_AMOUNT.search(q.text))


def _measures_agree(a: Quantity, b: Quantity, a_measure: str | None = None) -> bool:
    ga, gb = _measure_group(a_measure or a.measure), _measure_group(b.measure)
    return ga is None or gb is None or ga == gb


def _with_table_measure(cell: Quantity, caption: str | None) -> Quantity:
    """A cell of a 决算表 without a measure in its headers states a 决算数 (of a 预算表, a 预算数)."""
    if cell.measure or not caption:
        return cell
    if "决算" in caption:
        return replace(cell, measure="决算数")
    if "预算" in caption:
        return replace(cell, measure="预算数")
    return cell


_CLAUSE_BREAKS = "，,。；;：:"


def clause_of(q: Quantity, paragraph: Paragraph) -> str:
    """The words of the clause before a prose figure."""
    # the last break found backwards, not the paragraph up to the figure split at every break
    # (a long paragraph of many figures would be read once per figure)
    end = q.location.start
    text = paragraph.text
    # each break's rfind called in C (a generator's turn per break cost more than the search)
    return text[max(map(text.rfind, _CLAUSE_BREAKS, repeat(0), repeat(end))) + 1 : end]


def clause_measure(q: Quantity, paragraph: Paragraph) -> str | None:
    """The measure a prose figure states, read from its clause when the tagger left it open
    (全年预算为321.02万元 is a budget, whatever the clause's subject)."""
    if q.measure:
        return q.measure
    clause = clause_of(q, paragraph)
    if not _any_measure_word().search(clause):
        return None  # most clauses name no measure: one scan, not a test per word
    found = [
        (clause.rfind(w), group) for group, words in _synonyms()["measure_groups"].items() for w in words if w in clause
    ]
    return max(found)[1] if found else None


_REPORT_MEASURE = {"final_accounts": "actual", "budget": "budget"}
_ANY_MEASURE = re.compile(r"预算|决算|执行|实际|结转|结余")


def plain_measure(q: Quantity, paragraph: Paragraph, kind: str) -> str | None:
    """The measure group a figure whose own clause names none states: the one its sentence names
    before it (…支出决算的功能分类情况如下：A X万元), else a 决算 report's figures are outturns, a 预算
    report's budgets (其中：基本支出 after 年初预算 is no plain figure). A budget book's name
    (一般公共预算财政拨款) names no measure; a sentence naming two, or a measure word outside the
    groups (结转, 结余), leaves the figure open."""
    sentence_start = max(paragraph.text.rfind(ch, 0, q.location.start) for ch in "。！？!?") + 1
    before = paragraph.text[sentence_start : q.location.start]
    if not _ANY_MEASURE.search(before):
        return _REPORT_MEASURE.get(kind)
    unbooked = cue_patterns().budget_books.sub("", before)
    named = _any_measure_word().findall(unbooked)
    rest = _any_measure_word().sub("", unbooked)
    if _ANY_MEASURE.search(rest):
        return None
    groups = {_measure_group(word) for word in named}
    if not groups:
        return _REPORT_MEASURE.get(kind)
    return groups.pop() if len(groups) == 1 else None


def _period_current(q: Quantity, year: int | None) -> bool:
    """A prose figure about the reporting year (no period, 本年/全年/年末, or the year itself)."""
    return not q.period or _period_is_current(q.period, year)


@lru_cache(maxsize=1024)  # a report states its few periods on every figure (bench.forget_texts clears it)
def _period_is_current(period: str, year: int | None) -> bool:
    if any(word in period for word in ("上年", "去年", "上一年", "年初")):
        return False
    years = re.findall(r"(20\d\d)", period)
    return not years or year is not None and all(int(y) == year for y in years)


class _CellIndex:
    """The cells of one document prepared once for every prose figure: per kind (percent or
    not) in document order, by value (lows sorted for bisect; the widest cell bounds how far
    below a figure an overlapping cell can start), by name (the row's own figures), and the
    money cells with their same-line groups already summed."""

    def __init__(self, cells: list[tuple[Quantity, str]], primary: set[int]):
        self.cells = cells
        intervals = [c.interval for c, _ in cells]
        self.kinds: dict[bool, list[int]] = {False: [], True: []}
        for i, (c, _) in enumerate(cells):
            self.kinds[c.kind == "percent"].append(i)
        self._by_low: dict[bool, tuple[list, list[int], list, Decimal]] = {}
        self._measures: dict[bool, set] = {}
        self._named: dict[bool, dict[str, list[int]]] = {}
        self._named_list: dict[bool, list[str]] = {}
        self._named_as: dict[tuple[bool, str], list[tuple[Quantity, str, float]]] = {}
        for percent, members in self.kinds.items():
            order = sorted(members, key=lambda i: intervals[i].low)
            widest = max((intervals[i].high - intervals[i].low for i in members), default=Decimal(0))
            highs = [intervals[i].high for i in order]
            self._by_low[percent] = ([intervals[i].low for i in order], order, highs, widest)
            self._measures[percent] = {_measure_group(cells[i][0].measure) for i in members}
            named: dict[str, list[int]] = {}
            for i in members:
                if id(cells[i][0]) in primary:
                    named.setdefault(cells[i][1], []).append(i)
            self._named[percent] = named
            self._named_list[percent] = list(named)
        self.intervals = intervals
        self.pool = [(c, lab, intervals[i]) for i, (c, lab) in enumerate(cells) if _is_money(c)]
        self._pool_of: dict[str, list[int]] = {}
        for i, (_, lab, _) in enumerate(self.pool):
            self._pool_of.setdefault(lab, []).append(i)
        self._names = list(self._pool_of)
        self._valued_names = {lab for c, lab, _ in self.pool if c.value}
        self._name_chars: dict[str, list[tuple[int, int]]] = {}
        self._names_with: dict[str, list[int]] = {}
        for n, name in enumerate(self._names):
            for char in set(name):
                self._name_chars.setdefault(char, []).append((n, name.count(char)))
                self._names_with.setdefault(char, []).append(n)
        self._formula_cells: dict[str, tuple[list[tuple[Quantity, str, Interval, float]], int]] = {}
        self._strong: dict[str, list[Interval]] = {}
        self._reach: tuple[list[Decimal], list[Decimal]] | None = None
        self._scores: dict[tuple[str, str], float] = {}
        # the same line of several tables added up (全年预算数 of each project's funds line)
        groups: dict[tuple[str | None, str], list[Quantity]] = {}
        for c, lab, _ in self.pool:
            groups.setdefault((c.header, lab), []).append(c)
        self.sums = [
            (header, lab, members, total_of(members))
            for (header, lab), members in groups.items()
            if len(members) >= 2 and len({m.location.block.split("r", 1)[0] for m in members}) == len(members)
        ]

    def overlapping(self, percent: bool, target: Interval) -> list[tuple[Quantity, str]]:
        """The cells of that kind whose interval overlaps ``target``, in document order."""
        lows, order, highs, widest = self._by_low[percent]
        low = target.low
        start = bisect_left(lows, low - widest)
        stop = bisect_right(lows, target.high)
        cells = self.cells
        return [cells[i] for i in sorted(i for i, high in zip(order[start:stop], highs[start:stop]) if high >= low)]

    def any_measure_agrees(self, percent: bool, q: Quantity, measure: str | None) -> bool:
        if not self.kinds[percent]:
            return False
        groups = self._measures[percent]
        return (
            _measure_group(measure or q.measure) is None
            or None in groups
            or _measure_group(measure or q.measure) in groups
        )

    def strong_cells(self, label: str) -> list[Interval]:
        """The intervals, each once, of the money cells of value whose names contain the label well
        (rapidfuzz partial ratio LABEL_MATCH or more): those of every strong cell ``formula_cells``
        can rank. Once per label, by a cut-off search over the few names that may resemble it (most
        labels resemble no name, or only names of nil cells), without ranking them all."""
        found = self._strong.get(label)
        if found is None:
            near = self._may_resemble(label)
            alike = (
                process.extract(label, near, scorer=fuzz.partial_ratio, score_cutoff=_NEAR_MATCH, limit=None)
                if near
                else ()
            )
            pool = self.pool
            cells = [
                pool[i][2]
                for name, score, _ in alike
                if score >= LABEL_MATCH and name in self._valued_names
                for i in self._pool_of[name]
                if pool[i][0].value
            ]
            found = self._strong[label] = list({(x.low, x.high): x for x in cells}.values())  # each value once
        return found

    def formula_cells(self, label: str) -> tuple[list[tuple[Quantity, str, Interval, float]], int]:
        """The ``_FORMULA_CANDIDATES`` money cells whose names contain the label best (rapidfuzz
        partial ratio), ties in document order, each with its interval and that score, less the
        nil ones (a nil cell takes part in no formula); and how many of them, from the first,
        score LABEL_MATCH or more (none and no cells when none does). Once per label: the prose
        names the same line again and again."""
        found = self._formula_cells.get(label)
        if found is None:
            if not self.strong_cells(label):
                found = self._formula_cells[label] = ([], 0)
            else:
                ranked = [t for t in self._rank_resembling(label) if t[0].value]
                found = self._formula_cells[label] = (ranked, sum(1 for t in ranked if t[3] >= LABEL_MATCH))
        return found

    def may_add_up(self, label: str, target: Interval) -> bool:
        """Whether a sum or difference of a strong cell of the label (``strong_cells``, or the
        ranked strong ones when there are more than ranked) and any money cell of value may meet
        ``target``: a superset of the pairs ``_derive`` tries, so a False is certain, told before
        the cells are ranked (for most labels, never). A strong cell s meets it with a cell z as
        s + z, s − z or z − s exactly when z meets target − s, s − target or s + target; the cells
        sorted by their lows, with the highest high so far beside each, tell in one bisect whether
        any cell meets an interval."""
        if self._reach is None:  # most documents state no figure that needs it
            bounds = sorted((x.low, x.high) for c, _, x in self.pool if c.value)
            self._reach = ([lo for lo, _ in bounds], list(accumulate((hi for _, hi in bounds), max)))
        lows, highest = self._reach
        low, high = target.low, target.high
        strong = self.strong_cells(label)
        if len(strong) > _FORMULA_CANDIDATES:
            # more cells named alike than are ranked: the ranked strong ones are fewer to try
            ranked, count = self.formula_cells(label)
            strong = [x for _, _, x, _ in ranked[:count]]
        for s in strong:
            for lo, hi in (
                (_SUBTRACT(low, s.high), _SUBTRACT(high, s.low)),
                (_SUBTRACT(s.low, high), _SUBTRACT(s.high, low)),
                (_ADD(s.low, low), _ADD(s.high, high)),
            ):
                below = bisect_right(lows, hi)  # the cells starting at or below hi
                if below and highest[below - 1] >= lo:
                    return True
        return False

    def _may_resemble(self, label: str) -> list[str]:
        """The names whose partial ratio with the label may reach _NEAR_MATCH. Sharing ``c``
        characters (with repeats) and the shorter of the two ``m`` long, the best window scores
        at most 200·c ÷ (m + c): character counts turn most names away before rapidfuzz's
        costlier alignment search."""
        if not label:
            return self._names  # rapidfuzz decides what an empty label resembles
        # each name once per character it shares, counted in C at the end (the order of the names
        # returned does not matter: the caller asks whether any of them resembles the label)
        shared: list[int] = []
        for char in set(label):
            k = label.count(char)
            if k == 1:
                shared += self._names_with.get(char, ())
            else:
                for n, in_name in self._name_chars.get(char, ()):
                    shared += [n] * min(k, in_name)
        common = Counter(shared)
        size = len(label)
        names = self._names
        return [names[n] for n, c in common.items() if 200 * c >= _NEAR_MATCH * (min(size, len(names[n])) + c)]

    def _rank_resembling(self, label: str) -> list[tuple[Quantity, str, Interval, float]]:
        # one rapidfuzz call scores every distinct name, best first; the cells of the names
        # that score alike are then taken in document order until there are enough
        picked: list[tuple[int, float]] = []
        hits = process.extract(label, self._names, scorer=fuzz.partial_ratio, limit=None)
        for score, tied in groupby(hits, key=itemgetter(1)):
            members = sorted(i for name, _, _ in tied for i in self._pool_of[name])
            picked += [(i, score) for i in members[: _FORMULA_CANDIDATES - len(picked)]]
            if len(picked) == _FORMULA_CANDIDATES:
                break
        return [(*self.pool[i], score) for i, score in picked]

    def name_score(self, label: str, cell_name: str) -> float:
        """``_name_score`` once per pair of names in this document."""
        key = (label, cell_name)
        score = self._scores.get(key)
        if score is None:
            score = self._scores[key] = _name_score(label, cell_name)
        return score

    def named(self, percent: bool, label: str) -> list[tuple[Quantity, str, float]]:
        """The row's own figures of that kind whose name scores ≥ LABEL_SAME, in document order
        (once per label: the prose names the same line again and again)."""
        key = (percent, label)
        if key not in self._named_as:
            names = self._named[percent]
            # the names that may score LABEL_SAME: its own (names_cell) and those rapidfuzz finds
            # alike in one call, each then scored as ever
            maybe = {label, label + "合计"}.intersection(names)
            maybe.update(
                name
                for name, _, _ in process.extract(
                    label, self._named_list[percent], scorer=fuzz.ratio, score_cutoff=LABEL_SAME - 1, limit=None
                )
            )
            hits = sorted(i for lab in maybe if self.name_score(label, lab) >= LABEL_SAME for i in names[lab])
            self._named_as[key] = [
                (self.cells[i][0], self.cells[i][1], self.name_score(label, self.cells[i][1])) for i in hits
            ]
        return self._named_as[key]


def align(document: Document, quantities: Iterable[Quantity]) -> AlignmentResult:
    paragraphs = {p.id: p for p in document.blocks if isinstance(p, Paragraph)}
    captions = {t.id: t.caption for t in document.tables()}
    prose: list[Quantity] = []
    cells: list[tuple[Quantity, str]] = []
    primary: set[int] = set()
    derived = set(_synonyms()["derived_measures"])
    for q in quantities:
        if q.value is None or q.kind not in ("money", "percent", "number"):
            continue
        if q.location.block in paragraphs:
            if q.kind in ("money", "percent") and q.measure not in derived and not q.approx:
                prose.append(q)
        else:
            table_id = q.location.block.split("r", 1)[0]
            if table_id in captions and (_is_money(q) or q.kind == "percent" and _AMOUNT.search(q.text)):
                q = _with_table_measure(q, captions[table_id])
                name, own = cell_label(q, captions[table_id])
                cells.append((q, name))
                if own:
                    primary.add(id(q))
    if not cells:
        return AlignmentResult((), (), (), 0)
    index = _CellIndex(cells, primary)
    alignments: list[Alignment] = []
    conflicts: list[Conflict] = []
    derivations: list[Derivation] = []
    candidates = 0
    labels: dict[str | None, str] = {}
    for q in prose:
        percent = q.kind == "percent"
        measure = clause_measure(q, paragraphs[q.location.block])
        label = labels.get(q.label)
        if label is None:
            label = labels[q.label] = canonical_label(q.label)  # the prose names a line again and again
        best = _best_value_match(q, label, index.overlapping(percent, q.interval), measure, index.name_score)
        current = _period_current(q, document.year)
        # coverage counts the figures a table could hold: of a measure and period the tables
        # state (a 年初预算 or a prior-year figure in a 决算 report has no cell to meet)
        if best is None and (not current or q.kind == "money" and not index.any_measure_agrees(percent, q, measure)):
            continue
        candidates += 1
        named = []
        if current and len(label) >= 4:
            named = [(c, lab, s) for c, lab, s in index.named(percent, label) if _measures_agree(q, c, measure)]
        exact = [(c, lab, s) for c, lab, s in named if names_cell(label, lab)]
        loose_conflict = q.kind == "money" and exact and len({c.value for c, _, _ in exact}) == 1
        if best is not None:
            alignments.append(best)
            if best.score < LABEL_SAME and loose_conflict:
                # the value is found only under a looser name, while the cell of this very
                # name says otherwise: worth a look, not a verdict
                c, lab, s = exact[0]
                conflicts.append(Conflict(q, c, s, label, lab, False))
            continue
        derivation = _derive(q, label, index, paragraphs[q.location.block])
        if derivation is not None:
            derivations.append(derivation)
            if loose_conflict and not any(c is d for d in derivation.cells for c, _, _ in exact):
                # the figure is the sum of other cells (a total's parts), but the cell of its
                # very name says otherwise: the parts or that cell are wrong
                c, lab, s = exact[0]
                conflicts.append(Conflict(q, c, s, label, lab, False))
            continue
        if named and q.kind == "money":
            certain = True
            if measure is None and len({c.value for c, _, _ in named}) > 1:
                # the cells of that name per measure (预算数 | 决算数): a plain figure states the
                # report's own measure, a reading that can only justify a warning
                implied = plain_measure(q, paragraphs[q.location.block], document.kind)
                named = [t for t in named if implied and _measure_group(t[0].measure) == implied]
                certain = False
            # several cells of that name with different values: the prose may mean any one
            values = {c.value for c, _, _ in named}
            if len(values) == 1:
                c, lab, s = max(named, key=lambda t: t[2])
                conflicts.append(Conflict(q, c, s, label, lab, certain and names_cell(label, lab)))
        elif (
            named and percent and q.op is None and not _target_word().search(clause_of(q, paragraphs[q.location.block]))
        ):
            # 传染病报告及时率达到97.2% beside an indicator row (≥98% | 99.2%): a plain rate restates the row's
            # actual value, not its target (a bound); only a warning, as the prose may round or restate otherwise
            done = [t for t in named if t[0].op is None and t[0].measure in _actual_measures()]
            if len({c.value for c, _, _ in done}) == 1:
                c, lab, s = max(done, key=lambda t: t[2])
                conflicts.append(Conflict(q, c, s, label, lab, False))
    return AlignmentResult(tuple(alignments), tuple(conflicts), tuple(derivations), candidates)


@lru_cache(maxsize=1)
def _target_word() -> re.Pattern[str]:
    return re.compile(alternation(_synonyms()["indicator_target_words"]))


@lru_cache(maxsize=1)
def _actual_measures() -> frozenset[str]:
    columns = dict((role, words) for role, words in load_yaml("scoring.yaml")["indicator_columns"])
    return frozenset(columns["actual"])


_DISTINCTIVE_DIGITS = 5
"""A figure with this many significant digits (9,436.64) is aligned on its value alone when
exactly one cell value equals it: such a coincidence is far less likely than a restatement."""


def _best_value_match(
    q: Quantity, label: str, cells: list[tuple[Quantity, str]], measure: str | None, name_score=_name_score
) -> Alignment | None:
    iq = q.interval
    best: Alignment | None = None
    by_value: list[tuple[Quantity, str]] = []
    group = _measure_group(measure or q.measure)  # ``_measures_agree``, the figure's side asked once
    for c, lab in cells:
        # the cell's own bounds, without building its Interval: most candidates are turned away
        if not (c.low <= iq.high and iq.low <= c.high):
            continue
        if group is not None and (other := _measure_group(c.measure)) is not None and other != group:
            continue
        by_value.append((c, lab))
        score = name_score(label, lab)
        if score < LABEL_MATCH and not (label and lab and (label in lab or lab in label)):
            continue
        if best is None or score > best.score:
            best = Alignment(q, c, score, label, lab)
    if (
        best is None
        and by_value
        and len({c.value for c, _ in by_value}) == 1
        and len(q.text.replace(",", "").replace(".", "").strip("0%万亿元 ")) >= _DISTINCTIVE_DIGITS
    ):
        c, lab = max(by_value, key=lambda t: similarity(label, t[1]))
        best = Alignment(q, c, similarity(label, lab), label, lab)
    return best


def _derive(q: Quantity, label: str, index: _CellIndex, paragraph: Paragraph | None = None) -> Derivation | None:
    """Try a+b, a−b (for money) or a÷b, (a−b)÷b (for a percent) over the money cells whose
    labels most resemble the prose label; the first formula whose interval overlaps the
    figure is its derivation."""
    target = q.interval
    if target.contains_zero():
        return None  # a nil figure is reproduced by any two equal cells: no evidence
    low, high = target.low, target.high
    if q.kind == "money":
        # a group whose column the clause names (全年预算数) before one that merely adds up alike
        met = [g for g in index.sums if g[3].low <= high and low <= g[3].high]
        if met:
            clause = clause_of(q, paragraph) if paragraph is not None else ""
            header, lab, members, value = min(met, key=lambda g: not (g[0] and g[0].rsplit("/", 1)[-1] in clause))
            expr = " + ".join(m.text for m in members) + f"（各表“{lab}”{header or ''}之和）"
            return Derivation(q, expr, tuple(members), value)
    if not index.strong_cells(label):
        return None  # without one cell resembling the label no pair will do
    money = q.kind == "money"
    if money and not index.may_add_up(label, target):
        return None  # most figures: no pair meets them, told before the cells are ranked
    ranked, strong = index.formula_cells(label)
    if not strong:
        return None  # its strong cells all ranked below the nil ones that fill the candidates
    for i, (a, la, x, score_a) in enumerate(ranked):
        # ranked by score: a weak first cell pairs only with the strong ones before it
        partners: Iterable[int] = range(len(ranked) if score_a >= LABEL_MATCH else strong)
        if money:
            # x + y meets the target exactly when y meets target − x, and x − y when y meets
            # x − target (exact decimal bounds): two intervals per cell, and the pairs that
            # cannot reproduce the figure are passed over on comparisons alone
            # (the bounds of target − x and x − target, without building the intervals)
            sum_low, sum_high = _SUBTRACT(low, x.high), _SUBTRACT(high, x.low)
            difference_low, difference_high = _SUBTRACT(x.low, high), _SUBTRACT(x.high, low)
        for j in partners:
            b, lb, y, _ = ranked[j]
            if i == j or a.value == b.value:
                continue
            if money and not (
                y.low <= difference_high
                and difference_low <= y.high
                or y.low <= sum_high
                and sum_low <= y.high
                and id(a) < id(b)
            ):
                continue
            for expr, compute in _formulas(q.kind, a, b, la, lb, x, y):
                try:
                    value = compute()
                except ZeroDivisionError:
                    continue
                if value.nominal != 0 and value.overlaps(target):
                    return Derivation(q, expr, (a, b), value)
    return None


def total_of(cells: list[Quantity]) -> Interval:
    return total([c.interval for c in cells])


def _formulas(kind: str, a: Quantity, b: Quantity, la: str, lb: str, x: Interval, y: Interval):
    """The formulas over cells ``a`` and ``b`` (of intervals ``x`` and ``y``), each as its text
    and how to compute it."""
    if kind == "money":
        if id(a) < id(b):
            yield f"{la} {a.text} + {lb} {b.text}", lambda: x + y
        yield f"{la} {a.text} − {lb} {b.text}", lambda: x - y
    else:
        yield f"{la} {a.text} ÷ {lb} {b.text}", lambda: x / y * HUNDRED
        yield f"({la} {a.text} − {lb} {b.text}) ÷ {b.text}", lambda: (x - y) / y * HUNDRED
