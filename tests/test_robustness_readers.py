"""Files crafted to make a reader allocate or loop without bound, or to crash it: each is
refused with exit status 2 and its reason, or read within a small bound — never a traceback,
never gigabytes. Every input is built here, small."""

from __future__ import annotations

import io
import random
import re
import struct
import time
import zipfile

import docx
import openpyxl
import pytest

from checker.ingest import InputError, load_document, ooxml
from tests._legacy import excel_xls, ole_file, word_doc
from tests.test_bad_input import assert_refused, jiaohe, peak_rss_kb, small_docx


def _rewrite(data: bytes, part: str, edit) -> bytes:
    """The archive with one part's text passed through ``edit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == part:
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(item.filename, body)
    return out.getvalue()


def _table_docx(rows: int = 2, cols: int = 2) -> bytes:
    d = docx.Document()
    d.add_paragraph("表1 收入支出决算表")
    table = d.add_table(rows=rows, cols=cols)
    for r in range(rows):
        for c in range(cols):
            table.cell(r, c).text = "收入合计" if c == 0 else f"{r + 1}0.00"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ DOCX caps


def test_docx_with_more_xml_elements_than_the_cap_is_refused(tmp_path, monkeypatch):
    """62 MB of one-tag paragraphs (37:1, under the ratio guard) took 3.1 GB: the element count
    is the bound; scaled down here so the test needs no large file."""
    monkeypatch.setattr(ooxml, "MAX_XML_ELEMENTS", 2000)
    path = tmp_path / "many.docx"
    path.write_bytes(
        _rewrite(
            small_docx(), "word/document.xml", lambda xml: xml.replace("<w:body>", "<w:body>" + "<w:p/>" * 3000, 1)
        )
    )
    with pytest.raises(InputError, match="XML 元素超过 2,000 个"):
        load_document(path)


def test_docx_nested_too_deep_is_refused(tmp_path):
    path = tmp_path / "deep.docx"
    nest = "<w:customXml>" * 300 + "</w:customXml>" * 300
    path.write_bytes(
        _rewrite(small_docx(), "word/document.xml", lambda xml: xml.replace("<w:body>", "<w:body>" + nest, 1))
    )
    assert_refused(path, "的 XML 嵌套超过")


@pytest.mark.parametrize("attribute", ["gridSpan", "gridBefore"])
def test_huge_grid_span_is_clamped(tmp_path, attribute):
    """w:gridSpan (or gridBefore) of 10⁶ in a 9 KB file took 637 MB and 33 s."""

    def edit(xml: str) -> str:
        if attribute == "gridSpan":
            return xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="1000000"/>', 1)
        return re.sub(r"(<w:tr\b[^>]*>)", r'\1<w:trPr><w:gridBefore w:val="1000000"/></w:trPr>', xml, count=1)

    path = tmp_path / "span.docx"
    path.write_bytes(_rewrite(_table_docx(), "word/document.xml", edit))
    started = time.perf_counter()
    document = load_document(path)
    assert time.perf_counter() - started < 10
    width = max(len(row) for t in document.tables() for row in t.rows)
    assert 2 < width <= 63 + 2  # the clamp plus the row's own two cells


def test_list_numbering_with_a_huge_start_value_stays_short(tmp_path):
    """A level starting at 10⁹ in letter format made 38 k-letter markers (3.8 GB for a list)."""
    d = docx.Document()
    for text in ("收入情况", "支出情况"):
        d.add_paragraph(text, style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    data = _rewrite(
        buf.getvalue(),
        "word/numbering.xml",
        lambda xml: re.sub(
            r'<w:start w:val="\d+"/>',
            '<w:start w:val="1000000000"/>',
            re.sub(r'<w:numFmt w:val="decimal"/>', '<w:numFmt w:val="upperLetter"/>', xml),
        ),
    )
    path = tmp_path / "numbers.docx"
    path.write_bytes(data)
    document = load_document(path)
    assert all(len(p.text) < 40 for p in document.paragraphs()), [p.text[:60] for p in document.paragraphs()]


# ------------------------------------------------------------------ XLSX caps


def _xlsx(fill) -> bytes:
    workbook = openpyxl.Workbook()
    fill(workbook.active)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def test_one_cell_at_the_last_address_is_read_alone(tmp_path):
    """A cell at XFD1048576 made the reader pad a million rows (over 60 s, 1.7 GB rising)."""

    def fill(sheet):
        sheet["XFD1048576"] = "收入合计"

    path = tmp_path / "far.xlsx"
    path.write_bytes(_xlsx(fill))
    started = time.perf_counter()
    document = load_document(path)
    assert time.perf_counter() - started < 10
    [table] = list(document.tables())
    assert [[c.text for c in row] for row in table.rows] == [["收入合计"]]


@pytest.mark.parametrize("far", ["XFD1048576", "XFD7"])
def test_a_used_range_larger_than_the_cap_is_refused(tmp_path, far):
    """A1 and XFD7: 7 × 16,384 cells took the checker 17 s (found by the fuzz run)."""

    def fill(sheet):
        sheet["A1"] = "收入合计"
        sheet[far] = "12.00"

    path = tmp_path / "wide.xlsx"
    path.write_bytes(_xlsx(fill))
    assert_refused(path, "超过一张表最多")


def test_thousands_of_merged_ranges_are_indexed(tmp_path):
    """8,000 merged ranges took 58 s: every cell scanned every range."""

    def fill(sheet):
        for r in range(1, 8001):
            sheet.cell(r, 1, f"项目{r}")
            sheet.cell(r, 2, r)

    # the ranges go into the XML directly: openpyxl's merge_cells is itself quadratic
    merges = "".join(f'<mergeCell ref="B{r}:C{r}"/>' for r in range(1, 8001))
    path = tmp_path / "merged.xlsx"
    path.write_bytes(
        _rewrite(
            _xlsx(fill),
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace("</sheetData>", f'</sheetData><mergeCells count="8000">{merges}</mergeCells>', 1),
        )
    )
    started = time.perf_counter()
    document = load_document(path)
    assert time.perf_counter() - started < 15
    assert len(next(document.tables()).rows) == 8000


# ------------------------------------------------------------------ legacy Office (.doc, .xls)


def _patched(data: bytes, offset: int, value: int) -> bytes:
    out = bytearray(data)
    struct.pack_into("<I", out, offset, value)
    return bytes(out)


def _chain_loops_back(fat: list[int], starts: dict[str, int]) -> None:
    first = starts["WordDocument"]
    fat[first + 1] = first  # the second sector leads back to the first: a cycle inside the stream


def _first_entry(data: bytes) -> int:
    """The offset of the first directory entry after the root (header field 48: the directory's
    first sector)."""
    return 512 + struct.unpack_from("<I", data, 48)[0] * 512 + 128


def _hostile_legacy() -> dict[str, bytes]:
    good = word_doc(["一、收入支出决算总体情况", [["合计", "1,206.50"]]])
    entry = _first_entry(good)
    return {
        "truncated.doc": good[: len(good) // 2],
        "cut-in-the-header.doc": good[:600],
        "fat-chain-loop.doc": word_doc(fat_edit=_chain_loops_back),
        "fat-sector-out-of-range.doc": word_doc(
            fat_edit=lambda fat, starts: fat.__setitem__(starts["WordDocument"], 2**31)
        ),
        "difat-claims-a-billion-sectors.doc": _patched(_patched(good, 68, 0), 72, 10**9),
        "fat-count-a-billion.doc": _patched(good, 44, 10**9),
        "directory-entry-its-own-sibling.doc": _patched(good, entry + 72, 1),
        "directory-child-loop.doc": _patched(good, entry + 76, 0),
        "stream-size-4-gb.doc": _patched(good, entry + 120, 0xFFFFFFF0),
        "piece-count-absurd.doc": word_doc(piece_count=10**8),
        "piece-offset-beyond-stream.doc": word_doc(pieces=[(0, 0x3FFFFF00)]),
        "text-length-absurd.doc": word_doc(ccp_text=2**31 - 1),
        "pieces-not-in-order.doc": word_doc(text="合计1,206.50万元。\r", pieces=[(0, 0x400), (5, 0x400), (2, 0x400)]),
        "a-million-unclosed-fields.doc": word_doc(text="\x13" * 1_000_000 + "合计\r"),
        "fifty-thousand-cell-marks.doc": word_doc(text="\x07" * 50_000),
        "paragraph-properties-missing.doc": word_doc(["表", [["合计", "1"]]], papx=False),
        "far-cell.xls": excel_xls({"表": [[None] * 255 + ["合计"]] + [[]] * 65534 + [["12.00"]]}),
        "workbook-of-noise.xls": ole_file({"Workbook": random.Random(7).randbytes(200_000)}),
        "truncated.xls": excel_xls({"表": [["合计", 1206.5]] * 300})[:3000],
    }


@pytest.mark.parametrize("name", sorted(_hostile_legacy()))
def test_hostile_legacy_file_is_refused_or_read_quickly(tmp_path, name):
    """Damaged containers and absurd Word structures: a clear refusal or a bounded read, in seconds."""
    path = tmp_path / name
    path.write_bytes(_hostile_legacy()[name])
    started = time.perf_counter()
    try:
        load_document(path)
    except InputError as exc:
        assert exc.reason and "Traceback" not in exc.reason
    assert time.perf_counter() - started < 5


def test_30_mb_of_noise_behind_the_ole_signature_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "noise.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(30 * 2**20))
    started = time.perf_counter()
    rc, peak = peak_rss_kb("inspect", path)
    assert rc == 2
    assert time.perf_counter() - started < 30  # a jiaohe start included
    assert peak < 500 * 1024
    assert_refused(path, "Office 文件已损坏或不完整")


# ------------------------------------------------------------------ PDF caps


def _ruled_pdf(n: int) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    step = 8.0  # wider than the 6 pt within which the reader takes doubled rules for one boundary
    size = 80 + n * step
    c = canvas.Canvas(buf, pagesize=(size, size))
    c.setFont("Helvetica", 8)
    c.drawString(40, size - 20, "Table 1 income 12.00")
    for i in range(n + 1):
        c.line(40, 40 + i * step, 40 + n * step, 40 + i * step)
        c.line(40 + i * step, 40, 40 + i * step, 40 + n * step)
    c.drawString(45, 45, "12.00")
    c.save()
    return buf.getvalue()


def test_a_page_of_800_by_800_ruling_lines_is_refused_quickly(tmp_path):
    """A 23 KB PDF with 800×800 ruling lines took 64 s (grid building grew as n^2.4–3)."""
    path = tmp_path / "ruled.pdf"
    path.write_bytes(_ruled_pdf(800))
    started = time.perf_counter()
    assert_refused(path, "个单元格的表格")
    assert time.perf_counter() - started < 30


# ------------------------------------------------------------------ tracebacks → exit 2


def _zip_with_flags(data: bytes, version_needed: int | None = None, utf8_bad_name: bool = False) -> bytes:
    """Patch the central directory of an archive: the version needed to extract, or a member
    name flagged UTF-8 (bit 11) whose bytes are not UTF-8."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        name = bytes(out[at + 46 : at + 46 + name_len])
        if name == b"word/document.xml":
            if version_needed is not None:
                struct.pack_into("<H", out, at + 6, version_needed)
            if utf8_bad_name:
                flags = struct.unpack_from("<H", out, at + 8)[0]
                struct.pack_into("<H", out, at + 8, flags | 0x800)
                out[at + 46] = 0xFF
        at += 4
    return bytes(out)


def test_zip_version_needed_above_6_3(tmp_path):
    path = tmp_path / "future.docx"
    path.write_bytes(_zip_with_flags(small_docx(), version_needed=70))
    result = jiaohe("inspect", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def test_zip_member_name_flagged_utf8_that_is_not(tmp_path):
    path = tmp_path / "badname.docx"
    path.write_bytes(_zip_with_flags(small_docx(), utf8_bad_name=True))
    result = jiaohe("inspect", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in result.stderr


def test_docx_review_of_text_with_a_control_character(tmp_path):
    source = tmp_path / "ctrl.txt"
    source.write_text(
        "一、收入支出决算总体情况\n本年收入合计 100.00 万元\x07，其中财政拨款收入 80.00 万元，其他收入 30.00 万元。\n",
        encoding="utf-8",
    )
    out = tmp_path / "review.docx"
    result = jiaohe("check", source, "--format", "docx", "-o", out, "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    assert docx.Document(str(out)).paragraphs


def test_docx_review_of_a_table_whose_first_row_continues_a_merge(tmp_path):
    path = tmp_path / "vmerge.docx"
    path.write_bytes(
        _rewrite(_table_docx(), "word/document.xml", lambda xml: xml.replace("<w:tcPr>", "<w:tcPr><w:vMerge/>", 1))
    )
    out = tmp_path / "review.docx"
    result = jiaohe("check", path, "--format", "docx", "-o", out, "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0


def test_scan_prints_a_failure_whose_path_looks_like_markup(tmp_path):
    folder = tmp_path / "archive["  # the path reads ".../archive[/bold]empty.txt"
    folder.mkdir()
    (folder / "bold]empty.txt").write_bytes(b"")
    result = jiaohe("scan", folder, "--db", tmp_path / "f.sqlite", "--jobs", "1")
    assert "Traceback" not in result.stderr, result.stderr
    assert "archive[/bold]empty.txt" in result.stderr.replace("\n", "")  # rich wraps long lines
    assert "1 份失败" in result.stdout
