"""Products and averages: an amount that is a count times a standard, and a per-head average.

"为120名学生发放补助，标准每人每年300元，共计3.6万元" states 120 × 300 = 36,000; "培训320人次，培训费
支出16.00万元，人均培训费500元" states 160,000 ÷ 320 = 500. The three figures stand in one clause run
(a sentence up to its semicolons); the standard is recognised by what it is paid per (每人, 每户, 单价,
人均, 300元/人), the count by a measure word of that same thing, the total as the remaining amount. A standard
per period (每月, 每学期) multiplies by the number of periods the text names (两个学期). The words are
data (``lexicons/cues_product.yaml``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from checker.lexicon import alternation, load_yaml
from checker.model import Quantity, fast_init
from checker.numbers import parse_chinese_numeral
from checker.statements.change import deltas
from checker.statements.rates import operand_role
from checker.statements.sentences import CLAUSE_BREAK, Item, Sentence

# a budget, an adjustment or a carry-over is what was planned or left, not what the standard paid
_NOT_PAID = frozenset({"budget", "full", "initial", "adjust", "carry", "remainder"})
_CLAUSE_BREAK = re.compile(f"[{CLAUSE_BREAK}]")


@fast_init
@dataclass(frozen=True, slots=True)
class Product:
    """``counts`` and ``totals`` list the candidates of the clause run; the relation holds when
    any pair gives it, and is known to fail only when there is one of each."""

    standard: Item
    counts: tuple[Item, ...]
    totals: tuple[Item, ...]
    sentence: Sentence
    periods: int | None  # how many periods the standard is paid for; None: per a period the text does not count
    period: str  # the standard's period (月, 学期), "" when it is paid once
    average: bool  # 人均/平均每: the standard is the figure derived from the total
    certain: bool  # the total is named as one (共计, 总价) or the average names the total's label
    approximate: bool = False  # a count or standard stated roughly (约300人, 300余人): it can only fit


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("cues_product.yaml")
    return data


class _Patterns:
    def __init__(self, data: dict[str, Any]):
        self.counts_of: dict[str, frozenset[str]] = {}
        for group in data["per_units"]:
            for noun in group["nouns"]:
                self.counts_of[noun] = frozenset(group["counts"])
        self.average_counts = {
            noun: self.counts_of[noun] | frozenset(extra) for noun, extra in data["average_also"].items()
        }
        nouns = alternation(self.counts_of)
        self.period_of = {w: name for name, p in data["periods"].items() for w in p["per"]}
        per_period = alternation(self.period_of)
        average = alternation(data["average_before"])
        # 每人 / 每人每年 / 每年每人 / 平均每场次
        self.per = re.compile(
            rf"(?P<avg>{average})?每(?:(?P<p1>{per_period})每?)?(?P<noun>{nouns})(?:每?(?P<p2>{per_period}))?"
        )
        # 300元/人, 0.75万元/户, 4325元/人/年, 200元/人·月: a standard written as a unit
        self.rate_unit = re.compile(rf"^(?:[万亿]?元)?/(?P<noun>{nouns})(?:[/·](?P<period>{per_period}))?")
        # 人均培训费 / 生均公用经费: an average, the name of what it averages after it
        self.share_out = re.compile(rf"(?P<noun>{nouns})(?:{alternation(data['average_after'])})")
        self.unit_price = re.compile(alternation(data["unit_price_words"]))
        self.goods = frozenset(data["goods_counts"])
        counted = {w: name for name, p in data["periods"].items() for w in p["counted"]}
        self.counted_name = counted  # 个学期 → 学期
        # 两个学期 / 4个月 / 3年: a numeral right before the word, not part of a longer figure
        # (2019年), nor an ordinal (第二学期, 上半年)
        self.counted = re.compile(
            rf"(?:(?<![\d.．])(?P<d>\d{{1,2}})|(?<![第每上下前后本这那])(?P<c>[一二两三四五六七八九十]{{1,3}}))"
            rf"(?P<word>{alternation(counted)})"
        )
        self.after_count = re.compile(rf"^\s*(?:{alternation(set(counted) | set(self.period_of))})")
        self.bound_before = re.compile(alternation(data["bound_before"]))
        self.bound_after = re.compile(rf"^\s*(?:[（(]\s*含\s*[)）])?\s*(?:{alternation(data['bound_after'])})")
        self.subset = re.compile(alternation(data["subset_words"]))
        self.not_paid = re.compile(alternation(data["not_paid_words"]))
        self.times = frozenset(data["times_signs"])
        # a sentence without any of these words has no standard (每…, …均, 单价, ×, 元/人): most
        # sentences of a report, passed over before their clauses are cut and read
        self.may_hold_standard = re.compile(
            alternation(
                {"每", "/", *data["average_before"], *data["average_after"], *data["unit_price_words"], *self.times}
            )
        )
        self.approximate_before = re.compile(rf"(?:{alternation(data['approximate_before'])})$")
        self.approximate_in = re.compile(alternation(data["approximate_in"]))
        self.approximate_after = re.compile(rf"^\s*(?:{alternation(data['approximate_after'])})")
        total = alternation(data["total_words"])
        self.total = re.compile(rf"^(?:{total})|(?:{total})(?:为|达|是)?$")


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    return _Patterns(cues())


@dataclass(frozen=True)
class _Standard:
    counts: frozenset[str]
    period: str
    average: bool
    what: str  # the name an average gives what it averages (培训费 of 人均培训费)
    written: bool = False  # 120人×300元: the product written out


def _bounded(item: Item, text_after: str) -> bool:
    """A ceiling or a floor (最高, 以上), or a gain rather than a payment (每户增收)."""
    p = patterns()
    clause = item.bare_clause
    return bool(
        item.quantity.op not in (None, "=")
        or p.bound_before.search(clause)
        or p.bound_after.match(text_after)
        or p.not_paid.search(clause)
    )


def _written_as_unit(item: Item, text_after: str, unit_part: str = "") -> _Standard | None:
    """300元/人: ``unit_part`` is the part of the unit the figure holds (元/人 of a quantity, nothing
    of an amount whose /名 stands after it); the text after it is read on (元/人次, 元/人·年)."""
    p = patterns()
    unit = p.rate_unit.match(unit_part + text_after)
    if unit is None:
        return None
    read_on = max(0, len(unit.group()) - len(unit_part))
    if _bounded(item, text_after[read_on:]):
        return None
    return _Standard(p.counts_of[unit.group("noun")], p.period_of.get(unit.group("period") or "", ""), False, "")


def _standard(item: Item, before: Item | None, text_after: str) -> _Standard | None:
    """What a money figure is paid per, when its clause says so (or it is multiplied by the count
    ``before`` it) and no bound makes it a ceiling."""
    p = patterns()
    clause = item.bare_clause
    if before is not None and before.quantity.unit and before.kind == "count" and item.bare_gap.strip() in p.times:
        return _Standard(frozenset({before.quantity.unit}), "", False, "", written=True)
    if text_after.startswith("/"):
        return _written_as_unit(item, text_after)
    if _bounded(item, text_after):
        return None
    phrases = list(p.per.finditer(clause))
    if phrases:
        per = phrases[-1]  # the phrase nearest the figure (标准每人每年 …)
        period = p.period_of.get(per.group("p1") or per.group("p2") or "", "")
        average = bool(per.group("avg"))
        noun = per.group("noun")
        counts = p.average_counts.get(noun, p.counts_of[noun]) if average else p.counts_of[noun]
        return _Standard(counts, period, average, "")
    outs = list(p.share_out.finditer(clause))
    if outs:
        noun = outs[-1].group("noun")
        return _Standard(p.average_counts.get(noun, p.counts_of[noun]), "", True, clause[outs[-1].end() :])
    price = p.unit_price.search(clause)
    if price is not None:
        per_period = next((p.period_of[w] for w in p.period_of if "每" + w in clause), "")
        return _Standard(p.goods, per_period, False, "")
    return None


def find_products(paragraph_sentences: list[list[Sentence]], quantities: Iterable[Quantity]) -> list[Product]:
    """``quantities`` give the standards written as a unit (300元/人), which sentences leave out."""
    rates: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        if q.kind == "quantity" and q.unit and patterns().rate_unit.match(q.unit):
            rates[q.location.block].append(q)
    out: list[Product] = []
    may_hold = patterns().may_hold_standard
    for sents in paragraph_sentences:
        for sentence in sents:
            items = sentence.items
            if len(items) < 2 or not any(i.kind == "count" for i in items):
                continue
            own_rates = rates.get(sentence.paragraph.id, ())
            if not own_rates and not may_hold.search(sentence.paragraph.text, sentence.start, sentence.end):
                continue
            for run, per_unit, text in _runs(sentence, own_rates):
                out.extend(_products(sentence, run, per_unit, text))
    return out


def _runs(sentence: Sentence, rates: Iterable[Quantity]) -> list[tuple[list[Item], list[Item], str]]:
    """The sentence cut at its semicolons: each piece's items, its standards written as a unit
    (made items of the piece), and its text."""
    text = sentence.paragraph.text
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)]
    bounds = [sentence.start, *cuts, sentence.end]
    runs = []
    for a, b in zip(bounds, bounds[1:]):
        run = [i for i in sentence.items if a <= i.start < b]
        per_unit = [_rate_item(q, sentence, a) for q in rates if a <= q.location.start < b]
        if len(run) + len(per_unit) >= 3:
            runs.append((run, per_unit, text[a:b]))
    return runs


def _rate_item(q: Quantity, sentence: Sentence, start: int) -> Item:
    """300元/人 as an item of its sentence: the words since the figure before it lead to it."""
    before = [i.end for i in sentence.items if i.end <= q.location.start]
    since = max([start, *before])
    return Item.make(q, sentence.paragraph.text[since : q.location.start], q.location.start, q.location.end, 0)


def _products(sentence: Sentence, run: list[Item], per_unit: list[Item], text: str) -> list[Product]:
    p = patterns()
    para = sentence.paragraph.text
    index = {id(i): k for k, i in enumerate(sentence.items)}
    standards: dict[int, _Standard] = {}
    for i in run:
        k = index[id(i)]
        if i.kind == "money":
            found = _standard(i, sentence.items[k - 1] if k else None, para[i.end : i.end + 8])
            if found is not None:
                standards[id(i)] = found
    for i in per_unit:
        found = _written_as_unit(i, para[i.end : i.end + 8], i.quantity.unit or "")
        if found is not None:
            standards[id(i)] = found
    if not standards:
        return []
    moved = deltas(sentence)
    totals = tuple(
        i
        for i in run
        if i.kind == "money"
        and id(i) not in standards
        and not moved[index[id(i)]]
        and not p.subset.search(i.bare_gap)
        and operand_role(i) not in _NOT_PAID
        and not _after_amount(sentence.items, index[id(i)], standards)
    )
    factors = {
        (p.counted_name[m.group("word")], _numeral(m.group("d") or m.group("c")))
        for m in p.counted.finditer(text.replace(" ", ""))
    }
    out = []
    for item in (*run, *per_unit):
        standard = standards.get(id(item))
        if standard is None or p.subset.search(item.bare_gap) or not totals:
            continue
        counts = tuple(
            c
            for c in run
            if c.kind == "count"
            and c.quantity.unit in standard.counts
            and not p.after_count.match(para[c.end : c.end + 4])
        )
        if not counts:
            continue
        counted = {n for name, n in factors if name == standard.period}
        if not standard.period:
            periods: int | None = None if factors else 1
        else:
            periods = next(iter(counted)) if len(counted) == 1 else None
        named = any(p.total.search(t.bare_clause) for t in totals)
        divides = bool(standard.what) and any(standard.what in t.label for t in totals)
        if standard.average and not (named or divides):
            continue  # 户均… beside a project's funds: an average of something else
        certain = named or divides or standard.written
        rough = any(_approximate(i, para) for i in (*counts, item))
        out.append(Product(item, counts, totals, sentence, periods, standard.period, standard.average, certain, rough))
    return out


def _after_amount(items: tuple[Item, ...], k: int, standards: dict[int, _Standard]) -> bool:
    """An amount right after another amount that is no standard (…3.2万元；共计40.83万元) closes a
    list or a step of other amounts: what it totals is not the standard's product."""
    return k > 0 and items[k - 1].kind == "money" and id(items[k - 1]) not in standards


def _approximate(item: Item, text: str) -> bool:
    """约120人, 300余人, 单价约18万元, 3万元左右: a figure stated roughly."""
    p = patterns()
    return bool(
        p.approximate_before.search(item.bare_gap)
        or p.approximate_in.search(item.quantity.text)
        or p.approximate_after.match(text[item.end : item.end + 4])
    )


def _numeral(text: str) -> int:
    return int(text) if text.isdigit() else int(parse_chinese_numeral(text)[0])
