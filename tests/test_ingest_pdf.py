"""The PDF reader: prose re-joined across lines and pages, ruled tables, exact page/line places.

The synthetic PDFs are drawn line by line with reportlab, so each test knows on which page and
at which line (counted from the top of the page) every piece of text was put.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from checker.ingest import InputError, load_document  # noqa: E402
from checker.ingest.pdf import page_lines, read_pdf  # noqa: E402
from checker.model import Paragraph, Table  # noqa: E402

FONT = "STSong-Light"
SIZE = 12
LEFT, RIGHT = 72.0, A4[0] - 72.0
PITCH = 18.0
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

STANDARD_TABLES = (
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
)

# Invented sentences in the style of a 决算说明; long enough to wrap several times.
OPENING = (
    "本单位2024年度收入支出总计1,322.66万元。与2023年度相比，收入支出总计增加132.66万元，"
    "增长11.15%。主要原因是新增信息系统运维项目，相应支出有所增加。"
)
CLOSING = (
    "一般公共预算财政拨款基本支出1,234.56万元，其中：人员经费1,100.00万元，主要包括基本工资、"
    "津贴补贴、绩效工资和住房公积金；公用经费134.56万元，主要包括办公费、印刷费、邮电费、"
    "差旅费、维修（护）费和其他商品和服务支出，较上年略有下降。"
)


class Sheet:
    """Draws lines top-down and records, per page, the text of each line it drew."""

    def __init__(self, **kwargs):
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, **kwargs)
        self.page = 1
        self.lines: dict[int, list[str]] = {1: []}
        self.y = A4[1] - 72

    def text(self, x: float, text: str, size: int = SIZE) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.y, text)
        self.lines[self.page].append(text)
        self.y -= PITCH

    def centred(self, text: str, size: int = SIZE) -> None:
        width = pdfmetrics.stringWidth(text, FONT, size)
        self.text((A4[0] - width) / 2, text, size)

    def paragraph(self, text: str, bottom: float = 72) -> None:
        """Wrap at the right margin like a word processor; first line indented two characters."""
        x = LEFT + 2 * SIZE
        line = ""
        for ch in text:
            if pdfmetrics.stringWidth(line + ch, FONT, SIZE) > RIGHT - x:
                self.text(x, line)
                x, line = LEFT, ""
                if self.y < bottom:
                    self.new_page()
            line += ch
        if line:
            self.text(x, line)

    def new_page(self) -> None:
        self.c.setFont(FONT, 10)
        self.c.drawCentredString(A4[0] / 2, 30, f"- {self.page} -")  # the page number
        self.c.showPage()
        self.page += 1
        self.lines[self.page] = []
        self.y = A4[1] - 72

    def done(self) -> bytes:
        self.c.setFont(FONT, 10)
        self.c.drawCentredString(A4[0] / 2, 30, f"- {self.page} -")
        self.c.save()
        return self.buf.getvalue()


HEADER = [("项目", "金额", ""), ("", "本年", "上年")]
BODY = [("基本支出", "1,234.56", "1,100.00"), ("项目支出", "88.10", "90.00"), ("合计", "1,322.66", "1,190.00")]


def draw_table(sheet: Sheet, filled_borders: bool, body=BODY) -> list[float]:
    """A 5×3 grid whose header has a cell spanning two rows and one spanning two columns."""
    xs = [LEFT, LEFT + 160, LEFT + 290, RIGHT]
    top = sheet.y + SIZE + 4
    ys = [top - i * 22 for i in range(6)]
    c = sheet.c

    def hline(y, x0, x1):
        if filled_borders:  # how Word draws borders: thin filled rectangles
            c.rect(x0, y - 0.5, x1 - x0, 1, stroke=0, fill=1)
        else:
            c.line(x0, y, x1, y)

    def vline(x, y0, y1):
        if filled_borders:
            c.rect(x - 0.5, y0, 1, y1 - y0, stroke=0, fill=1)
        else:
            c.line(x, y0, x, y1)

    hline(ys[0], xs[0], xs[3])
    hline(ys[1], xs[1], xs[3])  # under 金额 only: 项目 spans rows 1-2
    for y in ys[2:]:
        hline(y, xs[0], xs[3])
    vline(xs[0], ys[5], ys[0])
    vline(xs[1], ys[5], ys[0])
    vline(xs[2], ys[5], ys[1])  # not in row 1: 金额 spans columns 2-3
    vline(xs[3], ys[5], ys[0])
    rows = HEADER + list(body)
    c.setFont(FONT, 10)
    for r, row in enumerate(rows):
        base = ys[r] - 15
        for col, value in enumerate(row):
            if value:
                c.drawString(xs[col] + 4, base, value)
        sheet.lines[sheet.page].append("".join(row))
    sheet.y = ys[5] - PITCH - 6
    return ys


def report_pdf(filled_borders: bool = False) -> tuple[bytes, Sheet]:
    sheet = Sheet()
    sheet.text(LEFT, "第三部分 部门决算情况说明", size=SIZE)
    sheet.text(LEFT, "一、收入支出决算总体情况说明")
    sheet.paragraph(OPENING)
    sheet.centred("收入决算表")
    sheet.c.setFont(FONT, 10)
    sheet.c.drawRightString(RIGHT, sheet.y, "单位：万元")
    sheet.lines[1].append("单位：万元")
    sheet.y -= PITCH
    draw_table(sheet, filled_borders)
    sheet.text(LEFT, "二、基本支出决算情况说明")
    # Push the next paragraph to the bottom so that it runs over onto page 2.
    while sheet.y > 72 + 2 * PITCH:
        sheet.text(LEFT + 2 * SIZE, "本项无数据。")
    sheet.paragraph(CLOSING, bottom=72 + PITCH)
    return sheet.done(), sheet


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    data, sheet = report_pdf()
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(data)
    blocks, warnings = read_pdf(path, data)
    return path, blocks, warnings, sheet


def lines_of(data: bytes) -> dict[int, list[str]]:
    pdf = pdfium.PdfDocument(data)
    try:
        return {i + 1: page_lines(pdf[i]) for i in range(len(pdf))}
    finally:
        pdf.close()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_wrapped_paragraph_is_rejoined_with_numbers_in_place(synthetic):
    _, blocks, warnings, _ = synthetic
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert warnings == []
    assert squash(OPENING) in [squash(t) for t in texts]
    opening = next(b for b in blocks if isinstance(b, Paragraph) and "1,322.66" in b.text)
    assert "收入支出总计1,322.66万元" in squash(opening.text)
    assert len(opening.pieces) >= 2, "the sentence was drawn on several lines"


def test_paragraph_continues_across_the_page_break_and_page_numbers_are_dropped(synthetic):
    _, blocks, _, sheet = synthetic
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    closing = next(p for p in paragraphs if squash(p.text) == squash(CLOSING))
    assert {p.page for p in closing.pieces} == {1, 2}
    assert sheet.page == 2
    assert not any(re.fullmatch(r"-\s*\d+\s*-", p.text.strip()) for p in paragraphs)
    assert [p.heading.marker for p in paragraphs if p.heading] == ["第三部分", "一、", "二、"]


@pytest.mark.parametrize("filled", [False, True], ids=["stroked-borders", "filled-borders"])
def test_ruled_table_with_merged_header_cells(filled, tmp_path):
    data, _ = report_pdf(filled_borders=filled)
    blocks, _ = read_pdf(tmp_path / "t.pdf", data)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert (table.n_rows, table.n_cols) == (5, 3)
    assert table.caption == "收入决算表"
    assert table.unit == "万元"
    grid = [[c.text for c in row] for row in table.rows]
    assert grid == [
        ["项目", "金额", ""],
        ["", "本年", "上年"],
        ["基本支出", "1,234.56", "1,100.00"],
        ["项目支出", "88.10", "90.00"],
        ["合计", "1,322.66", "1,190.00"],
    ]
    # The table sits between the paragraphs it was drawn between.
    kinds = ["T" if isinstance(b, Table) else b.text[:4] for b in blocks]
    assert kinds.index("T") == kinds.index("单位：万") + 1


def test_table_continued_on_the_next_page_is_one_table(tmp_path):
    sheet = Sheet()
    sheet.centred("收入决算表")
    draw_table(sheet, filled_borders=False)
    sheet.new_page()
    # The header rows repeat, as Word repeats them on each page.
    draw_table(sheet, filled_borders=False, body=[("其他支出", "5.00", "4.00")] * 3)
    blocks, _ = read_pdf(tmp_path / "t.pdf", sheet.done())
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert (table.n_rows, table.n_cols) == (8, 3)
    assert [r[0].text for r in table.rows[4:]] == ["合计"] + ["其他支出"] * 3
    assert {p.page for c in table.cells() for p in c.pieces} == {1, 2}


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_is_read_upright(rotation, tmp_path):
    # Latin text: pdfium gives the (non-embedded) CJK test font no glyph boxes when rotated.
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setPageRotation(rotation)
    width, height = A4
    c.translate(*{90: (width, 0), 180: (width, height), 270: (0, height)}[rotation])
    c.rotate(rotation)  # draw so that the page reads upright once the viewer turns it
    c.setFont("Helvetica", 12)
    c.drawString(72, 400, "Total spending was 100.00 in the year.")
    c.drawString(72, 360, "Next paragraph.")
    c.grid([72, 200, 300], [300, 280, 260])
    for x, y, text in [(80, 285, "A"), (210, 285, "1.00"), (80, 265, "B"), (210, 265, "2.00")]:
        c.drawString(x, y, text)
    c.showPage()
    c.save()
    blocks, _ = read_pdf(tmp_path / "r.pdf", buf.getvalue())
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "Total spending was 100.00 in the year.",
        "Next paragraph.",
    ]
    table = next(b for b in blocks if isinstance(b, Table))
    assert [[c.text for c in row] for row in table.rows] == [["A", "1.00"], ["B", "2.00"]]


def test_locations_round_trip(synthetic):
    path, blocks, _, sheet = synthetic
    pages = lines_of(path.read_bytes())
    checked = 0
    for block in blocks:
        cells = block.cells() if isinstance(block, Table) else [block]
        for unit in cells:
            for piece in unit.pieces:
                if piece.end == piece.start:
                    continue
                drawn = sheet.lines[piece.page][piece.line - 1]
                text = unit.raw[piece.start : piece.end]
                # The line the reader reports is the line the test drew there ...
                assert squash(text) in squash(drawn), (piece, text, drawn)
                # ... and the page/line/column slice of the page's text is that text.
                line = pages[piece.page][piece.line - 1]
                assert line[piece.column : piece.column + len(text)] == text
                checked += 1
    assert checked > 20


def test_load_document_reads_a_pdf(synthetic):
    path, _, _, _ = synthetic
    doc = load_document(path)
    assert doc.format == "pdf"
    assert [s.heading.marker for s in doc.sections] == ["第三部分"]
    assert len(list(doc.tables())) == 1


# ---------------------------------------------------------------- bad PDFs


def _one_line_pdf(**kwargs) -> bytes:
    sheet = Sheet(**kwargs)
    sheet.text(LEFT, "一、收入决算情况说明")
    return sheet.done()


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_one_line_pdf(encrypt="secret"))
    with pytest.raises(InputError, match="加密的 PDF（需要密码）"):
        load_document(path)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf(tmp_path, cut):
    data = _one_line_pdf()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(InputError, match="PDF 已损坏或不完整"):
        load_document(path)


def test_scanned_pdf_has_no_text_layer(tmp_path):
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(str(image), 72, 500, width=400, height=200)
    c.showPage()
    c.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="PDF 没有文字层（扫描件？）"):
        load_document(path)


# ---------------------------------------------------------------- the real reports


@pytest.fixture(scope="module")
def real(pdf_dir):
    """Each sample PDF read once: (blocks, lines of each page)."""
    out = {}
    for path in sorted(pdf_dir.glob("*.pdf")):
        data = path.read_bytes()
        blocks, _ = read_pdf(path, data)
        out[path.name] = (blocks, lines_of(data))
    return out


def _standard(blocks) -> dict[str, Table]:
    return {b.caption: b for b in blocks if isinstance(b, Table) and b.caption in STANDARD_TABLES}


def test_real_pdfs_have_the_nine_standard_tables(real):
    for name, (blocks, _) in real.items():
        found = set(_standard(blocks))
        # The seeded-errors sample leaves out one table on purpose.
        expected = set(STANDARD_TABLES) - ({"支出决算表"} if "seeded" in name else set())
        assert found == expected, name


def test_real_pdf_tables_keep_each_amount_in_its_own_cell(real):
    amount = r"-?\d[\d,]*\.\d{2}"
    for name, (blocks, _) in real.items():
        for table in _standard(blocks).values():
            assert all(len(row) == table.n_cols for row in table.rows)
            assert table.unit == "万元", (name, table.caption)
            for cell in table.cells():
                assert not re.search(amount + r"\s+" + amount, cell.text), (name, cell.id, cell.text)
        # The overall table: 4 columns, and its 总计 row balances.
        overall = _standard(blocks)["收入支出决算总表"]
        assert overall.n_cols == 4
        totals = [row for row in overall.rows if row[0].text.replace(" ", "") == "总计"]
        assert totals, name
        income, spending = totals[-1][1].text, totals[-1][3].text
        if income:  # the template leaves the figures blank
            assert Decimal(income.replace(",", "")) == Decimal(spending.replace(",", "")), name


def test_real_pdf_numbers_stay_in_their_sentences(real):
    blocks, _ = real["putuo-caizhengju-2024.pdf"]
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert any("收入支出总计2995.39万元" in t for t in texts)
    for name, (blocks, _) in real.items():
        for b in blocks:
            if isinstance(b, Paragraph):
                # A number alone in a paragraph is a number that lost its sentence (or a page number).
                assert not re.fullmatch(r"[\d,.%\s]+", b.text), (name, b.id, b.text)


def test_real_pdf_locations_round_trip(real):
    for name, (blocks, pages) in real.items():
        for block in blocks:
            units = block.cells() if isinstance(block, Table) else [block]
            for unit in units:
                for piece in unit.pieces:
                    text = unit.raw[piece.start : piece.end]
                    line = pages[piece.page][piece.line - 1]
                    assert line[piece.column : piece.column + len(text)] == text, (name, unit.id, piece)


def test_table_without_rules_is_found_by_its_aligned_columns(tmp_path):
    sheet = Sheet()
    sheet.text(LEFT, "二、支出决算情况说明")
    rows = [
        ("项目", "本年", "上年"),
        ("基本支出", "1,234.56", "1,100.00"),
        ("项目支出", "88.10", "90.00"),
        ("合计", "1,322.66", "1,190.00"),
    ]
    for label, now, before in rows:
        sheet.c.setFont(FONT, SIZE)
        sheet.c.drawString(LEFT, sheet.y, label)
        sheet.c.drawRightString(LEFT + 260, sheet.y, now)  # figures are right-aligned
        sheet.c.drawRightString(LEFT + 400, sheet.y, before)
        sheet.lines[1].append(label + now + before)
        sheet.y -= PITCH
    sheet.paragraph(OPENING)
    blocks, _ = read_pdf(tmp_path / "u.pdf", sheet.done())
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [[c.text for c in row] for row in tables[0].rows] == [list(r) for r in rows]
    assert squash(OPENING) in [squash(b.text) for b in blocks if isinstance(b, Paragraph)]


def test_running_header_and_page_numbers_are_dropped(tmp_path):
    sheet = Sheet()
    header = "某区某局2024年度部门决算"
    for page in range(4):
        sheet.c.setFont(FONT, 9)
        sheet.c.drawCentredString(A4[0] / 2, A4[1] - 40, header)
        sheet.lines[sheet.page].append(header)
        if page:
            sheet.text(LEFT, f"{'一二三'[page - 1]}、第{page}节说明")
        while sheet.y > 72 + PITCH:
            sheet.text(LEFT + 2 * SIZE, "本节内容从略。")
        if page < 3:
            sheet.new_page()
    blocks, _ = read_pdf(tmp_path / "h.pdf", sheet.done())
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert header not in texts
    assert not any(re.fullmatch(r"-\s*\d+\s*-", t) for t in texts)
    assert [t for t in texts if "节说明" in t] == ["一、第1节说明", "二、第2节说明", "三、第3节说明"]


def test_doubled_rules_are_one_boundary(tmp_path):
    """Some generators draw every cell as its own box, so a border is two rules a few points apart
    in some rows and one rule in others; nothing fits in the sliver between them. A row's code,
    name and amount must still land in one row, each in its column (not in a sliver column)."""
    sheet = Sheet()
    sheet.centred("基本支出预算表")
    xs = [LEFT, LEFT + 120, LEFT + 300, RIGHT]
    rows = [
        ("科目编码", "科目名称", "金额"),
        ("301", "工资福利支出", "7,687.65"),
        ("30101", "基本工资", "2,509.00"),
        ("30102", "津贴补贴", "5,178.65"),
    ]
    top = sheet.y + SIZE + 4
    c = sheet.c
    c.setFont(FONT, 10)
    ys = [top - r * 22 for r in range(len(rows) + 1)]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for r, row in enumerate(rows):
        # the header's inner borders are doubled 5.4 points apart, the body's are single
        for x in xs:
            for shift in (-2.7, 2.7) if r == 0 and x not in (xs[0], xs[-1]) else (0.0,):
                c.line(x + shift, ys[r + 1], x + shift, ys[r])
        for col, value in enumerate(row):
            c.drawString(xs[col] + 6, ys[r + 1] + 7, value)
    # a sliver row: the rule under the first body row is doubled 3.4 points apart
    c.line(xs[0], ys[2] - 3.4, xs[-1], ys[2] - 3.4)
    sheet.y = ys[-1] - PITCH
    blocks, _ = read_pdf(tmp_path / "t.pdf", sheet.done())
    table = next(b for b in blocks if isinstance(b, Table))
    assert [[cell.text for cell in row] for row in table.rows] == [list(r) for r in rows]


def _code_table(sheet: Sheet, xs: list[float], rows: list[tuple[str, str, str]]) -> None:
    top = sheet.y + SIZE + 4
    ys = [top - r * 22 for r in range(len(rows) + 1)]
    c = sheet.c
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[-1], x, ys[0])
    c.setFont(FONT, 10)
    for r, row in enumerate(rows):
        for col, value in enumerate(row):
            c.drawString(xs[col] + 4, ys[r + 1] + 7, value)
    sheet.y = ys[-1] - PITCH


def test_a_code_group_cut_at_the_page_end_is_not_a_certain_error(tmp_path):
    """A table that goes on on the next page with other column widths is read as two tables; the
    last 类 of the first one then lacks the 款 rows printed overleaf: uncertain, not an error."""
    from checker.config import Config
    from checker.engine import check_document

    sheet = Sheet()
    sheet.centred("基本支出预算表")
    head = [
        ("科目编码", "科目名称", "金额（万元）"),
        ("301", "工资福利支出", "90.00"),
        ("30101", "基本工资", "90.00"),
        ("302", "商品和服务支出", "60.00"),
        ("30201", "办公费", "25.00"),
    ]
    _code_table(sheet, [LEFT, LEFT + 120, LEFT + 300, RIGHT], head)
    sheet.new_page()
    _code_table(sheet, [LEFT - 6, LEFT + 140, LEFT + 290, RIGHT + 4], [("30205", "水费", "35.00")])
    path = tmp_path / "cut.pdf"
    path.write_bytes(sheet.done())
    findings = [f for f in check_document(load_document(path), Config(select=("TBL001",))).findings]
    assert [(f.stated, f.severity) for f in findings] == [("60.00", "warning")]
    # a group that its rows overshoot is wrong whatever follows overleaf
    sheet2 = Sheet()
    _code_table(sheet2, [LEFT, LEFT + 120, LEFT + 300, RIGHT], head[:4] + [("30201", "办公费", "65.00")])
    path.write_bytes(sheet2.done())
    findings = [f for f in check_document(load_document(path), Config(select=("TBL001",))).findings]
    assert [(f.stated, f.severity) for f in findings] == [("60.00", "error")]
