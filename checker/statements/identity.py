"""Accounting identities (``lexicons/identities.yaml``) instantiated with the document's amounts.

An identity is instantiated only when its whole and every required part are each stated
under exactly that name (the whole label, not a longer one such as 财政拨款收入总计) with one
value throughout the document; labels used with several values belong to several contexts
(财政拨款 vs 全部资金) and cannot be told apart by name alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from checker.statements.change import is_delta
from checker.statements.composition import identities
from checker.statements.sentences import Item, Sentence


# The amounts must be stated within a few paragraphs of each other: far apart, the same name
# is often used for a different fund (基本支出 of all funds vs of 财政拨款).
_NEARBY = 3


@dataclass(frozen=True)
class IdentityInstance:
    name: str
    whole: tuple[Item, Sentence]
    parts: tuple[tuple[Item, Sentence], ...]
    missing_optional: tuple[str, ...]


def find_identity_instances(paragraph_sentences: list[list[Sentence]],
                            covered: dict[int, set[int]]) -> list[IdentityInstance]:
    """``covered`` maps the id of a 其中 list's total to the ids of its parts: an identity whose
    parts are all in that list is already checked as a composition."""
    by_label: dict[str, list[tuple[Item, Sentence]]] = defaultdict(list)
    for sents in paragraph_sentences:
        for sentence in sents:
            for k, item in enumerate(sentence.items):
                if item.kind == "money" and item.depth == 0 and item.label and not is_delta(sentence.items, k):
                    by_label[item.label].append((item, sentence))

    def unique(pattern: re.Pattern[str]) -> tuple[Item, Sentence] | None | bool:
        hits = [pair for label, pairs in by_label.items() if pattern.fullmatch(label) for pair in pairs]
        if not hits:
            return None
        return hits[0] if len({i.quantity.value for i, _ in hits}) == 1 else False

    out = []
    for ident in identities():
        if ident["kind"] != "money":
            continue  # head counts are checked only as the 其中 lists that state them
        whole = unique(ident["whole"])
        if not whole:
            continue
        parts, missing, usable = [], [], True
        for pattern in ident["parts"]:
            found = unique(pattern)
            if found:
                parts.append(found)
            elif found is None and pattern.pattern in ident["optional"]:
                missing.append(pattern.pattern)
            else:
                usable = False
                break
        listed = covered.get(id(whole[0]), set())
        places = [whole[1].index] + [s.index for _, s in parts]
        if usable and parts and not all(id(p) in listed for p, _ in parts) \
                and max(places) - min(places) <= _NEARBY:
            out.append(IdentityInstance(ident["name"], whole, tuple(parts), tuple(missing)))
    return out
