"""The text reader: encodings, the TAB-cell table convention, PDF-wrapped prose, real seeds."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from checker.ingest import load_document
from checker.model import Paragraph, Table

REPORT = (
    "一、部门概况\n"
    "本单位为区财政全额拨款的行政单位，内设综合科、预算科两个科室。\n"
    "二、收入支出决算总体情况\n"
    "本年收入合计１,２０６.５０万元，比上年增加３１.２０万元，增长２.６６%。\n"
)


def write(tmp_path: Path, data: bytes, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def source_lines(path: Path, encoding: str = "utf-8-sig") -> list[str]:
    return [ln.rstrip("\r") for ln in path.read_bytes().decode(encoding).split("\n")]


def assert_round_trip(doc, lines: list[str]) -> int:
    """Every piece of every block (cells included) is the text at its line and column."""
    checked = 0
    for block in doc.blocks:
        units = [block] if isinstance(block, Paragraph) else list(block.cells())
        for unit in units:
            for piece in unit.pieces:
                text = unit.raw[piece.start : piece.end]
                line = lines[piece.line - 1]
                assert line[piece.column : piece.column + len(text)] == text, (unit.id, piece, line)
                checked += 1
    return checked


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, bom):
    path = write(tmp_path, bom + REPORT.encode(encoding))
    doc = load_document(path)
    assert [b.raw for b in doc.blocks] == [ln for ln in REPORT.split("\n") if ln]
    assert doc.blocks[3].text.startswith("本年收入合计1,206.50万元")  # full-width digits normalised
    assert [s.heading.number for s in doc.sections] == [1, 2]
    assert doc.blocks[0].pieces[0].column == 0  # the BOM is not a character of line 1


def test_windows_line_endings_leave_no_carriage_returns(tmp_path):
    path = write(tmp_path, REPORT.replace("\n", "\r\n").encode("gbk"))
    doc = load_document(path)
    assert all("\r" not in b.raw for b in doc.blocks)
    assert assert_round_trip(doc, source_lines(path, "gbk")) == 4


TAB_TABLE = (
    "表3 一般公共预算财政拨款支出决算表\n"  # 1
    "\t项目\n"  # 2
    "\t年初预算数\n"  # 3
    "\t决算数\n"  # 4
    "\n"  # 5  a blank line ends a row
    "\t一般公共服务支出\n"  # 6
    "\t1,020.00\n"  # 7
    "\t998.50\n"  # 8
    "\n"  # 9
    "\t行政运行\n"  # 10
    "（财政事务）\n"  # 11 a non-TAB line continues the cell
    "\t\n"  # 12 an empty TAB line is an empty (merged) cell
    "\t312.40\n"  # 13
    "\n"  # 14
    "\n"  # 15 two blank lines end the table
    "上表中行政运行支出的预算数未单独列示。\n"  # 16
)


def test_tab_cell_tables(tmp_path):
    path = write(tmp_path, TAB_TABLE.encode("utf-8"))
    doc = load_document(path)
    caption, table, after = doc.blocks
    assert isinstance(caption, Paragraph) and isinstance(table, Table) and isinstance(after, Paragraph)
    assert table.caption == caption.text
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "年初预算数", "决算数"],
        ["一般公共服务支出", "1,020.00", "998.50"],
        ["行政运行\n（财政事务）", "", "312.40"],
    ]
    continued = table.rows[2][0]
    assert [p.line for p in continued.pieces] == [10, 11]
    assert table.rows[2][1].pieces[0].line == 12
    assert (table.locate().line, table.locate().end_line) == (2, 13)
    assert after.pieces[0].line == 16
    assert assert_round_trip(doc, source_lines(path)) == 1 + 9 + 1 + 1


def test_one_blank_line_between_rows_does_not_end_the_table(tmp_path):
    text = "\t甲\n\t乙\n\n\t丙\n\t丁\n\n\n正文。\n\t戊\n"
    doc = load_document(write(tmp_path, text.encode("utf-8")))
    # A lone TAB-led line is an indented line of prose, not a table of one cell.
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph", "Paragraph"]
    assert doc.blocks[0].n_rows == 2
    assert doc.blocks[2].text == "戊"


# Prose of a made-up report, laid out as text extracted from a PDF: wrapped at a fixed width,
# a blank line after every physical line, page numbers alone on a line.
WRAPPED_PARAGRAPHS = [
    "一、收入支出决算总体情况说明",
    "2024 年度收入总计 3,418.62 万元，其中：本年收入合计 3,102.40 万元，使用非财政拨款结余 0.00 万元，"
    "年初结转和结余 316.22 万元。与上年相比，收入总计增加 208.75 万元，增长 6.50%，主要原因是：本年新增"
    "农村人居环境整治项目，上级转移支付资金相应增加。",
    "2024 年度支出总计 3,418.62 万元，其中：本年支出合计 3,035.18 万元，结余分配 0.00 万元，年末结转"
    "和结余 383.44 万元。与上年相比，支出总计增加 208.75 万元，增长 6.50%，主要原因是：人员经费随工资"
    "标准调整有所增加，同时项目支出按进度拨付。",
    "二、收入决算情况说明",
    "本年收入合计 3,102.40 万元，其中：财政拨款收入 2,995.39 万元，占本年收入的 96.55%；上级补助收入"
    "0.00 万元；事业收入 0.00 万元；其他收入 107.01 万元，占本年收入的 3.45%，主要是银行存款利息收入和"
    "往来款项清理收入。与上年相比，财政拨款收入增加 176.30 万元，其他收入减少 12.05 万元。",
    "三、支出决算情况说明",
    "本年支出合计 3,035.18 万元，其中：基本支出 1,842.66 万元，占本年支出的 60.71%；项目支出 1,192.52"
    "万元，占本年支出的 39.29%。基本支出主要用于在职人员工资福利和日常办公运转，项目支出主要用于农田"
    "水利设施维护、乡村道路养护和农业技术推广培训等方面。",
]
WIDTH = 30


def wrapped_report() -> tuple[str, list[tuple[int, str]]]:
    """The report text and, per physical line, (line number, text) of the prose it holds.

    A space that falls at a wrap point is lost, as it is in text extracted from a PDF.
    """
    out: list[str] = []
    prose: list[tuple[int, str]] = []
    page = 3
    for paragraph in WRAPPED_PARAGRAPHS:
        for start in range(0, len(paragraph), WIDTH):
            chunk = paragraph[start : start + WIDTH]
            out.append(chunk)
            prose.append((len(out), chunk.strip()))
            out.append("")
            if len(prose) % 9 == 0:  # a page break, possibly in the middle of a sentence
                out += ["", str(page), ""]
                page += 1
    return "\n".join(out) + "\n", prose


def test_pdf_wrapped_text_is_rejoined_into_paragraphs(tmp_path):
    text, prose = wrapped_report()
    path = write(tmp_path, text.encode("utf-8"))
    doc = load_document(path)
    paragraphs = list(doc.paragraphs())
    assert [p.raw for p in paragraphs] == [
        "".join(para[i : i + WIDTH].strip() for i in range(0, len(para), WIDTH)) for para in WRAPPED_PARAGRAPHS
    ]
    assert [s.heading.title for s in doc.sections] == [
        "收入支出决算总体情况说明",
        "收入决算情况说明",
        "支出决算情况说明",
    ]
    # Pieces are the physical lines, in order, page numbers left out.
    pieces = [(piece.line, para.raw[piece.start : piece.end]) for para in paragraphs for piece in para.pieces]
    assert pieces == prose
    assert assert_round_trip(doc, source_lines(path)) == len(prose)


def test_a_sentence_split_by_a_page_number_stays_one_paragraph(tmp_path):
    text, prose = wrapped_report()
    path = write(tmp_path, text.encode("utf-8"))
    doc = load_document(path)
    lines = source_lines(path)
    block_of_line = {piece.line: block.id for block in doc.paragraphs() for piece in block.pieces}
    prose_lines = [n for n, _ in prose]
    page_lines = [i + 1 for i, ln in enumerate(lines) if ln.strip().isdigit()]
    split = 0
    for n in page_lines:
        assert n not in block_of_line
        before = max(m for m in prose_lines if m < n)
        after = min((m for m in prose_lines if m > n), default=None)
        if after and not lines[before - 1].endswith("。") and len(lines[before - 1]) == WIDTH:
            assert block_of_line[before] == block_of_line[after]
            split += 1
    assert split >= 1, "the fixture must break a sentence across pages"


def test_full_width_figures_opening_a_wrapped_line_are_not_list_markers(tmp_path):
    # "４２．６６ 万元" at the start of a line is a number carried over, not the item marker "42．"
    text, _ = wrapped_report()
    full_width = text.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))
    ascii_doc = load_document(write(tmp_path, text.encode("utf-8")))
    wide_doc = load_document(write(tmp_path, full_width.encode("utf-8"), "full-width.txt"))
    assert [p.text for p in wide_doc.paragraphs()] == [p.text for p in ascii_doc.paragraphs()]


# ---- the real reports (read at run time; skipped without ../shared) -----------------------


def seed(seeds_dir: Path, prefix: str) -> Path:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path


def test_seed_003_has_one_table_of_18_rows_by_7_columns(seeds_dir):
    doc = load_document(seed(seeds_dir, "003"))
    tables = list(doc.tables())
    assert [(t.n_rows, t.n_cols) for t in tables] == [(18, 7)]
    assert all(len(row) == 7 for row in tables[0].rows)


def test_seed_004_tables_and_indicator_header(seeds_dir):
    doc = load_document(seed(seeds_dir, "004"))
    tables = list(doc.tables())
    assert len(tables) == 4
    project_tables = [t for t in tables if t.caption == "项目支出绩效自评表"]
    assert len(project_tables) == 3
    for table in project_tables:
        header = [row for row in table.rows if any(c.text.strip() == "一级指标" for c in row)]
        assert len(header) == 1
        assert sum(1 for c in header[0] if c.text.strip()) == 13


@pytest.mark.parametrize(
    "prefix,top",
    [
        ("000", [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7)]),
        ("001", [(0, 1), (0, 2), (0, 3), (0, 4)]),
        ("002", [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6)]),
        ("003", [(1, 1), (1, 3), (1, 4), (1, 5)]),  # the report itself has no marker on its part two
        ("004", [(0, 1), (0, 2), (0, 3), (0, 4)]),
    ],
)
def test_seed_section_trees_have_the_top_headings(seeds_dir, prefix, top):
    doc = load_document(seed(seeds_dir, prefix))
    assert [(s.heading.level, s.heading.number) for s in doc.sections] == top


# 第三部分 is a glossary: its 一、… items are whole definitions (sentences), not headings.
@pytest.mark.parametrize("prefix,parts", [("001", [2, 12, 0, 9]), ("004", [2, 12, 0, 9])])
def test_seed_final_accounts_parts_hold_their_numbered_items(seeds_dir, prefix, parts):
    doc = load_document(seed(seeds_dir, prefix))
    assert [len(s.children) for s in doc.sections] == parts
    for part in doc.sections:
        assert [c.heading.number for c in part.children] == list(range(1, len(part.children) + 1))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_locations_round_trip(seeds_dir, prefix):
    path = seed(seeds_dir, prefix)
    doc = load_document(path)
    assert assert_round_trip(doc, source_lines(path)) > 50


def test_utf8_cut_off_mid_character_is_still_utf8(tmp_path):
    data = (REPORT * 30).encode("utf-8")[:-2]  # a download cut inside the last character
    doc = load_document(write(tmp_path, data))
    assert doc.blocks[1].raw == REPORT.split("\n")[1]
    assert any("无法解码，已替换为" in w for w in doc.warnings)


def test_utf8_with_one_stray_byte_is_not_read_as_gbk(tmp_path):
    data = (REPORT * 30).encode("utf-8")
    data = data[:200] + b"\xff" + data[200:]
    doc = load_document(write(tmp_path, data))
    assert doc.blocks[0].raw == "一、部门概况"


def test_short_gbk_text_is_not_mistaken_for_damaged_utf8(tmp_path):
    doc = load_document(write(tmp_path, "2024年决算说明\n".encode("gbk")))
    assert doc.blocks[0].raw == "2024年决算说明"


# A short copy (too few lines to tell a page width) whose lines a page broke inside its figures: the
# figure is one, and the paragraph goes on; a line ending in a number above one opening with another
# number, or in a whole sentence, stays a line of its own. Our own sentences.
BROKEN_FIGURES = (
    "一、收入决算情况\n"
    "本年收入合计2,480.00万元，比上年增加326.5\n"
    "万元，增长15.16%。其中：财政拨款收入2,2\n"
    "80.00万元，占91.94%；其他收入200.00万元，占8.\n"
    "06%。年末实有在职人员46\n"
    "人。\n"
    "附件1\n"
    "2024年度收入支出决算表\n"
)


def test_a_line_broken_inside_a_figure_goes_on(tmp_path):
    path = write(tmp_path, BROKEN_FIGURES.encode("utf-8"))
    doc = load_document(path)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts[1] == (
        "本年收入合计2,480.00万元，比上年增加326.5万元，增长15.16%。其中：财政拨款收入2,280.00万元，"
        "占91.94%；其他收入200.00万元，占8.06%。年末实有在职人员46人。"
    )
    assert texts[2:] == ["附件1", "2024年度收入支出决算表"]
    assert_round_trip(doc, source_lines(path, "utf-8"))


def test_figures_broken_by_lines_give_the_findings_of_the_unbroken_text(tmp_path):
    from checker.engine import check_document

    def findings(text: str) -> list[tuple[str, str]]:
        report = check_document(load_document(write(tmp_path, text.encode("utf-8"), f"{len(text)}.txt")))
        return sorted((f.rule, f.message) for f in report.findings if f.severity in ("error", "warning"))

    whole = BROKEN_FIGURES.replace("326.5\n", "326.5").replace("2,2\n", "2,2").replace("8.\n", "8.")
    whole = whole.replace("46\n", "46")
    wrong = BROKEN_FIGURES.replace("占91.94%", "占90.94%")
    assert findings(BROKEN_FIGURES) == findings(whole) == []
    assert findings(wrong) == findings(wrong.replace("2,2\n", "2,2").replace("326.5\n", "326.5")) != []


def _wrapped_at(text: str, width: float) -> list[str]:
    """``text`` cut into lines of at most ``width`` as printed (a digit or ASCII sign half a character)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = 0.5 if ch < "\u2e80" else 1.0
        if used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return lines + [line]


def test_a_short_copy_wrapped_at_a_page_width_is_read_as_paragraphs(tmp_path):
    # nine lines of a page copied as it wrapped: too few for the long-text test, plain enough for the short one
    paragraph = (
        "2024年度收入总计1,830.40万元，支出总计1,830.40万元，与上年相比，收入、支出总计各减少120.60万元，"
        "下降6.18%，主要原因是项目经费减少。本年收入合计1,702.10万元，其中：财政拨款收入1,650.00万元，"
        "占96.94%；其他收入52.10万元，占3.06%。本年支出合计1,690.30万元，其中：基本支出1,210.30万元，"
        "占71.60%；项目支出480.00万元，占28.40%。年末结转和结余140.10万元，主要是跨年度项目尚未完成支付。"
    )
    lines = ["二、收入支出决算总体情况", *_wrapped_at(paragraph, 27)]
    assert 8 <= len(lines) < 20
    doc = load_document(write(tmp_path, "\n".join(lines).encode("utf-8")))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    # one paragraph, but for a line that happened to end with a sentence (a page gives no other sign)
    assert texts[0] == lines[0] and "".join(texts[1:]) == paragraph and len(texts) <= 3
    assert all(t.endswith("。") for t in texts[1:])
    # as many lines, each a sentence of its own ending its line, are no wrapped page
    own = ["二、收入支出决算总体情况"] + [f"第{n}项工作已按计划完成，相关经费已全部支付到位。" for n in range(1, 10)]
    doc = load_document(write(tmp_path, "\n".join(own).encode("utf-8"), "own.txt"))
    assert len([b for b in doc.blocks if isinstance(b, Paragraph)]) == 10


def test_a_full_line_closing_a_clause_with_a_semicolon_goes_on(tmp_path):
    # a page wrapped right after a semicolon: the sentence's next clause and the list's next parts are the line below;
    # a short line ending in a semicolon, or a numbered item below one, ends its paragraph as before
    filler = [
        "为加强预算管理，本单位严格执行各项财经制度，坚持厉行节约，压",
        "缩一般性支出，提高资金使用效益，确保各项工作顺利开展，全年各",
        "项任务均按计划完成，各项支出均严格按照预算批复的用途和标准执",
        "行，未发生超范围、超标准支出的情况。",
    ]
    lines = [
        "一、收入支出决算总体情况",
        *filler,
        *filler,
        "本年支出合计1,180.00万元，与上年相比增加80.00万元；",
        "增长7.27%，主要是人员经费增加和新增项目支出。",
        *filler,
        "二、项目支出情况说明",
        "本年安排项目三个，分别是信息化建设、设备购置和培训；",
        "（一）信息化建设项目，全年支出45.00万元，完成预算的90%。",
        "短句也以分号结尾；",
        "下一句另起一段。",
        *filler,
    ]
    doc = load_document(write(tmp_path, "\n".join(lines).encode("utf-8")))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "本年支出合计1,180.00万元，与上年相比增加80.00万元；增长7.27%，主要是人员经费增加和新增项目支出。" in texts
    assert "本年安排项目三个，分别是信息化建设、设备购置和培训；" in texts
    assert "短句也以分号结尾；" in texts


def test_a_wrapped_line_cut_inside_a_figure_goes_on_however_short(tmp_path):
    # a copy whose wrap fell inside a figure (…下降15⏎.87%。): the short line does not end its paragraph
    paragraph = (
        "本年基本支出预算881.30万元，占一般公共预算支出的96.74%，同比减少166.27万元，下降15.87%。其中：工资福利支出"
        "预算716.05万元，商品和服务支出预算165.25万元。本年项目支出预算29.70万元，同比减少13.90万元，下降31.88%。"
    )
    lines = _wrapped_at(paragraph, 27)
    at = next(k for k, line in enumerate(lines) if "下降15" in line)
    cut = lines[at].index("下降15") + len("下降15")
    lines[at : at + 1] = [lines[at][:cut], lines[at][cut:]]
    page = ["三、一般公共预算支出情况", *lines] * 3
    doc = load_document(write(tmp_path, "\n".join(page).encode("utf-8")))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert not any(t.endswith("下降15") for t in texts)
    assert any("下降15.87%" in t for t in texts)


def test_a_line_that_stops_at_a_comma_goes_on(tmp_path):
    # a copy that broke sentences after a comma (…其中：基本支出X万元，⏎项目支出Y万元。): the clause below is the
    # sentence's, so each 项目支出 keeps the class it is a part of; a numbered item, a heading or a blank line below
    # a comma still starts a paragraph of its own
    lines = [
        "一般公共预算支出按功能分类如下：",
        "行政运行360.50万元，其中：基本支出360.50万元，",
        "项目支出0万元。",
        "一般行政管理事务42.00万元，其中：基本支出0万元,",
        "项目支出42.00万元。",
        "本单位内设4个科室，即办公室、综合科、",
        "业务科、财务科。",
        "本单位主要职责有：",
        "负责全县农业农村发展规划，",
        "1.组织实施农业项目。",
        "统筹推进乡村振兴，",
        "",
        "二、项目支出情况",
    ]
    path = write(tmp_path, "\n".join(lines).encode("utf-8"))
    doc = load_document(path)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "行政运行360.50万元，其中：基本支出360.50万元，项目支出0万元。" in texts
    assert any(t.startswith("一般行政管理事务42.00万元") and t.endswith("项目支出42.00万元。") for t in texts)
    assert "负责全县农业农村发展规划，" in texts and "统筹推进乡村振兴，" in texts
    assert "本单位内设4个科室，即办公室、综合科、业务科、财务科。" in texts
    assert_round_trip(doc, source_lines(path, "utf-8"))

    from checker.engine import check_document

    report = check_document(doc)
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_a_wrapped_copy_with_its_tables_as_pipe_rows_is_still_read_as_wrapped(tmp_path):
    # the page width is told by the prose lines alone: a table's pipe rows, as many as the prose lines, are no
    # evidence that the prose is not wrapped
    paragraph = (
        "本单位2024年度一般公共预算财政拨款“三公”经费支出预算为12.00万元，支出决算为9.60万元，完成预算的80.00%，"
        "较上年减少1.20万元，下降11.11%。其中：公务接待费支出决算3.60万元，占37.50%；公务用车购置及运行维护费支出"
        "决算6.00万元，占62.50%。决算数小于预算数的主要原因是严格执行公务接待标准，压减公务用车使用次数。"
    )
    prose = _wrapped_at(paragraph, 28)
    rows = ["|项目|预算数|决算数|", "|---|---|---|"] + [f"|科目{n}|{n}.00|{n}.00|" for n in range(1, len(prose) + 1)]
    lines = ["一、“三公”经费支出决算表", *rows, "二、“三公”经费支出情况说明", *prose]
    doc = load_document(write(tmp_path, "\n".join(lines).encode("utf-8")))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "".join(t for t in texts if "万元" in t) == paragraph
    assert len([t for t in texts if "万元" in t]) <= 3


def test_a_copy_mostly_of_titles_keeps_its_wrapped_paragraphs_together(tmp_path):
    # a contents page and short titles outnumber the prose lines, so the copy as a whole does not read as wrapped;
    # the lines that fill the page width they share and stop mid-sentence still go on, the titles stay apart
    from checker.ingest.layout import Wrapping

    paragraph = (
        "2024年本部门“三公”经费财政拨款支出决算为36.80万元，完成预算的92.00%，比上年减少4.20万元，下降10.24%。"
        "其中：公务接待费决算6.80万元，占18.48%；公务用车购置及运行维护费决算30.00万元，占81.52%。决算数小于预算数"
        "的主要原因是严格执行公务接待标准，减少公务用车使用。决算数比上年减少的主要原因是贯彻落实过紧日子要求，压减"
        "一般性支出，严控公务接待批次和人数，公务用车按规定集中管理、统一调度。"
    )
    titles = [
        "目录",
        "第一部分 部门概况",
        "一、主要职能",
        "二、部门决算单位构成",
        "第二部分 部门决算表",
        "一、收入支出决算总表",
        "二、收入决算表",
        "三、支出决算表",
        "四、财政拨款收入支出决算总表",
        "第三部分 部门决算情况说明",
    ]
    prose = _wrapped_at(paragraph, 27)
    lines = [
        *titles,
        *titles[:6],
        "七、财政拨款“三公”经费支出决算情况说明",
        *prose,
        "第四部分 名词解释",
        "1.财政拨款收入",
    ]
    assert not Wrapping(lines).wrapped
    doc = load_document(write(tmp_path, "\n".join(lines).encode("utf-8")))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraph in texts
    assert texts[:3] == titles[:3] and texts[-2:] == ["第四部分 名词解释", "1.财政拨款收入"]
