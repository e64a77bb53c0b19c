"""Pinyin a mirror site writes after characters (万(wàn)元) is cut out before a report is read:
every relation family's wordings, so annotated, are found as the plain ones are, and findings
point at the lines of the annotated source."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from checker.engine import check_text
from checker.evaluation.phrasings import load_families, score_family
from checker.ingest.ruby import has_ruby
from checker.ingest.text import text_blocks

FAMILIES = load_families()
# the syllables a mirror adds, after some of the characters it annotates
SYLLABLES = {"万": "wàn", "预": "yù", "算": "suàn", "务": "wù", "费": "fèi", "项": "xiàng", "数": "shù", "说": "shuō"}


def annotated(text: str) -> str:
    return re.sub(f"[{''.join(SYLLABLES)}]", lambda m: f"{m.group()}({SYLLABLES[m.group()]})", text)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_wording_with_pinyin_reads_as_without(family):
    cases = FAMILIES[family]
    noisy = [replace(c, defect=annotated(c.defect), twin=annotated(c.twin)) for c in cases]
    plain, with_pinyin = score_family(cases), score_family(noisy)
    # a wording with fewer than three annotated characters is left as it is, like any report
    kept = {c.id for c, n in zip(cases, noisy) if not has_ruby(n.defect.split("\n"))}
    assert [m for m in with_pinyin.missed if m not in kept] == plain.missed
    assert with_pinyin.twin_errors == plain.twin_errors == []


def test_locations_point_into_the_annotated_source():
    text = annotated("2024年度部门决算说明\n本年支出合计820.50万元，其中：基本支出310.20万元，项目支出530.30万元。\n")
    [finding] = [f for f in check_text(text).findings if f.rule == "SUM001"]
    assert "820.50万(wàn)元" in text.split("\n")[finding.location.line - 1]
    assert finding.stated == "820.50万元"


def test_bracketed_latin_of_an_ordinary_report_is_kept():
    text = "本项目(a)类资金12.00万元，(b)类资金8.00万元，PPP(pilot)项目3.00万元。"
    assert not has_ruby([text])
    [paragraph] = text_blocks([text])
    assert paragraph.text == text


@pytest.mark.parametrize("container", ["docx", "pdf"])
def test_pinyin_in_other_containers(tmp_path, container):
    """Word's lines are cleaned before they are assembled, a PDF's blocks after its reader made
    them: either way the annotated report reads as the plain one."""
    from tests._containers import findings_in

    wordings = FAMILIES["sum"][:4] + FAMILIES["share"][:2]
    # the longer annotated lines wrap otherwise on a PDF page: rules and severities compared
    found = [
        sorted(
            (f.rule, f.severity)
            for f in findings_in(
                container, [script(c.defect) for c in wordings], tmp_path / f"{script.__name__}.{container}"
            )
        )
        for script in (str, annotated)
    ]
    assert found[0] and found[1] == found[0]
