"""Counts of 三公 activity held to the spending they cause: cars bought, the fleet kept, delegations
sent abroad and receptions held, beside 公务用车购置费, 运行维护费, 因公出国（境）费 and 公务接待费."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from checker.lexicon import alternation, load_yaml
from checker.rules.base import Context, Outcome, Result, Rule
from checker.statements.change import deltas
from checker.statements.cues import patterns
from checker.statements.sentences import RESPECTIVELY, Item, Sentence, joins_list, list_run

_NOISE = re.compile(r"[（）()“”\"\s　]")
_YEAR = re.compile(r"\d{4}")
# figures of another kind than an amount spent or a number of things: a change, a rate, a share
_NOT_LEVELS = frozenset({"增减额", "增减率", "占比"})
# paragraphs apart a count and an amount may stand and still be read together (a 三公 section
# states each item's amount, then its counts, in consecutive short paragraphs)
_REACH = 2


@dataclass(frozen=True)
class _Vocabulary:
    counts: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...]  # item, measure words, label words
    spending: tuple[tuple[str, re.Pattern[str]], ...]  # item, label ending
    any_spending: re.Pattern[str]  # the label ending of any item: one search turns most amounts away
    part: re.Pattern[str]
    explained: re.Pattern[str]
    stages: tuple[tuple[str, re.Pattern[str]], ...]
    not_official: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = load_yaml("activity_counts.yaml")
    tails = alternation(data["spending_tails"])
    items = data["items"]
    every_spending = [word for item in items.values() for word in item["spending"]]
    return _Vocabulary(
        counts=tuple(
            (name, frozenset(item["measures"]), re.compile(alternation(item["count_words"])))
            for name, item in items.items()
        ),
        spending=tuple(
            (name, re.compile(rf"(?:{alternation(item['spending'])})(?:{tails})?$")) for name, item in items.items()
        ),
        any_spending=re.compile(rf"(?:{alternation(every_spending)})(?:{tails})?$"),
        part=re.compile(alternation(data["part_words"])),
        explained=re.compile(alternation(data["explained"])),
        stages=tuple((stage, re.compile(alternation(words))) for stage, words in data["stages"].items()),
        not_official=re.compile(alternation(data["not_official"])),
    )


@dataclass(frozen=True)
class _Figure:
    item: Item
    sentence: Sentence
    key: str  # the 三公 item
    counted: bool  # a count of things, else an amount spent
    period: str  # "current", "prior", "start" or a year other than the report's
    stage: str  # "budget" or "outturn"
    part: bool  # a count of one part of the item only
    label: str  # the words that name it (a count's noun after it too: 购置2辆公务用车 → 购置公务用车)

    @property
    def nil(self) -> bool:
        return self.item.quantity.value == 0


def _period(words: str, year: int | None) -> str:
    if patterns().prior_word.search(words):
        return "prior"
    if "年初" in words:
        return "start"
    m = _YEAR.search(words)
    if m and (year is None or int(m.group()) != year):
        return m.group()
    return "current"


# the words right after a count up to the next mark or figure: what it counts when the noun follows its
# measure word (购置2辆公务用车, 接待3批次来访)
_NOUN_AFTER = re.compile(r"[^，,。；;：:、\d（()）]{1,8}")


def _key(item: Item, sentence: Sentence, vocabulary: _Vocabulary) -> tuple[str, bool, str] | None:
    """(the 三公 item, whether a count, the words that name it) a figure states, or None for a figure
    of none of them."""
    q = item.quantity
    if q.kind not in ("count", "money"):
        return None
    label = _NOISE.sub("", q.label or "")
    if not label:
        return None
    if q.kind == "count":
        noun = _NOUN_AFTER.match(sentence.paragraph.text, item.end, sentence.end)
        named = label + _NOISE.sub("", noun.group()) if noun else label
        if vocabulary.not_official.search(named):
            return None  # 接待5批次来访群众: visitors of another kind than official guests
        found = [name for name, measures, words in vocabulary.counts if q.unit in measures and words.search(label)]
        if not found and noun:
            found = [name for name, measures, words in vocabulary.counts if q.unit in measures and words.search(named)]
            shown = f"{q.label}{noun.group()}"
        else:
            shown = q.label or ""
        return (found[0], True, shown) if len(found) == 1 else None  # 购置数及保有量: two items, no one count
    if not vocabulary.any_spending.search(label):
        return None
    found = [name for name, ending in vocabulary.spending if ending.search(label)]
    return (found[0], False, q.label or "") if len(found) == 1 else None


def _names_an_item(sentences: list[Sentence], vocabulary: _Vocabulary) -> bool:
    """Whether a figure of a paragraph names a 三公 item: only such a paragraph (a few of a report)
    needs the period and stage of each of its figures followed."""
    return any(_key(item, sentence, vocabulary) is not None for sentence in sentences for item in sentence.items)


def _figures(ctx: Context) -> Iterator[_Figure]:
    """The counts and amounts of 三公 items in prose, each with the period and the stage (budget or
    outturn) it states or the last figure of its paragraph stated."""
    vocabulary = _vocabulary()
    year = ctx.document.year
    cues = patterns()
    default_stage = "budget" if ctx.document.kind == "budget" else "outturn"
    for sentences in ctx.sentences:
        if not _names_an_item(sentences, vocabulary):
            continue
        period, stage = "current", default_stage
        for sentence in sentences:
            directions = deltas(sentence)
            for k, item in enumerate(sentence.items):
                q = item.quantity
                if q.kind == "date" and not cues.compare.search(item.bare_clause):
                    period = _period(q.text, year)
                    continue
                own = cues.budget_books.sub("", item.bare_clause)
                budget = q.measure is not None and "预算" in q.measure
                if q.period and not (budget and q.period == "年初"):  # 年初预算 is this year's budget
                    period = _period(q.period, year)
                level = not (
                    q.value is None
                    or q.measure in _NOT_LEVELS
                    or directions[k]
                    or cues.compare.search(item.bare_clause)
                )
                if not level:
                    continue  # a change names the periods and stages it compares, not its own
                if not q.period and (cues.prior_word.search(own) or cues.current_word.search(own) or _YEAR.search(own)):
                    period = _period(own, year)
                words = q.measure or own
                stage = next((name for name, found in vocabulary.stages if found.search(words)), stage)
                if not _paired(sentence, k):
                    continue
                key = _key(item, sentence, vocabulary)
                if key is not None and not (key[1] and vocabulary.explained.search(own)):
                    part = key[1] and vocabulary.part.search(q.label or "") is not None
                    yield _Figure(item, sentence, key[0], key[1], period, stage, part, key[2])


def _paired(sentence: Sentence, k: int) -> bool:
    """A figure of a 分别 list (A、B分别为X、Y; A及B分别为X、Y) goes by the name paired with it only when
    the pairing held: every figure of the list has a name of its own, each one of the names before 分别.
    A figure in no such list goes by its own words."""
    items = sentence.items
    start = k
    while start > 0 and not RESPECTIVELY.search(items[start].bare_gap) and joins_list(items[start]):
        start -= 1
    if not RESPECTIVELY.search(items[start].bare_gap):
        return True
    run = list_run(items, start, items[start].kind)
    if k not in run:
        return True
    names = _NOISE.sub("", RESPECTIVELY.split(items[start].bare_gap)[0])
    labels = [_NOISE.sub("", items[i].quantity.label or "") for i in run]
    return len(set(labels)) == len(labels) and all(label and label in names for label in labels)


class CountWithoutSpending(Rule):
    """A count of 三公 activity beside nil spending on it, or spending beside a nil count.

    What it checks:
        A 三公 report states counts beside the spending they cause: cars bought (购置公务用车N辆) beside
        公务用车购置费, the fleet kept (保有量N辆) beside its running cost, delegations and travellers
        (因公出国（境）团组N个、M人次) beside 因公出国（境）费, receptions (公务接待N批次) beside 公务接待费
        (`lexicons/activity_counts.yaml`). A positive count whose item's amount is stated as zero, or a
        positive amount whose item's count is stated as zero, is flagged — only for the same item,
        the same year and the same stage (a budget is not held to an outturn, nor last year's count
        to this year's amount), within two paragraphs of each other, and only when every such figure
        agrees (a nil count of a part, 国内公务接待0批次, does not deny spending on the whole). A count
        whose own words say it cost nothing or was paid from other funds (无偿调拨, 非财政拨款) is left alone.
        A count may name its thing after its measure word (购置2辆公务用车, 接待3批次来访; visitors who are no
        official guests, 来访群众, are no count of it), and figures listed under 分别 (公务用车购置费、运行维护费
        分别为X、Y; 公务用车购置及运行费分别为X、Y) go by the names paired with them, only when every figure of
        the list has a name of its own.

    Why it matters:
        Seven cars bought for nothing, or a reception budget spent on no reception, is usually a count
        or an amount copied from another line. It can be true (a car transferred free of charge, a
        delegation paid by its host), so the finding is a warning to be explained, not an error.

    Example (flagged):
        ```text
        2024年度公务用车购置费0万元，公务用车运行维护费8.60万元。本年度购置公务用车3辆，年末公务用车保有量6辆。
        ```

    Compliant:
        ```text
        2024年度公务用车购置费0万元，公务用车运行维护费8.60万元。本年度未购置公务用车，年末公务用车保有量6辆。
        ```
    """

    code = "CNT003"
    name = "count-without-spending"
    category = "count"
    severity = "warning"
    confidence = "aligned"  # the count and the amount are matched by the names of their items
    message = "{first}为{first_value}，而同年同口径的{second}为{second_value}"

    def check(self, ctx: Context) -> Iterable[Result]:
        figures = list(_figures(ctx))
        counts = [f for f in figures if f.counted]
        if not counts:
            return
        amounts = [f for f in figures if not f.counted]
        said: set[int] = set()  # an amount is held to its item's counts once (团组N个、M人次 are one claim)
        for count in counts:
            beside = [
                a
                for a in amounts
                if a.key == count.key
                and (a.period, a.stage) == (count.period, count.stage)
                and abs(a.sentence.index - count.sentence.index) <= _REACH
            ]
            if not beside or id(beside[0]) in said:
                continue
            if not count.nil and all(a.nil for a in beside):
                said.add(id(beside[0]))
                yield self._finding(ctx, count, beside[0], count)
            elif count.nil and not count.part and not any(a.nil for a in beside):
                peers = [
                    c
                    for c in counts
                    if c.key == count.key and c.item.quantity.unit == count.item.quantity.unit and c is not count
                ]
                if all(c.nil for c in peers if (c.period, c.stage) == (count.period, count.stage)):
                    said.add(id(beside[0]))
                    yield self._finding(ctx, beside[0], count, count)
            else:
                yield Outcome.passed()

    def _finding(self, ctx: Context, first: _Figure, second: _Figure, at: _Figure) -> Result:
        other = second if at is first else first
        return self.finding(
            ctx,
            at.sentence.paragraph.locate(at.item.start, at.item.end),
            first=first.label,
            first_value=first.item.quantity.text,
            second=second.label,
            second_value=second.item.quantity.text,
            stated=at.item.quantity.text,
            related=[other.sentence.paragraph.locate(other.item.start, other.item.end)],
        )


RULES = (CountWithoutSpending,)
