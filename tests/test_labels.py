"""What each quantity measures (label, period, measure): accuracy floors on the label gold sets
(``corpus/gold/labels_*.jsonl``, scored by ``checker.bench``) and focused cases of the forms
reports use: indicator paragraphs, 分别为 lists, table rows, item lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.bench import (
    LABELS_HOLDOUT,
    LABELS_REAL,
    Skip,
    label_acceptable,
    real_label_pairs,
    score_labels,
    synthetic_label_pairs,
)
from checker.ingest import load_document

# Ratchets: raise them when the labeller improves, never lower them to make a change pass.
SYNTHETIC_FLOOR = {"label": 0.98, "period": 1.0, "measure": 1.0, "all": 0.98}
REAL_FLOOR = {"label": 0.95, "period": 0.98, "measure": 0.98, "all": 0.95}


@pytest.fixture(scope="module")
def synthetic_scores():
    return score_labels(synthetic_label_pairs())


@pytest.mark.parametrize("field", sorted(SYNTHETIC_FLOOR))
def test_synthetic_label_accuracy_floor(synthetic_scores, field):
    scores, misses = synthetic_scores
    assert scores.n >= 80 and scores.found == scores.n, misses
    assert getattr(scores, field) / scores.n >= SYNTHETIC_FLOOR[field], "\n".join(misses)


@pytest.mark.parametrize("gold", [LABELS_REAL, LABELS_HOLDOUT], ids=["dev", "holdout"])
def test_real_label_accuracy_floor(shared_dir, gold):
    try:
        scores, misses = score_labels(real_label_pairs(gold))
    except Skip as why:
        pytest.skip(str(why))
    assert scores.found == scores.n, misses
    for field, floor in REAL_FLOOR.items():
        assert getattr(scores, field) / scores.n >= floor, (field, "\n".join(misses))


@pytest.mark.parametrize(
    "pred, gold, ok",
    [
        ("基本支出", ["基本支出"], True),
        ("本年基本支出", ["基本支出"], True),  # longer, same thing
        ("缴费支出", ["机关事业单位职业年金缴费支出"], True),  # a specific part of the name
        ("支出", ["基本支出"], False),  # generic word alone
        ("项目支出", ["基本支出"], False),  # another thing
        ("“三公”经费支出", ['"三公"经费支出'], True),  # quotes do not matter
        (None, ["基本支出"], False),
    ],
)
def test_label_acceptable(pred, gold, ok):
    assert label_acceptable(pred, gold) is ok


def _quantities(tmp_path: Path, text: str):
    from checker.nlp import extract

    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return [q for q in extract(load_document(path)) if q.kind != "date"]


def _triples(qs):
    return [(q.text, q.label, q.period, q.measure) for q in qs]


def test_indicator_named_before_a_colon_labels_every_figure_of_its_paragraph(tmp_path):
    qs = _quantities(
        tmp_path,
        "2.园区物流货运量增速：该指标预期指标值为大于等于6%，年中监控实际完成值为2.5%，"
        "本次评价完成值为7.2%，完成率120%。根据年度统计资料，本次评价实际完成值为7.2%，超出预期。\n",
    )
    assert {q.label for q in qs} == {"园区物流货运量增速"}
    assert [q.measure for q in qs] == ["预期指标值", "实际完成值", "实际完成值", "完成率", "实际完成值"]
    assert qs[1].period == "年中"


def test_numbered_indicator_name_with_comma(tmp_path):
    qs = _quantities(
        tmp_path,
        "3.新增规上企业数量指标，预期指标值“≥4家”，本次评价实际完成值5家，指标完成率125%，"
        "赋分权重10分，最终得分10分。\n",
    )
    assert {q.label for q in qs} == {"新增规上企业数量"}
    assert [q.measure for q in qs] == ["预期指标值", "实际完成值", "完成率", "权重", "得分"]


def test_a_type_of_indicator_is_not_an_indicator_name(tmp_path):
    qs = _quantities(tmp_path, "（二）效益指标。服务对象满意度指标，预期指标值“≥85%”，实际完成值92%。\n")
    assert {q.label for q in qs} == {"服务对象满意度"}


def test_respectively_pairs_names_and_figures(tmp_path):
    qs = _quantities(tmp_path, "全年预算中人员经费、公用经费、项目经费分别为210.00万元、35.50万元、88.00万元。\n")
    assert _triples(qs) == [
        ("210.00万元", "人员经费", "全年", "预算数"),
        ("35.50万元", "公用经费", "全年", "预算数"),
        ("88.00万元", "项目经费", "全年", "预算数"),
    ]


def test_respectively_with_a_name_containing_he(tmp_path):
    qs = _quantities(tmp_path, "工资福利支出、商品和服务支出分别为120.00万元、30.00万元。\n")
    assert [q.label for q in qs] == ["工资福利支出", "商品和服务支出"]


def test_respectively_left_alone_when_counts_differ(tmp_path):
    qs = _quantities(tmp_path, "办公费、印刷费、差旅费分别为3.00万元、1.20万元。\n")
    assert [q.label for q in qs] != ["办公费", "印刷费"]


def test_later_lists_of_one_sentence_go_on_with_the_names_of_the_first(tmp_path):
    qs = _quantities(
        tmp_path,
        "印刷费和邮电费分别为12.00、8.00万元，比上年分别减少3.00、1.00万元，"
        "分别下降20.00%、11.11%，分别占公用经费的6.00%、4.00%。\n",
    )
    assert [q.label for q in qs] == ["印刷费", "邮电费"] * 4
    assert [q.measure for q in qs][2:6] == ["增减额", None, "增减率", None]


def test_names_are_not_carried_into_the_next_sentence(tmp_path):
    qs = _quantities(tmp_path, "印刷费和邮电费分别为12.00、8.00万元。下半年分别占10.00%、5.00%。\n")
    assert [q.label for q in qs][2:] != ["印刷费", "邮电费"]


def test_table_row_header_may_hold_a_deadline(tmp_path):
    lines = []
    for row in (
        ["二级指标", "三级指标", "实际完成值", "完成率", "得分"],
        ["时效指标", "2024年11月底前完成验收", "100%", "100%", "8"],
    ):
        lines += ["\t" + cell for cell in row] + [""]
    qs = _quantities(tmp_path, "\n".join(lines) + "\n\n")
    assert _triples(qs)[-3:] == [
        ("100%", "2024年11月底前完成验收", None, "实际完成值"),
        ("100%", "2024年11月底前完成验收", None, "完成率"),
        ("8", "2024年11月底前完成验收", None, "得分"),
    ]


def test_item_line_ending_in_a_full_stop_names_later_figures(tmp_path):
    qs = _quantities(
        tmp_path,
        "7、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。主要用于：职工医疗保险缴费。"
        "年初预算为40.00万元，支出决算为38.20万元。\n",
    )
    assert _triples(qs) == [
        ("40.00万元", "事业单位医疗", "年初", "预算数"),
        ("38.20万元", "事业单位医疗", None, "决算数"),
    ]


def test_bracketed_aside_before_a_count(tmp_path):
    qs = _quantities(tmp_path, "单价20万元（含）以上专用设备（不含车辆）1台。\n")
    assert qs[-1].text == "1台" and qs[-1].label == "专用设备"


def test_year_after_a_comparison_word_is_not_the_period(tmp_path):
    qs = _quantities(tmp_path, "机关运行经费支出120.00万元，比2023年度增加5.00万元，增长4.35%。\n")
    assert _triples(qs)[1] == ("5.00万元", "机关运行经费支出", None, "增减额")


def test_share_of_the_budget_completed_is_a_completion_rate(tmp_path):
    qs = _quantities(tmp_path, "3、行政运行（项）。年初预算为60.00万元，支出决算为57.00万元，完成年初预算的95.00%。\n")
    assert _triples(qs)[-1] == ("95.00%", "行政运行", "年初", "完成率")


def test_fund_source_column_states_no_budget(tmp_path):
    lines = ["单位：万元", ""]
    for row in (
        ["科目名称", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
        ["一般公共服务支出", "80.00", "80.00", "0.00"],
    ):
        lines += ["\t" + cell for cell in row] + [""]
    cells = [q for q in _quantities(tmp_path, "\n".join(lines) + "\n\n") if q.kind == "number"]
    assert [(q.label, q.measure) for q in cells] == [("一般公共服务支出", None)] * 3


def test_completed_and_open_indicator_counts_keep_their_qualifier(tmp_path):
    qs = _quantities(tmp_path, "全年共设置绩效指标15个，其中已完成指标13个，未完成指标2个。\n")
    assert "绩效指标" in qs[0].label
    assert [q.label for q in qs[1:]] == ["已完成指标", "未完成指标"]


def test_year_opening_a_long_subject_is_its_period(tmp_path):
    qs = _quantities(tmp_path, "2024年度新疆某某经济技术开发区管理委员会机关运行经费支出88.00万元。\n")
    assert (qs[0].period, qs[0].label.endswith("机关运行经费支出")) == ("2024年度", True)


@pytest.mark.parametrize(
    "sentence, figure, label",
    [
        ("主要是人员调资，增加基本支出 52.30 万元。\n", "52.30 万元", "基本支出"),
        ("因退休人员减少，相应减少对个人和家庭的补助 6.00 万元。\n", "6.00 万元", "对个人和家庭的补助"),
        ("年中追加预算，增加项目支出18.5万元。\n", "18.5万元", "项目支出"),
    ],
)
def test_a_change_verb_before_the_label_makes_the_figure_a_change(tmp_path, sentence, figure, label):
    q = next(q for q in _quantities(tmp_path, sentence) if q.text == figure)
    assert (q.label, q.measure) == (label, "增减额")


def test_a_level_after_its_label_is_no_change(tmp_path):
    qs = _quantities(tmp_path, "本年基本支出 52.30 万元，项目支出18.5万元。\n")
    assert [q.measure for q in qs if q.kind == "money"] == [None, None]


def test_word_test_is_isalnum():
    """The linker's test for a token with a letter or digit in it, a regex, accepts exactly the
    characters ``str.isalnum`` does."""
    from checker.nlp.labels import _is_word

    assert [c for c in map(chr, range(0x10000)) if _is_word(c) != c.isalnum()] == []
    assert _is_word("（_a") and not _is_word("_（）") and not _is_word("")


@pytest.mark.parametrize("word", ["增加", "增支", "多支", "超支", "增收", "减少", "减支", "少支", "节支", "减收"])
def test_a_change_word_is_no_label(tmp_path, word):
    """较上年减收Y万元: the change is of the amount named before it, as after 减少, not of a thing called 减收."""
    qs = _quantities(tmp_path, f"本年事业收入1,250.00万元，较上年{word}150.00万元。\n")
    assert [(q.text, q.label, q.measure) for q in qs][1] == ("150.00万元", "事业收入", "增减额")
