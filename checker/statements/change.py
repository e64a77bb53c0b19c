"""Year-on-year change: 支出X万元，比上年增加/减少Y万元，增长/下降Z%（…去年同期W，同比增长Z%）."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.statements.sentences import RESPECTIVELY, Item, Sentence, list_run

COMPARE = re.compile(r"(?:比|较|与|对比|相对)\s*(?:上年|上一年|去年|上年度|上一年度|上年同期|去年同期|"
                     r"\d{4}\s*年度?|年初(?:预算)?|预算数?)|同比")
UP = ("增加", "增长", "上升", "提高", "上涨", "升高", "增", "多")
DOWN = ("减少", "下降", "降低", "下滑", "回落", "缩减", "减", "少")
_DIRECTION = "|".join(sorted(UP + DOWN, key=len, reverse=True))
_DELTA_END = re.compile(rf"({_DIRECTION})(?:了|约|额为|额|为|幅度为)?\s*$")
_RATE_GAP = re.compile(rf"^\s*(?:[，,]\s*)?(?:(?:分别|各)\s*)?(?:(?:同比|比上年|较上年)\s*)?(?:(?:分别|各)\s*)?({_DIRECTION})"
                       rf"(?:了|约|幅度为|幅度|率为|率|比例为)?\s*$")
_PRIOR = re.compile(r"(?:去年|上年|上一年)(?:同期|度)?(?:数|决算数|预算数)?(?:为|是)?\s*$")
_FLAT = re.compile(r"持平|没有变化|无变化|未发生变化")


def direction(word: str) -> int:
    return 1 if word in UP else -1


@dataclass(frozen=True)
class Change:
    """A stated change of one quantity against the prior year (or a base it names)."""

    sentence: Sentence
    current: Item | None          # the quantity now, in the same clause
    delta: Item | None            # the stated change (unsigned, see delta_dir)
    delta_dir: int
    rate: Item | None             # the stated growth rate (unsigned, see rate_dir)
    rate_dir: int
    prior: Item | None = None     # the prior-year value when the sentence states it
    fallback: tuple[Item, ...] = ()   # possible current values from the sentences before
    named_current: tuple[Item, Sentence] | None = None  # … the one whose label the change repeats
    flat: bool = False            # the clause also calls the amount unchanged (持平)
    alternatives: tuple[Item, ...] = ()  # other amounts before the change in its sentence

    @property
    def anchor(self) -> Item:
        return self.rate or self.delta or self.current  # type: ignore[return-value]


def find_changes(paragraph_sentences: list[list[Sentence]]) -> list[Change]:
    out: list[Change] = []
    for p_index, sents in enumerate(paragraph_sentences):
        for s_index, sentence in enumerate(sents):
            previous = sents[s_index - 1] if s_index else None
            out.extend(_in_sentence(sentence, _fallback(paragraph_sentences, p_index, s_index), previous))
    return out


def _fallback(paragraph_sentences: list[list[Sentence]], p_index: int,
              s_index: int) -> tuple[tuple[Item, Sentence], ...]:
    """The first amount of the previous sentence and of the two previous paragraphs: where
    a change stated as a sentence of its own (与上年相比，增加…) usually finds its subject."""
    found: list[tuple[Item, Sentence]] = []
    for sentence in paragraph_sentences[p_index][:s_index][-1:]:
        found.extend((i, sentence) for i in sentence.items[:1] if i.kind == "money")
    for sents in paragraph_sentences[max(0, p_index - 2):p_index][::-1]:
        first = next(((i, s) for s in sents for i in s.items if i.kind == "money"), None)
        if first is not None:
            found.append(first)
    return tuple(found)


_SUBJECT = re.compile(rf"相比[，,]?\s*(.{{2,30}}?)\s*(?:{_DIRECTION})(?:了|约)?\s*$")


def _named(fallback: tuple[tuple[Item, Sentence], ...], delta: Item) -> tuple[Item, Sentence] | None:
    """与上年相比，收入支出总计减少… names its subject: the earlier amount labelled so."""
    m = _SUBJECT.search(re.sub(r"\s+", "", delta.gap))
    if not m:
        return None
    subject = m.group(1)
    return next(((i, s) for i, s in fallback if re.sub(r"\s+", "", i.label).endswith(subject)), None)


def is_delta(items: tuple[Item, ...], i: int) -> int:
    """+1/-1 when item ``i`` is a stated change (…比上年增加 Y), else 0."""
    m = _DELTA_END.search(items[i].gap)
    if items[i].kind == "money" and m and COMPARE.search(_since_current(items, i)):
        return direction(m.group(1))
    return 0


def _in_sentence(sentence: Sentence, fallback: tuple[tuple[Item, Sentence], ...],
                 previous: Sentence | None) -> list[Change]:
    items = sentence.items
    out: list[Change] = []
    used: set[int] = set()
    for i, item in enumerate(items):
        if i in used:
            continue
        if item.kind == "money":
            m = _DELTA_END.search(item.gap)
            if m and COMPARE.search(_since_current(items, i)):
                parallel = _respective(sentence, i, direction(m.group(1)), previous)
                if parallel:
                    used.update(items.index(c.delta) for c in parallel)
                    used.update(items.index(c.rate) for c in parallel if c.rate)
                    out.extend(parallel)
                    continue
                current = _current_before(items, i)
                rate, rate_dir = _rate_after(items, i)
                used.update(k for k in (i, items.index(rate) if rate else None) if k is not None)
                out.append(Change(sentence, current, item, direction(m.group(1)), rate, rate_dir,
                                  fallback=() if current else tuple(i for i, _ in fallback),
                                  named_current=None if current else _named(fallback, item),
                                  flat=_says_flat(sentence, item),
                                  alternatives=tuple(a for k, a in enumerate(items[:i]) if a.kind == "money"
                                                     and a is not current and not is_delta(items, k))))
                continue
            if _PRIOR.search(item.clause) and not COMPARE.search(item.clause):
                rate, rate_dir = _rate_after(items, i)
                current = _current_before(items, i)
                if rate is not None and current is not None:
                    used.update((i, items.index(rate)))
                    out.append(Change(sentence, current, None, 0, rate, rate_dir, prior=item))
    return out


def _respective(sentence: Sentence, i: int, delta_dir: int, previous: Sentence | None) -> list[Change]:
    """Changes stated as parallel lists: the k-th delta goes with the k-th amount before the
    deltas (in the sentence, or as the list opening the sentence before: "收、支总计各是X,Y万元。
    与上年相比，各减少…") and the k-th rate after them. Only under 分别/各: without it a second
    figure after a change ("增加20万元，30万元用于…") is a new statement."""
    items = sentence.items
    deltas = list_run(items, i, "money")
    k = len(deltas)
    if k < 2:
        return []
    first_rate = deltas[-1] + 1
    has_rates = first_rate < len(items) and items[first_rate].kind == "percent" \
        and _RATE_GAP.match(items[first_rate].gap) is not None
    rates = list_run(items, first_rate, "percent") if has_rates else []
    currents = list(range(i - k, i))
    if not (currents and currents[0] >= 0 and list_run(items, currents[0], "money")[:k] == currents
            and not any(is_delta(items, c) for c in currents)):
        currents = []
    markers = items[i].gap + (items[first_rate].gap if rates else "") + (items[currents[0]].gap if currents else "")
    if not RESPECTIVELY.search(markers) or rates and len(rates) != k:
        return []
    named: list[Item] = []
    if not currents and previous is not None:
        opening = next((n for n, item in enumerate(previous.items) if item.kind == "money"), None)
        if opening is not None and RESPECTIVELY.search(previous.items[opening].gap):
            run = list_run(previous.items, opening, "money")
            named = [previous.items[n] for n in run] if len(run) == k else []
    rate_dir = direction(_RATE_GAP.match(items[first_rate].gap).group(1)) if rates else 0
    return [Change(sentence, items[currents[n]] if currents else None, items[d], delta_dir,
                   items[rates[n]] if rates else None, rate_dir,
                   named_current=(named[n], previous) if named else None)
            for n, d in enumerate(deltas)]


def _says_flat(sentence: Sentence, delta: Item) -> bool:
    """持平 after the change, in its own ；-segment, before any stated reason or 其中 list."""
    rest = re.split(r"[；;]|原因|其中", sentence.paragraph.text[delta.end:sentence.end])[0]
    return bool(_FLAT.search(rest))


def _since_current(items: tuple[Item, ...], i: int) -> str:
    """The words between the delta and the amount it changes (or the clause start)."""
    gap = items[i].gap
    j = i - 1
    while j >= 0 and items[j].kind == "percent":  # 占比 between the amount and its change
        gap = items[j].gap + gap
        j -= 1
    return gap


def _current_before(items: tuple[Item, ...], i: int) -> Item | None:
    j = i - 1
    while j >= 0:
        between = "".join(items[k].gap for k in range(j + 1, i + 1))
        if any(ch in between for ch in "；;"):
            return None
        cand = items[j]
        if cand.kind == "money" and cand.depth == items[i].depth and not _DELTA_END.search(cand.gap):
            return cand
        if cand.kind == "money":
            return None
        j -= 1
    return None


def _rate_after(items: tuple[Item, ...], i: int) -> tuple[Item | None, int]:
    if i + 1 < len(items) and items[i + 1].kind == "percent":
        m = _RATE_GAP.match(items[i + 1].gap)
        if m:
            return items[i + 1], direction(m.group(1))
    return None, 0
