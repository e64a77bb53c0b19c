"""The Excel reader: sheets as tables, merged ranges, displayed numbers, cell locations."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from checker.ingest import InputError, load_document
from checker.ingest.xlsx import display_value


def save(workbook, tmp_path: Path, name: str = "tables.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def final_accounts_workbook():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入支出决算总表"
    ws["A1"] = "2024年度收入支出决算总表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "单位：万元"
    ws.append(["项目", "年初预算数", "决算数", "执行率"])
    ws.append(["基本支出", 1234.5, 1206.5, 0.97732])
    ws.append(["项目支出", 806, 788.4, 0.978164])
    for row in ws.iter_rows(min_row=4, max_row=5, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "#,##0.00"
    for cell in ("D4", "D5"):
        ws[cell].number_format = "0.00%"
    indicators = wb.create_sheet("绩效指标")
    indicators.append(["一级指标", "二级指标", "三级指标", "指标值", "得分"])
    indicators.append(["产出指标", "数量指标", "培训人次", "≥1200人次", 20])
    indicators.append([None, "质量指标", "验收合格率", "100%", 19.5])
    indicators.merge_cells("A2:A3")
    wb.create_sheet("空白页")
    return wb


def test_every_non_empty_sheet_is_a_table_in_order(tmp_path):
    doc = load_document(save(final_accounts_workbook(), tmp_path))
    tables = list(doc.tables())
    assert [t.id for t in tables] == ["t1", "t2"]
    first, second = tables
    assert first.caption == "2024年度收入支出决算总表"  # a one-cell title row names the table
    assert first.unit == "万元"
    assert second.caption == "绩效指标"  # otherwise the sheet name does
    assert (first.n_rows, first.n_cols) == (5, 4)
    assert (second.n_rows, second.n_cols) == (3, 5)
    assert doc.format == "xlsx"


def test_merged_ranges_read_as_empty_continuation_cells(tmp_path):
    doc = load_document(save(final_accounts_workbook(), tmp_path))
    first, second = doc.tables()
    assert [c.text for c in first.rows[0]] == ["2024年度收入支出决算总表", "", "", ""]
    assert [row[0].text for row in second.rows] == ["一级指标", "产出指标", ""]


def test_numbers_are_shown_as_their_format_displays_them(tmp_path):
    doc = load_document(save(final_accounts_workbook(), tmp_path))
    first, second = doc.tables()
    assert [c.text for c in first.rows[3]] == ["基本支出", "1,234.50", "1,206.50", "97.73%"]
    assert [c.text for c in first.rows[4]] == ["项目支出", "806.00", "788.40", "97.82%"]
    assert [c.text for c in second.rows[2]][3:] == ["100%", "19.5"]


@pytest.mark.parametrize(
    "value,fmt,shown",
    [
        (1234.5, "0.00", "1234.50"),
        (1234.5, "#,##0.00", "1,234.50"),
        (29788.385, "#,##0.00_ ", "29,788.39"),  # Excel rounds half away from zero
        (2.675, "0.00", "2.68"),  # the float 2.67499… still shows 2.68, as in Excel
        (0.125, "0.0%", "12.5%"),
        (1, "0%", "100%"),
        (1234.5, '0.00"万元"', "1234.50万元"),
        (-1234.5, "#,##0.00;[Red]-#,##0.00", "-1,234.50"),
        (-3.2, "0.00_);(0.00)", "(3.20)"),
        (0, '0.00;-0.00;"-"', "-"),
        (0.1 + 0.2, "General", "0.3"),
        (12, "General", "12"),
        (1234.0, "#,##0.##", "1,234"),
        (98.76, "#,##0.##", "98.76"),
        (None, "0.00", ""),
        (True, "General", "TRUE"),
        ("≥95%", "@", "≥95%"),
        (dt.datetime(2025, 2, 14), "yyyy-mm-dd", "2025-02-14"),
    ],
)
def test_display_value(value, fmt, shown):
    assert display_value(value, fmt) == shown


def test_cell_locations_round_trip_to_the_sheet(tmp_path):
    path = save(final_accounts_workbook(), tmp_path)
    doc = load_document(path)
    wb = openpyxl.load_workbook(path)
    checked = 0
    for table in doc.tables():
        for cell in table.cells():
            (piece,) = cell.pieces
            source = wb[piece.sheet].cell(row=piece.line, column=piece.column + 1)
            value = source.value
            if isinstance(value, str):
                assert value == cell.raw
            elif isinstance(value, (int, float)):
                shown = Decimal(cell.raw.replace(",", "").rstrip("%"))
                scale = 100 if cell.raw.endswith("%") else 1
                assert abs(shown - Decimal(str(value)) * scale) < Decimal("0.005") * scale
            else:
                assert cell.raw == ""
            checked += 1
    assert checked == 5 * 4 + 3 * 5


def test_offset_sheet_keeps_sheet_coordinates_in_pieces(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["C4"] = "科目名称"
    ws["D4"] = "金额"
    ws["C5"] = "公务接待费"
    ws["D5"] = 3.2
    ws["D5"].number_format = "0.00"
    doc = load_document(save(wb, tmp_path))
    table = next(doc.tables())
    assert [[c.text for c in row] for row in table.rows] == [["科目名称", "金额"], ["公务接待费", "3.20"]]
    piece = table.rows[1][1].pieces[0]
    assert (piece.sheet, piece.line, piece.column) == ("附表", 5, 3)  # D5: row 5, column D → 3
    assert table.locate().line == 4


def test_workbook_without_values_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["B2"] = ""
    with pytest.raises(InputError, match="文档中没有找到文字"):
        load_document(save(wb, tmp_path))


def test_formula_cells_show_the_value_excel_computed(tmp_path):
    """Excel stores a formula with its last result; openpyxl writes none, so add one as Excel does."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出"
    ws.append(["项目", "金额"])
    ws.append(["基本支出", 1842.66])
    ws.append(["项目支出", 1192.52])
    ws.append(["合计", "=B2+B3"])
    for row in range(2, 5):
        ws.cell(row=row, column=2).number_format = "#,##0.00"
    plain = save(wb, tmp_path, "plain.xlsx")
    computed = tmp_path / "computed.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(computed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(
                    rb"<f>B2\+B3</f><v\s*/>|<f>B2\+B3</f><v></v>|<f>B2\+B3</f>", b"<f>B2+B3</f><v>3035.18</v>", data
                )
                assert n == 1
            dst.writestr(item, data)
    table = next(load_document(computed).tables())
    assert [c.text for c in table.rows[3]] == ["合计", "3,035.18"]


def test_values_stored_under_a_merge_are_hidden_as_excel_hides_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目支出绩效自评表", "项目支出绩效自评表", "项目支出绩效自评表"])
    ws.append(["项目名称", "乡村道路养护", "完成"])
    plain = save(wb, tmp_path, "plain.xlsx")
    merged = tmp_path / "merged.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(merged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>'
                )
            dst.writestr(item, data)
    table = next(load_document(merged).tables())
    assert [c.text for c in table.rows[0]] == ["项目支出绩效自评表", "", ""]
    assert table.caption == "项目支出绩效自评表"
    assert [c.text for c in table.rows[1]] == ["项目名称", "乡村道路养护", "完成"]


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("不应出现的内容", encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["占位", "说明"])
    plain = save(wb, tmp_path, "plain.xlsx")
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                assert "&#21344;&#20301;" in text  # openpyxl writes 占位 as character references
                text = text.replace("&#21344;&#20301;", "&xxe;")
                after_declaration = text.find("?>") + 2 if text.startswith("<?xml") else 0
                data = (
                    text[:after_declaration]
                    + f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
                    + text[after_declaration:]
                ).encode("utf-8")
            dst.writestr(item, data)
    try:
        doc = load_document(evil)
    except InputError:
        return  # refusing the workbook is as safe as ignoring the entity
    assert all("不应出现" not in c.text for t in doc.tables() for c in t.cells())
