"""Mutation operators: each original relation holds, each mutated one is broken beyond rounding.

The checks recompute the relations here with plain Decimal arithmetic on the numbers read back
from the mutated text, independently of the operators' own interval code.
"""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from checker.evaluation.mutate import OPERATORS, Source, consistent_relations, mutate_corpus
from checker.numbers import find_quantities

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC = REPO / "corpus" / "synthetic"


def mutants(tmp_path: Path, text: str, op: str, seed: int = 0):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    src = Source.read(path)
    rng = random.Random(seed)
    out = []
    for cand in OPERATORS[op](src, rng):
        m = cand(rng)
        if m is not None:
            out.append((src.apply(m.edits).decode("utf-8").split("\n"), m))
    return out


def figures(line: str, kind: str) -> list[Decimal]:
    return [q.value for q in find_quantities(line) if q.kind == kind]


def pct(a: Decimal, b: Decimal) -> Decimal:
    return a / b * 100


def r2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), ROUND_HALF_UP)


GROWTH = "1.农林水支出（类）农业农村（款）行政运行（项）：支出决算数为812.37万元，比上年决算增加43.82万元，增长5.70%，主要原因是：在编人员职级晋升。"


def test_growth_rate_changed(tmp_path):
    assert r2(pct(Decimal("43.82"), Decimal("812.37") - Decimal("43.82"))) == Decimal("5.70")
    (lines, m), *_ = mutants(tmp_path, GROWTH, "growth_rate")
    stated = figures(lines[0], "percent")[0]
    assert abs(stated - pct(Decimal("43.82"), Decimal("768.55"))) > 1
    assert m.cats == ("arith.growth",) and m.lines == (1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "会议费支出37,800元，较上年减少4,200元，降幅10.00%，主要是压缩会议规模。",
        "差旅费支出45.60万元，比上年增加5.60万元，增幅14.00%，主要是下乡调研增加。",
        "物业管理费支出为126.5万元，同比增加11.5万元，增长率为10.0%。",
    ],
)
def test_growth_rate_changed_in_rate_noun_wordings(tmp_path, text):
    (lines, m), *_ = mutants(tmp_path, text, "growth_rate")
    (stated,) = figures(lines[0], "percent")
    current, delta = figures(lines[0], "money")
    prior = current + delta if "减少" in text else current - delta
    assert abs(stated - pct(delta, prior)) > 1
    assert m.cats == ("arith.growth",)


def test_growth_sites_need_a_consistent_original_and_a_prior_year_value(tmp_path):
    wrong = GROWTH.replace("5.70%", "9.70%")
    new_item = "支出决算数为620.00万元，比上年决算增加620.00万元，增长100%，主要原因是：新增帮扶项目。"
    assert mutants(tmp_path, wrong, "growth_rate") == []
    assert mutants(tmp_path, new_item, "growth_rate") == []


def test_direction_swapped_contradicts_the_rate_word(tmp_path):
    (lines, m), *_ = mutants(tmp_path, GROWTH, "direction")
    assert "减少43.82万元，增长5.70%" in lines[0]
    # read as a decrease the prior year was 856.19 and the change a fall, never a 5.70% rise
    assert pct(Decimal("-43.82"), Decimal("812.37") + Decimal("43.82")) < 0


def test_unit_slip_only_fits_wan_yuan(tmp_path):
    found = [lines[0] for lines, _ in mutants(tmp_path, GROWTH, "unit")]
    assert any("增加43.82元" in line for line in found)
    assert any("812.37元" in line for line in found)
    delta = Decimal("43.82") / 10000
    assert abs(pct(delta, Decimal("812.37") - delta) - Decimal("5.70")) > 5


def test_unit_slip_takes_the_pinyin_a_mirror_copy_writes_after_wan(tmp_path):
    """萬(wàn)元 on a mirror copy: the slip drops the character with its pinyin, never leaving (wàn)元."""
    text = "2025年經(jīng)費(fèi)預(yù)算數(shù)2005.41萬(wàn)元,較上年減少94.91萬(wàn)元,下降4.52%。"
    found = [lines[0] for lines, _ in mutants(tmp_path, text, "unit")]
    assert found
    assert all("(wàn)元" not in line.replace("萬(wàn)元", "") for line in found)
    assert any("2005.41元" in line or "94.91元" in line for line in found)


SUM = "本年支出3967.23万元，其中：基本支出1237.03万元，占31.18%；项目支出2730.20万元，占68.82%。"


def test_part_changed_so_the_total_breaks(tmp_path):
    parts = [Decimal("1237.03"), Decimal("2730.20")]
    assert sum(parts) == Decimal("3967.23")
    results = mutants(tmp_path, SUM, "sum_part")
    assert len(results) == 2
    for lines, m in results:
        total, *new_parts = [v / 10000 for v in figures(lines[0], "money")]
        assert abs(sum(new_parts) - total) >= Decimal("12")  # ≥ 1% of a part, far beyond rounding
        assert m.cats == ("arith.sum",)


def test_share_changed(tmp_path):
    assert r2(pct(Decimal("1237.03"), Decimal("3967.23"))) == Decimal("31.18")
    results = mutants(tmp_path, SUM, "share")
    assert len(results) == 2
    for lines, _ in results:
        shares = figures(lines[0], "percent")
        parts = [v / 10000 for v in figures(lines[0], "money")][1:]
        assert any(abs(s - pct(p, Decimal("3967.23"))) > 1 for s, p in zip(shares, parts))


def test_execution_rate_changed(tmp_path):
    text = "全年预算数3105.72万元，全年实际支出2946.38万元，预算执行率为94.87%。"
    assert r2(pct(Decimal("2946.38"), Decimal("3105.72"))) == Decimal("94.87")
    ((lines, m),) = mutants(tmp_path, text, "rate")
    assert abs(figures(lines[0], "percent")[0] - Decimal("94.87")) > 1
    assert m.cats == ("arith.ratio",)


def test_budget_difference_and_adjustment_rates_changed(tmp_path):
    text = (
        "“三公”经费支出全年预算数26.00万元，决算数21.89万元，预决算差异率-15.81%。\n"
        "本局年初预算数2418.55万元，年中调增687.17万元，调整后全年预算数3105.72万元，预算调整率为28.41%。"
    )
    assert r2(pct(Decimal("21.89") - Decimal("26.00"), Decimal("26.00"))) == Decimal("-15.81")
    assert r2(pct(Decimal("687.17"), Decimal("2418.55"))) == Decimal("28.41")
    results = mutants(tmp_path, text, "rate")
    assert {m.lines for _, m in results} == {(1, 1), (2, 2)}
    for lines, m in results:
        stated = figures(lines[m.lines[0] - 1], "percent")[0]
        assert abs(stated - (Decimal("-15.81") if m.lines == (1, 1) else Decimal("28.41"))) > 1


def test_carry_over_changed_so_budget_minus_spending_breaks(tmp_path):
    text = "项目支出全年预算数1399.84万元，实际支出1276.41万元，执行率为91.18%，结转结余资金123.43万元。"
    assert Decimal("1399.84") - Decimal("1276.41") == Decimal("123.43")
    ((lines, m),) = mutants(tmp_path, text, "difference")
    carry = figures(lines[0], "money")[-1] / 10000
    assert abs(carry - Decimal("123.43")) >= Decimal("1.2") and m.cats[0] == "arith.difference"


def test_table_cell_changed_where_the_prose_states_the_figure(tmp_path):
    text = (
        "该项目全年预算数135.00万元，全年执行数128.61万元。\n\n"
        "\t项目资金（万元）\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\n"
        "\t年度资金总额\n\t120.00\n\t135.00\n\t128.61\n\n"
        "\t其中：财政拨款\n\t120.00\n\t135.00\n\t128.61\n"
    )
    results = mutants(tmp_path, text, "table_cell")
    assert {m.lines for _, m in results} == {(10, 10), (11, 11)}  # the 年度资金总额 row only
    for lines, m in results:
        assert lines[0] == text.split("\n")[0]
        changed = Decimal(lines[m.lines[0] - 1].strip())
        assert changed not in (Decimal("135.00"), Decimal("128.61"))


def test_a_cell_whose_value_another_column_repeats_is_left_alone(tmp_path):
    text = (
        "该项目全年预算数150.00万元。\n\n"
        "\t项目资金（万元）\n\t年初预算数\n\t全年预算数\n\n\t年度资金总额\n\t150.00\n\t150.00\n"
    )
    assert mutants(tmp_path, text, "table_cell") == []


def test_count_changed_so_its_breakdown_no_longer_adds_up(tmp_path):
    text = "2024年末实有人数79人，其中：行政人员54人，事业人员17人，工勤人员8人。"
    assert 54 + 17 + 8 == 79
    results = mutants(tmp_path, text, "count")
    assert results
    for lines, m in results:
        stated, *parts = figures(lines[0], "count")
        assert stated != sum(parts) and m.cats[0] == "count"


INDICATOR = (
    "（五）“小微企业培育入库户数”指标完成情况分析\n"
    "小微企业培育入库户数指标，预期指标值“≥150户”，本次评价实际完成值138户，指标完成率92.00%，"
    "偏差原因主要为：部分申报企业材料不齐未能入库，该指标赋分权重20分，最终得分18.4分。\n"
    "企业开办时限指标，预期指标值“≤5个工作日”，本次评价实际完成值4.2个工作日，指标完成率119.05%，"
    "偏差原因主要为：推行一窗通办压缩了办理环节，该指标赋分权重20分，最终得分20分。"
)


def test_completion_rate_changed_for_positive_and_reverse_indicators(tmp_path):
    assert r2(pct(Decimal(138), Decimal(150))) == Decimal("92.00")
    assert r2(pct(Decimal(5), Decimal("4.2"))) == Decimal("119.05")
    results = mutants(tmp_path, INDICATOR, "completion_rate")
    assert {m.lines for _, m in results} == {(2, 2), (3, 3)}
    for lines, m in results:
        rate = [q.value for q in find_quantities(lines[m.lines[0] - 1]) if q.kind == "percent"][0]
        assert abs(rate - (Decimal("92.00") if m.lines == (2, 2) else Decimal("119.05"))) > 1


def test_score_changed(tmp_path):
    assert Decimal(20) * Decimal("0.92") == Decimal("18.4")
    results = mutants(tmp_path, INDICATOR, "score")
    assert results
    for lines, m in results:
        line = lines[m.lines[0] - 1]
        score = Decimal(re.search(r"最终得分([\d.]+)分", line).group(1))
        expected = Decimal("18.4") if m.lines == (2, 2) else Decimal(20)
        assert abs(score - expected) >= Decimal("0.5")


def test_same_figure_changed_in_one_of_two_places(tmp_path):
    text = (
        "一、收入决算情况说明\n本年收入合计3974.07万元，其中：财政拨款收入3921.47万元，其他收入52.60万元。\n"
        "二、财政拨款情况\n本年收入合计3974.07万元，较上年有所增长。"
    )
    (lines, m), *_ = mutants(tmp_path, text, "value_conflict")
    first, second = figures(lines[1], "money")[0], figures(lines[3], "money")[0]
    assert first == Decimal("39740700") and second != first
    assert m.lines == (4, 4) and "value.conflict" in m.cats


def test_equal_values_of_different_items_are_not_one_figure(tmp_path):
    text = (
        "1.节能环保支出（类）能源节约利用（款）能源节约利用（项）：支出决算数为210万元，与上年持平。\n"
        "2.城乡社区支出（类）其他城乡社区支出（款）其他城乡社区支出（项）：支出决算数为210万元，与上年持平。\n"
        "拨付甲公司注册资本金2亿元。\n乙集团注册资本金2亿元。"
    )
    assert mutants(tmp_path, text, "value_conflict") == []


def test_reason_copied_onto_another_indicator(tmp_path):
    results = mutants(tmp_path, INDICATOR, "reason_copy")
    assert results
    for lines, _ in results:
        reasons = [re.search(r"偏差原因主要为：(.+?)，该指标", line).group(1) for line in lines[1:3]]
        assert reasons[0] == reasons[1]
    original = [re.search(r"偏差原因主要为：(.+?)，该指标", line).group(1) for line in INDICATOR.split("\n")[1:3]]
    assert original[0] != original[1]


def test_placeholder_left_in_a_reason(tmp_path):
    results = mutants(tmp_path, INDICATOR, "placeholder")
    assert results
    for lines, m in results:
        assert re.search(r"偏差原因主要为：(……|XX+)，该指标", lines[m.lines[0] - 1])


def test_heading_number_skipped(tmp_path):
    text = "一、基本情况\n正文。\n二、收入情况\n正文。\n三、支出情况\n正文。"
    ((lines, m),) = mutants(tmp_path, text, "heading_skip")
    assert lines[4].startswith("四、") and not any(line.startswith("三、") for line in lines)


def test_enumeration_item_skipped(tmp_path):
    text = "主要原因：一是人员增加；二是新增项目；三是物业续签。下一步：一是压减开支；二是规范采购。"
    ((lines, m),) = mutants(tmp_path, text, "enumeration_skip")  # the two-item list is too short to use
    assert "二是新增项目；四是物业续签" in lines[0] and m.cats == ("structure",)


def _corpus() -> list[Path]:
    return sorted(SYNTHETIC.glob("*.txt"))


def test_every_operator_has_places_in_the_synthetic_corpus():
    sources = [Source.read(p) for p in _corpus()]
    rng = random.Random(0)
    for name, operator in OPERATORS.items():
        assert any(operator(src, rng) for src in sources), name


def test_mutants_are_deterministic_single_defects_with_clear_traps(tmp_path):
    paths = _corpus()
    first = mutate_corpus(paths, seed=5, count=24)
    again = mutate_corpus(paths, seed=5, count=24)
    assert [(m.name, m.data) for m in first] == [(m.name, m.data) for m in again]
    assert {m.mutation.op for m in first} == set(OPERATORS)
    originals = {p: p.read_text(encoding="utf-8").split("\n") for p in paths}
    for m in first:
        before, after = originals[m.source], m.data.decode("utf-8").split("\n")
        changed = [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b]
        lo, hi = m.mutation.lines
        assert changed and all(lo <= n <= hi for n in changed), m.name
        for trap in m.traps:
            a, b = trap.lines
            assert b < lo - 1 or a > hi + 1, m.name


ARITHMETIC = ("growth_rate", "unit", "sum_part", "share", "rate", "completion_rate", "score")


@pytest.mark.parametrize("op", ARITHMETIC)
def test_mutated_relation_no_longer_holds_when_the_copy_is_read_back(tmp_path, op):
    for m in mutate_corpus(_corpus(), seed=11, count=3, operators=(op,)):
        original = Source.read(m.source)
        path = tmp_path / m.name
        path.write_bytes(m.data)
        mutated = Source.read(path)
        lo, hi = m.mutation.lines

        def at_item(src):
            return sum(1 for r in consistent_relations(src.document) if r.lines[0] <= hi and r.lines[1] >= lo)  # noqa: B023 (called in this iteration)

        assert at_item(mutated) < at_item(original), m.name


def test_word_reports_are_mutated_in_their_runs(tmp_path):
    import docx

    from checker.ingest import load_document

    document = docx.Document()
    document.add_paragraph("一、一般公共预算财政拨款支出情况")
    p = document.add_paragraph("支出决算数为812.37万元，比上年决算增加")
    p.add_run("43.8")  # a figure split over two runs, as Word often stores it
    p.add_run("2万元，增长5.70%，主要原因是：在编人员职级晋升。")
    source = tmp_path / "r.docx"
    document.save(source)
    (m,) = mutate_corpus([source], seed=1, count=1, operators=("growth_rate",))
    out = tmp_path / m.name
    out.write_bytes(m.data)
    mutated = load_document(out)
    para = next(b for b in mutated.paragraphs() if "决算数" in b.text)
    assert para.locate().line == m.mutation.lines[0] == 2
    rate = [q.value for q in find_quantities(para.text) if q.kind == "percent"][0]
    assert "43.82万元" in para.text and abs(rate - pct(Decimal("43.82"), Decimal("768.55"))) > 1
    unit = mutate_corpus([source], seed=1, count=1, operators=("unit",))
    out.write_bytes(unit[0].data)
    slipped = next(b.text for b in load_document(out).paragraphs() if "决算数" in b.text)
    assert re.search(r"(812\.37|43\.82)元", slipped)


def test_a_word_edit_across_two_runs_lands_on_the_characters_the_reader_reads(tmp_path):
    import docx

    from checker.evaluation.mutate import Edit, Span
    from checker.ingest import load_document

    document = docx.Document()
    p = document.add_paragraph("比上年增加")
    p.add_run("43.8")
    p.add_run("2万元。")
    source = tmp_path / "r.docx"
    document.save(source)
    start = "比上年增加".__len__()
    data = Source.read(source).apply([Edit(Span(1, start, start + 5), "99.99")])
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    assert next(load_document(out).paragraphs()).text == "比上年增加99.99万元。"


def test_no_trap_is_placed_on_a_defect_the_source_is_known_to_have():
    paths = _corpus()
    free = mutate_corpus(paths, seed=5, count=12)
    assert any(m.traps for m in free)
    everywhere = {p.name: [(1, 10_000)] for p in paths}
    assert not any(m.traps for m in mutate_corpus(paths, seed=5, count=12, known=everywhere))


def test_synthetic_reports_are_consistent_by_an_independent_recomputation():
    from checker.evaluation.mutate import broken_relations

    for path in _corpus():
        document = Source.read(path).document
        assert broken_relations(document) == [], path.name
        assert len(consistent_relations(document)) >= 15, path.name
