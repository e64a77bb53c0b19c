"""A self-evaluation form printed a row per line, its spare rows (……, 指标2：……) on lines of their own,
reads in a PDF as in the text file: a row that ends near the right margin does not take the spare row
after it as the rest of its line, so the ellipsis stays the form's spare row (TPL001 info), not an
ellipsis left in the row's words (a warning). Our own form, printed the way the container tests print."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import padded_to_margin, text_and_pdf

ROW = "产出指标 数量指标 指标1：完成村级道路硬化里程{pad}（公里） 12 12.5 10 10"
FORM = [
    "2023年度项目支出绩效自评表",
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
    "{row}",
    "……",
    "质量指标 指标1：工程验收合格率 100% 100% 10 10",
    "指标2：",
    "……",
    "效益指标 社会效益指标 指标1：{pad}群众出行条件改善 明显改善 明显改善 10 10",
    "指标2：……",
    "满意度指标 服务对象满意度指标 受益群众满意度 ≥90% 95% 10 10",
]


def _lines() -> list[str]:
    padded = padded_to_margin(FORM[7])
    return [padded_to_margin(ROW) if line == "{row}" else padded if line == FORM[7] else line for line in FORM]


def _keys(path: Path) -> Counter:
    findings = check_document(load_document(path)).findings
    return Counter((f.rule, f.severity, f.stated) for f in findings if f.rule == "TPL001")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return text_and_pdf(tmp_path_factory.mktemp("spare-rows"), "form", _lines())


def test_the_rows_before_the_spare_rows_reach_the_margin(built):
    _, path = built
    pdf = pdfium.PdfDocument(str(path))
    try:
        printed = [line.strip() for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()
    rows = [line for line in printed if re.search(r"村{3,}", line)]
    assert len(rows) == 2  # each padded row printed on one line, not wrapped
    assert "……" in printed and "指标2：……" in printed


def test_spare_rows_read_as_in_the_text_file(built):
    text, pdf = built
    keys = _keys(text)
    assert keys == Counter({("TPL001", "info", "……"): 3})
    assert _keys(pdf) == keys
