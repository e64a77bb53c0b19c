"""Completeness rules (CMP001-004) and CLM006's 等于 claim: synthetic reports, then the real PDFs
(a copy of a 决算 with seeded defects, and clean reports on which nothing may be reported)."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_document, check_text
from checker.ingest import load_document
from checker.rules.completeness import standard_table_named
from checker.tables.notation import grid_text

TITLE = "XX区图书馆2024年度部门决算\n"
TOTAL_TABLES = """收入支出决算总表
| 项目 | 决算数 |
| 本年收入合计 | 86.40 |

收入决算表
| 项目 | 本年收入合计 | 财政拨款收入 |
| 合计 | 86.40 | 86.40 |

财政拨款收入支出决算总表
| 项目 | 决算数 |
| 总计 | 86.40 |
"""


def findings(text: str, code: str) -> list:
    report = check_text(grid_text(text), Config(select=(code,)))
    return [f for f in report.findings if f.rule == code]


# -- naming a standard table ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("三、支出决算表", "支出决算表"),
        ("一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算表"),
        ("表7 财政拨款\u201c三公\u201d经费支出决算表（单位：万元）", "财政拨款三公经费支出决算表"),
        ("XX区图书馆 2024 年度收入决算表", "收入决算表"),
        ("附表4：财政拨款收支决算总表", "财政拨款收入支出决算总表"),
    ],
)
def test_standard_table_named(text, name):
    found = standard_table_named(text)
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    "text",
    [
        "第二部分XX区图书馆2024年度部门决算表",
        "八、政府性基金预算财政拨款收入支出决算情况说明",
        "本单位支出决算表中的项目支出主要用于图书采购。",
    ],
)
def test_text_that_only_mentions_a_table_names_none(text):
    assert standard_table_named(text) is None


# -- CMP001 standard-table-missing ------------------------------------------------------------

TOC = "目录\n一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n四、财政拨款收入支出决算总表\n"


def test_listed_table_absent_is_flagged():
    hits = findings(TITLE + TOC + TOTAL_TABLES, "CMP001")
    assert [(f.stated, f.severity, f.category) for f in hits] == [("支出决算表", "warning", "structure")]
    assert "三、支出决算表" in hits[0].excerpt


def test_text_only_report_listing_the_tables_is_not_flagged():
    text = TITLE + "第四部分 附件\n" + TOC + "一、收入支出决算总体情况说明\n本年收入合计86.40万元。\n"
    assert findings(text, "CMP001") == []


def test_caption_left_with_a_note_instead_of_the_table_is_not_flagged():
    text = TITLE + TOC + TOTAL_TABLES + "\n支出决算表\n注：本单位本年度无此项支出，本表无数据。\n"
    assert findings(text, "CMP001") == []


def test_title_in_the_first_row_of_the_table_counts_as_its_caption():
    text = (
        TITLE
        + TOC
        + TOTAL_TABLES
        + """
本年支出情况
| 支出决算表 |  |
| 项目 | 本年支出合计 |
| 合计 | 86.40 |
"""
    )
    assert findings(text, "CMP001") == []


def test_budget_report_is_not_held_to_the_final_accounts_tables():
    text = TOC + TOTAL_TABLES.replace("决算", "预算")
    assert findings("XX区图书馆2025年部门预算\n" + text, "CMP001") == []


# -- CMP002 wrong-fiscal-year -----------------------------------------------------------------


def test_heading_with_last_years_number_is_flagged():
    text = (
        TITLE + "第二部分XX区图书馆2024年度部门决算表\n"
        "第三部分XX区图书馆2023年度部门决算情况说明\n收入支出总计86.40万元。\n"
    )
    hits = findings(text, "CMP002")
    assert [(f.stated, f.expected) for f in hits] == [("2023", "2024")]


def test_reporting_date_of_another_year_is_flagged_in_a_final_account():
    text = TITLE + "（三）国有资产占有使用情况\n截至2023年12月31日，本单位共有车辆1辆。\n"
    assert [f.stated for f in findings(text, "CMP002")] == ["2023"]


def test_compared_years_and_own_year_are_not_flagged():
    text = (
        TITLE + "第三部分XX区图书馆2024年度部门决算情况说明\n"
        "与2023年度决算相比\n"
        "收入支出总计86.40万元，比2023年度决算增加4.00万元。\n"
        "截至2024年12月31日，本单位共有车辆1辆。\n"
    )
    assert findings(text, "CMP002") == []


def test_budget_states_assets_at_the_end_of_the_year_before():
    text = (
        "XX区图书馆2025年部门预算\n一、2025年部门预算情况说明\n"
        "截至2024年12月31日，本单位共有车辆1辆。\n二、2024年度预算执行情况\n"
    )
    assert findings(text, "CMP002") == []


# -- CMP003 empty-table-stated-in-text --------------------------------------------------------

EMPTY_SANGONG = """财政拨款“三公”经费支出决算表
| 合计 | 因公出国（境）费 | 公务接待费 |
| 预算数 | 预算数 | 预算数 |
| {a} | {b} | {c} |

"""


def test_empty_table_with_a_budget_in_the_text_is_flagged():
    text = (
        TITLE
        + EMPTY_SANGONG.format(a="", b="", c="")
        + "“三公”经费财政拨款支出年初预算为2.40万元，支出决算为0.00万元。\n"
    )
    hits = findings(text, "CMP003")
    assert [(f.stated, f.category, f.confidence) for f in hits] == [("2.40万元", "table", "aligned")]
    assert hits[0].related and hits[0].related[0].block != hits[0].location.block


def test_filled_table_is_not_flagged():
    text = TITLE + EMPTY_SANGONG.format(a="2.40", b="", c="2.40") + "“三公”经费财政拨款支出年初预算为2.40万元。\n"
    assert findings(text, "CMP003") == []


def test_a_table_whose_names_and_amounts_share_cells_is_not_empty():
    """A PDF table drawn without rules whose columns stand close reads a name and its amount as one cell."""
    text = (
        TITLE
        + EMPTY_SANGONG.format(a="合计 2.40", b="", c="公务接待费 2.40")
        + "“三公”经费财政拨款支出年初预算为2.40万元。\n"
    )
    assert findings(text, "CMP003") == []


def test_empty_table_of_a_unit_without_such_spending_is_not_flagged():
    text = (
        TITLE
        + EMPTY_SANGONG.format(a="", b="", c="")
        + "XX区图书馆2024年度无“三公”经费财政拨款支出。\n"
        + "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.60万元。\n"
    )
    assert findings(text, "CMP003") == []


def test_an_amount_of_another_item_in_the_same_sentence_is_not_the_tables():
    text = (
        TITLE
        + """政府性基金预算财政拨款收入支出决算表
| 项目 | 本年收入 | 本年支出 |
| 合计 |  |  |

财政拨款收入支出总计86.40万元，其中：一般公共预算财政拨款86.40万元，政府性基金预算财政拨款0万元。
"""
    )
    assert findings(text, "CMP003") == []


def test_a_figure_label_is_not_a_title():
    text = TITLE + "第二部分XX区图书馆2024年度部门决算表\n2023年度决算数\n"
    assert findings(text, "CMP002") == []


def test_subject_codes_are_not_figures():
    text = (
        TITLE
        + """支出决算表
| 科目编码 | 科目名称 | 本年支出合计 |
| 201 | 一般公共服务支出 |  |
| 2010301 | 行政运行 |  |

本年支出合计86.40万元，其中：基本支出80.00万元。
"""
    )
    assert [f.stated for f in findings(text, "CMP003")] == ["86.40万元"]


# -- CMP004 doubled-punctuation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, stated",
    [
        ("事业收入：指事业单位开展业务活动取得的收入。。", "。。"),
        ("其中，，基本支出80.00万元。", "，，"),
        ("主要用于图书采购；。", "；。"),
    ],
)
def test_doubled_punctuation_is_flagged(text, stated):
    hits = findings(text, "CMP004")
    assert [(f.stated, f.severity) for f in hits] == [(stated, "info")]


def test_single_marks_and_ellipsis_are_not_doubled_punctuation():
    assert findings("其中：基本支出80.00万元，项目支出6.40万元。", "CMP004") == []
    assert findings("主要原因是。。。", "CMP004") == []  # an ellipsis placeholder: TPL001's


# -- CLM006 with 等于 ------------------------------------------------------------------------


def test_equal_claim_with_different_figures_is_flagged():
    text = "年初预算为 36.20 万元，支出决算为 35.10 万元。决算数等于预算数的主要原因：按计划执行。"
    hits = findings(text, "CLM006")
    assert [(f.stated, f.expected) for f in hits] == [("等于", "小于")]


def test_equal_claim_with_equal_figures_is_not_flagged():
    text = "年初预算为 36.20 万元，支出决算为 36.20 万元。决算数等于预算数。"
    assert findings(text, "CLM006") == []


# -- the real reports --------------------------------------------------------------------------

SEEDED = "putuo-caizhengju-2024-seeded-errors.pdf"
CLEAN_PDFS = ("putuo-caizhengju-2024.pdf", "putuo-guihuaziyuanju-2024.pdf", "putuo-shehuigongzuobu-2024.pdf")
THESE_RULES = ("CMP001", "CMP002", "CMP003", "CMP004", "CLM006")

# Every difference of the seeded copy from the original that is a defect, as (rule, what the
# finding states); how they were found is in the report of this work (a diff of the two
# documents as the reader sees them).
SEEDED_DEFECTS = [
    ("TPL001", "XX"),  # the unit's name replaced by XX in a part title
    ("ALN001", "0"),  # 收入支出总计 stated as 0 万元
    ("GRW001", "1.87%"),  # … which breaks the growth rate stated after it
    ("CMP001", "支出决算表"),  # the whole table dropped, still in the 目录
    ("CMP002", "2023"),  # last year's number in a part title
    ("CMP002", "2023"),  # … and in the 截至…12月31日 date of the assets
    ("CMP003", "0.95万元"),  # the 三公 table emptied, the text keeps its budget
    ("CMP004", "。。"),
    ("CLM006", "大于"),  # 决算数大于预算数 where it is smaller, twice
    ("CLM006", "大于"),
    ("CLM006", "等于"),  # 决算数等于预算数 where it is smaller
]


@pytest.fixture(scope="module")
def seeded_report(pdf_dir):
    codes = tuple(sorted({code for code, _ in SEEDED_DEFECTS}))
    return check_document(load_document(pdf_dir / SEEDED), Config(select=codes))


def test_every_seeded_defect_is_reported(seeded_report):
    found = [(f.rule, (f.stated or "").replace(" ", "")) for f in seeded_report.findings]
    missing = []
    for code, stated in SEEDED_DEFECTS:
        hit = next((pair for pair in found if pair[0] == code and stated in pair[1]), None)
        if hit is None:
            missing.append((code, stated))
        else:
            found.remove(hit)
    assert missing == []


def test_seeded_copy_draws_no_other_completeness_finding(seeded_report):
    ours = [f for f in seeded_report.findings if f.rule.startswith("CMP")]
    assert len(ours) == sum(1 for code, _ in SEEDED_DEFECTS if code.startswith("CMP"))


@pytest.mark.parametrize("name", CLEAN_PDFS)
def test_clean_pdfs_draw_nothing(pdf_dir, name):
    report = check_document(load_document(pdf_dir / name), Config(select=THESE_RULES))
    assert [(f.rule, f.message) for f in report.findings] == []
    assert report.coverage.checks["pass"] > 0


def test_seeds_draw_nothing(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        report = check_document(load_document(path), Config(select=THESE_RULES))
        assert [(path.name, f.rule, f.message) for f in report.findings] == []
