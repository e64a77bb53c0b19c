"""Every cue of ``lexicons/cues_change.yaml`` is read: each word is put into a template sentence
of its kind and the statement reader must recognise the statement it cues."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import document_from_text
from checker.lexicon import load_yaml
from checker.rules.base import Context
from checker.statements import Change, Difference, Rate
from checker.statements.rates import operand_role, rate_kind

CUES = load_yaml("cues_change.yaml")


def statements(text: str, kind: type) -> list:
    ctx = Context(document_from_text(text, "<text>"), Config())
    return [s for s in ctx.statements if isinstance(s, kind)]


def items(text: str):
    ctx = Context(document_from_text(text, "<text>"), Config())
    return [i for sents in ctx.sentences for s in sents for i in s.items]


def test_spaced_out_characters_are_read():
    change = _one_change("政府采购预算642.98万元，同 比 增 加 243.35万元，增 长 60.89%。")
    assert change.delta is not None and change.rate is not None


def _one_change(text: str) -> Change:
    changes = statements(text, Change)
    assert len(changes) == 1, (text, changes)
    return changes[0]


@pytest.mark.parametrize("way,word", [(w, x) for w in CUES["direction"] for x in CUES["direction"][w]])
def test_direction_word_states_a_change(way, word):
    up = way.startswith("up")
    rate_word = "增长" if up else "下降"
    change = _one_change(f"办公费支出110.00万元，比上年{word}10.00万元，{rate_word}10.00%。")
    assert change.delta is not None and change.delta_dir == (1 if up else -1)
    assert change.rate is not None


@pytest.mark.parametrize("suffix", CUES["delta_suffix"])
def test_delta_suffix(suffix):
    change = _one_change(f"办公费支出110.00万元，比上年增加{suffix}10.00万元，增长10.00%。")
    assert change.delta is not None and change.delta.quantity.text.startswith("10.00")


@pytest.mark.parametrize("way,noun", [(w, x) for w in ("up", "down") for x in CUES["rate_nouns"][w]])
def test_rate_noun_states_a_growth_rate(way, noun):
    verb = "增加" if way == "up" else "减少"
    change = _one_change(f"办公费支出110.00万元，比上年{verb}10.00万元，{noun}10.00%。")
    assert change.rate is not None and change.rate_dir == (1 if way == "up" else -1)


@pytest.mark.parametrize("suffix", CUES["rate_suffix"])
def test_rate_suffix(suffix):
    change = _one_change(f"办公费支出110.00万元，比上年增加10.00万元，增长{suffix}10.00%。")
    assert change.rate is not None


@pytest.mark.parametrize("prefix,base", [(p, b) for p in CUES["compare"]["prefixes"] for b in CUES["compare"]["bases"]])
def test_comparison_words(prefix, base):
    change = _one_change(f"办公费支出110.00万元，{prefix}{base}增加10.00万元，增长10.00%。")
    assert change.delta is not None and change.current is not None


@pytest.mark.parametrize("word", CUES["compare"]["standalone"])
def test_standalone_comparison(word):
    change = _one_change(f"办公费支出110.00万元，{word}增加10.00万元，增长10.00%。")
    assert change.delta is not None


@pytest.mark.parametrize("word", CUES["prior"])
def test_prior_word_names_last_years_amount(word):
    change = _one_change(f"公务接待费{word}为100.00万元，本年为110.00万元，增长10.00%。")
    assert change.prior is not None and change.prior.quantity.text.startswith("100.00")


@pytest.mark.parametrize("word", CUES["current"])
def test_current_word_names_this_years_amount(word):
    change = _one_change(f"公务接待费上年为100.00万元，{word}为110.00万元，增长10.00%。")
    assert change.current is not None and change.current.quantity.text.startswith("110.00")


@pytest.mark.parametrize("word", CUES["to_words"])
def test_increased_to(word):
    change = _one_change(f"培训费由上年的100.00万元增加{word}110.00万元，增长10.00%。")
    assert change.prior is not None and change.current.quantity.text.startswith("110.00")


@pytest.mark.parametrize("way,verb", [(w, x) for w in ("up", "down") for x in CUES["to_verbs"][w]])
def test_one_word_to_verbs(way, verb):
    first, second, rate = ("100.00", "110.00", "增长10.00%") if way == "up" else ("110.00", "100.00", "下降9.09%")
    change = _one_change(f"培训费由上年的{first}万元{verb}{second}万元，{rate}。")
    assert change.prior.quantity.text.startswith(first) and change.current.quantity.text.startswith(second)


@pytest.mark.parametrize("word", CUES["from_words"])
def test_from_words(word):
    change = _one_change(f"培训费{word}100.00万元增加到110.00万元，增长10.00%。")
    assert change.prior is not None


@pytest.mark.parametrize("word", CUES["flat"])
def test_flat_words(word):
    change = _one_change(f"办公费支出100.00万元，比上年增加0.00万元，与上年{word}。")
    assert change.flat


@pytest.mark.parametrize("hedge", CUES["flat_hedges"])
def test_a_hedged_flat_is_no_claim_of_equality(hedge):
    change = _one_change(f"车辆运行维护费2.94万元，比上年3.01万元减少0.07万元，{hedge}持平。")
    assert not change.flat
    assert _one_change("车辆运行维护费2.94万元，比上年3.01万元减少0.07万元，与上年持平。").flat


_RATE_TEMPLATES = {
    "execution": "全年预算为100.00万元，实际支出90.00万元，{w}90.00%。",
    "control": "全年预算为100.00万元，实际支出90.00万元，{w}90.00%。",
    "initial": "年初预算为100.00万元，实际支出90.00万元，{w}90.00%。",
    "variance": "年初预算为100.00万元，决算为110.00万元，预决算{w}10.00%。",
    "adjustment": "年初预算为100.00万元，预算调增10.00万元，预算{w}10.00%。",
    "completion": "计划投资100.00万元，实际完成投资90.00万元，{w}90.00%。",
    "carry": "全年预算数为100.00万元，年末结转结余10.00万元，{w}10.00%。",
}


@pytest.mark.parametrize("kind,word", [(k, w) for k, words in CUES["rates"].items() for w in words])
def test_rate_words(kind, word):
    percent = [i for i in items(_RATE_TEMPLATES[kind].format(w=word)) if i.kind == "percent"]
    assert percent and rate_kind(percent[-1]) == kind


@pytest.mark.parametrize("base,word", [(b, w) for b, words in CUES["carry_rate_bases"].items() for w in words])
def test_carry_rate_base_words(base, word):
    """结转结余率（结转结余÷W）: the base the words name is the only one the rate is taken over."""
    text = (
        f"全年预算数为200.00万元，本年收入合计100.00万元，年末结转结余10.00万元，结转结余率（结转结余÷{word}）为5.00%。"
    )
    (rate,) = [r for r in statements(text, Rate) if r.kind == "carry"]
    assert [d.quantity.text for d in rate.denominators] == ["200.00万元" if base == "budget" else "100.00万元"]


_ROLE_TEMPLATES = {
    "adjust": "预算{w}100.00万元。",
    "initial": "{w}预算100.00万元。",
    "full": "{w}预算100.00万元。",
    "budget": "{w}100.00万元。",
    "actual": "{w}100.00万元。",
    "carry": "{w}100.00万元。",
}


@pytest.mark.parametrize(
    "role,word", [(r, w) for r, words in CUES["operands"].items() if r in _ROLE_TEMPLATES for w in words]
)
def test_operand_words(role, word):
    [item] = items(_ROLE_TEMPLATES[role].format(w=word))
    assert operand_role(item) == role


# the down words a ratio reads as its adjustment operand (调整减少 reads as a change there, not an operand)
@pytest.mark.parametrize(
    "word", [w for w in CUES["budget_amounts"]["adjustments"]["down"] if w in CUES["operands"]["adjust"]]
)
def test_adjusted_down(word):
    [rate] = statements(f"年初预算为500.00万元，预算{word}50.00万元，全年预算450.00万元，预算调整率为10.00%。", Rate)
    assert rate.adjust_down


@pytest.mark.parametrize("word", CUES["not_operand"])
def test_not_operand_words(word):
    [item] = items(f"预算{word}100.00万元。")
    assert operand_role(item) is None


@pytest.mark.parametrize(
    "stage,noun,tail",
    [
        (s, n, t)
        for words in CUES["budget_amounts"]["stages"].values()
        for s in words
        for n in CUES["budget_amounts"]["nouns"]
        for t in CUES["budget_amounts"]["tails"]
    ],
)
def test_budget_amount_is_the_base_of_a_change_against_the_budget(stage, noun, tail):
    """决算X，年初预算W，比预算增加Y: W is the base the change is measured from, X the amount that moved."""
    change = _one_change(f"支出决算386.50万元，{stage}{noun}{tail}340.00万元，比预算增加46.50万元，增长13.68%。")
    assert change.current.quantity.text.startswith("386.50") and change.prior.quantity.text.startswith("340.00")


@pytest.mark.parametrize("word", CUES["budget_amounts"]["parts_after"])
def test_part_of_the_budget_is_no_outturn_against_it(word):
    change = _one_change(f"年初预算217.50万元，{word}基本支出31.70万元，比预算增加4.60万元，增长17.02%。")
    assert change.prior is None


@pytest.mark.parametrize(
    "way,word", [(w, x) for w, words in CUES["budget_amounts"]["adjustments"].items() for x in words]
)
def test_adjustment_between_budget_and_outturn_moves_the_base(way, word):
    """年初预算A，调增B，决算C，比调整后预算减少D: the base is A ± B, and A when the comparison names 年初."""
    adjusted = "120.00" if way == "up" else "80.00"
    change = _one_change(f"年初预算100.00万元，{word}20.00万元，决算数90.00万元，比调整后预算下降5.00%。")
    assert change.base == "budget" and change.prior.quantity.text.startswith(adjusted)
    change = _one_change(f"年初预算100.00万元，{word}20.00万元，决算数90.00万元，比年初预算下降10.00%。")
    assert change.prior.quantity.text.startswith("100.00")


@pytest.mark.parametrize("name", ["", *CUES["budget_amounts"]["outturn_names"]])
def test_outturn_and_budget_closing_the_sentence_before(name):
    """年初预算W，决算X。决算数比预算增加Y，增长Z%: the comparison opening the next sentence is of them."""
    change = _one_change(f"年初预算340.00万元，支出决算386.50万元。{name}比年初预算增加46.50万元，增长13.68%。")
    assert change.current.quantity.text.startswith("386.50") and change.prior.quantity.text.startswith("340.00")
    assert change.base == "budget"


@pytest.mark.parametrize(
    "second",
    [
        "其中基本支出150.00万元，比年初预算增加20.00万元。",  # an amount of its own before the change
        "项目支出比年初预算增加30.00万元。",  # another subject
        "比上年增加46.50万元。",  # last year, not the budget
    ],
)
def test_next_sentence_of_another_amount_is_not_the_outturn_over_the_budget(second):
    changes = statements("年初预算340.00万元，支出决算386.50万元。" + second, Change)
    assert not any(c.prior is not None and c.prior.quantity.text.startswith("340.00") for c in changes)


@pytest.mark.parametrize(
    "cue,balance,total",
    [
        (c, b, t)
        for c in CUES["offset_balance"]["cues"]
        for b in CUES["offset_balance"]["balances"]
        for t in CUES["offset_balance"]["totals"]
    ],
)
def test_offset_balance_is_receipts_less_spending(cue, balance, total):
    """收入合计R，支出合计S，收支相抵后，年末结余B: B is held to R − S."""
    # 总收入 and 总支出 name their side themselves; the other total words follow the side's word
    side = total in ("总收入", "总支出")
    receipts, spending = ("总收入", "总支出") if side else (f"收入{total}", f"支出{total}")
    text = f"本年{receipts}500.00万元，本年{spending}400.00万元。{cue}后，年末{balance}100.00万元。"
    (diff,) = [d for d in statements(text, Difference) if d.kind == "offset"]
    assert diff.minuend.quantity.text.startswith("500.00") and diff.subtrahend.quantity.text.startswith("400.00")


@pytest.mark.parametrize("word", CUES["offset_balance"]["brought_in"])
def test_offset_balance_may_add_the_balance_brought_in(word):
    text = f"{word}20.00万元，本年收入合计500.00万元，本年支出合计400.00万元，收支相抵后，年末结余120.00万元。"
    (diff,) = [d for d in statements(text, Difference) if d.kind == "offset"]
    assert any(b is not None and b.quantity.text.startswith("20.00") for _, _, b in diff.alternatives)
