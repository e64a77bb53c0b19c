"""The Word 97–2003 (.doc) and Excel 97–2003 (.xls) readers: text, fields, tables and their
locations from files built here (tests/_legacy.py), and — when LibreOffice is installed — the same
blocks as the .docx/.xlsx readers give for the file LibreOffice saved in the old format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest

from checker.engine import check_document
from checker.ingest import InputError, load_document
from checker.model import Paragraph, Table
from tests._legacy import excel_xls, ole_file, word_doc
from tests.test_bad_input import assert_refused

from _containers import libreoffice_convert


def _load(tmp_path: Path, data: bytes, name: str = "report.doc"):
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path)


def _paragraphs(document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


def _grid(table: Table) -> list[list[str]]:
    return [[c.raw for c in row] for row in table.rows]


def test_doc_paragraphs_and_their_numbers(tmp_path):
    doc = _load(tmp_path, word_doc(["一、收入支出决算总体情况", "本年收入合计1,206.50万元，比上年增加56.20万元。"]))
    assert doc.format == "doc"
    assert _paragraphs(doc) == ["一、收入支出决算总体情况", "本年收入合计1,206.50万元，比上年增加56.20万元。"]
    assert [b.pieces[0].line for b in doc.blocks] == [1, 2]


def test_doc_field_shows_its_result_and_marks_are_dropped(tmp_path):
    text = "支出合计\x13 MERGEFIELD 金额 \\# 0.00 \x14900.10\x15万元\x01，\x13 PAGE \x15见附表\x08。\r"
    doc = _load(tmp_path, word_doc(text=text))
    assert _paragraphs(doc) == ["支出合计900.10万元，见附表。"]


def test_doc_nested_field_keeps_the_inner_result(tmp_path):
    text = "合计\x13 IF \x13 = 1 \x141\x15 = 1 \x14\x13 REF a \x14120.5\x15\x15万元。\r"
    doc = _load(tmp_path, word_doc(text=text))
    assert _paragraphs(doc) == ["合计120.5万元。"]


def test_doc_line_breaks_split_a_paragraph_and_keep_columns(tmp_path):
    doc = _load(tmp_path, word_doc(["单位：万元\x0b本年收入合计1,206.50万元", "下一段落\x1e续"]))
    lines = [(p.line, p.column) for b in doc.blocks for p in b.pieces]
    assert "下一段落-续" in " ".join(_paragraphs(doc))
    assert (1, 6) in lines  # the text after the break starts at column 6 of paragraph 1


def test_doc_section_mark_ends_its_paragraph_and_a_page_break_does_not(tmp_path):
    text = "第一节\x0c第二节\r前文\x0c后文\r"
    doc = _load(tmp_path, word_doc(text=text, sections=[4]))
    assert [(p.line, p.column) for b in doc.blocks for p in b.pieces] == [(1, 0), (2, 0), (3, 0), (3, 3)]


def test_doc_automatic_list_numbers_are_rebuilt(tmp_path):
    items = [
        ("收入支出决算总体情况", 0),
        ("收入情况", 1),
        "本年收入合计1,206.50万元。",
        ("支出情况", 1),
        ("基本支出", 2),
    ]
    items += [("项目支出", 2), ("", 2), ("其他", 3), ("绩效情况", 0), ("目标", 1)]
    doc = _load(tmp_path, word_doc(items))
    assert _paragraphs(doc) == [
        "一、 收入支出决算总体情况",
        "（一） 收入情况",
        "本年收入合计1,206.50万元。",
        "（二） 支出情况",
        "1. 基本支出",
        "2. 项目支出",
        "① 其他",
        "二、 绩效情况",
        "（一） 目标",
    ]
    assert [(p.start, p.line) for p in doc.blocks[0].pieces] == [(3, 1)]  # the number itself has no source
    assert doc.warnings and "8" in doc.warnings[0]  # the empty numbered paragraph shows no number
    assert [s.block for s in doc.sections] == [doc.blocks[0].id, doc.blocks[7].id]  # the 一、 headings


def test_doc_compressed_text_is_cp1252(tmp_path):
    doc = _load(tmp_path, word_doc(["Total 1,206.50 \u20ac d\xe9penses"], compressed=True))
    assert _paragraphs(doc) == ["Total 1,206.50 \u20ac d\xe9penses"]


def test_doc_table_rows_are_a_grid_with_paragraph_numbers(tmp_path):
    items = ["表1 收入决算表", [["项目", "金额"], ["基本支出", "900.10"], ["其中\r人员经费", ""]], "说明结束。"]
    doc = _load(tmp_path, word_doc(items))
    tables = list(doc.tables())
    assert len(tables) == 1
    assert _grid(tables[0]) == [["项目", "金额"], ["基本支出", "900.10"], ["其中\n人员经费", ""]]
    # paragraphs counted as the .docx reader counts w:p: cell paragraphs yes, row ends no
    places = [[[p.line for p in c.pieces] for c in row] for row in tables[0].rows]
    assert places == [[[2], [3]], [[4], [5]], [[6, 7], [8]]]
    assert [b.pieces[0].line for b in doc.blocks if isinstance(b, Paragraph)] == [1, 9]


def test_doc_cell_wider_than_the_grid_is_followed_by_empty_cells(tmp_path):
    """A horizontal merge saved as one wide cell reads as a .docx gridSpan does."""
    rows = [["项目", ("2024年", 2), "备注"], ["", "预算数", "决算数", ""], ["合计", "100.00", "98.00", ("说明", 1)]]
    table = next(_load(tmp_path, word_doc([rows])).tables())
    assert _grid(table) == [
        ["项目", "2024年", "", "备注"],
        ["", "预算数", "决算数", ""],
        ["合计", "100.00", "98.00", "说明"],
    ]
    assert [p.line for p in table.rows[0][2].pieces] == [2]  # the empty continuation points at the wide cell


def test_doc_cells_continuing_a_merge_read_empty(tmp_path):
    """Word shows only the first cell of a merge; text stored in the others is not shown."""
    rows = [["项目", ("金额", 1, 0)], [("项目", 1, 0x20), ("金额", 1, 0)], [("合计", 1, 0), ("合计", 1, 2)]]
    table = next(_load(tmp_path, word_doc([rows])).tables())
    assert _grid(table) == [["项目", "金额"], ["", "金额"], ["合计", ""]]


def test_doc_sums_in_text_and_tables_are_checked(tmp_path):
    items = [
        "2024年度部门决算说明",
        "本年支出合计1,190.30万元，其中基本支出900.10万元，项目支出280.20万元。",
        "表1 支出决算表",
        "单位：万元",
        [["项目", "决算数"], ["合计", "1,190.30"], ["基本支出", "900.10"], ["项目支出", "280.20"]],
    ]
    report = check_document(_load(tmp_path, word_doc(items)))
    found = {(f.rule, f.stated, f.expected) for f in report.findings}
    assert {("SUM001", "1,190.30万元", "1180.30"), ("TBL001", "1,190.30", "1180.30")} <= found, found


@pytest.mark.parametrize(
    "options, reason",
    [
        ({"flags": 0x0300}, "有密码保护"),
        ({"nfib": 0x0068}, "Word 6.0/95 格式"),
        ({"clx": False}, "Word 6.0/95 格式"),
        ({"piece_count": 10**8}, "无法读取该 Word 97–2003 文档"),
        ({"pieces": [(0, 0x3FFFFF00)]}, "无法读取该 Word 97–2003 文档"),
    ],
)
def test_doc_that_cannot_be_read_is_refused_with_its_reason(tmp_path, options, reason):
    path = tmp_path / "report.doc"
    path.write_bytes(word_doc(**options))
    assert_refused(path, reason)


def test_other_ole_files_are_refused(tmp_path):
    path = tmp_path / "slides.ppt"
    path.write_bytes(ole_file({"PowerPoint Document": b"\0" * 100}))
    assert_refused(path, "不支持的 OLE 复合文件")


def test_encrypted_ooxml_in_an_ole_container_is_refused(tmp_path):
    path = tmp_path / "protected.docx"
    path.write_bytes(ole_file({"EncryptedInfo": b"\0" * 100, "EncryptedPackage": b"\0" * 100}))
    assert_refused(path, "有密码保护")


def test_xls_sheets_are_tables_with_sheet_locations(tmp_path):
    data = excel_xls(
        {
            "收入表": [["2024年度收入决算表", None], ["项目", "金额"], ["合计", 1206.5]],
            "空表": [],
            "支出表": [[None, "支出", 3]],
        },
        merges=[(0, 0, 0, 1)],
    )
    doc = _load(tmp_path, data, "tables.xls")
    assert doc.format == "xls"
    first, second = doc.tables()
    assert first.caption == "2024年度收入决算表"
    assert _grid(first) == [["2024年度收入决算表", ""], ["项目", "金额"], ["合计", "1206.5"]]
    assert [(p.sheet, p.line, p.column) for p in first.rows[2][1].pieces] == [("收入表", 3, 1)]
    assert _grid(second) == [["支出", "3"]]
    assert [(p.sheet, p.line, p.column) for p in second.rows[0][0].pieces] == [("支出表", 1, 1)]


def test_a_merge_hides_values_stored_under_it(tmp_path):
    doc = _load(tmp_path, excel_xls({"表": [["合计", "合计"], ["1", "2"]]}, merges=[(0, 0, 0, 1)]), "t.xls")
    assert _grid(next(doc.tables())) == [["合计", ""], ["1", "2"]]


def test_encrypted_workbook_is_refused(tmp_path):
    path = tmp_path / "locked.xls"
    path.write_bytes(excel_xls({"表": [["合计", 1]]}, encrypted=True))
    assert_refused(path, "有密码保护")


def test_damaged_workbook_is_refused(tmp_path):
    path = tmp_path / "broken.xls"
    path.write_bytes(ole_file({"Workbook": b"\x09\x08\x10\x00" + b"\xff" * 5000}))
    assert_refused(path, "无法读取该 Excel 工作簿")


# ------------------------------------------------------------ the same blocks as the new formats


def _converted(tmp_path: Path, source: Path, target: str) -> Path:
    if not libreoffice_convert([source], target, tmp_path / "lo", tmp_path / "lo-profile"):
        pytest.skip("LibreOffice is not installed")
    converted = tmp_path / "lo" / f"{source.stem}.{target}"
    if not converted.exists():  # a LibreOffice without Calc (Debian's writer-only package) loads no .xlsx
        pytest.skip(f"this LibreOffice cannot save .{target}")
    return converted


def _blocks(document) -> list:
    """Text, cells and places of every block, without the ids."""
    out = []
    for block in document.blocks:
        if isinstance(block, Table):
            out.append([[(c.raw, [(p.line, p.column, p.sheet) for p in c.pieces]) for c in row] for row in block.rows])
        else:
            out.append((block.text, [(p.line, p.column) for p in block.pieces]))
    return out


def test_doc_saved_by_libreoffice_reads_as_the_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("某单位2024年度部门决算说明")
    d.add_paragraph("一、收入支出决算总体情况")
    d.add_paragraph("本年收入合计1,206.50万元，").add_run().add_break()
    for item in ("财政拨款收入", "其他收入"):
        d.add_paragraph(item, style="List Number")  # numbers Word draws: rebuilt in both readers
    d.add_paragraph("表1 收入支出决算表")
    table = d.add_table(rows=4, cols=14)  # 14 columns: the row ends' properties go to the Data stream
    for r in range(4):
        for c in range(14):
            table.cell(r, c).text = "" if (r, c) == (1, 1) else f"{r}{c}.50"
    table.cell(2, 0).add_paragraph("第二段")
    table.cell(0, 1).merge(table.cell(0, 3)).text = "横向合并"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "纵向合并"
    d.add_paragraph("以上为本年度决算情况。")
    source = tmp_path / "report.docx"
    d.save(source)
    assert _blocks(load_document(_converted(tmp_path, source, "doc"))) == _blocks(load_document(source))


def test_xls_saved_by_libreoffice_reads_as_the_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入支出决算总表"
    ws["A1"] = "2024年度收入支出决算总表"
    ws.merge_cells("A1:D1")
    ws.append(["项目", "决算数", "执行率", "日期"])
    ws.append(["基本支出", 1206.5, 0.97732, dt.date(2024, 12, 31)])
    ws.append(["项目支出", -788.4, 1, None])
    ws["B3"].number_format = ws["B4"].number_format = "#,##0.00;(#,##0.00)"
    ws["C3"].number_format = ws["C4"].number_format = "0.00%"
    ws["D3"].number_format = "yyyy-mm-dd"
    other = wb.create_sheet("说明")
    other["C5"] = '单位："万元"'
    source = tmp_path / "tables.xlsx"
    wb.save(source)
    assert _blocks(load_document(_converted(tmp_path, source, "xls"))) == _blocks(load_document(source))


def test_a_reader_error_is_an_input_error(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(word_doc()[:3000])
    with pytest.raises(InputError):
        load_document(path)


def test_doc_of_more_paragraphs_than_a_text_report_may_have_is_refused(tmp_path, monkeypatch):
    import checker.ingest.doc as reader

    monkeypatch.setattr(reader, "MAX_TEXT_LINES", 50)
    with pytest.raises(InputError, match="> 50"):
        _load(tmp_path, word_doc([f"第{i}段。" for i in range(60)]))
    assert _load(tmp_path, word_doc([f"第{i}段。" for i in range(40)]), "small.doc").format == "doc"
