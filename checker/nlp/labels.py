"""What a number measures: the label phrase, its period and its measure, read off the tokens
written before it in the same clause ("基本支出全年预算数为 X" → 基本支出 / 全年 / 预算数).

Reports put the thing measured first, then the period and the measure word, then a verb or
comparator, then the number. The linker walks back from the number over that tail, and takes
the content words before it as the label, stopping at punctuation or a linking word.
A clause with no label of its own ("增长 46%") is filled from its context by ``checker.nlp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import load_yaml
from checker.numbers import NumberMatch

MAX_LABEL_CHARS = 16
_LIST_MARKER = re.compile(r"^(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9]+[.、]|[一二三四五六七八九十]+、)")


@dataclass(frozen=True)
class LabelVocab:
    measures: dict[str, tuple[str, str | None]]  # word → (canonical measure, implied period)
    measure_suffixes: tuple[str, ...]  # measure words of ≥ 2 chars, longest first
    periods: frozenset[str]
    comparison: frozenset[str]
    between: frozenset[str]
    generic: frozenset[str]
    counted_after: frozenset[str]
    counted_stop: frozenset[str]
    qualifiers: frozenset[str]

    def glued_measure(self, tok: str) -> str | None:
        """The longest measure word of ≥ 2 chars that ends ``tok`` and is shorter than it: a lookup
        per suffix length rather than a scan of every measure word for each token."""
        for size in range(min(len(tok) - 1, len(self.measure_suffixes[0])), 1, -1):
            if tok[-size:] in self.measures:
                return tok[-size:]
        return None


@lru_cache(maxsize=1)
def label_vocab() -> LabelVocab:
    data = load_yaml("labels.yaml")
    units = load_yaml("units.yaml")
    measures: dict[str, tuple[str, str | None]] = {}
    for canonical, words in data["measures"].items():
        for entry in words:
            word, _, period = str(entry).partition("|")
            measures[word] = (canonical, period or None)
    comparators = {w for words in units["comparators"].values() for w in words}
    between = set(map(str, data["between"])) | comparators | set(units["approx_before"])
    return LabelVocab(
        measures=measures,
        measure_suffixes=tuple(sorted((w for w in measures if len(w) >= 2), key=len, reverse=True)),
        periods=frozenset(data["periods"]),
        comparison=frozenset(data["comparison_markers"]),
        between=frozenset(between),
        generic=frozenset(data["generic_labels"]),
        counted_after=frozenset(data["counted_after"]),
        counted_stop=frozenset(data["counted_stop"]),
        qualifiers=frozenset(data["qualifiers"]),
    )


def is_generic(label: str | None) -> bool:
    return not label or label in label_vocab().generic


_ALNUM = re.compile(r"[^\W_]")
"""A character ``str.isalnum`` accepts: the regex's word characters are those and the underscore."""


def _is_word(text: str) -> bool:
    return text.isalnum() or _ALNUM.search(text) is not None  # most tokens are words: one C test


def read_label(tokens: list[str], marks: list[str | None]) -> tuple[str | None, str | None, str | None]:
    """(label, period, measure) from the tokens before a number, nearest last.

    ``marks[i]`` is "date" for a date quantity ("2023年", which states a period), "number" for
    any other quantity (a label never reaches across another figure), else None.
    """
    vocab = label_vocab()
    label: list[str] = []
    period = measure = None
    i = len(tokens) - 1
    while i >= 0:
        tok = tokens[i].strip()
        mark = marks[i]
        i -= 1
        if not tok:
            continue
        if mark == "number":
            break
        if mark == "date":
            if i >= 0 and tokens[i].strip() in vocab.comparison:
                i -= 1  # 比2023年度增加: the year compared with, not the number's period
                continue
            period = period or tok.replace(" ", "")
            if label:
                break
            continue
        if tok in vocab.periods:
            if i >= 0 and tokens[i].strip() in vocab.comparison:
                i -= 1  # 比上年 / 较上年: a comparison, not the number's period
                continue
            period = period or tok
            if label:
                break
            continue
        if tok in vocab.comparison:
            if label:
                break
            continue
        hit = vocab.measures.get(tok)
        if hit is None and not label:
            # 支出决算数 / 年初预算数: a measure word glued to a label by the segmenter
            suffix = vocab.glued_measure(tok)
            if suffix is not None:
                hit = vocab.measures[suffix]
                tok = tok[: -len(suffix)]
                measure = measure or hit[0]
                period = period or hit[1]
                label.insert(0, tok)
                continue
        if hit is not None:
            if label:
                if hit[0] == "占比":
                    # 占本年支出合计的 4.76%: the words after 占 name the whole, not the part
                    label = []
                    measure = "占比"
                elif hit[0] in _CHANGE:
                    measure = measure or hit[0]  # 增加基本支出 35.00 万元: the verb governs the label after it
                break
            measure = measure or hit[0]
            period = period or hit[1]
            continue
        if tok in ("”", '"') and label:
            inner, opening = _enclosed(tokens, i, ("“", '"'))
            if 0 < len(inner) <= 6:
                label.insert(0, f"“{inner}”")  # “三公”经费支出
                i = opening - 1
                continue
        if tok in (")", "）"):
            inner, opening = _enclosed(tokens, i, ("(", "（"))
            if inner in _SUBJECT_LEVELS:
                if label:
                    break  # 行政运行（项）: the label is after the marker
                i = opening - 1
                continue
            if label and 0 < len(inner) <= 3:
                label.insert(0, f"（{inner}）")  # 因公出国（境）费
                i = opening - 1
                continue
            if not label and len(inner) > 3:
                i = opening - 1  # 设备（不含车辆）2台: an aside; the label is before it
                continue
        if tok in vocab.between or not _is_word(tok):
            if label and tok in vocab.qualifiers and is_generic("".join(label)):
                label.insert(0, tok)  # 已完成指标 10 个: the verb says which of them
                if i >= 0 and tokens[i].strip() in _ASPECT:
                    label.insert(0, tokens[i].strip())
            if label:
                break
            continue
        if label and sum(map(len, label)) + len(tok) > MAX_LABEL_CHARS:
            # a long subject ("2023年度某某开发区管理委员会机关运行经费支出") may still open with its year
            period = period or _opening_date(tokens[: i + 1], marks[: i + 1])
            break
        label.insert(0, tok)
    text = strip_list_marker("".join(label).strip())
    return (text or None), period, measure


def _opening_date(tokens: list[str], marks: list[str | None]) -> str | None:
    """The date among the first tokens of the clause, when no other figure comes between."""
    for tok, mark in zip(tokens[:3], marks[:3]):
        if mark == "number":
            return None
        if mark == "date":
            return tok.replace(" ", "") if "number" not in marks else None
    return None


def strip_list_marker(label: str) -> str:
    """ "（2）公务接待费" → "公务接待费", "八、社会保障和就业支出" → "社会保障和就业支出"."""
    return _LIST_MARKER.sub("", label)


_SUBJECT_LEVELS = ("类", "款", "项")
_CHANGE = ("增减额", "增减率")
_AMOUNTS = ("预算数", "决算数", "执行数")
_ASPECT = ("已", "未")


def _enclosed(tokens: list[str], close: int, openers: tuple[str, ...]) -> tuple[str, int]:
    """The text inside the brackets or quotes closing at ``close + 1`` and the opening token's index."""
    j = close
    while j >= 0 and tokens[j].strip() not in openers and close - j < 6:
        j -= 1
    if j < 0 or tokens[j].strip() not in openers:
        return "", close + 1
    return "".join(t.strip() for t in tokens[j + 1 : close + 1]), j


def link_labels(doc):
    """spaCy component: fill ``span._.label/period/measure`` for each quantity span."""
    spans = doc.spans.get("quantities", [])
    found = label_numbers([t.text for t in doc], [(s.start, s._.number) for s in spans])
    for span, labelled in zip(spans, found):
        if labelled is not None:
            span._.label, span._.period, span._.measure = labelled
    return doc


def label_numbers(
    words: list[str], numbers: list[tuple[int, NumberMatch]]
) -> list[tuple[str | None, str | None, str | None] | None]:
    """(label, period, measure) of each number given as (index of its token in ``words``, the
    number); None for a date. The spaCy component and the extractor's direct path share it."""
    marks: list[str | None] = [None] * len(words)
    for start, number in numbers:
        marks[start] = "date" if number.kind == "date" else "number"
    out: list[tuple[str | None, str | None, str | None] | None] = []
    for start, number in numbers:
        if number.kind == "date":
            out.append(None)
            continue
        label, period, measure = read_label(words[:start], marks[:start])
        if measure in _CHANGE:
            # 增长 104 万元 is an amount of change, 增长 9.8% a rate of change
            measure = "增减率" if number.kind == "percent" else "增减额"
        elif measure in _AMOUNTS and number.kind == "percent" and "完成" in words[max(0, start - 4) : start]:
            measure = "完成率"  # 完成全年预算数的 98.69%: a rate against the budget, not a budget
        out.append((label, period, measure))
    return out
