"""Text that pdftotext made of a PDF (a form feed after every page): its hard-wrapped prose is read
back into the paragraphs the PDF shows, in both of pdftotext's layouts — ``-layout`` (indents kept,
double spacing as blank lines, a mark the PDF draws apart on a line of its own, pieces of one line
set as a staircase) and the plain reading order (no indents). Each report has a consistent twin
that must stay silent and a twin with one figure wrong that must be found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.ingest import load_document
from checker.ingest.pdftext import PdfTextWrapping
from checker.model import Paragraph

WIDTH = 30

# paragraphs of a 决算 section; "|" marks where the PDF draws the rest of a line a little lower
# (pdftotext sets it on a line of its own, or, -layout, a staircase of pieces)
SECTION = [
    "（三）一般公共预算财政拨款支出决算具体情况",
    "一般公共预算财政拨款支出年初预算为300.00万元，支出决算为290.00万元，完成年初预算的96.67%。"
    "决算数小于预算数的主要原因：部分项目按进度调减。其中：",
    "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。主要用于：机关人员工资"
    "和日常公用支出。年初预算为100.00万元，支出决算为95.00万元。决算数小于预算数的主要原因：人员减少。",
    "2、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）|。主要用于：会议和"
    "宣传支出。年初预算为{budget}万元，支出决算为147.50万元。|决算数小于预算数的主要原因：会议次数减少。",
    "3、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：在职人员住房公积金。年初预算为"
    "50.00万元，支出决算为47.50万元。决算数小于预算数的主要原因：缴存人数减少。",
    "（四）其他说明",
    "本单位本年度无政府性基金预算财政拨款收入和支出，也无国有资本经营预算财政拨款支出，故不作说明。",
]


def _spaced(line: str) -> str:
    # pdftotext sets a space where a Latin run meets a Chinese character
    return re.sub(r"(?<=[0-9.%])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[0-9])", " ", line)


def printed(paragraphs: list[str], layout: bool, page_after: int) -> str:
    """The paragraphs as pdftotext prints a PDF of them: lines of WIDTH characters, a form feed
    opening the page after line ``page_after``; with ``layout`` the text is double-spaced and each
    paragraph's first line indented."""
    lines: list[str] = []
    for para in paragraphs:
        title = "。" not in para
        first = True
        for piece_no, piece in enumerate(para.split("|")):
            rows = [piece[k : k + WIDTH] for k in range(0, len(piece), WIDTH)] or [""]
            for k, row in enumerate(rows):
                lead = 2 if first and layout and not title else 0
                if piece_no and k == 0:
                    # the piece drawn lower: a line of its own, -layout where the line above stopped
                    lead = len(lines[-1].strip()) - 1 if layout and lines else 0
                lines.append(" " * lead + _spaced(row))
                first = False
    out: list[str] = []
    for n, line in enumerate(lines):
        if n == page_after:
            line = "\f" + line
        out.append(line)
        if layout:
            out.append("")
    return "\n".join(out) + "\n\f"


def _check(tmp_path: Path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return check_document(load_document(path))


@pytest.mark.parametrize("layout", [True, False], ids=["layout", "raw"])
@pytest.mark.parametrize("page_after", [4, 9, 13])
def test_a_numbered_list_broken_by_pages_blank_lines_and_set_apart_marks_is_read_whole(tmp_path, layout, page_after):
    section = [p.format(budget="150.00") for p in SECTION]
    report = _check(tmp_path, printed(section, layout, page_after))
    assert not [f for f in report.findings if f.severity == "error"], report.findings
    paragraphs = [b.text for b in report.document.blocks if isinstance(b, Paragraph)]
    assert any(p.startswith("2、") and "会议次数减少" in p for p in paragraphs), paragraphs
    assert "（四）其他说明" in paragraphs


@pytest.mark.parametrize("layout", [True, False], ids=["layout", "raw"])
def test_a_list_read_whole_still_finds_a_part_stated_wrong(tmp_path, layout):
    section = [p.format(budget="140.00") for p in SECTION]
    report = _check(tmp_path, printed(section, layout, 9))
    sums = [f for f in report.findings if f.rule == "SUM001" and f.severity == "error"]
    assert [f.expected for f in sums] == ["290.00"], report.findings


def test_a_text_without_form_feeds_is_read_as_before(tmp_path):
    """Typed text with the same line breaks is no pdftotext output: a line closing a sentence
    still ends its paragraph there."""
    section = [p.format(budget="150.00") for p in SECTION]
    text = printed(section, False, 9).replace("\f", "")
    paragraphs = [b.text for b in _check(tmp_path, text).document.blocks if isinstance(b, Paragraph)]
    assert "。主要用于：会议和宣传支出。年初预算为 150.00 万元，支出决算为 147.50 万元。" in paragraphs
    assert not any(p.startswith("2、") and "会议次数减少" in p for p in paragraphs)


PROSE = [
    "本年度收入合计一千二百万元比上年增加二十万元主要原因是人员增加",
    "支出合计一千一百万元比上年减少十万元主要原因是会议减少了一些",
]


@pytest.fixture
def wrap() -> PdfTextWrapping:
    return PdfTextWrapping(PROSE * 3)


def test_the_page_width_is_the_length_most_long_lines_reach(wrap):
    assert wrap.wrapped and wrap.width == 31


def test_a_line_that_opens_with_a_closing_mark_goes_on_from_the_line_above(wrap):
    assert wrap.runs_on(["1、一般公共服务支出（类）行政运行（项）"], ["    。主要用于：人员经费"])


def test_a_full_line_closing_a_sentence_runs_on_unless_the_next_line_opens_a_paragraph(wrap):
    full = "年初预算为100.00万元，支出决算为95.00万元，完成年初预算的95%。"
    assert wrap.runs_on([full], ["决算数小于预算数的主要原因：人员减少。"])
    assert not wrap.runs_on([full], ["2、住房公积金（项）。"])
    assert not wrap.runs_on([full], ["  本单位无其他需要说明的事项。"])
    assert not wrap.runs_on([full], ["", "决算数小于预算数的主要原因：人员减少。"])


def test_a_title_does_not_run_on_into_the_paragraph_below(wrap):
    assert not wrap.runs_on(["  一、部门主要职责"], ["本部门的主要职责是负责全区财政收支管理工作。"])
    assert not wrap.runs_on(["（三）一般公共预算财政拨款支出决算具体", "情况"], ["一般公共预算财政拨款支出"])


def test_rows_of_columns_are_no_prose(wrap):
    assert not wrap.runs_on(["1、行政运行（项）。主要用于：人员经费。"], ["基本支出      95.00      90.00"])
    assert wrap.ends_paragraph("一般公共服务支出      2106.66      71.73", first=True)


HALVES = [
    "收入支出决算总表",
    "单位：万元",
    "收入",
    "项目",
    "一、一般公共预算财政拨款收入",
    "",
    "支出",
    "项目",
    "一、一般公共服务支出",
    "",
    "二、政府性基金预算财政拨款收入",
    "",
    "二、外交支出",
    "",
    "三、国有资本经营预算财政拨款收入",
    "三、国防支出",
    "880.00",
    "760.00",
]


def test_row_labels_of_a_table_read_in_two_halves_are_no_headings(tmp_path):
    text = "\n".join(["第二部分 部门决算表", *HALVES]) + "\n\f"
    report = _check(tmp_path, text)
    assert not [f for f in report.findings if f.rule.startswith("STR")], report.findings
    headings = [b.text for b in report.document.blocks if isinstance(b, Paragraph) and b.heading is not None]
    assert not any(h.startswith(("一、", "二、", "三、")) for h in headings), headings


def test_headings_numbered_alike_apart_in_prose_are_still_a_repeat(tmp_path):
    body = "本单位严格执行年度预算，各项支出均按规定的用途和标准使用，未发生超范围支出的情况。"
    text = "\n".join(["一、部门概况", body, body, "一、收入支出决算总体情况", body, body]) + "\n\f"
    assert [f.rule for f in _check(tmp_path, text).findings if f.rule == "STR002"] == ["STR002"]


COLUMNS = [
    "                                  收支预算总表",
    "部门：某某单位                                                   单位：万元",
    "        项目名称              金额                功能科目名称              金额",
    "一、财政拨款                         880.00 一、一般公共服务支出                   760.00",
    " 1.一般公共预算                      880.00 二、外交支出",
    "二、财政专户管理资金                        三、国防支出",
    "                            七、节能环保支出                       40.00",
    "三、其他资",
    "                            八、城乡社区支出                       80.00",
    "金",
    "                                           四、公共安全支出",
    "                                           五、教育支出                           120.00",
    "                                           六、科学技术支出",
]


def test_numbered_labels_of_a_layout_table_are_no_headings(tmp_path):
    report = _check(tmp_path, "\n".join(COLUMNS) + "\n\f")
    assert not [f for f in report.findings if f.rule.startswith("STR")], report.findings
    headings = [b.text for b in report.document.blocks if isinstance(b, Paragraph) and b.heading is not None]
    assert not any(h.startswith(("一、", "二、", "三、", "四、", "六、")) for h in headings), headings


JUSTIFIED = [
    "一、收支预算总体情况说明",
    "本单位2018年度收入、支出预算总计880.00万元，与上年相比增加44.00万元，增长5.26%。主要原因是人员经费增加，"
    "新增编制人员三名，相应增加了工资福利支出和社会保障缴费支出。",
    "二、收入预算情况说明",
    "本单位本年收入预算合计880.00万元，全部为财政拨款，其中一般公共预算拨款880.00万元，政府性基金预算拨款0万元，"
    "国有资本经营预算拨款0万元。",
]


@pytest.mark.parametrize("rate", ["5.26", "5.62"])
def test_a_justified_line_stretched_with_gaps_is_prose(tmp_path, rate):
    """-layout stretches a justified line with gaps as wide as a column's (增长 5.26         %。)."""
    text = printed([p.replace("5.26", rate) for p in JUSTIFIED], True, 5)
    text = text.replace("%。", "         %。").replace("合计 880.00", "合计        880.00")
    report = _check(tmp_path, text)
    headings = [b.text for b in report.document.blocks if isinstance(b, Paragraph) and b.heading is not None]
    assert headings == ["一、收支预算总体情况说明", "二、收入预算情况说明"]
    growth = [f for f in report.findings if f.rule == "GRW001"]
    assert bool(growth) == (rate == "5.62"), report.findings


def test_a_list_number_set_apart_on_its_own_line_opens_the_item_below(tmp_path):
    section = [p.format(budget="150.00") for p in SECTION]
    text = printed(section, True, 20).replace("2、一般公共服务支出", "                  2、\n\n一般公共服务支出")
    report = _check(tmp_path, text)
    paragraphs = [b.text for b in report.document.blocks if isinstance(b, Paragraph)]
    assert any(p.startswith("2、一般公共服务支出") for p in paragraphs), paragraphs
    assert not [f for f in report.findings if f.severity == "error" or f.rule.startswith("STR")], report.findings


RAW_TABLE_PAGE = [
    "支出预算总表",
    "单位：万元",
    "项目",
    "金额",
    "一、一般公共服务支出",
    "760.00",
    "二、外交支出",
    "四、公共安全支出",
    "1,120.50",
    "六、科学技术支出",
    "30.00",
    "九、卫生健康支出",
    "45.20",
    "十、节能环保支出",
    "合计",
    "1,955.70",
]
PROSE_PAGE = [
    "一、部门主要职能",
    "本单位负责全区财政收支的管理工作，编制年度预算草案并组织执行，监督各部门预算的使用情况。",
    "二、部门机构设置",
    "本单位内设办公室、预算科、国库科等科室，下属单位一个，为财政局直属的事业单位。",
    "四、其他说明",
    "本单位本年度没有需要说明的其他事项，年度支出760.00万元，公共安全支出1,120.50万元。",
]


def test_numbered_labels_of_a_table_page_read_cell_by_cell_are_no_headings(tmp_path):
    text = "\n".join(PROSE_PAGE[:4]) + "\n\f" + "\n".join(RAW_TABLE_PAGE) + "\n\f"
    report = _check(tmp_path, text)
    assert not [f for f in report.findings if f.rule.startswith("STR")], report.findings


def test_a_gap_in_the_headings_of_a_prose_page_is_still_found(tmp_path):
    text = "\n".join(PROSE_PAGE) + "\n\f" + "\n".join(RAW_TABLE_PAGE) + "\n\f"
    assert [f.rule for f in _check(tmp_path, text).findings if f.rule == "STR001"] == ["STR001"]
