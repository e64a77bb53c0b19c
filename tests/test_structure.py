"""Headings, the section tree, and document facts (kind, year, unit)."""

from pathlib import Path

import pytest

from checker.ingest import load_document
from checker.ingest.layout import HEADING_START
from checker.model import Paragraph, Piece
from checker.normalize import normalize
from checker.structure import build_sections, chinese_ordinal, detect_kind, outline_level, parse_heading


@pytest.mark.parametrize(
    "text,value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("九十九", 99), ("一百零五", 105)]
)
def test_chinese_ordinal(text, value):
    assert chinese_ordinal(text) == value


@pytest.mark.parametrize("text", ["", "三公", "第五", "abc"])
def test_chinese_ordinal_rejects_non_numerals(text):
    assert chinese_ordinal(text) is None


@pytest.mark.parametrize(
    "line,level,number,title",
    [
        ("第二部分 部门决算情况说明", 0, 2, "部门决算情况说明"),
        ("十一、预算绩效的情况说明", 1, 11, "预算绩效的情况说明"),
        ("（三）一般公共预算财政拨款支出决算具体情况", 2, 3, "一般公共预算财政拨款支出决算具体情况"),
        ("(二)部门单位年度重点工作:", 2, 2, "部门单位年度重点工作:"),
        ("2.预算调整情况", 3, 2, "预算调整情况"),
        ("3、项目管理情况", 3, 3, "项目管理情况"),
        ("（4）资金使用合规性", 4, 4, "资金使用合规性"),
        ("2）绩效目标完成情况", 4, 2, "绩效目标完成情况"),  # the same level with its closing bracket only
        ("一)各级教育经费情况", 2, 1, "各级教育经费情况"),
    ],
)
def test_parse_heading(line, level, number, title):
    heading = parse_heading(line)
    assert heading is not None
    assert (heading.level, heading.number, heading.title) == (level, number, title)


@pytest.mark.parametrize(
    "line,heads",
    [
        ("二、三、四、五标段及配套管网已开工建设", False),  # a PDF line break before a list of numerals
        ("三、四，两个标段已完工", False),
        ("二、三公经费支出情况", True),
        ("一、二级指标得分情况", True),
    ],
)
def test_a_run_of_numerals_is_no_heading(line, heads):
    assert (parse_heading(line) is not None) is heads
    assert bool(HEADING_START.match(line)) is heads


@pytest.mark.parametrize("line", ["一、收入支出决算总体情况 611.54 万元", "（二）收入 1,236.50 万元与上年持平"])
def test_a_heading_with_one_amount_is_still_a_heading(line):
    assert parse_heading(line) is not None


@pytest.mark.parametrize(
    "name,level",
    [
        ("一、基本支出", 1),
        ("（二）项目支出", 2),
        ("3、公务用车购置及运行维护费", 3),
        ("（1）国内接待费", 4),
        ("1）国内接待费", 4),
        ("公务接待费", None),
        ("2024年决算数", None),  # a year, not a number mark
        ("1.5万元", None),
    ],
)
def test_outline_level_of_names_that_are_not_headings(name, level):
    """A table row's name is numbered like a heading but is no heading (its figures follow it)."""
    assert outline_level(name) == level
    assert parse_heading(f"{name} 12.00 10.00") is None


@pytest.mark.parametrize(
    "line",
    [
        "3.26%。",  # a decimal number, not heading 3
        "（1）统筹推进全县乡村振兴项目建设，按季度调度资金拨付进度，确保项目按期完工。",  # a list item sentence
        "一般公共预算财政拨款支出128.40万元。",
        "",
        # a form's choice line: its check boxes give it away
        "1、部门预算项目 ☑ 2、县直专项 □ 3、省市对下转移支付项目 □",
        "一、常年性项目□ 二、延续性项目■ 三、一次性项目□",
        "（1）新增项目 √ （2）续建项目",
        "1.是☐ 2.否☒",
        # a side-by-side statement's row read without its grid, a wrapped name's rest after it
        "一、一般公共预算 1,100.00 一、一般公共服务 836.50财政拨款收入",
        "三、上级补 12 45.60 三、住房保 31 26.00助收入 障支出",
    ],
)
def test_parse_heading_rejects_running_text(line):
    assert parse_heading(line) is None


def _para(i, text):
    return Paragraph(f"p{i}", text, text, (Piece(0, len(text), i),), parse_heading(text))


def test_sections_nest_by_level_and_close_siblings():
    blocks = [
        _para(1, "第一部分 部门概况"),
        _para(2, "一、主要职能"),
        _para(3, "负责全县林业工作。"),
        _para(4, "二、机构设置"),
        _para(5, "（一）内设机构"),
        _para(6, "第二部分 决算说明"),
        _para(7, "一、收入支出决算总体情况说明"),
    ]
    roots = build_sections(blocks)
    assert [s.heading.title for s in roots] == ["部门概况", "决算说明"]
    assert [s.heading.marker for s in roots[0].children] == ["一、", "二、"]
    assert roots[0].children[1].children[0].heading.title == "内设机构"
    assert roots[1].children[0].block == "p7"


@pytest.mark.parametrize(
    "title,kind",
    [
        ("青川县农业农村局2024年度部门决算说明", "final_accounts"),
        ("青川县农业农村局2025年部门预算说明", "budget"),
        ("部门单位整体支出绩效 自评报告", "overall_selfeval"),
        ("2024年度项目支出绩效自评表", "project_selfeval"),
        # forms titled by their fund, not by 项目支出
        ("2021年市级文化产业发展资金项目自评表", "project_selfeval"),
        ("绩效目标自评表（2023年度） 项目名称 乡村道路养护", "project_selfeval"),
        ("2022年度农村饮水安全项目绩效自评表", "project_selfeval"),
        ("关于开展春季植树活动的通知", "unknown"),
    ],
)
def test_detect_kind_from_title(title, kind):
    assert detect_kind([_para(1, title), _para(2, "一、基本情况")]) == kind


def test_normalize_keeps_length_and_chinese_comma():
    raw = "收入总计１２，３４５．６７万元，增长５％，较上年持平。"
    out = normalize(raw)
    assert len(out) == len(raw)
    assert out == "收入总计12,345.67万元，增长5%，较上年持平。"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("支出12，345万元", "支出12,345万元"),  # ASCII digits: only the comma changes
        ("，12，，3，", "，12，，3，"),  # a comma not between two digits stays Chinese
        ("1，2，3", "1,2,3"),
        ("全年无变化。", "全年无变化。"),
        ("\u3000\u3000一、概况", "  一、概况"),
    ],
)
def test_normalize_one_character_for_one(raw, expected):
    assert normalize(raw) == expected


def test_document_facts_of_a_synthetic_report(tmp_path: Path):
    report = tmp_path / "r.txt"
    report.write_text(
        "青川县农业农村局2024年度部门决算说明\n\n第一部分 部门概况\n一、主要职能\n"
        "负责全县农业农村工作。\n第二部分 2024年度部门决算情况说明\n"
        "一、收入支出决算总体情况说明\n2024年度收入总计1,200.00万元。\n",
        encoding="utf-8",
    )
    doc = load_document(report)
    assert (doc.kind, doc.year, doc.unit) == ("final_accounts", 2024, "青川县农业农村局")
    assert [s.heading.title for s in doc.sections] == ["部门概况", "2024年度部门决算情况说明"]


@pytest.mark.parametrize(
    "text,year",
    [
        # the comparisons name last year more often than the title names this one
        (
            "城关镇财政所2023年“三公”经费预算情况\n2023年预算12.00万元，比2022年预算减少2.00万元；"
            "2022年预算14.00万元，2022年决算13.10万元；与2022年持平。\n",
            2023,
        ),
        ("关于2019年度部门决算的说明\n与2018年相比，2018年结转资金用于2018年未完工程。\n", 2019),
        # a sentence on the first line is no title: the 年度 counts decide
        ("差旅费较2022年预算增长3.70%，主要是会议增加。\n本部门2023年度支出50.00万元，2023年度收入50.00万元。\n", 2023),
    ],
)
def test_year_of_the_title_first(tmp_path: Path, text, year):
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    assert load_document(report).year == year


def test_table_of_contents_entries_are_not_sections():
    blocks = [
        _para(1, "青川县林业局2024年度部门决算"),
        _para(2, "目录"),
        _para(3, "第一部分 部门概况"),
        _para(4, "第二部分 部门决算情况说明"),
        _para(5, "第一部分 部门概况"),
        _para(6, "一、主要职能"),
        _para(7, "负责全县林业工作。"),
        _para(8, "第二部分 部门决算情况说明"),
    ]
    from checker.structure import drop_toc_headings

    roots = build_sections(drop_toc_headings(blocks))
    assert [(s.block, s.heading.title) for s in roots] == [("p5", "部门概况"), ("p8", "部门决算情况说明")]


def test_unit_name_is_not_taken_from_a_column_header():
    from checker.ingest.tables import make_table
    from checker.structure import detect_unit

    def cell(text):
        return (text, [Piece(0, len(text), 1)])

    units_list = make_table(
        "t1",
        [[cell("序号"), cell("单位名称"), cell("备注")], [cell("1"), cell("青川县林业局（本级）"), cell("行政单位")]],
    )
    assert detect_unit([_para(1, "第一部分 部门概况"), units_list]) != "备注"
    assert detect_unit([_para(1, "青川县林业局2024年度部门决算"), units_list]) == "青川县林业局"


def test_a_table_flattened_one_cell_per_line_has_no_headings(tmp_path: Path):
    """收入 | 行次 | 金额 | 支出 | 行次 | 金额, each cell on a line of its own: the row names that
    open like headings (一、…收入, then 一、…支出) are cells, neither headings nor list items."""
    from checker.engine import check_document

    rows = [
        ("一、一般公共预算财政拨款收入", "1", "512.30", "一、一般公共服务支出", "32", "498.10"),
        ("二、政府性基金预算财政拨款收入", "2", "0.00", "二、教育支出", "33", "0.00"),
        ("三、事业收入", "3", "14.20", "三、社会保障和就业支出", "34", "28.40"),
    ]
    cells = "\n\n".join(cell for row in rows for cell in row)
    report = tmp_path / "r.txt"
    report.write_text(f"某中心2023年部门决算\n\n一、收入支出决算总表\n\n金额单位：万元\n\n{cells}\n", encoding="utf-8")
    doc = load_document(report)
    assert [s.heading.title for s in doc.sections] == ["收入支出决算总表"]
    assert not [f for f in check_document(doc).findings if f.rule.startswith("STR")]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_table_whose_cells_close_with_a_pipe_has_no_headings_or_list_items(tmp_path: Path, gap):
    """A page's table copied as text, one cell per line, each closed by its pipe (二、转移性收入 |,
    890,176 |): the row names of the receipts and the spending sides both open with 二、 and are
    cells, not a repeated list number."""
    from checker.engine import check_document

    rows = [
        ("项目", "执行数", "决算数", "项目", "执行数", "决算数"),
        ("一、本级收入", "36,816", "36,816", "一、本级支出", "104,026", "104,025"),
        ("二、转移性收入", "89,017", "89,051", "二、转移性支出", "21,807", "21,842"),
    ]
    cells = gap.join(f"{cell} |" for row in rows for cell in row)
    report = tmp_path / "r.txt"
    report.write_text(f"某区2024年财政决算报告\n\n表1：收支决算平衡表\n\n单位：万元\n\n{cells}\n", encoding="utf-8")
    findings = check_document(load_document(report)).findings
    assert not [f for f in findings if f.rule.startswith("STR")]


def test_a_web_table_flattened_with_its_cell_separators_has_no_list_items(tmp_path: Path):
    """A balance table copied from a web page, one cell per line with the cell's separator kept
    (二、转移性收入 | then 890,176 |): the receipts side and the spending side each number their
    rows, and neither side's 二、 follows the other's as a list item."""
    from checker.engine import check_document

    rows = [
        ("一、一般公共预算收入", "412,306", "一、一般公共预算支出", "1,102,455"),
        ("二、转移性收入", "903,118", "二、转移性支出", "212,969"),
        ("三、债务转贷收入", "88,000", "三、债务还本支出", "88,000"),
    ]
    cells = "\n".join(f"{cell} |" for row in rows for cell in row)
    report = tmp_path / "r.txt"
    report.write_text(
        f"某县2024年财政决算报告\n\n表1：一般公共预算收支决算平衡表\n\n单位：万元\n\n{cells}\n", encoding="utf-8"
    )
    findings = check_document(load_document(report)).findings
    assert not [f for f in findings if f.rule.startswith("STR")]
    # the same numbered rows written as prose paragraphs are a list, and its 二、 twice is a slip
    prose = "\n\n".join(f"{name}{amount}万元。" for name, amount, *_ in rows[:2]) + "\n\n二、债务转贷收入88,000万元。"
    report.write_text(f"某县2024年财政决算报告\n\n{prose}\n", encoding="utf-8")
    assert [f.rule for f in check_document(load_document(report)).findings if f.rule == "STR005"] == ["STR005"]


def test_a_table_whose_cells_close_with_a_pipe_on_the_next_line_has_no_headings(tmp_path: Path):
    """A page's table copied one cell per line with each cell's pipe on a line of its own (一、公共
    预算拨款 / | / 386.40 / |), an empty cell a second lone pipe: the row names of the income and
    the spending side both open with 一、 and are cells, not headings repeated or skipped."""
    from checker.engine import check_document

    rows = [
        ("项 目", "预算数", "项 目", "预算数"),
        ("一、财政拨款", "386.40", "一、基本支出", "301.15"),
        ("二、事业收入", "", "1.工资福利支出", "220.60"),
        ("三、其他收入", "", "2.商品和服务支出", "80.55"),
        ("", "", "二、项目支出", "85.25"),
    ]
    cells = "".join(f"{cell}\n|\n" if cell else "|\n" for row in rows for cell in row)
    report = tmp_path / "r.txt"
    report.write_text(f"某局2024年部门预算说明\n\n一、收支预算总表\n\n单位:万元\n{cells}", encoding="utf-8")
    doc = load_document(report)
    assert [s.heading.title for s in doc.sections] == ["收支预算总表"]
    assert not [f for f in check_document(doc).findings if f.rule.startswith("STR")]


def test_a_list_item_titled_with_a_year_is_a_list_item(tmp_path: Path):
    """二、2023年度单位决算公开表 opens with a year, which is words, not a figure: the entries 一、…四、
    of a contents page (no headings: the body repeats the first) are a whole list, and one that does
    skip a number is still told."""
    from checker.engine import check_document

    entries = ["一、单位概况", "二、2023年度单位决算公开表", "三、2023年度单位决算情况说明", "四、名词解释"]
    body = "一、单位概况\n\n本园为全额拨款事业单位，设园长室、保教室和总务室。"
    report = tmp_path / "r.txt"
    for listed, told in ((entries, []), (entries[:2] + entries[3:], ["STR005"])):
        text = "某幼儿园2023年度单位决算\n\n目录\n\n" + "\n\n".join(listed) + "\n\n" + body + "\n"
        report.write_text(text, encoding="utf-8")
        assert [f.rule for f in check_document(load_document(report)).findings if f.rule.startswith("STR")] == told
