"""PDF reports: text and character boxes from pypdfium2, tables rebuilt from ruling lines.

Measured on ../shared/samples-pdf (23–30 pages each; see the issue note): this reader takes
0.25–0.7 s per report for text, tables and paragraphs, pdfplumber 1.0–3.8 s for its text alone
and 1.1–6.1 s with its table finder — and its text puts numbers apart from their words. The
tables of these reports are ruled grids (each border a stroked line or a thin filled
rectangle), so the grid is rebuilt here from the page's path objects, in milliseconds; a table
drawn without rules is recognised by runs of lines whose words stand in columns around figures.

Locations: a page's lines are its characters grouped by height, numbered from the top of the
page (1-based, header and footer lines included); ``column`` indexes the line's text as
``page_lines`` spells it — characters left to right, one space where a visible gap separates
two of them. Prose wrapped at the page width is re-joined without a separator, as the text
reader does; a multi-page table whose next page starts with the same columns is one Table.
"""

from __future__ import annotations

import bisect
import ctypes
import dataclasses
import math
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from checker.i18n import t
from checker.ingest import InputError
from checker.ingest.continued import continued_line
from checker.ingest.tables import UNIT_PATTERN, RawCell, make_table
from checker.lexicon import load_yaml
from checker.ingest.layout import (
    BROKEN_ROW_MIN,
    CELL_END,
    HEADING_START,
    ITEM_LINES,
    PAGE_NUMBER,
    TERMINAL,
    figure_cell,
    goes_on_inline,
    join_pieces,
    opens_item,
    pipe_row,
    pipe_tables,
    rejoin,
)
from checker.model import Block, Paragraph, Piece, Table
from checker.normalize import normalize, without_spaces
from checker.structure import parse_heading
from checker.tables.grid import is_title_row, title_words

_TOUCH = 0.05  # ems: glyphs this close (or overlapping) are set edge to edge, one word
_GAP_SPACE = 0.15  # a gap wider than this share of the font size shows as a space
_CJK_COLUMN_GAP = 1.5  # ems between two Chinese characters that part two columns
# ems: a wider gap parts two words of a borderless table; a name that filled its cell (LibreOffice
# pads a cell by ~0.2 cm a side) stands ~1.5 ems from the next column, prose gaps are under 0.5
_WORD_GAP = 1.2
_SPACE_REACH = 0.5  # ems: a space glyph starts this close to the right edge of the glyph it follows
_CJK_SPACE_GAP = 0.25  # ems more than a line's own Chinese gaps: a space drawn as a gap
_COLUMN_START_GAP = 1.0  # ems: two cells padded (LibreOffice: ~1.1 ems between them) at a column's start
_NEXT_LINE = 1.5  # ems: the next line of a cell's text is set closer below than this
_TAB_GAP = 0.08  # ems: a gap without a space glyph this wide may be a tab stop's
_TAB_STOP_TOLERANCE = 1.5  # points: cells this close start at one tab stop
_TAB_ROWS = 3  # rows of figures that make a table typed with TABs
_TAB_STEP_MIN = 1.9  # ems: default tab stops are at least this far apart
_SNAP = 2.0  # points: ruling lines this close are one line
_MIN_RULE = 3.0  # points: shorter strokes are corner dots, not borders
_SLIVER = 6.0  # points: column boundaries closer than this leave no room for a glyph
_MARGIN_BAND = 0.08  # share of the page height where headers and footers live
_WHITE = 250  # a fill with every channel this bright is the page colour
_CAPTION_MAX = 40
_SAME_EDGE = 5.0  # points: column rules of two pages of one table this close are the same rule
_FEW_ROWS_COLUMNS = 6  # columns that make two figure rows under a header a table
_LONE_LINES = 3  # lines a row of one cell (a label wrapped) may take inside a borderless table
_BODY_GAP = 2.5  # ems: rows of a table body drawn without rules are set closer than this apart
_SHARED_STARTS = 3  # lines whose words start at one x make a column start there
_BLANK_COLUMN = 8.0  # ems: a header may reach this far right of a table's last figures (a blank last column)
_TITLE_SIZE = 1.4  # a title's type is this much larger than a table's (whose digits may measure 0.8 of it)
_GROUP_MAX = 6  # columns a header word may head together
_HEAD_MAX = 8  # rows: a header repeated on the next page is no deeper than this
MAX_RULES_PER_PAGE = 4000
"""Ruling lines of one page after joining touching strokes; a dense real table page has a few hundred."""
MAX_CELLS_PER_PAGE = 20000
"""Grid cells (rows × columns) of the ruled tables of one page; a full page of a dense table has ~1,500."""


class _PageTooLarge(Exception):
    """A page asks for more than the caps above; read_pdf turns it into an InputError."""


_FIGURE_MARK = re.compile(r"[\d\-—/]")  # a figure, or a mark a form writes for none
_AMOUNT = re.compile(r"\d\.\d")  # a row with amounts in it is data, even when it repeats
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


@dataclass(slots=True)
class _Char:
    """A glyph: its advance box left and right, its baseline, and its font size."""

    ch: str
    x0: float
    x1: float
    base: float
    size: float
    line: int = 0  # 0-based index of the page line
    col: int = 0  # column in that line's text
    in_table: bool = False
    spaced: bool = False  # the text layer draws a space glyph right after this one
    led: bool = False  # ... or right before this one, at the start of its line
    tabs: int = 0  # TABs the writer typed right after this one, kept in the text layer
    cut: bool = False  # a column of a borderless table starts at this glyph, however close the one before

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.base + 0.3 * self.size

    @property
    def y0(self) -> float:
        return self.base - 0.2 * self.size

    @property
    def y1(self) -> float:
        return self.base + 0.8 * self.size


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    text: str
    top: float
    bottom: float


@dataclass(slots=True)
class _Fragment:
    """The running-text part of one page line."""

    page: int
    line: int  # 1-based page line
    column: int
    text: str
    x0: float
    x1: float
    em: float
    top: float
    base: float
    header: bool = False
    spaced: tuple[bool, bool] = (False, False)  # a typed space drawn before / after it


@dataclass(slots=True)
class _Grid:
    page: int
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom (descending y)
    owner: dict[tuple[int, int], int]  # fine cell → span index
    spans: list[tuple[int, int]]  # span index → its top-left fine cell
    chars: dict[int, list[_Char]] = field(default_factory=dict)
    # a table drawn without rules: per column, the x its words start at and the x they end at
    # where all its rows agree on it (None where they do not)
    anchors: list[tuple[float | None, float | None]] | None = None

    @property
    def top(self) -> float:
        return self.ys[0]


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    grids: list[_Grid]
    images: int
    ocr: bool = False  # the characters were read from the page image


# ---------------------------------------------------------------- entry point


def read_pdf(path: Path, data: bytes) -> tuple[list[Block], list[str]]:
    blocks, warnings, _ = read_pdf_with_ocr_pages(path, data)
    return blocks, warnings


def read_pdf_with_ocr_pages(path: Path, data: bytes) -> tuple[list[Block], list[str], frozenset[int]]:
    """The blocks of a PDF, the reader's warnings, and the pages whose text OCR read."""
    from checker.ingest import ocr

    pdf = _open(path, data)
    warnings: list[str] = []
    missing = None  # why OCR cannot run, once a page needing it has shown the engine is missing
    try:
        pages = []
        for index in range(len(pdf)):
            try:
                pages.append(_read_page(pdf, index, missing is None))
            except pdfium.PdfiumError as exc:
                raise InputError(path, t("input.pdf_page_corrupt", page=index + 1, exc=exc)) from None
            except _PageTooLarge as exc:
                raise InputError(path, t("input.pdf_page_too_large", page=index + 1, what=exc)) from None
            except ocr.OcrUnavailable as exc:
                missing = str(exc)
                warnings.append(t("input.warning.no_ocr", why=missing))
                pages.append(_read_page(pdf, index, False))
    finally:
        ocr.progress(0, 0)
        pdf.close()
    chars = [c for p in pages for ln in p.lines for c in ln.chars]
    if not chars:
        raise InputError(
            path, t("input.pdf_scanned") if missing is None else t("input.pdf_scanned_no_ocr", why=missing)
        )
    unmapped = sum(1 for c in chars if c.ch == "\ufffd" or "\ue000" <= c.ch <= "\uf8ff")
    if unmapped > len(chars) / 2:
        raise InputError(path, t("input.pdf_unmapped"))
    for p in pages:
        if not p.lines and p.images:
            warnings.append(t("input.warning.scanned_page", page=p.number))
    ocr_pages = frozenset(p.number for p in pages if p.ocr)
    if ocr_pages:
        warnings.append(t("input.warning.ocr_pages", count=len(ocr_pages)))
    return rejoin(pipe_tables(_Assembler(pages).run())), warnings, ocr_pages


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(path, t("input.pdf_password")) from None
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(path, t("input.pdf_security")) from None
        raise InputError(path, t("input.pdf_corrupt")) from None


def page_lines(page: pdfium.PdfPage) -> list[str]:
    """The text of each line of a page, top to bottom, as locations count them."""
    return [ln.text for ln in _lines(_chars(page))]


# ---------------------------------------------------------------- one page


def _read_page(pdf: pdfium.PdfDocument, index: int, can_ocr: bool) -> _Page:
    page = pdf[index]
    try:
        width, height = _display_size(page)
        chars = _chars(page)
        hs, vs, images = _rules(page)
        ocr = can_ocr and not chars and images > 0
        if ocr:
            from checker.ingest import ocr as ocr_reader

            ocr_reader.progress(index + 1, len(pdf))
            chars, hs, vs = ocr_reader.page_content(ocr_reader.render(page), 72 / ocr_reader.DPI)
        return layout(index + 1, width, height, chars, hs, vs, images, ocr)
    finally:
        page.close()


def layout(
    number: int, width: float, height: float, chars: list[_Char], hs, vs, images: int, ocr: bool = False
) -> _Page:
    """A page from its characters and ruling strokes, whether a text layer or OCR gave them."""
    lines = _lines(chars, ocr)
    grids = _grids(number, hs, vs)
    for grid in grids:
        _fill(grid, lines)
    for grid in grids:
        _open_body(grid, lines)
    # A grid with no text in it (a border left over at a page break) holds nothing to read.
    grids = [g for g in grids if g.chars]
    # Tables typed with TABs first: columns of figures that a tab stop set close to their label
    # would otherwise be read as a wider table's columns where rows happen to leave wide gaps.
    grids += _tab_stop_grids(number, lines)
    return _Page(number, width, height, lines, grids + _aligned_grids(number, lines), images, ocr)


def _display_size(page: pdfium.PdfPage) -> tuple[float, float]:
    w, h = page.get_size()
    return (h, w) if page.get_rotation() in (90, 270) else (w, h)


def _rotator(page: pdfium.PdfPage):
    """Map PDF user space to the upright page as displayed (y still grows upwards)."""
    w, h = page.get_size()
    rotation = page.get_rotation()
    if rotation == 90:
        return lambda x, y: (y, w - x)
    if rotation == 180:
        return lambda x, y: (w - x, h - y)
    if rotation == 270:
        return lambda x, y: (h - y, x)
    return lambda x, y: (x, y)


def _chars(page: pdfium.PdfPage) -> list[_Char]:
    textpage = page.get_textpage()
    rotate = _rotator(page)
    out: list[_Char] = []
    space_next = False
    ox, oy, box = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
    ox_ref, oy_ref, box_ref = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(box)
    try:
        for i in range(textpage.count_chars()):
            # pdfium invents spaces and line breaks from the layout, sometimes with boxes far
            # from the text; spaces are re-derived below from the gaps between real glyphs.
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
                continue
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            if code == 0 or 0xD800 <= code <= 0xDFFF:
                continue
            ch = chr(code)
            if ch.isspace():
                # A space the writer typed is drawn as a glyph, however narrow: it parts two
                # words or figures (89.974 89.974) that a gap alone may not — also where the line
                # wraps at it (10 / 0 is not 100).
                pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ox_ref, oy_ref)
                x, base = rotate(ox.value, oy.value)
                if out and abs(out[-1].base - base) <= 0.3 * out[-1].size:
                    # A space drawn away from the glyph before it in the text layer belongs to
                    # other words of the line (LibreOffice writes a line's spaces with its Latin
                    # characters, after its Chinese ones): their gap shows it where it is.
                    if abs(x - out[-1].x1) <= _SPACE_REACH * out[-1].size:
                        out[-1].spaced = True
                    # A TAB is a cell boundary wherever it is drawn: a text printed as it was
                    # typed keeps it as a glyph, however wide its gap.
                    out[-1].tabs += ch == "\t"
                else:
                    space_next = True
                continue
            # Glyph boxes are unreliable vertically (a comma sits low, 一 is a thin bar, some
            # fonts report a Latin box twice as tall): lines are grouped by baseline, and the
            # size comes from the advance of a full-width glyph.
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, box_ref)
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ox_ref, oy_ref)
            ax, ay = rotate(box.left, box.bottom)
            bx, by = rotate(box.right, box.top)
            x0, x1, height = min(ax, bx), max(ax, bx), abs(by - ay)
            advance = x1 - x0
            size = advance if _is_cjk(ch) else min(height, 2 * advance)
            if size <= 0:
                continue
            out.append(_Char(ch, x0, x1, rotate(ox.value, oy.value)[1], size, led=space_next))
            space_next = False
    finally:
        textpage.close()
    # A sheet printed past the page's edge keeps its text there, where no reader sees it (a second
    # table under the page's own, drawn below its bottom): only what the page shows is read. (The
    # glyph boxes of a turned page are not given in its box's space; such pages are read whole.)
    if page.get_rotation():
        return out
    left, bottom, right, top = page.get_bbox()
    return [c for c in out if left <= c.cx <= right and bottom <= c.cy <= top]


def _lines(chars: list[_Char], ocr: bool = False) -> list[_Line]:
    """Group characters into lines by height, top to bottom, and spell each line (``ocr``: the
    characters were spread evenly over the boxes OCR read)."""
    chars.sort(key=lambda c: (-c.base, c.x0))
    groups: list[list[_Char]] = []
    ref_base = ref_size = 0.0
    for c in chars:
        if groups and abs(c.base - ref_base) <= 0.3 * min(ref_size, c.size):
            groups[-1].append(c)
        else:
            groups.append([c])
            ref_base, ref_size = c.base, c.size
    lines: list[_Line] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        kept: list[_Char] = []
        for c in group:
            # Fake bold draws each glyph twice, slightly shifted.
            if kept and kept[-1].ch == c.ch and abs(c.x0 - kept[-1].x0) < 0.3 * (kept[-1].x1 - kept[-1].x0):
                continue
            kept.append(c)
        # (OCR's boxes are no typesetting: only a column's gap parts two of their characters)
        justified = math.inf if ocr else _justification(kept)
        parts: list[str] = []
        width = 0
        for k, c in enumerate(kept):
            if k:
                prev = kept[k - 1]
                gap = c.x0 - prev.x1
                em = min(prev.size, c.size)
                if _is_cjk(prev.ch) and _is_cjk(c.ch):
                    # Chinese puts no spaces between characters: a gap between two of them is
                    # justification (因 公 出 国), the same all along the line, or a wide one
                    # parting columns — or a space the writer typed that the PDF draws as a gap
                    # without a glyph (LibreOffice's PDF of a Word file), which stands out from
                    # the line's own gaps.
                    space = gap > min(_CJK_COLUMN_GAP * em, justified + _CJK_SPACE_GAP * em)
                else:
                    space = gap > _GAP_SPACE * em
                if space or (prev.spaced or c.led) and gap > -0.2 * em:
                    parts.append(" ")
                    width += 1
            c.line = len(lines)
            c.col = width
            parts.append(c.ch)
            width += 1
        lines.append(_Line(kept, "".join(parts), max(c.y1 for c in kept), min(c.y0 for c in kept)))
    return lines


def _justification(chars: list[_Char]) -> float:
    """The gap a line puts between two Chinese characters of a word: the median of those gaps
    (a typed space is one gap of many)."""
    gaps = [b.x0 - a.x1 for a, b in zip(chars, chars[1:]) if _is_cjk(a.ch) and _is_cjk(b.ch)]
    return statistics.median(gaps) if gaps else 0.0


def _is_cjk(ch: str) -> bool:
    return ch >= "\u2e80"


# ---------------------------------------------------------------- ruling lines and grids


def _rules(page: pdfium.PdfPage) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]], int]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) strokes of the page, and its image count."""
    rotate = _rotator(page)
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    images = 0

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = rotate(*p), rotate(*q)
        if abs(ay - by) < 0.5 and abs(ax - bx) >= _MIN_RULE:
            hs.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < 0.5 and abs(ay - by) >= _MIN_RULE:
            vs.append(((ax + bx) / 2, min(ay, by), max(ay, by)))

    def walk(objects: Iterator, parent: pdfium.PdfMatrix | None) -> None:
        nonlocal images
        for obj in objects:
            matrix = obj.get_matrix()
            if parent is not None:
                matrix = matrix.multiply(parent)
            if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk(page.get_objects(form=obj, max_depth=0), matrix)
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                _path_edges(obj, matrix, add)

    walk(page.get_objects(max_depth=0), None)
    return hs, vs, images


def _path_edges(obj, matrix: pdfium.PdfMatrix, add) -> None:
    left, bottom, right, top = obj.get_bounds()
    if right - left < _MIN_RULE and top - bottom < _MIN_RULE:
        return  # the dots Word draws where borders meet
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value or not stroke.value and _invisible_fill(obj):
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        point = matrix.on_point(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
            add(current, point)
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            add(current, start)
            current = start


def _invisible_fill(obj) -> bool:
    """A white or transparent fill draws nothing on the page. Word paints each cell's background
    as such a box, inset from the cell's borders: its edges are no rules (taken as rules they cut
    a row whose name wraps in two, 1.一般公共预 / 算, into three)."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *map(ctypes.byref, rgba)):
        return False
    r, g, b, a = (v.value for v in rgba)
    return a == 0 or min(r, g, b) >= _WHITE


def _merge(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Snap strokes at (nearly) the same position together and join the touching ones."""
    out: list[tuple[float, float, float]] = []
    segments = sorted(segments)
    i = 0
    while i < len(segments):
        j = i
        while j + 1 < len(segments) and segments[j + 1][0] - segments[j][0] <= _SNAP:
            j += 1
        group = segments[i : j + 1]
        pos = statistics.fmean(s[0] for s in group)
        spans = sorted((s[1], s[2]) for s in group)
        lo, hi = spans[0]
        for a, b in spans[1:]:
            if a <= hi + _SNAP:
                hi = max(hi, b)
            else:
                out.append((pos, lo, hi))
                lo, hi = a, b
        out.append((pos, lo, hi))
        i = j + 1
    return out


def _snapped(values: list[float], snap: float) -> dict[float, float]:
    """Each value → the mean of its run of values no more than ``snap`` apart."""
    out: dict[float, float] = {}
    group: list[float] = []
    for v in sorted(values) + [float("inf")]:
        if group and v - group[-1] > snap:
            mean = statistics.fmean(group)
            out.update((g, mean) for g in group)
            group = []
        group.append(v)
    return out


def _grids(page_no: int, hs_raw, vs_raw) -> list[_Grid]:
    hs, vs = _merge(hs_raw), _merge(vs_raw)
    if not hs or not vs:
        return []
    if len(hs) + len(vs) > MAX_RULES_PER_PAGE:
        raise _PageTooLarge(t("input.pdf_rules", count=f"{len(hs) + len(vs):,}", limit=f"{MAX_RULES_PER_PAGE:,}"))
    parent = list(range(len(hs) + len(vs)))
    vs_x = [v[0] for v in vs]  # _merge returns them sorted by position

    for i, (y, x0, x1) in enumerate(hs):
        for j in range(bisect.bisect_left(vs_x, x0 - _SNAP), bisect.bisect_right(vs_x, x1 + _SNAP)):
            x, y0, y1 = vs[j]
            if y0 - _SNAP <= y <= y1 + _SNAP:
                parent[_find(parent, i)] = _find(parent, len(hs) + j)
    components: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        components.setdefault(_find(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        components.setdefault(_find(parent, len(hs) + j), ([], []))[1].append(v)
    grids = []
    cells = 0
    for comp_h, comp_v in components.values():
        if not comp_h or not comp_v:
            continue
        # Open-sided tables have no outer verticals (or horizontals): the strokes' ends stand in.
        # Cells drawn as inset boxes double a rule a few points apart, and neighbouring cells
        # disagree on which of the pair they draw: no text fits between the two, so they are one
        # boundary (else a row's name and its amount land in different rows or columns).
        at_x = _snapped([v[0] for v in comp_v] + [min(h[1] for h in comp_h), max(h[2] for h in comp_h)], _SLIVER)
        at_y = _snapped([h[0] for h in comp_h] + [min(v[1] for v in comp_v), max(v[2] for v in comp_v)], _SLIVER)
        comp_v = [(at_x[v[0]], v[1], v[2]) for v in comp_v]
        comp_h = [(at_y[h[0]], h[1], h[2]) for h in comp_h]
        xs = sorted(set(at_x.values()))
        ys = sorted(set(at_y.values()))
        ys.reverse()
        if len(xs) < 3 or len(ys) < 2:
            continue  # a framed box or a rule under a heading, not a table
        cells += (len(xs) - 1) * (len(ys) - 1)
        if cells > MAX_CELLS_PER_PAGE:
            raise _PageTooLarge(t("input.pdf_cells", limit=f"{MAX_CELLS_PER_PAGE:,}"))
        grids.append(_grid(page_no, xs, ys, comp_h, comp_v))
    grids.sort(key=lambda g: (-g.top, g.xs[0]))
    return grids


def _find(parent: list[int], i: int) -> int:
    """Union-find root with path halving."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _covered(segments, positions: list[float], pos: float, at: float) -> bool:
    """Whether a stroke (segments sorted by position, ``positions`` their positions) crosses ``at``."""
    lo, hi = bisect.bisect_left(positions, pos - _SNAP), bisect.bisect_right(positions, pos + _SNAP)
    return any(s[1] - _SNAP <= at <= s[2] + _SNAP for s in segments[lo:hi])


def _grid(page_no: int, xs: list[float], ys: list[float], hs, vs) -> _Grid:
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))
    hs, vs = sorted(hs), sorted(vs)
    hs_at, vs_at = [h[0] for h in hs], [v[0] for v in vs]

    for r in range(n_rows):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_cols and not _covered(vs, vs_at, xs[c + 1], ymid):
                parent[_find(parent, r * n_cols + c)] = _find(parent, r * n_cols + c + 1)
            if r + 1 < n_rows and not _covered(hs, hs_at, ys[r + 1], xmid):
                parent[_find(parent, r * n_cols + c)] = _find(parent, (r + 1) * n_cols + c)
    owner: dict[tuple[int, int], int] = {}
    first: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    for r in range(n_rows):
        for c in range(n_cols):
            root = _find(parent, r * n_cols + c)
            if root not in first:
                first[root] = len(spans)
                spans.append((r, c))  # row-major order: the first cell seen is the top-left
            owner[(r, c)] = first[root]
    return _Grid(page_no, xs, ys, owner, spans)


def _fill(grid: _Grid, lines: list[_Line]) -> None:
    """Give the grid the characters whose centres fall inside its cells."""
    neg_ys = [-y for y in grid.ys]
    for ln in lines:
        if ln.bottom > grid.ys[0] + _SNAP or ln.top < grid.ys[-1] - _SNAP:
            continue
        for c in ln.chars:
            if c.in_table:
                continue
            col = bisect.bisect_right(grid.xs, c.cx) - 1
            row = bisect.bisect_right(neg_ys, -c.cy) - 1
            if 0 <= col < len(grid.xs) - 1 and 0 <= row < len(grid.ys) - 1:
                c.in_table = True
                grid.chars.setdefault(grid.owner[(row, col)], []).append(c)


def _open_body(grid: _Grid, lines: list[_Line]) -> None:
    """A ruled header over rows drawn without rules (a sheet whose borders were set on its header
    only): the lines right below the grid, inside its left and right rules, set no farther apart
    than a few lines and in the body's type size, are its rows, their words in the columns of the
    header's rules — the words of two neighbouring cells may stand closer than any gap would part
    them (a long name and its row number). Only when the header holds no figure and at least two
    of those rows hold one."""
    if any(_AMOUNT.search("".join(c.ch for c in chars)) for chars in grid.chars.values()):
        return
    sizes = [c.size for chars in grid.chars.values() for c in chars]
    if not sizes:
        return
    size = statistics.median(sizes)
    rows: list[_Line] = []
    above = grid.ys[-1]
    for ln in lines:
        if ln.top > grid.ys[-1] + _SNAP:
            continue
        if any(c.in_table for c in ln.chars) or above - ln.top > _BODY_GAP * size:
            break
        if ln.chars[0].x0 < grid.xs[0] - _SNAP or ln.chars[-1].x1 > grid.xs[-1] + _SNAP:
            break
        if max(c.size for c in ln.chars) > 1.2 * size:
            break
        rows.append(ln)
        above = ln.bottom
    if sum(bool(_AMOUNT.search(ln.text)) for ln in rows) < 2:
        return
    n_cols = len(grid.xs) - 1
    first = len(grid.ys) - 1
    grid.ys[-1:] = [grid.ys[-1]] + [(a.bottom + b.top) / 2 for a, b in zip(rows, rows[1:])] + [rows[-1].bottom - 1]
    for r, ln in enumerate(rows, first):
        for c in range(n_cols):
            grid.owner[(r, c)] = len(grid.spans)
            grid.spans.append((r, c))
        # a word goes whole where it starts: the name of a merged cell (人员经费合计 over a code's
        # and a name's column) runs on over the next column's rule
        for word in _words_of(ln.chars):
            col = min(max(bisect.bisect_right(grid.xs, word[0].cx) - 1, 0), n_cols - 1)
            for ch in word:
                ch.in_table = True
            grid.chars.setdefault(grid.owner[(r, col)], []).extend(word)


def _segments(ln: _Line) -> list[list[_Char]]:
    """Split a line where a gap wider than ``_WORD_GAP`` separates its words."""
    out: list[list[_Char]] = []
    for c in ln.chars:
        if out and not c.cut and c.x0 - out[-1][-1].x1 < _WORD_GAP * min(c.size, out[-1][-1].size):
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _mark_shared_starts(lines: list[_Line]) -> None:
    """Mark where a column starts inside a word run of a line: a sheet pads its cells by little, so
    a code filling its column stands closer to the name beside it (2010101 行政运行), a figure to
    the next column's name (3,431.87 一、教育支出), the longest name to its row number, than any
    gap parts; but the next column starts at one x on every row. In the lines a wide gap parts
    (rows of a table, not prose), a visible gap with a number (or a dash for none) on one side
    and words or a code on the other, at whose far side ``_SHARED_STARTS`` lines or more start a
    word (after a wide gap or such a narrow one), is a column's start. (Between two amounts it is
    no such sign: amounts typed at close tab stops stand so too.)"""
    starts: list[tuple[float, int]] = []
    narrow: list[_Char] = []
    for ln in lines:
        chars = ln.chars
        # a line of prose (no wide gap) keeps its spaces; a gap shows as a space in the text
        if (
            " " not in ln.text
            or not _FIGURE_MARK.search(ln.text)
            or not any(b.x0 - a.x1 >= _WORD_GAP * min(a.size, b.size) for a, b in zip(chars, chars[1:]))
            or any(c.in_table for c in chars)
        ):
            continue
        words = _words_of(ln.chars)
        for before, after in zip(words, words[1:]):
            if after[0].x0 - before[-1].x1 >= _WORD_GAP * min(after[0].size, before[-1].size):
                starts.append((after[0].x0, after[0].line))
            elif _cell_edge(*("".join(c.ch for c in w) for w in (before, after))):
                starts.append((after[0].x0, after[0].line))
                narrow.append(after[0])
    if not narrow:
        return
    starts.sort()
    xs = [x for x, _ in starts]
    for c in narrow:
        lo = bisect.bisect_left(xs, c.x0 - _TAB_STOP_TOLERANCE)
        hi = bisect.bisect_right(xs, c.x0 + _TAB_STOP_TOLERANCE)
        if hi - lo >= _SHARED_STARTS and len({line for _, line in starts[lo:hi]}) >= _SHARED_STARTS:
            c.cut = True


def _cell_edge(before: str, after: str) -> bool:
    """Whether two words set close may be the ends of two cells: a number (or a dash for none) and
    words or a code (digits alone), not two amounts."""

    def amount(text: str) -> bool:
        return figure_cell(text) and not text.isdigit()

    numbers = [bool(_NUMBER.fullmatch(t) or figure_cell(t)) for t in (before, after)]
    return any(numbers) and not (amount(before) and amount(after))


def _aligned_grids(page_no: int, lines: list[_Line]) -> list[_Grid]:
    """Tables drawn without rules: runs of lines split into columns, several of them holding
    figures. The columns are where the figure rows put their words. A cell whose words wrap
    puts a line of its own below its row (其中：一般公共预 / 算财政拨款): the line goes with the
    row (see ``_wrapped_cell``) instead of ending the table; so does a line holding the rest of
    several cells of a header (本年决算数 / 金额 beside 科目名称 / 编码, see ``_wrapped_cells``)."""
    _mark_shared_starts(lines)
    grids: list[_Grid] = []
    run: list[tuple[_Line, list[list[_Char]]]] = []
    tails: list[list[tuple[_Line, list[_Char]]]] = []  # per row: the lines its cells wrapped onto
    for i, ln in enumerate(lines + [None]):
        segments = _split_at_columns(_free_segments(ln), run, lines[i + 1 : i + 3])
        below = _free_segments(lines[i + 1]) if ln is not None and i + 1 < len(lines) else []
        after = lines[i + 1] if len(below) >= 2 else None
        if run and ln is not None:
            above = tails[-1][-1][0] if tails[-1] else run[-1][0]
            if _figure_ends(run, above, ln, segments):
                tails[-1] += [(ln, seg) for seg in segments]
                continue
            if len(segments) == 1 or len(segments) >= 2 and _wrapped_cells(run, ln, segments):
                nxt = after if len(segments) == 1 else _next_figure_row(lines, i)
                if all(_wrapped_cell(run, above, ln, seg, nxt) for seg in segments):
                    tails[-1] += [(ln, seg) for seg in segments]
                    continue
            if len(segments) == 1 and _continues_earlier_row(run, tails, ln, segments[0]):
                tails[-2].append((ln, segments[0]))
                continue
        if len(segments) >= 2 or run and len(segments) == 1 and _lone_cell(run, lines, i):
            run.append((ln, segments))
            tails.append([])
            continue
        lone = False
        numeric = [
            segs
            for _, segs in run
            if len(segs) >= 3 and any(_NUMBER.fullmatch("".join(c.ch for c in seg)) for seg in segs)
        ]
        columns = 3
        if (
            run
            and len(numeric) == 2
            and any(len(segs) >= 3 and not any(c.ch.isdigit() for seg in segs for c in seg) for _, segs in run)
        ):
            # one row of amounts under a header and its column numbers (a 三公 table): wide, and
            # headed, it is no prose
            columns = _FEW_ROWS_COLUMNS
        elif lone := (
            len(numeric) == 1
            and len(numeric[0]) >= _FEW_ROWS_COLUMNS
            and all(figure_cell("".join(c.ch for c in seg)) for seg in numeric[0])
        ):
            # a row of figures alone (a 三公 table of one year's amounts): a table only under a
            # sheet's header (see ``_header_above``)
            columns = _FEW_ROWS_COLUMNS
        elif run and len(numeric) < 3:
            numeric, columns = _label_figure_rows(run), 2
        if len(numeric) >= 2 or lone:
            # A row of column numbers (栏次 1 2 3) centres them in columns whose amounts stand on
            # the right: where two rows or more hold amounts, those rows alone place the columns.
            amounts = [segs for segs in numeric if any(_AMOUNT.search("".join(c.ch for c in seg)) for seg in segs)]
            if len(amounts) >= 2:
                numeric = amounts
            spans: list[list[float]] = []
            for x0, x1 in sorted((seg[0].x0, seg[-1].x1) for seg in _unmerged(numeric)):
                if spans and x0 <= spans[-1][1]:
                    spans[-1][1] = max(spans[-1][1], x1)
                else:
                    spans.append([x0, x1])
            # A word in a gap between the figures' columns, in a row whose other words start where
            # those columns start (cells aligned on their left), heads a column of its own that
            # these rows leave empty (项 of 类 款 项 over codes of two levels only). A header
            # centred over figures aligned on their right may stand in such a gap: its row is not
            # aligned on the left.
            for _, segs in run:
                if sum(any(abs(seg[0].x0 - a) <= _TAB_STOP_TOLERANCE for a, _ in spans) for seg in segs) < 2:
                    continue
                for seg in segs:
                    x0, x1 = seg[0].x0, seg[-1].x1
                    if spans[0][0] < x0 and x1 < spans[-1][1] and not any(a <= x1 and x0 <= b for a, b in spans):
                        bisect.insort(spans, [x0, x1])
            head, f = _header_above(lines, run, tails, spans, numeric) if len(spans) >= columns else ([], 0)
            if len(spans) >= columns and (head or not lone):
                over: dict[int, int] = {}  # a header word over several columns → the first of them
                if head:
                    words = [word for ln in head for word in _words_of(ln.chars)]
                    # a word over several columns (科目编码 over 类 款 项) heads no blank column
                    groups = _over_columns(words, _cell_edges(spans, numeric))
                    _empty_columns(spans, [w for w in words if id(w) not in groups], numeric)
                    edges = _cell_edges(spans, numeric)
                    groups = _over_columns(words, edges)
                    over = {key: i for key, (i, _) in groups.items()}
                    tiers = _tiers(words, groups, edges)
                    run[:f] = [
                        (head[0] if not t else head[-1], [w for w, at in zip(words, tiers) if at == t])
                        for t in range(max(tiers) + 1)
                    ]
                    tails[:f] = [[] for _ in range(max(tiers) + 1)]
                ends = [tail[-1][0] if tail else row for (row, _), tail in zip(run, tails)]
                xs = [spans[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1] + 1]
                ys = [run[0][0].top + 1] + [(a.bottom + b.top) / 2 for a, (b, _) in zip(ends, run[1:])]
                ys.append(ends[-1].bottom - 1)
                n_cols = len(xs) - 1
                owner = {(r, c): r * n_cols + c for r in range(len(ys) - 1) for c in range(n_cols)}
                grid = _Grid(page_no, xs, ys, owner, sorted(owner, key=owner.get))
                # A word goes whole into the column under its middle; a name starting where a column
                # of figures starts, over several columns (a merged header cell: 一般公共预算财政拨款
                # over 小计, 基本支出, 项目支出), into that first one, where the grid keeps a merged
                # cell's text. (A name centred over figures aligned on their right may start left
                # of its column: its middle tells its column.)
                for r, ((_, segs), tail) in enumerate(zip(run, tails)):
                    for seg in segs + [seg for _, seg in tail]:
                        col = bisect.bisect_right(xs, (seg[0].x0 + seg[-1].x1) / 2) - 1
                        if not any(c.ch.isdigit() for c in seg) and any(
                            abs(seg[0].x0 - a) <= _TAB_STOP_TOLERANCE for a, _ in spans
                        ):
                            col = min(col, bisect.bisect_right(xs, seg[0].x0) - 1)
                        col = over.get(id(seg), col)
                        grid.chars.setdefault(owner[(r, min(max(col, 0), n_cols - 1))], []).extend(seg)
                        for c in seg:
                            c.in_table = True
                grid.anchors = _anchors(xs, numeric)
                grids.append(grid)
        run, tails = [], []
    return grids


def _unmerged(rows: list[list[list[_Char]]]) -> list[list[_Char]]:
    """The words of the rows but a name over the words of two cells of another row (人员经费合计 over
    a code and its name: a merged cell's text), which would make the two columns one."""
    out = []
    for segs in rows:
        for seg in segs:
            x0, x1 = seg[0].x0, seg[-1].x1
            if any(c.ch.isdigit() for c in seg) or not any(
                sum(v[0].x0 < x1 and x0 < v[-1].x1 for v in other) >= 2 for other in rows if other is not segs
            ):
                out.append(seg)
    return out


def _header_above(
    lines: list[_Line],
    run: list[tuple[_Line, list[list[_Char]]]],
    tails: list[list[tuple[_Line, list[_Char]]]],
    spans: list[list[float]],
    rows: list[list[list[_Char]]],
) -> tuple[list[_Line], int]:
    """The lines of a header a sheet printed above a borderless table, and how many rows of the run
    they replace. A sheet centres a header's names in their columns and wraps each onto as many
    lines as it needs, so its lines split into no columns the way the rows do, and some fall out of
    the run. The header: the lines right above the run's first row of figures, each within the
    table's width, in its type size, without amounts, a unit line or a 续表 line, set no farther
    apart than the rows are. Its words make the table's header rows (see ``_tiers``)."""
    f = next(
        (
            r
            for r, (_, segs) in enumerate(run)
            if sum(figure_cell("".join(c.ch for c in seg)) for seg in segs) * 2 >= len(segs)
        ),
        None,
    )
    if f is None:
        return [], 0
    size = max(c.size for _, segs in run[f : f + 3] for seg in segs for c in seg)
    k = next(i for i, ln in enumerate(lines) if ln is run[f][0])
    head: list[_Line] = []
    below = run[f][0].top
    for ln in reversed(lines[max(0, k - 3 * _HEAD_MAX) : k]):
        if any(c.in_table for c in ln.chars) or ln.bottom - below > _BODY_GAP * size:
            break
        # (a column left blank at the right end has no figures to widen the table by)
        if ln.chars[0].x0 < spans[0][0] - 2 * size or ln.chars[-1].x1 > spans[-1][1] + _BLANK_COLUMN * size:
            break
        if (
            max(c.size for c in ln.chars) > _TITLE_SIZE * size
            or _AMOUNT.search(ln.text)
            or UNIT_PATTERN.search(ln.text)
            or continued_line().match(without_spaces(ln.text))
        ):
            break
        head.insert(0, ln)
        below = ln.top
    # The run's own header rows stand unless they leave a column without a name, or the run left
    # out a line holding a cell's first line — a word centred over a word of a line a cell's line
    # spacing below (a sheet centres each line of a cell; a caption has no such line under it) —
    # or a word over several columns of the header (see ``_over_columns``).
    words = [seg for _, segs in run[:f] for seg in segs] + [seg for tail in tails[:f] for _, seg in tail]
    bounds = [spans[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1] + 1]

    def column(w: list[_Char]) -> int:
        return bisect.bisect_right(bounds, (w[0].x0 + w[-1].x1) / 2) - 1

    named = {column(w) for w in words}
    taken = {id(row) for row, _ in run[:f]} | {id(at) for tail in tails[:f] for at, _ in tail}
    # (names of two columns set too close to part, 基本支出 项目支出, leave the run's rows unfit too)
    joined = any(len({column(w) for w in _words_of(seg)}) > 1 for seg in words)
    if (
        f
        and not joined
        and (run[0][0] not in head or all(c in named for c in range(len(spans))))
        and not any(id(ln) not in taken and _stacked(ln, below) for k, ln in enumerate(head) for below in head[k + 1 :])
        and not _left_out_over_columns(head, taken, _cell_edges(spans, rows))
    ):
        return [], 0
    return head, f


def _left_out_over_columns(head: list[_Line], taken: set[int], edges: list[float]) -> bool:
    """Whether a line of ``head`` not in ``taken`` (by id) holds a word over several columns."""
    lines = [(ln, _words_of(ln.chars)) for ln in head]
    words = [w for _, ws in lines for w in ws]
    return bool(_over_columns(words, edges, [w for ln, ws in lines if id(ln) not in taken for w in ws]))


def _empty_columns(spans: list[list[float]], words: list[list[_Char]], rows: list[list[list[_Char]]]) -> None:
    """Add to ``spans`` the columns a sheet's header names over no figure (a column left blank
    where its amounts are 0): a header word right of all figures, or in a gap between two
    columns off the centre of the cells either would give it (see ``_cell_edges``), stands over a
    column of its own."""
    edges = _cell_edges(spans, rows)
    added: list[list[float]] = []
    for w in words:
        x0, x1 = w[0].x0, w[-1].x1
        k = bisect.bisect_left([a for a, _ in spans], x1)
        if not k or spans[k - 1][1] >= x0:
            continue
        mid, em = (x0 + x1) / 2, max(c.size for c in w)
        if k == len(spans) or all(abs(mid - (edges[c] + edges[c + 1]) / 2) > em for c in (k - 1, k)):
            added.append([x0, x1])
    for x0, x1 in sorted(added):
        k = bisect.bisect_right([a for a, _ in spans], x0)
        if k and spans[k - 1][1] >= x0:
            spans[k - 1][1] = max(spans[k - 1][1], x1)
        else:
            spans.insert(k, [x0, x1])


def _anchors(xs: list[float], rows: list[list[list[_Char]]]) -> list[tuple[float | None, float | None]]:
    """Per column between the boundaries ``xs``: where the words of the rows start and where they
    end, each where all of them agree on it (a column of one figure gives both)."""
    out: list[tuple[float | None, float | None]] = []
    for a, b in zip(xs, xs[1:]):
        words = [seg for segs in rows for seg in segs if a <= (seg[0].x0 + seg[-1].x1) / 2 < b]
        ends: list[float | None] = []
        for at in ([w[0].x0 for w in words], [w[-1].x1 for w in words]):
            ends.append(at[0] if at and max(at) - min(at) <= _TAB_STOP_TOLERANCE else None)
        out.append((ends[0], ends[1]))
    return out


def _cell_edges(spans: list[list[float]], rows: list[list[list[_Char]]]) -> list[float]:
    """The edges of a borderless table's cells as a sheet draws them: a column of names or codes
    whose words start at one x starts there; any other (figures, which a sheet sets on the right)
    starts where the column on its left ends (its figures set on the right, its names sized to
    fit)."""
    edges = [spans[0][0]]
    for k in range(1, len(spans)):
        a, b = spans[k]
        words = [seg for segs in rows for seg in segs if a <= (seg[0].x0 + seg[-1].x1) / 2 <= b]
        lefts = [w[0].x0 for w in words]
        # amounts stand on the right, even where those of one width agree on both ends; names and
        # codes (digits without a point) on the left, even where a column holds one
        figures = all(figure_cell(t) and not t.isdigit() for t in ("".join(c.ch for c in w) for w in words))
        if words and max(lefts) - min(lefts) <= _TAB_STOP_TOLERANCE and not figures:
            edges.append(a)
        else:
            edges.append(spans[k - 1][1])
    return edges + [spans[-1][1]]


def _column(w: list[_Char], edges: list[float]) -> int:
    return min(max(bisect.bisect_right(edges, (w[0].x0 + w[-1].x1) / 2) - 1, 0), len(edges) - 2)


def _over_columns(
    words: list[list[_Char]], edges: list[float], only: list[list[_Char]] | None = None
) -> dict[int, tuple[int, int]]:
    """The words of a sheet's header that head several columns (本年支出 over 小计, 基本支出,
    项目支出), by id, each with its first and last column: a word centred over a run of columns
    whose every other column has words of the header below it and none beside or above it (the
    fewest such columns: a run one wider on each side may share its centre). ``only``: test
    these of the words alone."""
    n = len(edges) - 1
    cols = [_column(w, edges) for w in words]
    over: dict[int, tuple[int, int]] = {}
    tested = None if only is None else {id(w) for w in only}
    for w, k in zip(words, cols):
        if tested is not None and id(w) not in tested:
            continue
        mid, em = (w[0].x0 + w[-1].x1) / 2, max(c.size for c in w)
        bottom = min(c.y0 for c in w)
        ranges = sorted(
            (j - i, abs(mid - (edges[i] + edges[j + 1]) / 2), i, j)
            for i in range(max(0, k - _GROUP_MAX + 1), k + 1)
            for j in range(max(i + 1, k), min(n, i + _GROUP_MAX))
        )
        for _, off, i, j in ranges:
            others = [v for v, c in zip(words, cols) if i <= c <= j and v is not w]
            if (
                off <= em / 2
                and all(any(c == m for c in cols) for m in range(i, j + 1))
                and all(max(c.y1 for c in v) < bottom for v in others)
            ):
                over[id(w)] = (i, j)
                break
    return over


def _tiers(words: list[list[_Char]], groups: dict[int, tuple[int, int]], edges: list[float]) -> list[int]:
    """The header row of each word: as many as the words over several columns above it whose
    columns take in its own (0 for a column under none: a merged cell keeps its text in its top
    row)."""
    out = []
    for w in words:
        i, j = groups.get(id(w)) or (_column(w, edges),) * 2
        out.append(sum(1 for key, (a, b) in groups.items() if key != id(w) and a <= i and j <= b and (a, b) != (i, j)))
    return out


def _stacked(ln: _Line, below: _Line) -> bool:
    """Whether a word of ``ln`` is centred over a word of ``below``, set a cell's line spacing lower."""
    em = max(c.size for c in ln.chars)
    if ln.top - below.top >= _NEXT_LINE * em:
        return False
    centres = [(w[0].x0 + w[-1].x1) / 2 for w in _words_of(below.chars)]
    return any(abs((w[0].x0 + w[-1].x1) / 2 - x) <= _TAB_STOP_TOLERANCE for w in _words_of(ln.chars) for x in centres)


def _words_of(chars: list[_Char]) -> list[list[_Char]]:
    """Glyphs parted wherever a gap stands between two of them (a font sets the glyphs of a word
    edge to edge; two cells of a sheet stand at least their padding apart)."""
    out: list[list[_Char]] = []
    for c in chars:
        if out and c.x0 - out[-1][-1].x1 <= _TOUCH * min(c.size, out[-1][-1].size):
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _split_at_columns(
    segments: list[list[_Char]], run: list[tuple[_Line, list[list[_Char]]]], below: list[_Line]
) -> list[list[_Char]]:
    """The words of a line parted also where a gap narrower than a word gap opens at the start of a
    column of the run, or of a word of the lines ``below`` (a table's first row on a page): a figure
    too wide for its narrow cell, or a label filling its cell, stands less than ``_WORD_GAP`` from
    the next cell (25.0 5.00 15.0 in columns of three characters)."""
    starts = [seg[0].x0 for _, segs in run for seg in segs]
    starts += [seg[0].x0 for ln in below for seg in _free_segments(ln)]
    if not starts:
        return segments
    out: list[list[_Char]] = []
    for seg in segments:
        out.append([seg[0]])
        for a, b in zip(seg, seg[1:]):
            if b.x0 - a.x1 >= _COLUMN_START_GAP * min(a.size, b.size) and any(
                abs(b.x0 - x) <= _TAB_STOP_TOLERANCE for x in starts
            ):
                out.append([b])
            else:
                out[-1].append(b)
    return out


def _figure_ends(
    run: list[tuple[_Line, list[list[_Char]]]], above: _Line, ln: _Line, segments: list[list[_Char]]
) -> bool:
    """Whether ``ln`` holds the ends of figures of the run's last row that did not fit their cells
    (1,236.5 / 0; 90.00 / %), beside the next line of some of its names (灾害防 / 治及应): each word
    starts where a cell of that row starts, a figure's end making a figure with it, a name's line
    holding no figure and standing under no figure; one at least is a figure's end; and the line
    is the next line of the row's cells."""
    ends = 0
    for seg in segments:
        under = [cell for cell in run[-1][1] if abs(cell[0].x0 - seg[0].x0) <= _TAB_STOP_TOLERANCE]
        if len(under) != 1:
            return False
        head, word = "".join(c.ch for c in under[0]), "".join(c.ch for c in seg)
        if _NUMBER.fullmatch(head) and _NUMBER.fullmatch(head + word):
            ends += 1
        elif _NUMBER.fullmatch(head) or any(ch.isdigit() for ch in word):
            return False
    # the next line of the cell: a row below is set at least a line and the cells' padding lower
    return ends > 0 and above.top - ln.top < _NEXT_LINE * max(c.size for c in above.chars + ln.chars)


def _continues_earlier_row(
    run: list[tuple[_Line, list[list[_Char]]]],
    tails: list[list[tuple[_Line, list[_Char]]]],
    ln: _Line,
    words: list[_Char],
) -> bool:
    """Whether ``ln``, one run of words without a figure, is the next line of a cell of the row
    before the run's last, a cell spanning both rows (政府性基金预算财 / 政拨款 beside the row 小计
    基本支出 项目支出): it starts where that cell's lines start, a line below its last line, and
    the last row has no word where it stands."""
    if len(run) < 2 or any(c.ch.isdigit() for c in words):
        return False
    x0, x1 = words[0].x0, words[-1].x1
    if any(seg[0].x0 < x1 and x0 < seg[-1].x1 for seg in run[-1][1]):
        return False
    row, segs = run[-2]
    cell = [row for seg in segs if abs(seg[0].x0 - x0) <= _TAB_STOP_TOLERANCE]
    cell += [at for at, seg in tails[-2] if abs(seg[0].x0 - x0) <= _TAB_STOP_TOLERANCE]
    return bool(cell) and 0 < cell[-1].top - ln.top < _NEXT_LINE * max(c.size for c in words)


def _lone_cell(run: list[tuple[_Line, list[list[_Char]]]], lines: list[_Line], i: int) -> bool:
    """Whether ``lines[i]``, one word without a figure, is a row of its own inside the run (a section
    label 人员经费 over its items, a name set a row above its code and amounts): it starts where a
    cell of the run starts, and below it, past at most a few more such lines, comes a row with a
    figure whose first cell starts where the run's rows start one too. A heading and a title
    between two tables are followed by the next table's header, which holds no figure."""
    starts = [seg[0].x0 for _, segs in run for seg in segs]
    for k in range(i, min(i + _LONE_LINES + 1, len(lines))):
        segments = _free_segments(lines[k])
        if not segments or not any(abs(segments[0][0].x0 - x) <= _TAB_STOP_TOLERANCE for x in starts):
            return False
        if len(segments) >= 2:
            return any(c.ch.isdigit() for seg in segments for c in seg)
        if any(c.ch.isdigit() for c in segments[0]):
            return False
    return False


def _label_figure_rows(run: list[tuple[_Line, list[list[_Char]]]]) -> list[list[list[_Char]]]:
    """The rows of a table of two columns, a label and one figure (项目 / 决算数), or none: a
    "label  figure" line of prose is no table, so the run must open with a header of two words
    without figures, the second over the figures, and at least ``_TAB_ROWS`` rows must put their
    figure in one column, lined up on its left or on its right edge."""
    head = run[0][1]
    if len(head) != 2 or any(c.ch.isdigit() for seg in head for c in seg):
        return []
    rows = [segs for _, segs in run[1:] if len(segs) == 2 and _NUMBER.fullmatch("".join(c.ch for c in segs[1]))]
    figures = [segs[1] for segs in rows]
    if len(rows) < _TAB_ROWS:
        return []
    lefts, rights = [f[0].x0 for f in figures], [f[-1].x1 for f in figures]
    if min(max(xs) - min(xs) for xs in (lefts, rights)) > _TAB_STOP_TOLERANCE:
        return []
    if not (head[1][0].x0 < max(rights) and min(lefts) < head[1][-1].x1):
        return []
    return rows


def _free_segments(ln: _Line | None) -> list[list[_Char]]:
    """The words of a line no ruled table took, split at wide gaps (none for a line a table took)."""
    return _segments(ln) if ln is not None and not any(c.in_table for c in ln.chars) else []


def _wrapped_cell(
    run: list[tuple[_Line, list[list[_Char]]]], above: _Line, ln: _Line, words: list[_Char], after: _Line | None
) -> bool:
    """Whether ``ln``, one run of words, is the rest of a cell of the run's last row that wrapped:
    words without a figure, starting where one cell of the row above starts (a cell's lines
    are aligned) and in no other cell's place, set closer below it than the rows are to each other
    (the row pitch of the run, or the distance down to the next row when the run has one row so
    far, from this line down to the next row) — a section label row (二、项目支出) is set a whole
    row below."""
    if any(c.ch.isdigit() for c in words):
        return False
    segs = run[-1][1]
    em = max(c.size for c in words)
    under = [seg for seg in segs if abs(seg[0].x0 - words[0].x0) <= em]
    if len(under) != 1 or any(
        seg[0].x0 < words[-1].x1 and words[0].x0 < seg[-1].x1 for seg in segs if seg is not under[0]
    ):
        return False
    pitches = [a.top - b.top for (a, _), (b, _) in zip(run, run[1:])]
    # A line at a cell's line spacing is the cell's next line, even when the row after it starts
    # closer still (a header row beside a header cell spanning two rows: 科目名 / 称 beside 类 款 项).
    if pitches and above.top - ln.top < min(0.9 * min(pitches), _NEXT_LINE * em):
        return True
    if after is not None:
        pitches.append(ln.top - after.top)
    return bool(pitches) and above.top - ln.top < 0.9 * min(pitches)


def _wrapped_cells(run: list[tuple[_Line, list[list[_Char]]]], ln: _Line, segments: list[list[_Char]]) -> bool:
    """Whether a line of several words may hold the rest of several cells of the run's last row
    (本年收入 / 合计 beside 财政拨款 / 收入): each word starts where a cell of that row starts and
    that cell holds no figure — a cell whose name and amount the reader could not part would
    put the amount inside the name."""
    em = max(c.size for seg in segments for c in seg)
    for seg in segments:
        under = [cell for cell in run[-1][1] if abs(cell[0].x0 - seg[0].x0) <= em]
        if len(under) != 1 or any(c.ch.isdigit() for c in under[0]):
            return False
    return True


def _next_figure_row(lines: list[_Line], i: int) -> _Line | None:
    """The first line below ``lines[i]`` that is a row with a figure, past the lines a header's
    cells wrapped onto (words without figures), or None."""
    for ln in lines[i + 1 : i + 1 + _HEAD_MAX]:
        segments = _free_segments(ln)
        if not segments:
            return None
        if any(c.ch.isdigit() for seg in segments for c in seg):
            return ln if len(segments) >= 2 else None
    return None


def _tab_cells(ln: _Line) -> tuple[list[list[_Char]], list[int]]:
    """Split a line at every typed TAB and at every gap without a space glyph (where a tab stop
    may have moved the next word); for each cell after the first, how many TAB glyphs opened it
    (0: a gap)."""
    cells: list[list[_Char]] = [[ln.chars[0]]]
    typed: list[int] = []
    for a, b in zip(ln.chars, ln.chars[1:]):
        gap = b.x0 - a.x1
        if a.tabs or gap >= _TAB_GAP * min(a.size, b.size) and not (a.spaced or b.led):
            cells.append([b])
            typed.append(a.tabs)
        else:
            cells[-1].append(b)
    return cells, typed


def _figure_row(ln: _Line) -> tuple[list[list[_Char]], list[int]] | None:
    """A line that is a label followed only by figures: its cells, the label whole (a gap inside
    it is a space), and how many TAB glyphs opened each figure."""
    cells, typed = _tab_cells(ln)
    texts = ["".join(c.ch for c in cell) for cell in cells]
    first = next((k for k, t in enumerate(texts) if figure_cell(t)), len(texts))
    if first == 0 or first == len(texts) or not all(figure_cell(t) for t in texts[first:]):
        return None
    return [[c for cell in cells[:first] for c in cell]] + cells[first:], typed[first - 1 :]


def _tab_stop_grids(page_no: int, lines: list[_Line]) -> list[_Grid]:
    """Tables typed with TABs between their cells, one row a line (合 计→30.8→25.7), printed without
    rules. Each row is a label and figures, and its columns start wherever the row's tabs reached:
    at a TAB glyph, or at a tab stop — a gap, however narrow, at an x where other rows of the run
    start a cell too (a tab stop is one x down the page; the gaps of prose fall anywhere, and its
    lines are no label followed only by figures). The cells are the columns in order, a cell left
    empty being a TAB more or a tab stop more: the rows of such a table need not line up. A label
    that wrapped (其中：一般公共预 / 算财政拨款) goes on its row (see ``_wrapped_cell``)."""
    grids: list[_Grid] = []
    run: list[int] = []
    rows: dict[int, tuple[list[list[_Char]], list[int]]] = {}
    tails: dict[int, _Line] = {}  # a row's last line, where its label wrapped
    for i, ln in enumerate(lines + [None]):
        row = _figure_row(ln) if ln is not None and not any(c.in_table for c in ln.chars) else None
        if row is not None:
            rows[i] = row
            run.append(i)
            continue
        if run and ln is not None and len(words := _free_segments(ln)) == 1:
            nxt = lines[i + 1] if i + 1 < len(lines) and _free_segments(lines[i + 1]) else None
            after = nxt if nxt is not None and _figure_row(nxt) is not None else None
            last = run[-1]
            if (
                _wrapped_cell([(lines[k], rows[k][0]) for k in run], tails.get(last, lines[last]), ln, words[0], after)
                and rows[last][0][0][0].x0 - ln.chars[0].size <= words[0][0].x0 < rows[last][0][1][0].x0
            ):
                rows[last][0][0].extend(words[0])
                tails[last] = ln
                continue
        grids += _tab_stop_grid(page_no, lines, run, rows, tails)
        run = []
    return grids


def _tab_stop_grid(
    page_no: int,
    lines: list[_Line],
    run: list[int],
    found: dict[int, tuple[list[list[_Char]], list[int]]],
    tails: dict[int, _Line],
) -> list[_Grid]:
    """The grid of the figure rows ``run`` (line indices; ``found``: their cells; ``tails``: the
    line a row's label wrapped onto), and of the header line above them, when they make a table
    typed with TABs. A header cell that wrapped onto a line of its own goes on its cell."""
    if sum(1 for i in run if len(found[i][0]) >= 3) < _TAB_ROWS:
        return []
    # A label ending in a figure kept a figure a tab stop too close to see.
    if any(found[i][0][0][-1].ch.isdigit() for i in run):
        return []
    stops = [[cell[0].x0 for cell, typed in zip(found[i][0][1:], found[i][1]) if not typed] for i in run]
    above = run[0] - 1
    wrapped: list[_Char] = []  # the rest of a header cell, on the line above the first row
    if above >= 1 and len(words := _free_segments(lines[above])) == 1 and _free_segments(lines[above - 1]):
        first = _tab_cells(lines[above - 1])[0]
        if _wrapped_cell([(lines[above - 1], first)], lines[above - 1], lines[above], words[0], lines[run[0]]):
            wrapped, above = words[0], above - 1
    free = above >= 0 and lines[above].chars and not any(c.in_table for c in lines[above].chars)
    head, head_typed = _tab_cells(lines[above]) if free else ([], [])
    heads = [cell[0].x0 for cell, typed in zip(head[1:], head_typed) if not typed]
    # Every stop a row's cells start at is a default tab stop (evenly spaced, seen in the rows),
    # or one where another row, or the header, starts a cell.
    em = min(c.size for i in run for c in lines[i].chars)
    step = _tab_step(min(lines[i].chars[0].x0 for i in run), [x for xs in stops for x in xs], em)
    for k, mine in enumerate(stops):
        others = [x for j, xs in enumerate(stops) if j != k for x in xs] + heads
        for x in mine:
            if not _on_lattice(x, step) and all(abs(x - y) > _TAB_STOP_TOLERANCE for y in others):
                return []
    placed = [_placed(*found[i], step) for i in run]
    if any(row is None for row in placed):
        return []
    rows = [row for row in placed if row is not None]
    width = max(len(row) for row in rows)
    # Without evenly spaced stops no cell after a gap is known to be empty: a row whose cells a
    # gap opened holds them all. (TAB glyphs are counted.)
    if step is None and any(len(row) < width and not all(found[i][1]) for row, i in zip(rows, run)):
        return []
    used = [lines[i] for i in run]
    ends = [tails.get(i, lines[i]) for i in run]
    # The line above, cut at the same stops (or TABs) into as many words, is the header.
    if head:
        every = [x for xs in stops for x in xs]
        kept = [head[0]]
        for cell, tab in zip(head[1:], head_typed):
            if tab or any(abs(cell[0].x0 - x) <= _TAB_STOP_TOLERANCE for x in every):
                kept.append(cell)
            else:
                kept[-1] = kept[-1] + cell
        under = [k for k, cell in enumerate(kept) if wrapped and abs(cell[0].x0 - wrapped[0].x0) <= em]
        if wrapped and len(under) == 1:
            kept[under[0]] = kept[under[0]] + wrapped
        if (
            len(kept) == width
            and len(under) == bool(wrapped)
            and not any(figure_cell("".join(c.ch for c in cell)) for cell in kept)
        ):
            rows.insert(0, kept)
            used.insert(0, lines[above])
            ends.insert(0, lines[above + 1] if wrapped else lines[above])
    # Cells that no TAB opened, each a word gap from the next, are a table drawn without rules (a
    # Word table): its header, wrapped over several lines, is the aligned reader's to join.
    if len(rows) == len(run) and all(_wide_cells(*found[i]) for i in run):
        return []
    rows = [row + [[]] * (width - len(row)) for row in rows]
    xs = [min((row[c][0].x0 for row in rows if row[c]), default=0.0) for c in range(width)]
    for c in range(1, width):
        xs[c] = max(xs[c], xs[c - 1] + 1)
    rights = [cell[-1].x1 for row in rows for cell in row if cell]
    xs.append(max(rights) + 2 * max(ch.size for row in rows for cell in row for ch in cell))
    ys = [used[0].top + 1] + [(a.bottom + b.top) / 2 for a, b in zip(ends, used[1:])] + [ends[-1].bottom - 1]
    owner = {(r, c): r * width + c for r in range(len(rows)) for c in range(width)}
    grid = _Grid(page_no, xs, ys, owner, sorted(owner, key=owner.get))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                grid.chars[owner[(r, c)]] = cell
            for ch in cell:
                ch.in_table = True
    return [grid]


def _wide_cells(cells: list[list[_Char]], typed: list[int]) -> bool:
    """Whether no TAB opened a row's cells and each stands a word gap (``_WORD_GAP``) from the last."""
    return not any(typed) and all(
        b[0].x0 - a[-1].x1 >= _WORD_GAP * min(a[-1].size, b[0].size) for a, b in zip(cells, cells[1:])
    )


def _tab_step(margin: float, stops: list[float], em: float) -> tuple[float, float] | None:
    """The default tab stops, as their origin and spacing, when the stops seen are at least three,
    evenly spaced from the rows' left edge (default stops count from it), a tab's width apart
    (1.25 cm in LibreOffice, two characters in Word): then a cell that skipped a stop is known
    to have left a column empty."""
    distinct: list[float] = []
    for x in sorted(stops):
        if not distinct or x - distinct[-1] > _TAB_STOP_TOLERANCE:
            distinct.append(x)
    if len(distinct) < 3:
        return None
    step = min(b - a for a, b in zip(distinct, distinct[1:]))
    lattice = (margin, step)
    if step < _TAB_STEP_MIN * em or not all(_on_lattice(x, lattice) for x in distinct):
        return None
    return lattice


def _on_lattice(x: float, step: tuple[float, float] | None) -> bool:
    if step is None:
        return False
    origin, spacing = step
    return abs((x - origin) / spacing - round((x - origin) / spacing)) * spacing <= _TAB_STOP_TOLERANCE


def _placed(cells: list[list[_Char]], typed: list[int], step: tuple[float, float] | None) -> list[list[_Char]] | None:
    """The row's cells in their columns, an empty cell where a TAB or a tab stop was skipped;
    None when a gap reaches no tab stop."""
    out = [cells[0]]
    for cell, tabs in zip(cells[1:], typed):
        skipped = tabs
        if not tabs and step is not None:
            origin, spacing = step
            at = round((cell[0].x0 - origin) / spacing)
            skipped = at - math.floor((out[-1][-1].x1 - origin) / spacing) if out[-1] else 1
            if skipped < 1:
                return None
        out += [[]] * (max(skipped, 1) - 1) + [cell]
    out += [[]] * cells[-1][-1].tabs
    return out


# ---------------------------------------------------------------- cells and rows


def _cell(chars: list[_Char], lines: list[_Line], page: int) -> RawCell:
    """A cell's text line by line, each run a slice of its page line, joined without a separator:
    the lines of a cell wrap at its width (本年收入合\n计), like prose at the page width."""
    by_line: dict[int, list[_Char]] = {}
    for c in chars:
        by_line.setdefault(c.line, []).append(c)
    runs = []
    for line_index in sorted(by_line):
        run = sorted(by_line[line_index], key=lambda c: c.col)
        runs.append((lines[line_index].text[run[0].col : run[-1].col + 1], page, line_index + 1, run[0].col))
    return _join(runs)


def _join(runs: Sequence[tuple[str, int, int, int]]) -> RawCell:
    """Concatenate (text, page, line, column) runs into one text and the pieces mapping it back."""
    pieces: list[Piece] = []
    offset = 0
    for text, page, line, column in runs:
        pieces.append(Piece(offset, offset + len(text), line, column, page))
        offset += len(text)
    return "".join(r[0] for r in runs), pieces


def _nearest_line(lines: list[_Line], y: float) -> int:
    if not lines:
        return 1
    return min(range(len(lines)), key=lambda i: abs((lines[i].top + lines[i].bottom) / 2 - y)) + 1


def _grid_rows(
    grid: _Grid, lines: list[_Line]
) -> tuple[list[list[RawCell]], list[float], list[bool], list[tuple[float | None, float | None]] | None]:
    """The grid's rows of cells, the left edges of its columns followed by its right edge, and for
    each column whether the last row's text there runs on to the cell's right edge (its last line
    is full: the text may go on, after a page break, in the next page's first row)."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    rows: list[list[RawCell]] = []
    for r in range(n_rows):
        row: list[RawCell] = []
        line = _nearest_line(lines, (grid.ys[r] + grid.ys[r + 1]) / 2)
        for c in range(n_cols):
            span = grid.owner[(r, c)]
            if grid.spans[span] == (r, c) and span in grid.chars:
                row.append(_cell(grid.chars[span], lines, grid.page))
            else:  # empty, or covered by a merged cell whose text sits in its top-left cell
                row.append(("", [Piece(0, 0, line, 0, grid.page)]))
        rows.append(row)
    # Strokes a little off the grid leave slivers of rows and columns with nothing in them.
    keep_rows = [r for r in range(n_rows) if grid.ys[r] - grid.ys[r + 1] >= 4 or any(cell[0] for cell in rows[r])]
    keep_cols = [
        c for c in range(n_cols) if grid.xs[c + 1] - grid.xs[c] >= 4 or any(rows[r][c][0] for r in range(n_rows))
    ]
    edges = [grid.xs[c] for c in keep_cols] + [grid.xs[-1]]
    full = [bool(keep_rows) and _runs_to_edge(grid, keep_rows[-1], c) for c in keep_cols]
    anchors = None if grid.anchors is None else [grid.anchors[c] for c in keep_cols]
    return [[rows[r][c] for c in keep_cols] for r in keep_rows], edges, full, anchors


def _runs_to_edge(grid: _Grid, r: int, c: int) -> bool:
    span = grid.owner[(r, c)]
    chars = grid.chars.get(span) if grid.spans[span] == (r, c) else None
    if not chars:
        return False
    right = c
    while right + 1 < len(grid.xs) - 1 and grid.owner.get((r, right + 1)) == span:
        right += 1
    last = max(ch.line for ch in chars)
    end = max(ch.x1 for ch in chars if ch.line == last)
    em = max(ch.size for ch in chars)
    # the next character did not fit: less than one more (and the cell's padding) was left
    return end >= grid.xs[right + 1] - 1.5 * em


# ---------------------------------------------------------------- reading order


@dataclass(slots=True)
class _TableItem:
    page: int
    rows: list[list[RawCell]]
    edges: list[float]  # left edge of each column of ``rows``, then the table's right edge
    full: list[bool]  # per column: the last row's text there runs to the cell's right edge
    anchors: list[tuple[float | None, float | None]] | None = None  # see ``_Grid.anchors``


class _Assembler:
    """Walk the pages in reading order, re-joining prose and stitching continued tables."""

    def __init__(self, pages: list[_Page]):
        self.pages = pages
        self.blocks: list[Block] = []
        self.pending: list[_Fragment] = []
        self.margins = _margins(pages)

    def run(self) -> list[Block]:
        items = list(self._items())
        _mark_headers(items, self.pages)
        open_table: _TableItem | None = None  # the table a grid on the next page may continue
        open_page = 0
        for item in items:
            if isinstance(item, _Fragment):
                if item.header:
                    continue
                if self.pending and not self._continues(self.pending[-1], item):
                    self._flush()
                self.pending.append(item)
                open_table = None
                continue
            self._flush()
            joint = _joint_columns(open_table, item) if open_table is not None and item.page == open_page + 1 else None
            if open_table is not None and joint is not None:
                self._extend(open_table, item, *joint)
            else:
                self._table(item)
                open_table = item
            open_page = item.page
        self._flush()
        return self.blocks

    def _items(self) -> Iterator[_Fragment | _TableItem]:
        for page in self.pages:
            grids = sorted(page.grids, key=lambda g: (-g.top, g.xs[0]))
            g = 0
            for index, ln in enumerate(page.lines):
                while g < len(grids) and grids[g].top >= ln.top - _SNAP:
                    yield _TableItem(page.number, *_grid_rows(grids[g], page.lines))
                    g += 1
                yield from _fragments(page.number, index, ln)
            for grid in grids[g:]:
                yield _TableItem(page.number, *_grid_rows(grid, page.lines))

    def _continues(self, prev: _Fragment, cur: _Fragment) -> bool:
        left, right, widest = self.margins.get(_group(self.pages[prev.page - 1]), (prev.x0, prev.x1, prev.x1))
        cur_left, _, _ = self.margins.get(_group(self.pages[cur.page - 1]), (cur.x0, cur.x1, cur.x1))
        if (
            cur.page not in (prev.page, prev.page + 1)
            or HEADING_START.match(cur.text)
            or opens_item(prev.text, cur.text)
            and not goes_on_inline([f.text for f in self.pending[-ITEM_LINES - 1 :]], cur.text)
        ):
            return False
        if pipe_row(prev.text):
            # A row typed with pipes is a line of its own, as in a text file, unless the page
            # width wrapped it (| … | 偏差原因分析及 / 改进措施 | |): the row ran to the margin and
            # the next line, directly below, is its rest — it closes the row, opening no cell or
            # going on from a cell the row left open, or it is the row's empty cells alone. The
            # margin is the widest line's end (most lines of such a page may be short rows); the
            # rest's size is not compared (a rest of figures and pipes has few Chinese glyphs).
            # A line with just as many pipes as a row on one line of its own, closed by a pipe, is
            # the next row: a sheet's rows are copied padded to one count of pipes.
            rest = cur.text.strip()
            closed = prev.text.rstrip().endswith(CELL_END)
            opens_cell = rest.startswith(CELL_END) and closed
            pipes = sum(map(prev.text.count, CELL_END))
            whole = (
                len(self.pending) == 1
                and closed
                and pipes >= BROKEN_ROW_MIN
                and sum(map(rest.count, CELL_END)) == pipes
            )
            # A row opened by a pipe, too long for two lines, wraps on over lines that run to the
            # margin in turn, broken inside a cell or next to a pipe: while the row is open, or
            # after a pipe where it has wrapped already and the line holds cells opening with none.
            opened = self.pending[0].text.lstrip().startswith(CELL_END)
            middle = (
                opened
                and (not closed or len(self.pending) > 1 and pipe_row(rest) and not rest.startswith(CELL_END))
                and cur.x1 >= widest - 4.5 * cur.em
            )
            return (
                cur.page == prev.page
                and bool(rest)
                and (
                    not rest.strip("".join(CELL_END) + " ")
                    or rest.endswith(CELL_END)
                    and not opens_cell
                    and not whole
                    or middle
                )
                and prev.base - cur.base <= 2.2 * prev.em
                and prev.x1 >= widest - 4.5 * prev.em
                and cur.x0 <= cur_left + 0.8 * cur.em
            )
        if prev.text.endswith(CELL_END):
            return False  # one cell of a form pasted a cell per line, however long
        if pipe_row(cur.text):
            return False  # a row of a table typed with pipes is a line of its own, as in a text file
        if _spare_row().match(cur.text):
            # a line of nothing but an ellipsis (……, 指标2：……) is a form's spare row printed line by line,
            # as in a text file, however near the margin the row above it ended
            return False
        if abs(prev.em - cur.em) > 0.1 * max(prev.em, cur.em):
            return False
        if cur.page == prev.page and prev.base - cur.base > 2.2 * prev.em:
            return False  # a blank line's worth of space
        if prev.text.endswith(TERMINAL):
            ended = True
        else:
            # A centred title that wrapped: its second line is centred under the first.
            centre = (left + right) / 2
            prev_centred = abs((prev.x0 + prev.x1) / 2 - centre) <= prev.em and prev.x0 > left + prev.em
            if (
                cur.page == prev.page
                and abs((cur.x0 + cur.x1) / 2 - centre) <= cur.em
                and cur.x0 > left + cur.em
                and (prev_centred or prev.x1 >= right - 4.5 * prev.em)
            ):
                return True
            ended = prev.text.endswith(("：", ":"))
        # A line that stopped short ended its paragraph, unless it stopped only a few characters
        # short of the margin without closing a sentence (the next word did not fit).
        if prev.x1 < right - (1.5 if ended else 4.5) * prev.em:
            return False
        return cur.x0 <= cur_left + 0.8 * cur.em

    def _flush(self) -> None:
        if not self.pending:
            return
        runs = []
        for prev, f in zip([None] + self.pending, self.pending):
            # The space a line wrapped at stays between the two lines' words (10 / 0 is 10 0); no
            # line's text spells it, so no piece maps it.
            if prev is not None and (prev.spaced[1] or f.spaced[0]):
                runs.append((" ", prev.page, 0, 0))
            runs.append((f.text, f.page, f.line, f.column))
        raw, pieces = _join(runs)
        pieces = [p for p in pieces if p.line]
        self.pending = []
        text = normalize(raw)
        block_id = f"p{sum(1 for b in self.blocks if isinstance(b, Paragraph)) + 1}"
        self.blocks.append(Paragraph(block_id, text, raw, tuple(pieces), parse_heading(text)))

    def _table(self, item: _TableItem) -> None:
        table_id = f"t{sum(1 for b in self.blocks if isinstance(b, Table)) + 1}"
        caption, unit = self._caption(item.page)
        table = make_table(table_id, item.rows, caption)
        if caption:  # the title printed above the grid beats a one-cell header row
            table = dataclasses.replace(table, caption=caption)
        if table.unit is None and unit:
            table = dataclasses.replace(table, unit=unit)
        self.blocks.append(table)

    def _extend(self, first: _TableItem, more: _TableItem, edges: list[float], old: list[int], new: list) -> None:
        width = len(edges) - 1
        if old != list(range(width)):
            first.rows = [_spread(row, old, width) for row in first.rows]
            first.anchors = None  # its columns are no longer those the anchors were taken from
        first.edges = edges
        rows = [_spread(row, new, width) for row in more.rows]
        # Header rows repeated at the top of each page are not data, nor is a row that the
        # page break left empty.
        while rows and not any(cell[0] for cell in rows[0]):
            rows = rows[1:]
        heads = {_texts(row) for row in _head_rows(first.rows)}
        while rows and _texts(rows[0]) in heads and not any(_AMOUNT.search(c[0]) for c in rows[0]):
            rows = rows[1:]
        full = [False] * width
        for k, j in enumerate(old):
            full[j] = first.full[k]
        if rows and first.rows and _row_goes_on(first.rows[-1], rows[0], full):
            first.rows[-1] = [
                join_pieces([cell, more_cell]) if more_cell[0] else cell
                for cell, more_cell in zip(first.rows[-1], rows[0])
            ]
            rows = rows[1:]
        first.full = [False] * width
        for k, j in enumerate(new):
            if j is not None:
                first.full[j] = more.full[k]
        first.rows.extend(rows)
        table = self.blocks[-1]
        assert isinstance(table, Table)
        rebuilt = make_table(table.id, first.rows, table.caption)
        self.blocks[-1] = dataclasses.replace(rebuilt, caption=table.caption, unit=table.unit or rebuilt.unit)

    def _caption(self, page: int) -> tuple[str | None, str | None]:
        """The title and the 单位 line printed just above a table on its page, or at the foot of
        the page before when the table opens the next one."""
        caption = unit = None
        for block in reversed(self.blocks[-3:]):
            if not isinstance(block, Paragraph) or block.pieces[-1].page not in (page, page - 1):
                break
            text = block.text.strip()
            m = UNIT_PATTERN.search(text)
            if block.pieces[-1].page != page and m is None and unit is None:
                break  # a last line of the page before, not a title over its own 单位 line
            if m:
                unit = unit or m.group(1)
                rest = text[: m.start()].strip()
                # 部门：某某厅 beside the unit names the reporting unit, not the table
                if rest and caption is None and len(rest) <= _CAPTION_MAX and not rest.startswith(title_words()[0]):
                    caption = rest
                continue
            if caption is None and len(text) <= _CAPTION_MAX and not text.endswith(TERMINAL + ("：", ":")):
                caption = text
            break
        return caption, unit


@lru_cache(maxsize=1)
def _spare_row() -> re.Pattern[str]:
    """TPL001's spare row of a form (a piece that is an ellipsis alone, maybe after its row label)."""
    return re.compile(load_yaml("template_residue.yaml")["spare_row"])


def _fragments(page: int, index: int, ln: _Line) -> Iterator[_Fragment]:
    """The running-text runs of a line (characters not inside a table)."""
    run: list[_Char] = []
    for c in ln.chars + [None]:
        if c is not None and not c.in_table:
            run.append(c)
            continue
        if run:
            text = ln.text[run[0].col : run[-1].col + 1]
            cjk = [ch.x1 - ch.x0 for ch in run if _is_cjk(ch.ch)]
            em = statistics.median(cjk) if cjk else statistics.median(ch.size for ch in run)
            spaced = (run[0].led, run[-1].spaced)
            yield _Fragment(
                page, index + 1, run[0].col, text, run[0].x0, run[-1].x1, em, ln.top, run[0].base, spaced=spaced
            )
            run = []


def _group(page: _Page) -> tuple[int, int]:
    return round(page.width), round(page.height)


def _margins(pages: list[_Page]) -> dict[tuple[int, int], tuple[float, float, float]]:
    """Left and right edges of the running text for each page size (portrait, landscape), and
    the right end of its widest line."""
    edges: dict[tuple[int, int], tuple[list[float], list[float]]] = {}
    for page in pages:
        for index, ln in enumerate(page.lines):
            for frag in _fragments(page.number, index, ln):
                if len(frag.text) >= 8:
                    lefts, rights = edges.setdefault(_group(page), ([], []))
                    lefts.append(frag.x0)
                    rights.append(frag.x1)
    out = {}
    for key, (lefts, rights) in edges.items():
        # Most long lines of running text are full lines: the median is the right edge, and a
        # low percentile the left edge (first lines of paragraphs are indented).
        lefts.sort()
        out[key] = (lefts[len(lefts) // 10], statistics.median(rights), max(rights))
    return out


def _joint_columns(first: _TableItem, more: _TableItem) -> tuple[list[float], list[int], list] | None:
    """Whether a grid at the top of the next page goes on with ``first``, and if so the columns
    of the joined table: their edges, the joined column of each column of ``first``, and that of
    each column of ``more`` (None for a column with nothing in it).

    A page of a table may lack rules the other draws (its rows there merge cells, or the writer
    redrew the frame a few points off): the two go together when they share their outer edges and
    the rules of one are rules of the other. A grid that opens with a title row of its own is a new
    table that happens to start a page."""
    if first.anchors is not None and more.anchors is not None and (joint := _joint_anchors(first, more)):
        return joint
    if (
        not more.rows
        or abs(first.edges[0] - more.edges[0]) > _SAME_EDGE
        or abs(first.edges[-1] - more.edges[-1]) > _SAME_EDGE
    ):
        return None
    opening = next((row for row in more.rows if any(cell[0] for cell in row)), None)
    if opening is None:
        return None
    if _texts(opening) != _texts(first.rows[0]) and is_title_row(make_table("", [opening]).rows[0]):
        return None
    lefts = first.edges[:-1]
    filled = [any(row[k][0] for row in more.rows) for k in range(len(more.edges) - 1)]
    near: list[int | None] = []  # the column of ``first`` whose left rule each column of ``more`` shares
    for left in more.edges[:-1]:
        j = min(range(len(lefts)), key=lambda j: abs(lefts[j] - left))
        near.append(j if abs(lefts[j] - left) <= _SAME_EDGE else None)
    # an empty column (a sliver between two rules a page draws a few points apart) does not count
    added = [left for left, j, full in zip(more.edges, near, filled) if j is None and full]
    shared = [j for j, full in zip(near, filled) if j is not None and full]
    used = {j for j in range(len(lefts)) if any(row[j][0] for row in first.rows)}
    if len(set(shared)) < len(shared) or added and not used <= set(near):
        return None  # the columns of neither page are among those of the other
    joint = sorted(lefts + added)
    old = [joint.index(left) for left in lefts]
    new = [
        None if not full else old[j] if j is not None else joint.index(left)
        for left, j, full in zip(more.edges, near, filled)
    ]
    return joint + [first.edges[-1]], old, new


def _joint_anchors(first: _TableItem, more: _TableItem) -> tuple[list[float], list[int], list] | None:
    """``_joint_columns`` for two tables drawn without rules: no rules to share, but each column of
    the next page's part starts or ends where a column of the first's does (names on the left,
    figures on the right); a column that page leaves blank has no words to place it by, so its
    columns may be fewer. Each of its columns that holds words must find its own, left to right,
    and the first column must be the first's."""
    assert first.anchors is not None and more.anchors is not None
    if not more.rows or abs(first.edges[0] - more.edges[0]) > _SAME_EDGE:
        return None
    new: list[int | None] = []
    for k, (left, right) in enumerate(more.anchors):
        filled = any(row[k][0] for row in more.rows)
        match = [
            j
            for j, (a, b) in enumerate(first.anchors)
            if left is not None
            and a is not None
            and abs(a - left) <= _TAB_STOP_TOLERANCE
            or right is not None
            and b is not None
            and abs(b - right) <= _TAB_STOP_TOLERANCE
        ]
        if not filled:
            new.append(None)
        elif len(match) != 1 or new and any(j is not None and j >= match[0] for j in new):
            return None
        else:
            new.append(match[0])
    if not new or new[0] != 0 or sum(j is not None for j in new) < 2:
        return None
    return first.edges, list(range(len(first.edges) - 1)), new


def _spread(row: list[RawCell], columns: Sequence[int | None], width: int) -> list[RawCell]:
    """A row laid out on ``width`` joined columns, each cell in the column ``columns`` gives it
    (a cell that now covers several columns stands in the first, as a merged cell does)."""
    out: list[RawCell | None] = [None] * width
    for cell, j in zip(row, columns):
        if j is not None and (out[j] is None or cell[0]):
            out[j] = cell
    anchor = row[0][1][0] if row and row[0][1] else Piece(0, 0, 1, 0, None)
    blank: RawCell = ("", [Piece(0, 0, anchor.line, 0, anchor.page)])
    return [cell if cell is not None else blank for cell in out]


def _row_goes_on(last: Sequence[RawCell], row: Sequence[RawCell], full: Sequence[bool]) -> bool:
    """Whether the first row of a table's next page is the rest of its last row, broken by the page
    break (八、社会保障和就 / 业支出): the last row holds figures (a row of data the break cut), the
    row holds words only, each under a cell of the last row whose words ran to the cell's edge, and
    it does not open a new item (十六、…). (A row of words only is left alone: two labels that
    happen to fill their cells are no proof.)"""
    texts = [(j, cell[0].strip()) for j, cell in enumerate(row) if cell[0].strip()]
    if not texts or HEADING_START.match(texts[0][1]) or all(_words(cell[0]) or not cell[0].strip() for cell in last):
        return False
    return all(full[j] and _words(last[j][0]) and _words(text) for j, text in texts)


def _words(text: str) -> bool:
    squeezed = re.sub(r"\s+", "", text)
    return bool(squeezed) and not _NUMBER.fullmatch(squeezed)


def _texts(row: Sequence[RawCell]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", cell[0]) for cell in row if cell[0].strip())


def _head_rows(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """The rows above a table's first row of amounts (its title and header rows)."""
    out = []
    for row in rows[:_HEAD_MAX]:
        if any(_AMOUNT.search(cell[0]) for cell in row):
            break
        out.append(row)
    return out


def _mark_headers(items: Sequence[_Fragment | _TableItem], pages: list[_Page]) -> None:
    """Flag running headers, footers and page numbers: they are not part of the text."""
    frags = [f for f in items if isinstance(f, _Fragment)]
    by_page: dict[int, list[_Fragment]] = {}
    for f in frags:
        by_page.setdefault(f.page, []).append(f)
    candidates: list[_Fragment] = []
    for number, fs in by_page.items():
        height = pages[number - 1].height
        for f in fs[:2] + fs[-2:]:
            if f.top >= height * (1 - _MARGIN_BAND) or f.top <= height * _MARGIN_BAND + 2 * f.em:
                candidates.append(f)
    counts: dict[tuple[str, bool], set[int]] = {}
    for f in candidates:
        counts.setdefault(_header_key(f, pages), set()).add(f.page)
    # A header printed on both pages of a two-page report is as much a header as one on a third
    # of a long report's pages (one page gives nothing to compare).
    repeated = max(3, len(pages) // 3) if len(pages) > 2 else 2
    for f in candidates:
        if PAGE_NUMBER.match(f.text):
            f.header = True
        # 单位：万元 recurs above every table but belongs to it.
        elif len(counts[_header_key(f, pages)]) >= repeated and not UNIT_PATTERN.search(f.text):
            f.header = True


def _header_key(f: _Fragment, pages: list[_Page]) -> tuple[str, bool]:
    return re.sub(r"\d+", "#", f.text), f.top > pages[f.page - 1].height / 2
