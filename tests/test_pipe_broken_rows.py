"""A form copied from a sheet as pipe rows, every row written with the sheet's count of pipes
(empty cells pad it), whose rows with a cell of several lines came out broken between their cells:
the funds block's corner cell (资金情况（万元） |) on a line of its own, the indicator header over
four lines (绩 效 指 标 | / 一级指标 | … | / 年度 指标值 | … | / 分值 | 得分 | … |). Where the pieces'
pipes add up to the count of the rows above and below, they are one row again and the form reads
as one table; the indicator rows that left out their merged level cells stand under their
columns. Pieces that do not add up stay as they are (nothing is guessed). Each form printed to a
PDF, every line a paragraph of its own, reads as its text does. Our own forms."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.indicators import find_scorecards
from checker.ingest import load_document

from _containers import build_pdf

WIDTH = 12  # pipes in every whole row


def _row(*cells: str) -> str:
    return " | ".join(cells) + " |" * (WIDTH - len(cells) + 1)


def _form(score: str, total: str, header_tail: int = 3) -> list[str]:
    return [
        _row("2024年度部门整体支出绩效自评表"),
        _row("部门", "某县乡村环境服务站"),
        "资金情况 (万元) |",
        _row("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")[:-2],
        _row("年度资金总额", "120.00", "150.00", "147.00", "10", "98.00%", "9.80"),
        _row("其中:当年财政拨款", "120.00", "150.00", "147.00", "—", "98.00%", "—"),
        "绩 效 指 标 |",
        "一级指标 | 二级指标 | 三级指标 |",
        "年度 指标值 | 实际 完成值 |",
        "分值 | 得分 | 偏差原因分析及改进措施 |" + " |" * header_tail,
        _row("产出指标", "数量指标", "改造村组道路长度", "≥12公里", "12.5公里", "20", "20"),
        # 一级指标 and 二级指标 merged over this row: the copy leaves both out
        _row("新建垃圾收集点数量", "≥30个", "32个", "20", "20"),
        # 一级指标 merged over this row
        _row("时效指标", "资金拨付及时率", "≥98%", "100%", "20", score),
        _row("效益指标", "社会效益指标", "村民出行条件改善程度", "明显改善", "明显改善", "20", "20"),
        _row("满意度指标", "服务对象满意度指标", "村民满意度", "≥90%", "96%", "10", "10"),
        _row("总分", "100", total),
    ]


CONTAINERS = ["txt", "pdf"]


def _load(tmp_path: Path, lines: list[str], container: str = "txt"):
    path = tmp_path / f"form.{container}"
    if container == "pdf":
        path.write_bytes(build_pdf(lines))
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_document(path)


def _rules(document) -> Counter:
    return Counter(f.rule for f in check_document(document).findings if f.severity in ("error", "warning"))


@pytest.mark.parametrize("container", CONTAINERS)
def test_every_row_is_whole_and_the_form_is_one_table(tmp_path, container):
    (table,) = _load(tmp_path, _form("20", "99.80"), container).tables()
    assert {len(row) for row in table.rows} == {WIDTH + 1}


@pytest.mark.parametrize("container", CONTAINERS)
def test_the_indicators_stand_under_their_columns(tmp_path, container):
    (card,) = find_scorecards(_load(tmp_path, _form("20", "99.80"), container))
    read = [
        (i.level1, i.level2, i.name, i.target.text, i.actual.text, i.weight.text, i.score.text) for i in card.indicators
    ]
    assert read == [
        ("产出指标", "数量指标", "改造村组道路长度", "≥12公里", "12.5公里", "20", "20"),
        ("产出指标", "数量指标", "新建垃圾收集点数量", "≥30个", "32个", "20", "20"),
        ("产出指标", "时效指标", "资金拨付及时率", "≥98%", "100%", "20", "20"),
        ("效益指标", "社会效益指标", "村民出行条件改善程度", "明显改善", "明显改善", "20", "20"),
        ("满意度指标", "服务对象满意度指标", "村民满意度", "≥90%", "96%", "10", "10"),
    ]
    assert card.fund is not None and card.fund.score is not None and card.fund.score.text == "9.80"


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_met_target_scored_short_is_found_and_its_twin_is_silent(tmp_path, container):
    # 资金拨付及时率 ≥98%, actual 100%: full marks (20) are due, 16 is given (the total adds up)
    assert _rules(_load(tmp_path, _form("16", "95.80"), container)) == Counter({"SCO002": 1})
    assert _rules(_load(tmp_path, _form("20", "99.80"), container)) == Counter()


@pytest.mark.parametrize("tail", [2, 4], ids=["one-short", "one-over"])
@pytest.mark.parametrize("container", CONTAINERS)
def test_pieces_that_do_not_add_up_to_a_row_are_not_joined(tmp_path, tail, container):
    document = _load(tmp_path, _form("16", "95.80", header_tail=tail), container)
    assert not any(i.name == "资金拨付及时率" for card in find_scorecards(document) for i in card.indicators)


# --- a header run together with the rows around it -------------------------------------------

GOALS = "| — | 年度总体目标 | 预期目标 | 实际完成情况 | 保障课后服务每天开展 | 课后服务覆盖一至六年级 | "
HEADER = "绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | "


def _run_together(score: str, first: str = "产出指标 | ", goals: str = GOALS) -> list[str]:
    """A web page's copy that ran the goals row, the two rows of the indicator header and the first
    indicator row together on one line; the rows below leave out the level cells merged over them."""
    return [
        "| 2024年度项目支出绩效自评表 | 单位:某县第二小学 |",
        "|",
        "| 项目名称 | 课后服务补助资金 | 主管部门 | 某县教育局 |",
        goals + HEADER + first + "数量指标 | 参加课后服务学生数 | ≥ | 1200 | 人 | 1260 | 20 | 20 |",
        "| 质量指标 | 课后服务课程开设率 | ≥ | 95 | % | 100% | 20 | 20 |",
        f"| 时效指标 | 补助资金发放及时率 | ≥ | 100 | % | 100% | 20 | {score} |",
        "| 满意度指标 | 服务对象满意度指标 | 家长满意度 | ≥ | 90 | % | 95% | 20 | 20 |",
        "| 其他需要说明事项 | 无 |",
    ]


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_header_run_together_with_its_rows_is_cut_back_into_rows(tmp_path, container):
    (card,) = find_scorecards(_load(tmp_path, _run_together("20"), container))
    read = [(i.name, i.target.text, i.actual.text, i.weight.text, i.score.text) for i in card.indicators]
    assert read == [
        ("参加课后服务学生数", "1200", "1260", "20", "20"),
        ("课后服务课程开设率", "95", "100%", "20", "20"),
        ("补助资金发放及时率", "100", "100%", "20", "20"),
        ("家长满意度", "90", "95%", "20", "20"),
    ]
    # the comparator and the unit written in their own columns are read into the figures
    measured = [(i.target.quantity.op, i.target.quantity.unit, i.actual.quantity.unit) for i in card.indicators]
    assert measured == [(">=", "人", "人"), (">=", "%", "%"), (">=", "%", "%"), (">=", "%", "%")]


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_met_target_scored_short_in_a_run_together_form_is_found(tmp_path, container):
    # 补助资金发放及时率 ≥100%, actual 100%: 20 points are due, 14 are given
    assert _rules(_load(tmp_path, _run_together("14"), container)) == Counter({"SCO002": 1})
    assert _rules(_load(tmp_path, _run_together("20"), container)) == Counter()


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_run_together_row_that_does_not_open_a_level_is_left_alone(tmp_path, container):
    # the cells after the header open with a second level: whether they are a whole row is unknown
    document = _load(tmp_path, _run_together("14", first=""), container)
    assert not any(i.name == "参加课后服务学生数" for card in find_scorecards(document) for i in card.indicators)


# the goals written out at length: the run-together row wraps over four or five lines of a PDF,
# breaking inside a cell or right after one; each added character moves every break by one
LONG_GOALS = (
    "| — | 年度总体目标 | 预期目标 | 实际完成情况 | 保障全校一至六年级学生每个上学日放学后参加两课时课后服务，"
    "开设体育艺术科技等课程 | 全年开展课后服务一百八十天，一至六年级均已覆盖，开设课程二十门{} | "
)
MORE = "，另组织书法合唱编程足球等兴趣小组活动并按学期评比展示成果"


@pytest.mark.parametrize("more", range(0, len(MORE) + 1, 2))
@pytest.mark.parametrize("container", CONTAINERS)
def test_a_run_together_row_wrapped_over_several_lines_is_read(tmp_path, container, more):
    goals = LONG_GOALS.format(MORE[:more])
    assert _rules(_load(tmp_path, _run_together("14", goals=goals), container)) == Counter({"SCO002": 1})
    assert _rules(_load(tmp_path, _run_together("20", goals=goals), container)) == Counter()


# --- rows broken right under each other -------------------------------------------------------


def _stacked(score: str) -> list[str]:
    """Each 一级指标 block's first row broken too (产 出 指 标（50分） | on a line of its own over its
    first indicator), right under the broken header and under each other; the last block closes the
    table. Rows that break an indicator down (其中…) and a row holding only 质量指标 sit between."""
    return [
        _row("2023年度绩效目标自评表"),
        _row("项目名称", "某村特色种植补助项目"),
        "绩效指标 | 一级 指标 |",
        _row("二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "偏差原因")[:-4],
        "产 出 指 标 (50分) |",
        _row("数量指标", "补助种植面积", "30", "40亩", "40亩", "30")[:-2],
        _row("其中果树", "25亩", "25亩"),
        _row("其中蔬菜", "15亩", "15亩"),
        _row("质量指标"),
        _row("苗木成活率", "20", "≥90%", "95%", "20"),
        "效 益 指 标 (40分) |",
        _row("经济效益指标", "户均增收", "40", "≥3000元", "3300元", "40")[:-2],
        "满 意 度 指 标 (10分) |",
        _row("服务对象满意度指标", "种植户满意度", "10", "≥90%", "95%", score)[:-2],
    ]


# a web page's text copy; the same form printed to a PDF is not read this way yet
@pytest.mark.parametrize("container", ["txt"])
def test_rows_broken_under_each_other_are_each_joined(tmp_path, container):
    (card,) = find_scorecards(_load(tmp_path, _stacked("10"), container))
    read = [(i.level1, i.level2, i.name, i.weight.text, i.score.text) for i in card.indicators]
    assert read == [
        ("产出指标(50分)", "数量指标", "补助种植面积", "30", "30"),
        ("产出指标(50分)", "质量指标", "苗木成活率", "20", "20"),
        ("效益指标(40分)", "经济效益指标", "户均增收", "40", "40"),
        ("满意度指标(10分)", "服务对象满意度指标", "种植户满意度", "10", "10"),
    ]
    assert _rules(_load(tmp_path, _stacked("10"), container)) == Counter()
    assert _rules(_load(tmp_path, _stacked("8"), container)) == Counter({"SCO002": 1})


# --- short 其中 rows whose pipes happen to add up to a whole row -------------------------------


@pytest.mark.parametrize("container", CONTAINERS)
def test_short_part_rows_are_rows_of_their_own(tmp_path, container):
    """Two 其中 rows a copy cut to their own cells (4 pipes each) under an indicator row of 8: their
    pipes add up to the sheet's width, yet each opens a row — glued, the second part's figures went
    into the first's empty columns."""
    lines = [
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| 产出指标 | 数量指标 | 改造道路长度 | 12公里 | 12公里 | 30 | 30 |",
        "| 其中：村道 | 5公里 | 5公里 |",
        "| 其中：组道 | 7公里 | 7公里 |",
        "| 效益指标 | 社会效益指标 | 出行条件改善 | 明显 | 明显 | 60 | 60 |",
        "| 满意度指标 | 服务对象满意度指标 | 村民满意度 | ≥90% | 95% | 10 | 10 |",
    ]
    document = _load(tmp_path, lines, container)
    rows = [[c.text for c in row] for table in document.tables() for row in table.rows]
    assert ["其中：村道", "5公里", "5公里"] in rows and ["其中：组道", "7公里", "7公里"] in rows
