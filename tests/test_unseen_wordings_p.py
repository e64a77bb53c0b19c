"""Wordings met in a set of real 绩效自评 excerpts (set P) that raised false alarms: a short label
(下达…资金) under two cited documents, and a head-count list whose parts make up the whole before a
semicolon, after which other head counts follow; and layouts of a 自评表's funds line that left
the form unread (a blank line after every cell, so that 10 looked like a page number; 万元 in the
cells; header cells wrapped over two lines; pipes left by merged cells). Each is a phrasing case (``corpus/phrasings``)
whose twin must raise neither an error nor a warning; the sentences are the project's own."""

from __future__ import annotations

import pytest

from test_unseen_wordings import _loud

from checker.config import Config
from checker.engine import check_text


def test_one_label_without_a_cited_document_is_still_compared():
    """Only two different documents part the amounts: one cited and one not are one allocation."""
    text = (
        "市财政局《关于下达2024年农村道路养护补助资金的通知》，下达我县2024年资金320万元。\n\n"
        "下达我县2024年资金302万元，已全部到位。\n"
    )
    assert [f.split()[0] for f in _loud(text)] == ["CNF001"]


def test_parts_short_of_the_whole_at_the_semicolon_read_on():
    """A list that has not reached its whole by the semicolon goes on: the parts after it count."""
    text = "本年支出合计500.00万元，其中：基本支出300.00万元；项目支出150.00万元，其他支出40.00万元。"
    assert [f.split()[0] for f in _loud(text)] == ["SUM001"]


def _paragraphs(text: str) -> list[str]:
    from checker.ingest.text import text_blocks

    return [b.text for b in text_blocks(text.split("\n")) if hasattr(b, "text")]


def test_a_number_between_paragraphs_is_still_a_page_number():
    assert _paragraphs("本年度收入合计120万元。\n\n3\n\n本年度支出合计118万元。") == [
        "本年度收入合计120万元。",
        "本年度支出合计118万元。",
    ]


def test_a_number_beside_a_figure_is_a_cell():
    assert _paragraphs("年度资金总额\n\n150\n\n120\n\n10\n\n80%\n\n8") == [
        "年度资金总额",
        "150",
        "120",
        "10",
        "80%",
        "8",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the parts listed are not the kinds the paragraph named: the list may be partial
        "本单位支出由基本支出和项目支出两部分构成。全年支出500.00万元，其中办公费120.00万元，印刷费80.00万元。",
        # three kinds named, two listed
        "项目资金分为中央资金、省级资金、县级资金三类，共下达资金980.00万元，其中中央资金600.00万元，省级资金250.00万元。",
    ],
)
def test_a_list_that_is_not_the_declared_kinds_stays_partial(text):
    assert _loud(text) == []


def test_a_number_beside_a_figure_that_continues_the_page_numbers_is_a_page_number():
    """A page broke inside a table: its number (5) follows page 4 and precedes page 6."""
    text = "本年度收入合计120万元。\n\n4\n\n年度资金总额\n\n150\n\n5\n\n120\n\n本年度支出合计118万元。\n\n6\n\n其他"
    assert _paragraphs(text) == [
        "本年度收入合计120万元。",
        "年度资金总额",
        "150",
        "120",
        "本年度支出合计118万元。",
        "其他",
    ]


def test_asterisks_a_copy_says_it_masked_are_no_template_residue():
    """下文中****为隐藏内容: the republishing site hid words; the report's own text had none."""
    masked = "下文中****为隐藏内容，仅对会员开放。\n\n****2024年度林业改革发展资金绩效评价表\n"
    assert _loud(masked) == []
    found = check_text(masked, Config()).findings
    assert [(f.rule, f.severity) for f in found] == [("TPL001", "info"), ("TPL001", "info")]
    # without such a notice the asterisks stand where the template's placeholder stood
    assert [f.split()[0] for f in _loud("****2024年度林业改革发展资金绩效评价表\n")] == ["TPL001"]
