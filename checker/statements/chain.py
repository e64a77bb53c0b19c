"""Running totals: an amount built step by step in a sentence.

"本级收入A万元，加上级补助收入B万元，下级上解收入C万元，收入总计D万元" adds B and C to A;
"收入总计X万元，减支出总计Y万元，滚存结余Z万元" takes Y from X. The steps open with the words of
``running_total`` in ``lexicons/cues_composition.yaml``; an amount without such a word carries on
the step before it. A total closes the chain when it is the last amount of the run or a step
follows it (…结余Z万元，减结转下年支出W万元，…): it then opens the next chain. A sentence that
opens with a step (…收入A万元。加上级补助收入B万元，…，收入总计D万元) starts its chain in the
sentence before, when that sentence names the start: its only amount, or a total it ends with
(a breakdown sentence, 其中：…, may stand between). Otherwise nothing is checked until a total
gives the next chain its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.arith import total
from checker.statements.change import deltas
from checker.statements.composition import cues
from checker.statements.cues import patterns
from checker.statements.sentences import Item, Sentence

_MARKS = "，,；;、 "


@dataclass(frozen=True)
class Chain:
    start: Item
    steps: tuple[tuple[int, Item], ...]  # (+1 or −1, amount); the first opens with a step word
    result: Item
    sentence: Sentence
    all_marked: bool  # every step names its own sign (no amount carried on the one before)
    # other amounts the chain may start from (a breakdown sentence's part, when its whole came before it)
    other_starts: tuple[Item, ...] = ()
    # amounts a step's breakdown read as its parts that a shorter breakdown would leave as steps
    # (加上级补助收入B，其中：b1，上年结余C，…: C a part of B or a step), each with that step's sign
    other_steps: tuple[tuple[int, tuple[Item, ...]], ...] = ()


@dataclass(frozen=True)
class _Words:
    signs: dict[str, int]
    adverbs: frozenset[str]
    openers: frozenset[str]  # the first characters a step can open with
    changes: tuple[str, ...]  # direction words that begin like a step (减少, 增加 …)
    totals: tuple[str, ...]
    balances: tuple[str, ...]
    opening: tuple[str, ...]  # words of a balance brought in (年初滚存结余)
    closing: tuple[str, ...]  # words of the balance carried out (年末滚存结余)
    breakdowns: tuple[str, ...]
    items: frozenset[str]  # words that open the name of what a step adds or takes


@lru_cache(maxsize=1)
def _words() -> _Words:
    c = cues()["running_total"]
    signs = {w: 1 for w in c["add"]} | {w: -1 for w in c["subtract"]}
    openers = frozenset(w[0] for w in (*signs, *c["adverbs"]))
    p = patterns()
    # 减少支出80万元 is a change however the segmenter cuts it (减 / 少支出); 减支出总计 is a step whose
    # item a change word (减支) would swallow the first character of
    changes = tuple(w for w in (p.up | p.down) - p.spent_earned if len(w) > 1 and w[0] in openers)
    return _Words(
        signs,
        frozenset(c["adverbs"]),
        openers,
        changes,
        tuple(c["totals"]),
        tuple(c["balances"]),
        tuple(c["period_balances"]["opening"]),
        tuple(c["period_balances"]["closing"]),
        tuple(c["breakdowns"]),
        _item_words(),
    )


def _item_words() -> frozenset[str]:
    from checker.lexicon import load_words
    from checker.nlp.labels import label_vocab

    vocab = label_vocab()
    return frozenset((*load_words("fiscal_terms.txt"), *vocab.generic, *vocab.periods))


def step_sign(item: Item) -> int:
    """+1/−1 when the words before the amount open a step (加上年结余, 再加调入资金, 减支出总计)."""
    w = _words()
    gap = item.bare_gap.lstrip(_MARKS)
    if not gap or gap[0] not in w.openers or gap.startswith(w.changes):
        return 0  # most gaps: no need to cut them into words
    from checker.nlp.pipeline import segmenter

    words = list(segmenter()(gap[:12]))
    if len(words) > 1 and words[0] in w.adverbs:
        gap = gap[len(words[0]) :]
        words = words[1:]
    # 减Y万元 alone is a change, not a step: a step names what it adds or takes
    if words[0] in w.signs and len("".join(words[1:])) >= 2:
        return w.signs[words[0]]
    return _fused_sign(gap, words)


def _fused_sign(gap: str, words: list[str]) -> int:
    """The sign of a step whose sign word the segmenter fused with the item it takes (减支/出
    for 减支出, 扣/减支/出 for 扣减支出): the item, cut on its own, opens with an item word
    (支出, 本年, a fiscal term). 加强管理, 减免费用 or 减税降费 name no item after their sign."""
    w = _words()
    sign = max((s for s in w.signs if gap.startswith(s) and s != words[0]), key=len, default="")
    if not sign or len(gap) - len(sign) < 2:
        return 0
    from checker.nlp.pipeline import segmenter

    item = next(iter(segmenter()(gap[len(sign) : len(sign) + 12])), "")
    return w.signs[sign] if len(item) >= 2 and item in w.items else 0


def _runs(
    sentence: Sentence,
) -> tuple[list[list[tuple[int, Item]]], dict[int, list[Item]], dict[int, Item]]:
    """The sentence's amounts, signed, cut where something other than a step or a carried amount
    comes between (a rate, a change, a breakdown: 其中…). A rate or change right after the start
    amount (支出A，同比下降P%，加上…; 收入A，完成预算的P%，加上…) is said of that start: when a step
    follows it, the run goes on. A breakdown of a step (加上级补助收入B，其中：…b1，…b2，…) is left
    out when where it ends is plain: its parts add up to B, or a step word opens the next amount.
    Also returns each such breakdown's parts, by the start of the step they divide, and the
    whole of a part that opens a run (总收入X，其中地方收入A；加上级补助收入B…: the steps may carry
    on A or on X), by the part's start."""
    runs: list[list[tuple[int, Item]]] = [[]]
    said_of_start = False  # rates or changes of the run's only amount stand between it and what follows
    parts: list[Item] | None = None  # the breakdown of the run's last step, while it is read
    breakdowns: dict[int, list[Item]] = {}
    wholes: dict[int, Item] = {}
    for k, item in enumerate(sentence.items):
        if item.depth:
            continue  # a bracketed amount is a note on the one before it (（其中：A X万元）)
        delta = deltas(sentence)[k]
        if parts is None and runs[-1] and runs[-1][-1][0] and item.kind == "money" and _opens_breakdown(item):
            parts = []
        if parts is not None:
            whole = runs[-1][-1][1]
            breakdowns[whole.start] = parts
            parts, read = _read_breakdown(parts, item, delta, whole)
            if parts is None and read and item.kind == "money" and not delta:
                breakdowns[whole.start] = [*breakdowns[whole.start], item]
            if read:
                continue
        if _opens_breakdown(item) or (item.kind != "money" and item.kind != "percent"):
            opened = runs[-1][0][1] if runs[-1] and not runs[-1][0][0] else None
            runs.append([])
            said_of_start = False
            if opened is not None and item.kind == "money" and not delta:
                runs[-1].append((0, item))  # the part may start the steps after it, as may its whole
                wholes[item.start] = opened
            continue
        if item.kind == "percent" or delta:
            start_only = len(runs[-1]) == 1 and not runs[-1][0][0]
            if not (start_only or said_of_start):
                runs.append([])
            said_of_start = start_only or said_of_start
            continue
        sign = step_sign(item)
        if said_of_start and not sign:
            runs.append([])  # not a step: the start's rate was the end of its run
        said_of_start = False
        runs[-1].append((sign, item))
    return runs, breakdowns, wholes


def _read_breakdown(parts: list[Item], item: Item, delta: int, whole: Item) -> tuple[list[Item] | None, bool]:
    """The breakdown of ``whole`` read on to ``item``: the parts so far (None once it has ended),
    and whether ``item`` was read as part of it. It ends before a step, or with the part that
    makes the parts add up to ``whole``. A breakdown whose end is not plain keeps the rest of the
    sentence."""
    if item.kind != "money" or delta:
        return parts, True  # a rate or change of a part
    if step_sign(item):
        return None, False
    parts = [*parts, item]
    if total([p.quantity.interval for p in parts]).overlaps(whole.quantity.interval):
        return None, True
    return parts, True


def _opens_breakdown(item: Item) -> bool:
    # a bracketed note (支出A（含上级补助等支出，下同），下降P%) is said of the amount before it
    gap = _NOTE.sub("", item.bare_gap)
    return any(b in gap for b in _words().breakdowns)


_NOTE = re.compile(r"[（(][^（()）]*[）)]")


def _carried_starts(before: list[Sentence]) -> tuple[Item, ...]:
    """The amounts a sentence opening with a step may carry on (收入总计X。减去支出Y，结余Z): the
    sentence before names it as its only amount, or as a total it ends with. After a breakdown
    sentence (其中：税收收入A…) the steps may carry on the whole before it or that part: both."""
    parts: tuple[Item, ...] = ()
    for sentence in before[::-1][:2]:
        amounts = [
            item
            for k, item in enumerate(sentence.items)
            if item.kind == "money" and not item.depth and not deltas(sentence)[k]
        ]
        if not amounts:
            return ()
        if _opens_breakdown(amounts[0]) and not parts:
            parts = (amounts[0],)
            continue
        last = amounts[-1]
        if len(amounts) == 1 or any(word in last.label for word in _words().totals):
            return (last, *parts)
        return ()
    return ()


def _closes(
    item: Item, start: Item | None, steps: list[tuple[int, Item]], next_sign: int | None, next_total: bool
) -> bool:
    """A total closes the steps before it when nothing is carried on after it, or another total
    follows it (…，收入合计T；支出合计S: the next sum's start, not a step of this one)."""
    w = _words()
    if next_sign == 0 and not (next_total and any(word in item.label for word in w.totals)):
        return False  # 上年结余C万元，调入资金D万元: still carrying the step before
    if any(word in item.label for word in w.totals):
        return True
    if not any(word in item.label for word in w.balances):
        return False
    # 当年结余A，加上年初滚存结余B，年末滚存结余C: the balance carried out is the year's balance plus the one
    # brought in (收入A，加上年结转B，年末结转C leaves the spending out: no sum)
    return any(s < 0 for s, _ in steps) or (
        start is not None
        and any(word in start.label for word in w.balances)
        and any(word in item.label for word in w.closing)
        and all(any(word in step.label for word in w.opening) for _, step in steps)
    )


def _may_step(item: Item, openers: frozenset[str]) -> bool:
    gap = item.bare_gap.lstrip(_MARKS)
    return bool(gap) and gap[0] in openers


def find_chains(paragraph_sentences: list[list[Sentence]]) -> list[Chain]:
    out = []
    openers, totals = _words().openers, _words().totals
    for sents in paragraph_sentences:
        for i, sentence in enumerate(sents):
            # a chain is a start, a step and a result: most sentences have no gap a step can open
            if len(sentence.items) < 2 or not any(_may_step(item, openers) for item in sentence.items):
                continue
            runs, breakdowns, wholes = _runs(sentence)
            for r, run in enumerate(runs):
                start: Item | None = None
                others: tuple[Item, ...] = ()
                if r == 0 and run and run[0][0] and run[0][1] is sentence.items[0]:
                    # a sentence opening with a step carries on an amount of the sentence before
                    start, *rest = _carried_starts(sents[:i]) or (None,)
                    others = tuple(rest)
                if len(run) + (start is not None) < 3:
                    continue
                steps: list[tuple[int, Item]] = []
                marked = True
                maybe_steps: list[tuple[int, tuple[Item, ...]]] = []
                for j, (sign, item) in enumerate(run):
                    next_sign = run[j + 1][0] if j + 1 < len(run) else None
                    next_total = j + 1 < len(run) and any(word in run[j + 1][1].label for word in totals)
                    if sign:
                        # without a start (a run opening with a step the sentence before gives no
                        # start to) the steps are read, but only a total they close opens a chain
                        steps.append((sign, item))
                        parts = breakdowns.get(item.start, [])
                        maybe_steps.extend((sign, tuple(parts[n:])) for n in range(1, len(parts)))
                    elif not steps:
                        start = item
                        others = (wholes[item.start],) if item.start in wholes else others
                    elif _closes(item, start, steps, next_sign, next_total):
                        if start is not None:
                            out.append(Chain(start, tuple(steps), item, sentence, marked, others, tuple(maybe_steps)))
                        start, steps, marked, others, maybe_steps = item, [], True, (), []
                    else:
                        steps.append((steps[-1][0], item))
                        marked = False
    return out
