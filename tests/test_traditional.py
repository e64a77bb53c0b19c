"""Reports written in traditional characters are read as their simplified versions are: every
relation family's wordings, converted to traditional script by OpenCC's s2t, are found (and their
twins left silent) exactly as the simplified ones."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pytest

from checker.engine import check_text
from checker.evaluation.phrasings import load_families, score_family
from checker.ingest.script import is_traditional, simplified, to_simplified
from checker.ingest.text import text_blocks

FAMILIES = load_families()


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t").convert


def traditional(text: str) -> str:
    return _s2t()(text)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_wording_in_traditional_script_reads_as_in_simplified(family):
    cases = FAMILIES[family]
    converted = [replace(c, defect=traditional(c.defect), twin=traditional(c.twin)) for c in cases]
    assert any(c.defect != t.defect for c, t in zip(cases, converted))
    simplified, trad = score_family(cases), score_family(converted)
    assert trad.missed == simplified.missed
    assert trad.twin_errors == simplified.twin_errors == []


def test_locations_point_into_the_report_as_written():
    text = traditional("2024年度部门决算说明\n本年支出合计820.50万元，其中：基本支出310.20万元，项目支出530.30万元。\n")
    [finding] = [f for f in check_text(text).findings if f.rule == "SUM001"]
    assert text.split("\n")[finding.location.line - 1].startswith("本年支出合計")
    assert finding.stated == "820.50万元"  # quoted in simplified characters


@pytest.mark.parametrize(
    "text,expected",
    [
        ("本年支出合計820.50萬元，較上年增長3.20%。", True),
        ("本单位与台湾某基金會合作，支出12.00万元。", False),  # one traditional character in a name
        ("本年支出合计820.50万元，较上年增长3.20%。", False),
    ],
)
def test_which_reports_are_written_in_traditional_script(text, expected):
    assert is_traditional([text]) is expected
    [paragraph] = text_blocks([text])
    assert paragraph.text == (simplified(text) if expected else text)
    assert to_simplified([paragraph]) == [paragraph]  # converted once, by the reader


@pytest.mark.parametrize("container", ["docx", "pdf"])
def test_traditional_reports_in_other_containers(tmp_path, container):
    """The PDF reader lays out its own blocks (converted after it), Word's go through the
    assembler (converted before): in either, a traditional report reads as its simplified one."""
    from tests._containers import findings_in

    wordings = FAMILIES["sum"][:4] + FAMILIES["selfeval_funds_line"][:2]
    found = [
        [
            (f.rule, f.severity, f.location.line, f.location.page)
            for f in findings_in(
                container, [script(c.defect) for c in wordings], tmp_path / f"{script.__name__}.{container}"
            )
        ]
        for script in (str, traditional)
    ]
    assert found[0] and found[1] == found[0]
