"""A table typed with TABs between its cells, one row a line (合计→112.50→108.30), reads as a table
in a PDF printed from the text or from a Word file of its lines, as it does in the text file:
whether the PDF keeps each TAB as a glyph (a text printed as typed) or moves the next cell to a
tab stop (LibreOffice: a gap of anything from a tenth of an em to several ems, no glyph). Lines of
prose — ragged, justified, parted by full-width spaces, or a list of figures — never become a
table."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from checker.engine import check_document
from checker.ingest import load_document

from _containers import build_docx, build_pdf, libreoffice_convert

# Our own table: labels of many lengths, so that LibreOffice's tab stops put the figures of each
# row at other places, and cells left empty (two TABs in a row, TABs at the end of a row); the 合计
# of 决算数 is 13.20 where its items give 10.20.
TITLE = "表2 某街道综合服务中心2023年度“三公”经费支出表"
UNIT = "单位：万元"
ROWS = [
    ["项目", "预算数", "决算数", "完成率"],
    ["合计", "12.50", "{total}", "81.60%"],
    ["因公出国（境）费", "", "0", ""],
    ["公务接待费", "2.40", "1.90", "79.17%"],
    ["公务用车购置及运行维护费", "10.10", "{car}", ""],
    ["其中：公务用车运行维护费", "10.10", "{car}", ""],
    ["公务用车购置费", "0", "0", ""],
]
TOTALS = {"off": ("13.20", "8.30"), "consistent": ("10.20", "8.30")}
AFTER = "2023年度“三公”经费支出决算数比预算数减少，主要原因是压减了公务接待。"


def _table_lines(case: str) -> list[str]:
    total, car = TOTALS[case]
    return [TITLE, UNIT] + ["\t".join(row).format(total=total, car=car) for row in ROWS] + [AFTER]


# Prose of our own that a reader looking only for gaps could cut into cells.
RAGGED = [
    "一、部门基本情况",
    "本单位2023年度收入合计 12.50 万元，支出合计 10.20 万元。",
    "其中基本支出 8.30 万元 项目支出 1.90 万元",
    "1. 基本支出 8.30 万元",
    "2. 项目支出 1.90 万元",
    "3. 其他支出 0 万元",
]
FULL_WIDTH = [
    "合计　12.50　10.20",
    "公务接待费　2.40　1.90",
    "公务用车运行维护费　10.10　8.30",
    "公务用车购置费　0　0",
]
JUSTIFIED = [
    "本年度公务接待费支出1.90万元，比上年减少0.50万元，下降20.83%，主要原因是严格执行接待标准，"
    "压减接待批次和人数；公务用车运行维护费支出8.30万元，比上年增加0.30万元，增长3.75%，主要"
    "原因是车辆老化维修费用增加；因公出国（境）费支出0万元，与上年持平，全年无因公出国（境）团组。"
    "本年度会议费支出0.80万元，培训费支出1.20万元，均控制在预算以内，较上年分别下降12.00%和8.00%。",
    "（一）基本支出 8.30 万元 10.20 万元 12.50 万元",
    "（二）项目支出 1.90 万元 2.40 万元 0.50 万元",
    "（三）其他支出 0.10 万元 0.20 万元 0.30 万元",
]


def _keys(path) -> Counter:
    findings = check_document(load_document(path)).findings
    return Counter((f.rule, re.sub(r"\s+", "", f.stated or ""), f.severity) for f in findings)


def _cells(path) -> list[list[list[str]]]:
    return [[[c.text.replace(" ", "") for c in row] for row in t.rows] for t in load_document(path).tables()]


SOURCES = {"table-off": _table_lines("off"), "table-consistent": _table_lines("consistent")}
# (rows of a label and figures parted by spaces: no table in the text file)
SPACED = [line.replace("　", " ") for line in FULL_WIDTH]
PROSE = {"ragged": RAGGED, "full-width": FULL_WIDTH, "justified": JUSTIFIED, "spaced": SPACED}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Each source as a .txt, printed by the test builder (TABs as glyphs; spaces as glyphs, or as
    gaps without one, as LibreOffice draws some), and by LibreOffice from
    the .txt and from a Word file of its lines (with justified paragraphs: LibreOffice justifies
    a Word file's paragraphs as they ask)."""
    out = tmp_path_factory.mktemp("tab-tables")
    texts, docs = [], []
    for name, lines in {**SOURCES, **PROSE}.items():
        text = out / f"{name}.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts.append(text)
        (out / "builder").mkdir(exist_ok=True)
        (out / "builder" / f"{name}.pdf").write_bytes(build_pdf(lines))
        (out / "builder-gaps").mkdir(exist_ok=True)
        (out / "builder-gaps" / f"{name}.pdf").write_bytes(build_pdf(lines, spaces="gap"))
        doc = out / "docx" / f"{name}.docx"
        doc.parent.mkdir(exist_ok=True)
        doc.write_bytes(build_docx(lines) if name != "justified" else _justified_docx(lines))
        docs.append(doc)
    lo = libreoffice_convert(texts, "pdf", out / "lo-txt", out / "profile")
    lo = lo and libreoffice_convert(docs, "pdf", out / "lo-docx", out / "profile")
    return out, lo


def _justified_docx(lines: list[str]) -> bytes:
    import io

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(printed, container: str, name: str):
    out, lo = printed
    if container.startswith("lo-") and not lo:
        pytest.skip("LibreOffice is not installed")
    return out / container / f"{name}.pdf"


CONTAINERS = ["builder", "lo-txt", "lo-docx"]


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("name", list(SOURCES))
def test_a_tab_table_in_a_pdf_gives_the_text_findings(printed, container, name):
    text = printed[0] / f"{name}.txt"
    assert _keys(_pdf(printed, container, name)) == _keys(text)
    assert any(rule == "TBL001" for rule, _, _ in _keys(text)) == (name == "table-off")


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("name", list(SOURCES))
def test_a_tab_table_in_a_pdf_reads_cell_for_cell(printed, container, name):
    text = printed[0] / f"{name}.txt"
    assert _cells(_pdf(printed, container, name)) == _cells(text)
    (table,) = load_document(_pdf(printed, container, name)).tables()
    assert table.unit == "万元"


@pytest.mark.parametrize("container", CONTAINERS + ["builder-gaps"])
@pytest.mark.parametrize("name", list(PROSE))
def test_prose_in_a_pdf_makes_no_table(printed, container, name):
    assert _cells(_pdf(printed, container, name)) == _cells(printed[0] / f"{name}.txt") == []


def _rows_page(rows: list[list[tuple[str, float]]]):
    """A page of lines drawn glyph by glyph, no space glyph: each line its words at their x."""
    from checker.ingest.pdf import _Char, layout

    size, chars = 10.5, []
    for r, words in enumerate(rows):
        for word, x in words:
            for ch in word:
                width = size if ch >= "\u2e80" else size / 2
                chars.append(_Char(ch, x, x + width, 700.0 - 20 * r, size))
                x += width
    return layout(1, 595.0, 842.0, chars, [], [], 0)


def _cell_texts(page) -> list[list[str]]:
    from checker.ingest.pdf import _grid_rows

    (grid,) = page.grids
    return [[cell[0] for cell in row] for row in _grid_rows(grid, page.lines)[0]]


STOP = 35.4  # LibreOffice's default tab stops: every 1.25 cm from the margin


def _tabbed(cells: list[str], margin: float = 57.0) -> list[tuple[str, float]]:
    """A row typed with TABs as a word processor sets it: each TAB moves on to the next default
    tab stop, so an empty cell is a stop skipped."""
    words, x = [], margin
    for k, cell in enumerate(cells):
        if k:
            x = margin + (int((x - margin) // STOP) + 1) * STOP
        if cell:
            words.append((cell, x))
            x += sum(10.5 if ch >= "\u2e80" else 5.25 for ch in cell)
    return words


LATTICE = [
    ["项目", "预算数", "决算数", "完成率"],
    ["合计", "12.50", "10.20", "81.60%"],
    ["因公出国境费", "", "0", ""],
    ["公务接待费", "2.40", "1.90", "79.17%"],
    ["公务用车运行维护费", "10.10", "8.30", ""],
]


def test_a_skipped_default_tab_stop_is_an_empty_cell():
    assert _cell_texts(_rows_page([_tabbed(row) for row in LATTICE])) == LATTICE


def test_without_even_tab_stops_no_cell_is_taken_for_empty():
    """Stops set by hand (160, 210, 290), wide apart: a row with fewer figures is no row of a
    table typed with default stops — only the columns its figures stand in tell which is empty."""
    rows = [
        [("合计", 57), ("12.50", 160), ("10.20", 210), ("81.60%", 290)],
        [("公务接待费", 57), ("2.40", 210), ("1.90", 290)],
        [("公务用车运行维护费", 57), ("8.30", 210), ("8.30", 290)],
        [("公务用车购置费", 57), ("0", 160), ("0", 210), ("0", 290)],
    ]
    assert _cell_texts(_rows_page(rows))[1] == ["公务接待费", "", "2.40", "1.90"]
    # set closer, evenly but not from the margin as default stops are: nothing tells which
    # cell was left empty
    close = [[(word, {160: 140, 210: 170, 290: 200}.get(x, x)) for word, x in row] for row in rows]
    assert _rows_page(close).grids == []


def test_figures_at_stops_no_other_row_shares_make_no_table():
    rows = [
        [("合计", 57), ("12.50", 81), ("10.20", 117)],
        [("公务接待费", 57), ("2.40", 118), ("1.90", 141)],
        [("公务用车运行维护费", 57), ("8.30", 160), ("8.30", 190)],
    ]
    assert _rows_page(rows).grids == []


def test_a_label_ending_in_a_figure_makes_no_table():
    """A figure set a hair before its tab stop shows no gap: it would run into the label and the
    row's figures would each move a column left."""
    rows = [
        [("合计", 57), ("12.50", 57 + STOP), ("10.20", 57 + 2 * STOP)],
        [("公务接待费2.40", 57), ("1.90", 57 + 3 * STOP)],
        [("公务用车费", 57), ("8.30", 57 + 2 * STOP), ("8.30", 57 + 3 * STOP)],
        [("会议费", 57), ("1", 57 + STOP), ("1", 57 + 2 * STOP)],
    ]
    assert _rows_page(rows).grids == []
