"""Composition: 总数X，其中：A为Y，B为Z… (and the same list continued as numbered paragraphs).

Two shapes are recognised:

* in one sentence — the amount before 其中 is the whole, the amount that heads each following
  segment is a part; a share (占…%) and a change (比上年…) may follow a part; anything else
  (a rate, a bracketed note) ends the list;
* across paragraphs — a sentence ends with 其中：and numbered paragraphs follow, each stating
  the same kinds of figure as the whole (预算/实际支出/比上年减少…). The figures are matched by
  their role, so the parts' budgets add up to the whole's budget, their changes to its change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import load_yaml
from checker.statements.change import is_delta
from checker.statements.sentences import (RESPECTIVELY, Item, Sentence, depth as _depth, is_list_item, list_marker_style,
                                          joins_list)

_MARKER = re.compile(r"其中\s*[：:，,]?|(?:主要)?用于以下(?:几个)?方面\s*[：:]|具体(?:情况)?如下\s*[：:]"
                     r"|按(?:支出)?(?:功能|经济)分类(?:科目)?\s*[：:，,]")
_EXPLAIN = re.compile(r"原因|用于|主要是|主要为|包括|涉及|如[：:]")
_SHARE = re.compile(r"占")
_SEGMENT = re.compile(r"[；;]")
_CHANGE_WORD = re.compile(r"^(?:比上年|较上年|同比|比|较)?(?:增加|减少|增长|下降|新增|减|增)")


@dataclass(frozen=True)
class Composition:
    total: Item
    total_sentence: Sentence
    parts: tuple[tuple[Item, Sentence], ...]
    exhaustive: bool = False
    role: str = "amount"


@lru_cache(maxsize=1)
def identities() -> tuple[dict, ...]:
    out = []
    for entry in load_yaml("identities.yaml")["identities"]:
        out.append({"name": entry["name"], "kind": entry.get("kind", "money"), "whole": re.compile(entry["whole"]),
                    "parts": tuple(re.compile(p) for p in entry["parts"]),
                    "optional": frozenset(entry.get("optional", ()))})
    return tuple(out)


def _same_kind(a: Item, b: Item) -> bool:
    if a.kind != b.kind:
        return False
    return a.kind != "count" or a.quantity.unit == b.quantity.unit


def complete_by_identity(labels: list[str], whole: Item | None = None) -> bool:
    """True when every label names a different part of one identity (and at least two do).

    A head-count identity (实有人数 = 在职 + 离休 + 退休) holds only for its own whole: the same
    part names can break down other totals (编制, 党员) that are counted differently."""
    kind = whole.kind if whole is not None else "money"
    for ident in identities():
        if ident["kind"] != kind or kind != "money" and not ident["whole"].search(whole.label):
            continue
        hit = set()
        for label in labels:
            matches = [k for k, p in enumerate(ident["parts"]) if p.search(label)]
            if not matches:
                break
            hit.add(matches[0])
        else:
            if len(hit) == len(labels) >= 2:
                return True
    return False


def _exhaustive(total: Item, labels: list[str]) -> bool:
    return any("其他" in label for label in labels) or complete_by_identity(labels, total)


def find_compositions(paragraph_sentences: list[list[Sentence]]) -> list[Composition]:
    out: list[Composition] = []
    for p_index, sents in enumerate(paragraph_sentences):
        for sentence in sents:
            out.extend(_in_sentence(sentence))
        cross = _across_paragraphs(paragraph_sentences, p_index)
        out.extend(cross)
    return out


def _in_sentence(sentence: Sentence) -> list[Composition]:
    text = sentence.paragraph.text
    out = []
    markers = [m for m in _MARKER.finditer(text, sentence.start, sentence.end)
               if not _depth(text[sentence.start:m.start()])]  # （其中…） notes are not lists
    for n, m in enumerate(markers):
        before = [i for i in sentence.items if i.end <= m.start()]
        after = [k for k, i in enumerate(sentence.items) if i.start >= m.end()]
        wholes = [i for i in reversed(before) if i.kind in ("money", "count") and i.depth == 0]
        # 车辆49辆，价值1124.02万元，其中：…用车7辆: the whole is the last figure of the parts' kind
        first_part = sentence.items[after[0]] if after else None
        total = next((i for i in wholes if first_part is not None and _same_kind(i, first_part)),
                     wholes[0] if wholes else None)
        if total is None or not after or is_delta(sentence.items, sentence.items.index(total)):
            continue
        total_measure = measure(total)
        parts: list[Item] = []
        names: list[str] = []
        explaining = False
        # in "A和B分别为X、Y万元" the words before X name the whole list; the pipeline has paired
        # each figure with its own name
        respective = False
        for k in after:
            item = sentence.items[k]
            respective = bool(RESPECTIVELY.search(item.clause)) or respective and joins_list(item)
            name = item.quantity.label if respective and item.quantity.label else item.label
            segment = _SEGMENT.split(item.gap)[-1]
            if segment != item.gap:
                if n > 0:
                    break  # a list inside a list item ends with that item's segment
                explaining = False
            if _EXPLAIN.search(segment) and parts:
                explaining = True
            if "其中" in item.gap and parts:
                break  # a nested list: its parts are not parts of this whole
            if item.depth > 0 or explaining:
                continue
            if item.kind == "percent":
                if k > 0 and is_delta(sentence.items, k - 1):
                    continue  # the rate of a part's change
                if parts and _SHARE.search(item.clause):
                    continue  # the part's share: checked as a Share statement
                break
            if not _same_kind(item, total):
                break
            if is_delta(sentence.items, k) or _CHANGE_WORD.match(item.label):
                continue
            if not name or {total_measure, measure(item)} == {"budget", "actual"}:
                break  # 年初预算X，其中…，全年执行Y: the sentence has moved on to another figure
            parts.append(item)
            names.append(name)
        if parts and not _mixed_measures(parts):
            out.append(Composition(total, sentence, tuple((p, sentence) for p in parts),
                                   _exhaustive(total, names)))
    return out


ROLE_PATTERNS = (("carry", re.compile(r"结转|结余")), ("budget", re.compile(r"预算")),
                 ("actual", re.compile(r"实际|执行|决算|支出")))


def measure(item: Item) -> str | None:
    """Whether an amount is a budget or an outturn, when its words say so (基本支出 says neither)."""
    if re.search(r"实际|执行|决算", item.clause):
        return "actual"
    return "budget" if "预算" in item.clause else None


def _mixed_measures(parts: list[Item]) -> bool:
    """年初预算数 X，全年预算数 Y，决算数 Z lists measures of one thing, not parts of a whole."""
    return {"budget", "actual"} <= {measure(p) for p in parts}


def role(items: tuple[Item, ...], k: int) -> str | None:
    direction = is_delta(items, k)
    if direction:
        return "increase" if direction > 0 else "decrease"
    clause = items[k].clause
    if items[k].kind != "money":
        return None
    if "预算" in clause and re.search(r"实际|执行", clause):
        return None
    return next((name for name, pattern in ROLE_PATTERNS if pattern.search(clause)), None)


def _roles(sentence: Sentence) -> dict[str, Item]:
    found: dict[str, list[Item]] = {}
    for k, item in enumerate(sentence.items):
        name = role(sentence.items, k)
        if name and item.depth == 0:
            found.setdefault(name, []).append(item)
    return {name: items[0] for name, items in found.items() if len(items) == 1}


def _across_paragraphs(paragraph_sentences: list[list[Sentence]], p_index: int) -> list[Composition]:
    sents = paragraph_sentences[p_index]
    if not sents:
        return []
    para = sents[-1].paragraph
    if not re.search(r"其中\s*[：:]\s*$", para.text):
        return []
    total_sentence = next((s for s in reversed(sents) if any(i.kind == "money" for i in s.items)), None)
    if total_sentence is None:
        return []
    whole = _roles(total_sentence)
    if not whole:
        return []
    members: list[tuple[dict[str, Item], Sentence | None]] = []
    style = None
    for later in paragraph_sentences[p_index + 1:]:
        if not later or not is_list_item(later[0].paragraph):
            break
        # 2.…其中：（1）…（2）… 3.…: the next item of the outer list is no part
        if style is not None and list_marker_style(later[0].paragraph) != style:
            break
        style = list_marker_style(later[0].paragraph)
        with_money = [s for s in later if any(i.kind == "money" for i in s.items)]
        roles: dict[str, Item] = {}
        for s in with_money:
            for name, item in _roles(s).items():
                roles.setdefault(name, item)
        members.append((roles, with_money[0] if with_money else None))
    if sum(1 for _, s in members if s is not None) < 2:
        return []
    out = []
    for name, total in whole.items():
        parts = []
        for roles, sentence in members:
            if sentence is None:
                continue  # an item with no amounts at all (无…情况) adds nothing
            if name not in roles:
                parts = []
                break
            parts.append((roles[name], sentence))
        if len(parts) >= 2:
            out.append(Composition(total, total_sentence, tuple(parts), True, name))
    return out
