"""Annotated copy of a submitted PDF: the unit's own file with each finding marked in it.

The copy is the original file byte for byte followed by an incremental update (PDFium's
``FPDF_INCREMENTAL`` save) that adds annotations and nothing else: a highlight over the
characters a finding is about, its note (rule, severity, message with the arithmetic,
fingerprint) as the annotation's contents, coloured by severity. The characters are found the
way the PDF reader placed them: a block's pieces give each span's page, page line and column,
and the reader's own line builder, run again on that page (or its OCR, for a scanned page),
gives the boxes of that line's characters. A finding with no span to mark (a whole paragraph or
table, a document-level finding, a span whose characters cannot be matched) gets a note icon
beside its paragraph's first line, or at the top of page 1.

Nothing here writes an action, a link or JavaScript: the notes are PDF text strings, set
through PDFium, which escapes them.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from checker.engine import Report
from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.pdf import _Char, _chars, _display_size, _lines, _rotator
from checker.model import Cell, Document, Finding, Location, Paragraph, Table
from checker.report.docx_review import comment_text

AUTHOR = "jiaohe"
SEVERITY_COLOURS: dict[str, tuple[int, int, int]] = {
    "error": (255, 64, 64),
    "warning": (255, 176, 0),
    "info": (64, 144, 255),
}
"""Highlight colour by severity (RGB); PDFium draws a highlight in multiply mode, so the text stays legible."""
_NOTE = 20.0  # points: the side of PDFium's note icon, and the step between notes that would overlap
_PAGE_MARGIN = 24.0  # points from the page corner where document-level notes start


@dataclass(frozen=True, slots=True)
class _Box:
    """A run of one page line's characters to highlight, in displayed page coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """The annotated PDF as bytes (the `jiaohe check --format pdf` renderer)."""
    document = report.document
    if document.format != "pdf":
        raise InputError(document.path, t("pdfcopy.error.not_pdf", format=document.format))
    try:
        data = Path(document.path).read_bytes()
    except OSError as exc:
        raise InputError(document.path, t("pdfcopy.error.unreadable", reason=exc.strerror or exc)) from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise InputError(document.path, t("pdfcopy.error.changed"))
    pdf = pdfium.PdfDocument(data)
    try:
        _annotate(pdf, document, report.findings, decisions or {})
        buffer = io.BytesIO()
        pdf.save(buffer, flags=pdfium_c.FPDF_INCREMENTAL)
    except pdfium.PdfiumError as exc:
        raise InputError(document.path, t("pdfcopy.error.failed", reason=exc)) from None
    finally:
        pdf.close()
    return buffer.getvalue()


def _annotate(
    pdf: pdfium.PdfDocument,
    document: Document,
    findings: Sequence[Finding],
    decisions: Mapping[str, Mapping[str, str]],
) -> None:
    by_page: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_page[_page_of(document, finding.location)].append(finding)
    for number in sorted(by_page):
        page = pdf[number - 1]
        try:
            bare = _without_appearance(page)
            lines = _page_chars(page, number in document.ocr_pages)
            to_user = _unrotator(page)
            _, height = _display_size(page)
            taken: dict[tuple[float, float] | None, int] = defaultdict(int)  # notes at each place so far
            for finding in by_page[number]:
                text = comment_text(finding, decisions.get(finding.fingerprint)) + _elsewhere(finding)
                boxes, anchor = _place(document, finding.location, number, lines)
                if boxes:
                    _highlight(page, boxes, to_user, finding, text)
                    continue
                # several notes at one place are stacked, not drawn over each other: down the
                # margin beside a paragraph, along the top of the page for the document
                n = taken[anchor]
                taken[anchor] += 1
                if anchor is None:
                    anchor = (_PAGE_MARGIN + n * _NOTE, height - _PAGE_MARGIN)
                else:
                    anchor = (anchor[0], anchor[1] - n * _NOTE)
                _note(page, anchor, to_user, finding, text)
            if not bare:
                # PDFium stores the appearance streams of the annotations it draws: a thumbnail
                # render makes the copy carry them, for viewers that draw only stored
                # appearances (skipped where the unit's own annotations would get them too)
                page.render(scale=0.05)
        finally:
            page.close()


_DRAWN_BY_PDFIUM = frozenset(
    (
        pdfium_c.FPDF_ANNOT_CIRCLE,
        pdfium_c.FPDF_ANNOT_HIGHLIGHT,
        pdfium_c.FPDF_ANNOT_INK,
        pdfium_c.FPDF_ANNOT_POPUP,
        pdfium_c.FPDF_ANNOT_SQUARE,
        pdfium_c.FPDF_ANNOT_SQUIGGLY,
        pdfium_c.FPDF_ANNOT_STRIKEOUT,
        pdfium_c.FPDF_ANNOT_TEXT,
        pdfium_c.FPDF_ANNOT_UNDERLINE,
    )
)
"""Annotation types whose missing appearance PDFium makes up when it draws the page."""


def _without_appearance(page: pdfium.PdfPage) -> bool:
    """Whether the page has an annotation of its own that PDFium would give an appearance."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) in _DRAWN_BY_PDFIUM and not pdfium_c.FPDFAnnot_HasKey(annot, b"AP"):
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def _elsewhere(finding: Finding) -> str:
    """The related places (the other half of a conflict) a note points to: 另见第3页第12行."""
    places = [t("pdfcopy.place", page=r.page, line=r.line) for r in finding.related if r.page and r.line]
    return "\n" + t("pdfcopy.elsewhere", places=t("pdfcopy.list_sep").join(dict.fromkeys(places))) if places else ""


def _page_of(document: Document, location: Location) -> int:
    """The page a finding is shown on: its location's, else the first page of its block, else 1."""
    if location.page:
        return location.page
    pieces = _pieces(document, location)
    return next((p.page for p in pieces if p.page), 1)


def _pieces(document: Document, location: Location):
    try:
        block = document.block(location.block)
    except KeyError:
        return ()
    if isinstance(block, Table):
        return next((c.pieces for c in block.cells() if c.pieces), ())
    return block.pieces


def _page_chars(page: pdfium.PdfPage, ocr: bool) -> list[list[_Char]]:
    """The characters of each page line, as the reader numbered them (OCR boxes for a scanned
    page; none when the OCR engine is missing, so its findings become notes)."""
    if not ocr:
        chars = _chars(page)
    else:
        from checker.ingest import ocr as ocr_reader

        try:
            chars = ocr_reader.page_content(ocr_reader.render(page), 72 / ocr_reader.DPI)[0]
        except ocr_reader.OcrUnavailable:
            return []
    return [ln.chars for ln in _lines(chars)]


def _place(
    document: Document, location: Location, page: int, lines: list[list[_Char]]
) -> tuple[list[_Box], tuple[float, float] | None]:
    """The boxes to highlight on ``page`` for a location, or else where its note goes (None: the
    top of the page)."""
    try:
        block = document.block(location.block)
    except KeyError:
        return [], None
    if isinstance(block, Table):
        return [], _table_anchor(block, page, lines)
    start, end = location.start, location.end
    if end <= start:
        if isinstance(block, Paragraph):  # the whole paragraph: a note beside it, not a painted block
            return [], _anchor(block, page, lines)
        start, end = 0, len(block.raw)  # a whole cell is one figure
    boxes = _boxes(block, start, end, page, lines)
    return boxes, None if boxes else _anchor(block, page, lines)


def _boxes(block: Paragraph | Cell, start: int, end: int, page: int, lines: list[list[_Char]]) -> list[_Box]:
    """One box per page line the span ``[start, end)`` of the block covers on ``page``.

    A character is taken only when the page line has the same character at the column the
    piece maps it to, so a reader that spelled the line otherwise marks nothing rather than
    the wrong figure."""
    runs: dict[int, list[_Char]] = defaultdict(list)
    for piece in block.pieces:
        if piece.page != page or not 0 < piece.line <= len(lines):
            continue
        by_col = {c.col: c for c in lines[piece.line - 1]}
        for k in range(max(start, piece.start), min(end, piece.end)):
            char = by_col.get(piece.column + k - piece.start)
            if char is not None and char.ch == block.raw[k]:
                runs[piece.line].append(char)
    return [
        _Box(min(c.x0 for c in cs), min(c.y0 for c in cs), max(c.x1 for c in cs), max(c.y1 for c in cs))
        for _, cs in sorted(runs.items())
    ]


def _anchor(block: Paragraph | Cell, page: int, lines: list[list[_Char]]) -> tuple[float, float] | None:
    """The top left corner for a note beside the block's first line on ``page``."""
    piece = next((p for p in block.pieces if p.page == page and 0 < p.line <= len(lines)), None)
    if piece is None or not lines[piece.line - 1]:
        return None
    chars = lines[piece.line - 1]
    left = min((c.x0 for c in chars if c.col >= piece.column), default=chars[0].x0)
    return max(0.0, left - _NOTE - 2), max(c.y1 for c in chars)


def _table_anchor(table: Table, page: int, lines: list[list[_Char]]) -> tuple[float, float] | None:
    """Left of the table's leftmost text, level with its first line on ``page``."""
    first = next((c for c in table.cells() if c.raw.strip() and any(p.page == page for p in c.pieces)), None)
    if first is None:
        return None
    top = _anchor(first, page, lines)
    boxes = [b for c in table.cells() if c.raw.strip() for b in _boxes(c, 0, len(c.raw), page, lines)]
    if top is None or not boxes:
        return top
    return max(0.0, min(b.x0 for b in boxes) - _NOTE - 2), top[1]


def _unrotator(page: pdfium.PdfPage):
    """The inverse of the reader's ``_rotator``: displayed page coordinates back to PDF user space,
    where annotations are placed."""
    rotate = _rotator(page)
    ox, oy = rotate(0.0, 0.0)
    ax, ay = rotate(1.0, 0.0)
    bx, by = rotate(0.0, 1.0)
    # rotate is (x, y) ↦ o + x·(a − o) + y·(b − o); solve that 2×2 system for (x, y)
    m11, m21, m12, m22 = ax - ox, ay - oy, bx - ox, by - oy
    det = m11 * m22 - m12 * m21

    def to_user(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - ox, y - oy
        return (m22 * dx - m12 * dy) / det, (m11 * dy - m21 * dx) / det

    return to_user


def _highlight(page: pdfium.PdfPage, boxes: list[_Box], to_user, finding: Finding, text: str) -> None:
    annot = _new(page, pdfium_c.FPDF_ANNOT_HIGHLIGHT, finding, text)
    try:
        xs: list[float] = []
        ys: list[float] = []
        for box in boxes:
            # upper left, upper right, lower left, lower right as the page is displayed
            corners = [
                to_user(box.x0, box.y1),
                to_user(box.x1, box.y1),
                to_user(box.x0, box.y0),
                to_user(box.x1, box.y0),
            ]
            quad = pdfium_c.FS_QUADPOINTSF(*(v for corner in corners for v in corner))
            pdfium_c.FPDFAnnot_AppendAttachmentPoints(annot, quad)
            xs += [x for x, _ in corners]
            ys += [y for _, y in corners]
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(min(xs), max(ys), max(xs), min(ys)))
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def _note(page: pdfium.PdfPage, anchor: tuple[float, float], to_user, finding: Finding, text: str) -> None:
    annot = _new(page, pdfium_c.FPDF_ANNOT_TEXT, finding, text)
    try:
        x, y = anchor
        (ax, ay), (bx, by) = to_user(x, y), to_user(x + _NOTE, y - _NOTE)
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(min(ax, bx), max(ay, by), max(ax, bx), min(ay, by)))
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def _new(page: pdfium.PdfPage, subtype: int, finding: Finding, text: str):
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, subtype)
    if not annot:
        raise pdfium.PdfiumError("cannot add an annotation")
    r, g, b = SEVERITY_COLOURS.get(finding.severity, SEVERITY_COLOURS["info"])
    pdfium_c.FPDFAnnot_SetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, r, g, b, 255)
    pdfium_c.FPDFAnnot_SetFlags(annot, pdfium_c.FPDF_ANNOT_FLAG_PRINT)
    _set_string(annot, b"Contents", text)
    _set_string(annot, b"T", AUTHOR)
    _set_string(annot, b"Subj", f"{finding.rule} {finding.name}")
    _set_string(annot, b"NM", f"jiaohe-{finding.fingerprint}")
    return annot


def _set_string(annot, key: bytes, value: str) -> None:
    """Store a text string: PDFium encodes it (UTF-16 with escapes), so a note cannot end the
    string or the dictionary it sits in. NUL would cut it short and lone surrogates cannot be
    encoded: both become U+FFFD."""
    clean = "".join("\ufffd" if ch == "\x00" or "\ud800" <= ch <= "\udfff" else ch for ch in value)
    wide = (clean + "\x00").encode("utf-16-le")
    pdfium_c.FPDFAnnot_SetStringValue(annot, key, ctypes.cast(ctypes.c_char_p(wide), pdfium_c.FPDF_WIDESTRING))
