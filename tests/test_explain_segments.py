"""Finding deviation explanations, what they explain, and masking them for comparison."""

from __future__ import annotations

from decimal import Decimal

from checker.explain import find_explanations, mask_explanation, minhash, signature
from checker.ingest import load_document


def _doc(tmp_path, text):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


INDICATOR = (
    "城区绿化养护面积:该指标预期指标值为大于等于 120 万平方米,本次评价完成值为 131 万平方米,"
    "完成率 109.17%。偏差原因:新接收东湖公园养护任务,改进措施:年初据实测算面积。"
    "该指标权重分值为 20 分,自评得分 20 分。\n"
)


def test_indicator_reason_and_measure_with_rate(tmp_path):
    found = find_explanations(_doc(tmp_path, INDICATOR))
    reason = next(e for e in found if e.kind == "reason")
    measure = next(e for e in found if e.kind == "measure")
    assert reason.text == "新接收东湖公园养护任务"
    assert reason.item == "城区绿化养护面积"
    assert reason.rate == Decimal("109.17") and reason.direction == "over"
    assert measure.text == "年初据实测算面积"
    assert reason.location.line == 1


def test_keywords_split_by_spaces_are_found(tmp_path):
    text = INDICATOR.replace("改进措施", "改进措 施")
    found = find_explanations(_doc(tmp_path, text))
    assert [e.text for e in found if e.kind == "reason"] == ["新接收东湖公园养护任务"]


def test_subject_reason_with_direction(tmp_path):
    text = (
        "一般公共服务支出（类）财政事务（款）行政运行（项）:支出决算数为 310.20 万元，比上年决算减少"
        " 12.40 万元，下降 3.84%，主要原因是：本年两名在编人员退休。\n"
    )
    (e,) = find_explanations(_doc(tmp_path, text))
    assert e.item.startswith("一般公共服务支出（类）财政事务（款）行政运行（项）")
    assert e.direction == "decrease"
    assert e.text == "本年两名在编人员退休"


def test_budget_gap_sign_sets_direction(tmp_path):
    text = "公务接待费全年预算数 5.00 万元，决算数 3.10 万元，预决算差异率-38.00%，主要原因是：取消两次外省考察。\n"
    (e,) = find_explanations(_doc(tmp_path, text))
    assert e.direction == "decrease" and e.item == "公务接待费"


def test_table_reason_column(tmp_path):
    rows = [
        (
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "实际完成值",
            "完成率",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ),
        ("产出指标", "数量指标", "维修路灯数量", "=50盏", "40盏", "80%", "20", "16", "灯杆采购合同于11月才签订"),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%", "92%", "100%", "10", "10", ""),
    ]
    text = "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)
    found = find_explanations(_doc(tmp_path, text))
    assert [(e.item, e.direction, e.text) for e in found] == [("维修路灯数量", "under", "灯杆采购合同于11月才签订")]
    assert found[0].location.line == 19


def test_mask_hides_numbers_dates_units_and_the_item_name():
    a = mask_explanation("固定资产投资完成 36142 万元，2024年投资力度加大，超出预期效益", ["固定资产投资"])
    b = mask_explanation("工业总产值完成 5.01%，2023年3月产值力度加大，超出预期效益", ["工业总产值"])
    assert a == b


def test_signature_and_minhash_are_stable():
    masked = mask_explanation("企业投资力度加大，超出预期效益")
    assert signature(masked) == signature(masked) and len(signature(masked)) > 3
    assert minhash(masked) == minhash(masked) and len(minhash(masked)) == 64
    assert minhash("") == ()


def test_subject_and_figures_come_from_the_part_the_reason_is_about(tmp_path):
    text = (
        "本局年初预算安排 860.00 万元，其中：人员经费 512.40 万元，占 59.58%，比上年增加 20.10 万元，"
        "增长 4.08%，主要原因是新招录三名公务员。\n"
    )
    (e,) = find_explanations(_doc(tmp_path, text))
    assert e.item == "人员经费" and e.direction == "increase"
    assert e.figures == ("512.40 万元", "59.58%", "20.10 万元", "4.08%")


def test_enumerated_reason_runs_past_its_semicolons(tmp_path):
    text = "办公费:支出决算数为 8.00 万元，比上年减少 2.00 万元，主要原因是：一是压减印刷费；二是取消一次外省培训。\n"
    (e,) = find_explanations(_doc(tmp_path, text))
    assert e.text == "一是压减印刷费；二是取消一次外省培训"


def test_subject_named_after_a_comparison_phrase(tmp_path):
    text = "与全年预算相比，公务接待费全年预算数 3.00 万元，决算数 3.00 万元，预决算差异率0.00%，主要原因是：全年无外地来访。\n"
    (e,) = find_explanations(_doc(tmp_path, text))
    assert e.item == "公务接待费" and e.direction == "flat"


def test_a_repeated_cue_starts_the_next_explanation(tmp_path):
    # found by `make fuzz`: a cue repeated without a full stop made every occurrence an explanation
    # running to the paragraph's end, so their total length (and the reuse check) grew as n²
    reasons = ["资金拨付滞后", "设备采购延期", "人员调整"]
    text = "项目支出执行率偏低，" + "，".join(f"主要原因是{r}" for r in reasons) + "。下一步将加快进度。"
    found = [e for e in find_explanations(_doc(tmp_path, text)) if e.kind == "reason"]
    assert [e.text.rstrip("，,") for e in found] == reasons
    flood = _doc(tmp_path, "执行率偏低，" + "主要原因是" * 400 + "资金未到位。")
    total = sum(len(e.text) for e in find_explanations(flood))
    assert total <= len("主要原因是") * 400 + len("资金未到位。")


def test_a_reason_on_the_lines_below_its_indicator_is_the_indicators(tmp_path):
    # the same indicator with its 偏差原因 on its own line, after a line of sources: read as in one paragraph
    one_paragraph = find_explanations(_doc(tmp_path, INDICATOR))
    lines = INDICATOR.replace("完成率 109.17%。", "完成率 109.17%。\n依据园林处2024年度养护台账核定。\n")
    found = find_explanations(_doc(tmp_path, lines))
    reason = next(e for e in found if e.kind == "reason")
    assert (reason.item, reason.rate, reason.direction, reason.text) == next(
        (e.item, e.rate, e.direction, e.text) for e in one_paragraph if e.kind == "reason"
    )
    assert reason.location.line == 3
    # a heading between, or three lines of other text, and the reason is no longer the indicator's
    headed = INDICATOR.replace("完成率 109.17%。", "完成率 109.17%。\n二、存在的问题\n")
    far = INDICATOR.replace("完成率 109.17%。", "完成率 109.17%。\n第一行。\n第二行。\n第三行。\n")
    for text in (headed, far):
        reason = next(e for e in find_explanations(_doc(tmp_path, text)) if e.kind == "reason")
        assert reason.item != "城区绿化养护面积" and reason.rate is None
