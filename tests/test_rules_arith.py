"""Arithmetic rules on small hand-written sentences: one flagged and one clean case at least."""

import pytest

from checker.config import Config
from checker.engine import check_text, document_from_text
from checker.rules.arith import check_growth, growth_of
from checker.rules.base import Context
from checker.statements import Change


def findings(text: str, *codes: str):
    return [f for f in check_text(text, Config(select=codes)).findings if f.rule in codes]


# -- GRW001 growth-rate-mismatch ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "会议费支出决算数为80.00万元，比上年决算减少20.00万元，下降20.00%。",  # 20 ÷ 100 = 20%
        "印刷费支出决算数为10.50万元，比上年决算增加10.50万元，增长100%。",  # new item
        "设备购置支出决算数为0.00万元，比上年决算减少7.25万元，下降100.00%。",  # fell to zero
        "物业费支出决算数为130.00万元，比上年增加30.00万元，增长30%。",  # integer rate
        "维修费支出为150.00万元，比上年增加0.00万元，增长0.00%。",
        "咨询费支出为25.50万元，较上年减少1.20万元，下降4.5%。",  # 1.2 ÷ 26.7 = 4.49%
    ],
)
def test_growth_consistent(text):
    assert findings(text, "GRW001") == []


def test_growth_mismatch_reports_the_recomputation():
    [f] = findings("水电费支出决算数为56.00万元，比上年决算增加6.00万元，增长15.00%。", "GRW001")
    assert f.severity == "error" and f.category == "arith.growth"
    assert f.expected == "12.00%" and f.stated == "15.00%"
    assert "6.00 ÷ (56.00 − 6.00) = 12.00%" in f.message
    assert f.location.line == 1 and f.excerpt.startswith("水电费")


def test_growth_across_wrapped_lines_is_located_on_both_lines():
    sentence = (
        "公共设施管护费支出决算数为56.00万元，比上年决算增加6.00万元，增长15.00%，主要原因是"
        "本年度新增两处公共设施的日常管护和维修任务。"
    )
    width = 22
    lines = [sentence[i : i + width] for i in range(0, len(sentence), width)] * 8
    found = findings("\n\n".join(lines) + "\n", "GRW001")
    assert found
    assert found[0].location.end_line > found[0].location.line


def test_growth_with_stated_prior_value():
    assert findings("全年营业收入46.20亿元，去年同期42.00亿元，同比增长10.00%。", "GRW001") == []
    [f] = findings("全年营业收入46.20亿元，去年同期42.00亿元，同比增长12.00%。", "GRW001")
    assert f.expected == "10.00%"


def test_new_item_with_other_rate_is_flagged():
    [f] = findings("宣传费支出决算数为8.00万元，比上年决算增加8.00万元，增长50%。", "GRW001")
    assert "100%" in f.message


@pytest.mark.parametrize(
    "padded, wrong",
    [("67.00%", "71.00%"), ("67.00 %", "71.00 %"), ("６７．００％", "７１．００％"), ("67.0%", "71.0%")],
)
def test_padded_integer_rate_is_only_a_warning(padded, wrong):
    sentence = "租赁费支出决算数为100.00万元，比上年决算增加40.00万元，增长{}。"
    [f] = findings(sentence.format(padded), "GRW001")
    assert f.severity == "warning"
    [f] = findings(sentence.format(wrong), "GRW001")
    assert f.severity == "error"  # 71 is not 66.67% rounded to a whole percent


def test_change_stated_as_its_own_sentence_uses_the_amount_before():
    text = "本年支出合计500.00万元。与上年相比，增加100.00万元，增长25.00%。"
    assert findings(text, "GRW001") == []
    wrong = "本年支出合计500.00万元。与上年相比，增加100.00万元，增长35.00%。"
    [f] = findings(wrong, "GRW001")
    assert f.severity == "warning"  # the subject is inferred from the sentence before: never an error
    assert "本年数取自上句" in f.message
    # …unless the stated rate is exactly a known slip on that very amount (500 ÷ 400)
    [f] = findings("本年支出合计500.00万元。与上年相比，增加100.00万元，增长125.00%。", "GRW001")
    assert f.severity == "error" and "本年数与上年数之比" in f.message
    # two amounts before: which one is the subject is not known
    two = "本年收入合计520.00万元，支出合计500.00万元。与上年相比，增加100.00万元，增长35.00%。"
    assert findings(two, "GRW001") == []


# -- GRW002 change-direction-contradiction --------------------------------------------------


def test_direction_words_disagree():
    [f] = findings("邮电费支出为9.00万元，比上年增加1.00万元，下降10.00%。", "GRW002")
    assert f.severity == "error"
    assert findings("邮电费支出为9.00万元，比上年减少1.00万元，下降10.00%。", "GRW002") == []


def test_direction_against_stated_prior():
    assert findings("税收收入8.10亿元，上年同期9.00亿元，同比增长10.00%。", "GRW002")
    assert findings("税收收入8.10亿元，上年同期9.00亿元，同比下降10.00%。", "GRW002") == []


# -- GRW003 increase-exceeds-current --------------------------------------------------------


def test_increase_larger_than_current():
    assert findings("专项支出决算数为3.00万元，比上年决算增加5.00万元。", "GRW003")
    assert findings("专项支出决算数为8.00万元，比上年决算增加5.00万元。", "GRW003") == []


@pytest.mark.parametrize(
    "text",
    [
        "本年支出合计412.30万元，包括基本支出287.70万元、项目支出124.60万元、经营支出0万元，较上年增加9.40万元。",
        "公用经费56.20万元，其中：办公费30.10万元，差旅费26.10万元，其他0.00万元，比上年增加4.30万元。",
        "年末结转和结余68.00万元，主要为基本支出结转12.00万元和项目支出结转56.00万元，较上年增加40.00万元。",
        "本年收入合计95.40万元，其中财政拨款收入93.40万元、其他收入2.00万元，比上年增加8.60万元，增长9.91%。",
    ],
)
def test_increase_after_the_last_part_of_a_list_may_be_the_totals(text):
    """The change closing a list may be the whole list's (its total less the change is a fine
    prior): no contradiction can be claimed from the last part alone."""
    assert findings(text, "GRW003") == []


def test_increase_too_large_for_the_list_total_too():
    """…but not when the total could not have grown by it either."""
    text = "公用经费3.20万元，其中：办公费3.20万元，差旅费0.00万元，比上年增加4.30万元。"
    assert findings(text, "GRW003")


# -- UNT001 amount-unit-slip ----------------------------------------------------------------


def test_unit_slip_in_the_change():
    [f] = findings("基建支出900.00万元，比上年增加300.00元，增长50.00%。", "UNT001")
    assert f.category == "unit" and f.expected == "300.00万元"
    assert findings("基建支出900.00万元，比上年增加300.00元，增长50.00%。", "GRW001") == []


def test_unit_slip_in_the_current_amount():
    text = "收入合计900.00万元。基建支出450.00元，比上年增加150.00万元，增长50.00%。"
    [f] = findings(text, "UNT001")
    assert f.stated == "450.00元"


def test_no_unit_slip_when_units_agree():
    assert findings("基建支出900.00万元，比上年增加300.00万元，增长50.00%。", "UNT001") == []


def test_growth_of_is_the_growth_check_of_each_change_once_per_check():
    """GRW001, GRW003 and UNT001 share one growth check per change (growth_of): the same verdict
    as checking it afresh, in the report's usual unit, kept on the context and not recomputed."""
    text = (
        "基建支出900.00万元，比上年增加300.00元，增长50.00%。"
        "专项支出决算数为3.00万元，比上年决算增加5.00万元。"
        "公用经费56.20万元，比上年增加4.30万元，增长8.28%。"
        "差旅费12.00万元，比上年减少3.00万元，下降20.00%。"
    )
    ctx = Context(document_from_text(text))
    changes = [s for s in ctx.statements if isinstance(s, Change) and s.delta is not None and s.current is not None]
    assert len(changes) >= 3
    for change in changes:
        first = growth_of(ctx, change)
        assert first == check_growth(change, usual_unit=ctx.money_unit)
        assert growth_of(ctx, change) is first
    assert growth_of(Context(ctx.document), changes[0]) is not growth_of(ctx, changes[0])


# -- SUM001 parts-do-not-add-up -------------------------------------------------------------


def test_parts_exceeding_total_are_an_error():
    [f] = findings("资产合计80.00万元，其中：房屋50.00万元，车辆40.00万元。", "SUM001")
    assert f.severity == "error" and f.expected == "90.00"


def test_a_numbered_list_of_parts_ends_at_the_next_item_of_the_outer_list():
    # 2. names a whole, （1）（2） are its parts, 3. is the next sibling of 2., not a third part
    text = (
        "1.出国费预算支出12万元。\n\n2.公务用车购置及运行费预算支出88.50万元。其中：\n\n"
        "（1）公务用车购置预算支出30万元。\n\n（2）公务用车运行维护费预算支出58.50万元。\n\n"
        "3.公务接待费预算支出9.80万元。\n"
    )
    assert findings(text, "SUM001") == []
    [f] = findings(text.replace("58.50万元。", "68.50万元。"), "SUM001")
    assert f.expected == "98.50"


@pytest.mark.parametrize("marker", ["按支出功能分类，", "按功能分类：", "按经济分类，"])
def test_a_breakdown_by_classification_is_a_list_of_parts(marker):
    text = (
        f"本年一般公共预算拨款支出预算1,250.00万元，{marker}教育支出（类）980.00万元，"
        "社会保障和就业支出（类）190.00万元，住房保障支出（类）80.00万元。"
    )
    assert findings(text, "SUM001") == []
    [f] = findings(text.replace("190.00", "290.00"), "SUM001")
    assert f.expected == "1350.00"


@pytest.mark.parametrize(
    "sentence",
    [
        "截至年底本局共有车辆{}辆，其中：一般公务用车4辆，执法执勤用车0辆，特种专业技术用车1辆。",
        "纳入部门预算编制范围的单位共{}个，其中：行政单位1个，差额拨款事业单位4个。",
    ],
)
def test_fleet_and_budget_units_listed_by_category_are_complete(sentence):
    assert findings(sentence.format(5), "SUM001") == []
    [f] = findings(sentence.format(6), "SUM001")  # one short: the categories leave nothing out
    assert f.severity == "warning" and f.expected == "5"


def test_the_whole_of_a_count_list_is_the_count_before_an_amount():
    text = "年末共有车辆{}辆，价值310.50万元，其中：应急保障用车2辆、执法执勤用车3辆、其他用车4辆。"
    assert findings(text.format(9), "SUM001") == []
    [f] = findings(text.format(8), "SUM001")
    assert f.expected == "9" and "8辆" in f.message


def test_head_count_in_many_groups_short_by_less_than_a_group_is_a_warning():
    text = "全局财政供养人员316人，其中：在编人员120人，聘用人员96人，协管员70人，退休人员29人。"
    [f] = findings(text, "SUM001")
    assert f.severity == "warning" and "= 315" in f.message and "若所列即全部构成" in f.message
    # short by more than the smallest group: a group may simply not be listed
    assert findings(text.replace("316人", "346人"), "SUM001") == []
    # three groups are too few to tell a miscount from a partial list
    assert findings("全局职工246人，其中：在编人员120人，聘用人员96人，协管员29人。", "SUM001") == []


def test_partial_list_falling_short_is_not_flagged():
    assert findings("商品和服务支出80.00万元，其中：办公费20.00万元，差旅费15.00万元。", "SUM001") == []


def test_list_with_other_item_is_complete():
    [f] = findings("项目资金300.00万元，其中：上级资金100.00万元，本级资金150.00万元，其他资金0.00万元。", "SUM001")
    assert "100.00 + 150.00 + 0.00" in f.message


def test_sum_that_matches_only_within_rounding_passes():
    text = "收入合计601.00万元，其中：财政拨款收入100.33万元，事业收入200.33万元，其他收入300.33万元。"
    assert findings(text, "SUM001") == []


def test_counts_add_up():
    assert findings("单位共有职工30人，其中：在编人员21人，聘用人员9人。", "SUM001") == []
    assert findings("单位共有职工30人，其中：在编人员21人，聘用人员19人。", "SUM001")


def test_measures_of_one_thing_are_not_parts():
    text = "执行数为500.00万元，其中：专项资金年初预算数为100.00万元，全年预算数为300.00万元，决算数为290.00万元。"
    assert findings(text, "SUM001") == []


def test_list_continued_in_numbered_paragraphs_is_summed_by_role():
    text = (
        "“三公”经费预算为50.00万元，实际支出45.00万元，较上年减少6.00万元。其中：\n"
        "（1）公务接待费预算为20.00万元，实际支出18.00万元，较上年减少2.00万元。\n"
        "（2）公务用车运行维护费预算为30.00万元，实际支出27.00万元，较上年减少3.00万元。\n"
    )
    [f] = findings(text, "SUM001")
    assert f.location.line == 1 and f.expected == "5.00" and len(f.related) == 2


# -- SHR001 share-mismatch ------------------------------------------------------------------


def test_share_of_list_total():
    ok = "本年支出400.00万元，其中：基本支出100.00万元，占25.00%；项目支出300.00万元，占75.00%。"
    assert findings(ok, "SHR001") == []
    bad = ok.replace("占75.00%", "占70.00%")
    [f] = findings(bad, "SHR001")
    assert f.expected == "75.00%" and f.severity == "error"


def test_share_of_a_named_whole_is_a_warning():
    text = "政府采购支出总额200.00万元。授予中小企业合同金额150.00万元，占政府采购支出总额的70.00%。"
    [f] = findings(text, "SHR001")
    assert f.severity == "warning" and f.confidence == "aligned"
    assert findings(text.replace("70.00%", "75.00%"), "SHR001") == []


def test_a_respectively_list_is_a_list_of_parts_with_their_own_names():
    text = "本年支出合计900.00万元，其中基本支出和项目支出分别为340.00、560.00万元，分别占37.78%、62.22%。"
    report = check_text(text, Config(select=("SUM001", "SHR001")))
    assert report.findings == () and report.coverage.checks["pass"] == 3
    # 基本支出 + 项目支出 is the whole 本年支出 (identities.yaml), so a gap is an error
    [f] = findings(text.replace("560.00万元", "540.00万元"), "SUM001")
    assert f.severity == "error" and "340.00 + 540.00" in f.message
    [f] = findings(text.replace("62.22%", "63.22%"), "SHR001")
    assert f.expected == "62.22%" and f.severity == "error"


def test_parallel_shares_are_paired_in_order():
    text = "公用经费200.00万元。办公费和差旅费分别为50.00、30.00万元，分别占公用经费的25.00%、15.00%。"
    report = check_text(text, Config(select=("SHR001",)))
    assert report.findings == () and report.coverage.checks["pass"] == 2
    [f] = findings(text.replace("15.00%", "18.00%"), "SHR001")
    assert f.expected == "15.00%" and "30.00 ÷ 200.00" in f.message
    # lists of different lengths: which share is whose is a guess, so nothing is checked
    uneven = "公用经费200.00万元。办公费和差旅费分别为50.00、30.00万元，分别占公用经费的25.00%。"
    assert check_text(uneven, Config(select=("SHR001",))).coverage.checks["fail"] == 0


# -- RAT001 rate-mismatch -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "年初预算数为400.00万元，调整后全年预算数为500.00万元，执行数为450.00万元，预算执行率为90.00%。",
        "“三公”经费预算为60.00万元，实际支出57.00万元，控制率为95.00%。",
        "年初批复预算数200.00万元，年中调增数50.00万元，调整后全年预算数250.00万元，预算调整率25.00%。",
        "全年预算数为250.00万元，预算调整数为50.00万元，预算调整率为25.00%。",
        "年初预算数80.00万元，决算数60.00万元，预决算差异率-25.00%。",
        # a shortfall is often stated as an unsigned gap
        "年初预算数80.00万元，决算数60.00万元，预决算差异率25.00%。",
    ],
)
def test_rates_consistent(text):
    assert findings(text, "RAT001") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“三公”经费预算为60.00万元，实际支出57.00万元，控制率为97.00%。", "95.00%"),
        ("年初批复预算数200.00万元，年中调增数50.00万元，调整后全年预算数250.00万元，预算调整率20.00%。", "25.00%"),
        ("年初预算数80.00万元，决算数60.00万元，预决算差异率-20.00%。", "-25.00%"),
        ("年初预算数80.00万元，决算数60.00万元，预决算差异率20.00%。", "-25.00%"),
        # over budget: an unsigned rate is the plain (决算 − 预算) ÷ 预算, a negative one is wrong
        ("年初预算数60.00万元，决算数75.00万元，预决算差异率-25.00%。", "25.00%"),
    ],
)
def test_rates_mismatch(text, expected):
    [f] = findings(text, "RAT001")
    assert f.expected == expected and f.category == "arith.ratio"


def test_rate_without_its_amounts_is_not_applicable():
    report = check_text("本年度预算执行率为90.00%。", Config(select=("RAT001",)))
    assert report.findings == () and report.coverage.checks["not_applicable"] == 1


# -- DIF001 difference-mismatch -------------------------------------------------------------


def test_carry_over_in_one_sentence():
    assert findings("项目安排预算资金120.00万元，项目支出100.50万元，结转或结余19.50万元。", "DIF001") == []
    [f] = findings("项目安排预算资金120.00万元，项目支出100.50万元，结转或结余21.50万元。", "DIF001")
    assert f.expected == "19.50"


def test_carry_over_takes_the_spending_after_its_budget():
    # 还本支出 is a step of the sum that gives 预算总收入, not the spending the balance is left by
    text = "加上级补助收入12.80亿元，减还本支出3.60亿元，预算总收入135.10亿元，减去支出118.70亿元，结余{}亿元。"
    assert findings(text.format("16.40"), "DIF001") == []
    [f] = findings(text.format("17.40"), "DIF001")
    assert f.expected == "16.40"


def test_carry_over_left_by_two_steps_is_a_running_total():
    # the balance is what two subtractions leave: SUM005 checks it, one difference would not
    text = "预算总收入58.2亿元，减上解支出2.6亿元，再减支出51.9亿元，结余{}亿元。"
    assert findings(text.format("3.7"), "DIF001") == []
    assert findings(text.format("4.7"), "DIF001") == []
    assert findings(text.format("4.7"), "SUM005")


def test_carry_over_with_budget_from_previous_paragraph_needs_the_rate():
    text = (
        "本年共安排项目支出预算1000.00万元。\n"
        "本年项目资金实际支出900.00万元，项目预算资金执行率90.00%，结转结余资金120.00万元。\n"
    )
    [f] = findings(text, "DIF001")
    assert "执行率" in f.message and f.location.line == 2
    unconfirmed = text.replace("执行率90.00%", "执行率80.00%")
    assert findings(unconfirmed, "DIF001") == []


@pytest.mark.parametrize(
    "text",
    [
        # 一般公共预算支出 is spent and 预算稳定调节基金 a fund: neither is the budget a carry-over is
        # left of; the carry here is one of the uses the spending total adds up
        "全区一般公共预算支出286,450万元，完成调整预算的97.5%，加上上解上级支出12,300万元，结转下年支出4,150万元，"
        "支出合计302,900万元。",
        "一般公共预算支出152.36亿元，上解上级支出20.14亿元，补充预算稳定调节基金3.50亿元，结转下年支出0.80亿元，"
        "支出合计176.80亿元。",
        "政府性基金预算收入8,760万元，上解支出1,050万元，年终结转结余960万元。",
    ],
)
def test_book_accounts_and_funds_are_no_budget(text):
    assert findings(text, "DIF001") == []


def test_a_book_accounts_own_budget_is_still_a_budget():
    text = "一般公共预算支出预算数为500.00万元，一般公共预算支出决算为460.00万元，结转结余{}万元。"
    assert findings(text.format("40.00"), "DIF001") == []
    [f] = findings(text.format("45.00"), "DIF001")
    assert f.expected == "40.00"


def test_adjusted_budget():
    ok = "年初预算数300.00万元，年中调增数40.00万元，调整后全年预算数340.00万元。"
    assert findings(ok, "DIF001") == []
    assert findings(ok.replace("340.00", "350.00"), "DIF001")


# -- SUM002 identity-mismatch ---------------------------------------------------------------


def test_identity_between_nearby_sentences():
    ok = "2024年度收入总计560.00万元。\n\n2024年度支出总计560.00万元。\n"
    assert findings(ok, "SUM002") == []
    [f] = findings(ok.replace("支出总计560.00", "支出总计556.00"), "SUM002")
    assert f.severity == "warning" and "收支总计平衡" in f.message


@pytest.mark.parametrize("word", ["减", "减去", "扣除"])
def test_totals_the_text_subtracts_are_not_held_equal(word):
    """A government's final accounts keep a balance: 收入总计X，减支出总计Y，滚存结余Z."""
    text = (
        "全县一般预算总收入8,120万元，加上年结余410万元，收入总计8,530万元。\n\n"
        "一般公共预算支出8,200万元，上解上级支出140万元，支出总计8,340万元。\n\n"
        f"收入总计8,530万元，{word}支出总计8,340万元，财政滚存结余190万元。\n"
    )
    assert findings(text, "SUM002") == []
    assert findings(text.replace(f"，{word}支出总计8,340万元，财政滚存结余190万元", ""), "SUM002")


def test_identity_by_name_is_not_applied_across_distant_paragraphs():
    filler = "".join(f"第{i}段说明文字。\n\n" for i in range(6))
    text = "2024年度基本支出300.00万元。\n\n" + filler + "人员经费200.00万元。\n\n公用经费90.00万元。\n"
    assert findings(text, "SUM002") == []


# -- CNF001 value-conflict ------------------------------------------------------------------


def test_value_conflict_between_sections():
    text = (
        "本单位部门整体支出为900.00万元，主要用于日常运转。\n\n本单位全年部门整体支出850.00万元，预算执行率为94.44%。\n"
    )
    [f] = findings(text, "CNF001")
    assert f.location.line == 3 and f.related[0].line == 1 and f.category == "value.conflict"


@pytest.mark.parametrize(
    "base",
    [
        "与2023年度部门决算“三公”经费合计{v}万元相比",
        "较2023年度决算公开的“三公”经费合计{v}万元",
        "比2023年（部门决算）“三公”经费合计{v}万元",
    ],
)
def test_last_years_amount_under_the_same_label_is_no_conflict(base):
    """The year named right before a quoted or bracketed label keys the amount, not this year's."""
    text = "2024年部门决算“三公”经费合计46.20万元。" + base + "，增加12.10万元。"
    assert findings(text.format(v="34.10"), "CNF001") == []
    # …but this year's amount stated twice with two values still is one
    again = text.format(v="34.10") + "\n\n2024年部门决算“三公”经费合计42.60万元，均为财政拨款。"
    assert [f.stated for f in findings(again, "CNF001")] == ["42.60万元"]
    # a comparison closed before this year's amount names last year, not the amount
    after = text.format(v="34.10") + "\n\n与2023年相比，2024年部门决算“三公”经费合计42.60万元，增加1.10万元。"
    assert [f.stated for f in findings(after, "CNF001")] == ["42.60万元"]


def test_two_sections_listing_the_same_names_under_two_measures_are_no_conflict():
    """（一）per-pupil funding by school level, （二）per-pupil running costs by the same levels: three
    or more names taking other values are two measures; one name alone taking another is a slip."""
    levels = [
        ("幼儿园", "4,120.50", "3,980.20"),
        ("普通小学", "11,860.30", "11,240.70"),
        ("普通初中", "13,905.10", "13,102.40"),
        ("普通高中", "12,400.00", "12,400.00"),
    ]

    def section(title: str, column: int) -> str:
        items = "\n".join(f"{k}.{name}为{row[column]}元，比上年增长2.00%。" for k, (name, *row) in enumerate(levels, 1))
        return f"{title}\n{items}\n"

    text = section("（一）各级教育生均经费情况", 0) + section("（二）各级教育生均事业费支出情况", 1)
    assert findings(text, "CNF001") == []
    one = section("（一）各级教育生均经费情况", 0) + section("（二）各级教育生均经费情况（续）", 0).replace(
        "11,860.30", "11,680.30"
    )
    assert [f.stated for f in findings(one, "CNF001")] == ["11,680.30元"]


def test_one_label_at_two_government_levels_is_no_conflict():
    """全市 and 市本级 (or 全区 and 自治区本级) state two amounts under one name."""
    text = (
        "1.一般公共预算。全市收入总量430.20亿元，为预算的101.30%。支出总量412.60亿元，为预算的98.20%。\n\n"
        "市本级收入总量398.70亿元，为预算的100.40%。支出总量385.10亿元，为预算的97.40%。\n"
    )
    assert findings(text, "CNF001") == []
    again = text + "\n全市财政运行平稳。支出总量421.60亿元，比上年增长3.10%。\n"
    assert [f.stated for f in findings(again, "CNF001")] == ["421.60亿元"]


@pytest.mark.parametrize(
    "leads",
    [
        ("1.镇人大批准的年初预算草案。", "2.镇人大主席团批准的预算调整方案。", "3.决算情况。"),
        ("（1）年初预算情况", "（2）调整预算情况", "（3）预算执行情况"),
    ],
)
def test_one_label_under_three_budget_stages_is_no_conflict(leads):
    """A lead line names the stage of the paragraphs after it: the 收入总计 of the year-start
    budget, of the adjusted budget and of the outturn are three amounts."""
    initial, adjusted, final = leads
    text = (
        f"{initial}\n\n收入总计6,210万元。其中：本级收入980万元，上级补助收入5,230万元。\n\n"
        f"{adjusted}\n\n收入总计调整为7,460万元。\n\n"
        f"{final}\n\n收入总计8,015万元，完成调整预算的107.4%。\n"
    )
    assert findings(text, "CNF001") == []
    # under one stage the two amounts are one and must agree
    again = text + "\n收入总计7,915万元，同比增长12.6%。\n"
    assert [f.stated for f in findings(again, "CNF001")] == ["7,915万元"]


def test_amounts_of_unnamed_levels_beside_a_named_one_are_not_compared():
    """全省… then 在41个县… and 在59个区…: three values of one label, the last two of levels the
    text names in its own words."""
    text = (
        "全省（含41个县、59个区）一般公共预算收入完成503.70亿元，同比增长20.60%。\n\n"
        "在41个县收支完成情况上，一般公共预算收入完成151.00亿元，同比增长16.20%。\n\n"
        "在59个区收支完成情况上，一般公共预算收入完成352.70亿元，同比增长22.50%。\n"
    )
    assert findings(text, "CNF001") == []


def test_generic_measure_labels_are_not_compared():
    text = (
        "一般公共预算：年初预算数100.00万元，决算数90.00万元。\n\n"
        "政府性基金预算：年初预算数0.00万元，决算数0.00万元。\n"
    )
    assert findings(text, "CNF001") == []


def test_unit_slip_that_arithmetic_cannot_decide_is_a_warning():
    text = "办公费支出决算数为90.00万元。其他补助支出决算数为0.00万元，比上年决算减少42.60元，下降100.00%。"
    [f] = findings(text, "UNT001")
    assert f.severity == "warning" and f.stated == "42.60元"


# -- UNT002 part-unit-slip ------------------------------------------------------------------


def test_part_in_wrong_unit():
    text = "公用经费50.00万元，其中：办公费20.00万元，差旅费30.00元。"
    [f] = findings(text, "UNT002")
    assert f.expected == "30.00万元"
    assert findings(text, "SUM001") == []
    assert findings(text.replace("30.00元", "30.00万元"), "UNT002") == []


# -- SHR002 breakdown-shares-inconsistent ---------------------------------------------------


def test_breakdown_shares_fit_one_whole():
    text = (
        "1.教育支出（类）150.00万元，占15.00%。\n2.农林水支出（类）600.00万元，占60.00%。\n"
        "3.住房保障支出（类）250.00万元，占25.00%。\n"
    )
    assert findings(text, "SHR002") == []
    [f] = findings(text.replace("占60.00%", "占54.00%"), "SHR002")
    assert f.expected == "60.00%" and f.location.line == 2


def test_breakdown_shares_over_100_percent():
    text = "1.教育支出（类）150.00万元，占55.00%。\n2.农林水支出（类）600.00万元，占60.00%。\n"
    [f] = findings(text, "SHR002")
    assert "超过100%" in f.message


def test_shares_of_one_named_whole_that_imply_different_wholes():
    text = (
        "1.基本支出预算820000.00元，占一般公共预算支出的82.00%。\n"
        "其中：工资福利支出600000.00元，占基本支出预算的73.17%。\n"
        "2.项目支出180000.00元，占一般公共预算支出的21.00%。\n"
    )
    [f] = findings(text, "SHR002")  # 820000 ÷ 82% = 1000000, 180000 ÷ 21% ≈ 857143
    assert f.location.line == 3 and "103.00%" in f.message and f.severity == "warning"
    assert findings(text.replace("21.00%", "18.00%"), "SHR002") == []


def test_shares_of_a_whole_that_differs_for_each_part_are_not_held_to_one():
    """占同类产品采购额的P%: each product its own class, so the implied wholes may differ."""
    text = (
        "台式计算机采购额612.10万元，占同类产品采购额的86.90%；"
        "复印机采购额899.80万元，占同类产品采购额的85.20%；打印机采购额101.40万元，占同类产品采购额的64.30%。\n"
    )
    assert findings(text, "SHR002") == [] and findings(text, "SHR001") == []


def test_rates_against_each_items_own_budget_are_no_shares_of_one_whole():
    """占调整预算105.47%: each item over its own adjusted budget, a completion rate."""
    text = (
        "税收收入完成28,583万元，占调整预算的105.47%；非税收入完成13,866万元，占调整预算的100.93%；"
        "上级补助收入11,136万元，占调整预算的90.75%。\n"
    )
    assert findings(text, "SHR002") == []


def test_two_breakdowns_of_one_named_whole_may_pass_100_percent():
    """By kind, then by function: each list is a whole breakdown, and a share truncated in its
    last digit (3.46% for 3.4674%) makes the implied wholes differ without any figure being wrong."""
    text = (
        "基本支出预算3,470,300.00元，占支出总预算的96.53%；项目支出预算124,650.00元，占支出总预算的3.46%。\n"
        "其中：（一）教育支出2,850,600.00元，占支出总预算的79.29%；（二）社会保障和就业支出520,100.00元，"
        "占支出总预算的14.47%；（三）住房保障支出224,250.00元，占支出总预算的6.24%。\n"
    )
    report = check_text(text, Config(select=("SHR002",)))
    assert report.findings == () and report.coverage.checks["pass"] == 1
    # no run of the shares is a whole breakdown: more than 100% with disagreeing wholes is one
    [f] = findings(text.replace("3.46%", "4.46%").replace("14.47%", "15.47%"), "SHR002")
    assert f.severity == "warning" and "超过100%" in f.message


def test_nested_shares_of_one_named_whole_may_pass_100_percent():
    text = "基本支出120.00万元，占本年支出的60.00%；其中人员经费100.00万元，占本年支出的50.00%。\n"
    report = check_text(text, Config(select=("SHR002",)))
    assert report.findings == () and report.coverage.checks["pass"] == 1


def test_flat_with_a_change():
    [f] = findings("培训费支出决算数为12.00万元，比上年增加2.00万元，与上年持平。", "GRW002")
    assert f.stated == "持平" and f.severity == "error"
    # roughly flat: a change of a fifth is too much for 基本持平 (a judgement: warning), 2% is not
    [f] = findings("培训费支出决算数为12.00万元，比上年增加2.00万元，与上年基本持平。", "GRW002")
    assert f.stated == "基本持平" and f.severity == "warning" and "20.00%" in f.message
    assert findings("培训费支出决算数为2.94万元，比上年减少0.06万元，基本持平。", "GRW002") == []
    assert findings("培训费支出决算数为12.00万元，比上年增加0.00万元，与上年持平。", "GRW002") == []


def test_percentage_points_are_not_a_growth_rate():
    text = "执行率为95.00%，比上年增加2.00万元，提高2.50个百分点。"
    assert findings(text, "GRW001", "GRW002") == []


@pytest.mark.parametrize(
    "text",
    [
        "本年支出500.00万元，其中：基本支出200.00万元（其中人员经费150.00万元），项目支出300.00万元。",
        "本年支出500.00万元，其中：基本支出200.00万元，其中人员经费150.00万元、公用经费50.00万元；项目支出300.00万元。",
        "政府采购预算600.00万元，其中：货物400.00万元，服务200.00万元；实际采购580.00万元，其中货物390.00万元，服务190.00万元。",
        "年初预算100.00万元，其中：财政拨款80.00万元，其他资金20.00万元，全年执行95.00万元，执行率95.00%。",
    ],
)
def test_nested_and_following_figures_are_not_parts(text):
    assert findings(text, "SUM001") == []


def test_nested_list_is_checked_on_its_own():
    text = (
        "本年支出500.00万元，其中：基本支出200.00万元，其中人员经费150.00万元、公用经费60.00万元；项目支出300.00万元。"
    )
    [f] = findings(text, "SUM001")
    assert f.expected == "210.00"


def test_change_naming_the_amount_of_the_previous_sentence_is_checked():
    text = "本单位本年度收入支出总计0万元。与上年相比，收入支出总计减少40.00万元，下降2.50%。"
    [f] = findings(text, "GRW001")
    assert f.expected == "100.00%"
    other = "本单位本年度收入支出总计1560.00万元。与上年相比，收入支出总计减少40.00万元，下降2.50%。"
    assert findings(other, "GRW001") == []


@pytest.mark.parametrize(
    "text",
    [
        "办公费和差旅费分别为64.00万元、22.00万元，分别比上年增加4.00万元、2.00万元，分别增长6.67%、10.00%。",
        "办公费和差旅费分别为64.00、22.00万元，比上年分别增加4.00、2.00万元，分别增长6.67%和10.00%。",
        "本年收、支总计各是640.00,220.00万元。与上年相比，收、支总计各增加40.00,20.00万元，各增长6.67%、10.00%。",
    ],
)
def test_parallel_lists_pair_each_change_with_its_own_amount(text):
    report = check_text(text, Config(select=("GRW001",)))
    assert report.findings == () and report.coverage.checks["pass"] == 2
    [f] = findings(text.replace("10.00%", "11.00%"), "GRW001")
    assert f.expected == "10.00%" and "÷ (22" in f.message


def test_a_figure_after_a_change_without_respectively_is_not_a_parallel_list():
    text = "会议费支出决算数为50.00万元，比上年增加10.00万元，20.00万元用于培训。"
    ctx = Context(document_from_text(text, "<text>"), Config())
    [change] = [s for s in ctx.statements if isinstance(s, Change)]
    assert change.current.quantity.text == "50.00万元" and change.delta.quantity.text == "10.00万元"


def test_rate_that_fits_an_unlabelled_amount_is_not_an_error():
    text = "项目预算100.00万元，其中财政资金80.00万元，执行80.00万元，执行率100.00%。"
    assert findings(text, "RAT001") == []


def test_growth_that_fits_another_amount_of_the_sentence_is_uncertain():
    text = "全年决算90.00万元，年初预算100.00万元，比上年增加10.00万元，增长12.50%。"
    report = check_text(text, Config(select=("GRW001",)))
    assert report.findings == () and report.coverage.checks["uncertain"] == 1


def test_share_of_year_start_budget():
    ok = "年初预算为300.00万元，支出决算为294.00万元，完成年初预算的98.00%。"
    assert findings(ok, "RAT001") == []
    [f] = findings(ok.replace("98.00%", "96.00%"), "RAT001")
    assert f.expected == "98.00%"


def test_growth_rate_is_not_reported_when_only_the_direction_word_is_wrong():
    from checker.engine import check_text

    report = check_text("2024年度公务接待费12.60万元，比上年增加1.40万元，下降10.00%，主要原因是压减接待批次。")
    codes = sorted(f.rule for f in report.findings)
    assert codes == ["GRW002"]
