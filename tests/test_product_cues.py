"""Every entry of ``lexicons/cues_product.yaml`` rendered into sentences of our own: a product or an
average it cues is read (a wrong figure is flagged, the right one passes), a bound or a subset it
names leaves the sentence alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.engine import check_text, document_from_text
from checker.evaluation.phrasings import load_families, load_silent
from checker.rules.base import Context
from checker.statements.product import cues, find_products, patterns

CUES = cues()
NOUN_COUNTS = [(noun, group["counts"][0]) for group in CUES["per_units"] for noun in group["nouns"]]
PERIODS = [(per, counted) for p in CUES["periods"].values() for per in p["per"] for counted in p["counted"]]


def _rules(text: str, severities=("error", "warning")) -> set[str]:
    return {f.rule for f in check_text(text).findings if f.severity in severities}


@pytest.mark.parametrize("noun,count", NOUN_COUNTS)
def test_per_noun_with_its_count(noun, count):
    text = "本年为40" + count + "对象发放补助，每" + noun + "300元，共计{}万元。"
    assert "PER001" in _rules(text.format("1.4"), ("error",))
    assert not _rules(text.format("1.2"))


@pytest.mark.parametrize("noun,extra", [(n, c) for n, cs in CUES["average_also"].items() for c in cs])
def test_average_over_another_count(noun, extra):
    text = "全年培训320" + extra + "，培训费支出16.00万元，" + noun + "均培训费{}元。"
    assert "PER001" in _rules(text.format("550"), ("error",))
    assert not _rules(text.format("500"))


@pytest.mark.parametrize("word", CUES["average_before"])
def test_average_before_per(word):
    text = "全年演出12场次，共支出36万元，" + word + "每场次{}万元。"
    assert "PER001" in _rules(text.format("4"))
    assert not _rules(text.format("3"))


@pytest.mark.parametrize("word", CUES["average_after"])
def test_average_after_noun(word):
    text = "在校学生1,250名，公用经费支出93.75万元，生" + word + "公用经费{}元。"
    assert "PER001" in _rules(text.format("800"), ("error",))
    assert not _rules(text.format("750"))


@pytest.mark.parametrize("word", CUES["unit_price_words"])
def test_unit_price_word(word):
    text = "购置办公桌椅40套，" + word + "1,200元，总价{}万元。"
    assert "PER001" in _rules(text.format("4.6"), ("error",))
    assert not _rules(text.format("4.8"))


@pytest.mark.parametrize("count", CUES["goods_counts"])
def test_goods_count(count):
    text = "购置设备40" + count + "，单价1,200元，总价{}万元。"
    assert "PER001" in _rules(text.format("4.6"), ("error",))
    assert not _rules(text.format("4.8"))


@pytest.mark.parametrize("noun,count", NOUN_COUNTS)
def test_standard_written_as_a_unit(noun, count):
    text = "本年为40" + count + "对象发放补助，标准300元/" + noun + "，共计{}万元。"
    assert "PER001" in _rules(text.format("1.4"), ("error",))
    assert not _rules(text.format("1.2"))


@pytest.mark.parametrize("per,counted", PERIODS)
def test_period_counted(per, counted):
    text = "为36名退休人员发放补贴，每人每" + per + "200元，发放4" + counted + "，共计{}万元。"
    assert "PER001" in _rules(text.format("2.68"), ("error",))
    assert not _rules(text.format("2.88"))


@pytest.mark.parametrize("per", [w for p in CUES["periods"].values() for w in p["per"]])
def test_period_not_counted_says_nothing(per):
    text = "为36名退休人员发放补贴，每人每" + per + "200元，共计{}万元。"
    assert not _rules(text.format("2.68"))
    assert not _rules(text.format("0.72"))


@pytest.mark.parametrize("sign", CUES["times_signs"])
def test_times_sign(sign):
    text = "发放补助{}万元（120人" + sign + "300元）。"
    assert "PER001" in _rules(text.format("3.8"), ("error",))
    assert not _rules(text.format("3.6"))


@pytest.mark.parametrize(
    "text",
    [f"为{w}120名学生发放补助" for w in CUES["approximate_before"]]
    + [f"为120{w}名学生发放补助" for w in CUES["approximate_in"]]
    + [f"为120名{w}学生发放补助" for w in CUES["approximate_after"]],
)
def test_approximate_count(text):
    assert not _rules(text + "，每人300元，共计3.8万元。")
    assert not _rules(text + "，每人300元，共计3.6万元。")


@pytest.mark.parametrize("word", CUES["bound_before"])
def test_bound_before(word):
    assert not _rules("对150户家庭给予补助，每户" + word + "1000元，共计12万元。")


@pytest.mark.parametrize("word", CUES["bound_after"])
def test_bound_after(word):
    assert not _rules("对150户家庭给予补助，每户1000元" + word + "，共计12万元。")


@pytest.mark.parametrize("word", CUES["subset_words"])
def test_subset(word):
    assert not _rules("全年发放救助资金50万元，惠及群众1,200人，" + word + "每人发放1,000元。")


@pytest.mark.parametrize("word", CUES["not_paid_words"])
def test_not_paid(word):
    assert not _rules("项目资金50万元，带动农户120户，每户" + word + "1,000元。")


@pytest.mark.parametrize("word", CUES["total_words"])
def test_total_word_makes_an_error(word):
    text = "为40户发放补助，每户300元，" + word + "{}万元。"
    assert "PER001" in _rules(text.format("1.4"), ("error",))
    assert not _rules(text.format("1.2"))


def test_a_total_without_its_word_is_a_warning():
    text = "为40户发放补助，每户300元，发放资金{}万元。"
    assert _rules(text.format("1.4"), ("warning",)) == {"PER001"}
    assert not _rules(text.format("1.4"), ("error",))
    assert not _rules(text.format("1.2"))


def test_an_average_that_names_no_amount_needs_a_total_word():
    assert not _rules("项目资金50万元，带动脱贫户120户，户均增收1,000元。")
    assert not _rules("全年演出12场次，支出36万元，平均每场次4万元。")


def test_a_unit_slip_is_reported_as_one():
    text = "补助120人，每人300元，共计3.6{}。"
    assert _rules(text.format("元")) == {"UNT003"}
    assert not _rules(text.format("万元"))


def test_the_review_note_shows_the_arithmetic():
    [finding] = check_text("资助学生1,200人，全年两个学期，按每生每学期1,000元标准，发放资金220万元。").findings
    assert finding.message == "金额与数量和标准不符：1,200人 × 1,000元 × 2（学期） = 240.00万元，文中为220万元"
    assert finding.severity == "warning" and finding.stated == "220万元" and finding.expected == "240.00万元"
    assert len(finding.related) == 2


def _products(text: str) -> list[tuple]:
    ctx = Context(document_from_text(text))
    return [
        (p.standard.start, tuple(c.start for c in p.counts), tuple(t.start for t in p.totals), p.periods, p.certain)
        for p in find_products(ctx.sentences, ctx.quantities)
    ]


def test_sentences_passed_over_hold_no_standard(monkeypatch):
    """The words that let a sentence be passed over unread: with them, what is read is what reading
    every sentence gives (the phrasing family's texts, and the real reports when present)."""
    texts = [t for c in load_families()["per_unit"] for t in (c.defect, c.twin)]
    texts += [t for _, t in load_silent()["per_unit"]]
    shared = Path(__file__).resolve().parents[2] / "shared"
    texts += [p.read_text(encoding="utf-8") for d in ("seeds", "real") for p in sorted((shared / d).glob("*.txt"))]
    gated = [_products(t) for t in texts]
    monkeypatch.setattr(patterns(), "may_hold_standard", re.compile(""))
    assert [_products(t) for t in texts] == gated
    assert sum(map(len, gated)) >= 24  # every defect version of the family is read
