"""Wordings met in a set of real 绩效自评 excerpts (set P) that raised false alarms: a short label
(下达…资金) under two cited documents, and a head-count list whose parts make up the whole before a
semicolon, after which other head counts follow. Each is a phrasing case (``corpus/phrasings``)
whose twin must raise neither an error nor a warning; the sentences are the project's own."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.evaluation.phrasings import load_families

CASES = {case.id: case for cases in load_families().values() for case in cases}
SILENT_TWINS = ["cited-document-twice", "staff-posts-then-staff-present"]


def _loud(text: str) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check_text(text, Config()).findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("case_id", SILENT_TWINS)
def test_twin_raises_nothing(case_id):
    assert _loud(CASES[case_id].twin) == []


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
