"""Items of a list bulleted by a run of dashes or a circled number (——专项拨款…, ② …) each open a line
of their own. In a PDF, a sentence that ends right at the margin was taken to run on into the next
line, so the next item joined the paragraph before it and its amount was read as one more part of
that paragraph's 其中 list (a false SUM001). Our own report, printed the way the container tests print."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.ingest import load_document
from checker.ingest.layout import goes_on_inline, opens_item

from _containers import padded_to_margin, text_and_pdf

REPORT = [
    "某中学2024年经费预算信息",
    "①可支配收入820.00万元。",
    "——专项拨款120.00万元，用学校组织收入安排。",
    "——预算补助640.00万元，保障学校{pad}运转。其中人员经费600.00万元，公用经费40.00万元。",
    "——教育费附加60.00万元。",
    "②部门支出用途。支出预算820.00万元，其中基本支出640.00万元，项目支出180.00万元。",
    "——人员经费600.00万元。",
]


def _keys(path: Path) -> Counter:
    findings = check_document(load_document(path)).findings
    return Counter((f.rule, f.severity, f.stated, f.expected) for f in findings)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return text_and_pdf(
        tmp_path_factory.mktemp("list-items"),
        "report",
        [padded_to_margin(line, "日常") if "{pad}" in line else line for line in REPORT],
    )


def test_each_item_is_a_paragraph_of_its_own(built):
    _, pdf = built
    texts = [p.text for p in load_document(pdf).paragraphs()]
    assert any(t.startswith("——教育费附加") for t in texts)
    assert not any("——教育费附加" in t and not t.startswith("——教育费附加") for t in texts)


def test_the_pdf_reads_as_the_text_file(built):
    text, pdf = built
    assert _keys(text) == Counter()
    assert _keys(pdf) == _keys(text)


@pytest.mark.parametrize(
    ("previous", "line", "opens"),
    [
        ("预算补助640.00万元。", "——教育费附加60.00万元。", True),
        ("预算补助640.00万元；", "-----教育费附加60.00万元。", True),
        ("可支配收入820.00万元。", "② 部门支出用途。", True),
        # a dash inside a sentence that wrapped right before it goes on with its sentence
        ("本年度重点保障了教学运转", "——包括实验室和图书馆的日常开支。", False),
        ("预算补助640.00万元。", "教育费附加60.00万元。", False),
    ],
)
def test_an_item_opens_only_after_a_closed_sentence(previous, line, opens):
    assert opens_item(previous, line) is opens


INLINE = "2024年项目支出{total}万元，主要用于：①教学设备{pad}购置120.00万元；②校舍维修90.00万元；③教师培训30.00万元；"


@pytest.mark.parametrize("total", ["300.00", "290.00"])
def test_an_item_enumerated_inside_a_sentence_goes_on_after_a_line_break(tmp_path, total):
    """…主要用于：①A；②B；③C；/④D — the PDF's line break falls right before ④: the item goes on in its
    sentence, and the list's sum reads as in the text file (one error when the total is changed)."""
    line = padded_to_margin(INLINE.replace("{total}", total), "新") + "④信息化建设60.00万元。"
    text, pdf = text_and_pdf(tmp_path, "inline", ["某中学2024年部门预算说明", line])
    paragraphs = [p.text for p in load_document(pdf).paragraphs()]
    assert any("①" in t and "④" in t for t in paragraphs)
    assert _keys(pdf) == _keys(text)
    assert sum(n for (rule, *_), n in _keys(text).items() if rule == "SUM001") == (total != "300.00")


@pytest.mark.parametrize(
    ("lines", "line", "goes_on"),
    [
        (["项目支出300万元，主要用于：①设备120万元；", "②维修90万元；③培训30万元；"], "④信息化60万元。", True),
        (["③教师培训30万元；"], "④信息化60万元。", False),  # items each on a line of their own
        (["主要用于：①设备120万元；②维修90万元；"], "④信息化60万元。", False),  # not the next numeral
        (["主要用于：①设备120万元；"], "——信息化60万元。", False),
    ],
)
def test_the_next_numeral_goes_on_only_after_its_predecessor_inside_the_paragraph(lines, line, goes_on):
    assert goes_on_inline(lines, line) is goes_on
