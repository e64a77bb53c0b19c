"""A table printed without rules whose header or label cell wraps onto a second line reads as one
table: the line that holds only the rest of one cell (no figure, starting where that cell starts,
set closer below it than the rows are to each other) goes on that cell, instead of ending the table
there (the rows below it read as prose, the header lost). A label row of its own (二、项目支出), set a
whole row below, still is no part of the row above. Tables typed with TABs (a label, then figures)
and tables whose columns only line up (a column of words) alike. Our own tables, drawn here."""

from __future__ import annotations

import io
import re

import pytest

from checker.engine import check_document
from checker.ingest import load_document

FONT, SIZE = "STSong-Light", 11
ROW, LINE = 20, 12  # the rows' pitch, and the lines' pitch inside a cell
TITLE = "表2 某街道办事处2023年度支出决算明细表"


def _draw(path, rows: list[list[list[str]]], xs: list[float], gaps: dict[int, float] | None = None) -> None:
    """Each row's cells at ``xs``; a cell given as several parts prints them on lines ``LINE``
    apart (a cell that wrapped); the next row starts ``ROW`` below the row's last line, or
    ``gaps[r]`` below row r."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(FONT, SIZE)
    y = 760.0
    c.drawString(72, y, TITLE)
    y -= 2 * ROW
    for r, row in enumerate(rows):
        for x, parts in zip(xs, row):
            for k, part in enumerate(parts):
                c.drawString(x, y - k * LINE, part)
        y -= (max(len(parts) for parts in row) - 1) * LINE + (gaps or {}).get(r, ROW)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


def _table(path) -> list[list[str]]:
    tables = list(load_document(path).tables())
    assert len(tables) == 1, [t.rows for t in tables]
    return [[re.sub(r"\s+", "", c.text) for c in row] for row in tables[0].rows]


def _tbl002(path) -> list[str | None]:
    return [f.stated for f in check_document(load_document(path)).findings if f.rule == "TBL002"]


FIGURES = [  # 执行率 of 其他支出 is {rate}: 9.00 ÷ 10.00 is 90.00%
    ["合计", "330.00", "297.00", "90.00%"],
    ["基本支出", "220.00", "198.00", "90.00%"],
    ["项目支出", "100.00", "90.00", "90.00%"],
    ["其他支出", "10.00", "9.00", "{rate}"],
]
XS = [72.0, 240.0, 330.0, 420.0, 490.0]


def _cells(row: list[str], rate: str) -> list[list[str]]:
    return [[cell.format(rate=rate)] for cell in row]


@pytest.mark.parametrize("rate", ["90.00%", "80.00%"])
@pytest.mark.parametrize(
    "split",
    [("全年预算执行", "率"), ("全年预算", "执行率"), ("全年预", "算执行率")],
    ids=lambda parts: "/".join(parts),
)
def test_a_header_cell_that_wraps_stays_the_header(tmp_path, split, rate):
    header = [["项目"], ["全年预算数"], ["全年执行数"], list(split)]
    path = tmp_path / "table.pdf"
    _draw(path, [header] + [_cells(row, rate) for row in FIGURES], XS)
    rows = _table(path)
    assert rows[0] == ["项目", "全年预算数", "全年执行数", "全年预算执行率"]
    assert rows[1:] == [[cell.format(rate=rate) for cell in row] for row in FIGURES]
    assert _tbl002(path) == ([] if rate == "90.00%" else ["80.00%"])


LABELS = [("其中：一般公共预", "算财政拨款"), ("其中：政府性基金预算", "财政拨款"), ("其中：上年结转", "结余资金")]


@pytest.mark.parametrize("rate", ["90.00%", "80.00%"])
@pytest.mark.parametrize("label", LABELS, ids=lambda parts: "/".join(parts))
@pytest.mark.parametrize("words", [False, True], ids=["figures", "with-a-column-of-words"])
def test_a_label_cell_that_wraps_stays_in_its_row(tmp_path, label, rate, words):
    header = ["项目", "全年预算数", "全年执行数", "执行率"] + (["说明"] if words else [])
    body = [row + (["按期完成"] if words else []) for row in FIGURES]
    rows = [[[cell] for cell in header]] + [_cells(row, rate) for row in body]
    rows[3][0] = list(label)  # 项目支出's place: the label wraps
    path = tmp_path / "table.pdf"
    _draw(path, rows, XS)
    read = _table(path)
    assert [row[0] for row in read] == ["项目", "合计", "基本支出", "".join(label), "其他支出"]
    assert read[4][3] == rate
    assert _tbl002(path) == ([] if rate == "90.00%" else ["80.00%"])


MORE = [
    ["二、项目支出"],
    ["道路养护", "60.00", "54.00", "90.00%"],
    ["绿化管护", "30.00", "27.00", "90.00%"],
    ["环境整治", "10.00", "9.00", "90.00%"],
]


@pytest.mark.parametrize("words", [False, True], ids=["figures", "with-a-column-of-words"])
def test_a_label_row_a_whole_row_below_is_no_part_of_the_row_above(tmp_path, words):
    """二、项目支出 sits alone on its line, at the rows' own pitch: it is not the rest of the label
    above it (公用经费)."""
    header = ["项目", "全年预算数", "全年执行数", "执行率"] + (["说明"] if words else [])
    body = FIGURES[:2] + [["公用经费", "20.00", "18.00", "90.00%"]] + MORE
    body = [row + (["按期完成"] if words and len(row) > 1 else []) for row in body]
    path = tmp_path / "table.pdf"
    _draw(path, [[[cell] for cell in header]] + [_cells(row, "") for row in body], XS)
    document = load_document(path)
    labels = [re.sub(r"\s+", "", row[0].text) for t in document.tables() for row in t.rows]
    assert "公用经费" in labels
    texts = labels + [re.sub(r"\s+", "", p.text) for p in document.paragraphs()]
    assert "二、项目支出" in texts  # a row or a line of its own, glued to nothing
