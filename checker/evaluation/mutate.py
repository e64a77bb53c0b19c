"""The mutation harness: inject one known defect into a clean place of a real or synthetic report.

Each operator first finds the relations a document states and recomputes them on Decimal
intervals (``checker.arith``); only a relation that holds is a place to mutate, and a mutation is
kept only when the recomputation shows the edited relation can no longer hold — by a margin far
outside rounding, so the key never calls a rounding difference a defect. Every mutated copy
carries exactly one defect (an item) and the nearest untouched consistent relations (traps).

The relation finders here are deliberately not the checker's own statement extractors
(``checker.statements``): a harness that could only mutate what the checker already recognises
would measure the checker against itself. They share the readers and ``checker.numbers`` (the
places and values of figures) and ``checker.arith`` (the interval verdicts) with it.

Operators work on the document the readers build (paragraphs re-joined from wrapped lines,
TAB-cell tables), and write their edits back to the physical lines of the original text file, or
to the runs of the Word paragraph (lines are then paragraph numbers, as the docx reader counts);
a figure split across two physical lines is used for checking but never edited.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from rapidfuzz import fuzz

from checker.arith import HUNDRED, Agreement, Interval, agreement, growth, percent, total
from checker.evaluation.keys import AnswerKey
from checker.ingest import load_document
from checker.ingest.text import decode
from checker.model import Cell, Document, Paragraph, Section, Table
from checker.numbers import NumberMatch, find_quantities, scale
from checker.statements.cues import alternation, cues
from checker.structure import chinese_ordinal


# -- places in the source ------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``[start, end)`` of physical line ``line`` (1-based) of the source file."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    span: Span
    text: str
    was: Decimal | None = None  # the value of the figure edited, when a figure is


@dataclass(frozen=True)
class Figure:
    """A number a relation uses: where it is in its block, and in the file when it can be edited."""

    block: Paragraph | Cell
    match: NumberMatch

    @property
    def interval(self) -> Interval:
        if self.match.kind == "count" and self.match.decimals == 0:  # 6辆 is six, not 5.5 to 6.5
            return Interval.exact(self.match.value)
        return Interval(self.match.low, self.match.high, self.match.value)

    @property
    def line(self) -> int:
        return self.block.locate(self.match.start, self.match.end).line or 0

    def numeral(self) -> tuple[int, int]:
        """Block offsets of the digits (sign and unit excluded)."""
        m = _NUMERAL.search(self.match.text)
        if m is None:
            raise ValueError(self.match.text)
        return self.match.start + m.start(), self.match.start + m.end()

    def source(self, start: int, end: int) -> Span | None:
        return source_span(self.block, start, end)


_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")


def source_span(block: Paragraph | Cell, start: int, end: int) -> Span | None:
    """The file place of block text ``[start, end)``, or None when it crosses a line break."""
    for piece in block.pieces:
        if piece.start <= start and end <= piece.end:
            return Span(piece.line, piece.column + start - piece.start, piece.column + end - piece.start)
    return None


@dataclass(frozen=True)
class Relation:
    """A relation the document states and that holds (checked on intervals)."""

    kind: str
    figures: tuple[Figure, ...]
    why: str

    @property
    def lines(self) -> tuple[int, int]:
        lines = [f.line for f in self.figures]
        return min(lines), max(lines)

    @property
    def trap_lines(self) -> tuple[int, int]:
        """Where a false alarm about this relation would be reported: a table's 总分 is checked at
        its own cell, not over the whole table it sums."""
        if self.kind == "total_score":
            return self.figures[0].line, self.figures[0].line
        return self.lines


@dataclass(frozen=True)
class Mutation:
    op: str
    cats: tuple[str, ...]
    edits: tuple[Edit, ...]
    lines: tuple[int, int]
    why: str
    spent: tuple[Relation, ...] = ()  # relations the edit touches: never traps
    avoid: tuple[int, ...] = ()  # other lines a finding may rightly point at (the conflict's other half)


@dataclass
class Source:
    """A clean report as bytes and as the document the readers make of it."""

    path: Path
    data: bytes
    document: Document

    @classmethod
    def read(cls, path: Path) -> "Source":
        return cls(path, path.read_bytes(), load_document(path))

    def apply(self, edits: Iterable[Edit]) -> bytes:
        """The report with ``edits`` made, in its own format (text comes back as UTF-8)."""
        ordered = sorted(edits, key=lambda e: (e.span.line, -e.span.start))
        if self.document.format == "docx":
            return _apply_docx(self.data, ordered)
        if self.document.format != "txt":
            raise ValueError(f"{self.path}: only text and Word reports can be mutated")
        lines = decode(self.path, self.data).split("\n")
        for edit in ordered:
            s = edit.span
            old = lines[s.line - 1]
            lines[s.line - 1] = old[: s.start] + edit.text + old[s.end :]
        return "\n".join(lines).encode("utf-8")


def _apply_docx(data: bytes, edits: Sequence[Edit]) -> bytes:
    """Edit Word paragraphs in place. A span's line is the paragraph's number among all w:p of
    the body and its columns count the visible run text, as ``checker.ingest.docx`` reads them."""
    import docx

    from checker.ingest.docx import numbered_paragraphs, paragraph_text, visible_runs

    document = docx.Document(io.BytesIO(data))
    paragraphs = numbered_paragraphs(document.element.body)
    for edit in edits:
        p = paragraphs[edit.span.line - 1]
        before = paragraph_text(p)
        _edit_runs(visible_runs(p), edit.span.start, edit.span.end, edit.text)
        after = paragraph_text(p)
        if after != before[: edit.span.start] + edit.text + before[edit.span.end :]:
            raise ValueError(f"paragraph {edit.span.line}: the edit did not land where the reader reads")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _edit_runs(runs: list, start: int, end: int, text: str) -> None:
    """Replace characters [start, end) of the runs' joined text; the first touched run takes the
    new text (and its formatting), later touched runs lose the replaced characters."""
    pos = 0
    placed = False
    for run in runs:
        old = run.text
        a, b = pos, pos + len(old)
        pos = b
        if not placed and a <= start <= b and (start < b or end == start or b == a):
            run.text = old[: start - a] + text + old[min(end, b) - a :]
            placed = True
        elif placed and a < end:
            run.text = old[min(end, b) - a :]
        if pos >= end and placed:
            break


# -- reading relations -----------------------------------------------------------------------------


def holds(stated: Interval, computed: Interval, decimals: int) -> bool:
    """Consistent as displayed (exactly or within rounding); truncation does not count as clean."""
    return agreement(stated, computed, decimals) in (Agreement.EXACT, Agreement.ROUNDING)


def clearly_broken(stated: Interval, computed: Interval, decimals: int) -> bool:
    """Inconsistent whether the report rounded or truncated, and by more than ten display units
    (or 1% of the figure), so no tolerance a checker may grant can excuse it."""
    if agreement(stated, computed, decimals) is not Agreement.MISMATCH:
        return False
    gap = max(stated.low - computed.high, computed.low - stated.high)
    unit = Decimal(1).scaleb(-decimals)
    return gap >= max(10 * unit, abs(stated.nominal) / 100)


_LAST: list = []  # (document, blocks with their quantities) of the document read last


def _blocks(document: Document) -> list[tuple[Paragraph | Cell, list[NumberMatch]]]:
    """Every paragraph and table cell with the quantities in it (remembered for the last document:
    each operator walks the same document)."""
    if _LAST and _LAST[0] is document:
        return _LAST[1]
    out: list[tuple[Paragraph | Cell, list[NumberMatch]]] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            out.append((block, find_quantities(block.text)))
        else:
            out.extend((cell, find_quantities(cell.text, cell=True)) for cell in block.cells())
    _LAST[:] = [document, out]
    return out


_GROWTH_GAP = re.compile(r"^[^。；;]{0,24}?(?:比|较|与)[^。；;\d]{0,12}?(增加|减少)\s*$")
# the rate word: 增长/下降, or a rate noun of the growth lexicon (增幅, 降幅, 增长率为 …)
_GROWTH_WORD = re.compile(
    rf"^\s{{0,2}}[，,]?\s{{0,2}}(增长|下降|{alternation(cues()['rate_nouns']['up'] + cues()['rate_nouns']['down'])})"
    r"(?:为)?\s{0,2}$"
)
_RATE_UP = frozenset(("增长", *cues()["rate_nouns"]["up"]))


@dataclass(frozen=True)
class GrowthSite:
    relation: Relation
    current: Figure
    delta: Figure
    rate: Figure
    direction: re.Match  # the 增加/减少 word in the gap before the delta
    gap_start: int


def _note(broken: list[tuple[int, int]] | None, *figures: Figure) -> None:
    """Remember where a stated relation fails: the source has a defect of its own there."""
    if broken is not None:
        lines = [f.line for f in figures]
        broken.append((min(lines), max(lines)))


def growth_sites(document: Document, broken: list[tuple[int, int]] | None = None) -> list[GrowthSite]:
    """``X万元，比上年增加/减少Y万元，增长/下降Z%`` where Z = Y ÷ (X ∓ Y) holds (the places where it
    fails go to ``broken``)."""
    sites = []
    for block, qs in _blocks(document):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        for k in range(2, len(qs)):
            rate, delta = qs[k], qs[k - 1]
            if rate.kind != "percent" or delta.kind != "money":
                continue
            word = _GROWTH_WORD.match(text[delta.end : rate.start])
            if not word:
                continue
            cur = next((q for q in reversed(qs[: k - 1]) if q.kind == "money"), None)
            if cur is None:
                continue
            gap = _GROWTH_GAP.match(text[cur.end : delta.start])
            if not gap:
                continue
            up = gap.group(1) == "增加"
            if up != (word.group(1) in _RATE_UP) or delta.value == 0:
                continue
            c, d, r = Figure(block, cur), Figure(block, delta), Figure(block, rate)
            signed = d.interval if up else -d.interval
            try:
                computed = growth(c.interval, signed)
            except ZeroDivisionError:
                continue
            if (c.interval - signed).high <= 0:  # prior 0: the 增长100% convention, not arithmetic
                continue
            stated = r.interval if up else -r.interval
            if not holds(stated, computed, rate.decimals):
                _note(broken, c, d, r)
                continue
            why = f"{delta.text} ÷ ({cur.text} {'−' if up else '+'} {delta.text}) = {rate.text}"
            sites.append(GrowthSite(Relation("growth", (c, d, r), why), c, d, r, gap, cur.end))
    return sites


_DELTA_BEFORE = re.compile(r"(?:增加|减少|增长|下降|增|减)了?\s*$")
_SHARE_AFTER = re.compile(r"^\s*[，,]?\s*占(?:比)?\s*$")


@dataclass(frozen=True)
class SumSite:
    relation: Relation
    whole: Figure
    parts: tuple[Figure, ...]
    shares: tuple[tuple[Figure, Figure], ...]  # (part, its stated share of the whole)


def sum_sites(document: Document, broken: list[tuple[int, int]] | None = None) -> list[SumSite]:
    """``T万元，其中：A万元（，占a%）；B万元…。`` (or counts: ``6辆，其中：…2辆、…3辆``) where the
    parts add up to T."""
    sites = []
    for block, qs in _blocks(document):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        for k, whole in enumerate(qs):
            if whole.kind not in ("money", "count"):
                continue
            after = text[whole.end : whole.end + 6]
            if not re.match(r"^\s*[，,]?\s*其中", after):
                continue
            end = text.find("。", whole.end)
            end = len(text) if end < 0 else end
            parts: list[NumberMatch] = []
            shares: list[tuple[NumberMatch, NumberMatch]] = []
            prev_end = whole.end
            for q in qs[k + 1 :]:
                if q.start >= end:
                    break
                between = text[prev_end : q.start]
                prev_end = q.end
                if q.kind == whole.kind and not _DELTA_BEFORE.search(between):
                    parts.append(q)
                elif q.kind == "percent" and parts and _SHARE_AFTER.match(between) and parts[-1].end <= q.start:
                    shares.append((parts[-1], q))
            if len(parts) < 2 or any(p.unit != whole.unit for p in parts):
                continue
            w = Figure(block, whole)
            ps = tuple(Figure(block, p) for p in parts)
            if not holds(w.interval, total([p.interval for p in ps]), whole.decimals):
                _note(broken, w, *ps)
                continue
            share_figs = tuple(
                (Figure(block, p), Figure(block, s))
                for p, s in shares
                if w.interval.low > 0 and holds(s_int(s), percent(Figure(block, p).interval, w.interval), s.decimals)
            )
            why = f"{whole.text} = " + " + ".join(p.text for p in parts)
            kind = "sum" if whole.kind == "money" else "count"
            sites.append(SumSite(Relation(kind, (w, *ps), why), w, ps, share_figs))
    return sites


def s_int(q: NumberMatch) -> Interval:
    return Interval(q.low, q.high, q.value)


@dataclass(frozen=True)
class RateSite:
    relation: Relation
    rate: Figure
    expected: Interval


def _share_of(base: Interval, other: Interval) -> Interval:
    return percent(other, base)


def _difference_rate(base: Interval, other: Interval) -> Interval:
    return percent(other - base, base)


# (what precedes the base amount, what precedes the other amount, the rate's name, the formula)
_RATE_FORMS: tuple[tuple[re.Pattern, re.Pattern, re.Pattern, Callable[[Interval, Interval], Interval]], ...] = (
    (
        re.compile(r"预算(?:数|总额|金额)?\s*(?:(?:为|是)\s*)?$"),
        re.compile(
            r"(?:实际支出|执行数|执行金额|实际执行|执行|决算数|实际政府采购执行数)(?:资金)?\s*(?:(?:为|是)\s*)?$"
        ),
        re.compile(r"(?:执行率|控制率)\s*(?:(?:为|是)\s*)?$"),
        _share_of,
    ),
    (
        re.compile(r"预算数\s*(?:(?:为|是)\s*)?$"),
        re.compile(r"决算数\s*(?:(?:为|是)\s*)?$"),
        re.compile(r"差异率\s*(?:(?:为|是)\s*)?$"),
        _difference_rate,
    ),
    (
        re.compile(r"年初(?:批复)?预算数?\s*(?:(?:为|是)\s*)?$"),
        re.compile(r"(?:调增|调减|调整)数?\s*(?:(?:为|是)\s*)?$"),
        re.compile(r"调整率\s*(?:(?:为|是)\s*)?$"),
        _share_of,
    ),
)


def rate_sites(document: Document, broken: list[tuple[int, int]] | None = None) -> list[RateSite]:
    """Rates a sentence states with both amounts — 执行率/控制率 (B ÷ A), 预决算差异率 ((B − A) ÷ A),
    预算调整率 (调整数 ÷ 年初预算数) — and table rows with 全年预算数 / 全年执行数 / 执行率 columns."""
    out = []
    for block, qs in _blocks(document):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        for k in range(1, len(qs)):
            r = qs[k]
            if r.kind != "percent":
                continue
            for base_re, other_re, word_re, formula in _RATE_FORMS:
                if not word_re.search(text[max(0, r.start - 8) : r.start]):
                    continue
                money = [q for q in qs[max(0, k - 3) : k] if q.kind == "money"]
                site = _prose_rate(block, money, r, base_re, other_re, formula)
                if site:
                    out.append(site)
                    break
    for table in document.tables():
        for row, cols in _rows_under(
            table, (("全年预算数", "当年预算数", "调整后预算数", "预算数"), ("全年执行数", "执行数"), "执行率")
        ):
            b, e, r = (_cell_number(row, cols[i]) for i in range(3))
            if b is None or e is None or r is None or b.interval.low <= 0:
                continue
            if holds(r.interval, percent(e.interval, b.interval), r.match.decimals):
                out.append(
                    RateSite(
                        Relation("rate", (b, e, r), f"{e.match.text} ÷ {b.match.text} = {r.match.text}"),
                        r,
                        percent(e.interval, b.interval),
                    )
                )
            else:
                _note(broken, b, e, r)
    return out


def _prose_rate(
    block: Paragraph, money: list[NumberMatch], r: NumberMatch, base_re, other_re, formula
) -> RateSite | None:
    text = block.text
    for i, b in enumerate(money):
        for e in money[i + 1 :]:
            if "。" in text[b.start : r.start]:
                continue
            if not (
                base_re.search(text[max(0, b.start - 10) : b.start])
                and other_re.search(text[max(b.end, e.start - 12) : e.start])
            ):
                continue
            fb, fe, fr = Figure(block, b), Figure(block, e), Figure(block, r)
            if fb.interval.low <= 0:
                continue
            expected = formula(fb.interval, fe.interval)
            if holds(fr.interval, expected, r.decimals):
                shown = f"{e.text} ÷ {b.text}" if formula is _share_of else f"({e.text} − {b.text}) ÷ {b.text}"
                return RateSite(Relation("rate", (fb, fe, fr), f"{shown} = {r.text}"), fr, expected)
    return None


def _rows_under(table: Table, headers: Sequence[str | tuple[str, ...]]) -> Iterator[tuple[tuple[Cell, ...], list[int]]]:
    """Rows below a header row that names every one of ``headers`` (a tuple gives alternatives,
    best first), with those columns' indexes."""
    cols: list[int] | None = None
    width = 0
    for row in table.rows:
        texts = [c.text.replace("\n", "") for c in row]
        found = [_column(texts, (h,) if isinstance(h, str) else h) for h in headers]
        if all(i is not None for i in found):
            cols, width = found, len(row)  # type: ignore[assignment]
            continue
        if cols is not None and len(row) == width:
            yield row, cols
        elif cols is not None:
            cols = None


def _column(texts: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        for i, t in enumerate(texts):
            if name in t:
                return i
    return None


def _cell_number(row: tuple[Cell, ...], col: int) -> Figure | None:
    if col >= len(row):
        return None
    qs = [q for q in find_quantities(row[col].text, cell=True) if q.value is not None]
    return Figure(row[col], qs[0]) if len(qs) == 1 else None


_OPS_POSITIVE = (">=", "=", ">")
_OPS_REVERSE = ("<=", "<")


@dataclass(frozen=True)
class IndicatorSite:
    relation: Relation  # completion rate from target and actual
    rate: Figure
    weight: Figure | None
    score: Figure | None
    score_relation: Relation | None  # score = weight × min(rate, 100%)


def _completion(target: Figure, actual: Figure) -> Interval | None:
    op = target.match.op
    if target.match.unit != actual.match.unit or op is None:
        return None
    # A target is a threshold someone set, not a rounded measurement: it is exact.
    goal = Interval.exact(target.match.value)
    try:
        if op in _OPS_POSITIVE:
            return percent(actual.interval, goal)
        if op in _OPS_REVERSE:
            return percent(goal, actual.interval)
    except ZeroDivisionError:
        return None
    return None


def _score(weight: Figure, rate: Figure) -> Interval:
    capped = Interval(min(rate.interval.low, HUNDRED), min(rate.interval.high, HUNDRED))
    return Interval.exact(weight.match.value) * capped / HUNDRED  # weights are set, not measured


def indicator_sites(document: Document) -> list[IndicatorSite]:
    """Indicator paragraphs (预期指标值“≥T” … 实际完成值A … 指标完成率R% … 权重W分 … 得分S分)
    and indicator table rows, where R follows from T and A and S = W × min(R, 100%)."""
    out = []
    for block, qs in _blocks(document):
        if not isinstance(block, Paragraph) or "预期指标值" not in block.text:
            continue
        text = block.text
        target = _first_after(qs, text, "预期指标值", lambda q: q.op is not None)
        # the year-end value, not the mid-year monitoring value (年中监控实际完成值) stated before it
        actual = next(
            (
                a
                for word in ("本次评价实际完成值", "本次评价完成值", "实际完成值")
                if (a := _first_after(qs, text, word, lambda q: q.value is not None))
            ),
            None,
        )
        rate = _first_after(qs, text, "完成率", lambda q: q.kind == "percent")
        weight = _first_after(qs, text, "权重", lambda q: q.unit == "分")
        score = _first_after(qs, text, "得分", lambda q: q.unit == "分")
        site = _indicator(*(q and Figure(block, q) for q in (target, actual, rate, weight, score)))
        if site:
            out.append(site)
    for table in document.tables():
        for row, cols in _rows_under(table, ("指标值", "实际完成值", "完成率", "权重", "得分")):
            site = _indicator(*(_cell_number(row, c) for c in cols))
            if site:
                out.append(site)
    return out


def _first_after(qs: list[NumberMatch], text: str, word: str, ok: Callable[[NumberMatch], bool]) -> NumberMatch | None:
    at = text.find(word)
    if at < 0:
        return None
    return next((q for q in qs if q.start >= at + len(word) and ok(q)), None)


def _indicator(
    ft: Figure | None, fa: Figure | None, fr: Figure | None, fw: Figure | None, fs: Figure | None
) -> IndicatorSite | None:
    if ft is None or fa is None or fr is None or fr.match.kind != "percent":
        return None
    computed = _completion(ft, fa)
    if computed is None or not holds(fr.interval, computed, fr.match.decimals):
        return None
    rel = Relation(
        "completion", (ft, fa, fr), f"{fa.match.text} vs target {ft.match.op}{ft.match.text} → {fr.match.text}"
    )
    score_rel = None
    if fw is not None and fs is not None and holds(fs.interval, _score(fw, fr), fs.match.decimals):
        score_rel = Relation("score", (fr, fw, fs), f"{fw.match.text} × min({fr.match.text}, 100%) = {fs.match.text}")
    return IndicatorSite(rel, fr, fw if score_rel else None, fs if score_rel else None, score_rel)


_REASON = re.compile(r"(?:偏差原因(?:主要为|主要是|分析)?|主要原因(?:是|为))\s*[:：]\s*")
_REASON_END = re.compile(r"[，,；;]\s*(?:该指标|改进措施)|。|$")
_PLACEHOLDER = re.compile(r"……|\.\.\.|XX|xx|某某|请填写")


@dataclass(frozen=True)
class ReasonSite:
    block: Paragraph | Cell
    start: int
    end: int
    span: Span

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]


def reason_sites(document: Document) -> list[ReasonSite]:
    """Explanations after 偏差原因：/主要原因是：, and the cells of a 偏差原因 column."""
    out = []
    for block in document.paragraphs():
        for m in _REASON.finditer(block.text):
            end = _REASON_END.search(block.text, m.end()).start()
            _add_reason(out, block, m.end(), end)
    for table in document.tables():
        for row, cols in _rows_under(table, ("偏差原因",)):
            if cols[0] < len(row):
                cell = row[cols[0]]
                _add_reason(out, cell, 0, len(cell.text.rstrip()))
    return out


def _add_reason(out: list[ReasonSite], block, start: int, end: int) -> None:
    text = block.text[start:end]
    if len(text.strip()) < 8 or _PLACEHOLDER.search(text):
        return
    span = source_span(block, start, end)
    if span is not None:
        out.append(ReasonSite(block, start, end, span))


# -- operators ---------------------------------------------------------------------------------------

Operator = Callable[["Source", random.Random], list[Callable[[random.Random], Mutation | None]]]
"""An operator lists the candidate places in a source; each candidate, given the run's random
generator, makes its mutation (or None when the recomputation says it would not be a defect)."""


def _shift_percent(fig: Figure, rng: random.Random) -> str:
    """The percentage moved by a fifth of itself or more (at least 3 points), never below zero,
    shown with the decimals it had."""
    v, d = fig.match.value, fig.match.decimals
    step = max(Decimal(3), abs(v) / 5) * rng.choice((1, 2))
    sign = rng.choice((1, -1))
    if v - step <= 0:
        sign = 1
    new = (v + sign * step).quantize(Decimal(1).scaleb(-d))
    return f"{new:.{d}f}" if d else f"{int(new)}"


ATTEMPTS = 6


def _altered_digits(fig: Figure, rng: random.Random) -> str | None:
    """The figure's numeral with one integer digit changed by at least 1% of its value."""
    literal = fig.block.text[slice(*fig.numeral())]
    plain = Decimal(literal.replace(",", ""))
    if plain == 0:
        return None
    whole = literal.split(".")[0]
    positions = [i for i, ch in enumerate(whole) if ch.isdigit()]
    rng.shuffle(positions)
    for i in positions:
        place = Decimal(10) ** sum(ch.isdigit() for ch in whole[i + 1 :])
        choices = [d for d in "0123456789" if d != literal[i] and not (i == 0 and d == "0")]
        new_digit = rng.choice(choices)
        if abs(int(new_digit) - int(literal[i])) * place >= plain / 100:
            return literal[:i] + new_digit + literal[i + 1 :]
    return None


def _edit_numeral(fig: Figure, new: str) -> Edit | None:
    a, b = fig.numeral()
    span = fig.source(a, b)
    return Edit(span, new, fig.match.value) if span else None


def _restated(fig: Figure, numeral: str) -> Interval:
    """The interval the figure would stand for with ``numeral`` in place of its digits."""
    return Interval.stated(numeral.replace(",", ""), scale=scale(fig.match.unit))


def op_growth_rate(src: Source, _: random.Random):
    def make(site: GrowthSite):
        def mutate(rng: random.Random) -> Mutation | None:
            new = _shift_percent(site.rate, rng)
            up = site.direction.group(1) == "增加"
            signed = site.delta.interval if up else -site.delta.interval
            stated = Interval.stated(new) if up else -Interval.stated(new)
            if not clearly_broken(stated, growth(site.current.interval, signed), site.rate.match.decimals):
                return None
            edit = _edit_numeral(site.rate, new)
            return edit and Mutation(
                "growth_rate",
                ("arith.growth",),
                (edit,),
                (site.rate.line, site.rate.line),
                f"rate {site.rate.match.text} → {new}%: {site.relation.why.replace(site.rate.match.text, '?')}",
                (site.relation,),
            )

        return mutate

    return [make(s) for s in growth_sites(src.document)]


def op_direction(src: Source, _: random.Random):
    def make(site: GrowthSite):
        def mutate(rng: random.Random) -> Mutation | None:
            word = site.direction.group(1)
            other = "减少" if word == "增加" else "增加"
            a = site.gap_start + site.direction.start(1)
            span = source_span(site.current.block, a, a + 2)
            if span is None:
                return None
            # 增长/下降 is left as it was, so the change word and the rate word now disagree in sign
            up = other == "增加"
            flipped = site.delta.interval if up else -site.delta.interval
            stated = site.rate.interval if not up else -site.rate.interval
            try:
                if not clearly_broken(stated, growth(site.current.interval, flipped), site.rate.match.decimals):
                    return None
            except ZeroDivisionError:
                return None
            return Mutation(
                "direction",
                ("arith.growth", "claim"),
                (Edit(span, other),),
                (span.line, site.rate.line),
                f"{word}→{other} while the rate still says {'增长' if not up else '下降'} {site.rate.match.text}",
                (site.relation,),
            )

        return mutate

    return [make(s) for s in growth_sites(src.document)]


def op_unit(src: Source, _: random.Random):
    """万元 → 元 on an amount whose growth relation or sum only fits 万元."""
    cands = []
    for site in growth_sites(src.document):
        cands.append((site.delta, site.relation, lambda d, s=site: _growth_with(s, delta=d)))
        cands.append((site.current, site.relation, lambda c, s=site: _growth_with(s, current=c)))
    for site in sum_sites(src.document):
        for i, part in enumerate(site.parts):
            cands.append((part, site.relation, lambda p, s=site, i=i: _sum_with(s, i, p)))

    def make(fig: Figure, rel: Relation, broken: Callable[[Interval], bool]):
        def mutate(rng: random.Random) -> Mutation | None:
            if fig.match.unit != "万元" or fig.match.value < 10000:  # under 1万元 the slip is too small to show
                return None
            at = fig.match.start + fig.match.text.find("万元")
            span = fig.source(at, at + 1)
            if span is None or not broken(fig.interval / Decimal(10000)):
                return None
            yuan = fig.source(at + 1, at + 2)
            if yuan is not None and yuan.line == span.line and yuan.start > span.end:
                span = Span(span.line, span.start, yuan.start)  # 萬(wàn)元: the pinyin goes with its character
            return Mutation(
                "unit",
                ("unit",),
                (Edit(span, "", fig.match.value),),
                (span.line, span.line),
                f"{fig.match.text} written as {fig.match.text.replace('万元', '元')}: {rel.why} only fits 万元",
                (rel,),
            )

        return mutate

    return [make(*c) for c in cands]


def _growth_with(site: GrowthSite, current: Interval | None = None, delta: Interval | None = None) -> bool:
    up = site.direction.group(1) == "增加"
    c = current if current is not None else site.current.interval
    d = delta if delta is not None else site.delta.interval
    try:
        computed = growth(c, d if up else -d)
    except ZeroDivisionError:  # the prior year may be zero: nothing can be concluded
        return False
    stated = site.rate.interval if up else -site.rate.interval
    return clearly_broken(stated, computed, site.rate.match.decimals)


def _sum_with(site: SumSite, index: int, part: Interval) -> bool:
    parts = [p.interval for p in site.parts]
    parts[index] = part
    return clearly_broken(site.whole.interval, total(parts), site.whole.match.decimals)


def op_sum_part(src: Source, _: random.Random):
    def make(site: SumSite, i: int):
        def mutate(rng: random.Random) -> Mutation | None:
            part = site.parts[i]
            # a small part may need a higher digit changed before the total visibly breaks
            new = next(
                (
                    n
                    for n in (_altered_digits(part, rng) for _ in range(ATTEMPTS))
                    if n is not None and _sum_with(site, i, _restated(part, n))
                ),
                None,
            )
            if new is None:
                return None
            edit = _edit_numeral(part, new)
            return edit and Mutation(
                "sum_part",
                ("arith.sum",),
                (edit,),
                (site.whole.line, part.line),
                f"part {part.match.text} → {new}: {site.relation.why} no longer adds up",
                (site.relation,),
            )

        return mutate

    return [make(s, i) for s in sum_sites(src.document) if s.relation.kind == "sum" for i in range(len(s.parts))]


def op_count(src: Source, _: random.Random):
    """A stated number of things (车辆6辆，其中…) changed so its breakdown no longer adds up."""

    def make(site: SumSite):
        def mutate(rng: random.Random) -> Mutation | None:
            w = site.whole
            value = int(w.match.value) + rng.choice((-2, -1, 1, 2, 3))
            if value <= 0 or value == int(w.match.value):
                return None
            new = str(value)
            edit = _edit_numeral(w, new)
            return edit and Mutation(
                "count",
                ("count", "arith.sum"),
                (edit,),
                (w.line, w.line),
                f"count {w.match.text} → {new}: {site.relation.why} no longer adds up",
                (site.relation,),
            )

        return mutate

    return [make(s) for s in sum_sites(src.document) if s.relation.kind == "count" and s.whole.match.decimals == 0]


def op_share(src: Source, _: random.Random):
    def make(site: SumSite, part: Figure, share: Figure):
        def mutate(rng: random.Random) -> Mutation | None:
            new = _shift_percent(share, rng)
            if Decimal(new) >= 100 or not clearly_broken(
                Interval.stated(new), percent(part.interval, site.whole.interval), share.match.decimals
            ):
                return None
            edit = _edit_numeral(share, new)
            rel = Relation(
                "share", (site.whole, part, share), f"{part.match.text} ÷ {site.whole.match.text} = {share.match.text}"
            )
            return edit and Mutation(
                "share",
                ("arith.share",),
                (edit,),
                (share.line, share.line),
                f"share {share.match.text} → {new}%: {rel.why}",
                (rel, site.relation),
            )

        return mutate

    return [make(s, p, sh) for s in sum_sites(src.document) for p, sh in s.shares if p.match.value]


def op_rate(src: Source, _: random.Random):
    def make(site: RateSite):
        def mutate(rng: random.Random) -> Mutation | None:
            r = site.rate
            new = _shift_percent(r, rng)
            if not clearly_broken(Interval.stated(new), site.expected, r.match.decimals):
                return None
            edit = _edit_numeral(r, new)
            return edit and Mutation(
                "rate",
                ("arith.ratio",),
                (edit,),
                (r.line, r.line),
                f"rate {r.match.text} → {new}%: {site.relation.why}",
                (site.relation,),
            )

        return mutate

    return [make(s) for s in rate_sites(src.document)]


def op_completion(src: Source, _: random.Random):
    def make(site: IndicatorSite):
        def mutate(rng: random.Random) -> Mutation | None:
            t, a, r = site.relation.figures
            new = _shift_percent(r, rng)
            if not clearly_broken(Interval.stated(new), _completion(t, a), r.match.decimals):
                return None
            edit = _edit_numeral(r, new)
            spent = (site.relation,) + ((site.score_relation,) if site.score_relation else ())
            return edit and Mutation(
                "completion_rate",
                ("arith.ratio", "arith.score"),
                (edit,),
                (r.line, r.line),
                f"completion rate {r.match.text} → {new}%: {site.relation.why}",
                spent,
            )

        return mutate

    return [make(s) for s in indicator_sites(src.document)]


@dataclass(frozen=True)
class ScoreSite:
    relation: Relation
    score: Figure
    expected: Interval


def score_sites(document: Document) -> list[ScoreSite]:
    """Scores that follow from other figures and hold: an indicator's score (weight × min(rate,
    100%)), the 执行率 line of a self-evaluation table (rate × weight) and the table's 总分 (the
    执行率 score plus every indicator score)."""
    out = [
        ScoreSite(s.score_relation, s.score, _score(s.weight, s.rate))
        for s in indicator_sites(document)
        if s.score_relation
    ]
    for table in document.tables():
        funds = [_figures(row, cols) for row, cols in _rows_under(table, ("全年执行数", "权重", "执行率", "得分"))]
        funds = [f for f in funds if None not in f]
        indicators = [
            _figures(row, cols)
            for row, cols in _rows_under(table, ("指标值", "实际完成值", "完成率", "权重", "得分"))
            if row[0].text.strip() not in _TOTAL_LABELS
        ]
        for _, w, r, sc in funds:
            if holds(sc.interval, _score(w, r), sc.match.decimals):
                out.append(
                    ScoreSite(
                        Relation("score", (r, w, sc), f"{r.match.text} × {w.match.text} = {sc.match.text}"),
                        sc,
                        _score(w, r),
                    )
                )
        if len(funds) != 1 or not indicators or any(f[4] is None for f in indicators):
            continue
        parts = [funds[0][3]] + [f[4] for f in indicators]
        grand = _total_cell(table)
        if grand is not None and holds(grand.interval, total([p.interval for p in parts]), grand.match.decimals):
            why = f"{grand.match.text} = " + " + ".join(p.match.text for p in parts)
            out.append(
                ScoreSite(Relation("total_score", (grand, *parts), why), grand, total([p.interval for p in parts]))
            )
    return out


_TOTAL_LABELS = ("总分", "合计得分", "总得分", "合计")


def _figures(row: tuple[Cell, ...], cols: list[int]) -> list[Figure | None]:
    return [_cell_number(row, c) for c in cols]


def _total_cell(table: Table) -> Figure | None:
    """The last figure of the table's 总分 row."""
    for row in table.rows:
        if row and row[0].text.strip() in _TOTAL_LABELS:
            cells = [c for c in row[1:] if c.text.strip()]
            return _cell_number(cells, len(cells) - 1) if cells else None
    return None


def op_score(src: Source, _: random.Random):
    def make(site: ScoreSite):
        def mutate(rng: random.Random) -> Mutation | None:
            s = site.score
            new = _altered_digits(s, rng) if s.match.value >= 10 else None
            if new is None:
                step = Decimal(rng.choice(("1.5", "2", "3")))
                value = s.match.value - step if s.match.value > step else s.match.value + step
                new = f"{value:.{s.match.decimals}f}"
            if not clearly_broken(Interval.stated(new), site.expected, s.match.decimals):
                return None
            edit = _edit_numeral(s, new)
            # a total score is also a sum, and a checker may well report it as one
            cats = ("arith.score", "arith.sum") if site.relation.kind == "total_score" else ("arith.score",)
            return edit and Mutation(
                "score",
                cats,
                (edit,),
                (s.line, s.line),
                f"score {s.match.text} → {new}: {site.relation.why}",
                (site.relation,),
            )

        return mutate

    return [make(s) for s in score_sites(src.document)]


_CLAUSE_START = re.compile(r"[，。；：:,;（(、]")
_LABEL_NOISE = re.compile(r"(?<!\d)\d+\s*年度?|\s|[为是：:]$")
_LABEL_TAIL = re.compile(r"(?:合计|共计|为|是)+$")  # 总计 stays: 支出总计 is not 本年支出
# measures without a subject: two of them with one value may belong to different items
_GENERIC_LABELS = {
    "支出决算数",
    "决算数",
    "预算数",
    "执行数",
    "全年预算数",
    "年初预算数",
    "全年执行数",
    "执行金额",
    "预算金额",
    "总金额",
    "实际支出",
    "金额",
    "支出",
    "收入",
    "资金",
}
_NOT_A_LABEL = re.compile(r"(增加|减少|增长|下降|约|共|了|占|达|至)$")


def clause_label(text: str, start: int) -> str | None:
    """What the amount at ``start`` is called: its clause up to the number, without years and
    filler, e.g. "本年收入合计" → "本年收入"; None when too generic to name one quantity."""
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    label = _LABEL_NOISE.sub("", text[clause_start:start])
    label = _LABEL_TAIL.sub("", label)
    if len(label) < 3 or label in _GENERIC_LABELS or _NOT_A_LABEL.search(label):
        return None
    return label


def significant_digits(literal: str) -> int:
    digits = literal.replace(",", "").replace(" ", "")
    whole, _, frac = digits.partition(".")
    digits = (whole + frac).lstrip("0")
    return len(digits if frac else digits.rstrip("0"))


def op_value_conflict(src: Source, _: random.Random):
    """The same amount, under the same name and with at least four significant digits (so equal
    values are not a coincidence), stated in two paragraphs; one of them is changed."""
    seen: dict[tuple[str, Decimal], Figure] = {}
    pairs: list[tuple[Figure, Figure]] = []
    for block, qs in _blocks(src.document):
        if not isinstance(block, Paragraph):
            continue
        for q in qs:
            if q.kind != "money" or q.value is None or q.value < 10000:
                continue
            fig = Figure(block, q)
            label = clause_label(block.text, q.start)
            if label is None or significant_digits(block.text[slice(*fig.numeral())]) < 4:
                continue
            key = (label, q.value)
            if key in seen and seen[key].block is not block:
                pairs.append((seen[key], fig))
            else:
                seen.setdefault(key, fig)

    def make(first: Figure, second: Figure):
        def mutate(rng: random.Random) -> Mutation | None:
            new = _altered_digits(second, rng)
            if new is None:
                return None
            if _restated(second, new).overlaps(first.interval):
                return None
            edit = _edit_numeral(second, new)
            return edit and Mutation(
                "value_conflict",
                (
                    "value.conflict",
                    "arith.sum",
                    "arith.difference",
                    "arith.growth",
                    "arith.share",
                    "arith.ratio",
                    "table",
                ),
                (edit,),
                (second.line, second.line),
                f"{second.match.text} (line {second.line}) → {new}; line {first.line} still states {first.match.text}",
                avoid=(first.line,),
            )

        return mutate

    return [make(a, b) for a, b in pairs]


def _masked(text: str) -> str:
    return re.sub(r"\d[\d,.]*%?", "#", text)


def op_reason_copy(src: Source, _: random.Random):
    """One indicator's deviation reason copied over another's."""
    reasons = [r for r in reason_sites(src.document) if "偏差原因" in _context(r) or isinstance(r.block, Cell)]

    def make(origin: ReasonSite, target: ReasonSite):
        def mutate(rng: random.Random) -> Mutation | None:
            if fuzz.ratio(_masked(origin.text), _masked(target.text)) >= 60:
                return None  # already alike: a copy would not be a new defect
            return Mutation(
                "reason_copy",
                ("boilerplate",),
                (Edit(target.span, origin.text),),
                (target.span.line, target.span.line),
                f"reason of line {origin.span.line} copied to line {target.span.line}: “{origin.text[:30]}…”",
                avoid=(origin.span.line,),
            )

        return mutate

    return [make(a, b) for a in reasons for b in reasons if a.span.line != b.span.line]


def _context(site: ReasonSite) -> str:
    return site.block.text[max(0, site.start - 12) : site.start]


def op_placeholder(src: Source, _: random.Random):
    def make(site: ReasonSite):
        def mutate(rng: random.Random) -> Mutation | None:
            filler = rng.choice(("……", "XX", "XXXX"))
            return Mutation(
                "placeholder",
                ("template",),
                (Edit(site.span, filler),),
                (site.span.line, site.span.line),
                f"reason “{site.text[:20]}…” replaced by the placeholder {filler}",
            )

        return mutate

    return [make(s) for s in reason_sites(src.document)]


_CN_NUM = "一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUM[tens - 1]) + "十" + (_CN_NUM[ones - 1] if ones else "")


def op_heading_skip(src: Source, _: random.Random):
    """The last of a run of consecutively numbered sibling headings renumbered one higher."""
    blocks = {b.id: b for b in src.document.paragraphs()}
    cands = []

    def walk(siblings: Sequence[Section]) -> None:
        same_level = [s for s in siblings]
        numbers = [s.heading.number for s in same_level]
        if (
            len(same_level) >= 3
            and numbers == list(range(1, len(numbers) + 1))
            and len({s.heading.level for s in same_level}) == 1
        ):
            cands.append(same_level[-1])
        for s in siblings:
            walk(s.children)

    walk(src.document.sections)

    def make(section: Section):
        def mutate(rng: random.Random) -> Mutation | None:
            block = blocks[section.block]
            h = section.heading
            at = block.text.find(h.marker)
            if at < 0:
                return None
            m = re.search(r"\d+|[一二三四五六七八九十百]+", h.marker)
            if m is None:
                return None
            old = m.group(0)
            new = str(h.number + 1) if old.isdigit() else _chinese(h.number + 1)
            if not old.isdigit() and chinese_ordinal(old) != h.number:
                return None
            span = source_span(block, at + m.start(), at + m.end())
            if span is None:
                return None
            return Mutation(
                "heading_skip",
                ("structure",),
                (Edit(span, new),),
                (span.line, span.line),
                f"heading {h.marker}{h.title[:12]} renumbered {old}→{new}: number {h.number} is skipped",
            )

        return mutate

    return [make(s) for s in cands]


# Found here independently of STR004's own patterns, so that its recall is measured on lists the
# rule did not choose.
_LISTED_REASON = re.compile(r"(?:^|(?<=[，,。；;：:]))\s*([一二三四五六七八九])是")


def op_enumeration_skip(src: Source, _: random.Random):
    """The last item of an inline list 一是…二是…三是… renumbered one higher, so one is skipped."""
    cands = []
    for block in src.document.paragraphs():
        run: list[re.Match] = []
        for m in _LISTED_REASON.finditer(block.text):
            number = chinese_ordinal(m.group(1))
            if run and number == len(run) + 1:
                run.append(m)
                continue
            if len(run) >= 3:
                cands.append((block, run))
            run = [m] if number == 1 else []
        if len(run) >= 3:
            cands.append((block, run))

    def make(block: Paragraph, run: list[re.Match]):
        def mutate(rng: random.Random) -> Mutation | None:
            last = run[-1]
            span = source_span(block, last.start(1), last.end(1))
            if span is None:
                return None
            new = _chinese(len(run) + 1)
            return Mutation(
                "enumeration_skip",
                ("structure",),
                (Edit(span, new),),
                (span.line, span.line),
                f"list item {last.group(1)}是 renumbered {new}是: item {len(run)} is skipped",
            )

        return mutate

    return [make(b, r) for b, r in cands]


_CARRY_WORD = re.compile(r"(?:结转|结余)(?:和结余|或结余|结余)?(?:资金)?\s*(?:(?:为|是)\s*)?$")
_BUDGET_WORD = re.compile(r"预算(?:数|资金|总额|金额)?\s*(?:(?:为|是)\s*)?$")
_SPENT_WORD = re.compile(r"(?:支出|执行数|执行金额|实际执行)(?:资金)?\s*(?:(?:为|是)\s*)?$")


def difference_sites(document: Document, broken: list[tuple[int, int]] | None = None) -> list[Relation]:
    """``预算A万元，…支出B万元，…结转结余C万元`` in one sentence, where C = A − B."""
    out = []
    for block, qs in _blocks(document):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        money = [q for q in qs if q.kind == "money"]
        for k in range(2, len(money)):
            a, b, c = money[k - 2], money[k - 1], money[k]
            if "。" in text[a.start : c.start] or not _CARRY_WORD.search(text[max(0, c.start - 10) : c.start]):
                continue
            if not (
                _BUDGET_WORD.search(text[max(0, a.start - 10) : a.start])
                and _SPENT_WORD.search(text[max(a.end, b.start - 10) : b.start])
            ):
                continue
            fa, fb, fc = Figure(block, a), Figure(block, b), Figure(block, c)
            if holds(fc.interval, fa.interval - fb.interval, c.decimals):
                out.append(Relation("difference", (fa, fb, fc), f"{c.text} = {a.text} − {b.text}"))
            else:
                _note(broken, fa, fb, fc)
    return out


def op_difference(src: Source, _: random.Random):
    def make(rel: Relation):
        def mutate(rng: random.Random) -> Mutation | None:
            a, b, c = rel.figures
            new = next(
                (
                    n
                    for n in (_altered_digits(c, rng) for _ in range(ATTEMPTS))
                    if n is not None and clearly_broken(_restated(c, n), a.interval - b.interval, c.match.decimals)
                ),
                None,
            )
            edit = new and _edit_numeral(c, new)
            return edit and Mutation(
                "difference",
                ("arith.difference", "arith.sum"),
                (edit,),
                (c.line, c.line),
                f"{c.match.text} → {new}: {rel.why} no longer holds",
                (rel,),
            )

        return mutate

    return [make(r) for r in difference_sites(src.document)]


def _table_scale(table: Table) -> Decimal | None:
    """The money unit of a table's bare numbers: its stated unit, else a 万元 its headers name."""
    if table.unit:
        return scale(table.unit)
    if any("万元" in c.text for row in table.rows[:8] for c in row):
        return scale("万元")
    return None


def _row_label(table: Table, row: int) -> str:
    return next((c.text.strip() for c in table.rows[row - 1] if c.text.strip()), "")


def _only_figure(table: Table, cell: Cell, value: Decimal, cells: list[tuple[Cell, NumberMatch]]) -> bool:
    """The cell is the one place of this value in the table — repeated only below it in the same
    column by its own 其中 rows (年度资金总额 and 其中：当年财政拨款 often coincide). Otherwise
    another cell (年初预算数 = 全年预算数) may be the figure the prose states, and changing this
    one would not be a defect."""
    others = [c for c, q in cells if q.value == value and c is not cell]
    if _row_label(table, cell.row).startswith("其中"):
        return False
    return all(c.col == cell.col and c.row > cell.row and _row_label(table, c.row).startswith("其中") for c in others)


def op_table_cell(src: Source, _: random.Random):
    """A table cell changed where the prose states the same figure (four or more significant
    digits, so equal values are the same figure, not a coincidence)."""
    prose: dict[Decimal, Figure] = {}
    for block, qs in _blocks(src.document):
        if isinstance(block, Paragraph):
            for q in qs:
                if (
                    q.kind == "money"
                    and q.value
                    and significant_digits(block.text[q.start : q.end].split("万")[0].split("元")[0]) >= 4
                ):
                    prose.setdefault(q.value, Figure(block, q))
    pairs = []
    for table in src.document.tables():
        factor = _table_scale(table)
        if factor is None:
            continue
        cells = [
            (cell, q)
            for cell in table.cells()
            for q in find_quantities(cell.text, cell=True)
            if q.kind == "number" and q.value
        ]
        for cell, q in cells:
            if q.value * factor in prose and _only_figure(table, cell, q.value, cells):
                pairs.append((prose[q.value * factor], Figure(cell, q)))

    def make(stated: Figure, cell: Figure):
        def mutate(rng: random.Random) -> Mutation | None:
            new = _altered_digits(cell, rng)
            if new is None:
                return None
            edit = _edit_numeral(cell, new)
            # the changed cell also breaks its row's rate, its change columns (增减额, 增减率) or the
            # table's sums: those findings count too
            return edit and Mutation(
                "table_cell",
                ("table", "value.conflict", "arith.sum", "arith.ratio", "arith.growth"),
                (edit,),
                (cell.line, cell.line),
                f"table cell {cell.match.text} → {new}; line {stated.line} states {stated.match.text}",
                avoid=(stated.line,),
            )

        return mutate

    return [make(a, b) for a, b in pairs]


OPERATORS: dict[str, Operator] = {
    "growth_rate": op_growth_rate,
    "direction": op_direction,
    "unit": op_unit,
    "sum_part": op_sum_part,
    "share": op_share,
    "rate": op_rate,
    "completion_rate": op_completion,
    "score": op_score,
    "difference": op_difference,
    "count": op_count,
    "value_conflict": op_value_conflict,
    "table_cell": op_table_cell,
    "reason_copy": op_reason_copy,
    "placeholder": op_placeholder,
    "heading_skip": op_heading_skip,
    "enumeration_skip": op_enumeration_skip,
}


def broken_relations(document: Document) -> list[tuple[int, int]]:
    """Lines where a relation the finders read does not hold: the source's own defects, which
    must not become traps however the checker reports them."""
    broken: list[tuple[int, int]] = []
    growth_sites(document, broken)
    sum_sites(document, broken)
    rate_sites(document, broken)
    difference_sites(document, broken)
    return broken


def consistent_relations(document: Document) -> list[Relation]:
    """Every relation the operators can recompute that holds: the candidates for traps."""
    rels: list[Relation] = [s.relation for s in growth_sites(document)]
    for s in sum_sites(document):
        rels.append(s.relation)
        rels += [
            Relation("share", (s.whole, p, sh), f"{p.match.text} ÷ {s.whole.match.text} = {sh.match.text}")
            for p, sh in s.shares
        ]
    rels += [s.relation for s in rate_sites(document)]
    rels += difference_sites(document)
    rels += [s.relation for s in indicator_sites(document)]
    rels += [s.relation for s in score_sites(document)]
    return rels


# -- a run ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    source: Path
    name: str
    data: bytes  # the mutated report, in the source's format
    mutation: Mutation
    traps: tuple[Relation, ...]


MAX_TRAPS = 3


def choose_traps(
    relations: Sequence[Relation], mutation: Mutation, known: Sequence[tuple[int, int]] = ()
) -> tuple[Relation, ...]:
    """The nearest consistent relations that the edit leaves alone, clear of the item's lines and
    of the lines of defects the source is known to have (an error there would be right)."""
    edited = {e.span.line for e in mutation.edits}
    first, last = mutation.lines
    spent = {id(r) for r in mutation.spent}
    spent_figs = {(f.block.id, f.match.start) for r in mutation.spent for f in r.figures}
    # the same value stated elsewhere now disagrees with the edited one: an error there is right
    touched = {e.was for e in mutation.edits if e.was}

    def clear(rel: Relation) -> bool:
        a, b = rel.lines
        if id(rel) in spent or any(a <= line <= b for line in edited):
            return False
        if b >= first - 2 and a <= last + 2:
            return False
        if any(b >= line - 2 and a <= line + 2 for line in mutation.avoid):
            return False
        if any(b >= lo - 1 and a <= hi + 1 for lo, hi in known):
            return False
        return not any((f.block.id, f.match.start) in spent_figs or f.match.value in touched for f in rel.figures)

    usable = [r for r in relations if clear(r)]
    usable.sort(key=lambda r: (min(abs(r.lines[0] - first), abs(r.lines[1] - last)), r.lines))
    unique: list[Relation] = []
    for r in usable:
        if all(r.lines != u.lines for u in unique):
            unique.append(r)
        if len(unique) == MAX_TRAPS:
            break
    return tuple(unique)


def mutate_corpus(
    paths: Sequence[Path],
    seed: int,
    count: int,
    operators: Sequence[str] = tuple(OPERATORS),
    known: dict[str, list[tuple[int, int]]] | None = None,
) -> list[Mutant]:
    """``count`` mutants, one defect each, spread round-robin over the operators; the same
    sources, seed and count always give the same mutants. ``known`` maps a source's file name to
    the line ranges of defects it already has (from an answer key): no trap is placed there."""
    rng = random.Random(seed)
    sources = [Source.read(p) for p in sorted(paths)]
    pools: dict[str, list[tuple[Source, Callable]]] = {}
    for name in operators:
        pool = [(src, cand) for src in sources for cand in OPERATORS[name](src, rng)]
        rng.shuffle(pool)
        pools[name] = pool
    relations = {id(src): consistent_relations(src.document) for src in sources}
    defects = {id(src): [*(known or {}).get(src.path.name, ()), *broken_relations(src.document)] for src in sources}
    used: set[tuple[str, ...]] = set()
    out: list[Mutant] = []
    while len(out) < count and any(pools.values()):
        for name in operators:
            if len(out) >= count:
                break
            pool = pools[name]
            while pool:
                src, cand = pool.pop()
                mutation = cand(rng)
                if mutation is None:
                    continue
                where = (str(src.path), *(f"{e.span.line}:{e.span.start}" for e in mutation.edits), name)
                if where in used:
                    continue
                try:
                    data = src.apply(mutation.edits)
                except ValueError:  # a Word edit that would not land where the reader reads
                    continue
                used.add(where)
                out.append(
                    Mutant(
                        src.path,
                        f"{src.path.stem}.m{len(out) + 1:03d}-{name}{src.path.suffix or '.txt'}",
                        data,
                        mutation,
                        choose_traps(relations[id(src)], mutation, defects[id(src)]),
                    )
                )
                break
    return out


def known_defects(key: AnswerKey) -> dict[str, list[tuple[int, int]]]:
    """The line ranges of the items of an answer key, per file: places not to put traps."""
    return {d.file: [i.place.lines for i in d.items if i.place.lines] for d in key.documents}


def key_for(mutants: Sequence[Mutant], seed: int, sources: Path | None = None) -> dict:
    key: dict = {
        "_about": f"Mutation key written by `jiaohe mutate --seed {seed}`: each file holds one injected "
        "defect (items, with the operator in `op`) and nearby untouched relations that were "
        "recomputed and hold (traps).",
        "_docs": ".",
    }
    if sources is not None:  # lets `jiaohe eval` count errors the clean source did not have
        key["_sources"] = str(sources.resolve())
    for i, m in enumerate(mutants, 1):
        mu = m.mutation
        key[m.name] = {
            "source": m.source.name,
            "items": [
                {
                    "id": f"m{i:03d}-{mu.op}",
                    "op": mu.op,
                    "cats": list(mu.cats),
                    "lines": list(mu.lines),
                    "why": mu.why,
                    "injected": [e.text for e in mu.edits if e.was is not None],
                }
            ],
            "traps": [
                {"id": f"m{i:03d}-trap{j}-{t.kind}", "lines": list(t.trap_lines), "why": t.why}
                for j, t in enumerate(m.traps, 1)
            ],
        }
    return key
