"""Totals and parts across sentences and paragraphs: what is one list, what is a nested list or
the next item of an outer list, and when a share is only balanced to 100%. Sentences are our own."""

from __future__ import annotations

import pytest

from checker.engine import check_text


def _findings(text: str, rule: str, severity: str | None = None) -> list:
    return [f for f in check_text(text).findings if f.rule == rule and (severity is None or f.severity == severity)]


def test_parts_of_a_numbered_part_are_not_summed_with_the_next_sibling():
    text = (
        "2.公务用车购置及运行费预算支出215.60万元。其中：\n"
        "（1）公务用车购置预算支出0万元，当年未安排购置计划。\n"
        "（2）公务用车运行维护费预算支出215.60万元，与上年持平。\n"
        "3.公务接待费预算支出96.30万元，比上年减少4.00万元。"
    )
    assert not _findings(text, "SUM001")


def test_a_numbered_part_split_in_its_turn_counts_once():
    text = (
        "“三公”经费预算支出310.00万元，其中：\n"
        "1.因公出国（境）费预算支出0万元。\n"
        "2.公务用车购置及运行费预算支出215.60万元。其中：\n"
        "（1）公务用车购置预算支出0万元。\n"
        "（2）公务用车运行维护费预算支出215.60万元。\n"
        "3.公务接待费预算支出{}万元。"
    )
    assert not _findings(text.format("94.40"), "SUM001")
    flagged = _findings(text.format("84.40"), "SUM001", "error")
    assert flagged and "0 + 215.60 + 84.40 = 300.00" in flagged[0].message


def test_a_sentence_of_reasons_is_not_the_whole_of_the_list_after_it():
    text = (
        "部门收入、支出预算总计8,406.20万元，比上年增加512.00万元。主要原因是基本支出增加312.00万元、项目支出增加200.00万元。其中：\n"
        "（一）收入预算总计8,406.20万元。\n"
        "（二）支出预算总计8,406.20万元。"
    )
    assert not _findings(text, "SUM001")


def test_details_announced_after_several_amounts_are_not_parts_of_the_first():
    text = (
        "“三公”经费预算支出中，因公出国（境）费支出60万元，占20.00%；公务用车购置及运行费支出150万元，占50.00%；"
        "公务接待费支出90万元，占30.00%。具体情况如下：\n"
        "1.因公出国（境）费预算支出60万元。\n"
        "2.公务用车购置及运行费预算支出150万元。\n"
        "3.公务接待费预算支出90万元。"
    )
    assert not _findings(text, "SUM001")


def test_a_share_nudged_to_make_the_list_total_100_is_only_uncertain():
    text = "本年收入预算合计21,955.35万元，其中：一般公共预算收入21,940.96万元，占{}%；其他资金14.39万元，占{}%。"
    assert not _findings(text.format("99.94", "0.06"), "SHR001")  # 99.934 nudged by one unit
    assert _findings(text.format("99.90", "0.10"), "SHR001", "error")  # three units off is not balancing


def test_two_shares_swapped_are_named_as_such():
    text = (
        "2024年“三公”经费财政拨款支出决算为2.40万元。\n"
        "2024年“三公”经费财政拨款支出决算中，公务接待费0.60万元，占75%；公务用车购置及运行维护费1.80万元，占25%。"
    )
    messages = [f.message for f in _findings(text, "SHR001", "error")]
    assert len(messages) == 2 and all("疑两项占比互换" in m for m in messages)


def test_receipts_and_spending_totals_named_together():
    assert _findings("2024年度收入、支出总计分别为1,206.30万元、1,260.30万元。", "SUM003", "error")
    assert not _findings("2024年度收支总计均为1,206.30、1,206.30万元。", "SUM003")
    # changes of the two totals may differ: the prior year's totals are not stated equal
    assert not _findings("与上年相比，收、支总计各减少36.20、41.70万元。", "SUM003")


def test_points_numbered_across_paragraphs():
    text = "本年度存在的问题有三个方面：\n一是预算编制偏粗。\n二是项目进度偏慢。"
    flagged = _findings(text, "CNT002")
    assert flagged and "列出2个" in flagged[0].message
    assert not _findings(text + "\n三是资料归档不及时。", "CNT002")


def test_parts_explained_by_kinds_of_spending_still_continue_the_list():
    text = (
        "2024年一般公共预算基本支出{}元，其中：人员经费652300.10元，主要包括：基本工资、津贴补贴、绩效工资。\n"
        "公用经费70410.00元，主要包括：办公费、印刷费、水电费。"
    )
    flagged = _findings(text.format("742710.10"), "SUM001", "error")
    assert flagged and "652300.10 + 70410.00 = 722710.10" in flagged[0].message
    assert not _findings(text.format("722710.10"), "SUM001")


def test_details_announced_at_the_end_of_a_paragraph_belong_to_its_first_amount():
    # a PDF may join "具体情况如下：" to the paragraph above it; the details are of the paragraph's
    # subject, not of the amount its last sentence happens to state
    text = (
        "本年“三公”经费支出{}万元，比上年增加1.20万元。其中：公务用车运行维护费5.60万元，"
        "公务接待费0.00万元，比上年持平。具体情况如下：\n"
        "因公出国（境）费0.00万元，未安排出国团组。\n"
        "公务用车购置及运行维护费5.60万元，主要用于车辆加油和维修。\n"
        "公务接待费0.00万元，未发生接待。"
    )
    assert not _findings(text.format("5.60"), "SUM001", "error")
    assert not _findings(text.format("5.60"), "SUM001")
    flagged = _findings(text.format("6.60"), "SUM001")
    assert flagged and all("0.00万元（" not in f.message for f in flagged)


def test_a_list_does_not_run_into_the_next_section_of_a_report_flattened_to_one_line():
    """Headings run into the prose (…正常运转二、资金使用情况…): a total named sections later is
    no part of a list opened before them, however the sentence runs on."""
    text = (
        "一、基本情况本校2023年公用经费共计{}万元，其中上级补助120.40万元，县级配套35.60万元，"
        "项目目标是保障学校正常运转二、资金使用情况资金主要用于教学运转，包括办公费、水电费、差旅费等方面的支出，"
        "没有用于人员支出三、预算执行情况本校2023年财政安排支出共计96.20万元，余款结转下年使用"
    )
    assert not _findings(text.format("156.00"), "SUM001")
    assert [f.severity for f in _findings(text.format("150.00"), "SUM001")] == ["error"]


def test_a_count_whose_part_is_as_large_as_it_counts_another_kind_of_thing():
    """Levels of one tree, departments of one unit: a part as large as the whole is no share of it."""
    assert not _findings("本项目共设绩效指标15个，其中一级指标3个，二级指标7个，三级指标15个。", "SUM001")
    assert not _findings("本部门纳入决算编制范围的单位共1个，包括内设科室11个。", "SUM001")
    # a head count complete by its identity is held to its parts all the same
    staff = "本部门年末实有人数58人，其中在职人员58人，离休人员0人，退休人员17人。"
    assert [f.severity for f in _findings(staff, "SUM001")] == ["error"]
    assert not _findings(staff.replace("58人，其中", "75人，其中"), "SUM001")


def test_the_reasons_between_a_whole_and_its_list_do_not_hide_the_whole():
    """The figures of an enumerated reason clause explain the whole; the 其中 list after them still
    divides the whole, so a wrong share is held to it (not only to the other shares)."""
    from checker.evaluation.phrasings import load_families

    for case in load_families()["share_after_reasons"]:
        shares = _findings(case.defect, "SHR001", "error")
        assert shares, case.id
        # the right share is the one the consistent twin writes
        assert all(f.expected in case.twin for f in shares), case.id
        assert not _findings(case.twin, "SHR001") and not _findings(case.twin, "SHR002"), case.id


def test_a_list_cut_off_mid_item_is_not_known_to_be_complete():
    whole = "本年收入预算总额820.00万元。其中：财政拨款收入120.00万元，占14.63%；其他收入660.00万元，占80.49%"
    assert _findings(whole + "。", "SUM001", "error")  # 其他 closes the list: 40.00 is missing
    assert not _findings(whole + "；上年结", "SUM001")  # the copy stops in a third part


def test_a_sangong_list_naming_the_car_by_its_running_cost_is_complete_only_with_travel_abroad():
    listed = "“三公”经费合计24.60万元，其中：公务接待费3.20万元，车辆运行费20.90万元{}。"
    assert _findings(listed.format("，因公出国（境）费0万元"), "SUM001", "error")
    # travel abroad not listed: the purchase or the travel may make up the gap
    assert not _findings(listed.format(""), "SUM001", "error")
    # a purchase listed beside the running cost: the four-part identity, which needs the purchase
    four = "“三公”经费合计24.60万元，其中：公务接待费3.20万元，车辆运行费20.90万元，因公出国（境）费0万元，{}"
    assert _findings(four.format("公务用车购置费0万元。"), "SUM001", "error")
    assert not _findings(four.format("公务用车购置费0.50万元。"), "SUM001")


@pytest.mark.parametrize(
    "text",
    [
        # classes of spending after a part's rate may be classes of that part
        "全县一般公共预算支出总计33,190万元，其中本级支出30,000万元，增长5.2%，教育支出8,000万元，卫生健康支出3,000万元。",
        # an amount named in the purpose of the part before may explain it
        "全镇政府性基金支出总计3,319万元，其中本级支出3,000万元，下降52.75%，主要用于项目建设，安排项目支出800万元，"
        "结转下年使用300万元。",
        # receipts are no list of uses
        "全镇政府性基金收入总计3,319万元，其中本级收入3,000万元，下降52.75%，上级补助收入800万元，上年结余300万元。",
        # a named total after the rate is the next whole
        "全镇政府性基金支出总计3,319万元，其中本级支出3,000万元，下降52.75%，调出资金800万元，支出合计3,800万元。",
    ],
)
def test_a_change_rate_ends_a_list_unless_only_uses_follow(text):
    assert not _findings("2023年全镇财政决算情况的报告\n" + text, "SUM001")


def test_the_parts_of_an_increase_are_its_changes_up_to_the_next_point():
    text = (
        "2024年全县预算执行情况的报告\n"
        "全年财力净增加6,200万元，一是增加部分9,600万元，其中：超收收入4,100万元，转移支付较预算增加3,400万元，"
        "债券转贷收入较预算增加{}万元；二是减少部分3,400万元。"
    )
    assert not _findings(text.format("2,100"), "SUM001")
    (finding,) = _findings(text.format("2,200"), "SUM001")
    assert "4100 + 3400 + 2200 = 9700" in finding.message


def test_a_fall_is_no_part_of_an_increase():
    text = (
        "2024年全县预算执行情况的报告\n"
        "增加部分9,600万元，其中：超收收入4,100万元，转移支付较预算增加5,500万元，债券转贷收入较预算减少2,000万元。"
    )
    assert not _findings(text, "SUM001")


def test_points_numbering_the_parts_do_not_end_their_list():
    text = (
        "2024年全县预算执行情况的报告\n全县一般公共预算收入1,000万元，其中：一是税收收入600万元，二是非税收入500万元。"
    )
    assert _findings(text, "SUM001", "error")


def test_a_bracket_the_sentence_never_closes_is_no_note():
    head = "2024年全县预算执行情况的报告\n"
    unclosed = "全县财政收入1,000万元（其中：税收收入600万元，非税收入500万元。"
    assert _findings(head + unclosed, "SUM001", "error")
    # a note that closes stays a note, also beside a bracket left open after it, and one that
    # closes after a full stop inside it
    closed = "全县财政收入1,000万元（其中：税收收入600万元），非税收入500万元（下同。"
    assert not _findings(head + closed, "SUM001")
    across = "全县“三公”经费102万元，其中：公务用车费100万元（其中：购置费60万元；运行费40万元。）公务接待费2万元。"
    assert not _findings(head + across, "SUM001")


def test_a_sibling_of_the_whole_ends_its_list():
    # 项目支出 is 基本支出's sibling (支出 = 基本支出 + 项目支出): a slip in 基本支出's parts is theirs alone,
    # and 项目支出's share stays a share of all spending
    text = (
        "某中心2024年度决算说明\n本年支出合计900.00万元。基本支出540.00万元，占60.00%，其中人员经费430.00万元，"
        "公用经费{}万元；项目支出360.00万元，占40.00%。"
    )
    assert not check_text(text.format("110.00")).findings
    found = [f for f in check_text(text.format("120.00")).findings if f.severity == "error"]
    assert [f.rule for f in found] == ["SUM001"]
    assert "430.00 + 120.00 = 550.00" in found[0].message


@pytest.mark.parametrize(
    "closing",
    ["支出合计{}万元", "合计{}万元", "支出总计为{}万元"],
)
def test_a_list_closed_by_its_whole_again_is_one_claim(closing):
    """支出X，其中：A，B，C，支出合计X: the opener and the total closing the list sum the same parts to the same
    figure; an excess is one error, not an error and a warning over the same arithmetic."""
    text = "2024年财政拨款支出960.00万元，其中：教育支出700.00万元，卫生健康支出180.00万元，住房保障支出{}万元，{}。"
    assert not _findings(text.format("80.00", closing.format("960.00")), "SUM001")
    flagged = [
        f for f in check_text(text.format("95.00", closing.format("960.00"))).findings if f.rule in ("SUM001", "SUM002")
    ]
    assert len(flagged) == 1 and flagged[0].severity == "error"
    assert "700.00 + 180.00 + 95.00 = 975.00" in flagged[0].message


def test_an_identity_over_a_list_restated_elsewhere_is_the_list_s_claim():
    """收入总计X in the overview, then 收入总计X，其中：财政拨款收入A，事业收入B，其他收入C: the identity the names make
    (SUM002, a warning by name) sums the figures the list already sums (SUM001): one finding."""
    text = (
        "一、收支总体情况\n本单位2023年度收入总计1,500.00万元，支出总计1,500.00万元。\n"
        "二、收入情况\n2023年度收入总计1,500.00万元，其中：财政拨款收入1,200.00万元，事业收入{}万元，其他收入100.00万元。"
    )
    assert not [f for f in check_text(text.format("200.00")).findings if f.rule in ("SUM001", "SUM002")]
    flagged = [f for f in check_text(text.format("260.00")).findings if f.rule in ("SUM001", "SUM002")]
    assert [f.rule for f in flagged] == ["SUM001"]


def test_a_list_closes_within_its_whole_before_the_whole_s_siblings():
    """收入W，其中税收A，上级补助B，上年结余C，收入合计T: B and C are W's siblings that T sums with W, not parts of W."""
    text = "2024年全县一般公共预算收入12.00亿元，其中税收收入8.00亿元，上级补助收入{}亿元，上年结余收入1.00亿元，收入合计33.00亿元。"
    assert not _findings(text.format("20.00"), "SUM001")
    flagged = _findings(text.format("21.00"), "SUM001")
    assert [(f.severity, f.expr, f.stated) for f in flagged] == [("warning", "12.00 + 21.00 + 1.00", "33.00亿元")]
