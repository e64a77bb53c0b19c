"""Year-on-year change, read from the roles of the figures of a sentence.

The cue words (direction, rate nouns, comparison and period words) are data in
``lexicons/cues_change.yaml``; the shapes read here are

* 支出X万元，比上年增加（减少）Y万元，增长（下降、增幅、降幅）Z% — the rate may also come first
  (较上年增长Z%，增加Y万元), and the change may be a sentence of its own (与上年相比，增加Y…);
* X，去年同期W，同比增长Z% / 上年为W万元，本年为X万元，同比下降Z% / 2023年度W，2024年度X，增长Z% /
  由上年的W万元增加到X万元，增长Z% — both years stated;
* X，较上年决算数W万元增加（减少）Y万元 — both years and the change stated;
* X，较上年决算数W万元，下降Z% — a comparison with no direction word before the amount: W is
  either last year's amount or a change whose 减少 was dropped; the arithmetic tells which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from checker.arith import fmt
from checker.model import fast_init
from checker.numbers import scale
from checker.normalize import without_spaces
from checker.statements.cues import cues, direction_of, paired_totals, patterns
from checker.statements.sentences import (
    NAME_NOISE,
    RESPECTIVELY,
    Item,
    Sentence,
    core_name,
    list_run,
    measure,
    name_measure,
)

_P = patterns()
COMPARE = _P.compare


def direction(word: str) -> int:
    return _P.direction(word)


@fast_init  # made by the hundred per check
@dataclass(frozen=True, slots=True)
class Change:
    """A stated change of one quantity against the prior year (or a base it names)."""

    sentence: Sentence
    current: Item | None  # the quantity now, in the same clause
    delta: Item | None  # the stated change (unsigned, see delta_dir)
    delta_dir: int
    rate: Item | None  # the stated growth rate (unsigned, see rate_dir)
    rate_dir: int
    prior: Item | None = None  # the prior-year value when the sentence states it
    fallback: tuple[Item, ...] = ()  # possible current values from the sentences before
    named_current: tuple[Item, Sentence] | None = None  # … the one whose label the change repeats
    flat: bool = False  # the clause also calls the amount unchanged (持平)
    flat_hedged: bool = False  # … or roughly unchanged (基本持平)
    alternatives: tuple[Item, ...] = ()  # other amounts before the change in its sentence
    verbless: bool = False  # 较上年W万元，下降Z%: ``prior`` may be a change whose verb was dropped
    prior_sentence: Sentence | None = None  # where ``prior`` stands when not in ``sentence``
    implied: bool = False  # 收入X，增加Y，增长Z%: no base named, 上年 taken as meant
    subject: tuple[Item, Sentence] | None = None  # the lone amount of the sentence just before
    # what ``prior`` is: last year's amount ("prior_year") or the budget an outturn is compared with
    # ("budget": 决算X，年初预算W，比年初预算增加Y) — the messages name what was compared
    base: str = "prior_year"
    claimed_dir: int = 0  # 较上年W万元有所增长: a direction stated with no change or rate after ``prior``

    @property
    def anchor(self) -> Item:
        return self.rate or self.delta or self.current  # type: ignore[return-value]


def find_changes(paragraph_sentences: list[list[Sentence]]) -> list[Change]:
    out: list[Change] = []
    for p_index, sents in enumerate(paragraph_sentences):
        for s_index, sentence in enumerate(sents):
            if (
                not any(i.kind == "money" for i in sentence.items)
                and not (s_index and sentence.items and sentence.items[0].kind == "percent")
                and not _count_levels_cue(sentence)
            ):
                continue  # a change is read from an amount (or a rate of the amounts just before): most state none
            # the readers below each need a direction word or a rate noun (one scan of the gaps joined
            # spares the sentences with none; a word across two gaps only lets one more through)
            if (
                _P.change_cue.search("".join([i.bare_gap for i in sentence.items])) is None
                and _P.change_cue.search(sentence.tail) is None
            ):
                continue
            previous = sents[s_index - 1] if s_index else None
            # the amounts before are the subject of a stated change only: most sentences state none
            fallback = _fallback(paragraph_sentences, p_index, s_index) if any(deltas(sentence)) else ()
            out.extend(_in_sentence(sentence, fallback, previous))
    return out


def _fallback(
    paragraph_sentences: list[list[Sentence]], p_index: int, s_index: int
) -> tuple[tuple[Item, Sentence], ...]:
    """The first amount of the previous sentence and of the two previous paragraphs: where
    a change stated as a sentence of its own (与上年相比，增加…) usually finds its subject."""
    found: list[tuple[Item, Sentence]] = []
    for sentence in paragraph_sentences[p_index][:s_index][-1:]:
        found.extend((i, sentence) for i in sentence.items[:1] if i.kind == "money")
    for sents in paragraph_sentences[max(0, p_index - 2) : p_index][::-1]:
        first = next(((i, s) for s in sents for i in s.items if i.kind == "money"), None)
        if first is not None:
            found.append(first)
    return tuple(found)


_SUBJECT = re.compile(rf"相比[，,]?\s{{0,2}}([^，,；;]{{2,30}}?)\s{{0,2}}(?:{_P.direction_alt})(?:了|约)?\s{{0,2}}$")


# 2018年“三公”经费预算数比2017年预算数减少…: the subject named before the comparison
_SUBJECT_BEFORE_BASE = re.compile(
    rf"^[，,]?\s{{0,2}}([^，,；;]{{2,30}}?)\s{{0,2}}(?:{_P.compare.pattern})[^，,；;\d]{{0,12}}?"
    rf"(?:{_P.direction_alt})(?:了|约)?\s{{0,2}}$"
)


def _named(fallback: tuple[tuple[Item, Sentence], ...], delta: Item) -> tuple[Item, Sentence] | None:
    """与上年相比，收入支出总计减少… names its subject: the earlier amount labelled so."""
    m = _SUBJECT.search(delta.bare_gap)
    if not m:
        return None
    subject = m.group(1)
    if paired_totals().together.search(subject):
        return _one_of_paired_totals(fallback)
    return next(((i, s) for i, s in fallback if i.label.endswith(subject)), None)


def _one_of_paired_totals(fallback: tuple[tuple[Item, Sentence], ...]) -> tuple[Item, Sentence] | None:
    """收、支总计各增加Y, 收入、支出预算各减少Y: both sides moved by Y, so the receipts or spending
    amount stated before is the subject."""
    one_side = paired_totals().one_side
    return next(((i, s) for i, s in fallback if one_side.search(i.label)), None)


def _lone_subject(
    previous: Sentence | None, fallback: tuple[tuple[Item, Sentence], ...], delta: Item
) -> tuple[Item, Sentence] | None:
    """…预算数为X万元。与上年相比增加Y万元…: a change sentence that opens with its comparison
    and names no subject is about the one amount of the sentence just before. One that names its
    subject before the comparison (“三公”经费预算数比上年减少…) is about the earlier amount stated
    under that name, its year, quotes and measure words aside (…“三公”经费预算总额为X万元)."""
    m = _SUBJECT_BEFORE_BASE.match(delta.bare_gap)
    named = m.group(1) if m else ""
    after = _SUBJECT.search(delta.bare_gap)
    if paired_totals().together.search(after.group(1) if after else named):
        # the totals named, before or after the comparison: never another amount stated before
        return _one_of_paired_totals(fallback)
    core = core_name(named)
    if len(core) >= 2:
        # …决算数比上年减少 after …年初预算为W，支出决算为X: the amount of the measure the subject
        # names, which need not be the first of the sentence before
        wanted = name_measure(named)
        pool = list(fallback)
        if wanted is not None:
            for earlier in dict.fromkeys(s for _, s in fallback):
                moved = deltas(earlier)
                pool += [(i, earlier) for k, i in enumerate(earlier.items) if i.kind == "money" and not moved[k]]
        return next(
            (
                (i, s)
                for i, s in pool
                if core in NAME_NOISE.sub("", s.paragraph.text[s.start : i.start])
                and (wanted is None or measure(i) in (wanted, None))
            ),
            None,
        )
    if previous is None or not _P.compare.match(delta.bare_gap.lstrip("，,")):
        return None
    money = [i for i in previous.items if i.kind == "money"]
    return (money[0], previous) if len(money) == 1 and len(previous.items) == 1 else None


def is_compared_base(items: tuple[Item, ...], i: int) -> bool:
    """较上年决算数W万元: an amount that is compared with, not stated as a change."""
    return items[i].kind == "money" and _P.compared_base.match(items[i].bare_clause) is not None


def is_rate_base(items: tuple[Item, ...], i: int) -> bool:
    """占年度预算W万元的Z%, 为上年W万元的Z%: an amount a rate is taken of inside the rate's own words
    (only 的 between them) is that rate's base, never an amount a later change is of."""
    return (
        items[i].kind == "money"
        and i + 1 < len(items)
        and items[i + 1].kind == "percent"
        and items[i + 1].bare_gap.strip() == "的"
    )


def deltas(sentence: Sentence) -> tuple[int, ...]:
    """``is_delta`` of each item of ``sentence``, worked out once: the finders of changes,
    compositions, equalities, identities and chains all ask it of the same items."""
    made = sentence._deltas
    if made is None:
        items = sentence.items
        if _P.change_cue.search("".join([i.bare_gap for i in items])) is None:
            # a change has a direction word in its own gap: one search of the gaps joined spares the
            # sentences with none (most) the search of each gap
            made = (0,) * len(items)
        else:
            made = tuple(is_delta(items, k) for k in range(len(items)))
        object.__setattr__(sentence, "_deltas", made)  # frozen: the one slot filled after __init__
    return made


def is_delta(items: tuple[Item, ...], i: int) -> int:
    """+1/-1 when item ``i`` is a stated change (…比上年增加 Y), else 0."""
    if items[i].kind != "money":
        return 0
    m = _P.delta_end.search(items[i].bare_gap)
    if not m:
        return 0
    if COMPARE.search(_since_current(items, i)) or _stated_base(items, i) is not None or _implied_base(items, i):
        return direction(m.group(1))
    return 0


def _implied_base(items: tuple[Item, ...], i: int) -> bool:
    """收入X万元，增加Y万元，增长Z%: no base named, but a change with its own growth rate right after
    an amount is that amount's change over a base the text takes as known (上年). An addition (新增资产Y)
    has no growth rate, nor is an amount named as last year's the current one."""
    if i == 0 or not _P.bare_delta.match(items[i].bare_gap):
        return False
    before = items[i - 1]
    return (
        before.kind == "money"
        and before.depth == items[i].depth
        and not _P.prior_word.search(before.clause)
        and not _P.delta_end.search(before.bare_gap)
        and rate_after(items, i)[0] is not None
    )


def _stated_base(items: tuple[Item, ...], i: int) -> int | None:
    """The index of last year's amount stated just before the change ``items[i]``: 较上年决算数W
    万元增加Y (nothing else between), or …，上年同期W万元，（比上年）增加Y (a clause of its own: an
    amount named by 上年 is what the change is measured from, never the amount that changed)."""
    if i == 0 or items[i - 1].kind != "money":
        return None
    # X（上年W），减少Y: last year's amount in brackets after this year's, the change after the bracket
    bracketed = items[i - 1].depth == items[i].depth + 1 and items[i].bare_gap[:1] in "）)"
    gap = items[i].bare_gap.lstrip("）)，," if bracketed else "，,")
    if not _P.delta_end.match(gap) and not _against_last_year(gap):
        return None
    if bracketed:
        return i - 1 if _named_prior(items, i - 1, items[i].depth) else None
    if is_compared_base(items, i - 1):
        # 较上年决算数W万元增加Y, and 比2023年的W万元，增加Y: the comparison opened before W goes on
        return i - 1
    clause = items[i - 1].bare_clause
    if _P.prior_end.search(clause) and not COMPARE.search(clause):
        return i - 1
    return None


def _against_last_year(gap: str) -> bool:
    """比上年减少, 较上年预算数减少, 与上年相比减少: the words of a change that open with a comparison
    against last year and name nothing else before the direction word."""
    if not _P.prior_word.search(gap):
        return False
    if _P.pair_delta.match(gap):
        return True
    m = COMPARE.match(gap)
    return m is not None and _P.delta_end.match(gap[m.end() :].lstrip("数的")) is not None


def _in_sentence(
    sentence: Sentence, fallback: tuple[tuple[Item, Sentence], ...], previous: Sentence | None
) -> list[Change]:
    items = sentence.items
    out: list[Change] = []
    used: set[int] = set()
    carried = _outturn_before(sentence, previous)
    if carried is not None:
        used.update(_positions(items, (carried.delta, carried.rate)))
        out.append(carried)
    directions = deltas(sentence)
    for i, item in enumerate(items):
        if i in used or item.kind != "money":
            counted = _count_levels(sentence, i) if i not in used and item.kind == "count" else None
            if counted is not None:
                used.update(_positions(items, (counted.prior, counted.current, counted.rate)))
                out.append(counted)
            continue
        d = directions[i]
        if d:
            parallel = _respective(sentence, i, d, previous)
            if parallel:
                used.update(_positions(items, [c.delta for c in parallel] + [c.rate for c in parallel]))
                out.extend(parallel)
                continue
            base = _stated_base(items, i)
            current = _current_before(items, base if base is not None and items[base].depth == item.depth else i)
            budget = base is not None and _compared_with_budget(items[base].bare_clause) is not None
            if base is None and current is not None:
                base, current = _budget_base(items, items.index(current), _since_current(items, i), current)
                budget = base is not None
            rate, rate_dir = rate_after(items, i)
            if rate is None:
                rate, rate_dir = _rate_before(items, i)
            later = None if current is not None else _current_after(items, i)
            if later is not None:
                current = items[later]
                if rate is None:
                    rate, rate_dir = rate_after(items, later)
            if base is None and current is not None and _compared_with_budget(item.bare_clause) is None:
                # a change against the budget is not measured from last year's amount beside it
                next_at = max(_positions(items, (item, rate, current))) + 1  # X，比上年减少Y，上年为W
                base = next_at if _named_prior(items, next_at, item.depth) else None
            used.update(_positions(items, (item, rate, current if later is not None else None)))
            if base is not None and base > i:
                used.add(base)
            out.append(
                Change(
                    sentence,
                    current,
                    item,
                    d,
                    rate,
                    rate_dir,
                    prior=budget_item(items, base) if base is not None else None,
                    fallback=() if current else tuple(i for i, _ in fallback),
                    named_current=None if current else _named(fallback, item),
                    flat=_flat_over_last_year(after := _after_change(sentence, item)),
                    flat_hedged=bool(_P.hedged_flat.search(after)),
                    # an amount whose own change the sentence already stated (…10万元，减少4万元；27万元，
                    # 减少27万元，下降70%) is not what a later change is of
                    alternatives=tuple(
                        a
                        for k, a in enumerate(items[:i])
                        if a.kind == "money"
                        and a is not current
                        and k != base
                        and not directions[k]
                        and not any(c.current is a for c in out)
                    ),
                    subject=None if current else _lone_subject(previous, fallback, item),
                    implied=base is None and not COMPARE.search(_since_current(items, i)),
                    base="budget" if budget else "prior_year",
                )
            )
            continue
        found = (
            _both_years(sentence, i)
            or _prior_after_rate(sentence, i)
            or _prior_sentence_before(sentence, i, previous)
            or _budget_sentence_before(sentence, i, previous)
        )
        if found is not None and not used.intersection(_positions(items, (found.delta, found.rate))):
            used.update(_positions(items, (found.current, found.delta, found.rate, found.prior)))
            out.append(found)
    return out


def _count_levels_cue(sentence: Sentence) -> bool:
    """A sentence of counts that may state two levels of one (由A人增至B人): a from-word and two counts."""
    if sum(i.kind == "count" for i in sentence.items) < 2:
        return False
    text = sentence.text
    return any(w in text for w in _FROM_WORDS)


_FROM_WORDS = tuple(cues()["from_words"])


def _count_levels(sentence: Sentence, i: int) -> Change | None:
    """受益人数由上年的A人增至B人，增长Z%: a count's two levels and the rate between them. Only the
    from-to wording is read: a count's bare change (增加N个) names no level it is of."""
    items = sentence.items
    if i + 1 >= len(items):
        return None
    prior, current = items[i], items[i + 1]
    if (
        current.kind != "count"
        or prior.quantity.unit != current.quantity.unit
        or prior.depth != current.depth
        or not _P.from_before.search(prior.bare_gap)
        or not _P.to_end.search(current.bare_gap)
    ):
        return None
    rate, rate_dir = rate_after(items, i + 1)
    if rate is None:
        return None
    return Change(sentence, current, None, 0, rate, rate_dir, prior=prior)


def _positions(items: tuple[Item, ...], chosen: Iterable[Item | None]) -> list[int]:
    """Where the chosen items stand in ``items``, by identity: ``index`` and ``in`` compare the
    dataclasses field by field (an item's start tells it apart from its sentence's others)."""
    ids = {id(x) for x in chosen if x is not None}
    return [k for k, x in enumerate(items) if id(x) in ids]


def _both_years(sentence: Sentence, i: int) -> Change | None:
    """A change stated with both years' amounts, ``items[i]`` being one of them."""
    items = sentence.items
    item = items[i]
    clause = item.bare_clause
    rate, rate_dir = rate_after(items, i)
    beside = i + 1 < len(items) and items[i + 1].kind == "money" and items[i + 1].depth == item.depth
    if rate is None and is_compared_base(items, i):
        claimed = _direction_after(sentence, i)
        current = _current_before(items, i)
        if claimed and current is not None:
            compared = _compared_with_budget(clause, _lead(sentence, item))
            return Change(
                sentence,
                current,
                None,
                0,
                None,
                0,
                prior=item,
                claimed_dir=claimed,
                base="prior_year" if compared is None else "budget",
            )
    if rate is None and not beside:
        return None  # each reading below needs a rate right after the amount or a second amount beside it
    if rate is not None:
        budget = _budget_base(items, i, rate.bare_gap, None)
        if budget[0] is not None and budget[1] is not None:
            # 决算X万元，年初预算W万元，较预算增长Z% (or W before X): Z = (X − W) ÷ W
            return Change(
                sentence, budget[1], None, 0, rate, rate_dir, prior=budget_item(items, budget[0]), base="budget"
            )
    if is_compared_base(items, i):
        # X，较上年W万元，下降Z%: W is last year's amount, or a change with its verb dropped;
        # 较上年的W names an amount (a change takes no 的), so W is last year's
        current = _current_before(items, i)
        if rate is not None and current is not None:
            return Change(
                sentence,
                current,
                None,
                0,
                rate,
                rate_dir,
                prior=item,
                verbless=not clause.endswith("的"),
                base="prior_year" if _compared_with_budget(clause, _lead(sentence, item)) is None else "budget",
            )
        return None
    if _P.prior_end.search(clause) and not COMPARE.search(clause):
        current = _current_before(items, i)  # X，上年W，增长Z%
        if rate is not None and current is not None:
            return Change(sentence, current, None, 0, rate, rate_dir, prior=item)
    later = _later_year(items, i)
    if later is not None:
        rate, rate_dir = rate_after(items, later)
        delta, delta_dir = _pair_delta(items, later + 1)
        if delta is not None and not _same_owner(items[i].clause, items[later].clause):
            delta, delta_dir = None, 0
        if delta is not None:
            rate, rate_dir = _pair_rate(items, later + 1)
        if rate is None and delta is None:
            return None
        return Change(sentence, items[later], delta, delta_dir, rate, rate_dir, prior=item)
    if _earlier_year_after(items, i):
        # 2024年X万元，2023年W万元；减少Y万元，减少率Z%: the later year stated first
        delta, delta_dir = _pair_delta(items, i + 2)
        if delta is None:
            return None
        rate, rate_dir = _pair_rate(items, i + 2)
        return Change(sentence, item, delta, delta_dir, rate, rate_dir, prior=items[i + 1])
    return None


def _named_prior(items: tuple[Item, ...], k: int, depth: int) -> bool:
    """``items[k]`` is named last year's amount and nothing else, after a comma (…，上年为W) or in
    brackets (（上年同期W）), in a clause at ``depth``: what a change beside it is measured from."""
    if k >= len(items) or items[k].kind != "money":
        return False
    gap = items[k].bare_gap.lstrip("，,")
    if items[k].depth == depth + 1:
        return gap[:1] in "（(" and _P.prior_only.match(gap) is not None
    return items[k].depth == depth and gap[:1] not in "（(" and _P.prior_only.match(gap) is not None


def _current_after(items: tuple[Item, ...], i: int) -> int | None:
    """较上年减少了Y，为X / 增加Y，达到X / 减少Y至X: this year's amount right after its change, when none
    stands before it."""
    k = i + 1
    if k < len(items) and items[k].kind == "money" and items[k].depth == items[i].depth:
        if _P.current_after.match(items[k].bare_gap):
            return k
    return None


def _prior_after_rate(sentence: Sentence, i: int) -> Change | None:
    """X（上年W），增长Z% and X，较上年增长Z%，上年为W (or （上年同期为W）): last year's amount after this
    year's, the rate on one side of it; ``items[i]`` is last year's."""
    items = sentence.items
    if i < 2 and not (i == 1 and items[i].depth > items[0].depth):
        return None
    if items[i].depth == items[i - 1].depth + 1 and items[i - 1].kind == "money":
        current, rate = items[i - 1], None  # X（上年W），增长Z%
        if _named_prior(items, i, current.depth) and i + 1 < len(items) and items[i + 1].kind == "percent":
            m = _P.rate_gap.match(items[i + 1].bare_gap.lstrip("）)"))
            if m and items[i + 1].depth == current.depth and not deltas(sentence)[i - 1]:
                return Change(sentence, current, None, 0, items[i + 1], direction_of(m), prior=items[i])
        return None
    rate, current = items[i - 1], items[i - 2]  # X，较上年增长Z%，上年为W
    if (
        rate.kind != "percent"
        or current.kind != "money"
        or current.depth != rate.depth
        or deltas(sentence)[i - 2]
        or rate.bare_gap[:1] not in "，,"
        or not _named_prior(items, i, rate.depth)
    ):
        return None
    m = _P.rate_clause.search(rate.bare_clause)
    if m is None or not COMPARE.search(rate.bare_gap):
        return None
    return Change(sentence, current, None, 0, rate, direction_of(m), prior=items[i])


def _direction_after(sentence: Sentence, i: int) -> int:
    """较上年2.60万元有所增长。: the direction word right after a compared amount, closing its clause
    (with a comma between, 较上年W万元，增长 may be a change whose verb was dropped: not read)."""
    m = _P.direction_only.match(sentence.paragraph.text, sentence.items[i].end, sentence.end)
    return direction(m.group(1)) if m else 0


def _budget_stage(words: str) -> str | None:
    return next((stage for stage, pattern in _P.budget_stages if pattern.search(words)), None)


def _budget_amount_stage(item: Item) -> str | None:
    """年初预算为W → "initial", 预算数W → "unnamed"; None when the clause does not name W a budget
    (一般公共预算W is an account of a budget book, 支出决算X an outturn)."""
    clause = _P.budget_books.sub("", item.bare_clause)
    m = _P.budget_amount.search(clause)
    if m is None or _P.adjust.search(clause):
        return None  # 调减预算B is the adjustment, not a budget an outturn is measured from
    return _budget_stage(m.group(0)) or "unnamed"


def _compared_with_budget(words: str, lead: str = "") -> str | None:
    """The comparison of ``words`` that names a budget as its base (比年初预算, 较预算数), if any;
    比上年预算 compares a budget with last year's, not an outturn with its budget, and so does
    较2022年预算 after a ``lead`` naming a later year (培训费2023年预算X，较2022年预算W…)."""
    if _P.budget_noun.search(words) is None:
        return None  # no comparison in words can name a budget
    compared = next((m.group(0) for m in COMPARE.finditer(words) if _P.budget_noun.search(m.group(0))), None)
    if compared is None or _P.prior_word.search(compared):
        return None
    named = [int(y) for y in _YEAR_NAMED.findall(compared)]
    later = [int(y) for y in _YEAR_NAMED.findall(lead)]
    return None if named and later and max(named) < max(later) else compared


_YEAR_NAMED = re.compile(r"(20\d\d)\s{0,2}年")


def _lead(sentence: Sentence, item: Item) -> str:
    """The words of ``sentence`` before ``item``'s own clause."""
    text = sentence.paragraph.text[sentence.start : item.start]
    return text[: len(text) - len(item.bare_clause)] if text.endswith(item.bare_clause) else text


def _budget_base(
    items: tuple[Item, ...], k: int, comparison: str, fallback: Item | None
) -> tuple[int | None, Item | None]:
    """(the budget, the outturn) of a change or rate stated after ``items[k]`` against the budget
    (…比年初预算增加Y, …较预算增长Z%): the budget amount is ``items[k]`` itself (决算X，年初预算W，
    比年初预算增加Y — W is the base, not the amount that grew) or the amount before the outturn
    ``items[k]`` (年初预算W，支出决算X，…). A stage both sides name must be the same budget, and the
    outturn may not be a part the sentence lists of the budget (预算W，其中：基本支出X，比…).
    Otherwise (None, ``fallback``)."""
    compared = _compared_with_budget(comparison)
    if compared is None:
        return None, fallback
    stage = _budget_amount_stage(items[k])
    if stage is not None:
        outturn = _current_before(items, k)
        if not _stages_agree(stage, compared) or outturn is None or _budget_amount_stage(outturn) is not None:
            return None, fallback
        return (None, fallback) if _other_subjects(items[k], outturn) else (k, outturn)
    # 调整增加B right before the outturn reads as a change of its own, and _current_before passes it by
    adjustment = k > 0 and items[k - 1].kind == "money" and items[k - 1].depth == items[k].depth
    before = items[k - 1] if adjustment and _named_adjustment(items[k - 1]) else None
    before = before or _current_before(items, k)
    if before is not None and _budget_amount_stage(before) is None and _P.adjust.search(before.bare_clause):
        before = _budget_before_adjustment(items, before, compared)
    elif before is not None and not _stages_agree(_budget_amount_stage(before), compared):
        before = _budget_before_other_stage(items, before, compared)
    if before is None:
        return None, fallback
    b = items.index(before)
    if _P.budget_parts.search("".join(items[j].gap for j in range(b + 1, k + 1))):
        return None, fallback
    return (None, fallback) if _other_subjects(before, items[k]) else (b, items[k])


def _budget_before_adjustment(items: tuple[Item, ...], adjustment: Item, compared: str) -> Item | None:
    """年初预算A，调增B，决算C, and a comparison after C: the item the change is measured from. Against
    年初 it is A; against the adjusted budget (调整后, 全年, or no stage named) it is the adjustment B,
    which ``budget_item`` reads as A ± B — only when its words say it is an adjustment (a bare 调整数
    may be the adjusted budget itself). None when A is not the initial budget just before B."""
    a = items.index(adjustment) - 1
    if a < 0 or items[a].kind != "money" or items[a].depth != adjustment.depth:
        return None
    if _budget_amount_stage(items[a]) not in ("initial", "unnamed"):
        return None
    if _budget_stage(compared) == "initial":
        return items[a]
    return adjustment if _named_adjustment(adjustment) else None


def _named_adjustment(item: Item) -> bool:
    """调增B, 预算调整数B: words that make B an adjustment for sure (a bare 调整数 may be the adjusted budget)."""
    return bool(_P.adjustment_up.search(item.bare_clause) or _P.adjust_down.search(item.bare_clause))


def _budget_before_other_stage(items: tuple[Item, ...], budget: Item, compared: str) -> Item | None:
    """年初预算A，调整预算数B，决算C，比年初预算增加D: the comparison names the stage of A, not of B just
    before the outturn — A is the base when it is the budget right before B. Otherwise None."""
    a = items.index(budget) - 1
    if _budget_amount_stage(budget) is None or a < 0 or items[a].kind != "money" or items[a].depth != budget.depth:
        return None
    return items[a] if _budget_stage(compared) == _budget_amount_stage(items[a]) else None


def budget_item(items: tuple[Item, ...], b: int) -> Item:
    """The budget a change is measured from, ``items[b]`` — or, when that is an adjustment after the
    initial budget (年初预算A，调增B), the adjusted budget A ± B, its interval the two intervals' sum."""
    item = items[b]
    if b == 0 or _budget_amount_stage(item) is not None or not _P.adjust.search(item.bare_clause):
        return item
    initial, adjusted = items[b - 1].quantity, item.quantity
    if None in (initial.value, initial.low, initial.high, adjusted.value, adjusted.low, adjusted.high):
        return item
    down = _P.adjust_down.search(item.bare_clause) is not None
    iv = initial.interval - adjusted.interval if down else initial.interval + adjusted.interval
    value, low, high = iv.nominal, iv.low, iv.high
    decimals = max(initial.decimals, adjusted.decimals)
    text = f"{fmt(value / scale(adjusted.unit), decimals)}{adjusted.unit or ''}"
    quantity = replace(adjusted, text=text, value=value, low=low, high=high, decimals=decimals)
    return replace(item, quantity=quantity, kind=quantity.kind)


def _stages_agree(stage: str | None, compared: str) -> bool:
    """An amount of budget ``stage`` is the base the comparison ``compared`` names: the same stage,
    or either names none (预算数W against 比年初预算, 年初预算W against 较预算)."""
    wanted = _budget_stage(compared) or "unnamed"
    return stage is not None and (stage == wanted or "unnamed" in (stage, wanted))


def _budget_sentence_before(sentence: Sentence, i: int, previous: Sentence | None) -> Change | None:
    """培训费年初预算为W万元。支出决算为X万元，较预算减少Z%: an outturn that opens its sentence, with
    a rate against the budget and no budget of its own, is measured from the budget that is the one
    amount of the sentence before (of the same thing and stage): Z = (X − W) ÷ W."""
    items = sentence.items
    if previous is None or i != 0 or items[0].depth or _budget_amount_stage(items[0]) is not None:
        return None
    rate, rate_dir = rate_after(items, 0)
    compared = _compared_with_budget(rate.bare_gap) if rate is not None else None
    if compared is None or _P.prior_word.search(items[0].clause):
        return None
    amounts = [x for x in previous.items if x.kind == "money" and not x.depth]
    if len(amounts) != 1 or not _stages_agree(_budget_amount_stage(amounts[0]), compared):
        return None
    if _P.prior_word.search(amounts[0].clause):
        return None  # 上年预算W。本年决算X，较预算…: this year's budget is the base, and it is not stated
    if _other_subjects(amounts[0], items[0]):
        return None
    return Change(sentence, items[0], None, 0, rate, rate_dir, prior=amounts[0], prior_sentence=previous, base="budget")


def _other_subjects(budget: Item, outturn: Item) -> bool:
    """项目支出预算W，基本支出决算X: the budget and the outturn each name what they are of, and not the
    same thing (the period, the stage and the words 预算/决算/支出 aside)."""
    clause = _P.budget_books.sub("", budget.bare_clause)
    m = _P.budget_amount.search(clause)
    named = [
        core_name(_P.period_words.sub("", words).rstrip("为是：: "))
        for words in (clause[: m.start()] if m else clause, outturn.bare_clause)
    ]
    a, b = named
    return bool(a and b) and not (a.endswith(b) or b.endswith(a))


def _outturn_before(sentence: Sentence, previous: Sentence | None) -> Change | None:
    """年初预算W，决算X。决算数比预算增加Y，增长Z%: a sentence that opens with the comparison of the
    budget and the outturn closing the sentence before (naming the outturn, or no subject at all, and
    no amount of its own before the change) states the change of that outturn over that budget."""
    items = sentence.items
    if previous is None or not items or items[0].depth:
        return None
    first, lead = items[0], items[0].bare_gap
    compared = COMPARE.search(lead)
    if compared is None or not _P.outturn_name.match(lead[: compared.start()].lstrip("，,")):
        return None
    if _compared_with_budget(lead) is None:
        return None
    delta_dir = deltas(sentence)[0]
    if delta_dir:
        delta: Item | None = first
        rate, rate_dir = rate_after(items, 0)
    else:
        m = _P.rate_clause.search(lead) if first.kind == "percent" else None
        if m is None:
            return None
        delta, rate, rate_dir = None, first, direction_of(m)
    money = [k for k, x in enumerate(previous.items) if x.kind == "money" and not x.depth]
    if not money:
        return None
    budget, outturn = _budget_base(previous.items, money[-1], lead, None)
    if budget is None or outturn is None or _P.prior_word.search(outturn.clause):
        return None  # 年初预算W，上年决算V。比年初预算…: last year's outturn is not measured against it
    return Change(
        sentence,
        outturn,
        delta,
        delta_dir,
        rate,
        rate_dir,
        prior=budget_item(previous.items, budget),
        prior_sentence=previous,
        base="budget",
    )


def is_pair_delta(items: tuple[Item, ...], k: int) -> bool:
    """``items[k]`` is the change after two year-tagged amounts of one subject (2024年X万元，2023年W万元，对比
    增加Y万元): a change, though it names no base."""
    if k < 2 or _pair_delta(items, k)[0] is None:
        return False
    return _later_year(items, k - 2) == k - 1 or _earlier_year_after(items, k - 2)


def _pair_delta(items: tuple[Item, ...], k: int) -> tuple[Item | None, int]:
    """The change stated right after two year-tagged amounts: 对比减少Y / 同比增加Y / 减少Y."""
    if k >= len(items) or items[k].kind != "money":
        return None, 0
    m = _P.pair_delta.match(items[k].bare_gap)
    return (items[k], direction(m.group(1))) if m else (None, 0)


def _pair_rate(items: tuple[Item, ...], k: int) -> tuple[Item | None, int]:
    """The rate after that change, also behind a ；(…减少Y万元；减少率Z%)."""
    if k + 1 >= len(items) or items[k + 1].kind != "percent":
        return None, 0
    m = _P.rate_gap.match(items[k + 1].bare_gap.lstrip("；;"))
    return (items[k + 1], direction_of(m)) if m else (None, 0)


def _earlier_year_after(items: tuple[Item, ...], i: int) -> bool:
    """2024年度X为V万元，2023年度X为W万元: the next amount is the year before's, same subject."""
    if i + 1 >= len(items) or items[i + 1].kind != "money" or items[i + 1].depth != items[i].depth:
        return False
    if "；" in items[i + 1].gap or ";" in items[i + 1].gap:
        return False
    first, second = _dated(items[i]), _dated(items[i + 1])
    y1, y2 = _year(first), _year(second)
    return bool(
        y1
        and y2
        and y1 == y2 + 1
        and _same_subject(_after_year(first, y1), _after_year(second, y2))
        and _same_owner(items[i].clause, items[i + 1].clause)
    )


def _same_owner(first: str, second: str) -> bool:
    """办公费2024年…，印刷费2023年…: the words before the second year, if any, repeat the first's.
    Amounts named by 上年/本年, not by a year, had their subjects compared when they were paired."""
    if not _YEAR.search(second):
        return True
    owner = without_spaces(_YEAR.split(second, 1)[0]).lstrip("，,、")
    return owner == "" or owner == without_spaces(_YEAR.split(first, 1)[0])


def _prior_sentence_before(sentence: Sentence, i: int, previous: Sentence | None) -> Change | None:
    """上年X为W万元。本年X为V万元，同比下降Z%: last year's amount closes the sentence before."""
    items = sentence.items
    if previous is None or i != 0 or not previous.items or not _P.current_word.search(items[0].clause):
        return None
    rate, rate_dir = rate_after(items, 0)
    last = previous.items[-1]
    if (
        rate is None
        or last.kind != "money"
        or sum(1 for x in previous.items if x.kind == "money") != 1
        or not _P.prior_word.search(last.clause)
        or COMPARE.search(last.bare_clause)
    ):
        return None
    if not _same_subject(_P.prior_word.sub("", last.clause), _P.current_word.sub("", items[0].clause)):
        return None
    return Change(sentence, items[0], None, 0, rate, rate_dir, prior=last, prior_sentence=previous)


def _later_year(items: tuple[Item, ...], i: int) -> int | None:
    """The index of this year's amount when ``items[i]`` is last year's, stated first:
    上年为W万元，本年为X万元 / 由上年的W万元增加到X万元 / 2023年度…W万元，2024年度…X万元."""
    if i + 1 >= len(items) or items[i + 1].kind != "money" or items[i + 1].depth != items[i].depth:
        return None
    here, there = items[i].bare_gap, items[i + 1].bare_gap
    if _P.to_end.search(there) and (_P.from_before.search(here) or _P.prior_word.search(items[i].clause)):
        return i + 1
    if "；" in there or ";" in there:
        return None
    if (
        _P.prior_word.search(items[i].clause)
        and _P.current_word.search(items[i + 1].clause)
        and _same_subject(_P.prior_word.sub("", items[i].clause), _P.current_word.sub("", items[i + 1].clause))
    ):
        return i + 1
    first, second = _dated(items[i]), _dated(items[i + 1])
    y1, y2 = _year(first), _year(second)
    if y1 and y2 and y2 == y1 + 1 and _same_subject(_after_year(first, y1), _after_year(second, y2)):
        return i + 1
    return None


_YEAR = re.compile(r"(20\d\d)\s{0,2}年")
_QUOTE_CLOSE = re.compile(r"[”’」』\"]")


def _dated(item: Item) -> str:
    """The words that date an amount: its clause, or the clause's words of its gap when a quoted name cut the
    clause after the year (2024年“三公”经费X万元: the clause is 经费)."""
    if _YEAR.search(item.clause) or not _QUOTE_CLOSE.search(item.gap):
        return item.clause
    return re.split(r"[，,；;。：:]", item.gap)[-1]


def _year(clause: str) -> int | None:
    years = _YEAR.findall(clause)
    return int(years[0]) if len(years) == 1 else None


def _after_year(clause: str, year: int) -> str:
    return clause.split(str(year), 1)[1].lstrip(" 年度")


def _same_subject(first: str, second: str) -> bool:
    """上年X为W，本年X为V / 2023年度X为W，2024年度X为V: the words besides the period repeat,
    or the second names nothing of its own (…，本年为V)."""
    a, b = without_spaces(first), without_spaces(second)
    return a == b or b in ("", "为", "是") or a.endswith(b) and len(b) >= 2


def _respective(sentence: Sentence, i: int, delta_dir: int, previous: Sentence | None) -> list[Change]:
    """Changes stated as parallel lists: the k-th delta goes with the k-th amount before the
    deltas (in the sentence, or as the list opening the sentence before: "收、支总计各是X,Y万元。
    与上年相比，各减少…") and the k-th rate after them. Only under 分别/各: without it a second
    figure after a change ("增加20万元，30万元用于…") is a new statement."""
    items = sentence.items
    changed = list_run(items, i, "money")
    own_verbs = len(changed) < 2
    if own_verbs:
        changed = _own_verb_run(sentence, i, delta_dir)
    k = len(changed)
    if k < 2:
        return []
    first_rate = changed[-1] + 1
    has_rates = (
        first_rate < len(items)
        and items[first_rate].kind == "percent"
        and _P.rate_gap.match(items[first_rate].bare_gap) is not None
    )
    rates = list_run(items, first_rate, "percent") if has_rates else []
    currents = list(range(i - k, i))
    if not (
        currents
        and currents[0] >= 0
        and list_run(items, currents[0], "money")[:k] == currents
        and not any(deltas(sentence)[c] for c in currents)
    ):
        currents = []
    markers = items[i].gap + (items[first_rate].gap if rates else "") + (items[currents[0]].gap if currents else "")
    if not RESPECTIVELY.search(markers) or rates and len(rates) != k:
        return []
    named: list[Item] = []
    if own_verbs:
        # each change names its subject: its amount is the one before that bears the same name
        return _by_subject(sentence, [items[d] for d in changed], delta_dir, [items[r] for r in rates], previous)
    if not currents and previous is not None:
        opening = next((n for n, item in enumerate(previous.items) if item.kind == "money"), None)
        if opening is not None and RESPECTIVELY.search(previous.items[opening].gap):
            run = list_run(previous.items, opening, "money")
            named = [previous.items[n] for n in run] if len(run) == k else []
    rate_gap = _P.rate_gap.match(items[first_rate].bare_gap) if rates else None
    rate_dir = direction_of(rate_gap) if rate_gap else 0
    return [
        Change(
            sentence,
            items[currents[n]] if currents else None,
            items[d],
            delta_dir,
            items[rates[n]] if rates else None,
            rate_dir,
            named_current=(named[n], previous) if named and previous is not None else None,
        )
        for n, d in enumerate(changed)
    ]


def _own_verb_run(sentence: Sentence, i: int, delta_dir: int) -> list[int]:
    """收入减少X万元、支出减少Y万元，分别下降p%、q%: changes that each name their subject and verb,
    parted by a list mark, one after the other (all the same way), as the parallel list of a
    分别 rate list (its 分别 is still required by the caller)."""
    items = sentence.items
    run = [i]
    # the comparison (与上年相比) opened before the first change covers the next ones
    while (
        (j := run[-1] + 1) < len(items)
        and items[j].kind == "money"
        and _OWN_VERB_JOIN.match(items[j].bare_gap) is not None
        and (m := _P.delta_end.search(items[j].bare_gap)) is not None
        and direction(m.group(1)) == delta_dir
    ):
        run.append(j)
    return run


def _by_subject(
    sentence: Sentence, changes: list[Item], delta_dir: int, rates: list[Item], previous: Sentence | None
) -> list[Change]:
    """收入总计X万元、支出总计Y万元，(与上年相比，)收入减少…、支出总计减少…: the k-th change's amount
    is the last amount before the changes (in the sentence or the one before) whose words hold the
    change's subject (收入, 支出总计); no pairing unless every change finds its own."""
    pool = [(item, previous) for item in previous.items if item.kind == "money"] if previous is not None else []
    first = sentence.items.index(changes[0]) if changes else 0
    directions = deltas(sentence)
    pool += [
        (item, sentence) for k, item in enumerate(sentence.items[:first]) if item.kind == "money" and not directions[k]
    ]
    found: list[tuple[Item, Sentence]] = []
    for change in changes:
        m = _P.delta_end.search(change.bare_clause)
        subject = change.bare_clause[: m.start()] if m else ""
        compared = list(COMPARE.finditer(subject))
        subject = subject[compared[-1].end() :] if compared else subject  # 较上年基本支出 → 基本支出
        match = next((c for c in reversed(pool) if len(subject) >= 2 and subject in c[0].bare_clause), None)
        if match is None or any(match[0] is f[0] for f in found):
            return []
        found.append(match)
    rate_dir = 0
    if rates:
        gap = _P.rate_gap.match(rates[0].bare_gap)
        rate_dir = direction_of(gap) if gap else 0
    return [
        Change(
            sentence,
            current if home is sentence else None,
            change,
            delta_dir,
            rates[n] if rates else None,
            rate_dir,
            named_current=(current, home) if home is not sentence else None,
        )
        for n, (change, (current, home)) in enumerate(zip(changes, found))
    ]


# the unit of the change before, a list mark, then the next change's subject and verb (…支出总计减少)
_OWN_VERB_JOIN = re.compile(r"^(?:万?元)?[、，,][^，,。；;：:\d%（(]{1,12}$")

_CHANGE_SEGMENT_END = re.compile(r"[；;]|原因|其中")


def _after_change(sentence: Sentence, delta: Item) -> str:
    """The words after a change that may call it 持平: its own ；-segment, before any stated reason
    or 其中 list."""
    return _CHANGE_SEGMENT_END.split(sentence.paragraph.text[delta.end : sentence.end], 1)[0]


def _flat_over_last_year(after: str) -> bool:
    """持平 after a change, unless it compares with the budget (与年初预算持平): that one says
    nothing of the change over last year."""
    flat = _P.flat.search(after)
    return flat is not None and not _P.flat_against_budget.search(after[: flat.start()])


def _since_current(items: tuple[Item, ...], i: int) -> str:
    """The words between the delta and the amount it changes (or the clause start)."""
    gap = items[i].bare_gap
    j = i - 1
    while j >= 0 and items[j].kind == "percent":  # 占比 between the amount and its change
        gap = items[j].bare_gap + gap
        j -= 1
    return gap


def _current_before(items: tuple[Item, ...], i: int) -> Item | None:
    # X，比上年增加Y1，增长Z1%；比年初预算增加Y2: a comparison that opens the clause after a semicolon
    # names no subject of its own, so it goes on with X (a clause naming one starts a new subject)
    opens = _P.next_comparison.match(items[i].bare_gap) is not None
    j = i - 1
    while j >= 0:
        between = "".join(items[k].gap for k in range(j + 1, i if opens else i + 1))
        if "；" in between or ";" in between:
            return None
        cand = items[j]
        if cand.depth > items[i].depth:
            j -= 1  # X万元（其中：A，B），比预算数减少Y: a bracketed note between the amount and its change
            continue
        if (
            cand.kind == "money"
            and cand.depth == items[i].depth
            and not _P.delta_end.search(cand.bare_gap)
            and not is_compared_base(items, j)
        ):
            if not is_rate_base(items, j):
                return cand
            # 完成X万元，占年度预算W万元的Z%，较上年增加Y: the change is of X, past the rate's base W
            j -= 1
            continue
        # X，较年初预算减少Y1，下降Z1%，较上年减少Y2: the first change stands between X and the second
        chained = _P.delta_end.search(cand.bare_gap) and _P.next_comparison.match(items[i].bare_gap)
        if cand.kind == "money" and not chained:
            return None
        j -= 1
    return None


def rate_after(items: tuple[Item, ...], i: int) -> tuple[Item | None, int]:
    """The growth rate stated right after item ``i`` (…X万元，较上年同期增长Z%) and its direction; past a
    bracket of its parts closed right before the rate (增加X万元（其中：A万元，B万元），增长Z%)."""
    if i + 1 < len(items) and items[i + 1].kind == "percent":
        m = _P.rate_gap.match(items[i + 1].bare_gap)
        if m:
            return items[i + 1], direction_of(m)  # the next figure, bracketed or not (减少Y元（下降Z%）)
    j = i + 1
    while j < len(items) and items[j].depth > items[i].depth:
        j += 1
    if i + 1 < j < len(items) and items[j].kind == "percent" and items[j].bare_gap[:1] in _CLOSERS:
        m = _P.rate_gap.match(items[j].bare_gap[1:])
        if m:
            return items[j], direction_of(m)
    return None, 0


_CLOSERS = ("）", ")")


def _rate_before(items: tuple[Item, ...], i: int) -> tuple[Item | None, int]:
    """较上年增长Z%，增加Y万元: the rate stated first, in the same comparison."""
    # only a comma and the direction word between them: "…增长Z%，其中增加Y万元" is a part's change
    gap = items[i].bare_gap
    if i > 0 and items[i - 1].kind == "percent" and gap[:1] in ("，", ",", "、") and _P.delta_end.match(gap[1:]):
        m = _P.rate_clause.search(items[i - 1].bare_clause)
        if m:
            return items[i - 1], direction_of(m)
    return None, 0
