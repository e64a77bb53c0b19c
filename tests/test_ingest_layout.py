"""The layout normaliser every reader shares: hard-wrapped prose, page numbers, and tables in every
layout read to the same grid, in a text file, a Word file and a PDF alike.

All sentences here are invented; the figures are arbitrary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.ingest import load_document
from checker.ingest.layout import Line, assemble
from checker.model import Piece, Table

from _containers import build_docx, build_pdf

# A report section wrapped at 24 characters with a blank line after every line, as text copied
# out of a PDF line by line arrives (and as a Word file typed with a return per line is saved).
PROSE = (
    "一、部门基本情况",
    "本单位为财政全额拨款的行政单位，内设办公室、规划科、建设科和执法大队四个机构，负责辖区内城乡规划、"
    "工程建设和市政设施的管理与监督工作。",
    "二、收入支出决算总体情况说明",
    "2024年度收入总计2,345.67万元，比上年增加123.45万元，增长5.56%，主要原因是新增道路养护项目，"
    "相应的财政拨款有所增加，同时上年结转资金较多。",
    "三、一般公共预算财政拨款支出决算情况说明",
    "1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：支出决算数为"
    "456.78万元，比上年决算增加12.34万元，增长2.78%，主要原因是人员工资调整，社保缴费基数提高。",
    "2.城乡社区支出（类）城乡社区管理事务（款）城管执法（项）：支出决算数为210.00万元，比上年决算"
    "减少30.00万元，下降12.50%，主要原因是执法车辆购置已于上年完成，本年不再安排该项支出。",
    "3.交通运输支出（类）公路水路运输（款）公路养护（项）：支出决算数为1,206.50万元，比上年决算增加"
    "141.20万元，增长13.25%，主要原因是新增乡村道路养护里程，养护频次也有所提高，支出增加。",
    "四、其他重要事项的情况说明",
    "本年度单位未发生国有资本经营预算财政拨款支出，也未安排政府性基金预算财政拨款支出，"
    "相关决算表为空表，特此说明。本单位机关运行经费支出88.80万元，比上年减少1.20万元。",
)
WIDTH = 24


def wrapped_lines() -> list[str]:
    """The prose wrapped at WIDTH characters, a blank line after each line and a page number
    alone on a line after every 24 lines."""
    out: list[str] = []
    page = 1
    for paragraph in PROSE:
        for k in range(0, len(paragraph), WIDTH):
            out += [paragraph[k : k + WIDTH], ""]
            if len(out) % 48 == 0:
                out += [str(page), ""]
                page += 1
    return out


@pytest.fixture(scope="module")
def wrapped(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wrapped")
    lines = wrapped_lines()
    paths = {"txt": out / "report.txt", "docx": out / "report.docx", "pdf": out / "report.pdf"}
    paths["txt"].write_text("\n".join(lines), encoding="utf-8")
    paths["docx"].write_bytes(build_docx(lines))
    paths["pdf"].write_bytes(build_pdf(lines))
    return paths


@pytest.mark.parametrize("container", ["txt", "docx", "pdf"])
def test_hard_wrapped_lines_are_rejoined_into_the_paragraphs_they_were(wrapped, container):
    doc = load_document(wrapped[container])
    assert [p.text for p in doc.paragraphs()] == list(PROSE)


@pytest.mark.parametrize("container", ["txt", "docx", "pdf"])
def test_numbered_lines_continued_on_the_next_line_are_not_headings(wrapped, container):
    doc = load_document(wrapped[container])
    assert [(s.heading.marker, [c.heading.marker for c in s.children]) for s in doc.sections] == [
        ("一、", []),
        ("二、", []),
        ("三、", []),
        ("四、", []),
    ]
    report = check_document(doc)
    assert not [f for f in report.findings if f.category == "structure"]


def place(doc, figure: str) -> tuple[int, int]:
    paragraph = next(p for p in doc.paragraphs() if figure in p.text)
    start = paragraph.text.index(figure)
    location = paragraph.locate(start, start + len(figure))
    return location.line, location.end_line


@pytest.mark.parametrize("container", ["txt", "docx"])
def test_figures_of_a_joined_paragraph_point_at_their_own_lines(wrapped, container):
    """Text lines and Word paragraphs are numbered alike here (one paragraph per line)."""
    doc = load_document(wrapped[container])
    lines = wrapped_lines()
    line, end = place(doc, "141.20")
    assert line == end and "141.20" in lines[line - 1]
    # A number cut by the wrap (…为456 / .78万元) is one number that spans both lines.
    line, end = place(doc, "456.78")
    assert lines[line - 1].endswith("456") and lines[end - 1].startswith(".78")
    # The page number between two lines of a paragraph is dropped, the paragraph joined over it.
    line, end = place(doc, "提高，支出增加")
    assert lines[line - 1].endswith("提高，") and lines[end - 1] == "支出增加。" and end - line == 4


def test_a_finding_on_a_wrapped_figure_reports_the_lines_of_the_figure(wrapped):
    """The stated growth 2.78% is right (12.34 ÷ (456.78 − 12.34)); changed to 2.87% it is a
    finding whose lines run from the statement's first figure to the line the rate ends on."""
    text = wrapped["txt"].read_text(encoding="utf-8").replace("增长2\n\n.78%", "增长2\n\n.87%")
    path = wrapped["txt"].with_name("changed.txt")
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines, 1) if line.endswith("为456"))
    last = next(n for n, line in enumerate(lines, 1) if line.startswith(".87%"))
    found = [f for f in check_document(load_document(path)).findings if f.rule == "GRW001"]
    assert [(f.stated, f.location.line, f.location.end_line) for f in found] == [("2.87%", first, last)]


def test_pdf_pieces_of_a_joined_paragraph_keep_their_page_and_line(wrapped):
    import pypdfium2 as pdfium

    from checker.ingest.pdf import page_lines

    doc = load_document(wrapped["pdf"])
    pdf = pdfium.PdfDocument(str(wrapped["pdf"]))
    pages = [page_lines(pdf[i]) for i in range(len(pdf))]
    checked = 0
    for paragraph in doc.paragraphs():
        for piece in paragraph.pieces:
            text = paragraph.raw[piece.start : piece.end]
            line = pages[piece.page - 1][piece.line - 1]
            assert line[piece.column : piece.column + len(text)] == text
            checked += 1
    assert checked > len(PROSE)


@pytest.mark.parametrize("container", ["txt", "docx", "pdf"])
def test_page_numbers_alone_on_a_line_are_not_text(wrapped, container):
    doc = load_document(wrapped[container])
    assert not [p.text for p in doc.paragraphs() if p.text.strip().isdigit()]


@pytest.mark.parametrize("container", ["txt", "docx"])
def test_running_headers_beside_page_numbers_are_not_text(tmp_path, container):
    """Text copied out of a PDF keeps each page's header line and page number between the lines."""
    lines = [line for line in wrapped_lines() if not line.isdigit()]
    paged: list[str] = []
    for k in range(0, len(lines), 16):
        paged += lines[k : k + 16] + ["某区城市建设管理局2024年度部门决算", "", f"- {k // 16 + 1} -", ""]
    path = tmp_path / f"r.{container}"
    if container == "txt":
        path.write_text("\n".join(paged), encoding="utf-8")
    else:
        path.write_bytes(build_docx(paged))
    assert [p.text for p in load_document(path).paragraphs()] == list(PROSE)


def test_running_headers_beside_a_table_of_whole_numbers(tmp_path):
    """A table written one cell per line, its whole-number cells alone on their lines like page
    numbers: the running headers are still found (the search for the words beside a page number
    skips the cells), and every cell stays in the table."""
    lines = [line for line in wrapped_lines() if not line.isdigit()]
    paged: list[str] = []
    for k in range(0, len(lines), 16):
        paged += lines[k : k + 16] + ["某区城市建设管理局2024年度部门决算", "", f"- {k // 16 + 1} -", ""]
    rows = [["\t项目", "\t人数"]] + [[f"\t第{r}组", f"\t{r}"] for r in range(1, 301)]
    table = [line for row in rows for line in [*row, ""]]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(paged + ["表2 分组人数", ""] + table + ["", "以上为分组人数。"]), encoding="utf-8")
    doc = load_document(path)
    assert [p.text for p in doc.paragraphs()] == [*PROSE, "表2 分组人数", "以上为分组人数。"]
    (grid,) = doc.tables()
    assert [c.text for c in grid.cells() if c.col == 2][1:] == [str(r) for r in range(1, 301)]


def test_prose_in_ordinary_paragraphs_is_left_as_it_is(tmp_path):
    """A Word file whose paragraphs are whole paragraphs is not wrapped: nothing is joined."""
    path = tmp_path / "r.docx"
    path.write_bytes(build_docx(list(PROSE)))
    assert [p.text for p in load_document(path).paragraphs()] == list(PROSE)


# ---------------------------------------------------------------- tables in every layout

GRID = [
    ["项目", "年初预算数", "决算数"],
    ["一、一般公共预算财政拨款收入", "1,020.00", "998.50"],
    ["", "12.00", "11.50"],
    ["(1)公务用车运行维护费", "3.20", "2.10"],
]
BEFORE = ["表1 收入决算表", ""]
AFTER = ["", "", "本表反映单位本年度的收入情况。"]


def layout(name: str) -> list[str]:
    """GRID written in one of the layouts real submissions use."""
    if name == "tab-cell-per-line":
        rows: list[str] = []
        for row in GRID:
            rows += ["\t" + cell for cell in row] + [""]
        return BEFORE + rows + AFTER
    if name == "tab-row-per-line":
        return BEFORE + ["\t".join(row) for row in GRID] + AFTER
    if name == "markdown-pipes":
        head, *body = GRID
        return (
            BEFORE
            + ["| " + " | ".join(head) + " |", "|---|---:|---:|"]
            + ["| " + " | ".join(row) + " |" for row in body]
            + AFTER
        )
    if name == "pasted-pipes":
        return BEFORE + [" | ".join(row) for row in GRID] + AFTER
    if name == "pipe-cell-per-line":
        return BEFORE + [f"{cell} |" if cell else "|" for row in GRID for cell in row] + AFTER
    raise AssertionError(name)


LAYOUTS = ["tab-cell-per-line", "tab-row-per-line", "markdown-pipes", "pasted-pipes", "pipe-cell-per-line"]


def read_grid(path: Path) -> tuple[list[list[str]], list[str]]:
    doc = load_document(path)
    tables = list(doc.tables())
    assert len(tables) == 1, [b.text for b in doc.paragraphs()]
    return [[c.text for c in row] for row in tables[0].rows], [p.text for p in doc.paragraphs()]


@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize("container", ["txt", "docx"])
def test_every_table_layout_reads_to_the_same_grid(tmp_path, name, container):
    lines = layout(name)
    path = tmp_path / f"t.{container}"
    if container == "txt":
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        path.write_bytes(build_docx(lines))
    grid, paragraphs = read_grid(path)
    assert grid == GRID
    assert paragraphs == ["表1 收入决算表", "本表反映单位本年度的收入情况。"]
    assert load_document(path).tables().__next__().caption == "表1 收入决算表"


def test_a_ruled_pdf_table_reads_to_the_same_grid(tmp_path):
    path = tmp_path / "t.pdf"
    path.write_bytes(build_pdf(layout("tab-cell-per-line")))
    grid, paragraphs = read_grid(path)
    assert grid == GRID
    assert paragraphs == ["表1 收入决算表", "本表反映单位本年度的收入情况。"]


def test_a_word_table_with_merged_cells_reads_to_the_same_grid(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("表1 收入决算表")
    t = d.add_table(rows=len(GRID) + 1, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "单位：万元"  # gridSpan over the whole row
    for r, row in enumerate(GRID, 1):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(2, 0).merge(t.cell(3, 0))  # vMerge: the label spans two rows
    path = tmp_path / "t.docx"
    d.save(path)
    doc = load_document(path)
    table = next(doc.tables())
    assert [[c.text for c in row] for row in table.rows] == [["单位：万元", "", ""]] + GRID
    assert table.unit == "万元"


@pytest.mark.parametrize("name", ["tab-row-per-line", "markdown-pipes", "pasted-pipes", "pipe-cell-per-line"])
def test_a_row_with_an_empty_first_cell_stays_a_row_of_its_table(tmp_path, name):
    path = tmp_path / "t.txt"
    path.write_text("\n".join(layout(name)), encoding="utf-8")
    doc = load_document(path)
    assert [t.n_rows for t in doc.tables()] == [len(GRID)]
    assert next(doc.tables()).rows[2][0].text == ""


@pytest.mark.parametrize("name", LAYOUTS)
def test_table_row_labels_are_never_headings(tmp_path, name):
    path = tmp_path / "t.docx"
    path.write_bytes(build_docx(layout(name)))
    doc = load_document(path)
    assert doc.sections == ()
    report = check_document(doc)
    assert not [f for f in report.findings if f.rule in ("STR001", "STR002", "STR003")]


def test_a_flattened_table_row_in_prose_is_not_a_heading(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(
        "一、概况\n本单位情况如下。\n（1）公务用车运行维护费 3.20 2.10\n二、收支情况\n收支平衡。", encoding="utf-8"
    )
    doc = load_document(path)
    assert [s.heading.marker for s in doc.sections] == ["一、", "二、"]
    assert not any(s.children for s in doc.sections)


def test_a_single_line_with_a_tab_is_prose(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("联系人：\t张三\n本单位收支平衡。", encoding="utf-8")
    doc = load_document(path)
    assert not list(doc.tables())
    assert [p.text for p in doc.paragraphs()] == ["联系人：\t张三", "本单位收支平衡。"]


def test_cells_of_a_row_per_line_table_point_at_their_columns(tmp_path):
    lines = layout("tab-row-per-line")
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    table = next(load_document(path).tables())
    for row in table.rows:
        for cell in row:
            for piece in cell.pieces:
                text = cell.raw[piece.start : piece.end]
                assert lines[piece.line - 1][piece.column : piece.column + len(text)] == text


@pytest.mark.parametrize("blank", [True, False])
def test_paragraphs_indented_with_a_tab_are_prose(tmp_path, blank):
    paragraphs = ["\t" + text for text in PROSE if text.endswith("。")]
    lines = [line for text in paragraphs for line in ([text, ""] if blank else [text])]
    path = tmp_path / "r.docx"
    path.write_bytes(build_docx(lines))
    doc = load_document(path)
    assert not list(doc.tables())
    assert [p.text for p in doc.paragraphs()] == [text[1:] for text in paragraphs]


TWO_ROW_HEADER = [
    ["项目", "本年支出", ""],
    ["", "基本支出", "项目支出"],
    ["合计", "300.00", "120.50"],
    ["行政运行", "300.00", ""],
]


@pytest.mark.parametrize("container", ["txt", "docx", "word-table"])
def test_a_two_row_header_keeps_its_merged_places_empty(tmp_path, container):
    """本年支出 spans two columns and 项目 two rows: every layout leaves the covered places empty."""
    path = tmp_path / ("t.docx" if container != "txt" else "t.txt")
    if container == "word-table":
        import docx

        d = docx.Document()
        t = d.add_table(rows=4, cols=3)
        t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"
        t.cell(0, 1).merge(t.cell(0, 2)).text = "本年支出"
        for r, row in enumerate(TWO_ROW_HEADER[1:], 1):
            for c, text in enumerate(row):
                if text:
                    t.cell(r, c).text = text
        d.save(path)
    else:
        lines = ["\t".join(row) for row in TWO_ROW_HEADER]
        if container == "txt":
            path.write_text("\n".join(lines), encoding="utf-8")
        else:
            path.write_bytes(build_docx(lines))
    table = next(load_document(path).tables())
    assert [[c.text for c in row] for row in table.rows] == TWO_ROW_HEADER


def test_full_width_spaces_indent_and_blank_like_ascii_ones(tmp_path):
    """Paragraphs indented with full-width spaces, and a line of full-width spaces between table
    rows, read as an indent and a blank line."""
    lines = ["\u3000\u3000" + line if line and not line[0].isdigit() else line for line in wrapped_lines()]
    rows: list[str] = []
    for row in GRID:
        rows += ["\t" + cell for cell in row] + ["\u3000\u3000"]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines + [""] + rows + ["", "", "表后。"]), encoding="utf-8")
    doc = load_document(path)
    assert [p.text for p in doc.paragraphs()][: len(PROSE)] == list(PROSE)
    assert [[c.text for c in row] for row in next(doc.tables()).rows] == GRID


def test_pipe_closed_cells_that_fit_no_row_width_stay_lines(tmp_path):
    """Without a width that puts a label first and figures after it in every row, the lines are
    not guessed into a table."""
    lines = ["项目 |", "说明 |", "本年收入增加 |", "主要是上级补助增加 |", "100 |", "新增项目 |", "后文。"]
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = load_document(path)
    assert not list(doc.tables())
    assert len(list(doc.paragraphs())) == len(lines)


@pytest.mark.parametrize("opening", [["|"], []], ids=["lone-opening-pipe", "no-opening-pipe"])
def test_a_header_cell_broken_onto_the_line_above_goes_back_in_front_of_its_row(tmp_path, opening):
    """项目资金（万元） | alone on a line, then the column names with no opening pipe, then rows
    between pipes: the name cell is the header's first, so 执行率 stays over the rates."""
    lines = ["说明如下。", *opening, "项目资金（万元） |", "年初预算数 | 全年执行数 | 执行率 |"]
    lines += ["| 年度资金总额 | 20 | 18 | 90% |", "| 其中：财政拨款 | 20 | 18 | — |", "", "表后。"]
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = load_document(path)
    (table,) = doc.tables()
    header, first = ([c.text.strip() for c in row] for row in table.rows[:2])
    assert header[:4] == ["项目资金（万元）", "年初预算数", "全年执行数", "执行率"]
    assert first[:4] == ["年度资金总额", "20", "18", "90%"]
    assert [p.text for p in doc.paragraphs()] == ["说明如下。", "表后。"]


def test_a_lone_cell_before_a_row_that_opens_with_a_pipe_stays_a_paragraph(tmp_path):
    lines = ["注： |", "| 项目 | 预算数 | 决算数 |", "| 合计 | 10.00 | 9.50 |", "| 支出 | 10.00 | 9.50 |"]
    path = tmp_path / "t.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = load_document(path)
    assert [c.text.strip() for c in next(doc.tables()).rows[0]][:3] == ["项目", "预算数", "决算数"]
    assert [p.text.strip() for p in doc.paragraphs()] == ["注： |"]


def test_a_text_line_points_at_its_source_whether_its_piece_is_made_at_once_or_later():
    """Line.at makes a text line's piece only when the line joins a paragraph; every block, and
    every piece of it, is the one an explicitly placed line gives."""
    lines = [" " + line + "\u3000" if k % 3 == 0 else line for k, line in enumerate(wrapped_lines())]
    for row in GRID:
        lines += ["\t" + cell for cell in row] + [""]
    lines += ["", "", "项目 | 预算数 | 决算数", "合计 | 10.00 | 9.50", "支出 | 10.00 | 9.50", "", "表后。  "]
    explicit = [Line(text, (Piece(0, len(text), n),)) for n, text in enumerate(lines, 1)]
    lazy = [Line.at(text, n) for n, text in enumerate(lines, 1)]
    blocks = assemble(explicit)
    assert assemble(lazy) == blocks
    assert any(isinstance(b, Table) for b in blocks) and any(len(b.pieces) > 1 for b in blocks if hasattr(b, "heading"))


# ---------------------------------------------------------------- one cell per line, closed by a pipe

_SANGONG = [
    ["项 目", "预 算 数", "决 算 数"],
    ["合 计", "60.5", "12.8"],
    ["因公出国（境）费", "25", ""],
    ["公务接待费", "20.5", "9.3"],
    ["公务用车运行维护费", "15", "3.5"],
    ["公务用车购置费", "", ""],
]


def _cells_of(path: Path) -> list[list[str]]:
    (table,) = load_document(path).tables()
    return [[c.text for c in row] for row in table.rows]


def test_a_lone_pipe_opening_every_row_is_the_rows_mark(tmp_path: Path):
    """A web table copied one cell per line with a lone pipe before each row (| / 项 目 | / … / | /
    合 计 | …): the pipe marks where a row begins and is not an empty first cell."""
    lines = [line for row in _SANGONG for line in ["|", *(f"{cell} |" for cell in row)]]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(["表1 “三公”经费支出决算表", "单位：万元", *lines, "以上为三公经费。"]), encoding="utf-8")
    assert [[c.replace(" ", "") for c in row] for row in _cells_of(path)] == [
        [c.replace(" ", "") for c in row] for row in _SANGONG
    ]


def test_the_empty_cells_ending_a_table_may_be_dropped_by_the_copy(tmp_path: Path):
    """The last row of a one-cell-per-line table loses its empty cells in the copy (公务用车购置费 |
    and then prose): the row is read with its missing cells empty, the rows above as they stand."""
    lines = [f"{cell} |" for row in _SANGONG for cell in row]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(["单位：万元", *lines[:-2], "二、情况说明"]), encoding="utf-8")
    assert [[c.replace(" ", "") for c in row] for row in _cells_of(path)] == [
        [c.replace(" ", "") for c in row] for row in _SANGONG
    ]
