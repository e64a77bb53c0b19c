"""A self-evaluation form (项目支出绩效自评表) gives the same findings in every text layout it
arrives in — flattened into one line, one cell per line closed by a pipe, one cell per line
bare, a TAB-separated line per row, Markdown rows — and in Word (one paragraph per line) and
PDF (one printed line per line). Each defect has a consistent twin that stays silent.

Where a layout drops empty cells (the flattened line, bare cells) an indicator row's figures
cannot be placed, so the indicator block stays text there: its blank cells are not reported
(a miss, never a guess)."""

from __future__ import annotations

from collections import Counter

import pytest

from checker.config import Config
from checker.engine import check_document, check_text
from checker.indicators import find_scorecards
from checker.ingest import load_document

from _containers import build_docx, build_pdf

# Our own form: a neighbourhood waste-sorting campaign. None marks a cell the layout does not
# have (a merged label spanning it); "" an empty cell.
FUNDS = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "60", "58.5", "56.16", "10", "96%", "9.6"],
    ["其中：本年财政拨款", "60", "58.5", "56.16", "—", "—", "—"],
    ["上年结转资金", "", "", "", "—", "—", "—"],
    ["其他资金", "", "", "", "—", "—", "—"],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "入户宣传场次", "≥12场", "14场", "30", "30", ""],
    ["效益指标", "社会效益指标", "居民分类知晓率", "≥85%", "88%", "30", "30", ""],
    ["满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "93%", "30", "30", ""],
    ["合计", None, None, None, None, "100", "99.6", ""],
]
HEAD = ["项目支出绩效自评表（2024年度）", "项目名称", "社区垃圾分类宣传", "主管部门", "某街道办事处"]
TAIL = ["评价结论", "项目按计划完成，宣传覆盖全部小区。"]


def _edit(rows, row, values):
    out = [r[:] for r in rows]
    for col, value in values.items():
        out[row][col] = value
    return out


# defect name → (funds, indicators)
FORMS = {
    "consistent": (FUNDS, INDICATORS),
    # the total row left at 0 above a 其中 row with real figures (rate and score 0 too)
    "total-row-zero": (_edit(FUNDS, 1, {1: "0", 2: "0", 3: "0", 5: "0", 6: "0"}), _edit(INDICATORS, 4, {6: "90"})),
    # a 0 rate and score while the figures give 96%
    "exec-rate-zero": (_edit(FUNDS, 1, {5: "0", 6: "0"}), _edit(INDICATORS, 4, {6: "90"})),
    # the score does not follow from the rate
    "exec-score-off": (_edit(FUNDS, 1, {6: "8.6"}), _edit(INDICATORS, 4, {6: "98.6"})),
    # the 合计 score is not the sum of the scores (30 + 30 + 30 + 9.6 = 99.6)
    "total-score-off": (FUNDS, _edit(INDICATORS, 4, {6: "95"})),
    # results left blank: an indicator's 实际完成值 and 得分, the 合计 score
    "blank-results": (FUNDS, _edit(_edit(INDICATORS, 1, {4: "", 6: ""}), 4, {6: ""})),
}

RULES = ("TBL001", "TBL002", "SCO003", "SCO004", "SCO005", "SCO006", "SCO009")
FUNDS_FINDINGS = {
    "consistent": Counter(),
    "total-row-zero": Counter({("TBL001", "error"): 1, ("SCO003", "error"): 1}),  # one slip of the row, one TBL001
    "exec-rate-zero": Counter({("SCO003", "error"): 1, ("TBL002", "error"): 1}),
    "exec-score-off": Counter({("SCO004", "error"): 1}),
    "blank-results": Counter(),
    "total-score-off": Counter(),
}
INDICATOR_FINDINGS = {
    "total-score-off": Counter({("SCO005", "error"): 1}),
    "exec-score-off": Counter(),  # 98.6 is the sum with the funds line's 8.6: consistent
    "blank-results": Counter({("SCO009", "warning"): 2}),
}


def _cells(rows):
    return [cell for row in rows for cell in row if cell is not None]


def flattened(funds, indicators) -> list[str]:
    cells = HEAD + _cells(funds) + ["绩效指标"] + _cells(indicators) + TAIL
    return [" ".join(c for c in cells if c)]


def flattened_tabs(funds, indicators) -> list[str]:
    """The form on one line, a TAB between cells: empty cells stay (two TABs in a row)."""
    return ["\t".join(HEAD + _cells(funds) + ["绩效指标（90分）"] + _cells(indicators) + TAIL)]


def pipe_cells(funds, indicators) -> list[str]:
    cells = HEAD + _cells(funds) + ["绩效指标（90分）"] + _cells(indicators) + TAIL
    return [f"{c} |" if c else "|" for c in cells]


def pipe_cells_kept(funds, indicators) -> list[str]:
    """As a Word table is copied cell by cell: a merged cell's place is kept, empty."""
    cells = HEAD + [c or "" for row in funds + [["绩效指标（90分）"]] + indicators for c in row] + TAIL
    return [f"{c} |" if c else "|" for c in cells]


def bare_cells(funds, indicators) -> list[str]:
    return HEAD + _cells(funds) + ["绩效指标"] + _cells(indicators) + TAIL


def tab_rows(funds, indicators) -> list[str]:
    return (
        HEAD
        + ["\t".join(c or "" for c in row) for row in funds]
        + [""]
        + ["\t".join(c or "" for c in row) for row in indicators]
        + [""]
        + TAIL
    )


def markdown(funds, indicators) -> list[str]:
    def rows(grid):
        return ["| " + " | ".join(c or " " for c in row) + " |" for row in grid]

    return HEAD + rows(funds) + [""] + rows(indicators) + [""] + TAIL


LAYOUTS = {
    "flattened": flattened,
    "flattened-tabs": flattened_tabs,
    "pipe-cells": pipe_cells,
    "pipe-cells-kept": pipe_cells_kept,
    "bare-cells": bare_cells,
    "tab-rows": tab_rows,
    "markdown": markdown,
}
KEEPS_EMPTY_CELLS = {"flattened-tabs", "pipe-cells", "pipe-cells-kept", "tab-rows", "markdown"}


def expected(form: str, layout: str) -> Counter:
    out = Counter(FUNDS_FINDINGS[form])
    if layout in KEEPS_EMPTY_CELLS:
        out.update(INDICATOR_FINDINGS.get(form, Counter()))
    return out


def found(findings) -> Counter:
    return Counter((f.rule, f.severity) for f in findings if f.rule in RULES)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_text_layouts(form, layout):
    lines = LAYOUTS[layout](*FORMS[form])
    report = check_text("\n".join(lines) + "\n", Config())
    assert found(report.findings) == expected(form, layout)
    if form == "consistent":
        assert not [f for f in report.findings if f.severity == "error"]


def test_the_form_is_read_as_a_table_in_every_layout():
    for layout, render in LAYOUTS.items():
        document = check_text("\n".join(render(*FORMS["consistent"])) + "\n", Config()).document
        cards = [c for c in find_scorecards(document) if c.fund is not None]
        assert [(c.fund.budget.text, c.fund.spent.text, c.fund.rate.text) for c in cards] == [
            ("58.5", "56.16", "96%")
        ], layout
        indicators = [i.name for c in find_scorecards(document) for i in c.indicators]
        if layout in KEEPS_EMPTY_CELLS:
            assert indicators == ["入户宣传场次", "居民分类知晓率", "居民满意度"], layout


def test_findings_point_at_the_cells_own_lines():
    lines = pipe_cells(*FORMS["blank-results"])
    report = check_text("\n".join(lines) + "\n", Config())
    blank = [f for f in report.findings if f.rule == "SCO009"]
    row = lines.index("入户宣传场次 |") + 1
    assert any(f.location.line <= row <= f.location.end_line for f in blank)
    total = lines.index("合计 |") + 1
    assert any(f.location.line == total for f in blank)


CONTAINERS = {"docx": build_docx, "pdf": build_pdf}
# What survives printing: a PDF has no TAB (a row comes out as one run of text) and wraps a line
# of cells wider than the page; the PDF reader re-joins the short lines of a page without running
# text, so bare cells run together (年度资金总额0). Cells closed by a pipe stay cells however the
# lines are joined.
PRINTABLE = {"docx": sorted(LAYOUTS), "pdf": ["pipe-cells"]}


@pytest.mark.parametrize("container", sorted(CONTAINERS))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_containers_give_the_text_findings(tmp_path, container, form):
    for layout in PRINTABLE[container]:
        lines = LAYOUTS[layout](*FORMS[form])
        path = tmp_path / f"{form}-{layout}.{container}"
        path.write_bytes(CONTAINERS[container](lines))
        report = check_document(load_document(path), Config())
        assert found(report.findings) == expected(form, layout), layout


def test_a_row_whose_figures_cannot_be_placed_leaves_the_form_unread():
    # empty cells gone and two figures in a row of six: which columns they stand in is unknown
    funds = _edit(FUNDS, 1, {2: "", 4: "", 5: "", 6: ""})
    report = check_text("\n".join(flattened(funds, INDICATORS)) + "\n", Config())
    assert not list(report.document.tables())


# A pasted copy of a form drawn with a block title down its left side (绩效指标（90分）,
# 预算执行情况（10分）): the title stays in the header row only, so every body row starts one cell
# to the left of the header, and merged cells of the 合计 row collapse to its left.
SHIFTED_ROWS = [
    [
        "预算执行情况（10分）",
        "年度预算数（万元）",
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
        "原因",
    ],
    ["总额", "12.00", "14.50", "14.21", "98.00%", "10", "{exec_score}", "年中追加宣传物料经费"],
    ["其中：财政资金", "12.00", "14.50", "14.21", "98.00%", "/", "/"],
    [
        "绩效指标（90分）",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
    ],
    ["产出指标", "数量指标", "发放宣传册", "≥", "3000", "册", "3200", "90", "{score}"],
    ["合计", "100"],
]
SHIFTED = "项目支出绩效自评表\n" + "".join(
    "| " + " | ".join(row + [""] * (11 - len(row))) + " |\n" for row in SHIFTED_ROWS
)


def _shifted(**values) -> list[tuple[str, str]]:
    report = check_text(SHIFTED.format(**values), Config())
    return sorted((f.rule, f.message) for f in report.findings if f.severity in ("error", "warning"))


def test_rows_under_a_block_title_are_read_in_their_own_columns():
    assert _shifted(exec_score="9.8", score="90") == []
    document = check_text(SHIFTED.format(exec_score="9.8", score="90"), Config()).document
    (card,) = find_scorecards(document)
    assert (card.fund.budget.text, card.fund.spent.text, card.fund.rate.text, card.fund.score.text) == (
        "14.50",
        "14.21",
        "98.00%",
        "9.8",
    )
    assert [(i.name, i.actual.text, i.weight.text, i.score.text) for i in card.indicators] == [
        ("发放宣传册", "3200", "90", "90")
    ]


def test_a_wrong_or_blank_cell_under_a_block_title_is_still_found():
    assert [rule for rule, _ in _shifted(exec_score="8.9", score="90")] == ["SCO004"]
    assert _shifted(exec_score="9.8", score="") == [("SCO009", "自评表必填项为空：指标“发放宣传册”的得分未填写")]


def test_a_column_header_is_answered_in_the_row_below():
    header = "| 项目年度目标 | 年度目标完成情况 | |\n"
    answered = header + "| 印发宣传册3000册。 | 完成宣传册印发3200册，覆盖全部小区。 | |\n"
    unanswered = header + "| 评价结论 | | |\n"
    codes = lambda text: [f.rule for f in check_text(text, Config()).findings if f.rule == "TPL005"]  # noqa: E731
    assert codes(answered) == []
    assert codes(unanswered) == ["TPL005", "TPL005"]


# -- first-level weights of a form copied one cell per line (SCO010, SCO006) ------------------------

_FUNDS_CELLS = ["项目资金（万元）", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额", "40", "40"]


def _weights_form(fund_weight: str, levels: list[str], total: list[str], pipe: bool = False) -> str:
    cells = _FUNDS_CELLS + [fund_weight, "100%", fund_weight, "年度总体目标", "完成河道清淤。"] + levels + total
    return "".join(f"{c} |\n" if pipe else f"{c}\n" for c in cells)


def _rules(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_text(text).findings if f.rule in ("SCO006", "SCO010")]


def test_first_level_weights_without_the_funds_weight_report_only_an_excess():
    levels = ["产出指标（60分）", "效益指标（30分）", "满意度指标（10分）"]
    without_funds = "".join(f"{c}\n" for c in ["绩效指标"] + levels + ["总分", "100"])
    assert not _rules(without_funds)  # the funds line may weigh 0 in this scheme: 100 = 100
    over = without_funds.replace("60分", "70分")
    assert _rules(over) == [("SCO010", "warning")]


def test_first_level_weights_count_with_the_funds_line_and_stop_at_the_next_form():
    good = _weights_form("10", ["产出指标（50分）", "效益指标（30分）", "满意度指标（10分）"], ["总分", "100", "98"])
    assert not _rules(good)
    assert _rules(good.replace("30分", "40分")) == [("SCO010", "warning")]
    # the total is read from its own cell; a score stated in prose is not a total weight
    assert not _rules(good.replace("总分\n100\n98\n", "本项目自评总分98分。\n"))
    # two forms: each one's levels against its own total
    assert not _rules(good + good)


def test_a_block_title_before_the_level_columns_is_no_crash():
    """绩效指标 | 一级指标 | … closed by pipes: the title cell read as the name column placed no
    row and the reader failed; the block is now read from its real header."""
    levels = ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分"]
    rows = ["产出指标（50分）", "数量指标", "清淤长度", "50", "≥5公里", "5.2公里", "50"]
    rows += ["效益指标（40分）", "生态效益指标", "水质达标率", "40", "≥90%", "92%", "40"]
    rows += ["满意度指标（10分）", "服务对象满意度指标", "群众满意度", "10", "≥90%", "95%", "10"]
    text = _weights_form("10", levels + rows, ["总分", "100", "100"], pipe=True)
    # the indicator block is rebuilt as its own table: SCO006 takes the funds weight from above
    assert _rules(text) == [("SCO006", "warning")]
    assert not _rules(text.replace("40 |", "30 |").replace("（40分）", "（30分）"))


# A web copy of a transfer-payment form, typed one row a line: its funds header is wider than a
# page, and its funds rows carry a figure more than the header names (a column the copy lost).
WIDE_FUNDS_HEADER = [
    "某县残疾儿童康复补助资金转移支付整体绩效目标自评表 (康复训练经费投入及使用情况)",
    "",
    "阅读次数: 发布时间:2025-02-18 09:12 信息来源:某县残联  字号:[  ]",
    "某县残疾儿童康复补助资金转移支付整体绩效目标自评表 ",
    "(2024年度)",
    "转移支付(项目)名称 残疾儿童康复补助资金",
    "市级主管部门 某市残疾人联合会",
    "项目资金(万元) 年初预算数 全年预算数(A) 全年执行数(B) 分值 预算执行率(B/A) 得分",
    "年度资金总额: 36.5 36.5 36.5 36.5 10 100% 10",
    " 其中:中央资金 36.5 36.5 36.5 36.5 10 100% 10",
    "       省级资金",
    "       市级资金",
    "       县级资金",
    "        其他资金",
    "年度总体目标 年初设定目标 全年实际完成情况",
    "为全县残疾儿童提供康复训练和辅具适配,减轻家庭负担,提升康复效果。 按计划完成康复训练和辅具适配任务,完成率100%。",
    "绩效指标 一级",
    "指标",
    "二级指标 三级指标 年度指标值 全年实际完成值 分值 得分 未完成原因和改进措施",
    "                        数量指标 康复训练人数45人 100% 100% 10 10",
    "辅具适配12人 100% 100% 5 5",
    "家长培训2期 100% 100% 5 5",
    "质量指标 康复训练达标率 100% 100% 10 10",
    "辅具验收合格率 100% 100% 5 5",
    "培训覆盖率 100% 100% 5 5",
    "时效指标 资金按期拨付 100% 100% 10 10",
    "效益",
    "指标",
    "社会效益",
    "指标",
    "残疾儿童康复水平 提高 提高 30 30",
    "满意度指标 服务对象",
    "满意度指标",
    "残疾儿童家长满意度 90% 97% 5 5",
    "康复机构满意度 90% 96% 5 5",
    "总分 100 100",
    "说明",
]


def test_a_header_cell_run_into_the_first_row_leaves_the_funds_block_unread(tmp_path):
    # printed line by line, the header's last cell (得分) wraps onto the next line and the PDF reader
    # joins it to the first row's label (得分年度资金总额); with that column gone the row's figures
    # would stand one off and put the weight, 10, under 执行率
    path = tmp_path / "wide-header.pdf"
    path.write_bytes(build_pdf(WIDE_FUNDS_HEADER))
    findings = check_document(load_document(path)).findings
    assert not [f for f in findings if f.rule in RULES and f.severity == "error"]
