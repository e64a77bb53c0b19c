"""Shares: A为Y万元，占Z% (of the list's total) or 占<named whole>的Z%."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from checker.statements.composition import Composition
from checker.statements.sentences import Item, Sentence, clean_label, list_run

_SHARE = re.compile(r"^占(?:比|比为|比例为)?$")
_NAMED = re.compile(r"^占(.{2,24}?)(?:的)?(?:比重|比例|比)?(?:为)?$")
# "A、B分别为X、Y万元，分别占P%、Q%": the k-th share is of the k-th amount
_RESPECTIVE = re.compile(r"^(?:分别|各)(?=占)")


@dataclass(frozen=True)
class Share:
    part: Item
    share: Item
    sentence: Sentence
    whole: Item | None            # the amount the share is of, when it can be found
    whole_sentence: Sentence | None
    named: str | None = None      # the whole's name when the sentence gives one


def find_shares(paragraph_sentences: list[list[Sentence]], compositions: list[Composition]) -> list[Share]:
    totals: dict[int, tuple[Item, Sentence]] = {}
    for comp in compositions:
        if comp.role == "amount":
            for part, _ in comp.parts:
                totals[id(part)] = (comp.total, comp.total_sentence)
    labelled = _label_index(paragraph_sentences)
    out: list[Share] = []
    for sents in paragraph_sentences:
        for sentence in sents:
            items = sentence.items
            for k in range(1, len(items)):
                share, part = items[k], items[k - 1]
                if share.kind != "percent" or part.kind != "money" or "占" not in share.clause:
                    continue
                clause = share.clause
                pairs = [(part, share)]
                if _RESPECTIVE.match(clause):
                    pairs = _respective(items, k)
                    clause = _RESPECTIVE.sub("", clause)
                if _SHARE.match(clause):
                    for part, share in pairs:
                        whole = totals.get(id(part))
                        out.append(Share(part, share, sentence, *(whole or (None, None))))
                    continue
                m = _NAMED.match(clause)
                if not m:
                    continue
                name = clean_label(m.group(1))
                found = labelled.get(name, ())
                values = {i.quantity.value for i, _ in found}
                whole = found[0] if len(values) == 1 else (None, None)
                out.extend(Share(part, share, sentence, *whole, named=name) for part, share in pairs)
    return out


def _respective(items: tuple[Item, ...], k: int) -> list[tuple[Item, Item]]:
    """The amounts and shares of two lists of one length, paired in order; nothing when the
    lists differ in length (which share belongs to which amount is then a guess)."""
    shares = list_run(items, k, "percent")
    first = k - 1
    while first > 0 and items[first - 1].kind == "money" and list_run(items, first - 1, "money")[-1] == k - 1:
        first -= 1
    if k - first != len(shares):
        return []
    return [(items[first + n], items[s]) for n, s in enumerate(shares)]


def _label_index(paragraph_sentences: list[list[Sentence]]) -> dict[str, list[tuple[Item, Sentence]]]:
    index: dict[str, list[tuple[Item, Sentence]]] = defaultdict(list)
    for sents in paragraph_sentences:
        for sentence in sents:
            for item in sentence.items:
                if item.kind == "money" and item.depth == 0 and len(item.label) >= 4:
                    index[item.label].append((item, sentence))
    return index
