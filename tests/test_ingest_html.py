"""Web pages are read as the page shows them: blocks as lines, data tables as grids, layout tables
as text, and nothing a browser does not show as text. The pages are our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.ingest import InputError, load_document
from checker.model import Table

_HEAD = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>某局决算</title>\n<script>var s = "支出增长99%";</script>\n<style>p { margin: 0 }</style></head>\n'


def _page(body: str, tmp_path: Path, name: str = "page.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((_HEAD + "<body>\n" + body + "\n</body></html>\n").encode(encoding))
    return path


def _rules(path: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_document(load_document(path)).findings if f.severity != "info"]


def _codes(path: Path) -> set[str]:
    return {rule for rule, _ in _rules(path)}


_FUNDS = """
<p>一、收入支出决算总体情况说明</p>
<p>2023年度收入总计860.00万元，比上年增加60.00万元，增长7.50%。</p>
<p>单位：万元</p>
<table border="1">
<tr><th>项目</th><th>本年收入合计</th><th>财政拨款收入</th><th>其他收入</th></tr>
<tr><td>合计</td><td>860.00</td><td>{total}</td><td>60.00</td></tr>
<tr><td>一般公共服务支出</td><td>500.00</td><td>480.00</td><td>20.00</td></tr>
<tr><td>社会保障和就业支出</td><td>300.00</td><td>280.00</td><td>20.00</td></tr>
<tr><td>卫生健康支出</td><td>60.00</td><td>40.00</td><td>20.00</td></tr>
</table>
"""


def test_a_data_table_is_a_grid_with_its_spans_kept(tmp_path):
    body = """<table>
<tr><th rowspan="2">项目</th><th colspan="3">本年收入</th></tr>
<tr><th>合计</th><th>财政拨款收入</th><th>其他收入</th></tr>
<tr><td>合计</td><td>860.00</td><td>800.00</td><td>60.00</td></tr>
</table>"""
    doc = load_document(_page(body, tmp_path))
    assert doc.format == "html"
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    # 项目 spans two rows and 本年收入 three columns: every figure stays under its own column
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "本年收入", "", ""],
        ["", "合计", "财政拨款收入", "其他收入"],
        ["合计", "860.00", "800.00", "60.00"],
    ]
    last = load_document(
        _page(
            "<table><tr><td>项目</td><td>金额</td><td rowspan='2'>备注</td></tr><tr><td>甲</td><td>10</td></tr></table>",
            tmp_path,
            "last.html",
        )
    )
    (table,) = [b for b in last.blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[1]] == ["甲", "10", ""]


def test_a_wrong_total_in_a_page_table_is_found_and_a_right_one_is_not(tmp_path):
    wrong = _rules(_page(_FUNDS.format(total="810.00"), tmp_path, "wrong.html"))
    right = _rules(_page(_FUNDS.format(total="800.00"), tmp_path, "right.html"))
    assert "TBL001" in {rule for rule, _ in wrong}, wrong
    assert not right


def test_prose_of_a_page_is_checked_and_script_text_is_not_read(tmp_path):
    body = (
        "<div><p>2023年度支出总计500万元，<span>比上年</span>增加50万元<script>var x = 1;</script>，增长5%。</p></div>"
    )
    path = _page(body, tmp_path)
    doc = load_document(path)
    # what the browser shows, once: no script, style or title text, inline tags joined
    assert [getattr(b, "text", "") for b in doc.blocks] == ["2023年度支出总计500万元，比上年增加50万元，增长5%。"]
    assert ("GRW001", "error") in _rules(path)
    assert not _rules(_page(body.replace("增长5%", "增长11.11%"), tmp_path, "twin.html"))


def test_line_breaks_and_blocks_part_lines_and_each_keeps_its_source_line(tmp_path):
    body = "<p>第一行<br>第二行<br/>第三行</p>\n<ul>\n<li>一项</li>\n<li>二项</li>\n</ul>"
    doc = load_document(_page(body, tmp_path))
    lines = {p.text: p.pieces[0].line for b in doc.blocks for p in [b] if not isinstance(b, Table)}
    assert {"第一行", "第二行", "第三行", "一项", "二项"} <= set(lines)
    assert lines["一项"] == lines["第一行"] + 2 and lines["二项"] == lines["一项"] + 1


def test_a_layout_table_around_the_report_is_read_as_text(tmp_path):
    # a site template: a one-column table holding the menu and the article's paragraphs
    article = "".join(
        f"<p>{t}</p>" for t in ("2023年度支出总计500万元，比上年增加50万元，增长5%。", "我单位严格执行预算。" * 30)
    )
    body = f"<table><tr><td>首页 | 政务公开</td></tr><tr><td>{article}</td></tr></table>"
    path = _page(body, tmp_path)
    assert not [b for b in load_document(path).blocks if isinstance(b, Table)]
    assert ("GRW001", "error") in _rules(path)


def test_a_gbk_page_saved_as_txt_is_read_as_a_page(tmp_path):
    path = _page(_FUNDS.format(total="810.00"), tmp_path, "saved.txt", encoding="gb18030")
    doc = load_document(path)
    assert doc.format == "html" and any(isinstance(b, Table) for b in doc.blocks)
    assert "TBL001" in _codes(path)


def test_a_text_report_starting_with_an_angle_bracket_is_still_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("<说明>\n2023年度支出总计500万元。\n", encoding="utf-8")
    assert load_document(path).format == "txt"


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 50_000 + "2023年度支出500万元。" + "</div>" * 50_000,
        "<table>" + "<tr><td rowspan='999999' colspan='999999'>1</td></tr>" * 3 + "</table>",
        "<p>&#xD800;&#0;未闭合<b><i>2023年",
    ],
    ids=["deep nesting", "huge spans", "broken markup"],
)
def test_hostile_pages_are_read_or_refused_quickly(tmp_path, body):
    try:
        doc = load_document(_page(body, tmp_path))
    except InputError:
        return
    for block in doc.blocks:
        if isinstance(block, Table):
            assert len(block.rows[0]) <= 63


def test_a_page_of_too_many_tags_or_too_large_a_table_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import checker.ingest.html as reader

    monkeypatch.setattr(reader, "MAX_XML_ELEMENTS", 50)
    monkeypatch.setattr(reader, "MAX_SHEET_CELLS", 40)
    row = "<tr><td>一般公共服务支出</td><td>1.00</td></tr>"
    with pytest.raises(InputError, match="50"):
        load_document(_page("<table>" + row * 30 + "</table>", tmp_path, "tags.html"))
    monkeypatch.setattr(reader, "MAX_XML_ELEMENTS", 1000)
    with pytest.raises(InputError, match="42"):
        load_document(_page("<table>" + row * 21 + "</table>", tmp_path, "cells.html"))
    assert load_document(_page("<table>" + row * 3 + "</table>", tmp_path, "small.html")).format == "html"


def test_a_tables_caption_is_read_above_it_with_the_unit_it_states(tmp_path):
    rows = _FUNDS.split("<table", 1)[1].split(">", 1)[1]  # the rows of the funds table, without its unit line
    page = '<table border="1"><caption>表1 收入决算表（单位：万元）</caption>' + rows
    doc = load_document(_page(page.format(total="800.00"), tmp_path))
    assert "表1 收入决算表（单位：万元）" in [getattr(b, "text", None) for b in doc.blocks]
    assert not _rules(_page(page.format(total="800.00"), tmp_path, "right.html"))
    assert "TBL001" in _codes(_page(page.format(total="810.00"), tmp_path, "wrong.html"))
