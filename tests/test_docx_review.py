"""Word review copy: comments anchored at the exact figures, a memo for other inputs, and the
output opening in LibreOffice."""

from __future__ import annotations

import zipfile

import docx
import pytest
from lxml import etree

from _containers import libreoffice_convert
from _report_samples import load_sample
from checker.engine import Report
from checker.ingest import load_document
from checker.model import Finding
from checker.report.docx_review import AUTHOR, write_review

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RUNS = ["本年收入合计 256.", "40 万元，比上年增加 3", "1.20 万元，增长 1.39%。"]


def _word_source(tmp_path):
    """A .docx whose figures are split across runs, as Word often stores them, read by the docx
    reader, with findings at a span of prose and at a table cell."""
    path = tmp_path / "report.docx"
    word = docx.Document()
    word.add_paragraph("一、收入支出决算总体情况")
    para = word.add_paragraph()
    for text in RUNS:
        para.add_run(text).bold = text.startswith("40")
    table = word.add_table(rows=2, cols=2)
    for r, row in enumerate((("合计", "210.00"), ("基本支出", "120.00"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    word.add_paragraph("本年支出合计 200.00 万元。")
    word.save(str(path))

    document = load_document(path)
    growth = "".join(RUNS)
    paragraph = next(p for p in document.paragraphs() if p.text == growth)
    total = next(c for c in next(document.tables()).cells() if c.text == "210.00")
    start, end = growth.index("31.20"), growth.index("%") + 1
    findings = (
        Finding(
            "GRW001",
            "growth-rate-mismatch",
            "arith.growth",
            "error",
            "exact",
            "增长率与增减额不符：31.20 ÷ (256.40 − 31.20) = 13.85%，文中为 1.39%",
            paragraph.locate(start, end),
            growth,
            expr="31.20 / (256.40 - 31.20)",
            expected="13.85%",
            stated="1.39%",
            fingerprint="a",
        ),
        Finding(
            "SUM001",
            "sum-mismatch",
            "arith.sum",
            "warning",
            "aligned",
            "合计与分项不符",
            total.locate(),
            "210.00",
            fingerprint="b",
        ),
    )
    return path, Report(document, findings)


def _anchored_texts(path) -> dict[str, str]:
    """Comment id → the document text between its range start and end."""
    with zipfile.ZipFile(path) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    open_ids: set[str] = set()
    texts: dict[str, str] = {}
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
            texts[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        elif el.tag == W + "t":
            for cid in open_ids:
                texts[cid] += el.text or ""
    return texts


def test_comments_anchor_the_exact_span(tmp_path):
    source, report = _word_source(tmp_path)
    out = tmp_path / "review.docx"
    assert write_review(report, out) == 2
    reopened = docx.Document(str(out))
    comments = {c.comment_id: c for c in reopened.comments}
    assert {c.author for c in comments.values()} == {AUTHOR}
    anchored = _anchored_texts(out)
    by_text = {anchored[str(cid)]: c.text for cid, c in comments.items()}
    assert set(by_text) == {"31.20 万元，增长 1.39%", "210.00"}
    assert "31.20 / (256.40 - 31.20) = 13.85%" in by_text["31.20 万元，增长 1.39%"]
    # the document's own text and formatting are unchanged by the run splits
    assert [p.text for p in reopened.paragraphs][1] == "".join(RUNS)
    assert any(r.bold and r.text.startswith("40") for r in reopened.paragraphs[1].runs)
    assert docx.Document(str(source)).paragraphs[1].text == "".join(RUNS)


def _blocks(word) -> list[tuple[str, str]]:
    """(style name, text) of each body paragraph, in order."""
    return [(p.style.name, p.text) for p in word.paragraphs]


def test_memo_for_text_input_is_laid_out_for_reading(tmp_path):
    _, report = load_sample(tmp_path)
    out = tmp_path / "memo.docx"
    write_review(report, out, {"fp-sum": {"decision": "confirm", "note": "已退回"}})
    word = docx.Document(str(out))
    # a summary first: the document's facts, then the findings counted by category and severity
    facts = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert facts["发现合计"] == "3（错误 1，警告 1，提示 1）"
    counts = [[c.text for c in row.cells] for row in word.tables[1].rows]
    assert counts[0] == ["类别", "错误", "警告", "提示", "发现合计"]
    assert ["增减", "1", "0", "0", "1"] in counts and ["合计", "0", "1", "0", "1"] in counts
    blocks = _blocks(word)
    headings = [t for s, t in blocks if s == "Heading 2"]
    assert headings == ["概况", "错误（1 条）", "警告（1 条）", "提示（1 条）"]
    # each finding a block of its own: heading, message (no level repeated), place, arithmetic,
    # the source with the span marked, the decision, the fingerprint
    texts = [t for _, t in blocks]
    at = texts.index("1. GRW001 增减")
    assert blocks[at][0] == "Heading 3"
    assert texts[at + 1] == "增长率与增减额不符：31.20 ÷ (256.40 − 31.20) = 13.85%，文中为 1.39%"
    assert texts[at + 2] == "位置：第4行 · 一、收入支出决算总体情况"
    assert texts[at + 3] == "算式：31.20 / (256.40 - 31.20) = 13.85%；文中为 1.39%"
    assert texts[at + 4] == "原文：“本年收入合计 256.40 万元，比上年增加 【31.20 万元，增长 1.39%】。”"
    assert blocks[at + 4][0] == "Quote"
    assert texts[at + 5] == "指纹：fp:fp-growth"
    at = texts.index("2. SUM001 合计")
    assert "原文：“合计 | 【210.00】”" in texts[at:]
    assert texts[at + 5] == "复核：确认（已退回）"
    assert not any(t.startswith(("错误 ", "警告 ")) for t in texts)


def test_memo_of_a_clean_report_says_so(tmp_path):
    document, _ = load_sample(tmp_path)
    out = tmp_path / "memo.docx"
    write_review(Report(document, ()), out)
    word = docx.Document(str(out))
    assert "未发现问题。" in [p.text for p in word.paragraphs]
    assert len(word.tables) == 1


@pytest.mark.parametrize("kind", ["review", "memo"])
def test_opens_in_libreoffice(tmp_path, kind):
    _, report = _word_source(tmp_path) if kind == "review" else load_sample(tmp_path)
    write_review(report, tmp_path / "review.docx")
    if not libreoffice_convert([tmp_path / "review.docx"], "pdf", tmp_path, tmp_path / "lo-profile"):
        pytest.skip("LibreOffice not installed")
    pdf = tmp_path / "review.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")


def test_automatic_list_numbers_do_not_shift_the_anchor(tmp_path):
    path = tmp_path / "numbered.docx"
    word = docx.Document()
    word.add_paragraph("一、收入支出决算总体情况")
    for text in ("本年收入合计 256.40 万元，比上年增加 31.20 万元，增长 1.39%。", "本年支出合计 200.00 万元。"):
        word.add_paragraph(text, style="List Number")
    word.save(str(path))
    document = load_document(path)
    paragraph = next(p for p in document.paragraphs() if "1.39%" in p.text)
    start = paragraph.text.index("31.20")
    finding = Finding(
        "GRW001",
        "growth-rate-mismatch",
        "arith.growth",
        "error",
        "exact",
        "增长率与增减额不符",
        paragraph.locate(start, paragraph.text.index("%") + 1),
        paragraph.raw,
        fingerprint="n",
    )
    out = tmp_path / "review.docx"
    assert write_review(Report(document, (finding,)), out) == 1
    assert list(_anchored_texts(out).values()) == ["31.20 万元，增长 1.39%"]
