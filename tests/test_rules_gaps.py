"""Relations the mutation harness showed were not checked: head counts that stop adding up,
completion rates against an "=N份" target, 三公 table cells the prose restates, and a labelled
amount stated twice with different values."""

import pytest

from checker.config import Config
from checker.engine import check_text


def findings(text: str, *codes: str):
    return [f for f in check_text(text, Config(select=codes)).findings if f.rule in codes]


# -- SUM001 on head counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "本中心2024年末实有人数41人，其中：在职人员30人，离休人员0人，退休人员11人。",
        "年末实有人员17人，其中：在职人员15人，退休人员2人。",
        "核定编制12名，其中：行政编制9名，事业编制3名。",
        "年末实有人数38人，其中：行政人员24人，事业人员12人，工勤人员2人。",
        # a list of traits, not a breakdown: it may fall short without anything being wrong
        "在职职工40人，其中：女性18人，中共党员15人。",
    ],
)
def test_head_counts_that_add_up_or_need_not(text):
    assert findings(text, "SUM001") == []


def test_staff_list_that_overshoots_is_an_error():
    # the 增加 figures are changes of each group, not further parts
    [f] = findings(
        "本局年末实有人数35人，其中：在职人员25人，增加2人；离休人员1人，增加0人；退休人员10人，减少1人。", "SUM001"
    )
    assert f.severity == "error" and f.category == "arith.sum"
    assert f.stated == "35人" and f.expected == "36"


def test_staff_list_one_short_is_reported_even_though_counts_are_not_rounded():
    [f] = findings("本中心2024年末实有人数42人，其中：在职人员30人，离休人员0人，退休人员11人。", "SUM001")
    assert f.severity == "warning"  # a complete staff list may still leave out 遗属
    assert "30 + 0 + 11 = 41" in f.message


def test_posts_short_of_their_total():
    [f] = findings("核定编制14名，其中：行政编制9名，事业编制3名。", "SUM001")
    assert f.expected == "12" and f.severity == "warning"


@pytest.mark.parametrize("stated, severity", [("39人", "warning"), ("37人", "error")])
def test_staff_by_post_type(stated, severity):
    [f] = findings(f"年末实有人数{stated}，其中：行政人员24人，事业人员12人，工勤人员2人。", "SUM001")
    assert (f.stated, f.expected, f.severity) == (stated, "38", severity)


def test_overlapping_traits_that_overshoot_are_only_a_warning():
    [f] = findings("在职职工40人，其中：女性26人，中共党员19人。", "SUM001")
    assert f.severity == "warning"


def test_a_short_list_of_other_parts_is_not_complete():
    # 在职/退休 complete 实有人数, not a total of vehicles or of 党员
    assert findings("单位共有党员20人，其中：在职党员12人，退休党员6人。", "SUM001") == []


# -- SCO001 against an "=N份" target ----------------------------------------------------------


def _indicator(target: str, actual: str, rate: str) -> str:
    return (
        f"调研报告数量指标，预期指标值“{target}”，实际完成值{actual}，指标完成率{rate}，"
        "该指标赋分权重10分，最终得分10分。"
    )


@pytest.mark.parametrize(
    "target, actual, rate",
    [
        ("=2份", "2份", "100%"),
        ("=2份", "=2份", "100%"),  # the actual written with the comparator, as tables do
        ("≥3家", "4家", "133.33%"),
        ("≥3万人次", "3万人次", "105%"),  # 3万人次 is rounded to 万: anything from 2.5万 to 3.5万
    ],
)
def test_completion_rate_of_counted_targets_holds(target, actual, rate):
    assert findings(_indicator(target, actual, rate), "SCO001") == []


@pytest.mark.parametrize(
    "target, actual, rate, expected",
    [
        ("=2份", "2份", "130%", "100.00%"),
        ("=2份", "=2份", "60%", "100.00%"),
        ("≥3家", "4家", "125%", "133.33%"),
    ],
)
def test_completion_rate_of_counted_targets_is_exact(target, actual, rate, expected):
    # a count of documents is not a rounded figure: 2份 cannot stand for 2.6份
    [f] = findings(_indicator(target, actual, rate), "SCO001")
    assert f.severity == "error" and f.expected == expected and f.stated == rate


# -- ALN001 on the 三公 table ------------------------------------------------------------------

SANGONG = """\
某县文化馆2024年度部门决算说明
表5 2024年度财政拨款“三公”经费支出决算表（单位：万元）
| 项目 | 全年预算数 | 决算数 |
| 合计 | {budget} | {total} |
| 因公出国（境）费 | 0.00 | 0.00 |
| 公务用车购置及运行维护费 | 9.00 | 7.40 |
| 其中：公务用车购置费 | 0.00 | 0.00 |
| 公务用车运行维护费 | 9.00 | 7.40 |
| 公务接待费 | 3.00 | 2.15 |
2024年度财政拨款“三公”经费支出9.55万元，比上年减少0.62万元，下降6.10%，主要是压减了公务接待。
与全年预算相比，财政拨款“三公”经费支出全年预算数12.00万元，决算数9.55万元，预决算差异率-20.42%。
"""


def aln(budget: str, total: str):
    from checker.tables.notation import grid_text

    text = grid_text(SANGONG.format(budget=budget, total=total))
    return [f for f in check_text(text, Config(select=("ALN001",))).findings if f.rule == "ALN001"]


def test_sangong_total_restated_correctly():
    assert aln("12.00", "9.55") == []


def test_sangong_total_cell_that_the_prose_contradicts():
    # the 合计 row of the 三公 table is the 财政拨款“三公”经费支出 the prose states
    [f] = aln("12.00", "5.95")
    # a plain figure of a 决算 report is read as the 决算数, not the 全年预算数 beside it: a
    # reading, hence a warning
    assert (f.stated, f.severity, f.excerpt[:8]) == ("9.55万元", "warning", "2024年度财政")
    assert "5.95万元" in f.message and f.related[0].line < f.location.line


def test_sangong_budget_cell_that_the_prose_contradicts():
    [f] = aln("13.00", "9.55")
    assert f.stated == "12.00万元" and f.severity == "error"  # 全年预算数 named in the sentence
    assert "13.00万元" in f.message


def test_figure_that_adds_up_its_parts_but_not_its_own_cell():
    from checker.tables.notation import grid_text

    text = grid_text("""\
某县文化馆2024年度部门决算说明
表5 2024年度公务用车经费决算表（单位：万元）
| 项目 | 决算数 |
| 公务用车购置及运行维护费 | 13.00 |
| 公务用车购置费 | 3.00 |
| 公务用车运行维护费 | 9.00 |
本年度公务用车购置及运行维护费决算数12.00万元，主要用于执法用车的燃料和维修。
""")
    [f] = [f for f in check_text(text, Config(select=("ALN001",))).findings]
    # 3.00 + 9.00 reproduces the prose figure: the parts or the 13.00 cell are wrong
    assert f.stated == "12.00万元" and f.severity == "warning" and "13.00万元" in f.message


# -- CNF001 on a specific label further on in a sentence ---------------------------------------


def _reasons(first: str, second: str) -> str:
    return (
        f"支出高于年初预算，原因有二：一是本年度按协议支付城区供热管网改造项目尾款 {first} 万元；"
        "二是新增防汛物资储备。\n\n"
        "决算数为全年预算的101.20%，主要是：一是新增防汛物资储备；"
        f"二是本年度按协议支付城区供热管网改造项目尾款 {second} 万元。\n"
    )


def test_specific_amount_restated_alike():
    assert findings(_reasons("832.40", "832.40"), "CNF001") == []


def test_specific_amount_restated_with_another_value():
    [f] = findings(_reasons("832.40", "823.40"), "CNF001")
    assert f.stated == "823.40 万元" and f.related[0].line == 1 and f.location.line == 3


def test_short_labels_inside_a_sentence_are_not_compared():
    # 基本支出 of the whole department and of one fund: same words, different things
    text = (
        "本年支出合计900.00万元，其中：基本支出300.00万元，项目支出600.00万元。\n\n"
        "一般公共预算财政拨款支出700.00万元，基本支出250.00万元，项目支出450.00万元。\n"
    )
    assert findings(text, "CNF001") == []


def _books(first_book: str, second_book: str, second: str, headed: bool) -> str:
    def part(n: str, book: str, total: str, transfer: str) -> str:
        head = f"（{n}）{book}\n" if headed else ""
        lead = "" if headed else f"{book}"
        return (
            f"{head}{lead}收入{total}亿元，增长2.1%。加上级转移支付等收入{transfer}亿元，"
            "上年结余3.2亿元，预算总收入合计已列入附表。\n"
        )

    return "2025年预算执行情况\n" + part("1", first_book, "88.6", "21.4") + part("2", second_book, "15.3", second)


@pytest.mark.parametrize("headed", [True, False])
def test_one_label_in_two_budget_books_is_two_amounts(headed):
    assert findings(_books("一般公共预算", "政府性基金预算", "4.7", headed), "CNF001") == []


@pytest.mark.parametrize("headed", [True, False])
def test_one_label_in_one_budget_book_must_agree(headed):
    found = findings(_books("一般公共预算", "一般公共预算", "4.7", headed), "CNF001")
    assert "4.7亿元" in [f.stated for f in found]


# -- TBL001 on a total row whose parts have sub-items -----------------------------------------


def tbl(total: str, sub: str = "7.40"):
    from checker.tables.notation import grid_text

    text = grid_text(
        SANGONG.format(budget="12.00", total=total).replace(
            "| 公务用车运行维护费 | 9.00 | 7.40 |", f"| 公务用车运行维护费 | 9.00 | {sub} |"
        )
    )
    return [f for f in check_text(text, Config(select=("TBL001",))).findings if f.rule == "TBL001"]


def test_total_row_over_parts_with_sub_items_holds():
    assert tbl("9.55") == []


def test_total_row_over_parts_with_sub_items_is_checked():
    # 其中：购置费 + 运行维护费 make up 公务用车购置及运行维护费 and are not counted again
    [f] = tbl("9.65")
    assert f.expected == "9.55" and f.stated == "9.65"


def test_sub_items_that_do_not_make_up_their_part_are_read_by_name():
    # the names show where the sub-items end (购置费 and 运行维护费 make up 公务用车购置及运行维护费):
    # the part is not its 其中 rows, an error; the total is checked against its direct parts
    found = {(f.stated, f.severity) for f in tbl("9.65", sub="7.30")}
    assert found == {("7.40", "error"), ("9.65", "warning")}
    assert {(f.stated, f.severity) for f in tbl("9.55", sub="7.30")} == {("7.40", "error")}


# -- CNF001: the report's own year, named or not ---------------------------------------------

_OWN_YEAR = "2024年度部门决算说明\n{first}\n{second}\n"


@pytest.mark.parametrize(
    "first",
    [
        "2024年部门整体支出决算数1,286.40万元，比2023年增加86.40万元。",
        "2024年度部门整体支出决算数1,286.40万元。",
        "本部门2024年部门整体支出决算数1,286.40万元，执行率98%。",
    ],
)
def test_the_reports_year_named_or_not_is_one_amount(first):
    second = "部门整体支出决算数1,268.40万元，主要用于保障机构运转。"
    [f] = findings(_OWN_YEAR.format(first=first, second=second), "CNF001")
    assert "1,286.40" in f.message and "1,268.40" in f.message


@pytest.mark.parametrize(
    "first",
    [
        # another year, or part of the report's year, is another amount
        "2023年部门整体支出决算数1,286.40万元。",
        "2024年1-6月部门整体支出决算数1,286.40万元。",
        "2024年上半年部门整体支出决算数1,286.40万元。",
    ],
)
def test_another_period_is_another_amount(first):
    second = "部门整体支出决算数1,268.40万元，主要用于保障机构运转。"
    assert findings(_OWN_YEAR.format(first=first, second=second), "CNF001") == []


# -- SUM001: a list short by a hair -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # short by more than a thousandth: a part may simply be left unnamed
        "全年总支出为412,365万元，其中：一般公共预算支出380,120万元，上解支出1,245万元，债务还本支出20,000万元。",
        # two parts only: too few to tell a slip from an omission
        "全年总支出为412,375万元，其中：一般公共预算支出380,120万元，上解支出32,235万元。",
    ],
)
def test_a_list_short_by_more_than_a_slip_is_left_alone(text):
    assert findings(text, "SUM001") == []


# -- CNF001: a list's parts in the paragraph after 其中： ---------------------------------------

_TWO_WHOLES = (
    "2024年度部门决算说明\n"
    "本年支出合计500.00万元，比上年增加20.00万元{opener}\n"
    "基本支出300.00万元，主要用于人员工资。项目支出200.00万元。\n"
    "财政拨款支出合计480.00万元{opener}\n"
    "基本支出290.00万元，项目支出190.00万元。\n"
)


@pytest.mark.parametrize("opener", ["，其中：", "，其中:", "，具体如下："])
def test_parts_after_a_paragraph_ending_in_an_opener_are_no_values_of_their_own(opener):
    """A hard-wrapped page (or a PDF line break) that ends a paragraph at 其中： puts the parts in the
    next one: 基本支出300 there and 基本支出290 under another whole are two different amounts."""
    assert findings(_TWO_WHOLES.format(opener=opener), "CNF001") == []


def test_the_same_name_stated_as_a_subject_still_conflicts():
    assert findings(_TWO_WHOLES.format(opener="。"), "CNF001")
