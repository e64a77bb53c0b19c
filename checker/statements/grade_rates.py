"""Rates over counts by grade: 优良率, 优秀率, 合格率 stated right after the counts by grade that split a
whole (16个项目中，优10个，良4个，中2个，优良率87.50%). The rate is the named grades' counts over the whole."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import alternation, load_yaml
from checker.statements.composition import Composition, split_key
from checker.statements.sentences import Item, Sentence


@dataclass(frozen=True)
class GradeRate:
    rate: Item
    sentence: Sentence
    split: Composition
    counted: tuple[Item, ...]  # the counts of the grades the rate word names
    word: str


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    return {word: tuple(grades) for word, grades in load_yaml("scoring.yaml")["grade_rates"]["words"].items()}


@lru_cache(maxsize=1)
def _rate_clause() -> re.Pattern[str]:
    entry = load_yaml("scoring.yaml")["grade_rates"]
    return re.compile(
        f"^(?:{alternation(entry['leads'])})?({alternation(list(_words()))})(?:{alternation(entry['links'])})?$"
    )


def find_grade_rates(compositions: list[Composition]) -> list[GradeRate]:
    out = []
    for comp in compositions:
        if not comp.grades:
            continue
        sentence = comp.total_sentence
        items = sentence.items
        listed = [p for p, s in comp.parts if s is sentence]
        if len(listed) != len(comp.parts):
            continue
        last = max(items.index(p) for p in (*listed, comp.total))
        # the rate follows the list directly: another figure between them is of something else
        if last + 1 >= len(items):
            continue
        rate = items[last + 1]
        if rate.kind != "percent" or rate.depth:
            continue
        m = _rate_clause().match(rate.bare_clause)
        if m is None:
            continue
        grades = _words()[m.group(1)]
        by_grade = {split_key(p): p for p in listed}
        named = [by_grade[g] for g in grades if g in by_grade]
        # a grade of the rate the list leaves unnamed counts none only when the list is the whole scale
        if not named or len(named) < len(grades) and not comp.exhaustive:
            continue
        out.append(GradeRate(rate, sentence, comp, tuple(named), m.group(1)))
    return out
