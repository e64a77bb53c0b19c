"""STR001 in a document that numbers （1） above 1、: the short 1、 line that reads as a heading
must not make the next （2） look like the first of a new run (the cases are the phrasing family
``numbering_inverted_order``; twins give warnings, which the phrasing test lets through)."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.evaluation.phrasings import load_families

CASES = load_families()["numbering_inverted_order"]


def _gaps(text: str) -> list:
    return [f for f in check_text(text, Config(select=("STR001",))).findings if f.rule == "STR001"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_run_goes_on_across_the_misread_nesting(case):
    assert not _gaps(case.twin)
    found = _gaps(case.defect)
    assert found and "缺少" in found[0].message


def test_a_skipped_first_number_is_still_found():
    text = "（二）资金情况\n（2）预算安排\n1、年初预算数120万元。\n2、调整后预算数126万元\n（3）资金支付\n1、全年支付126万元。"
    assert _gaps(text)
