"""The changes of a whole's parts against the whole's change (checker/statements/net_change.py, SUM001):
every cue of ``change_part_openers`` and ``change_offset_words`` rendered into sentences of our own."""

from __future__ import annotations

import pytest

from checker.engine import check_text
from checker.statements.composition import cues

CUES = cues()


def _sum001(text: str) -> set[str]:
    return {f.severity for f in check_text(text).findings if f.rule == "SUM001"}


OPENERS = CUES["change_part_openers"]["breakdown"] + CUES["change_part_openers"]["reasons"]


@pytest.mark.parametrize("opener", OPENERS)
def test_opener_inline(opener):
    """人员经费 + 公用经费 are all of 基本支出: their signed changes must make its change."""
    text = "基本支出预算为236.40万元，比上年增加{}万元，" + opener + "：人员经费增加18.67万元，公用经费减少0.04万元。"
    assert "error" in _sum001(text.format("17.10"))
    assert not _sum001(text.format("18.63"))


@pytest.mark.parametrize("opener", OPENERS)
def test_opener_closing_its_paragraph(opener):
    text = (
        "2024年基本支出预算较上年减少{}万元。" + opener + "：\n"
        "1.人员经费较上年减少8.00万元，主要是退休人员减少。\n"
        "2.公用经费较上年增加2.00万元，主要是物业费上涨。\n"
        "二、项目支出\n"
    )
    assert "error" in _sum001(text.format("5.00"))
    assert not _sum001(text.format("6.00"))


@pytest.mark.parametrize("word", CUES["change_offset_words"])
def test_offset_word_explains_an_overrun(word):
    text = "公用经费较上年减少3.00万元，具体为：办公费减少5.00万元，差旅费减少2.00万元，部分被维修费增加所{}。"
    assert not _sum001(text.format(word))
    assert "warning" in _sum001(text.format("替代"))


@pytest.mark.parametrize("opener", CUES["change_part_openers"]["breakdown"])
def test_partial_breakdown_past_the_whole(opener):
    text = "项目支出比上年增加{}万元，" + opener + "：设备购置费增加25.00万元，培训费增加20.00万元。"
    assert "warning" in _sum001(text.format("40.00"))
    assert not _sum001(text.format("50.00"))
    assert not _sum001(text.format("60.00"))  # the breakdown may be partial


@pytest.mark.parametrize("opener", CUES["change_part_openers"]["reasons"])
def test_reasons_inline_may_overlap(opener):
    """…减少Y，主要原因是：A减少a，另外B减少b: A may be within B, or other parts rose: only a complete list is held."""
    text = (
        "收入支出总体比上年减少1.60亿元，" + opener + "：注入资本金支出减少1.00亿元，另外政府性基金支出减少1.84亿元。"
    )
    assert not _sum001(text)


def test_main_changes_only_short_is_silent():
    assert not _sum001("项目支出比上年增加60.00万元，主要是：设备购置费增加25.00万元，培训费增加20.00万元。")


def test_part_against_another_base_is_no_part():
    text = (
        "“三公”经费较上年减少19.00万元，较年初预算减少4.00万元。其中：公务用车购置及运行维护费较上年减少16.00万元，"
        "较年初预算减少3.00万元；公务接待费较上年减少2.50万元，较年初预算减少{}万元；因公出国（境）费较上年减少0.50万元，"
        "较年初预算减少0万元。"
    )
    assert "error" in _sum001(text.format("2.00"))
    assert not _sum001(text.format("1.00"))


def test_a_part_left_out_may_have_changed():
    """因公出国（境）费 is nil this year but may not have been last year: without it the list is not all."""
    text = "“三公”经费较上年减少19.00万元。其中：公务用车购置及运行维护费较上年减少16.00万元，公务接待费较上年减少2.50万元。"
    assert not _sum001(text)


def test_parts_of_a_part_are_left_out():
    text = "基本支出比上年增加{}万元，其中：人员经费增加18.00万元，其中基本工资增加6.00万元；公用经费减少2.00万元。"
    assert not _sum001(text.format("16.00"))


def test_a_later_segment_after_the_parts_make_the_whole_moves_on():
    text = "支出比上年增加20.00万元，其中：基本支出增加12.00万元，项目支出增加8.00万元；收入比上年增加{}万元。"
    assert not _sum001(text.format("15.00"))


def test_a_wrong_direction_word_of_the_whole_is_one_finding():
    # 增加 where the whole fell: its rate and its parts say 下降; GRW002 names the word, and the parts'
    # sum (the whole's change with the other sign) adds nothing of its own
    text = (
        "会议费和培训费支出12.40万元，比上年增加3.10万元，下降20.00%。其中：会议费支出4.20万元，比上年减少1.30万元；"
        "培训费支出8.20万元，比上年减少1.80万元。"
    )
    found = [(f.rule, f.severity) for f in check_text(text).findings if f.severity in ("error", "warning")]
    assert found == [("GRW002", "error")]
    # the parts falling by more than the whole: that is the parts' own finding
    assert _sum001(text.replace("减少1.80万元", "减少2.80万元")) == {"warning"}
