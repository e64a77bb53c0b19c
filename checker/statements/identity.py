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
from functools import lru_cache

from checker.lexicon import alternation
from checker.statements.change import deltas
from checker.statements.composition import cues, identities
from checker.statements.cues import paired_totals
from checker.statements.sentences import DELIMITERS, Item, Sentence, clean_label, joins_list


# The amounts must be stated within a few paragraphs of each other: far apart, the same name
# is often used for a different fund (基本支出 of all funds vs of 财政拨款).
_NEARBY = 3


_QUOTES = re.compile(r"[“”\"'‘’]")
# 公务接待费支出决算数 names 公务接待费: the measure words after a name do not change what it is
_MEASURE_TAIL = re.compile(r"(?:支出决算数|支出决算|决算数|决算|支出数)$")
_NAME_MARKS = "，,；;。：:、"
_NAME_CUT = re.compile(f"[{_NAME_MARKS}]")
# the delimiters that end an item's clause but not a name: brackets and quotes
_CUT_LABEL = re.compile(f"[{re.escape(''.join(sorted(set(DELIMITERS) - set(_NAME_MARKS))))}]")
_HEAD_CUT = re.compile(r"[，,；;。：:]")


def _name(item: Item) -> str:
    """The item's label, or the words since the last punctuation mark when the label was cut
    at a bracket or a quote (因公出国（境）费 → 费, “三公”经费 → 经费)."""
    rest = _NAME_CUT.split(item.gap)[-1]
    if not _CUT_LABEL.search(rest):
        return item.label  # no bracket or quote after the last mark: the label is that tail already
    tail = clean_label(rest)
    return tail if item.label != tail and tail.endswith(item.label) else item.label


def _spellings(label: str) -> tuple[str, str, str]:
    """The label as written, without quotes, and without quotes or measure words after the name."""
    bare = _QUOTES.sub("", label)
    return label, bare, _MEASURE_TAIL.sub("", bare)


@dataclass(frozen=True)
class IdentityInstance:
    name: str
    whole: tuple[Item, Sentence]
    parts: tuple[tuple[Item, Sentence], ...]
    missing_optional: tuple[str, ...]
    signs: tuple[int, ...] = ()
    """+1 or −1 per part (a balance: 年末 = 年初 + 本年收入 − 本年支出); empty when every part adds."""


def find_identity_instances(
    paragraph_sentences: list[list[Sentence]], covered: dict[int, set[int]], offset: frozenset[int] = frozenset()
) -> list[IdentityInstance]:
    """``covered`` maps the id of a 其中 list's total to the ids of its parts: an identity whose
    parts are all in that list is already checked as a composition. ``offset``: the ids of the totals a
    stated balance is the difference of (收入总计R，支出总计S，收支相抵，年终结余B): the text makes them
    unequal by B, so no identity equates them."""
    by_label: dict[str, list[tuple[Item, Sentence]]] = defaultdict(list)
    subtracted: set[str] = set()  # names the text takes from the amount before them
    for sents in paragraph_sentences:
        for sentence in sents:
            for k, item in enumerate(sentence.items):
                if item.kind == "money" and item.depth == 0 and item.label and not deltas(sentence)[k]:
                    # the tagger's name when the clause was cut at a bracket (因公出国（境）费 → 费)
                    by_label[_name(item)].append((item, sentence))
                    if k and _subtracted(item):
                        subtracted.add(_subtract().sub("", _name(item)))

    # each label is held to every identity's patterns: its distinct spellings are made once, and
    # a spelling that several labels share (a label without quotes or measure words) tried once
    labels_of: dict[str, list[str]] = defaultdict(list)
    for label in by_label:
        for form in dict.fromkeys(_spellings(label)):
            labels_of[form].append(label)
    # identities share wholes and parts (收入总计, 因公出国…费): each pattern is looked up once
    looked_up: dict[str, tuple[Item, Sentence] | None | bool] = {}

    def unique(pattern: re.Pattern[str]) -> tuple[Item, Sentence] | None | bool:
        if pattern.pattern not in looked_up:
            matched = {label for form, labels in labels_of.items() if pattern.fullmatch(form) for label in labels}
            hits = [pair for label, pairs in by_label.items() if label in matched for pair in pairs]
            looked_up[pattern.pattern] = (
                None if not hits else hits[0] if len({i.quantity.value for i, _ in hits}) == 1 else False
            )
        return looked_up[pattern.pattern]

    out = []
    for ident in identities():
        if ident["kind"] != "money" or ident["lists_only"]:
            continue  # head counts and lists_only identities are checked only as the 其中 lists that state them
        whole = unique(ident["whole"])
        if not isinstance(whole, tuple):
            continue
        parts: list[tuple[Item, Sentence]] = []
        signs: list[int] = []
        missing: list[str] = []
        usable = True
        for pattern in ident["parts"]:
            found = unique(pattern)
            if isinstance(found, tuple):
                parts.append(found)
                signs.append(-1 if pattern.pattern in ident["subtract"] else 1)
            elif found is None and pattern.pattern in ident["optional"]:
                missing.append(pattern.pattern)
            else:
                usable = False
                break
        if any(_name(part) in subtracted for part, _ in parts):
            continue  # 收入总计X，减支出总计Y，结余Z: the text relates them by their difference
        if id(whole[0]) in offset and all(id(part) in offset for part, _ in parts):
            continue  # …，收支相抵，年终结余Z: so does a stated balance of the two
        listed = covered.get(id(whole[0]), set())
        places = [whole[1].index] + [s.index for _, s in parts]
        reach = _NEARBY if ident["nearby"] is None else ident["nearby"]
        if usable and parts and not all(id(p) in listed for p, _ in parts) and max(places) - min(places) <= reach:
            signed = tuple(signs) if ident["subtract"] else ()
            out.append(IdentityInstance(ident["name"], whole, tuple(parts), tuple(missing), signed))
    return out


@lru_cache(maxsize=1)
def _subtract() -> re.Pattern[str]:
    return re.compile(f"^(?:{alternation(cues()['subtract_words'])})")


def _subtracted(item: Item) -> bool:
    """减支出总计Y: the amount is taken from the one before it in the text."""
    return _subtract().match(item.bare_gap.lstrip("，,；;")) is not None


@dataclass(frozen=True)
class PairedTotals:
    """ "收、支总计各是X、Y万元": the receipts total and the spending total stated together."""

    receipts: Item
    spending: Item
    sentence: Sentence


def find_paired_totals(paragraph_sentences: list[list[Sentence]]) -> list[PairedTotals]:
    out = []
    for sents in paragraph_sentences:
        for sentence in sents:
            items = sentence.items
            for k in range(len(items) - 1):
                first, second = items[k], items[k + 1]
                if first.kind != "money" or second.kind != "money" or first.depth or not joins_list(second):
                    continue
                head = clean_label(_HEAD_CUT.split(first.gap)[-1])
                if paired_totals().both.search(head) and not deltas(sentence)[k]:
                    out.append(PairedTotals(first, second, sentence))
    return out
