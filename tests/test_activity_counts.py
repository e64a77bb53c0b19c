"""Every word of ``lexicons/activity_counts.yaml`` is read: each is put into a sentence of its kind
and CNT003 must hold the count to the amount (or leave it alone, for the words that excuse it)."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.lexicon import load_yaml

WORDS = load_yaml("activity_counts.yaml")
ITEMS = WORDS["items"]


def _flagged(text: str) -> list[str]:
    return [f.message for f in check_text(text, Config(select=("CNT003",))).findings]


@pytest.mark.parametrize("item, word", [(name, word) for name, item in ITEMS.items() for word in item["count_words"]])
def test_each_count_word_names_its_item(item, word):
    spending = ITEMS[item]["spending"][0]
    assert _flagged(f"2024年{spending}0万元，本年{word}3{ITEMS[item]['measures'][0]}。")


@pytest.mark.parametrize("item, measure", [(name, m) for name, item in ITEMS.items() for m in item["measures"]])
def test_each_measure_word_counts_its_item(item, measure):
    spending, word = ITEMS[item]["spending"][0], ITEMS[item]["count_words"][0]
    assert _flagged(f"2024年{spending}0万元，本年{word}3{measure}。")


@pytest.mark.parametrize("item, spending", [(name, s) for name, item in ITEMS.items() for s in item["spending"]])
def test_each_spending_word_names_its_item(item, spending):
    word, measure = ITEMS[item]["count_words"][0], ITEMS[item]["measures"][0]
    assert _flagged(f"2024年{spending}12.00万元，本年{word}0{measure}。")


@pytest.mark.parametrize("tail", WORDS["spending_tails"])
def test_a_spending_word_may_carry_a_tail(tail):
    assert _flagged(f"2024年公务接待费{tail}0万元，本年公务接待12批次。")


@pytest.mark.parametrize("word", WORDS["explained"])
def test_a_count_said_to_cost_nothing_is_left_alone(word):
    assert not _flagged(f"2024年公务用车购置费0万元，{word}购置公务用车1辆。")


@pytest.mark.parametrize("word", WORDS["part_words"])
def test_a_nil_count_of_a_part_does_not_deny_the_whole(word):
    assert not _flagged(f"2024年公务接待费3.60万元，{word}公务接待0批次。")


@pytest.mark.parametrize("stage, words", WORDS["stages"].items())
def test_a_stage_named_by_the_count_parts_it_from_the_other_stage(stage, words):
    other = "决算" if stage == "budget" else "预算"
    for word in words:
        assert not _flagged(f"2024年公务用车购置费{other}数0万元，{word}购置公务用车2辆。")


@pytest.mark.parametrize("book", load_yaml("cues_change.yaml")["book_accounts"]["books"])
def test_a_budget_book_names_no_stage(book):
    assert _flagged(f"2024年公务用车购置费决算0万元，使用{book}财政拨款购置公务用车2辆。")
