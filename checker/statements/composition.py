"""Composition: 总数X，其中：A为Y，B为Z… (and the same list continued as numbered paragraphs).

These shapes are recognised:

* in one sentence — the amount before 其中 is the whole, the amount that heads each following
  segment is a part; a share (占…%) and a change (比上年…) may follow a part; anything else
  (a rate, a bracketed note) ends the list;
* across paragraphs — a sentence ends with 其中：and numbered paragraphs follow, each stating
  the same kinds of figure as the whole (预算/实际支出/比上年减少…). The figures are matched by
  their role, so the parts' budgets add up to the whole's budget, their changes to its change;
* continued — 其中：closes a sentence (or names one part) and the parts follow as sentences
  and paragraphs that open with a named amount (人员经费X万元，主要包括…);
* a whole named at the head of its parts (…“三公”经费支出决算中，A X万元；B Y万元), its amount
  found sentences earlier, and a total after its parts (…，合计Z万元).

The cue words come from ``lexicons/cues_composition.yaml``.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from checker.arith import total as sum_interval
from checker.indicators.scoring import grade_bands, grade_names, normal_grade
from checker.lexicon import alternation, load_yaml
from checker.model import Paragraph, Quantity, fast_init
from checker.numbers import CN_DIGITS, find_quantities
from checker.structure import SECTION_MARK
from checker.statements.change import deltas, is_compared_base, is_pair_delta, is_rate_base, rate_after
from checker.statements.cues import patterns
from checker.statements.sentences import (
    RESPECTIVELY,
    SENTENCE_END,
    Item,
    Sentence,
    depth as _depth,
    NAME_NOISE,
    core_name,
    is_list_item,
    joins_list,
    list_style,
    measure,
    name_measure,
    position,
    unclosed,
    without_list_marker,
    words_alone,
    WORD_LINES,
)


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("cues_composition.yaml")
    return data


_AFTER_OPENER = {
    False: r"\s{0,3}[：:，,]?",
    True: r"\s{0,3}[：:]",
    "comma": r"\s{0,3}[：:，,]",
    "never": r"(?!\s{0,3}[：:])",
}
_AFTER_OPENER_MAX = 4
"""The most characters an ``_AFTER_OPENER`` pattern takes (three spaces and a colon)."""


@lru_cache(maxsize=1)
def _marker() -> re.Pattern[str]:
    openers = cues()["part_openers"]
    return re.compile(
        "|".join(
            f"(?:{re.escape(o['cue'])}){_AFTER_OPENER[o['colon']]}"
            for o in sorted(openers, key=lambda o: len(o["cue"]), reverse=True)
        )
    )


@lru_cache(maxsize=1)
def _closing_marker() -> re.Pattern[str]:
    return re.compile(rf"(?:{_marker().pattern})\s*$")


@lru_cache(maxsize=1)
def _marker_width() -> int:
    return max(len(o["cue"]) for o in cues()["part_openers"]) + _AFTER_OPENER_MAX


def ends_with_list_opener(text: str) -> bool:
    """The paragraph stops at a list opener (…比上年增加20万元，其中：): its parts are the next paragraph."""
    # only white space follows the opener, so it starts within its own width of the text's last
    # other character: the search starts there, not at every position of the paragraph
    return _closing_marker().search(text, max(0, len(text.rstrip()) - _marker_width())) is not None


def opens_list(text: str, start: int, end: int) -> bool:
    """A list opener (其中：, 具体如下：) stands in ``text[start:end]``."""
    return _marker().search(text, start, end) is not None


@lru_cache(maxsize=1)
def _purpose() -> re.Pattern[str]:
    """The purpose right after an amount that has no name before it (20万元用于道路维修)."""
    return re.compile(rf"\s{{0,2}}(?:{alternation(cues()['purpose_words'])})\s{{0,2}}([^，,；;。:：、\d]{{2,30}})")


@lru_cache(maxsize=1)
def _restarts() -> re.Pattern[str]:
    """An opener of a breakdown by one classification (按经济分类科目，…)."""
    return re.compile(alternation(o["cue"] for o in cues()["part_openers"] if o.get("restarts")))


@lru_cache(maxsize=1)
def _mainly() -> re.Pattern[str]:
    """Openers of a list of the main parts only, matched as ``_marker`` matched them (主要用于 with no colon)."""
    openers = [o for o in cues()["part_openers"] if o.get("mainly")]
    return re.compile("|".join(f"(?:{re.escape(o['cue'])}){_AFTER_OPENER[o['colon']]}$" for o in openers) or r"(?!)")


@lru_cache(maxsize=1)
def _splits() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Openers of a whole split along one dimension (分级次看，…), and those whose dimension the text
    names in full (levels, 中央和地方)."""
    openers = [o for o in cues()["part_openers"] if o.get("splits")]
    return (
        re.compile(alternation(o["cue"] for o in openers)),
        re.compile(alternation(o["cue"] for o in openers if o.get("complete"))),
    )


@lru_cache(maxsize=1)
def _total_word() -> re.Pattern[str]:
    """A clause that is only a total word: …，合计X万元 / 以上两项共计X万元."""
    c = cues()
    return re.compile(f"^(?:{alternation(c['total_prefixes'])})?(?:{alternation(c['total_words'])}){_TOTAL_VERB}")


_TOTAL_VERB = r"(?:为|是|达|达到)?$"  # what may close a clause that only names a total (合计为Y)


# …；上级补助收入B，含一般性转移支付C、专项转移支付D；…: a ，含 inside a part's segment lists that
# part's own pieces, as 包括 does (含税 names a kind of amount, not a breakdown)
_EXPLAIN = re.compile(r"原因|用于|主要是|主要为|包括|涉及|如[：:]|[，,]\s{0,2}含(?!税)")
_SHARE = re.compile(r"占")
_SEGMENT = re.compile(r"[；;]")
_CLAUSE = re.compile(r"[，,；;]")
# a report whose headings ran into its prose (…正常运转二、项目资金使用…): a part far after the list
# opener, past a numbered heading, belongs to another section
_NEAR = 30
_CHANGE_WORD = re.compile(r"^(?:比上年|较上年|同比|比|较)?(?:增加|减少|增长|下降|新增|减|增)")


@lru_cache(maxsize=1)
def _names_opening_with_change() -> tuple[str, ...]:
    return tuple(cues()["names_opening_with_change"])


def _is_change(label: str) -> bool:
    """The label opens with a change word (增加X万元, 新增Y万元), unless it is a name that does
    (新增一般债券收入 is the year's newly issued bonds, an amount of its own)."""
    return bool(_CHANGE_WORD.match(label)) and not label.startswith(_names_opening_with_change())


def _is_adjustment(label: str) -> bool:
    """调增X万元, 调减X万元: what a budget moved by, a change like 比上年增加X (its parts after 其中 add up
    to the adjusted budget, not to the move)."""
    return bool(patterns().adjustment_up.match(label) or patterns().adjust_down.match(label))


# compiled once: these run per item, per sentence or per paragraph
_OUTTURN_WORD = re.compile(r"实际|执行")
_OPENS_PARTS = re.compile(r"其中\s*[：:]\s*$")
CLAUSE_CUT = re.compile(r"[，,；;。：:、]")


@fast_init  # made by the hundred per check
@dataclass(frozen=True, slots=True)
class Composition:
    total: Item
    total_sentence: Sentence
    parts: tuple[tuple[Item, Sentence], ...]
    exhaustive: bool = False
    role: str = "amount"
    scope: str = "sentence"  # "continued": parts gathered from the sentences and paragraphs after
    # complete by its cue (分级次看) rather than by its names: a dimension's value the text leaves unnamed
    # is likelier than a wrong figure, so a shortfall is no certainty
    by_dimension: bool = False
    # every part of an identity named but one that only some years' accounts have (资本性支出 of 基本支出):
    # a shortfall is likely, not surely, an error
    likely: bool = False
    # counts by grade (优8个，良1个): "plain" when the whole is named as the set they split (共, 合计,
    # N个项目中), "named" when it only stands beside them; ``exhaustive``: every grade of the scale named
    grades: str = ""
    # the main parts only (X万元，主要用于A Y万元、B Z万元), or parts whose first may stand in the sentence before
    # (基金收入A，下降P%。上级补助收入B，…，收入合计T): a shortfall says nothing, an overshoot is a warning
    mainly: bool = False
    # the amounts before a side's total (…，调出资金B，支出合计T): the writer may have left one out or named
    # one the total does not count (结转下年), so a miss either way is a warning
    before_side_total: bool = False


@lru_cache(maxsize=1)
def identities() -> tuple[dict[str, Any], ...]:
    out = []
    for entry in load_yaml("identities.yaml")["identities"]:
        out.append(
            {
                "name": entry["name"],
                "kind": entry.get("kind", "money"),
                "whole": re.compile(entry["whole"]),
                "parts": tuple(re.compile(p) for p in entry["parts"]),
                # most names are of no part of an identity: one search for any spares trying each
                "any_part": re.compile("|".join(f"(?:{p})" for p in entry["parts"])),
                "optional": frozenset(entry.get("optional", ())),
                "likely_without": frozenset(entry.get("likely_without", ())),
                "lists_only": entry.get("lists_only", False),
                "whole_named": entry.get("whole_named", False),
                "table_rows": entry.get("table_rows", False),
                "subtract": frozenset(entry.get("subtract", ())),
                "nearby": entry.get("nearby"),
            }
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _count_measure() -> dict[str | None, str | None]:
    """Each measure word of ``same_count`` (lexicons/units.yaml) to the first of its list (名, 位 → 人)."""
    return {word: words[0] for words in load_yaml("units.yaml")["same_count"] for word in words}


def _same_kind(a: Item, b: Item) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind != "count":
        return True
    measure = _count_measure()
    return measure.get(a.quantity.unit, a.quantity.unit) == measure.get(b.quantity.unit, b.quantity.unit)


def complete_by_identity(
    labels: list[str], whole: Item | None = None, every_part: bool = False, likely: bool = False
) -> bool:
    """True when every label names a different part of one identity (and at least two do).

    A head-count identity (实有人数 = 在职 + 离休 + 退休) holds only for its own whole: the same
    part names can break down other totals (编制, 党员) that are counted differently. With
    ``every_part`` the optional parts are required too: a part left out of a list of changes
    (因公出国（境）费, nil this year) may still have changed since last year. With ``likely`` the
    parts some years' accounts do without (资本性支出 of 基本支出) are not required either."""
    kind = whole.kind if whole is not None else "money"
    for ident in identities():
        if (
            ident["subtract"]
            or ident["kind"] != kind
            or whole is not None
            and (kind != "money" or ident["whole_named"])
            and not ident["whole"].search(whole.label)
            or whole is None
            and ident["whole_named"]
        ):
            continue  # a balance takes some parts away: its names make no list of parts
        hit = set()
        for label in labels:
            # a label and the tagger's name for the same amount (因公出国（境）费支出, cut at its
            # bracket into 费支出) are alternatives; the list's own name first (the tagger may carry the
            # first part's name on to the next: 返还性收入A、一般性转移支付收入B)
            alternatives = label.split("|")
            if not any(map(ident["any_part"].search, alternatives)):
                break
            matches = [k for k, p in enumerate(ident["parts"]) if p.search(alternatives[0])] or [
                k for k, p in enumerate(ident["parts"]) if any(map(p.search, alternatives))
            ]
            if not matches:
                break
            hit.add(matches[0])
        else:
            # …and every part the identity cannot do without is among them (出国 + 接待 without the car
            # is not the whole of the 三公经费)
            required = {
                k
                for k, p in enumerate(ident["parts"])
                if every_part
                or p.pattern not in ident["optional"]
                and not (likely and p.pattern in ident["likely_without"])
            }
            if len(hit) == len(labels) >= 2 and required <= hit:
                return True
    return False


def _with_tagged_names(labels: list[str], parts: list[Item] | None) -> list[str]:
    if parts is None:
        return labels
    return [f"{name}|{p.quantity.label}" if p.quantity.label else name for name, p in zip(labels, parts)]


def _exhaustive(total: Item, labels: list[str], parts: list[Item] | None = None) -> bool:
    labels = _with_tagged_names(labels, parts)
    # 其他… after named parts is their catch-all and completes the list; one named first
    # (其他普通教育支出、…分别为) is a line item like the others, and the list may stop short of the whole
    return any("其他" in label for label in labels[1:]) or complete_by_identity(labels, total)


def _likely_exhaustive(total: Item, labels: list[str], parts: list[Item]) -> bool:
    """The list names every part of an identity but one that only some years' accounts have."""
    return complete_by_identity(_with_tagged_names(labels, parts), total, likely=True)


@lru_cache(maxsize=1)
def _declared_kinds() -> re.Pattern[str]:
    digits = "".join(CN_DIGITS)
    return re.compile(rf"([^，,。；;：:（(]{{2,80}}?)([{digits}]|\d)(?:{alternation(cues()['declared_kinds'])})")


@lru_cache(maxsize=1)
def _kinds_word() -> re.Pattern[str]:
    """The word every declaration of kinds ends with (类, 部分): looked for before the declarations,
    whose pattern tries up to 80 characters at every position."""
    return re.compile(alternation(cues()["declared_kinds"]))


_DECLARED_REACH = 400
"""How far before a list its kinds may be declared: a sentence or two (a scan from the paragraph's
start for every list made a paragraph of many lists quadratic)."""


def _names_declared_kinds(text: str, start: int, end: int, names: list[str]) -> bool:
    """The paragraph said before the list that its whole is of N kinds and named them (主要有A、B
    二类支出; 由A和B两部分构成), and the list names just those N: it is all of the whole."""
    if _kinds_word().search(text, start, end) is None:
        return False
    for m in _declared_kinds().finditer(text, start, end):
        digit = m.group(2)
        count = int(digit) if digit.isdigit() else CN_DIGITS[digit]
        if count == len(names) >= 2 and all(name and name in m.group(1) for name in names):
            return True
    return False


_COUNT_TO_WHOLE = 16
"""How many characters may stand between the number of a whole's items and the whole (，合计金额)."""


def _counted_whole(sentence: Sentence, total: Item, parts: int) -> bool:
    """共13项，合计金额T，其中：A…，B…: the whole is stated right after the number of its items, and the list
    names that many parts: likely all of the whole (the count may be of other things that the parts only
    happen to match)."""
    k = next((n for n, i in enumerate(sentence.items) if i is total), 0)
    if not k or parts < 2:
        return False
    count = sentence.items[k - 1]
    if count.kind != "count" or count.depth or count.quantity.unit not in cues()["counted_whole_units"]:
        return False
    between = sentence.paragraph.text[count.end : total.start]
    return len(between) <= _COUNT_TO_WHOLE and not _marker().search(between) and count.value == parts


def find_compositions(paragraph_sentences: list[list[Sentence]]) -> list[Composition]:
    out: list[Composition] = []
    for p_index, sents in enumerate(paragraph_sentences):
        cross = _across_paragraphs(paragraph_sentences, p_index)
        by_role = {id(c.total) for c in cross}
        # a sentence's list opener is one of its paragraph's, and a sentence without figures has
        # no parts: one scan and one test spare most sentences the readers below
        opens = bool(sents) and _marker().search(sents[0].paragraph.text) is not None
        for k, sentence in enumerate(sents):
            graded = _grade_splits(sentence, sents[k - 1] if k else None)
            # a grade list's whole is read once, as a grade split (其中 or 合计 would read it again)
            taken = by_role | {id(c.total) for c in graded}
            out.extend(graded)
            if opens:
                out.extend(c for c in _in_sentence(paragraph_sentences, p_index, sentence) if id(c.total) not in taken)
            if sentence.items:
                out.extend(
                    c
                    for c in _after_parts(sentence, sents[k - 1] if k else _last_of(paragraph_sentences, p_index - 1))
                    if id(c.total) not in taken
                )
                out.extend(_bracketed(sentence))
                out.extend(_of_named_whole(paragraph_sentences, p_index, sentence))
                out.extend(_of_amount_head(sentence))
        out.extend(cross)
    return out


_SPLIT_LOOKBACK = 2  # paragraphs: the totals, then the receipts' split, then the spending's


@lru_cache(maxsize=1)
def _level_name() -> re.Pattern[str]:
    return re.compile(f"^(?:{alternation(cues()['level_names'])})")


_NAME_CUT = re.compile(r"[，,；;：:。]")  # not 、: 县（市、区）收入 is one name


def _parallel(parts: list[Item], total: Item) -> bool:
    """其中：A基金收入X，增长P%；B基金收入Y，增长Q%；C基金收入Z…: three or more parts, each after a semicolon of
    its own and each named by the whole's head word (收入, 支出), are one list, not a part and classes of it."""
    head = total.label[-2:]
    return (
        len(parts) >= 3
        and len(head) == 2
        and all(p.label.endswith(head) for p in parts)
        and all("；" in p.gap or ";" in p.gap for p in parts[1:])
    )


def _named_by_level(item: Item) -> bool:
    """The amount's name opens with a government level (市本级收入, 中央一般公共预算收入, 县（市、区）收入)."""
    name = without_list_marker(_NAME_CUT.split(item.gap)[-1]).strip()
    opener = _marker().match(name)
    return bool(_level_name().match(name[opener.end() :] if opener else name))


@lru_cache(maxsize=1)
def _broad_total() -> re.Pattern[str]:
    return re.compile(alternation(cues()["broad_totals"]))


def _broader(total: Item, parts: list[Item]) -> bool:
    """财政总收入T。分级次看，市级收入A，县级收入B: the whole names a broader total than its parts do."""
    return bool(_broad_total().search(total.bare_clause)) and not any(
        _broad_total().search(p.bare_clause) for p in parts
    )


def _split_whole(
    paragraph_sentences: list[list[Sentence]], p_index: int, sentence: Sentence, first_part: Item | None
) -> tuple[Item, Sentence] | None:
    """The whole a split divides when no amount stands before it in its sentence (收入T，…；支出S。
    收入方面，分中央和地方看，中央收入A，…): the one amount of the sentence before, or, of several, the one on
    the parts' side (收入, 支出); a sentence whose amounts are all of the other side is read past."""
    if first_part is None:
        return None
    wanted = side(first_part.bare_clause)
    sents = paragraph_sentences[p_index]
    earlier = [s for back in paragraph_sentences[max(0, p_index - _SPLIT_LOOKBACK) : p_index] for s in back]
    earlier += sents[: position(sents, sentence)]
    for previous in reversed(earlier):
        candidates = [
            i
            for i in _amounts_before_reasons(previous)
            if i.kind == "money" and not is_compared_base(previous.items, previous.items.index(i))
        ]
        sides = {side(i.bare_clause) for i in candidates}
        if candidates and wanted is not None and None not in sides and wanted not in sides:
            continue  # 收入方面，分中央和地方看，… before 支出方面，…: the other side's split, read past
        if len(candidates) > 1 or wanted is not None:
            # …车辆价值Y。从支出结构看，基本支出A…: parts named for one side split an amount named for it
            candidates = [i for i in candidates if wanted is not None and side(i.bare_clause) == wanted]
        if len(candidates) != 1 or _is_change(candidates[0].label) or _EXPLAIN.search(candidates[0].gap):
            return None
        return candidates[0], previous
    return None


def _classified_whole(paragraph_sentences: list[list[Sentence]], p_index: int) -> tuple[Item, Sentence] | None:
    """The whole of a classification opening its paragraph with no amount before it (本年度支出预算T万元。/
    按支出功能分类科目：A…/ 按支出经济分类科目：C…): the one amount of the paragraph before, read past the
    paragraphs that classify it another way. A heading or a paragraph of several amounts between says nothing."""
    for back in reversed(paragraph_sentences[:p_index]):
        if not back or back[0].paragraph.heading is not None:
            return None
        head = back[0].paragraph.text[back[0].start : back[0].end]
        opener = _marker().search(head)
        if (
            opener is not None
            and _restarts().match(opener.group(0))
            and not without_list_marker(head[: opener.start()]).strip()
        ):
            continue  # 按支出项目类别… before: the same whole divided another way
        if len(back) != 1:
            return None
        levels = _before_own_list(back[0], [i for i in _amounts_before_reasons(back[0]) if i.kind == "money"])
        whole = _subject(back[0]) if len(levels) == 1 else None
        return (whole, back[0]) if whole is not None else None
    return None


def _before_own_list(sentence: Sentence, amounts: list[Item]) -> list[Item]:
    """本年支出合计T，其中：基本支出A，项目支出B。按经济分类：…: a classification divides the whole the
    sentence before breaks down, not one of its parts: the amounts after that sentence's own list opener
    are no rival wholes."""
    opener = _marker().search(sentence.paragraph.text, sentence.start, sentence.end)
    return amounts if opener is None else [i for i in amounts if i.end <= opener.start()]


def _amounts(sentence: Sentence) -> list[Item]:
    """The amounts and counts a sentence states outside brackets, changes left out."""
    return [
        i
        for k, i in enumerate(sentence.items)
        if i.depth == 0 and i.kind in ("money", "count") and not deltas(sentence)[k]
    ]


@lru_cache(maxsize=1)
def _reason_opener() -> re.Pattern[str]:
    return re.compile(alternation(cues()["reason_openers"]))


def _amounts_before_reasons(sentence: Sentence) -> list[Item]:
    """The amounts a sentence states before it turns to its reasons (…X万元，原因是：1、…新增Y万元。):
    the figures of the reasons explain the subject, they are no second subject."""
    cut = _reason_opener().search(sentence.paragraph.text, sentence.start, sentence.end)
    return [i for i in _amounts(sentence) if cut is None or i.end <= cut.start()]


def _of_parts_side(sentence: Sentence, levels: list[Item], first_part: Item | None) -> Item | None:
    """收入预算X，支出预算Y。其中：基本支出A…: of several amounts before, the one of the side the parts name;
    收入当月完成X，累计完成Y。其中：增值税当月完成A…: the one of the span of the year the parts name."""
    if first_part is None:
        return None
    moved = deltas(sentence)
    wanted = side(first_part.bare_clause)
    span = _span(first_part)
    if wanted is not None:
        same = [i for i in levels if side(i.bare_clause) == wanted and not moved[sentence.items.index(i)]]
    elif span is not None:
        same = [i for i in levels if _span(i) == span and not moved[sentence.items.index(i)]]
    else:
        return None
    return same[0] if len(same) == 1 else None


def _subject(sentence: Sentence) -> Item | None:
    """The amount a sentence is about: its first money figure outside brackets, not a change."""
    k = next((k for k, i in enumerate(sentence.items) if i.kind == "money" and i.depth == 0), None)
    if k is None:
        return None
    item = sentence.items[k]
    # 主要原因是基本支出增加X万元、项目支出增加Y万元: a sentence of reasons has no subject amount. A 包括
    # before an amount named a total (本级部门，包括行政单位、事业单位…安排“三公”经费预算总额为T) names whom
    # the total covers, not its pieces
    explains = {m.group(0) for m in _EXPLAIN.finditer(item.gap)}
    covers = explains == {"包括"} and _named_total(item)
    explained = deltas(sentence)[k] or _is_change(item.label) or (explains and not covers)
    return None if explained else item


def _in_sentence(paragraph_sentences: list[list[Sentence]], p_index: int, sentence: Sentence) -> list[Composition]:
    text = sentence.paragraph.text
    found = list(_marker().finditer(text, sentence.start, sentence.end))
    if not found:
        return []  # the paragraph's openers stand in its other sentences
    out = []
    opens = unclosed(text, sentence.start, sentence.end) if _depth(text[sentence.start : sentence.end]) else []
    # （其中…） notes are not lists; a bracket the sentence never closes is none. The depth at each
    # marker is carried on from the marker before: measured from the sentence's start each time, a
    # sentence of thousands of 其中 was read in the square of its length
    markers = []
    open_at, since = 0, sentence.start
    for m in found:
        open_at, since = _depth(text[since : m.start()], open_at), m.start()
        if not open_at - bisect_left(opens, m.start()):  # the unclosed brackets before it
            markers.append(m)
    sents = paragraph_sentences[p_index]
    restarts = [m for m in markers if _restarts().match(m.group(0))]
    divided: tuple[Item, Sentence] | None = None  # the whole the sentence's first list divides
    for n, m in enumerate(markers):
        far = False  # the whole stated in a paragraph before
        before = [i for i in sentence.items if i.end <= m.start()]
        # 按功能分类科目，A，B；按经济分类科目，C，D: a second classification ends the first one's list
        stop = next(
            (r.start() for r in restarts if any(m.end() <= i.start and i.end <= r.start() for i in sentence.items)),
            sentence.end,
        )
        after = [k for k, i in enumerate(sentence.items) if m.end() <= i.start and i.end <= stop]
        splits = _splits()[0].match(m.group(0)) is not None
        # 合计T，比上年增加D，分中央和地方看，…: a split divides the amount, not its change
        changes = deltas(sentence)
        wholes = [
            i
            for k, i in reversed(list(enumerate(before)))
            if i.kind in ("money", "count") and i.depth == 0 and not (splits and changes[k])
        ]
        # 车辆49辆，价值1124.02万元，其中：…用车7辆: the whole is the last figure of the parts' kind
        first_part = sentence.items[after[0]] if after else None
        if splits and first_part is not None and patterns().delta_end.search(first_part.bare_gap):
            continue  # …比上年增加D，分项目看：A增加a，B减少b: the parts' changes, read against D as net changes
        total = next(
            (i for i in wholes if first_part is not None and _same_kind(i, first_part)), wholes[0] if wholes else None
        )
        total_sentence = sentence
        lead = without_list_marker(text[sentence.start : m.start()]).strip()
        # 支出按经济分类：…: a classification may name the side it divides before it
        named_side = side(lead) if m in restarts and lead in _side_words() else None
        at_start = not lead or named_side is not None
        if total is None and splits:
            total, total_sentence = _split_whole(paragraph_sentences, p_index, sentence, first_part) or (None, sentence)
        elif total is None and at_start and not position(sents, sentence) and m in restarts:
            total, total_sentence = _classified_whole(paragraph_sentences, p_index) or (None, sentence)
            far = total is not None
        elif (
            total is None
            and at_start
            and (above := _whole_sentence(paragraph_sentences, p_index, sentence, m)) is not None
        ):
            total_sentence = above
            # last year's amount it is compared with (比2023年的W万元) is no second candidate, nor is a
            # figure of the reasons after it
            # …项目共计113个，财政资金3267.28万元。其中…: the count beside the amount is no rival whole
            levels = [
                i
                for i in _amounts_before_reasons(total_sentence)
                if i.kind == "money" and not is_compared_base(total_sentence.items, total_sentence.items.index(i))
            ]
            if m in restarts:
                levels = _before_own_list(total_sentence, levels)
            # 余额X，控制在限额L以内。其中：…: the bound is no rival whole of parts that are not bounds, nor the
            # amount of parts that are (其中：一般债务限额A…)
            bounds = [_ceiling(total_sentence, i) for i in levels]
            if any(bounds) and not all(bounds) and first_part is not None:
                of_bound = _ceiling(sentence, first_part)
                levels = [i for i, bound in zip(levels, bounds) if bound == of_bound]
                total = levels[0] if len(levels) == 1 else _of_parts_side(total_sentence, levels, first_part)
            else:
                total = (
                    _subject(total_sentence) if len(levels) == 1 else _of_parts_side(total_sentence, levels, first_part)
                )
        if total is not None and named_side is not None and side(total.bare_clause) != named_side:
            total = None  # 收入合计X。支出按经济分类：…: the other side's classification
        if total is not None and total_sentence is sentence and total.end < (cut := _last_segment_end(text, m.start())):
            # …，上年结转结余C；支出包括：A、B: an opener whose clause names a side of its own lists that side's
            # parts, not the amount of the clause before
            opener_side = without_list_marker(text[cut : m.start()]).strip()
            if opener_side in _side_words() and side(total.bare_clause) != side(opener_side):
                total = None
        if m in restarts and (divided is not None or restarts.index(m)):
            if divided is None or not any(n and markers[n - 1].end() <= i.start < m.start() for i in sentence.items):
                continue  # 其中：按功能分类科目，…: the list the opener before it reads
            total, total_sentence = divided  # …；按经济分类科目，…: the same whole divided another way
        if (
            total is None
            or total_sentence is sentence
            and (
                deltas(sentence)[sentence.items.index(total)]
                or is_pair_delta(sentence.items, sentence.items.index(total))
                or _is_adjustment(total.label)
            )
        ):
            continue
        divided = divided or (total, total_sentence)
        nested = n > 0 and m not in restarts
        parts, names, ended = _list_parts(sentence, after, total, nested=nested, splits=splits)
        by_level = False
        if not splits and ended and parts and _named_by_level(parts[0]):
            # 其中：市本级收入A，下降P%；区级收入B，增长Q%: parts named by government level, each with its rate,
            # are a split by level (what follows a rate after 其中 is otherwise no part: it may be a class of A)
            read = _list_parts(sentence, after, total, nested=nested, splits=True)
            if len(read[0]) > len(parts) and all(map(_named_by_level, read[0])):
                (parts, names, ended), splits, by_level = read, True, True
        if not splits and ended and parts:
            # 其中：税收收入A，增长P%；非税收入B，增长Q%: the parts of an identity, each with its rate, read as
            # one list when together they name every part (a class of A after its rate names none)
            read = _list_parts(sentence, after, total, nested=nested, splits=True)
            if len(read[0]) > len(parts) and (
                complete_by_identity(_with_tagged_names(read[1], read[0]), total) or _parallel(read[0], total)
            ):
                (parts, names, ended), splits = read, True
        if splits and (len(parts) < 2 or any(_other_side(total, p) for p in parts) or _broader(total, parts)):
            continue  # 收入T。分级次看，市级支出A…: a split of the other side, or no split at all
        pairs = [(p, sentence) for p in parts]
        scope = "sentence"
        stated_before = [i for i in _amounts(sentence) if i.end <= m.start()]
        # 具体如下：after several amounts introduces their details, not more parts of one of them
        # 开支内容包括…: without a colon only 其中 announces parts beyond its sentence
        announces = "其中" in m.group(0) or m.group(0).rstrip()[-1:] in "：:"
        # a later 主要包括：基本工资、… names kinds of spending, it opens no list of amounts
        last_list = not any(i.start >= later.end() for later in markers[n + 1 :] for i in sentence.items)
        if (
            not ended
            and len(parts) <= 1
            and last_list
            and len(stated_before) <= 1
            and announces
            and not _bare_amount_after(sentence, parts)
        ):
            # 其中： closes the sentence or names one part: the others follow as sentences or paragraphs
            more = _continued(paragraph_sentences, p_index, sentence, total, parts)
            if more and not _views(total, pairs + more):
                pairs = _without_nested(pairs + more)
                names = [p.label for p, _ in pairs]
                scope = "continued"
        # 收支总预算X。其中，收入总计X…；支出总计X…: the two sides of the whole, not two parts
        mainly = _mainly().match(m.group(0)) is not None
        if mainly:
            # …主要用于A Y万元，年末结转结余Z万元: what is left over is no use of the money
            left = next(
                (n for n, (p, _) in enumerate(pairs) if role(sentence, sentence.items.index(p)) == "carry"), None
            )
            pairs, names = pairs[:left], names[:left]
            if len(pairs) < 2:
                continue  # 主要用于A、B等方面支出Y万元: one amount for all the uses named, no parts
        if pairs and not _mixed_measures([p for p, _ in pairs]) and not _views(total, pairs):
            listed = [p for p, _ in pairs]
            by_dimension = (by_level or _splits()[1].match(m.group(0)) is not None) and not _exhaustive(
                total, names, listed
            )
            cut_off = scope == "sentence" and _cut_off(sentence, listed)
            # a classification whose whole stands paragraphs away, or whose next sentence opens with one more
            # class (…对个人和家庭的补助C万元。其它资本性支出D万元。), may go on past its sentence
            nxt = position(sents, sentence) + 1
            goes_on = m in restarts and (far or nxt < len(sents) and _opens_with_part(sents[nxt], total))
            cut_off = cut_off or goes_on
            complete = (
                by_dimension
                or _exhaustive(total, names, listed)
                or _names_declared_kinds(text, max(0, m.start() - _DECLARED_REACH), m.start(), names)
            ) and not cut_off
            likely = (
                not complete
                and not cut_off
                and (_likely_exhaustive(total, names, listed) or _counted_whole(total_sentence, total, len(listed)))
            )
            out.append(
                Composition(
                    total,
                    total_sentence,
                    tuple(pairs),
                    complete and not mainly,
                    scope=scope,
                    by_dimension=by_dimension,
                    likely=likely and not mainly,
                    mainly=mainly,
                )
            )
    return out


@lru_cache(maxsize=1)
def _bracket_words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(the bracket opening a breakdown, the separator before each later part, a name that is no part).
    A comma may stand between the whole and its bracket (基本支出X万元，（其中：人员经费A万元，公用经费B万元））."""
    c = cues()["bracketed_parts"]
    opening = re.compile(
        rf"^\s{{0,2}}(?:[，,]\s{{0,2}})?[（(]\s{{0,2}}(?:({alternation(c['openers'])})\s{{0,2}}[：:，,]?)?[^（()）]*$"
    )
    separated = re.compile(rf"^\s{{0,2}}(?:{alternation(c['separators'])})[^（()）]*$")
    return opening, separated, re.compile(alternation(c["not_parts"]))


def _bracketed(sentence: Sentence) -> list[Composition]:
    """基本支出X万元（其中：人员经费A万元，公用经费B万元）: the bracket right after X divides it."""
    items, text = sentence.items, sentence.paragraph.text
    opening, separated, not_parts = _bracket_words()
    out = []
    for k, whole in enumerate(items[:-2]):
        if whole.depth or whole.kind not in ("money", "count") or items[k + 1].depth != 1:
            continue
        opened = opening.match(items[k + 1].gap)
        if opened is None:
            continue
        run = list(itertools.takewhile(lambda j: items[j].depth == 1, range(k + 1, len(items))))
        parts = [items[j] for j in run]
        closes = text[parts[-1].end : sentence.end].lstrip()[:1] in ("）", ")")
        changes = deltas(sentence)
        if (
            len(parts) < 2
            or not closes
            or changes[k]
            or any(changes[j] or not _same_kind(whole, items[j]) for j in run)
            or not all(separated.match(p.gap) for p in parts[1:])
            or any(not_parts.search(p.bare_clause) for p in parts)
        ):
            continue
        names = [p.label for p in parts]
        exhaustive = _exhaustive(whole, names, parts)
        likely = not exhaustive and _likely_exhaustive(whole, names, parts)
        if opened.group(1) or exhaustive or likely:
            out.append(Composition(whole, sentence, tuple((p, sentence) for p in parts), exhaustive, likely=likely))
    return out


def _cut_off(sentence: Sentence, parts: list[Item]) -> bool:
    """The paragraph stops in a segment after the last part, with no figure and no full stop
    (…；其他收入X万元，占P%；上年结): the page went on where the copy did not, so the parts listed
    are not known to be all of them."""
    text = sentence.paragraph.text
    tail = text[parts[-1].end : sentence.end].rstrip()
    if sentence.end < len(text.rstrip()) or not tail or tail[-1] in SENTENCE_END:
        return False
    last_segment = _SEGMENT.split(tail)[-1]
    return (
        last_segment != tail
        and bool(last_segment.strip())
        and not any(i.start >= sentence.end - len(last_segment) for i in sentence.items)
    )


@lru_cache(maxsize=1)
def _whole_head() -> re.Pattern[str]:
    """ "<whole>中，" opening a sentence of parts (…“三公”经费支出决算中，因公出国（境）费…), or a whole
    named by an amount's word run straight into its first part (基本支出中医疗业务支出A，…): the
    name then ends as an amount's does, so a place or a unit (黔南州中医医院) is no whole."""
    suffixes = alternation(cues()["whole_suffixes"])
    ends = alternation(cues()["whole_name_ends"])
    return re.compile(
        f"^(?:(.{{2,60}}?)(?:{suffixes})\\s{{0,2}}[，,：:]|(.{{2,60}}?(?:{ends}))(?:{suffixes})(?=[\\u4e00-\\u9fff]))"
    )


@lru_cache(maxsize=1)
def _whole_suffix() -> re.Pattern[str]:
    """The word a named whole ends with (中, 包括): looked for before ``_whole_head``, whose names of up
    to 60 characters are tried up to every suffix."""
    return re.compile(alternation(cues()["whole_suffixes"]))


def _whole_name(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2)


@lru_cache(maxsize=1)
def _suffix_after_amount() -> tuple[frozenset[str], re.Pattern[str]]:
    """The whole suffixes that open no list of their own (包括 is a list opener, read by ``_in_sentence``): their
    first characters, for a cheap test, and the suffix with the comma or colon after it."""
    openers = {o["cue"] for o in cues()["part_openers"]}
    words = [w for w in cues()["whole_suffixes"] if w not in openers]
    return frozenset(w[0] for w in words), re.compile(f"(?:{alternation(words)})\\s{{0,2}}[，,：:]")


def _of_amount_head(sentence: Sentence) -> list[Composition]:
    """ "<whole>X万元中，A Y万元，B Z万元…": the amount the sentence opens with, a whole suffix right after it,
    is the whole of the amounts that follow."""
    items = sentence.items
    if len(items) < 3 or items[0].kind != "money" or items[0].depth:
        return []
    text = sentence.paragraph.text
    firsts, suffix = _suffix_after_amount()
    if text[items[0].end : items[0].end + 1] not in firsts or not suffix.match(text, items[0].end):
        return []
    if deltas(sentence)[0]:
        return []
    total = items[0]
    parts, names, _ = _list_parts(sentence, list(range(1, len(items))), total, nested=False)
    if len(parts) < 2 or _mixed_measures(parts) or _views(total, [(p, sentence) for p in parts]):
        return []
    return [Composition(total, sentence, tuple((p, sentence) for p in parts), _exhaustive(total, names, parts))]


_NAMED_YEAR = re.compile(r"(20\d\d)\s*年")
_LOOKBACK = 6  # paragraphs


def _of_named_whole(paragraph_sentences: list[list[Sentence]], p_index: int, sentence: Sentence) -> list[Composition]:
    """ "<whole>中，A X万元，占P%；B Y万元…": the parts of a whole named at the head of the
    sentence whose amount the report stated shortly before under that name. The whole is the
    nearest earlier amount whose sentence names it (the year and measure words aside) with the
    same measure (决算 vs 预算), within the section."""
    if not sentence.items or sentence.items[0].depth or _whole_suffix().search(sentence.items[0].gap) is None:
        return []
    m = _whole_head().match(without_list_marker(sentence.items[0].gap).strip())
    if not m or any(ch in _whole_name(m) for ch in _BREAKS):
        return []
    core, wanted = core_name(_whole_name(m)), name_measure(_whole_name(m))
    if len(core) < 2:
        return []
    year = _NAMED_YEAR.search(_whole_name(m))
    found = _earlier_amount(paragraph_sentences, p_index, sentence, core, wanted, year.group(1) if year else None)
    if found is None:
        return []
    total, total_sentence = found
    parts, names, _ = _list_parts(sentence, list(range(len(sentence.items))), total, nested=False)
    if len(parts) < 2 or _mixed_measures(parts):
        return []
    return [
        Composition(
            total,
            total_sentence,
            tuple((p, sentence) for p in parts),
            _exhaustive(total, names, parts),
            scope="continued",
        )
    ]


def _earlier_amount(
    paragraph_sentences: list[list[Sentence]],
    p_index: int,
    sentence: Sentence,
    core: str,
    wanted: str | None,
    year: str | None,
) -> tuple[Item, Sentence] | None:
    # 2023年…为X，2024年…为Y: the amount named for the whole's own year, when there is one; else the
    # nearest under the name (a year slipped in the earlier sentence still names the same whole)
    other_year: tuple[Item, Sentence] | None = None
    for back in range(p_index, max(-1, p_index - _LOOKBACK), -1):
        sents = paragraph_sentences[back]
        if (
            back < p_index
            and sents
            and sents[0].paragraph.heading is not None
            and sents[0].paragraph.heading.level <= 1
        ):
            return other_year  # another chapter
        candidates = sents[: position(sents, sentence)] if back == p_index else sents
        for earlier in reversed(candidates):
            if earlier.items and _whole_head().match(without_list_marker(earlier.items[0].gap).strip()):
                continue  # an earlier list of the parts of a whole (last year's) holds no amount of the whole
            text = earlier.paragraph.text
            amounts = [
                k
                for k, item in enumerate(earlier.items)
                if item.kind == "money"
                and not item.depth
                and not deltas(earlier)[k]
                and (wanted is None or measure(item) in (wanted, None))
            ]
            # an amount whose own words name the whole (…其中基本支出A，项目支出B) is the whole; the
            # words opening the sentence name every amount after them (…经费支出预算为A，支出决算为B)
            # only when none does
            own = any(core in NAME_NOISE.sub("", earlier.items[k].gap) for k in amounts)
            for k in reversed(amounts):
                item = earlier.items[k]
                lead = text[earlier.start : item.start]
                if core not in NAME_NOISE.sub("", item.gap if own else lead):
                    continue
                named = _NAMED_YEAR.findall(lead)
                if not (year and named and named[-1] != year):
                    return item, earlier
                other_year = other_year or (item, earlier)
    return other_year


def _list_parts(
    sentence: Sentence, after: list[int], total: Item, nested: bool, splits: bool = False
) -> tuple[list[Item], list[str], bool]:
    """The parts among the figures ``after`` a list opener, their names, and whether the list
    ended before the sentence did. In a split (分级次看，市级A，增长P%，区县级B) a part's own change rate
    does not end the list (after 其中 it does: what follows may be classes of that part), and the list
    ends once its parts make the whole."""
    from checker.statements.chain import step_sign

    total_measure = measure(total)
    total_span = _span(total)
    # the breakdown of a running total's step (加上级补助收入B，其中：…，上年结余C，…) ends before the
    # next step, or once its parts reach B: the amounts after it are steps of the total
    of_step = bool(step_sign(total))
    parts: list[Item] = []
    names: list[str] = []
    explaining = False
    uses = False  # a spending total's uses, read on past a part's change rate
    # the parts of an increase (增加部分X，其中：超收收入A，B较预算增加b) are what grew, each by its change
    grows = any(w in total.label for w in patterns().up)
    point = _point().match(total.bare_clause)  # the whole is one of the points 一是…；二是…
    ended = False
    # in "A和B分别为X、Y万元" the words before X name the whole list; the pipeline has paired
    # each figure with its own name
    respective = False
    counted = 0  # parts that a count of their own things stands before
    for k in after:
        item = sentence.items[k]
        respective = bool(RESPECTIVELY.search(item.clause)) or respective and joins_list(item)
        name = item.quantity.label if respective and item.quantity.label else item.label
        segment = _SEGMENT.split(item.gap)[-1]
        purpose = (
            _purpose().match(sentence.paragraph.text, item.end)
            if not _marker().sub("", without_list_marker(item.clause)).strip("，,：: ")
            else None
        )
        if purpose:
            name = purpose.group(1)  # the amount opens its clause, its purpose names it
        if segment != item.gap:
            if nested:
                ended = True
                break  # a list inside a list item ends with that item's segment
            if len(parts) >= 2 and (
                sum_interval([p.quantity.interval for p in parts]).overlaps(total.quantity.interval)
                or complete_by_identity(_with_tagged_names(names, parts), total, every_part=True)
            ):
                # 编制40人，其中：行政编制12人，事业编制28人；实有行政人员11人，事业人员25人: parts that
                # make up the whole by a segment's end closed the list, the next segment counts anew; so do
                # parts that name every part of the whole's identity, the optional ones too (在职A，离休B，
                # 退休C；年末学生人数D: a list of only the required ones may go on with an optional one)
                ended = True
                break
            explaining = False
        # …用于A，Y万元用于B: the purpose before an amount that opens its clause named the last part
        if _EXPLAIN.search(segment) and parts and not purpose:
            explaining = True
        if "其中" in item.gap and parts and not item.depth:
            ended = True
            break  # a nested list: its parts are not parts of this whole (a bracketed one is a part's note)
        if len(item.gap) > _NEAR and SECTION_MARK.search(item.gap):
            ended = True
            break
        if item.depth > 0 or explaining and not uses:
            continue
        if is_rate_base(sentence.items, k) or item.kind == "percent" and k > 0 and is_rate_base(sentence.items, k - 1):
            continue  # …，完成预算Y万元的P%: the part's budget and the rate of it, neither a part
        if item.kind == "percent":
            if k > 0 and deltas(sentence)[k - 1]:
                continue  # the rate of a part's change
            if parts and _SHARE.search(item.clause):
                continue  # the part's share: checked as a Share statement
            if parts and _is_change(item.label) and (uses or _uses_follow(sentence, after, k, total)):
                # the rest are uses: their purposes (用于…) explain them, they are no figures of the reasons
                uses = True
                continue
            if splits and parts and _rate_of_last_part(sentence, parts[-1], k):
                continue  # the rate of the part just named (市级收入A，下降P%；区县级收入B…)
            ended = True
            break
        if not _same_kind(item, total):
            if _counts_next_part(sentence, after, k, total):
                counted += 1
                continue
            ended = True
            break
        if point and _point().match(item.bare_clause) and parts:
            ended = True
            break  # 一是增加部分X，其中：…；二是减少部分Y: the next point, not a part
        if is_compared_base(sentence.items, k) or (
            (deltas(sentence)[k] or _is_change(item.label)) and not (grows and deltas(sentence)[k] > 0)
        ):
            continue
        if _threshold(sentence, item):
            continue  # 其中收入过30亿元的52个: an edge of a band of the counted things
        if _moved_from(sentence, after, k):
            continue  # 由A调整为B: A is the part's old level, B (next) the part
        if grows and parts and patterns().compare.match(item.bare_clause):
            continue  # A较年初预算增加a，较上年增加b: the part before against another base, no part of its own
        if total_span is not None and {total_span, _span(item)} == {"month", "running"}:
            continue  # 税收收入当月完成A，累计完成B: the part's figure for the other span of the year
        if not name or {total_measure, measure(item)} == {"budget", "actual"} or _people_after_posts(total, item):
            ended = True
            break  # 年初预算X，其中…，全年执行Y: the sentence has moved on to another figure
        if parts and _ceiling(sentence, item) and not _ceiling(sentence, total):
            ended = True
            break  # …，控制在债务限额L以内: the bound the whole keeps under (a limit's parts are limits)
        if parts and (
            _named_total(item) or _opens_own_list(sentence, item) or _other_side(total, item) or _sibling(total, item)
        ):
            ended = True
            break  # …；支出总计Y，其中…: the sentence has moved on to the next whole
        if parts and _subtracts(item):
            # 收入A，剔除B，净收入C；…: the step from A to C is no part; C replaces A when it is
            # A less B, else the list is not a plain sum and ends
            later = next((j for j in after if j > k and sentence.items[j].depth == 0), None)
            rest = sentence.items[later] if later is not None else None
            if rest is None or parts[-1].value is None or item.value is None or rest.value is None:
                ended = True
                break
            places = min(parts[-1].quantity.decimals, item.quantity.decimals, rest.quantity.decimals)
            if abs(parts[-1].value - item.value - rest.value) > Decimal(10) ** -places:
                ended = True
                break
            parts.pop()
            names.pop()
            continue
        if parts and _total_word().match(item.clause):
            ended = True
            break  # …，合计Y: the parts' own sum, which ``_after_parts`` reads
        if parts and step_sign(item):
            # …，其中税收收入A；加上级补助收入B，收入合计T: a step of the running total, no part
            ended = True
            break
        parts.append(item)
        names.append(name)
        if of_step and sum_interval([p.quantity.interval for p in parts]).high >= total.quantity.interval.low:
            ended = True
            break  # the parts reach B (or pass it: an overrun whatever comes after)
        if (
            splits
            and len(parts) >= 2
            and sum_interval([p.quantity.interval for p in parts]).overlaps(total.quantity.interval)
        ):
            ended = True
            break  # 市级A，区县级B；中心城区C: once the split makes its whole, what follows is another view of it
    if counted and len(parts) < 2:
        # 其中：实施项目25个，总投资Y万元: one counted amount may be of another measure than the whole
        return [], [], True
    return parts, names, ended


def _span(item: Item) -> str | None:
    """The span of the year a monthly report's amount covers, when its words name one (当月完成A: the month;
    累计完成B: the year so far)."""
    clause = item.bare_clause
    return next((span for span, words in _span_words() if words.search(clause)), None)


@lru_cache(maxsize=1)
def _span_words() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((span, re.compile(alternation(words))) for span, words in cues()["reporting_spans"].items())


@lru_cache(maxsize=1)
def _move_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from_words = alternation(load_yaml("cues_change.yaml")["from_words"])
    return re.compile(rf"(?:{from_words})[^，,；;。：:、]{{0,12}}$"), re.compile(
        rf"(?:{alternation(cues()['moved_to'])})\s{{0,2}}$"
    )


def _moved_from(sentence: Sentence, after: list[int], k: int) -> bool:
    """The amount is the old level of a part stated as a move (由年初的A调整为B, 由A增加到B): the next figure,
    of the same kind and unit and in the same clause, follows a move word."""
    later = next((j for j in after if j > k), None)
    if later is None:
        return False
    item, moved = sentence.items[k], sentence.items[later]
    if moved.kind != item.kind or moved.quantity.unit != item.quantity.unit or moved.depth != item.depth:
        return False
    from_end, neutral_to = _move_words()
    if not from_end.search(item.bare_gap) or CLAUSE_CUT.search(moved.bare_gap):
        return False
    return bool(neutral_to.search(moved.bare_gap) or patterns().to_end.search(moved.bare_gap))


def _rate_of_last_part(sentence: Sentence, part: Item, k: int) -> bool:
    """The percentage at ``k`` is the change rate of ``part``: right after it, or after its change
    (市本级完成A，增加D，增长P%)."""
    items = sentence.items
    start = items.index(part)
    between = range(start + 1, k)
    if not all(items[j].kind == "money" and (deltas(sentence)[j] or _is_change(items[j].label)) for j in between):
        return False
    return _is_change(items[k].label) or rate_after(items, k - 1)[0] is items[k]


_QUALIFIER_GAP = 8


def _counts_next_part(sentence: Sentence, after: list[int], k: int, total: Item) -> bool:
    """其中A类项目30个，资金X万元；B类项目8个，资金Y万元: a count directly before an amount in its
    segment says how many things that part covers; the amount is the part."""
    at = after.index(k)
    if total.kind != "money" or sentence.items[k].kind != "count" or at + 1 == len(after):
        return False
    nxt = sentence.items[after[at + 1]]
    return (
        nxt.kind == "money"
        and nxt.depth == 0
        and len(nxt.gap) <= _QUALIFIER_GAP
        and not any(ch in nxt.gap for ch in "；;。")
    )


def _uses_follow(sentence: Sentence, after: list[int], k: int, total: Item) -> bool:
    """After the change rate at ``k`` of a spending total's part, every amount left in the list
    is a use named as such (调出资金B, 结转下年使用C) with no reason or purpose in its own name,
    or the change rate of one."""
    if side(total.bare_clause) != "spending":
        return False
    words = cues()["uses_after_change"]
    rest = [j for j in after if j > k and sentence.items[j].depth == 0]
    for j in rest:
        item = sentence.items[j]
        if item.kind == "percent" and _is_change(item.label):
            continue
        if item.kind != "money" or deltas(sentence)[j] or _named_total(item) or _EXPLAIN.search(item.bare_clause):
            return False
        if not any(w in item.label for w in words):
            return False
    return any(sentence.items[j].kind == "money" for j in rest)


@lru_cache(maxsize=1)
def _point() -> re.Pattern[str]:
    """A clause opening with a point's marker (一是, 二是 …)."""
    numerals = "".join(CN_DIGITS) + "十"
    return re.compile(f"[{numerals}]{{1,3}}(?:{alternation(cues()['enumerators'])})")


@lru_cache(maxsize=1)
def _list_after() -> re.Pattern[str]:
    """A list opener right after an amount (…余额为Y亿元，其中…): the amount heads a list of its own."""
    return re.compile(rf"\s{{0,2}}[，,：:]?\s{{0,2}}(?:{alternation(cues()['own_list_openers'])})")


def _opens_own_list(sentence: Sentence, item: Item) -> bool:
    return _list_after().match(sentence.paragraph.text, item.end, sentence.end) is not None


@lru_cache(maxsize=1)
def _named_total_word() -> re.Pattern[str]:
    return re.compile(alternation(cues()["named_totals"]))


@lru_cache(maxsize=1)
def _threshold_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = cues()["thresholds"]
    return re.compile(rf"(?:{alternation(words['before'])})\s{{0,2}}$"), re.compile(
        rf"\s{{0,2}}(?:{alternation(words['after'])})"
    )


def _threshold(sentence: Sentence, item: Item) -> bool:
    """A band's edge (过30亿元的52个): the amount bounds what is counted, it is no amount of a part."""
    before, after = _threshold_words()
    return bool(before.search(item.bare_gap)) and after.match(sentence.paragraph.text, item.end) is not None


@lru_cache(maxsize=1)
def _ceiling_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # the words closing a ceiling are those CLM015 reads a claim to keep within it by
    after = load_yaml("claims.yaml")["within_ceiling"]["close"]
    return re.compile(alternation(cues()["ceilings"]["names"])), re.compile(rf"\s{{0,2}}(?:{alternation(after)})")


@lru_cache(maxsize=1)
def _headcount_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = cues()["headcounts"]
    return re.compile(alternation(words["posts"])), re.compile(alternation(words["people"]))


def _people_after_posts(total: Item, item: Item) -> bool:
    """A count of people (在编在岗4人, 实有60人) after the parts of a count of posts (编制5名)."""
    if total.kind != "count" or item.kind != "count":
        return False
    posts, people = _headcount_words()
    return bool(posts.search(total.label)) and not people.search(total.label) and bool(people.search(item.label))


def _ceiling(sentence: Sentence, item: Item) -> bool:
    """A bound (限额L, L以内), not an amount of the whole."""
    names, after = _ceiling_words()
    return bool(names.search(item.label)) or after.match(sentence.paragraph.text, item.end) is not None


def _named_total(item: Item) -> bool:
    """A named total (收入合计为Y, 支出总计Y) is a whole of its own; a bare total word after the
    parts (…，合计Y) is their sum and read by ``_after_parts``."""
    return bool(_named_total_word().search(item.bare_clause)) and not _total_word().match(item.clause)


def _whole_sentence(
    paragraph_sentences: list[list[Sentence]], p_index: int, sentence: Sentence, marker: re.Match[str]
) -> Sentence | None:
    """The sentence that states the whole of a list whose opener opens ``sentence``: "…支出X万元，比上年…。其中：
    A Y万元…": the previous sentence; "…。具体情况如下：" follows what the whole paragraph is about, its first
    sentence; an opener that opens its paragraph: ``_opener_alone``."""
    sents = paragraph_sentences[p_index]
    at = position(sents, sentence)
    if not at:
        return _opener_alone(paragraph_sentences, p_index, marker)
    return sents[at - 1] if "其中" in marker.group(0) else sents[0]


def _opener_alone(paragraph_sentences: list[list[Sentence]], p_index: int, marker: re.Match[str]) -> Sentence | None:
    """The sentence of the whole of a list whose opener opens its paragraph, as when the line break before it
    was not there: for 其中, the last sentence of the paragraph before (…支出控制较好。⏎其中：⏎（1）…, no whole);
    for an opener of details, the first sentence of the nearest paragraph above with figures, past lines of
    words alone (…减少Y万元。⏎减少的原因是…。⏎具体情况如下：), as of the paragraph it would close."""
    if p_index == 0:
        return None
    if "其中" in marker.group(0):
        before = paragraph_sentences[p_index - 1]
        return before[-1] if before and before[-1].items else None
    for back in range(p_index - 1, max(-1, p_index - 2 - WORD_LINES), -1):
        sents = paragraph_sentences[back]
        if not words_alone(sents):
            return sents[0] if sents and sents[0].paragraph.heading is None and sents[0].items else None
    return None


def _last_segment_end(text: str, before: int) -> int:
    """Where the text after the last semicolon before ``before`` begins (0 when there is none)."""
    return max(text.rfind("；", 0, before), text.rfind(";", 0, before)) + 1


@lru_cache(maxsize=1)
def _side_words() -> frozenset[str]:
    return frozenset(w for words in cues()["sides"].values() for w in words)


def side(label: str) -> str | None:
    """receipts or spending, when the name says one of them only."""
    sides = [side for side, words in cues()["sides"].items() if any(w in label for w in words)]
    return sides[0] if len(sides) == 1 else None


def _other_side(total: Item, item: Item) -> bool:
    """收入X，其中…；支出Y: spending is no part of receipts, nor receipts of spending."""
    a, b = side(total.bare_clause), side(item.bare_clause)
    return a is not None and b is not None and a != b


def _sibling(total: Item, item: Item) -> bool:
    """基本支出X，其中A，B；项目支出Y: another part of an identity the whole is a part of is the whole's
    sibling, never one of its parts. Each must be named by the part (the name ends with it): 本年收入预算总额
    is a broader whole than 本年收入, and 上年结转 may well be one of its parts."""
    return any(
        of_total and of_item and of_total.isdisjoint(of_item)
        for of_total, of_item in zip(_parts_named(total.label), _parts_named(item.label))
    )


@lru_cache(maxsize=1)
def _part_endings() -> tuple[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]], ...]:
    """Each money identity's parts, matched at the end of a name, each identity with one pattern
    for any of its parts (most names end with none of them: one search spares trying each part)."""
    out = []
    for ident in identities():
        if ident["kind"] == "money" and not ident["subtract"]:
            parts = [f"(?:{p.pattern})" for p in ident["parts"]]
            out.append((re.compile(f"(?:{'|'.join(parts)})$"), tuple(re.compile(f"{p}$") for p in parts)))
    return tuple(out)


@lru_cache(maxsize=1)
def _any_part_ending() -> re.Pattern[str]:
    """Any part of any money identity at the end of a name: most names end with none."""
    return re.compile("|".join(any_part.pattern for any_part, _ in _part_endings()))


@lru_cache(maxsize=4096)
def _parts_named(label: str) -> tuple[frozenset[int], ...]:
    """For each money identity, the parts whose name ``label`` ends with (labels repeat across a report)."""
    if _any_part_ending().search(label) is None:
        return tuple(frozenset() for _ in _part_endings())
    return tuple(
        frozenset(k for k, p in enumerate(parts) if p.search(label)) if any_part.search(label) else frozenset()
        for any_part, parts in _part_endings()
    )


@lru_cache(maxsize=1)
def _subtract_word() -> re.Pattern[str]:
    return re.compile(f"^(?:{alternation(cues()['part_subtract_words'])})")


def _subtracts(item: Item) -> bool:
    """The amount is taken away from the part before it (剔除上划收入B, 扣除…)."""
    return bool(_subtract_word().match(item.bare_clause))


def _views(total: Item, parts: list[tuple[Item, Sentence]]) -> bool:
    """（一）收入预算总计X …（二）支出预算总计X: two items each the whole amount are two views of
    the whole (receipts and spending), not its parts."""
    return sum(1 for p, _ in parts if p.quantity.value and p.quantity.value == total.quantity.value) >= 2


def _opens_with_part(sentence: Sentence, total: Item) -> bool:
    """The sentence opens with a named amount of the total's kind (人员经费489.18万元，主要包括…)."""
    if not sentence.items:
        return False
    item = sentence.items[0]
    lead = without_list_marker(item.gap).strip()
    # a numbered item may name its part as several things closed by 等 (（4）房产税、契税等其他税收X)
    name = _LISTED_NAME.sub("", lead) if lead != item.gap.strip() else lead
    return (
        item.depth == 0
        and _same_kind(item, total)
        and bool(item.label)
        and not deltas(sentence)[0]
        and not _is_change(item.label)
        and not any(ch in name for ch in _BREAKS)
        and not _marker().search(lead)
        and not _RELATIVE.match(item.label)
        and not _restates(total, item)
        and not _other_side(total, item)  # 基金收入X。其中…。基金支出Y: the other side opens no part
        # 年初预算X。其中…。全年支出决算Y: an outturn is no part of a budget
        and {measure(total), measure(item)} != {"budget", "actual"}
    )


_RESTATE_MIN = 4  # a shorter name (支出, 收入) says too little to be the whole's


def _restates(total: Item, item: Item) -> bool:
    """…累计完成一般公共预算收入Y after 一般公共预算收入X，其中…: the same name again is the whole on
    another basis (还原退税后, 同口径), not one of its parts."""
    name = _core_name(total.label)
    return len(name) >= _RESTATE_MIN and _core_name(item.label) == name


@lru_cache(maxsize=1)
def _name_lead() -> re.Pattern[str]:
    return re.compile(f"^.*(?:{alternation(cues()['outturn_verbs'])})")


def _core_name(label: str) -> str:
    """The name an amount's label ends in, past its verb (全区还原…后累计完成一般公共预算收入 → 一般公共预算收入)."""
    return _name_lead().sub("", label)


_BREAKS = "，,；;。：:、"  # punctuation that ends a name (brackets and quotes do not: 因公出国（境）费)
# （4）房产税、契税等其他税收X: names run together with 、 and closed by 等 name one part
_LISTED_NAME = re.compile(r"^[^，,；;。：:]+、[^，,；;。：:]*等")
_RELATIVE = re.compile(r"^(?:该|此|其(?!他)|上述|以上|另|此外|另外)")


_CN_BIG_UNITS = ("万", "亿")
"""The multipliers of an amount written without its 元 (省级资金290.36万)."""


def _bare_amount_after(sentence: Sentence, parts: list[Item]) -> bool:
    """其中，中央资金A万元；省级资金B万（…）。: the one part read is followed in its sentence by another amount
    written without 元, which is no item: the list is the sentence's own and does not go on past it."""
    if not parts:
        return False
    rest = sentence.paragraph.text[parts[-1].end : sentence.end]
    return any(q.kind == "number" and q.unit in _CN_BIG_UNITS for q in find_quantities(rest))


def _continued(
    paragraph_sentences: list[list[Sentence]], p_index: int, sentence: Sentence, total: Item, first: list[Item]
) -> list[tuple[Item, Sentence]]:
    """The parts of a list opened in ``sentence`` that follow as sentences of its paragraph and
    as paragraphs of their own, up to a paragraph that does not open with a named amount, or a
    list item numbered like the paragraph of the total (its sibling) or above it. A numbered item
    may be a title without a figure (1.管理费用): the paragraph below it opens with the part it
    names (管理费用X元，…). ``first``: the parts the total's own sentence names."""
    sents = paragraph_sentences[p_index]
    parts: list[tuple[Item, Sentence]] = []
    for s in sents[position(sents, sentence) + 1 :]:
        if _opens_with_part(s, total):
            parts.extend(_segment_parts(s, total, first + [p for p, _ in parts]))
        elif _marker().search(s.text):
            return parts  # 支出具体情况如下：the paragraphs after list the parts of something else
    total_style = list_style(sentence.paragraph.text)
    section = _section_style(paragraph_sentences, p_index)
    first_style: str | None = None
    started = False
    title: str | None = None  # a numbered item without a figure (1.业务活动成本): its amount comes below it
    alone = 0  # lines of words alone since the last line with figures
    for later in paragraph_sentences[p_index + 1 :]:
        with_items = [s for s in later if s.items]
        style = list_style(later[0].paragraph.text) if later else None
        # 3.A X万元。⏎较上年无变化。⏎4.B…: a numbered part's words on a line of their own (unnumbered parts have
        # nothing but such a line to end their list)
        alone = alone + 1 if not with_items and first_style is not None and words_alone(later) else 0
        if not with_items:
            if 0 < alone <= WORD_LINES:
                continue
            if title is not None or style is None or _outranks(style, section):
                break  # …or the next heading of the total's own section's rank: another section
            title = later[0].paragraph.text
        elif title is not None:
            # the paragraph under a title states the titled part (业务活动成本X元，主要包括…)
            if style is not None or not _names_title(with_items[0], title):
                break
            style = list_style(title)
        if _outranks(style, total_style) or started and _outranks(style, first_style, strictly=True):
            break  # the next item of the total's own list, or of a list above it
        if started and style != first_style:
            if title is not None:
                break  # a nested title: its part is not known to be left out below
            continue  # a list nested in the previous part
        if not with_items:
            continue
        # a numbered part may read as a heading (2.公务用车购置及运行维护费19.30万元，其中：)
        if not _opens_with_part(with_items[0], total):
            break
        first_style, started, title = style, True, None
        for s in with_items:
            if _opens_with_part(s, total):
                parts.extend(_segment_parts(s, total, first + [p for p, _ in parts]))
    return parts


def _segment_parts(sentence: Sentence, total: Item, before: list[Item]) -> list[tuple[Item, Sentence]]:
    """The parts a sentence that opens with one states: its first amount, and the amount that opens
    each segment after a semicolon the same way (…其中：A X万元；⏎B Y万元；C Z万元。: the list ran
    on past a line break), until the parts (``before`` and these) make the whole: as in one sentence,
    a segment after that states something else (…；年末结转和结余Z万元). After a comma an amount may
    tell of the part before it (人员经费X万元，其中工资Y万元; 项目支出Y万元，主要用于…): the amounts
    that open the sentence's clauses so are parts only when with them the parts make the whole (a
    list broken after its first part: …其中：A X万元，⏎B Y万元，C Z万元。). After a list word of the
    sentence's own its later amounts are its first part's parts."""
    parts = [(sentence.items[0], sentence)]
    if _marker().search(sentence.text):
        return parts
    whole = total.quantity.interval
    for cut in (_SEGMENT, _CLAUSE):
        taken = {id(p) for p, _ in parts}
        found: list[tuple[Item, Sentence]] = []
        for k, item in enumerate(sentence.items[1:], 1):
            if sum_interval([p.quantity.interval for p in before + [p for p, _ in parts + found]]).overlaps(whole):
                break
            if item.depth == 0 and id(item) not in taken and cut.search(item.gap):
                gap = cut.split(item.gap)[-1]
                opener = Item.make(item.quantity, gap, item.start, item.end, item.depth)
                segment = replace(sentence, start=item.start - len(gap), items=(opener, *sentence.items[k + 1 :]))
                if _opens_with_part(segment, total):
                    found.append((item, sentence))
        made = sum_interval([p.quantity.interval for p in before + [p for p, _ in parts + found]]).overlaps(whole)
        if cut is _SEGMENT or made:
            parts += found
        if made:
            break
    return parts


_SECTION_REACH = 30
"""How many paragraphs back a total's heading is looked for: a section runs a few dozen at most, and a scan to
the document's start for every list made a long document's lists quadratic."""


def _section_style(paragraph_sentences: list[list[Sentence]], p_index: int) -> str | None:
    """The numbering of the heading the total's paragraph stands under: the nearest numbered
    paragraph before it that states no amount ((二)政府性基金预算 over 基金收入X，其中…)."""
    for sents in paragraph_sentences[max(0, p_index - _SECTION_REACH) : p_index][::-1]:
        if sents and not any(s.items for s in sents):
            style = list_style(sents[0].paragraph.text)
            if style is not None:
                return style
    return None


def _names_title(sentence: Sentence, title: str) -> bool:
    """The sentence opens with the amount its title names (1.管理费用 / 管理费用X元，…), the title's
    ending perhaps written otherwise (一、因公出国（境）经费 / 因公出国（境）费X万元)."""
    name = without_list_marker(title).strip().rstrip("：:。")
    gap = sentence.items[0].bare_gap
    if len(name) >= 2 and name in gap:
        return True
    return any(
        len(name) - len(ending) + len(other) >= 2 and name[: -len(ending)] + other in gap
        for ending, others in cues()["title_endings"].items()
        if name.endswith(ending)
        for other in others
    )


_STYLE_RANK = {"numeral": 0, "paren-numeral": 1, "digit": 2, "paren-digit": 3, "circled": 4, "dash": 5}


def _outranks(style: str | None, other: str | None, strictly: bool = False) -> bool:
    """一、 outranks （一）, which outranks 1., which outranks （1）; an equal style counts unless
    ``strictly``."""
    if style is None or other is None:
        return False
    return _STYLE_RANK[style] < _STYLE_RANK[other] or not strictly and style == other


def _without_nested(pairs: list[tuple[Item, Sentence]]) -> list[tuple[Item, Sentence]]:
    """Drop the parts of a part split in its turn (公务用车购置及运行维护费 into 购置费 and 运行
    维护费; 基本支出 into 人员经费 and 公用经费): they are not siblings of their own whole."""
    nested: set[int] = set()
    for ident in identities():
        if ident["kind"] != "money" or ident["subtract"]:
            continue
        if any(ident["whole"].search(p.label) for p, _ in pairs):
            for p, _ in pairs:
                if not ident["whole"].search(p.label) and any(q.search(p.label) for q in ident["parts"]):
                    nested.add(id(p))
    return [(p, s) for p, s in pairs if id(p) not in nested]


def _last_of(paragraph_sentences: list[list[Sentence]], p_index: int) -> Sentence | None:
    """The last sentence of paragraph ``p_index`` (a copy one sentence to a line puts the sentence
    before on the line before)."""
    return paragraph_sentences[p_index][-1] if p_index >= 0 and paragraph_sentences[p_index] else None


def _after_parts(sentence: Sentence, before: Sentence | None = None) -> list[Composition]:
    """基本支出X万元，项目支出Y万元，合计Z万元: a total named only by its total word, after the
    amounts of its sentence (changes, shares and bracketed notes left out). The words say the
    list is the whole, so a shortfall is as much an error as an excess. A side's total named so
    (…，调出资金B，债务还本支出C，支出合计T) sums the amounts of that side before it; whether the
    writer named them all the words do not say, so it is held as likely, not as certain. The sentence
    ``before`` (of the same paragraph) may hold the first part (基金收入A，下降P%。上级补助收入B，…，
    收入合计T): its one amount is taken in; of several, which is the writer's the words do not say, and
    a shortfall then says nothing."""
    out = []
    items = sentence.items
    text = sentence.paragraph.text
    openers: list[int] | None = None  # looked for once a total is met: most sentences have none
    start = 0
    for k, item in enumerate(items):
        if item.kind not in ("money", "count") or item.depth:
            continue
        bare = _total_word().match(item.clause) is not None
        if not bare and not (item.kind == "money" and _side_total().match(item.bare_clause)):
            continue
        if openers is None:
            from checker.statements.chain import step_sign  # a cycle at import time: chain reads compositions

            openers = [m.end() for m in _marker().finditer(text, sentence.start, sentence.end)]
        # 收入X，其中：A，B，合计X: the total word closes the list after the opener, not the amounts before it
        opened = [at for at in openers if at <= item.start]
        if (
            opened
            and not bare
            and (_LIST_BREAK.search(text, opened[-1], item.start) or any(map(step_sign, items[start:k])))
        ):
            # 收入A，其中：税收B，非税C；收入合计T: the list is A's, the total sums other amounts; so it does
            # after a step of a running total (收入A，加上级补助B，其中：…，上年结余C，收入合计T)
            start = k + 1
            continue
        first = max(start, bisect_left([i.start for i in items], opened[-1])) if opened else start
        parts = [
            p
            for j, p in enumerate(items[first:k], first)
            if _same_kind(p, item)
            and p.depth == 0
            and not deltas(sentence)[j]
            and not _is_change(p.label)
            and not _total_word().match(p.clause)
            and (bare or not _other_side(item, p))
        ]
        start = k + 1
        if not bare and any(map(step_sign, parts)):
            continue  # 收入A，加上级补助收入B，…，收入合计T: a running total, which the chain reader holds
        placed = tuple((p, sentence) for p in parts)
        # the sentence before is read only for what its own amounts leave short (a figure there that the
        # list does not need, 调整预算为Y, is no part)
        short = bool(parts) and sum_interval([p.quantity.interval for p in parts]).high < item.quantity.interval.low
        opening = _opening_part(before, item) if not bare and first == 0 and short else ()
        if opening is not None:
            placed = opening + placed
        if len(placed) >= 2 and all(p.label for p, _ in placed) and not _mixed_measures([p for p, _ in placed]):
            out.append(
                Composition(
                    item,
                    sentence,
                    placed,
                    bare,
                    before_side_total=not bare and opening is not None,
                    mainly=not bare and opening is None,
                )
            )
    return out


def _opening_part(before: Sentence | None, total: Item) -> tuple[tuple[Item, Sentence], ...] | None:
    """The first part of a side's total that the sentence ``before`` states, () when it states none
    (no amount, or a list closed by its own total, or amounts of the other side), None when it
    states several amounts that may be."""
    if before is None:
        return ()
    amounts = [
        i
        for k, i in enumerate(before.items)
        if i.kind == "money" and not i.depth and not deltas(before)[k] and not _is_change(i.label)
    ]
    if not amounts:
        return ()
    last = amounts[-1]
    if _total_word().match(last.clause) or _side_total().match(last.bare_clause) or _other_side(total, last):
        return ()
    if len(amounts) > 1:
        return None
    # named as the total's side (基金收入A for 收入合计T): a budget or a count stated before is no part
    return ((last, before),) if side(last.bare_clause) == side(total.bare_clause) else None


# a list's items run on with commas; a semicolon closes the 其中 list before a side's total of other amounts
_LIST_BREAK = re.compile(r"[；;]")


def is_side_total(item: Item) -> bool:
    """An amount named only as a side's total (收入合计T, 支出总计为T)."""
    return item.kind == "money" and _side_total().match(item.bare_clause) is not None


@lru_cache(maxsize=1)
def _side_total() -> re.Pattern[str]:
    """A clause that is only a side's name and a total word (收入合计, 支出总计为)."""
    return re.compile(
        f"^(?:{alternation(sorted(_side_words()))})(?:{alternation(cues()['named_totals'])}){_TOTAL_VERB}"
    )


@lru_cache(maxsize=1)
def _grade_name() -> re.Pattern[str]:
    words = cues()["grade_counts"]
    grades = [name for name, _ in grade_bands()] + list(grade_names())
    return re.compile(
        # leads may stack (其中等级为优的10个): one more lead is still the grade's own words
        f"^(?:{alternation(words['owners'])})?(?:{alternation(words['leads'])})*"
        f"[“\"'‘]?({alternation(grades)})[”\"'’]?(?:{alternation(words['tails'])})?$"
    )


_Band = tuple[Decimal, Decimal]  # the scores a band holds, from the first up to the second
_TOP = Decimal("Infinity")


@lru_cache(maxsize=1)
def _score_band_pattern() -> re.Pattern[str]:
    words = cues()["score_bands"]
    unit = re.escape(words["unit"])
    score = rf"\s{{0,2}}(\d{{1,3}}(?:\.\d{{1,2}})?)\s{{0,2}}(?:{unit})?\s{{0,2}}(?:{alternation(words['inclusive'])})?\s{{0,2}}"
    band = (
        f"{score}(?P<above>{alternation(words['above'])})"
        f"|{score}(?P<below>{alternation(words['below'])})"
        f"|(?P<under>{alternation(words['below_before'])}){score}"
        f"|(?P<over>{alternation(words['above_before'])}){score}"
        f"|{score}(?:{alternation(words['joiners'])}){score}"
    )
    return re.compile(
        f"^(?:{alternation(words['leads'])})*(?:{alternation(words['links'])})?(?:{band})"
        f"(?:{alternation(words['tails'])})?$"
    )


def _score_band(words: str) -> _Band | None:
    """90分以上 → (90, ∞), 低于80分 → (0, 80), 80（含）-90分 → (80, 90)."""
    m = _score_band_pattern().match(words)
    if m is None or cues()["score_bands"]["unit"] not in words:
        return None
    scores = [Decimal(g) for g in m.groups() if g is not None and g[0].isdigit()]
    if m.group("above") or m.group("over"):
        return scores[0], _TOP
    if m.group("below") or m.group("under"):
        return Decimal(0), scores[0]
    return (scores[0], scores[1]) if scores[0] < scores[1] else None


def _bands_split(bands: list[_Band]) -> bool:
    """The bands do not overlap (90分以上 and 80分以上 count the same items twice)."""
    ordered = sorted(bands)
    return all(later[0] >= earlier[1] for earlier, later in zip(ordered, ordered[1:]))


def _bands_cover(bands: list[_Band]) -> bool:
    """The bands reach from the bottom of the scale to its top with no gap (80–89分 then 90分以上 meet)."""
    ordered = sorted(bands)
    top = Decimal(str(cues()["score_bands"]["full_marks"]))
    return (
        ordered[0][0] == 0
        and ordered[-1][1] >= top
        and all(later[0] - earlier[1] <= 1 for earlier, later in zip(ordered, ordered[1:]))
    )


def split_key(item: Item) -> str | _Band | None:
    """What a count of a list by grade or by score band is of: 评价等级为优的8个 → 优, 良好2个 → 良,
    得分90分以上的7个 → (90, ∞); None when its clause names anything else."""
    if item.kind != "count" or item.depth:
        return None
    # the words after the last mark, quotes kept (等级为“优”的4项: the clause a quote ends is 的 only)
    words = _GRADE_CUT.split(item.bare_gap)[-1]
    m = _grade_name().match(_without_band_note(words))
    if m:
        return normal_grade(m.group(1))
    status = _status_name().match(words)
    if status:
        return _STATUS + status.group(1)
    return _score_band(words)


_STATUS = "status:"  # the key of a count named by a status (完成) or its negation (未完成), not by a grade


@lru_cache(maxsize=1)
def _status_name() -> re.Pattern[str]:
    words = cues()["status_pairs"]
    statuses = [w for pair in words["pairs"] for w in pair]
    return re.compile(
        f"^(?:{alternation(words['leads'])})?({alternation(statuses)})(?:{alternation(words['objects'])})?"
        f"(?:{alternation(words['tails'])})?$"
    )


def _both_sides(named: list[str]) -> bool:
    """The statuses named are a status and its negation (完成 and 未完成): together every part."""
    said = {key[len(_STATUS) :] for key in named}
    return len(said) == 2 and any(set(pair) == said for pair in cues()["status_pairs"]["pairs"])


_GRADE_CUT = re.compile(r"[，,；;：:、。]")
# a bracket after a grade, one level of brackets inside (优秀（90分（含）以上）)
_BRACKETED = re.compile(r"[（(]((?:[^（()）]|[（(][^（()）]{0,3}[)）]){1,24})[)）]")


def _without_band_note(words: str) -> str:
    """优秀（90分及以上）的 → 优秀的: the band a grade stands for, noted in brackets, is no count of the
    list; the grade names the part. Any other bracket is left, so the words are no grade name."""
    m = _BRACKETED.search(words)
    if m is None or _score_band(m.group(1)) is None:
        return words
    return words[: m.start()] + words[m.end() :]


def _grade_splits(sentence: Sentence, before: Sentence | None = None) -> list[Composition]:
    """Counts by grade or by score band and the count of the whole they split: the count right before
    them (共评价项目9个，评价等级为优的8个，良1个) or the total closing them (优5个，良3个，中1个（共10个项目）;
    90分以上的7个、80–90分的2个、80分以下的1个，共10个); for a list that opens its sentence, the one count of
    the sentence ``before`` (上报自评项目2630个。自评结果优秀1812个、…)."""
    items = sentence.items
    if sum(i.kind == "count" and not i.depth for i in items) < 2:
        return []  # only counts outside brackets have a grade: most sentences state fewer than two
    keys = [split_key(item) for item in items]
    out = []
    k = 0
    while k < len(items):
        if keys[k] is None:
            k += 1
            continue
        run = [k]
        j = k + 1
        while j < len(items):
            if keys[j] is not None:
                run.append(j)
            elif not (_grade_share(items[j]) and j + 1 < len(items) and keys[j + 1] is not None):
                break
            j += 1
        k = run[-1] + 1
        named = [keys[j] for j in run]
        units = {items[j].quantity.unit for j in run}
        if len(run) < 2 or len(set(named)) < len(named) or len(units) != 1:
            continue
        bands = [key for key in named if isinstance(key, tuple)]
        if bands and (len(bands) < len(named) or not _bands_split(bands)):
            continue  # grades mixed with bands, or bands that overlap: no split of one whole
        statuses = [key for key in named if isinstance(key, str) and key.startswith(_STATUS)]
        if statuses and len(statuses) < len(named):
            continue  # grades mixed with statuses: no one scale
        unit = units.pop()
        whole, plain, closing = _grade_whole(items, run, unit)
        whole_sentence = sentence
        if whole is None and before is not None and not any(i.kind == "count" for i in items[: run[0]]):
            whole, whole_sentence = _grade_whole_before(before, unit), before
        if whole is None:
            continue
        # a total closing the list (…，合计10个) says the grades named make it; so does naming every grade,
        # a status and its negation, or bands that reach over the whole scale
        if statuses:
            after = run[-1] + 1
            if not closing and after < len(items) and items[after].kind == "count" and not items[after].depth:
                continue  # …，未完成2项，1项不适用: a count the statuses do not name goes on with the split
            everything = closing or _both_sides(statuses)
        elif bands:
            everything = closing or _bands_cover(bands)
        else:
            everything = closing or {name for name, _ in grade_bands()} <= set(named)
        parts = tuple((items[j], sentence) for j in run)
        out.append(Composition(whole, whole_sentence, parts, everything, grades="plain" if plain else "named"))
    return out


def _grade_whole_before(before: Sentence, unit: str | None) -> Item | None:
    """The count a grade list opening its sentence splits: the one count of the sentence before in the
    list's measure word, outside brackets, when it states no grade itself."""
    counts = [i for i in before.items if i.kind == "count" and not i.depth and i.quantity.unit == unit]
    return counts[0] if len(counts) == 1 and split_key(counts[0]) is None else None


def _grade_share(item: Item) -> bool:
    """优的10个，占62.5%；良的5个，…: a grade's share of the whole, stated between its count and the next grade's."""
    return item.kind == "percent" and not item.depth and "占" in item.bare_gap


def _grade_whole(items: tuple[Item, ...], run: list[int], unit: str | None) -> tuple[Item | None, bool, bool]:
    """The count a grade list splits, whether the words name it as the set split, and whether it
    closes the list."""
    after = run[-1] + 1
    if after < len(items) and items[after].kind == "count" and items[after].quantity.unit == unit:
        if _total_word().match(items[after].bare_clause.lstrip("（(")):
            if _after_unread_part(items, run, unit):
                return None, False, False
            return items[after], True, True
    before = run[0] - 1
    if before < 0 or items[before].kind != "count" or items[before].depth or items[before].quantity.unit != unit:
        return None, False, False
    whole = items[before]
    among = _whole_head().match(items[run[0]].bare_gap)
    named = any(w in whole.bare_clause for w in cues()["total_words"])
    return whole, bool(among) or named, False


def _after_unread_part(items: tuple[Item, ...], run: list[int], unit: str | None) -> bool:
    """A count of the same kind right before the list, joined to it by 、 and not named as the whole
    (…的项(xiàng)目8个、80–90分的2个…: a first part whose words the reader could not take as a grade or
    band): the list goes on from a part left out, so its total is no sum of the parts read. 、 joins the
    items of one list only; a whole stated before its parts is closed by ，, ： or 中."""
    before = run[0] - 1
    if before < 0 or items[before].kind != "count" or items[before].depth or items[before].quantity.unit != unit:
        return False
    gap = items[run[0]].bare_gap
    if _whole_head().match(gap) or any(w in items[before].bare_clause for w in cues()["total_words"]):
        return False
    return gap.lstrip()[:1] == "、"


ROLE_PATTERNS = (
    ("carry", re.compile(r"结转|结余")),
    ("budget", re.compile(r"预算")),
    ("actual", re.compile(r"实际|执行|决算|支出")),
)


def _mixed_measures(parts: list[Item]) -> bool:
    """年初预算数 X，全年预算数 Y，决算数 Z lists measures of one thing, not parts of a whole; so does
    固定资产原值B，累计折旧C，净值D (an asset's gross value, its depreciation and its net value)."""
    if {"budget", "actual"} <= {measure(p) for p in parts}:
        return True
    return sum(1 for p in parts if _asset_value().search(p.clause)) >= 2


@lru_cache(maxsize=1)
def _asset_value() -> re.Pattern[str]:
    return re.compile(alternation(cues()["asset_values"]))


def role(sentence: Sentence, k: int) -> str | None:
    direction = deltas(sentence)[k]
    if direction:
        return "increase" if direction > 0 else "decrease"
    items = sentence.items
    clause = items[k].clause
    if items[k].kind != "money":
        return None
    if "预算" in clause and _OUTTURN_WORD.search(clause):
        return None
    return next((name for name, pattern in ROLE_PATTERNS if pattern.search(clause)), None)


def _roles(sentence: Sentence) -> dict[str, Item]:
    found: dict[str, list[Item]] = {}
    for k, item in enumerate(sentence.items):
        name = role(sentence, k)
        if name and item.depth == 0:
            found.setdefault(name, []).append(item)
    return {name: items[0] for name, items in found.items() if len(items) == 1}


def _across_paragraphs(paragraph_sentences: list[list[Sentence]], p_index: int) -> list[Composition]:
    sents = paragraph_sentences[p_index]
    if not sents:
        return []
    para = sents[-1].paragraph
    if not _OPENS_PARTS.search(para.text):
        return []
    if p_index > 0 and _OPENS_PARTS.fullmatch(para.text.strip()):
        sents = paragraph_sentences[p_index - 1]  # 其中：on a line of its own: the whole is the paragraph before
    total_sentence = next((s for s in reversed(sents) if any(i.kind == "money" for i in s.items)), None)
    if total_sentence is None:
        return []
    whole = _roles(total_sentence)
    if not whole:
        return []
    members: list[tuple[dict[str, Item], Sentence | None]] = []
    total_style = list_style(para.text)
    first_style: str | None = None
    complete = True
    for later in paragraph_sentences[p_index + 1 :]:
        if not later or not is_list_item(later[0].paragraph):
            break
        style = list_style(later[0].paragraph.text)
        if _outranks(style, total_style) or _outranks(style, first_style, strictly=True):
            break  # 3. after （1）（2）under 2.: the next item of the total's own list
        if first_style is not None and style != first_style:
            continue  # （1）（2）under 2.: the parts of a part
        first_style = style
        with_money = [s for s in later if any(i.kind == "money" for i in s.items)]
        roles: dict[str, Item] = {}
        for s in with_money:
            for name, item in _roles(s).items():
                roles.setdefault(name, item)
        members.append((roles, with_money[0] if with_money else None))
    else:
        # the items run to the end of the text, the last stopping mid-sentence (…（6）公务接待费X，主要是…
        # 支出减): the copy ends where the list went on, so the items listed are not known to be all of them
        tail = paragraph_sentences[-1][0].paragraph.text.rstrip() if paragraph_sentences[-1] else ""
        complete = not tail or tail[-1] in SENTENCE_END
    if sum(1 for _, s in members if s is not None) < 2:
        return []
    out = []
    for name, total in whole.items():
        parts: list[tuple[Item, Sentence]] = []
        for roles, sentence in members:
            if sentence is None:
                continue  # an item with no amounts at all (无…情况) adds nothing
            if name not in roles:
                parts = []
                break
            parts.append((roles[name], sentence))
        if len(parts) >= 2 and not _views(total, parts):
            out.append(Composition(total, total_sentence, tuple(parts), complete, name))
    return out


@dataclass(frozen=True)
class ScoreTotal:
    """ "A得分x分，B得分y分，…，自评总分z分": the line scores of a paragraph and their stated total."""

    total: Quantity
    parts: tuple[Quantity, ...]
    paragraph: Paragraph
    listed_after: bool = False
    """The total stated first, its lines after 其中 (自评得分z分，其中：A得分x分，…): such a list may name
    only some of the lines."""
    weights: tuple[Quantity, ...] = ()
    """The weight of each line when the list states one for every line (分值10分，得分9.5分)."""


@lru_cache(maxsize=1)
def _score_cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    c = cues()
    return (
        re.compile(f"(?:{alternation(c['score_total_words'])})(?:为|是|达)?$"),
        re.compile(f"(?:{alternation(c['score_words'])})(?:为|是)?$"),
        re.compile(alternation(c["weight_words"] + c["deduction_words"])),
    )


@lru_cache(maxsize=1)
def _weight_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A weight named so (分值10分, 权重10分), and a line's score named by the score word alone
    (预算执行10分，得分9.5分: the figure before it, named by the line's name only, is its weight)."""
    c = cues()
    return (
        re.compile(alternation(c["weight_words"])),
        re.compile(f"^(?:{alternation(c['score_words'])})(?:为|是)?$"),
    )


_MIN_SCORE_LINES = 3
_MIN_LISTED_LINES = 2
"""Lines after 其中 name themselves as parts of the total before them: two are a split (预算执行率得分x分，
各项指标得分y分), where lines before a total need three to be told from scores merely side by side."""


def find_score_totals(paragraphs: Iterable[Paragraph], quantities: Iterable[Quantity]) -> list[ScoreTotal]:
    total_cue, score_cue, not_score = _score_cues()
    by_block: dict[str, list[Quantity]] = {}
    for q in quantities:
        if q.kind == "quantity" and q.unit == "分" and q.value is not None:
            by_block.setdefault(q.location.block, []).append(q)
    out = []
    for para in paragraphs:
        scores = sorted(by_block.get(para.id, ()), key=lambda q: q.location.start)
        if not scores:
            continue  # most paragraphs state no score
        parts: list[Quantity] = []
        previous_end = 0
        for q in scores:
            gap = para.text[previous_end : q.location.start]
            previous_end = q.location.end
            clause = CLAUSE_CUT.split(gap)[-1].strip()
            if "其中" in gap and parts:
                parts = []  # sub-scores of one line: not lines of the total
                break
            if not_score.search(clause):
                continue  # a weight or a deduction beside the line's score
            if total_cue.search(clause):
                if len(parts) >= _MIN_SCORE_LINES:
                    out.append(ScoreTotal(q, tuple(parts), para))
                parts = []
            elif score_cue.search(clause):
                parts.append(q)
            else:
                parts = []
        out.extend(_listed_after(para, scores))
    return out


_OPENS_LIST = re.compile(r"\s{0,2}(?:[（(][^（()）]{0,20}[)）])?\s{0,2}[，,；;。]?\s{0,2}其中\s{0,2}[：:，,]?")


def _listed_after(para: Paragraph, scores: list[Quantity]) -> list[ScoreTotal]:
    """自评得分92.5分，其中：预算执行率得分9.5分（权重10分），产出指标得分48分，效益指标得分35分。: a total
    score, 其中 right after it (or opening the next sentence), then the line scores of its sentence, each
    named a score (得分); weights and deductions beside them are passed over, the weights kept. A line
    not named a score, or a second 其中 (the lines of a line), leaves the list unread."""
    total_cue, score_cue, not_score = _score_cues()
    weight_cue = _weight_cues()[0]
    out = []
    text = para.text
    # where each sentence ends, found once: a look ahead per total re-read a paragraph of no 。
    ends = [m.start() for m in re.finditer("。", text)] + [len(text)]
    for k, q in enumerate(scores):
        head = CLAUSE_CUT.split(text[scores[k - 1].location.end if k else 0 : q.location.start])[-1].strip()
        if not (total_cue.search(head) or score_cue.search(head)):
            continue
        opener = _OPENS_LIST.match(text, q.location.end)
        if opener is None or not opener.group().strip():
            # 自评得分92.5分，等级为优。其中：…: the lines open the next sentence, no figure between
            dot = ends[bisect_left(ends, q.location.end)]
            if k + 1 < len(scores) and scores[k + 1].location.start < dot:
                continue
            opener = _OPENS_LIST.match(text, dot)
            if opener is None or "其中" not in opener.group():
                continue
        stop = ends[bisect_left(ends, opener.end())]
        parts: list[Quantity] = []
        weights: list[Quantity] = []
        previous_end = opener.end()
        for j in range(k + 1, len(scores)):
            line = scores[j]
            if line.location.start < opener.end():
                continue  # a figure inside the bracket after the total (满分100分)
            if line.location.start >= stop:
                break
            gap = text[previous_end : line.location.start]
            previous_end = line.location.end
            clause = CLAUSE_CUT.split(gap)[-1].strip()
            if "其中" in gap:
                parts = []
                break
            if not_score.search(clause):
                if weight_cue.search(clause):
                    weights.append(line)
                continue
            if not total_cue.search(clause) and not score_cue.search(clause) and _weight_of_next(text, line, scores, j):
                weights.append(line)
                continue
            if total_cue.search(clause) or not score_cue.search(clause):
                parts = []
                break
            parts.append(line)
        if len(parts) >= _MIN_LISTED_LINES:
            paired = tuple(weights) if len(weights) == len(parts) else ()
            out.append(ScoreTotal(q, tuple(parts), para, listed_after=True, weights=paired))
    return out


def _weight_of_next(text: str, line: Quantity, scores: list[Quantity], j: int) -> bool:
    """预算执行10分，得分9.5分: a figure named by the line's name only, the next one by the score word
    alone, is the line's weight."""
    if j + 1 >= len(scores):
        return False
    gap = text[line.location.end : scores[j + 1].location.start]
    return bool(CLAUSE_CUT.search(gap)) and _weight_cues()[1].match(CLAUSE_CUT.split(gap)[-1].strip()) is not None
