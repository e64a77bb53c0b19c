"""Annotated PDF copy (`jiaohe check report.pdf --format pdf -o out.pdf`): the original file
untouched, a highlight over each flagged figure with the finding as its note, notes where there
is no figure to mark, nothing executable.

The reports are drawn at run time with reportlab; the figures' boxes to compare with are read
from the output page by PDFium's own text search, not from the annotator's code path.
"""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from checker.engine import check_document
from checker.ingest import InputError, load_document
from checker.model import Finding, Location, Table
from checker.report.pdf_annotate import SEVERITY_COLOURS, render

from _containers import build_pdf

pytest.importorskip("reportlab")

SEEDED_SAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "samples-pdf" / "putuo-caizhengju-2024-seeded-errors.pdf"
)

# Invented report. Two seeded defects: 项目支出 282.20 ÷ 812.30 = 34.74% stated 35.74%; 6.30 ÷
# (92.50 − 6.30) = 7.31% stated 3.71%. Their consistent twins (65.26%, 5.46%) must stay unmarked.
LINES = [
    "青石镇文化服务中心2024年度部门决算说明",
    "一、收入支出决算总体情况说明",
    "本单位2024年度收入总计865.40万元，支出总计865.40万元。",
    "二、支出决算情况说明",
    "本年支出合计812.30万元，其中：基本支出530.10万元，占65.26%；项目支出282.20万元，占35.74%。",
    "三、一般公共预算财政拨款支出决算情况说明",
    "一般公共预算财政拨款支出742.16万元，比上年增加38.40万元，增长5.46%，主要原因是人员经费增加。",
    "公用经费支出92.50万元，比上年增加6.30万元，增长3.71%，主要原因是办公设备更新。",
    "四、支出决算表",
    "单位：万元",
    "\t项目",
    "\t本年数",
    "",
    "\t基本支出",
    "\t530.10",
    "",
    "\t项目支出",
    "\t282.20",
    "",
    "",
]
A4_HEIGHT = 841.89
SEEDED = {"SHR001": "35.74%", "GRW001": "3.71%"}


@dataclass
class Annot:
    page: int
    subtype: int
    rect: tuple[float, float, float, float]  # left, bottom, right, top
    quads: list[tuple[float, float, float, float]]  # each quad's bounding box, same order
    contents: str
    name: str
    colour: tuple[int, int, int]
    appearance: bool


def _string(annot, key: bytes) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(annot, key, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw.decode("utf-16-le").rstrip("\x00")


def annotations(data: bytes) -> list[Annot]:
    out = []
    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        page = pdf[index]
        for k in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annot = pdfium_c.FPDFPage_GetAnnot(page.raw, k)
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFAnnot_GetRect(annot, rect)
            quads = []
            for q in range(pdfium_c.FPDFAnnot_CountAttachmentPoints(annot)):
                p = pdfium_c.FS_QUADPOINTSF()
                pdfium_c.FPDFAnnot_GetAttachmentPoints(annot, q, p)
                xs, ys = (p.x1, p.x2, p.x3, p.x4), (p.y1, p.y2, p.y3, p.y4)
                quads.append((min(xs), min(ys), max(xs), max(ys)))
            appearance = bool(pdfium_c.FPDFAnnot_HasKey(annot, b"AP"))
            # PDFium reads /C only from an annotation without a stored appearance: drop it here
            # (in memory) to read the colour
            pdfium_c.FPDFAnnot_SetAP(annot, pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL, None)
            rgba = [ctypes.c_uint() for _ in range(4)]
            pdfium_c.FPDFAnnot_GetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, *(ctypes.byref(v) for v in rgba))
            out.append(
                Annot(
                    index + 1,
                    pdfium_c.FPDFAnnot_GetSubtype(annot),
                    (rect.left, rect.bottom, rect.right, rect.top),
                    quads,
                    _string(annot, b"Contents"),
                    _string(annot, b"NM"),
                    (rgba[0].value, rgba[1].value, rgba[2].value),
                    appearance,
                )
            )
            pdfium_c.FPDFPage_CloseAnnot(annot)
    pdf.close()
    return out


def char_boxes(data: bytes, page: int, figure: str) -> list[list[tuple[float, float, float, float]]]:
    """The boxes of the characters of each occurrence of ``figure`` on a page, read by PDFium
    (a figure wrapped at the line end has a line break in PDFium's text: it is allowed)."""
    textpage = pdfium.PdfDocument(data)[page - 1].get_textpage()
    text = textpage.get_text_range()
    pattern = r"\s*".join(map(re.escape, figure))
    return [
        [textpage.get_charbox(i, loose=True) for i in range(m.start(), m.end()) if not text[i].isspace()]
        for m in re.finditer(pattern, text)
    ]


def inside(box, rect, slack: float = 1.0) -> bool:
    return (
        box[0] >= rect[0] - slack
        and box[1] >= rect[1] - slack
        and box[2] <= rect[2] + slack
        and box[3] <= rect[3] + slack
    )


def jiaohe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf-annotate")
    source = folder / "report.pdf"
    source.write_bytes(build_pdf(LINES))
    out = folder / "review.pdf"
    done = jiaohe("check", str(source), "--format", "pdf", "-o", str(out))
    assert done.returncode == 1, done.stderr  # the seeded errors fail the run, as in every format
    report = check_document(load_document(source))
    return source.read_bytes(), out.read_bytes(), report


def test_every_seeded_figure_gets_one_highlight_over_its_characters(annotated):
    original, data, report = annotated
    notes = annotations(data)
    by_rule = {f.rule: f for f in report.findings}
    assert set(SEEDED) <= set(by_rule)
    for rule, stated in SEEDED.items():
        finding = by_rule[rule]
        mine = [a for a in notes if a.name == f"jiaohe-{finding.fingerprint}"]
        assert len(mine) == 1, rule
        [annot] = mine
        assert annot.subtype == pdfium_c.FPDF_ANNOT_HIGHLIGHT and annot.page == finding.location.page
        assert annot.colour == SEVERITY_COLOURS[finding.severity]
        assert annot.appearance, "stored, for viewers that draw no highlight of their own"
        assert rule in annot.contents and finding.message in annot.contents
        assert finding.fingerprint[:12] in annot.contents
        occurrences = char_boxes(data, annot.page, stated)
        covered = [occ for occ in occurrences if all(any(inside(c, q) for q in annot.quads) for c in occ)]
        assert len(covered) == 1, (rule, occurrences, annot.quads)
        for quad in annot.quads:
            assert inside(quad, annot.rect)
            assert quad[3] - quad[1] < 20, "one quad per line of text, not a block"


def test_consistent_figures_are_not_marked(annotated):
    _, data, _ = annotated
    highlights = [a for a in annotations(data) if a.subtype == pdfium_c.FPDF_ANNOT_HIGHLIGHT]
    for twin in ("65.26%", "5.46%"):
        [occurrence] = char_boxes(data, 1, twin)
        assert not any(inside(c, q) for a in highlights for q in a.quads for c in occurrence), twin


def test_the_original_file_is_kept_byte_for_byte(annotated):
    original, data, _ = annotated
    assert data.startswith(original), "the annotations are an incremental update after the original bytes"
    before, after = pdfium.PdfDocument(original), pdfium.PdfDocument(data)
    assert len(before) == len(after)
    for index in range(len(before)):
        a, b = before[index], after[index]
        assert a.get_textpage().get_text_range() == b.get_textpage().get_text_range()
        assert [o.type for o in a.get_objects()] == [o.type for o in b.get_objects()]
        pixels_a = a.render(scale=1, draw_annots=False).to_pil().tobytes()
        pixels_b = b.render(scale=1, draw_annots=False).to_pil().tobytes()
        assert pixels_a == pixels_b, f"page {index + 1} draws differently without its annotations"


def test_the_highlight_colour_is_drawn_over_the_figure(annotated):
    _, data, report = annotated
    finding = next(f for f in report.findings if f.rule == "GRW001")
    [figure] = char_boxes(data, finding.location.page, SEEDED["GRW001"])
    page = pdfium.PdfDocument(data)[finding.location.page - 1]
    scale = 3
    image = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_height()
    left, right = min(c[0] for c in figure), max(c[2] for c in figure)
    bottom, top = min(c[1] for c in figure), max(c[3] for c in figure)
    box = (int(left * scale), int((height - top) * scale), int(right * scale), int((height - bottom) * scale))
    crop = image.crop(box)
    colour = SEVERITY_COLOURS["error"]
    tinted = (np.abs(np.asarray(crop, dtype=int) - colour) <= 12).all(axis=2)
    assert tinted.mean() > 1 / 3, "the background behind the figure takes the error colour"
    plain = page.render(scale=scale, draw_annots=False).to_pil().convert("RGB").crop(box)
    assert not (np.abs(np.asarray(plain, dtype=int) - colour) <= 12).all(axis=2).any()


def _with_findings(report, findings):
    return replace(report, findings=tuple(findings))


def _finding(rule: str, severity: str, location: Location, message: str) -> Finding:
    return Finding(
        rule, "test", "structure", severity, "exact", message, location, "", fingerprint=f"{rule.lower()}-fp"
    )


def test_findings_without_a_figure_get_a_note_beside_their_place(annotated, tmp_path):
    """A whole paragraph, a whole table and a document-level finding: note icons, on the page of
    the paragraph or table, and on page 1 for the document; a table cell is a figure: highlighted."""
    original, _, report = annotated
    document = report.document
    paragraph = next(p for p in document.paragraphs() if "公用经费" in p.text)
    table = next(b for b in document.blocks if isinstance(b, Table))
    cell = next(c for c in table.cells() if c.text == "282.20")
    findings = [
        _finding("DUP001", "info", replace(paragraph.locate(), start=0, end=0), "整段重复"),
        _finding("CMP003", "warning", table.locate(), "表为空表"),
        _finding("CMP001", "warning", Location(None, None, None, "", 0, 0), "目录所列表格缺失"),
        _finding("SUM001", "error", cell.locate(), "合计不符"),
        _finding("DUP002", "info", replace(paragraph.locate(), start=0, end=0), "整段套话"),
    ]
    related = next(p for p in document.paragraphs() if "本年支出合计" in p.text).locate(6, 12)
    findings[3] = replace(findings[3], related=(related,))
    data = render(_with_findings(report, findings))
    assert data.startswith(original)
    notes = {a.name: a for a in annotations(data)}
    for f in findings[:3]:
        annot = notes[f"jiaohe-{f.fingerprint}"]
        assert annot.subtype == pdfium_c.FPDF_ANNOT_TEXT and f.message in annot.contents
        assert annot.colour == SEVERITY_COLOURS[f.severity]
    assert notes["jiaohe-dup001-fp"].page == paragraph.locate().page
    [line] = char_boxes(data, notes["jiaohe-dup001-fp"].page, "公用经费支出92.50")
    note = notes["jiaohe-dup001-fp"].rect
    assert note[2] <= min(c[0] for c in line) + 1 and note[1] <= max(c[3] for c in line) <= note[3] + 1, (
        "the note sits left of the paragraph's first line"
    )
    table_note = notes["jiaohe-cmp003-fp"]
    assert table_note.page == table.locate().page
    row_label = char_boxes(data, table_note.page, "基本支出")[-1]  # the table's, drawn after the prose
    assert table_note.rect[2] <= min(c[0] for c in row_label) + 1, "the note sits left of the table"
    assert notes["jiaohe-cmp001-fp"].page == 1
    second = notes["jiaohe-dup002-fp"].rect
    assert second[3] <= note[1] + 0.5 and second[0] == note[0], "a second note on the paragraph goes below the first"
    cell_note = notes["jiaohe-sum001-fp"]
    assert f"另见：第{related.page}页第{related.line}行" in cell_note.contents
    assert cell_note.subtype == pdfium_c.FPDF_ANNOT_HIGHLIGHT
    occurrences = char_boxes(data, cell_note.page, "282.20")
    assert any(all(inside(c, cell_note.rect) for c in occ) for occ in occurrences)


def test_notes_are_strings_and_nothing_executable_is_written(annotated):
    original, _, report = annotated
    paragraph = next(p for p in report.document.paragraphs() if "公用经费" in p.text)
    hostile = "）) /S /JavaScript /JS (app.alert(1)) >> /A << /URI (http://x) >>\x00\ud800 endobj"
    finding = _finding("GRW001", "error", paragraph.locate(6, 12), hostile)
    data = render(_with_findings(report, [finding]))
    added = data[len(original) :]
    assert not re.search(rb"/(JavaScript|JS|A|AA|URI|Launch|OpenAction|SubmitForm|Link)\b", added)
    [annot] = annotations(data)
    assert "/S /JavaScript /JS (app.alert(1))" in annot.contents and "\ufffd" in annot.contents


def test_rotated_page_is_highlighted_where_the_figure_is_shown(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width = A4[0]
    c.setPageRotation(90)  # a landscape page stored portrait, the text drawn turned
    c.transform(0, 1, -1, 0, width, 0)
    c.setFont("STSong-Light", 12)
    y = width - 72
    for line in (LINES[0], LINES[7]):
        c.drawString(72, y, line + " ")
        y -= 20
    c.showPage()
    c.save()
    source = tmp_path / "landscape.pdf"
    source.write_bytes(buf.getvalue())
    report = check_document(load_document(source))
    [finding] = [f for f in report.findings if f.rule == "GRW001"]
    data = render(report)
    [annot] = [a for a in annotations(data) if a.name == f"jiaohe-{finding.fingerprint}"]
    [figure] = char_boxes(data, 1, SEEDED["GRW001"])
    assert all(any(inside(ch, q) for q in annot.quads) for ch in figure)


def test_other_inputs_and_standard_input_are_refused(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("\n".join(line for line in LINES if not line.startswith("\t")), encoding="utf-8")
    done = jiaohe("--lang", "en", "check", str(text), "--format", "pdf", "-o", str(tmp_path / "out.pdf"))
    assert done.returncode == 2 and "--format pdf annotates a PDF" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.pdf").exists()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "--lang",
            "en",
            "check",
            "-",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "o.pdf"),
        ],
        input=b"",
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2 and b"give its name, not -" in done.stderr


def test_a_file_changed_after_the_check_is_not_annotated(tmp_path):
    source = tmp_path / "report.pdf"
    source.write_bytes(build_pdf(LINES))
    report = check_document(load_document(source))
    source.write_bytes(build_pdf(LINES[:8]))
    with pytest.raises(InputError, match="检查之后文件已改变"):
        render(report)


@pytest.mark.skipif(not SEEDED_SAMPLE.exists(), reason="../shared/samples-pdf is not present")
def test_every_finding_of_the_seeded_sample_is_annotated(tmp_path):
    out = tmp_path / "review.pdf"
    done = jiaohe("check", str(SEEDED_SAMPLE), "--format", "pdf", "-o", str(out))
    assert done.returncode in (0, 1), done.stderr
    data = out.read_bytes()
    assert data.startswith(SEEDED_SAMPLE.read_bytes())
    report = check_document(load_document(SEEDED_SAMPLE))
    names = {a.name: a for a in annotations(data)}
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors
    for finding in report.findings:
        annot = names[f"jiaohe-{finding.fingerprint}"]
        assert finding.rule in annot.contents and finding.message in annot.contents
        if finding in errors:
            assert annot.subtype == pdfium_c.FPDF_ANNOT_HIGHLIGHT and annot.page == finding.location.page


def test_a_scanned_page_is_highlighted_at_the_ocr_box(tmp_path):
    """The scanned page of test_ingest_ocr (its prose only, for half the OCR time): the growth
    defect on the wrapped line 增长16.2% is marked where the image shows it."""
    from checker.ingest import ocr

    if not ocr.available():
        pytest.skip("rapidocr-onnxruntime is not installed")
    from test_ingest_ocr import PROSE, _report_image

    image = _report_image(dpi=200)
    prose = image.crop((0, 0, image.width, image.height // 4))
    source = tmp_path / "scan.pdf"
    prose.save(source, "PDF", resolution=200)
    report = check_document(load_document(source))
    [finding] = [f for f in report.findings if f.rule == "GRW001"]
    assert finding.severity == "warning"  # OCR text: never an error
    [annot] = annotations(render(report))
    assert annot.subtype == pdfium_c.FPDF_ANNOT_HIGHLIGHT and annot.colour == SEVERITY_COLOURS["warning"]
    # _report_image draws PROSE[2] at x = 72 pt on the baseline 760 − 2 × 22 of the A4 page; the
    # crop keeps the top of the page
    height = prose.height * 72 / 200
    middle = height - (A4_HEIGHT - (760 - 2 * 22)) + 4
    assert PROSE[2].startswith("增长16.2%")
    assert any(abs(q[0] - 72) < 4 and q[1] < middle < q[3] and 110 < q[2] < 140 for q in annot.quads), annot.quads


def test_the_units_own_annotations_are_kept_as_they_were(tmp_path):
    """A comment the unit left (without a stored appearance) stays as it was: same contents, and
    no appearance made up for it; the review's marks are added beside it."""
    pdf = pdfium.PdfDocument(build_pdf(LINES))
    page = pdf[0]
    own = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_TEXT)
    pdfium_c.FPDFAnnot_SetRect(own, pdfium_c.FS_RECTF(10, 830, 30, 810))
    wide = ("单位自己的批注\x00").encode("utf-16-le")
    pdfium_c.FPDFAnnot_SetStringValue(own, b"Contents", ctypes.cast(ctypes.c_char_p(wide), pdfium_c.FPDF_WIDESTRING))
    pdfium_c.FPDFPage_CloseAnnot(own)
    page.close()
    source = tmp_path / "commented.pdf"
    pdf.save(str(source))
    pdf.close()
    report = check_document(load_document(source))
    data = render(report)
    assert data.startswith(source.read_bytes())
    found = annotations(data)
    [unit_note] = [a for a in found if a.contents == "单位自己的批注"]
    assert not unit_note.appearance
    marked = {a.name for a in found}
    assert all(f"jiaohe-{f.fingerprint}" in marked for f in report.findings)
