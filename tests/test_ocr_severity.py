"""How much a finding on OCR-read text is trusted: no error when it stands on a figure read only
once, its own severity when every figure it stands on is read the same in another kind of place
(a table and the prose) or on another page.

The pages are drawn with a text layer and then declared OCR-read: what is under test is the
severity decision, not the recogniser (tests/test_ingest_ocr.py runs that on a real scan), so
the tests need no OCR time and no misreading can blur them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from checker.engine import OCR_CONFIRMED_MARK, OCR_MARK, check_document
from checker.ingest import load_document

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from tests._cjk_font import cjk_font  # noqa: E402


# Invented figures: 支出 2,486.30 against 2,215.70 the year before is 270.60 more, 12.21%; the
# reports below state 17.2%.
HEADING = "一、支出决算情况说明"
CLAIM = "本单位2024年度支出合计2,486.30万元，比上年增加270.60万元，增长17.2%，主要是办公楼维修。"
RESTATED = "与上年相比，支出合计2,486.30万元，增加270.60万元，增长17.2%。"
CONSISTENT = "本单位2024年度支出合计2,486.30万元，比上年增加270.60万元，增长12.21%，主要是办公楼维修。"
TABLE = (
    ("项目", "本年数", "上年数", "增减额", "增长率"),
    ("合计", "2,486.30", "2,215.70", "270.60", "17.2%"),
)
TABLE_CONSISTENT = (
    ("项目", "本年数", "上年数", "增减额", "增长率"),
    ("合计", "2,486.30", "2,215.70", "270.60", "12.21%"),
)


def _pdf(path: Path, pages: list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]) -> Path:
    """A PDF of pages, each some prose lines (one paragraph each) and a ruled table below them."""
    font = cjk_font()
    c = canvas.Canvas(str(path), pagesize=A4)
    for prose, table in pages:
        c.setFont(font, 10)
        y = 760.0
        for line in prose:
            c.drawString(60, y, line)
            y -= 40
        xs = (60, 160, 260, 360, 450, 530)
        top = y - 10
        for k, row in enumerate(table):
            for x, text in zip(xs, row):
                c.drawString(x + 5, top - 24 * k - 16, text)
        if table:
            for k in range(len(table) + 1):
                c.line(xs[0], top - 24 * k, xs[-1], top - 24 * k)
            for x in xs:
                c.line(x, top, x, top - 24 * len(table))
        c.showPage()
    c.save()
    return path


def _growth(path: Path, ocr_pages: set[int]) -> list:
    doc = load_document(path)
    doc = replace(doc, ocr_pages=frozenset(ocr_pages))
    return [f for f in check_document(doc).findings if f.category == "arith.growth"]


def test_a_figure_read_once_is_no_error(tmp_path):
    path = _pdf(tmp_path / "once.pdf", [((HEADING, CLAIM), ())])
    [finding] = _growth(path, {1})
    assert finding.severity == "warning" and finding.message.endswith(OCR_MARK)
    # the same page from a text layer: the finding is an error
    [text_layer] = _growth(path, set())
    assert text_layer.severity == "error" and OCR_MARK not in text_layer.message


def test_figures_read_alike_in_the_table_and_the_prose_keep_the_error(tmp_path):
    path = _pdf(tmp_path / "both.pdf", [((HEADING, CLAIM), TABLE)])
    found = _growth(path, {1})
    # the table's own change check (TBL003) stands on last year's 2,215.70 too, read only in the
    # table: that one stays a warning
    [table_row] = [f for f in found if f.rule == "TBL003"]
    assert table_row.severity == "warning" and table_row.message.endswith(OCR_MARK)
    findings = [f for f in found if f.rule != "TBL003"]
    assert findings, "the stated 17.2% (12.21% by the figures) is found"
    assert {f.severity for f in findings} == {"error"}
    assert all(f.message.endswith(OCR_CONFIRMED_MARK) for f in findings)


def test_figures_read_alike_on_two_pages_keep_the_error(tmp_path):
    path = _pdf(tmp_path / "pages.pdf", [((HEADING, CLAIM), ()), (("二、其他说明", RESTATED), ())])
    findings = [f for f in _growth(path, {1, 2}) if f.location.page == 1]
    assert [f.severity for f in findings] == ["error"]


def test_a_second_reading_of_the_same_kind_on_the_same_page_does_not_confirm(tmp_path):
    # two prose paragraphs of one page: no independent reading (the same glyphs, the same
    # recogniser pass); so also a figure that is repeated only inside the finding's own sentence
    path = _pdf(tmp_path / "same.pdf", [((HEADING, CLAIM, RESTATED), ())])
    findings = _growth(path, {1})
    assert findings and {f.severity for f in findings} == {"warning"}


def test_one_figure_left_unconfirmed_is_enough_for_a_warning(tmp_path):
    # the table confirms 2,486.30 and 270.60 but not the rate: the rate may be the misreading
    table = (TABLE[0][:4], TABLE[1][:4])
    path = _pdf(tmp_path / "part.pdf", [((HEADING, CLAIM), table)])
    findings = _growth(path, {1})
    assert findings and {f.severity for f in findings} == {"warning"}


def test_a_text_layer_page_confirms_an_ocr_page(tmp_path):
    path = _pdf(tmp_path / "mixed.pdf", [((HEADING, CLAIM), ()), (("二、其他说明",), TABLE)])
    findings = [f for f in _growth(path, {1}) if f.location.page == 1]
    assert [f.severity for f in findings] == ["error"]


def test_consistent_twins_stay_silent(tmp_path):
    path = _pdf(tmp_path / "ok.pdf", [((HEADING, CONSISTENT), TABLE_CONSISTENT)])
    assert _growth(path, {1}) == []
