"""Shares: A为Y万元，占Z% (of the list's total) or 占<named whole>的Z%."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from functools import lru_cache

from checker.arith import agreement, percent
from checker.indicators.scoring import grade_bands, grade_names
from checker.lexicon import alternation
from checker.model import fast_init
from checker.statements.composition import Composition, cues
from checker.statements.cues import patterns
from checker.statements.rates import base_kind, rate_kind
from checker.statements.sentences import Item, Sentence, clean_label, list_run

_P = patterns()


@lru_cache(maxsize=1)
def _share() -> re.Pattern[str]:
    """占P% / 占比为P% / 所占比重为P%: a share of the list's whole."""
    return re.compile(f"^(?:{alternation(cues()['share_words'])})$")


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    """占<whole>的比重为P%: a share of a whole the sentence names."""
    return re.compile(f"^占(.{{2,24}}?)(?:{alternation(cues()['share_tails'])})?$")


# "A、B分别为X、Y万元，分别占P%、Q%": the k-th share is of the k-th amount; so it is when several
# shares follow one 占 ("…分别为X、Y和Z，占总规模比例为P、Q和R")
_RESPECTIVE = re.compile(r"^(?:分别|各)(?=占)")


@fast_init  # made by the hundred per check
@dataclass(frozen=True, slots=True)
class Share:
    part: Item
    share: Item
    sentence: Sentence
    whole: Item | None  # the amount the share is of, when it can be found
    whole_sentence: Sentence | None
    named: str | None = None  # the whole's name when the sentence gives one
    listed: bool = False  # one of a list's shares paired in order with the list's amounts (分别占P、Q)
    # a count's share (a个，占P%) whose whole is the nearest earlier count of the paragraph in the
    # same measure word that holds all the shared counts: a reading SHR001 holds only when the
    # other shares of the run, or the counts adding up to it, confirm it
    inferred: bool = False


def find_shares(
    paragraph_sentences: list[list[Sentence]], compositions: list[Composition], budget_report: bool = False
) -> list[Share]:
    totals: dict[int, tuple[Item, Sentence]] = {}
    for comp in compositions:
        if comp.role == "amount":
            for part, _ in comp.parts:
                totals[id(part)] = (comp.total, comp.total_sentence)
    labelled: dict[str, list[tuple[Item, Sentence]]] | None = None  # made when a share first names its whole
    out: list[Share] = []
    for sents in paragraph_sentences:
        for sentence in sents:
            items = sentence.items
            if not any(i.kind == "percent" for i in items):
                continue  # every share is a percentage: most sentences state none
            carried: tuple[str, Item, Sentence | None, int] | None = None  # the whole a share of the list named
            for k in range(1, len(items)):
                share, part = items[k], items[k - 1]
                if share.kind != "percent":
                    continue
                inline = _inline_whole(items, k)
                if inline is not None:
                    named = clean_label(inline[1].bare_gap.lstrip("，,")[1:])
                    out.append(Share(inline[0], share, sentence, inline[1], sentence, named=named))
                    continue
                # A X万元，占预算的Q%，占收入合计的P% and A X万元，同比下降Q%，占收入比重P%: the share is of the
                # amount before the budget rate or the amount's own growth rate
                j = k - 1
                if (
                    j >= 1
                    and part.kind == "percent"
                    and (rate_kind(part) is not None or _P.rate_gap.match(part.bare_gap) is not None)
                ):
                    j -= 1
                # A X万元，较上年增加Y万元（，增长Z%），占P%: the share is of the amount, not of its change
                if j >= 1 and items[j].kind == "money" and items[j - 1].kind == "money" and _is_change(items[j]):
                    j -= 1
                hop = j < k - 1
                part = items[j]
                if (
                    part.kind != "money"
                    or not (_share().match(share.clause) or "占" in share.clause)
                    # 占预算的P% / 占年初预算的P%: how much of its own budget was spent, not a share
                    or rate_kind(share) is not None
                ):
                    continue
                clause = share.clause
                pairs = [(part, share)]
                in_list = False
                if not hop and (_RESPECTIVE.match(clause) or len(list_run(items, k, "percent")) > 1):
                    pairs = _respective(items, k)
                    clause = _RESPECTIVE.sub("", clause)
                    in_list = len(pairs) > 1
                if _share().match(clause):
                    for part, share in pairs:
                        whole, whole_sentence = totals.get(id(part), (None, None))
                        if whole is None and carried is not None and _carries(carried, sentence, part):
                            name, whole, whole_sentence, _ = carried
                            out.append(Share(part, share, sentence, whole, whole_sentence, named=name))
                            continue
                        out.append(Share(part, share, sentence, whole, whole_sentence, listed=in_list))
                    continue
                m = _named().match(clause)
                if not m:
                    continue
                name = clean_label(m.group(1))
                if name.startswith(tuple(cues()["relative_whole_prefixes"])) or name in cues()["scope_words"]:
                    # no one whole: nothing to hold the shares to (占全州P% names an area, not what of it)
                    continue
                listed = [totals[id(p)] for p, _ in pairs if id(p) in totals]
                if listed and len(listed) == len(pairs) and all(_names(name, w.label) for w, _ in listed):
                    # 占基本支出预算P% of the 其中 list under 基本支出预算: the list's own whole
                    out.extend(Share(p, s, sentence, *totals[id(p)], listed=in_list) for p, s in pairs)
                    continue
                if labelled is None:
                    labelled = _label_index(paragraph_sentences)
                found = labelled.get(name, [])
                if not found and budget_report:
                    found = labelled.get(_without_stage(name), [])
                values = {i.quantity.value for i, _ in found}
                named_whole, named_sentence = found[0] if len(values) == 1 else (None, None)
                if named_whole is not None and len(pairs) == 1:
                    carried = (name, named_whole, named_sentence, share.end)
                out.extend(
                    Share(part, share, sentence, named_whole, named_sentence, named=name, listed=in_list)
                    for part, share in pairs
                )
    return out


def _is_change(item: Item) -> bool:
    """比上年增加Y万元 / ，减少Y万元: the amount is a change, not a level."""
    return _P.delta_end.search(item.bare_gap) is not None or _P.bare_delta.match(item.bare_gap) is not None


def _carries(carried: tuple[str, Item, Sentence | None, int], sentence: Sentence, part: Item) -> bool:
    """A占项目支出的45%；B…，占36%: a bare share after one that named its whole, in the same list, is of that whole
    too — unless a 其中 between opens the parts of a part (A占P%，其中B占Q%), or the part is larger than that whole."""
    if part.kind != "money" or part.start < carried[3]:
        return False
    whole = carried[1]
    if part.quantity.value is None or whole.quantity.value is None or part.quantity.value > whole.quantity.value:
        return False
    return "其中" not in sentence.paragraph.text[carried[3] : part.start]


def find_count_shares(paragraph_sentences: list[list[Sentence]]) -> list[Share]:
    """Shares of a count (优良的项目有4个，占57%; 1个项目评为优，占评定项目的2.44%). A count has no
    其中 list to name its whole: the whole is the nearest earlier count of the paragraph in the same
    measure word that is at least the shared counts together (选取7个项目…4个…3个)."""
    out: list[Share] = []
    for sents in paragraph_sentences:
        if not any(i.kind == "percent" for sentence in sents for i in sentence.items):
            continue  # a share is a percentage: most paragraphs state none
        flat = [(item, sentence) for sentence in sents for item in sentence.items]
        # each item's place in its sentence, for the run of shares it opens
        places = [n for sentence in sents for n in range(len(sentence.items))]
        pairs: list[tuple[int, Item, Sentence, str | None]] = []
        for k in range(1, len(flat)):
            (share, sentence), (part, part_sentence) = flat[k], flat[k - 1]
            if (
                share.kind != "percent"
                or part.kind != "count"
                or part_sentence is not sentence
                or "占" not in share.clause
                or rate_kind(share) is not None
            ):
                continue
            if _RESPECTIVE.match(share.clause) or len(list_run(sentence.items, places[k], "percent")) > 1:
                continue  # 分别为30个、20个，分别占60%、40%: which count a share is of is not read here
            named = None if _share().match(share.clause) else _named().match(share.clause)
            if named is None and not _share().match(share.clause):
                continue
            pairs.append((k - 1, share, sentence, clean_label(named.group(1)) if named else None))
        by_unit: dict[str | None, list[tuple[int, Item, Sentence, str | None]]] = defaultdict(list)
        for pair in pairs:
            by_unit[flat[pair[0]][0].quantity.unit].append(pair)
        for unit, run in by_unit.items():
            parts = {at for at, *_ in run}
            together = sum((flat[at][0].quantity.value or 0) for at in parts)
            wholes = [
                (item, sentence)
                for item, sentence in flat[: min(parts)]
                if item.kind == "count" and item.quantity.unit == unit and (item.quantity.value or 0) >= together
            ]
            if not wholes or not together:
                continue
            whole, whole_sentence = wholes[-1]
            out.extend(
                Share(flat[at][0], share, sentence, whole, whole_sentence, named=name, inferred=True)
                for at, share, sentence, name in run
            )
    return out


@lru_cache(maxsize=1)
def _count_rate() -> re.Pattern[str]:
    """回收率 / 满意度为: the rate noun and the words naming it (group 1, two to six characters)."""
    c = cues()
    return re.compile(
        rf"^[，,；;]?\s{{0,2}}([^，,；;。\d]{{2,6}}?)(?:{alternation(c['count_rate_nouns'])})"
        rf"(?:{alternation(c['count_rate_links'])})?\s{{0,2}}$"
    )


@lru_cache(maxsize=1)
def _graded_count() -> re.Pattern[str]:
    """优秀12个 / 良好的6个: a count named by a grade."""
    words = [name for name, _ in grade_bands()] + list(grade_names())
    return re.compile(rf"(?:{alternation(words)})(?:的|为)?\s{{0,2}}$")


def find_count_rates(paragraph_sentences: list[list[Sentence]]) -> list[Share]:
    """A rate named by the verb of the count just before it (回收570份，回收率95%): the share of that count in the
    nearest earlier count of the sentence in the same measure word that is at least as large (发放问卷600份). A
    rate of a change (增长20人，增长率7%), or one the budget readers read (完成率), is not such a share; nor is one
    after counts by grade (优秀12个、良好6个、合格2个，合格率95%), which the grade-rate reader reads, or one whose
    words name more than the count's (验收合格率 after 合格2个)."""
    out: list[Share] = []
    for sents in paragraph_sentences:
        for sentence in sents:
            items = sentence.items
            for k in range(1, len(items)):
                rate, part = items[k], items[k - 1]
                if rate.kind != "percent" or part.kind != "count" or rate.depth != part.depth:
                    continue
                m = _count_rate().match(rate.clause)
                if m is None or m.group(1) not in part.clause or rate_kind(rate) is not None:
                    continue
                if _P.change_cue.search(rate.clause) or _P.change_cue.search(part.clause):
                    continue
                if any(i.kind == "count" and _graded_count().search(i.clause) for i in items[: k - 1]):
                    continue
                wholes = [
                    i
                    for i in items[: k - 1]
                    if i.kind == "count"
                    and i.quantity.unit == part.quantity.unit
                    and i.depth == part.depth
                    and (i.quantity.value or 0) >= (part.quantity.value or 0)
                ]
                wholes = [w for w in wholes if not _P.change_cue.search(w.clause)]
                if wholes:
                    # 受理1200件，办结1150件，其中按期办结1100件，按期办结率X%: X may be of either count before; the
                    # nearest that gives it is the whole, else the nearest
                    whole = next((w for w in reversed(wholes) if _gives(part, w, rate)), wholes[-1])
                    out.append(Share(part, rate, sentence, whole, sentence, named=rate.clause.strip("，,；; ")))
    return out


def _gives(part: Item, whole: Item, rate: Item) -> bool:
    q = rate.quantity
    return agreement(q.interval, percent(part.quantity.interval, whole.quantity.interval), q.decimals).consistent


@lru_cache(maxsize=1)
def _inline_tail() -> re.Pattern[str]:
    """The words between a whole stated inside a share and the share: 的, 的比重为, 的比例 …"""
    return re.compile(f"^(?:{alternation(cues()['share_tails'])})$")


def _inline_whole(items: tuple[Item, ...], k: int) -> tuple[Item, Item] | None:
    """A X万元，占本年支出合计W万元的P%: the whole stated inside the share's own words (only 的 between it
    and the share); the part is the amount before, past its own growth rate. A budget so stated
    (占年度预算W万元的P%) makes an execution rate, read by the rate readers."""
    if k < 2 or items[k].kind != "percent" or not _inline_tail().match(items[k].bare_gap):
        return None
    whole, part = items[k - 1], items[k - 2]
    if whole.kind not in ("money", "count") or not whole.bare_gap.lstrip("，,").startswith("占"):
        return None
    if base_kind(whole) is not None:
        return None
    if part.kind == "percent" and k >= 3 and _P.rate_gap.match(part.bare_gap) is not None:
        part = items[k - 3]
    if part.kind != whole.kind or part.quantity.unit != whole.quantity.unit and whole.kind == "count":
        return None  # 45人 of 120人: a count's whole counts the same things
    if part.depth != whole.depth or whole.depth != items[k].depth:
        return None
    return part, whole


def _without_stage(name: str) -> str:
    """项目支出预算 → 项目支出, in a budget report (a name too short without it is kept)."""
    for suffix in cues()["budget_stage_suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 3:
            return name[: -len(suffix)]
    return name


def _names(name: str, label: str) -> bool:
    """The name a share gives its whole is the whole's label (a year or 本年 aside)."""
    return len(name) >= 2 and (
        name in label or label.endswith(name) or len(label) >= 2 and label in name or _core(name) == _core(label)
    )


@lru_cache(maxsize=1)
def _current_and_total() -> re.Pattern[str]:
    words = cues()
    # 全部社会保险基金收入 names the amount stated as 全县社会保险基金收入: both say "the whole area's"
    areas = [w for w in words["scope_words"] if w.startswith("全")]
    return re.compile(
        rf"^(?:{alternation(words['share_whole_current'] + areas)})|(?:{alternation(words['share_whole_totals'])})$"
    )


def _core(name: str) -> str:
    """A whole's name without this year's or the whole area's word before it and a total word after it
    (本年收入合计 → 收入, 全县社会保险基金收入 → 社会保险基金收入)."""
    return _current_and_total().sub("", name)


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


@lru_cache(maxsize=1)
def _outturn_verb() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The verb a name may carry after it or before it (一般公共预算支出完成X, 累计完成一般公共预算收入X), and
    before it the whole area the report is about (全区…: the report's own total; 区本级… is another amount)."""
    verbs = alternation(cues()["outturn_verbs"])
    areas = alternation([w for w in cues()["scope_words"] if w.startswith("全")])
    return re.compile(rf"(?:{verbs})+了?$"), re.compile(rf"^(?:.*(?:{verbs})|(?:{areas}))")


def _label_index(paragraph_sentences: list[list[Sentence]]) -> dict[str, list[tuple[Item, Sentence]]]:
    """Amounts by their label, and by the label without its outturn verb (占一般公共预算支出的P% names the
    amount stated as 一般公共预算支出完成X); a name used with two values names no one whole."""
    index: dict[str, list[tuple[Item, Sentence]]] = defaultdict(list)
    after, before = _outturn_verb()
    bare_of: dict[str, str] = {}  # labels repeat: each is stripped of its verb once
    for sents in paragraph_sentences:
        for sentence in sents:
            for item in sentence.items:
                if item.kind == "money" and item.depth == 0 and len(item.label) >= 3:
                    index[item.label].append((item, sentence))
                    bare = bare_of.get(item.label)
                    if bare is None:
                        bare = bare_of[item.label] = before.sub("", after.sub("", item.label))
                    if bare != item.label and len(bare) >= 3:
                        index[bare].append((item, sentence))
    return index
