"""Wordings met in a set of real excerpts from other regions (set R): a published blank model text
that says it is one (（范本）), whose placeholders TPL001 took for residue left in a report; and
shares of a count (评为优的项目有4个，占57%) that no rule held to their whole. The sentences are
the project's own."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_text


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_text(text, Config()).findings]


def test_placeholders_of_a_declared_model_text_are_info():
    model = "区级财政支出项目绩效报告\n（范本）\nXX部门20XX年项目绩效报告\n1、目标完成程度\n（1）……\n"
    assert set(_found(model)) == {("TPL001", "info")}
    # the same lines in a report that does not call itself a model text are residue
    report = "区级财政支出项目绩效报告\nXX部门20XX年项目绩效报告\n1、目标完成程度\n（1）……\n"
    assert ("TPL001", "warning") in _found(report)
    # a sentence that mentions a model text declares nothing
    cited = "本报告参照区财政局印发的自评报告（范本）编写，主要原因是：……。\n"
    assert ("TPL001", "warning") in _found(cited)


def test_count_share_is_held_to_the_count_it_is_of():
    text = "本年度选取9个项目开展重点评价，等级为优的项目有3个，占30%，等级为良的项目有6个，占66.67%。"
    found = check_text(text, Config()).findings
    assert [(f.rule, f.severity, f.expected) for f in found] == [("SHR001", "warning", "33.33%")]
    assert "3 ÷ 9" in found[0].message
    twin = text.replace("占30%", "占33.33%")
    assert _found(twin) == []


def test_count_share_without_a_confirmed_whole_stays_silent():
    # the nearest count is not confirmed by another share nor by the counts adding up to it
    assert _found("全区共申报项目30个，其中12个纳入重点评价，占45%。") == []


def test_units_named_before_their_count():
    text = "本委内设办公室、综合科（挂规划办）、投资科、价格科{}个科室，另设临时机构2个。"
    assert _found(text.format(3)) == [("CNT002", "warning")]
    assert _found(text.format(4)) == []
    # after 等 the list may be open: fewer names than the count is no mismatch, more names is
    opened = "本委内设办公室、综合科（挂规划办）、投资科、价格科等{}个科室。"
    assert _found(opened.format(9)) == []
    assert _found(opened.format(3)) == [("CNT002", "warning")]
