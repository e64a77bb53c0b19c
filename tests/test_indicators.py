"""Indicators and scorecards from prose and tables, and the scoring rules (SCO…)."""

from decimal import Decimal
from pathlib import Path

from checker.config import Config
from checker.engine import check_document, check_text, document_from_text
from checker.indicators import find_graded_scores, find_indicators, find_scorecards
from checker.indicators.scoring import grade_for, recompute_rate
from checker.arith import Interval
from checker.ingest import load_document
from checker.tables.notation import grid_text


REPO = Path(__file__).resolve().parents[1]


def cards(text: str):
    return find_scorecards(document_from_text(grid_text(text)))


def hits(text: str, code: str):
    report = check_text(grid_text(text), Config(select=(code,)))
    return [f for f in report.findings if f.rule == code]


NARRATIVE = """\
三、整体支出绩效分析
本单位全年预算金额为 640.00 万元，执行金额为 608.00 万元，执行率为 95.00%，得 9.50 分。
（一）“道路保洁面积”指标完成情况分析
道路保洁面积指标，预期指标值“≥50万平方米”，年中监控完成值26万平方米，本次评价实际完成值52万平方米，指标完成率104%，指标完成情况不存在偏差，该指标赋分权重30分，最终得分30分。
（二）“垃圾清运及时率”指标完成情况分析
垃圾清运及时率指标，预期指标值“=100%”，本次评价实际完成值96%，指标完成率96%，偏差原因主要为：雨雪天气导致两周清运推迟，改进措施：增加备用车辆，该指标赋分权重30分，最终得分28.8分。
（三）“单次清运成本”指标完成情况分析
单次清运成本指标，预期指标值“≤800元”，本次评价实际完成值760元，指标完成率105.26%，该指标赋分权重30分，最终得分30分。
四、评价结论
本年度整体支出绩效自评综合得分98.30分，评价结果为“优”。
"""


def test_narrative_indicators_are_parsed_with_every_field():
    (card,) = cards(NARRATIVE)
    assert [i.name for i in card.indicators] == ["道路保洁面积", "垃圾清运及时率", "单次清运成本"]
    first, second, third = card.indicators
    assert first.target.quantity.op == ">=" and first.target.quantity.value == Decimal(500000)
    assert first.midyear.text == "26万平方米" and first.actual.text == "52万平方米"
    assert (first.rate.text, first.weight.text, first.score.text) == ("104%", "30", "30")
    assert second.reason.text == "雨雪天气导致两周清运推迟" and second.measure.text == "增加备用车辆"
    assert third.target.quantity.op == "<="
    assert card.fund.rate.text == "95.00%" and card.fund.score.text == "9.50"
    assert (card.total_score.text, card.grade.text) == ("98.30", "优")
    assert second.rate.location.line == 6


def test_narrative_consistent_report_has_no_scoring_finding():
    report = check_text(NARRATIVE, Config(select=("SCO",)))
    assert report.findings == ()
    assert report.coverage.checks["pass"] >= 8


def test_reverse_indicator_rate_is_target_over_actual():
    ind = cards(NARRATIVE)[0].indicators[2]
    rate = recompute_rate(ind)
    assert rate.direction == "reverse" and rate.certain
    assert rate.value.overlaps(Interval.stated("105.26"))


def test_wrong_rate_wrong_score_wrong_total_are_flagged():
    text = NARRATIVE.replace("指标完成率96%", "指标完成率90%").replace("最终得分28.8分", "最终得分30分")
    assert [f.stated for f in hits(text, "SCO001")] == ["90%"]
    assert [f.stated for f in hits(text, "SCO002")] == ["30"]
    assert [f.stated for f in hits(NARRATIVE.replace("98.30分", "96.30分"), "SCO005")] == ["96.30"]


def test_execution_line_rate_and_score():
    text = NARRATIVE.replace("执行率为 95.00%，得 9.50 分", "执行率为 96.00%，得 9.60 分")
    rate = hits(text, "SCO003")
    assert [f.stated for f in rate] == ["96.00%"] and "95.00%" in rate[0].message
    assert hits(text, "SCO004") == []  # 9.60 does follow from the stated 96.00%


def test_project_total_score_after_the_execution_rate_is_not_the_execution_line_score():
    # "执行率X%，自评得分Y分" summarises a project: Y is its total score, not X × 10
    text = NARRATIVE.replace("执行率为 95.00%，得 9.50 分", "执行率为 95.00%，自评得分 98.30 分")
    (card,) = cards(text)
    assert card.fund is None or card.fund.score is None
    assert hits(text, "SCO004") == []
    assert hits(NARRATIVE.replace("得 9.50 分", "得 9.80 分"), "SCO004") != []


def test_grade_band():
    assert grade_for(Decimal("90.00")) == "优"  # lower bound inclusive
    assert grade_for(Decimal("89.99")) == "良"
    assert grade_for(Decimal("60")) == "中" and grade_for(Decimal("59.9")) == "差"
    text = NARRATIVE.replace("评价结果为“优”", "评价结果为“良”")
    assert [f.stated for f in hits(text, "SCO007")] == ["良"]


SELF_EVAL_TABLE = """\
项目支出绩效自评表
| 项目支出绩效自评表 |
| 项目名称 | 社区食堂运营补助 |
| 项目资金（万元） | 资金来源 | 年初预算数 | 全年预算数 | 全年执行数 | 分值权重 | 执行率 | 得分 |
|  | 年度资金总额 | 60.00 | 64.00 | 60.80 | 10 | 95.0% | 9.50 |
|  | 其中：当年财政拨款 | 60.00 | 64.00 | 60.80 | - | - | - |
|  | 其他资金 | 0.00 | 0.00 | 0.00 | - | - | - |
|  | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标分值权重 | 指标实际完成值 | 完成率 | 指标得分 | 偏差原因分析及改进措施 |
| 年度绩效指标完成情况 | 产出指标 | 数量指标 | 服务老人人次 | >=3000人次 | 30 | =2700人次 | 90% | 27 | 冬季就餐人数减少 |
|  |  | 成本指标 | 每餐补助标准 | <=8元 | 20 | =8元 | 100% | 20 |  |
|  | 效益指标 | 社会效益指标 | 改善老人就餐条件 | 有效改善 | 20 | 完全达到预期 | 100% | 20 |  |
|  | 满意度指标 | 满意度指标 | 老人满意度 | >=90% | 20 | =93% | 100% | 20 |  |
| 总分 |  |  |  | 100 |  |  |  |  | 96.50分 |
"""


def test_table_scorecard_is_read():
    (card,) = cards(SELF_EVAL_TABLE)
    assert card.title == "社区食堂运营补助"
    assert [i.name for i in card.indicators] == ["服务老人人次", "每餐补助标准", "改善老人就餐条件", "老人满意度"]
    first = card.indicators[0]
    assert (first.level1, first.level2) == ("产出指标", "数量指标")
    assert card.indicators[1].level1 == "产出指标"  # merged cell carried down
    assert first.reason.text == "冬季就餐人数减少"
    assert card.fund.budget.text == "64.00" and card.fund.rate.text == "95.0%"
    assert card.total_weight.text == "100" and card.total_score.text == "96.50分"


def test_consistent_table_has_no_finding():
    report = check_text(grid_text(SELF_EVAL_TABLE), Config(select=("SCO", "TBL")))
    assert report.findings == ()


def test_table_total_and_execution_rate_mismatch():
    text = SELF_EVAL_TABLE.replace("96.50分", "99.50分").replace("| 95.0% | 9.50 |", "| 101.3% | 10.00 |")
    rate = hits(text, "SCO003")
    assert [f.stated for f in rate] == ["101.3%"] and "年初预算数" in rate[0].message
    assert [f.stated for f in hits(text, "SCO005")] == ["99.50分"]


def _as_word(doc, path):
    """The document as Word lays out its tables: one grid width for every block of a table,
    short rows widened by merging their last cell to the right edge."""
    import docx

    from checker.model import Table

    out = docx.Document()
    for block in doc.blocks:
        if not isinstance(block, Table):
            out.add_paragraph(block.text)
            continue
        width = max(len(row) for row in block.rows)
        table = out.add_table(rows=len(block.rows), cols=width)
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell.text
            if len(row) < width:
                table.cell(r, len(row) - 1).merge(table.cell(r, width - 1))
    out.save(path)
    return load_document(path)


def test_word_scorecard_with_one_grid_width_is_read_by_its_block_headers(tmp_path):
    doc = _as_word(document_from_text(grid_text(SELF_EVAL_TABLE)), tmp_path / "card.docx")
    (card,) = find_scorecards(doc)
    assert [i.name for i in card.indicators] == ["服务老人人次", "每餐补助标准", "改善老人就餐条件", "老人满意度"]
    assert card.fund.budget.text == "64.00" and card.fund.score.text == "9.50"
    assert check_document(doc, Config(select=("SCO",))).findings == ()
    wrong = document_from_text(grid_text(SELF_EVAL_TABLE.replace("| 27 | 冬季", "| 30 | 冬季")))
    found = check_document(_as_word(wrong, tmp_path / "wrong.docx"), Config(select=("SCO",))).findings
    assert [f.rule for f in found] == ["SCO002", "SCO005"]


def test_word_copy_of_a_project_report_is_checked_as_fully_as_the_text(tmp_path):
    source = load_document(REPO / "corpus" / "synthetic" / "xiangmu-zipingbiao-2024.txt")
    word = _as_word(source, tmp_path / "xiangmu.docx")
    for family in ("SCO", "TBL"):
        text_report, word_report = (check_document(d, Config(select=(family,))) for d in (source, word))
        assert word_report.coverage.checks == text_report.coverage.checks
        assert word_report.coverage.checks["pass"] > 0 and word_report.findings == text_report.findings == ()


def test_cost_target_stated_with_equals_is_only_uncertain():
    text = SELF_EVAL_TABLE.replace("| <=8元 | 20 | =8元 | 100% | 20 |", "| =8元 | 20 | =10元 | 0% | 0 |")
    found = hits(text, "SCO001")
    assert [(f.stated, f.severity) for f in found] == [("0%", "warning")]
    assert hits(text, "SCO002") == []  # 0 follows from the stated 0%


def test_weights_must_reach_the_stated_total():
    text = (
        SELF_EVAL_TABLE.replace("| 老人满意度 | >=90% | 20 |", "| 老人满意度 | >=90% | 15 |")
        .replace("| =93% | 100% | 20 |", "| =93% | 100% | 15 |")
        .replace("96.50分", "91.50分")
    )
    found = hits(text, "SCO006")
    assert [(f.expected, f.stated, f.severity) for f in found] == [("95", "100", "error")]


def test_project_list_grades():
    text = """\
项目自评结果
| 序号 | 项目名称 | 得分 | 自评结论 |
| 1 | 河道清淤 | 92.5 | 优 |
| 2 | 路灯维护 | 79.9 | 良 |
"""
    graded = find_graded_scores(document_from_text(grid_text(text)))
    assert len(graded) == 2
    assert [f.stated for f in hits(text, "SCO007")] == ["良"]


# ---- the real reports (skipped without ../shared) -----------------------------------------


def test_seed_000_indicators_and_total(seeds_dir):
    doc = load_document(seeds_dir / "000_cc62c0c7c373eea5.txt")
    indicators = find_indicators(doc)
    assert len(indicators) == 5
    assert all(i.target and i.actual and i.rate and i.weight and i.score for i in indicators)
    report = check_document(doc, Config(select=("SCO",)))
    assert report.findings == ()


def test_seed_002_indicators_and_total(seeds_dir):
    doc = load_document(seeds_dir / "002_1f68b8a0a6e4ab92.txt")
    indicators = find_indicators(doc)
    assert len(indicators) == 4
    assert all(i.weight and i.score for i in indicators)
    assert check_document(doc, Config(select=("SCO",))).findings == ()


def test_seed_004_scorecards(seeds_dir):
    doc = load_document(seeds_dir / "004_15c4900d2e5f3cbe.txt")
    scorecards = find_scorecards(doc)
    assert len(scorecards) == 4
    assert [len(c.indicators) for c in scorecards] == [3, 7, 7, 7]
    assert all(c.fund is not None and c.fund.rate is not None for c in scorecards)
    found = check_document(doc, Config(select=("SCO",))).findings
    # 完成项目成果并结题: =98% against =100% cannot be a 100% completion rate
    assert [(f.rule, f.stated, f.severity) for f in found if f.severity == "error"] == [("SCO001", "100%", "error")]


def test_indicator_stated_with_annual_target_wording():
    text = (
        "一、项目绩效情况\n"
        "设备完好率：该指标年度指标值为≥98%，本次评价实际完成值为99.2%，完成率101.22%，"
        "该指标分值为15分，自评得分15分。\n"
    )
    (card,) = cards(text)
    (ind,) = card.indicators
    assert ind.name == "设备完好率"
    assert (ind.target.text, ind.actual.text, ind.rate.text, ind.weight.text, ind.score.text) == (
        "≥98%",
        "99.2%",
        "101.22%",
        "15",
        "15",
    )


def test_reason_restating_another_rate_is_flagged(seeds_dir):
    doc = load_document(seeds_dir / "004_15c4900d2e5f3cbe.txt")
    found = check_document(doc, Config(select=("SCO008",))).findings
    # 补贴发放金额: the note says 完成率120.96%% while the rate column says 0%
    assert [(f.stated, f.expected, f.severity) for f in found] == [("120.96%", "0%", "warning")]


def test_reason_restating_the_same_rate_passes():
    text = NARRATIVE.replace("偏差原因主要为：雨雪天气导致两周清运推迟", "偏差原因主要为：雨雪天气导致完成率为96%")
    assert hits(text, "SCO008") == []
    assert [f.stated for f in hits(text.replace("完成率为96%", "完成率为92%"), "SCO008")] == ["92%"]
