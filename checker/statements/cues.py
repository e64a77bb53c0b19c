"""Patterns of change and budget-rate statements, built from ``lexicons/cues_change.yaml``.

The words are data; this module only arranges them into the few shapes a statement takes
(比上年 + 增加 + 了 → a change; 增幅 → a rate; 由 … 增加到 …). Every pattern is anchored or
bounded, so each runs in linear time on any input.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from checker.lexicon import alternation, first_characters, load_yaml


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("cues_change.yaml")
    return data


@lru_cache(maxsize=1)
def patterns() -> "Patterns":
    return Patterns(cues())


class Patterns:
    """Compiled once per process; attributes are the shapes the readers match."""

    def __init__(self, data: dict[str, Any]):
        d = data["direction"]
        self.up = frozenset(d["up"] + d["up_traditional"] + d["up_spent_earned"])
        self.down = frozenset(d["down"] + d["down_traditional"] + d["down_spent_earned"])
        self.spent_earned = frozenset(d["up_spent_earned"] + d["down_spent_earned"])
        nouns = data["rate_nouns"]
        self.up_nouns, self.down_nouns = frozenset(nouns["up"]), frozenset(nouns["down"])
        # every change a sentence states has a direction word or a rate noun in a gap of its figures
        self.change_cue = re.compile(alternation(self.up | self.down | self.up_nouns | self.down_nouns))
        direction = alternation(self.up | self.down)
        self.direction_alt = direction
        self.direction_only = re.compile(
            rf"\s{{0,2}}(?:{alternation(data['direction_qualifiers'])})?\s{{0,2}}({direction})了?\s{{0,2}}(?:[，,。；;！!]|$)"
        )
        noun = alternation(nouns["up"] + nouns["down"])
        c = data["compare"]
        base = alternation(c["bases"])
        # a comparison opens with a prefix, a standalone word, a base or a year's digit
        self.compare = re.compile(
            rf"(?=[\d{first_characters(c['prefixes'] + c['standalone'] + c['bases'])}])"
            rf"(?:(?:{alternation(c['prefixes'])})\s{{0,2}}(?:{base}|\d{{4}}\s{{0,2}}年度?)"
            rf"|{alternation(c['standalone'])}"
            rf"|(?:{base}|\d{{4}}\s{{0,2}}年度?)\s{{0,2}}(?:{alternation(c['suffixes'])}))"
        )
        # …，2023年W万元；对比减少Y万元: a change after two year-tagged amounts, its base unnamed
        self.pair_delta = re.compile(
            rf"^[，,；;]?(?:{self.compare.pattern}|{alternation(c['between_years'])})*"
            rf"({direction})(?:{alternation(data['delta_suffix'])})?$"
        )
        # X，较年初预算减少Y1，下降Z1%，较上年减少Y2… (or …；较上年减少Y2): a second comparison of the
        # same amount opens with its base, right after the first one's figures
        self.next_comparison = re.compile(rf"^[，,；;]\s{{0,2}}(?:{self.compare.pattern})")
        ba = data["budget_amounts"]
        self.budget_stages = tuple((stage, re.compile(alternation(words))) for stage, words in ba["stages"].items())
        stage_words = alternation([w for words in ba["stages"].values() for w in words])
        budget_nouns = alternation(ba["nouns"])
        # 年初预算为W: an amount the clause names as the budget (its words end the clause)
        self.budget_amount = re.compile(
            rf"(?:{stage_words})?\s{{0,2}}(?:{budget_nouns})(?:{alternation(ba['tails'])})?\s{{0,2}}[:：]?\s{{0,2}}$"
        )
        self.budget_noun = re.compile(budget_nouns)
        self.budget_parts = re.compile(alternation(ba["parts_after"]))
        self.budget_books = re.compile(alternation(data["book_accounts"]["books"]))
        adjustments = ba["adjustments"]
        self.adjustment_up = re.compile(alternation(adjustments["up"]))
        # 调减B, 调整减少B: the adjusted budget is A − B, for a ratio or a change measured from it
        self.adjust_down = re.compile(alternation(adjustments["down"]))
        self.outturn_name = re.compile(rf"^\s{{0,2}}(?:{alternation(ba['outturn_names'])})?\s{{0,2}}$")
        # the words of a budget's or an outturn's clause that name a period or stage, not what is budgeted
        self.period_words = re.compile(
            alternation([w for words in ba["stages"].values() for w in words] + data["current"])
        )
        # 比上年增加（了）Y: the words just before a stated change. 较上年（减少）Y: the word a writer kept of a
        # template's 增加（减少） is the direction; with both words left (增加（减少）Y) none is stated
        ends = "".join(sorted({word[-1] for word in self.up | self.down}))
        tail = rf"(?:{alternation(data['delta_suffix'])})?\s{{0,2}}$"
        self.delta_end = re.compile(
            rf"(?=[（({first_characters(self.up | self.down)}])"  # a bracket or the direction word opens it
            rf"(?:(?<![{ends}])[（(](?=(?:{direction})[)）]{tail})|(?<![（(])(?=(?:{direction}){tail}))"
            rf"({direction})[)）]?{tail}"
        )
        # 收入X万元，增加Y万元，增长Z%: a change that opens the clause after its amount, no base named
        self.bare_delta = re.compile(rf"^[，,]\s{{0,2}}({direction})(?:{alternation(data['delta_suffix'])})?\s{{0,2}}$")
        # …，同比增长 Z% / …，增幅 Z%: the words between a figure and the growth rate after it
        compare_words = rf"(?:{alternation(c['standalone'])}|(?:{alternation(c['prefixes'])})(?:{base}))"
        # 与年初预算相比，下降Z%: the comparison may close with its suffix and a comma before the rate
        compared_then = rf"(?:{compare_words})(?:\s{{0,2}}(?:{alternation(c['suffixes'])}))?\s{{0,2}}[，,]?"
        # 与上年W万元相比增长Z%: the comparison's suffix alone, its base the amount before it
        suffix_then = rf"(?:{alternation(c['suffixes'])})\s{{0,2}}[，,]?"
        self.rate_gap = re.compile(
            rf"^\s{{0,2}}[，,、（(]?\s{{0,2}}(?:分别|各)?\s{{0,2}}(?:{compared_then}|{suffix_then})?\s{{0,2}}(?:分别|各)?\s{{0,2}}"
            rf"(?:({noun})(?:为|是|达)?|({direction})(?:{alternation(data['rate_suffix'])})?)\s{{0,2}}$"
        )
        # the clause of a rate stated before its delta: 较上年增长 Z%，增加 Y万元
        self.rate_clause = re.compile(
            rf"(?:{compare_words})\s{{0,2}}(?:({noun})(?:为|是|达)?"
            rf"|({direction})(?:{alternation(data['rate_suffix'])})?)\s{{0,2}}$"
        )
        prior = alternation(data["prior"])
        # 上年决算W, 上年预算数W: last year's amount of either stage
        self.prior_end = re.compile(rf"(?:{prior})(?:同期|度)?(?:决算|预算)?数?(?:为|是)?\s{{0,2}}$")
        # 上年为W, （上年同期W: an amount whose clause names it last year's and nothing else
        self.prior_only = re.compile(
            rf"^[（(]?\s{{0,2}}(?:{prior})(?:同期|度)?(?:决算|预算)?数?(?:为|是|：|:)?\s{{0,2}}$"
        )
        self.current_word = re.compile(rf"(?:{alternation(data['current'])})")
        self.prior_word = re.compile(rf"(?:{prior})")
        to_verbs = data["to_verbs"]
        self.to_up, self.to_down = frozenset(to_verbs["up"]), frozenset(to_verbs["down"])
        self.to_end = re.compile(
            rf"(?:({alternation(to_verbs['up'] + to_verbs['down'])})"
            rf"|({direction})(?:了)?(?:{alternation(data['to_words'])}))\s{{0,2}}$"
        )
        # …减少Y万元，为X万元 / 增加Y，达到X / 减少Y至X / 减少Y，降至X: this year's amount after its change
        self.current_after = re.compile(
            rf"^[，,]?\s{{0,2}}(?:{alternation(data['current_after'] + to_verbs['up'] + to_verbs['down'] + data['to_words'])})"
            rf"\s{{0,2}}$"
        )
        # 由上年的A / 从2022年的A: the old level, named by the year before or by its own year
        self.from_before = re.compile(
            rf"(?:{alternation(data['from_words'])})\s{{0,2}}(?:{prior}|\d{{4}}\s{{0,2}}年度?)?\s{{0,2}}的?\s{{0,2}}$"
        )
        # 较上年决算数 A: a compared base with no direction word
        self.compared_base = re.compile(
            rf"^(?:{compare_words}|(?:{alternation(c['prefixes'])})\s{{0,2}}\d{{4}}\s{{0,2}}年度?)"
            rf"(?:[\u4e00-\u9fff]{{0,8}}?(?:{alternation(c['base_tails'])}))?\s{{0,2}}$"
        )
        # each year named in a text, with the comparison word right before it if any (较2014年度)
        self.year_compared = re.compile(
            rf"(?=[\d{first_characters(c['prefixes'])}])((?:{alternation(c['prefixes'])})\s{{0,2}})?\d{{4}}\s{{0,2}}年"
        )
        # 基本持平 / 大体持平 call a small change flat on purpose: only an unhedged 持平 is a claim
        hedges = data["flat_hedges"]
        self.flat = re.compile(
            rf"(?=[{first_characters(data['flat'])}])(?<!{')(?<!'.join(hedges)})(?:{alternation(data['flat'])})"
        )
        self.hedged_flat = re.compile(rf"(?:{alternation(hedges)})(?:{alternation(data['flat'])})")
        self.flat_hedged_limit = Decimal(str(data["flat_hedged_limit"]))
        self.flat_against_budget = re.compile(
            rf"(?:{alternation(data['flat_budget_bases'])})(?:{alternation(data['flat_comparison_tails'])})?\s{{0,2}}$"
        )
        r = data["rates"]
        self.rate_kinds = tuple((kind, re.compile(alternation(words))) for kind, words in r.items())
        bases = data["carry_rate_bases"]
        self.carry_base_budget = re.compile(alternation(bases["budget"]))
        self.carry_base_receipts = re.compile(alternation(bases["receipts"]))
        self.rate_band = re.compile(rf"\s{{0,2}}(?:(?:{alternation(data['rate_band_after'])})|[-—–~～至到]\s{{0,2}}\d)")
        ops = data["operands"]
        # 调整后 and 调整预算 are a full-year budget and 调整率 a rate, not an adjustment
        self.adjust = re.compile(rf"(?:{alternation(ops['adjust'])})|调整(?!后|率|预算)")
        self.initial = re.compile(alternation(ops["initial"]))
        self.full = re.compile(alternation(ops["full"]))
        self.budget = re.compile(alternation(ops["budget"]))
        self.actual = re.compile(alternation(ops["actual"]))
        self.carry = re.compile(alternation(ops["carry"]))
        self.remainder = re.compile(alternation(ops["remainder"]))
        self.allotted = re.compile(alternation(ops["allotted"]))
        self.counted_plan = re.compile(alternation(ops["counted_plan"]))
        self.counted_done = re.compile(alternation(ops["counted_done"]))
        self.counted_not = re.compile(alternation(ops["counted_not"]))
        self.counted_undone = re.compile(alternation(ops["counted_undone"]))
        self.counted_rate = re.compile(alternation(ops["counted_rate"]))
        # a date (截止2022年12月8日) names the day the payment is counted to, not a year's share
        self.allotted_share = re.compile(
            rf"(?:{alternation(ops['allotted_share'])})|(?:19|20)\d\d\s{{0,2}}年(?!\s{{0,2}}\d{{1,2}}\s{{0,2}}月\s{{0,2}}\d{{1,2}}\s{{0,2}}日)"
        )
        self.generic_subject = re.compile(alternation(ops["generic_subject"]))
        b = data["book_accounts"]
        self.transfer_before = alternation(b["transfer_before"])
        self.transfer_after = alternation(b["transfer_after"])
        self.book_account = re.compile(
            rf"(?:{alternation(b['books'])})(?=(?:{alternation(b['accounts'])}))|(?:{alternation(b['funds'])})"
            rf"|(?:{self.transfer_before})(?:{alternation(b['books'])})"
        )
        self.not_operand = re.compile(alternation(data["not_operand"]))
        o = data["offset_balance"]
        self.offset_cue = re.compile(alternation(o["cues"]))
        self.offset_balance = re.compile(alternation(o["balances"]))
        self.offset_total = re.compile(alternation(o["totals"]))
        self.offset_receipts = re.compile(alternation(o["receipts"]))
        self.offset_spending = re.compile(alternation(o["spending"]))
        self.brought_in = re.compile(alternation(o["brought_in"]))

    def direction(self, word: str) -> int:
        if word in self.up or word in self.up_nouns or word in self.to_up:
            return 1
        return -1


class PairedTotalWords(NamedTuple):
    both: re.Pattern[str]  # 收、支总计各 / 收入、支出总计均为: the two totals named together
    together: re.Pattern[str]  # 收入、支出预算各: the two sides said to move together
    one_side: re.Pattern[str]  # 收入总计, 支出决算总计, 收入预算: one side's amount


@lru_cache(maxsize=1)
def paired_totals() -> PairedTotalWords:
    """Receipts and spending totals named together (收、支总计各 / 收入、支出总计均为); both sides said to
    move together (收入、支出预算各减少: a total word or 各/均 after them); and one side's amount
    (收入总计, 支出决算总计, 收入预算): the words are the composition lexicon's."""
    c = load_yaml("cues_composition.yaml")
    receipts, spending = alternation(c["receipt_words"]), alternation(c["spending_words"])
    totals = alternation(c["balance_totals"])
    total = rf"(?:决算|预算)?(?:{totals})"
    # 收、支总计 / 收入和支出总计 / 收入总计和支出总计: the total word may be said once or for each side
    pair = rf"(?:{receipts})(?:{total}(?=[、和与及]))?[、和与及]?(?:{spending})"
    both = re.compile(rf"{pair}{total}(?:分别|各|均)?(?:是|为)?$")
    together = re.compile(rf"{pair}(?:(?:决算|预算)?(?:{totals})(?:各|均|都)?|(?:决算|预算)?(?:各|均|都))$")
    return PairedTotalWords(
        both, together, re.compile(rf"(?:{receipts}|{spending})(?:(?:决算|预算)(?:{totals})?|(?:{totals}))")
    )


def direction_of(match: re.Match[str]) -> int:
    """The direction a rate_gap/rate_clause/to_end match carries (noun or verb group)."""
    word = next(g for g in match.groups() if g)
    return patterns().direction(word)
