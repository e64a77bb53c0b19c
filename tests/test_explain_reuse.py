"""Reuse of explanations (EXP001), vague explanations (EXP002) and the archive index."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.explain import find_explanations
from checker.explain.reuse import ExplanationIndex, find_reuse, normalize_explanation, similarity
from checker.ingest import load_document
from checker.rules.base import Context
from checker.rules.explain import ReusedExplanation


def _findings(text: str, code: str):
    return [f for f in check_text(text, Config(select=(code,))).findings if f.rule == code]


def _indicator(n: int, name: str, target: str, actual: str, rate: str, reason: str) -> str:
    return (
        f"（{n}）{name}：该指标预期指标值为{target}，本次评价完成值为{actual}，完成率{rate}。"
        f"偏差原因：{reason}。该指标权重分值为 20 分，自评得分 20 分。\n"
    )


def test_vague_reason_copied_between_indicators_is_a_warning():
    text = _indicator(
        1, "新增规上企业数", "大于等于 6 家", "9 家", "150%", "企业发展力度加大，超出预期效益"
    ) + _indicator(2, "园区用电量增长", "大于等于 4%", "6.2%", "155%", "用电量增长力度加大，超出预期效益")
    (f,) = _findings(text, "EXP001")
    assert f.severity == "warning" and f.location.line == 2 and f.related[0].line == 1
    assert "新增规上企业数" in f.message and "园区用电量增长" in f.message


def test_same_reason_for_over_and_under_achievement_is_a_warning_without_the_model():
    reason = "受施工单位进场时间影响，东区管网工程于2024年6月开工"
    text = _indicator(1, "管网改造长度", "大于等于 10 公里", "12 公里", "120%", reason) + _indicator(
        2, "改造完成及时率", "等于 100%", "80%", "80%", reason
    )
    (f,) = _findings(text, "EXP001")
    assert f.severity == "warning" and f.confidence == "exact" and "相反方向" in f.message


def test_different_specific_reasons_are_clean():
    text = _indicator(1, "管网改造长度", "大于等于 10 公里", "12 公里", "120%", "追加北二路支线2公里") + _indicator(
        2, "改造完成及时率", "等于 100%", "80%", "80%", "东区段因地下燃气管迁改停工40天"
    )
    assert _findings(text, "EXP001") == []


def test_transfer_between_subjects_is_not_reuse():
    text = (
        "行政运行（项）:支出决算数为 10.00 万元，比上年决算减少 8.00 万元，下降 44.44%，主要原因是：绩效考核补助经费更改科目。\n"
        "一般行政管理事务（项）:支出决算数为 9.00 万元，比上年决算增加 8.00 万元，增长 800%，主要原因是：绩效考核补助经费更改科目。\n"
    )
    assert _findings(text, "EXP001") == []


@pytest.mark.parametrize(
    "transfer",
    ["从差旅费预算中调减 6.20 万元用于印刷费开支", "调出部分差旅费用于印刷费", "差旅费与印刷费之间调剂 6.20 万元"],
)
def test_money_moved_from_one_item_to_another_explains_both(transfer):
    # the same words rightly explain the decrease of one item and the increase of the other
    text = (
        f"差旅费预算 3.80 万元，比上年预算减少 6.20 万元，原因是{transfer}。\n"
        f"印刷费预算 7.20 万元，比上年预算增加 6.20 万元，原因是{transfer}。\n"
    )
    assert _findings(text, "EXP001") == []


def test_one_reason_for_a_rise_and_a_fall_without_a_transfer_is_still_flagged():
    reason = "本年度调减了全部办公经费的预算标准并统一压减一般性支出"
    text = (
        f"差旅费预算 3.80 万元，比上年预算减少 6.20 万元，原因是{reason}。\n"
        f"印刷费预算 7.20 万元，比上年预算增加 6.20 万元，原因是{reason}。\n"
    )
    (f,) = _findings(text, "EXP001")
    assert "相反方向" in f.message


def test_same_item_discussed_twice_is_not_reuse():
    text = (
        "公务接待费:支出决算数为 3.00 万元，比上年减少 1.00 万元，主要原因是：严格执行接待标准，取消陪餐。\n"
        "公务接待费全年预算数 4.00 万元，决算数 3.00 万元，预决算差异率-25%，主要原因是：严格执行接待标准，取消陪餐。\n"
    )
    assert _findings(text, "EXP001") == []


def test_vague_explanation_rule():
    text = _indicator(
        1, "培训人次", "大于等于 300 人次", "240 人次", "80%", "加强管理，提高效率，下一步将进一步加强管理"
    )
    (f,) = _findings(text, "EXP002")
    assert f.severity == "info" and f.confidence == "model"
    text = _indicator(
        1, "培训人次", "大于等于 300 人次", "240 人次", "80%", "第四季度两期培训因授课专家行程冲突取消，涉及60人次"
    )
    assert _findings(text, "EXP002") == []


def test_normalize_and_similarity():
    a = normalize_explanation("偏差原因：固定资产投资完成36142万元，企业投资力度加大", "固定资产投资")
    b = normalize_explanation("主要原因是：总产值完成5.01%，企业产值力度加大", "总产值")
    assert similarity(a, b) == 100
    assert similarity(normalize_explanation("两家企业停产"), normalize_explanation("新增三个社区")) < 80


def test_archive_index_finds_near_duplicates_and_verifies_them():
    index = ExplanationIndex()
    index.add(("甲单位", 12), "企业投资力度加大，超出预期效益，合理安排制定下年度目标", "固定资产投资")
    index.add(("乙单位", 40), "受汛期强降雨影响，北山河道清淤工程停工45天", "清淤长度")
    assert len(index) == 2
    hits = index.similar("企业产值力度加大，超出预期效益，合理安排制定下年度目标", "产值")
    assert [k for k, _ in hits] == [("甲单位", 12)]
    assert index.similar("新设社区卫生服务站两个，服务人口增加3200人", "服务人口") == []


def test_seed_002_boilerplate_found(seeds_dir):
    ctx = Context(load_document(seeds_dir / "002_1f68b8a0a6e4ab92.txt"))
    found = [r for r in ReusedExplanation().check(ctx) if hasattr(r, "rule")]
    assert [(f.location.line, f.severity, f.related[0].line) for f in found] == [(135, "warning", 127)]


def test_seed_reuse_pairs_are_different_items(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        for r in find_reuse(find_explanations(load_document(path))):
            assert r.earlier.location != r.later.location and r.similarity >= 80


def test_short_concrete_reason_is_not_scored():
    text = "项目支出比上年减少2.50万元，主要原因是会议费压减。\n"
    assert _findings(text, "EXP002") == []


def test_reuse_in_a_long_document_pairs_as_comparing_every_pair_would():
    """Hundreds of explanations of two kinds, with near copies far apart."""
    import random

    from checker.explain.reuse import MIN_MASKED_CHARS, SIMILARITY_THRESHOLD, Explanation, _same_item
    from checker.model import Location

    rng = random.Random(7)
    words = [
        "资金拨付",
        "进度滞后",
        "项目建设",
        "受天气影响",
        "工期延长",
        "采购流程",
        "审批环节",
        "人员调整",
        "绩效目标",
    ]
    items = [
        Explanation(
            text="".join(rng.choice(words) for _ in range(rng.randint(2, 6))),
            kind=rng.choice(["reason", "measure"]),
            item=f"指标{k % 97}",
            direction=rng.choice([None, "over", "under"]),
            rate=None,
            location=Location(k, k, None, f"p{k}", 0, 10),
            context="",
        )
        for k in range(600)
    ]
    masked = [normalize_explanation(e.text, e.item) for e in items]
    expected = []
    for j, later in enumerate(items):
        if len(masked[j]) < MIN_MASKED_CHARS:
            continue
        for i in range(j):
            earlier = items[i]
            if earlier.kind != later.kind or len(masked[i]) < MIN_MASKED_CHARS:
                continue
            score = similarity(masked[i], masked[j])
            if score >= SIMILARITY_THRESHOLD and earlier.location != later.location and not _same_item(earlier, later):
                expected.append((i, j, score))
                break
    got = [(items.index(r.earlier), items.index(r.later), r.similarity) for r in find_reuse(items)]
    assert got == expected and len(expected) > 50
