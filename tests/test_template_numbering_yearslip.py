"""Template residue (TPL002–TPL005), list numbering across paragraphs (STR005), year slips
(CLM010), definitions of another category (CLM011) and 持平 claims (CLM012): the cases that must
stay silent as much as the ones that must be found."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text
from checker.lexicon import load_yaml


def _codes(text: str, code: str) -> list:
    return [f for f in check_text(text, Config(select=(code,))).findings if f.rule == code]


# -- template residue ----------------------------------------------------------------------


def test_missing_share_number_is_found_and_a_filled_one_is_not():
    assert _codes("印刷费预算 3.20 万元，占公用经费预算%。", "TPL002")
    assert not _codes("印刷费预算 3.20 万元，占公用经费预算 8.50%。", "TPL002")
    # a percent sign after a figure in brackets or a header is no blank
    assert not _codes("执行率（%）为表中第5列。", "TPL002")


@pytest.mark.parametrize(
    "blank,filled",
    [
        ("差旅费支出决算 4.10 万元，比上年减少 万元。", "差旅费支出决算 4.10 万元，比上年减少 0.60 万元。"),
        ("本年收入合计  万元，其中财政拨款收入 96.00 万元。", "本年收入合计 96.00 万元，其中财政拨款收入 96.00 万元。"),
        ("公务接待费支出为 元，较上年增长 %。", "公务接待费支出为 3,200 元，较上年增长 6.67%。"),
    ],
)
def test_missing_amount_is_found_and_a_filled_one_is_not(blank, filled):
    assert _codes(blank, "TPL002")
    assert not _codes(filled, "TPL002")


def test_a_unit_named_is_no_blank_amount():
    assert not _codes("本表金额单位为 万元，保留两位小数。", "TPL002")
    assert not _codes("单位： 万元", "TPL002")


def test_form_notes_are_not_instructions_left_as_answers():
    note = "1.预算执行率=预算执行数/全年预算数，执行率低于90%的需说明原因（100字以内）；2.其他资金包括社会投入。"
    assert not _codes(note, "TPL003")
    assert not _codes("注：结合项目特点，说明指标设置依据。", "TPL003")
    assert _codes("结合年度工作计划，概述项目实施的主要过程（300字以内）", "TPL003")


def test_either_or_only_in_prose_and_or_equal_is_info():
    hard = _codes("会议费比上年增长（下降）3.1%。", "TPL004")
    assert [f.severity for f in hard] == ["warning"]
    soft = _codes("决算数小于预算数（或与预算数持平）的主要原因是压减会议。", "TPL004")
    assert [f.severity for f in soft] == ["info"]
    header_row = "\t科目\n\t比上年增加（减少）\n\n\t办公费\n\t1.20\n\n\n"
    assert not _codes(header_row, "TPL004")


def test_blank_field_needs_nothing_after_it():
    assert _codes("评价结论：\n存在问题：\n资金到位较晚。", "TPL005")
    assert not _codes("评价结论：\n项目自评得分92分。\n存在问题：\n资金到位较晚。", "TPL005")
    # a section heading answered by its own sub-headings is not blank
    assert not _codes("四、存在的问题\n（一）预算编制不够细化\n部分项目年初未细化到具体用途。", "TPL005")


def test_a_lone_ellipsis_row_is_a_spare_row_not_missing_words():
    spare = _codes("指标2：……", "TPL001")
    assert [f.severity for f in spare] == ["info"]
    missing = _codes("公用经费比上年减少1.20万元，主要原因是……。", "TPL001")
    assert [f.severity for f in missing] == ["warning"]


def test_each_sentence_left_unfilled_is_reported_once_whatever_its_line_breaks():
    # two sentences with placeholders, one of them holding two: two findings, in one paragraph or one sentence
    # to a line (a copy of a web page); a sentence's second placeholder is no second finding
    one = "XX年我单位收到项目资金XX万元，已全部拨付。本年完成XX个村的道路硬化。资金使用规范。"
    lines = one.replace("。", "。\n").strip()
    found = [[(f.severity, f.stated) for f in _codes(text, "TPL001")] for text in (one, lines)]
    assert found[0] == found[1] == [("warning", "XX"), ("warning", "XX")]
    assert _codes("XX年我单位收到项目资金XX万元，已全部拨付。", "TPL001")[0].location.start == 0


@pytest.mark.parametrize(
    "line",
    [
        "满意度指标(10分)服务对象满意度群众满意度10≥90%≥92%10……总分100 98",
        "时效指标按期完成率10100%100%10……合计100 95.5",
    ],
)
def test_a_flattened_forms_spare_row_before_its_total_row(line):
    assert [f.severity for f in _codes(line, "TPL001")] == ["info"]
    # the same ellipsis left in a reason is missing words
    assert [f.severity for f in _codes(line.replace("10……", "10，原因是……，"), "TPL001")] == ["warning"]


# -- numbering across paragraphs -------------------------------------------------------------

ITEM = "{n}.{name}支出决算{amount}万元，较上年减少0.10万元，主要原因是压减开支。"


def _list(numbers, names=("办公费", "印刷费", "邮电费", "差旅费", "维修费")):
    return "\n".join(
        ITEM.format(n=n, name=name, amount=f"{i + 1}.50") for i, (n, name) in enumerate(zip(numbers, names))
    )


@pytest.mark.parametrize(
    "numbers,flagged",
    [
        ((1, 2, 4), True),
        ((1, 2, 2), True),
        ((1, 2, 3), False),
        ((1, 3, 2, 4), False),  # two items swapped by the page order, none missing
        ((3, 4, 5), False),  # an excerpt that starts inside a list
        ((1, 2, 1, 2), False),  # a second list
    ],
)
def test_list_paragraph_numbering(numbers, flagged):
    assert bool(_codes(_list(numbers), "STR005")) == flagged


def test_sub_lists_restart_under_each_parent():
    text = "（一）基本支出\n" + _list((1, 2)) + "\n（二）项目支出\n" + _list((1, 2, 3))
    assert not _codes(text, "STR005")
    skipped = "（一）基本支出\n" + _list((1, 2)) + "\n（三）项目支出\n" + _list((1, 2))
    # two headings: STR001 reports the gap, STR005 does not repeat it
    assert _codes(skipped, "STR001") and not _codes(skipped, "STR005")


def test_items_continued_inside_a_paragraph_are_counted():
    text = "1.办公费1.50万元。2.印刷费0.80万元。\n3.邮电费0.40万元，主要用于网络费。"
    assert not _codes(text, "STR005")


def test_table_cells_and_figures_are_not_list_markers():
    assert not _codes("1.71 |\n3.20 |\n\n1.公务接待费0.53万元，较上年减少0.47万元。", "STR005")


# -- year slips --------------------------------------------------------------------------------

FINAL = "2023年度部门决算说明\n2023年本部门收入合计 520.00 万元。\n{line}\n2023年年末结转 12.00 万元。"


@pytest.mark.parametrize(
    "line,flagged",
    [
        ("2022年本部门支出合计 508.00 万元，较上年增加 18.00 万元。", True),
        ("2023年本部门支出合计 508.00 万元，较上年增加 18.00 万元。", False),
        ("本部门支出合计 508.00 万元，比2022年增加 18.00 万元。", False),
        ("2022年本部门支出合计 490.00 万元，2023年为 508.00 万元，较上年增加 18.00 万元。", False),
        ("截至2022年12月31日，本部门固定资产原值 508.00 万元，较上年增加 18.00 万元。", False),
        ("2022年本部门支出合计 490.00 万元。", False),  # no sign that it is meant as the current figure
    ],
)
def test_year_slip(line, flagged):
    assert bool(_codes(FINAL.format(line=line), "CLM010")) == flagged


def test_budget_execution_of_the_prior_year_is_not_a_slip():
    text = (
        "2024年部门预算说明\n2024年收入预算 300.00 万元。\n"
        "2023年预算执行数 280.00 万元，较上年增加 10.00 万元。\n2024年支出预算 300.00 万元。"
    )
    assert not _codes(text, "CLM010")


# -- definitions and flat claims --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("事业收入 40.00 万元，为事业单位开展专业业务活动及其辅助活动取得的收入。", False),
        ("事业收入 40.00 万元，为事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。", True),
        ("项目支出 18.00 万元，是指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。", False),
        ("上级补助收入 8.00 万元，主要是上级下拨的退休人员补贴。", False),  # no standard definition at all
    ],
)
def test_definition_of_other_category(text, flagged):
    assert bool(_codes(text, "CLM011")) == flagged


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("培训费支出1.20万元，与上年持平。", False),
        ("培训费支出1.20万元，较上年增加0.30万元，与上年持平。", True),
        ("培训费支出1.20万元，上年支出1.20万元，无变化。", False),
        ("培训费支出12,000元，上年支出1.20万元，无变化。", False),  # the same amount in two units
        ("培训费与上年持平，差旅费较上年增加0.30万元，主要原因是下乡调研增加。", False),
    ],
)
def test_flat_claim(text, flagged):
    assert bool(_codes(text, "CLM012")) == flagged


_LAST_YEAR_TABLE = (
    "2024年度部门决算说明\n“三公”经费支出决算表（单位：万元）\n"
    "| 项目 | 2024年决算数 | 2023年决算数 |\n| 公务接待费 | 3.20 | 3.50 |\n| 差旅费 | 15.30 | 15.32 |\n"
    "| 会议费 | 4.00 | 4.20 |\n"
)


@pytest.mark.parametrize(
    "claim,flagged",
    [
        ("公务接待费支出3.20万元，与上年持平。", True),
        ("公务接待费支出3.20万元，与上年基本持平。", False),  # 8.6 % apart: within the hedged limit
        ("差旅费支出15.30万元，与上年持平。", False),  # 0.13 % apart: may be meant as 基本持平
        ("会议费支出4.00万元，与上年相比无增减。", True),
        ("会议费支出4.00万元，无增减。", False),  # which base 无增减 compares with is not said
        ("公务接待费执行率为91.43%，与上年持平。", False),  # said of a rate
        ("公务接待费支出3.20万元，接待12批次，与上年持平。", False),  # said of a count
        ("培训费支出3.20万元，与上年持平。", False),  # no row of that name
        ("公务接待费支出3.00万元，与上年持平。", False),  # the row's figure is another amount
        ("公务接待费支出3.20万元，差旅费与上年持平。", False),  # the claim names another subject
        ("公务接待费支出3.20万元，主要用于检查接待，与上年持平。", False),  # the amount is not right before it
        ("公务接待费支出3.20万元与上年持平。", True),
        ("公务接待费支出3.20万元，比上年减少0.30万元，与上年基本持平。", False),  # the stated change decides
    ],
)
def test_flat_claim_against_last_year_column(claim, flagged):
    assert bool(_codes(_LAST_YEAR_TABLE + claim, "CLM012")) == flagged


_CLAIM_WORDS = load_yaml("claims.yaml")["flat"]


@pytest.mark.parametrize(
    "claim",
    [c for c in _CLAIM_WORDS["claims"] if any(w in c for w in _CLAIM_WORDS["last_year_words"])]
    + _CLAIM_WORDS["hedged_claims"],
)
def test_every_last_year_claim_is_held_to_the_table(claim):
    # 会议费 4.00 against 4.20 last year: 4.8 % apart, past 0.5 % and within 10 %
    text = _LAST_YEAR_TABLE + "会议费支出4.00万元，" + claim + "。"
    hedged = claim in _CLAIM_WORDS["hedged_claims"]
    assert bool(_codes(text, "CLM012")) != hedged
    far = text.replace("| 4.00 | 4.20 |", "| 4.00 | 5.20 |")
    assert _codes(far, "CLM012")


def test_flat_claim_not_held_to_a_budget_beside_last_years_outturn():
    table = (
        "2024年度部门预算说明\n“三公”经费预算表（单位：万元）\n"
        "| 项目 | 2024年预算数 | 2023年决算数 |\n| 公务接待费 | 3.20 | 3.50 |\n"
    )
    assert not _codes(table + "公务接待费预算3.20万元，与上年持平。", "CLM012")


# -- the real reports ----------------------------------------------------------------------------

AREA_ITEMS = (
    "03-year-2022",
    "06-shangji-definition",
    "07-numbering",
    "18-goal-instruction",
    "18-conclusion-instructions",
    "26-share-placeholder",
)


def test_real_items_of_this_area_are_found(shared_dir):
    from checker.engine import check_document
    from checker.evaluation.keys import load_key, matches_item
    from checker.ingest import load_document

    key = load_key(shared_dir / "gold" / "real-public.json")
    found = set()
    for doc in key.documents:
        wanted = [i for i in doc.items if i.id in AREA_ITEMS]
        if not wanted:
            continue
        findings = check_document(load_document(shared_dir / "real" / doc.file)).findings
        found |= {i.id for i in wanted for f in findings if f.severity in ("error", "warning") and matches_item(f, i)}
    assert found == set(AREA_ITEMS)


@pytest.mark.parametrize(
    "text",
    [
        "针对存在的问题，提出以下改进措施：",
        "根据自评情况，分析存在问题如下：",
        "结合单位实际，说明了各项制度的执行情况，全年召开专题会议4次，整改问题6项，并已建立台账逐项销号管理。",
    ],
)
def test_an_authors_lead_in_is_not_an_instruction(text):
    assert not _codes(text, "TPL003")


def test_a_line_that_ran_two_items_together_counts_both():
    text = (
        "（六）负责会计管理工作。\n（七）负责国库集中支付工作。（八）负责政府采购监督管理。\n（九）负责政府债务管理。"
    )
    assert not _codes(text, "STR005")


def test_a_note_or_a_table_ends_the_list():
    assert not _codes("1.办公费1.50万元，用于日常办公。\n注：1.本表金额单位为万元。\n2.空白表示无数据。", "STR005")
    table = "\t科目\n\t金额\n\n\t办公费\n\t1.50\n\n\n"
    after_table = _codes(
        "1.办公费1.50万元，用于日常办公。\n" + table + "2.印刷费0.80万元，用于资料印刷。\n2.邮电费0.40万元，用于网络。",
        "STR005",
    )
    # the list after the table is judged on its own: its repeated 2. is found, the 1. before the
    # table is not its start
    assert [f.stated for f in after_table] == ["2."]
