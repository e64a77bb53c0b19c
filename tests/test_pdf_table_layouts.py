"""Ruled PDF tables read the way a reviewer reads them, checked by TBL001 the same whatever the layout:
a 收支总表 with income and expenditure side by side, a table continued on the next page (its
header repeated or not, its columns redrawn a few points off), a 功能分类 code group cut by the page
break, and a 收入预算总表 whose groups stand in an outline of columns. Each consistent table must be
silent and its twin with one seeded defect flagged.

The PDFs are drawn at run time with reportlab; every figure and name here is invented.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Sequence, Union

import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from checker.engine import check_document  # noqa: E402
from checker.ingest import load_document  # noqa: E402
from checker.model import Table  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
ROW = 20.0
Cell = Union[str, tuple[str, int]]  # a text, or a text and the number of columns it spans


class Pages:
    """Draws titles and ruled grids top-down, page after page."""

    def __init__(self, top: float = A4[1] - 72):
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4)
        self.page = 1
        self.y = top

    def line(self, text: str, x: float = 72) -> None:
        self.c.setFont(FONT, 11)
        self.c.drawString(x, self.y, text + " ")  # pdfium loses a lone CJK glyph without a tail
        self.y -= 18

    def grid(self, xs: Sequence[float], rows: Sequence[Sequence[Cell]], background: bool = False) -> None:
        """Rows of cells on the column edges ``xs``; a cell spanning columns has no rule inside.
        ``background`` paints each cell white first, inset from its borders, as Word does."""
        c = self.c
        top = self.y + 14
        for row in rows:
            bottom = top - ROW
            col = 0
            edges = [xs[0]]
            for cell in row:
                text, span = (cell, 1) if isinstance(cell, str) else cell
                x0, x1 = xs[col], xs[col + span]
                if background:
                    c.setFillColorRGB(1, 1, 1)
                    c.rect(x0 + 3, bottom + 3, x1 - x0 - 6, ROW - 6, stroke=0, fill=1)
                    c.setFillColorRGB(0, 0, 0)
                if text:
                    c.setFont(FONT, 9)
                    c.drawString(x0 + 3, bottom + 6, text + " ")
                col += span
                edges.append(xs[col])
            for x in edges:
                c.line(x, top, x, bottom)
            c.line(xs[0], top, xs[-1], top)
            c.line(xs[0], bottom, xs[-1], bottom)
            top = bottom
        self.y = top - 24

    def new_page(self) -> None:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(A4[0] / 2, 30, f"- {self.page} -")
        self.c.showPage()
        self.page += 1
        self.y = A4[1] - 72

    def save(self, path: Path) -> Path:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(A4[0] / 2, 30, f"- {self.page} -")
        self.c.save()
        path.write_bytes(self.buf.getvalue())
        return path


def table_sum_findings(path: Path) -> list:
    return [f for f in check_document(load_document(path)).findings if f.rule == "TBL001"]


def tables_of(path: Path) -> list[Table]:
    return list(load_document(path).tables())


# ------------------------------------------------------------------ 收支总表, panels side by side

SIX = [60, 150, 210, 330, 380, 480, 535]
STATEMENT_HEAD: list[list[Cell]] = [
    [("收入", 2), ("支出", 4)],
    ["项目名称", "金额", ("功能分类", 2), ("支出用途", 2)],
    ["", "", "功能科目名称", "金额", "项目名称", "金额"],
]


def statement(income_total: str = "1,000.00", housing: str = "80.00", merged: bool = True) -> list[list[Cell]]:
    """A 收支总表: income | 功能分类 expenditure | 支出用途 expenditure, 1,000.00 on each side."""
    body: list[list[Cell]] = [
        ["一、财政拨款", "1,000.00", "一、一般公共服务支出", "800.00", "一、基本支出", "700.00"],
        ["1.一般公共预算", "1,000.00", "二、社会保障和就业支出", "120.00", "二、项目支出", "300.00"],
        ["2.政府性基金预算", "", "三、住房保障支出", housing, "", ""],
        ["二、财政专户管理资金", "", "四、卫生健康支出", "", "", ""],
        ["三、其他资金", "", "五、教育支出", "", "", ""],
    ]
    # the 功能分类 list runs on far below the three 支出用途 rows, which leaves that panel sparse
    for name in ("六、科学技术支出", "七、节能环保支出", "八、城乡社区支出", "九、农林水支出", "十、其他支出"):
        body.append(["", "", name, "", "", ""])
    if merged:  # the 支出 subtotal's name spans 功能分类 and 支出用途, its amount in the last column
        body += [
            ["当年收入小计", income_total, ("当年支出小计", 3), "1,000.00"],
            ["上年结转资金", "", ("结转下年资金", 3), ""],
            ["收入合计", income_total, ("支出合计", 3), "1,000.00"],
        ]
    else:
        body += [["当年收入小计", income_total, "当年支出小计", "1,000.00", "当年支出小计", "1,000.00"]]
    return STATEMENT_HEAD + body


def statement_pdf(tmp_path: Path, name: str, rows) -> Path:
    pages = Pages()
    pages.line("一、收支预算总表", x=240)
    pages.line("单位：万元", x=470)
    pages.grid(SIX, rows)
    return pages.save(tmp_path / name)


@pytest.mark.parametrize("merged", [True, False], ids=["subtotal-spanning-panels", "subtotal-per-panel"])
def test_side_by_side_statement_consistent_is_silent(tmp_path, merged):
    path = statement_pdf(tmp_path, "ok.pdf", statement(merged=merged))
    assert table_sum_findings(path) == []


def test_side_by_side_statement_income_total_wrong_is_flagged_with_income_figures(tmp_path):
    path = statement_pdf(tmp_path, "bad.pdf", statement(income_total="1,010.00"))
    found = table_sum_findings(path)
    assert found and all(f.stated == "1,010.00" for f in found)
    # the parts are the income rows 一、二、三 (1,000.00 and two empty), never an expenditure figure
    assert any(f.expr == "1,000.00 + （空） + （空）" for f in found)
    assert not any("700.00" in (f.expr or "") or "800.00" in (f.expr or "") for f in found)


@pytest.mark.parametrize("merged", [True, False], ids=["subtotal-spanning-panels", "subtotal-per-panel"])
def test_side_by_side_statement_function_panel_sum_wrong_is_flagged(tmp_path, merged):
    path = statement_pdf(tmp_path, "bad.pdf", statement(housing="90.00", merged=merged))
    found = table_sum_findings(path)
    assert len(found) == 1
    assert "功能分类" in found[0].message and found[0].expected == "1010.00"


@pytest.mark.parametrize("merged", [True, False], ids=["subtotal-spanning-panels", "subtotal-per-panel"])
def test_side_by_side_statement_use_panel_sum_wrong_is_flagged(tmp_path, merged):
    rows = [[cell if cell != "700.00" else "710.00" for cell in row] for row in statement(merged=merged)]
    found = table_sum_findings(statement_pdf(tmp_path, "bad.pdf", rows))
    assert len(found) == 1
    assert "支出用途" in found[0].message and found[0].expr == "710.00 + 300.00"


# ------------------------------------------------------------------ a code table over two pages

CODE_HEAD: list[Cell] = ["科目编码", "科目名称", "金额"]
FIRST_PART = [
    ["", "合计", "500.00"],
    ["201", "一般公共服务支出", "300.00"],
    ["20101", "人大事务", "300.00"],
    ["2010101", "行政运行", "200.00"],
    ["2010102", "一般行政管理事务", "60.00"],
]


def second_part(meeting: str = "40.00") -> list[list[Cell]]:
    # 人大会议 belongs to the 20101 group the first page began
    return [
        ["2010104", "人大会议", meeting],
        ["208", "社会保障和就业支出", "200.00"],
        ["20805", "行政事业单位养老支出", "200.00"],
        ["2080505", "机关事业单位基本养老保险缴费支出", "150.00"],
        ["2080506", "机关事业单位职业年金缴费支出", "50.00"],
    ]


LAYOUTS = {
    # name: (edges on page 1, header row on page 1, edges on page 2, header repeated on page 2)
    "header-repeated": ([72, 160, 400, 523], CODE_HEAD, [72, 160, 400, 523], True),
    "header-not-repeated": ([72, 160, 400, 523], CODE_HEAD, [72, 160, 400, 523], False),
    "redrawn-a-few-points-off": ([72, 160, 400, 523], CODE_HEAD, [69, 163, 396, 526], True),
    # page 1 draws a sliver column between name and amount in its header row only; page 2 draws
    # its amount column's rule between the two rules of page 1, nearer the one that counts
    "other-column-rules": ([72, 160, 390, 400, 523], None, [70, 160, 396, 525], False),
}


def code_table_pdf(tmp_path: Path, layout: str, meeting: str = "40.00") -> Path:
    first_edges, head, second_edges, repeat = LAYOUTS[layout]
    pages = Pages(top=72 + 8 * ROW + 36)  # room for the title and six rows above the foot
    pages.line("二、财政拨款支出预算表", x=220)
    pages.line("单位：万元", x=470)
    if head is None:  # the header row has a rule the body rows have not, an empty sliver beside 金额
        rows = [["科目编码", "科目名称", "", "金额"]] + [[code, (name, 2), amount] for code, name, amount in FIRST_PART]
    else:
        rows = [head] + FIRST_PART
    pages.grid(first_edges, rows)
    pages.new_page()
    pages.grid(second_edges, ([CODE_HEAD] if repeat else []) + second_part(meeting))
    return pages.save(tmp_path / f"{layout}.pdf")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_table_continued_on_the_next_page_is_one_table(tmp_path, layout):
    path = code_table_pdf(tmp_path, layout)
    tables = tables_of(path)
    assert len(tables) == 1
    table = tables[0]
    codes = [row[0].text for row in table.rows if row[0].text.strip()]
    assert codes == ["科目编码", "201", "20101", "2010101", "2010102", "2010104", "208", "20805", "2080505", "2080506"]
    assert {p.page for row in table.rows for c in row for p in c.pieces if p.page} == {1, 2}
    assert table.unit == "万元"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_code_group_cut_by_the_page_break_consistent_is_silent(tmp_path, layout):
    assert table_sum_findings(code_table_pdf(tmp_path, layout)) == []


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_code_group_cut_by_the_page_break_wrong_item_is_an_error(tmp_path, layout):
    found = table_sum_findings(code_table_pdf(tmp_path, layout, meeting="45.00"))
    assert [(f.severity, f.stated, f.expected) for f in found] == [("error", "300.00", "305.00")]
    assert "20101" in found[0].message and "2010104" in found[0].message


# ------------------------------------------------------------------ 收入预算总表, an outline of columns


def income_rows(grand: str = "980.00") -> list[list[Cell]]:
    return [
        [("项目名称", 2), "金额"],
        [("收入总计", 2), grand],
        ["一般公共预算资金", "小计", "950.00"],
        ["", "公共财政拨款（补助）资金", "950.00"],
        ["", "专项收入", ""],
        ["政府性基金", "小计", ""],
        ["其他资金", "小计", "30.00"],
        ["", "事业收入", "10.00"],
        ["", "其他收入", "20.00"],
        ["上年结转和结余资金", "小计", ""],
        ["", "其中：动用上年结转和结余资金", ""],
    ]


def income_pdf(tmp_path: Path, grand: str) -> Path:
    pages = Pages()
    pages.line("二、收入预算总表", x=240)
    pages.line("单位：万元", x=470)
    pages.grid([72, 200, 400, 523], income_rows(grand))
    return pages.save(tmp_path / "income.pdf")


def test_income_groups_in_an_outline_consistent_is_silent(tmp_path):
    assert table_sum_findings(income_pdf(tmp_path, "980.00")) == []


def test_income_groups_in_an_outline_wrong_total_is_flagged_from_the_group_rows(tmp_path):
    found = table_sum_findings(income_pdf(tmp_path, "990.00"))
    assert len(found) == 1
    assert found[0].expected == "980.00" and found[0].expr == "950.00 + （空） + 30.00 + （空）"


# ------------------------------------------------------------------ what a page shows


def test_white_cell_backgrounds_draw_no_rules(tmp_path):
    pages = Pages()
    pages.line("单位：万元", x=470)
    pages.grid([72, 200, 400, 523], income_rows(), background=True)
    path = pages.save(tmp_path / "painted.pdf")
    table = tables_of(path)[0]
    assert (table.n_rows, table.n_cols) == (11, 3)
    assert table_sum_findings(path) == []


def test_text_past_the_page_edge_is_not_read(tmp_path):
    pages = Pages()
    pages.line("单位：万元", x=470)
    pages.grid([72, 200, 400, 523], income_rows())
    pages.y = -40  # a second sheet printed below the page's bottom
    pages.line("隐藏的说明文字")
    path = pages.save(tmp_path / "overflow.pdf")
    assert "隐藏" not in " ".join(b.text for b in load_document(path).blocks if hasattr(b, "text"))


def test_a_part_that_cannot_be_read_leaves_the_sum_uncertain(tmp_path):
    def checked(amount: str):
        pages = Pages()
        pages.line("单位：万元", x=470)
        rows = [CODE_HEAD, ["", "合计", "300.00"]] + FIRST_PART[1:4] + [["2010102", "一般行政管理事务", amount]]
        pages.grid([72, 160, 400, 523], rows)
        return check_document(load_document(pages.save(tmp_path / "unread.pdf")))

    read, unread = checked("100.00"), checked("详见附表")
    assert not [f for f in unread.findings if f.rule == "TBL001"]
    assert unread.coverage.checks["uncertain"] > read.coverage.checks["uncertain"]
