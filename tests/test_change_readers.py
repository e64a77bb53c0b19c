"""Change readers: which figures assemble into a change, and which look alike but do not."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_text


def codes(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_text(text, Config()).findings if f.severity != "info"]


@pytest.mark.parametrize(
    "text",
    [
        # the rate of the whole, then a part's increase
        "办公费支出684.75万元，较上年增长9.99%，其中增加62.18万元用于设备购置。",
        # last year's carry-over and this year's income are two things, not one amount in two years
        "上年结转资金为50.00万元，本年收入为60.00万元，增长10.00%。",
        # two years of one label are two amounts, not a conflict
        "2023年度一般公共预算财政拨款支出为1,250.00万元，2024年度一般公共预算财政拨款支出为1,375.00万元，增长10.00%。",
        # 较上年的W: W is last year's amount and the figures agree
        "项目支出246.00万元，较上年的258.30万元下降4.76%。",
        "本局财政拨款支出为1,250.40万元，较2023年度的1,100.40万元增长了13.63%。",
        # the total of a 其中 list compared with last year: the compared amount is no part
        "部门支出合计250.10万元，其中项目支出246.00万元，较上年决算数258.30万元，下降4.76%。",
        "较上年决算数850.00万元减少82.10万元，下降9.66%。",
        # a budget two sentences back with spending in between is not taken
        "年初预算为12.00万元。其中已拨付8.00万元。全年支出决算为9.60万元，完成预算的70%。",
    ],
)
def test_no_finding(text):
    assert codes(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("部门支出合计250.10万元，其中项目支出246.00万元，较上年决算数12.30万元，下降4.76%。", [("GRW005", "warning")]),
        ("项目支出246.00万元，较上年决算数256.30万元减少12.30万元，下降4.76%。", [("GRW004", "error")]),
        # 较…的W names last year's amount: (1250.40 − 1100.40) ÷ 1100.40 = 13.63%
        ("本局财政拨款支出为1,250.40万元，较2023年度的1,100.40万元增长了15.63%。", [("GRW001", "error")]),
        ("政府采购预算642.98万元，同 比 增 加 243.35万元，增 长 50.00%。", [("GRW001", "error")]),
        # traditional-character cue words (the 萬元 unit itself is read by checker.numbers, not here)
        # last year's amount and the change, no current amount: the rate is change ÷ last year
        ("较上年决算数850.00万元增加82.10万元，增长8.66%。", [("GRW001", "error")]),
        # the budget a few sentences back, the nearest sentence with an amount
        ("公务接待费年初预算为1.00万元。全年共接待12批次。支出决算为0.53万元，完成预算的47%。", [("RAT001", "error")]),
        ("2019年本部門機關運行經費安排312.23万元，較上年增加15.18万元，增長6.11%。", [("GRW001", "error")]),
    ],
)
def test_finding(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # later year first, the change after a ；and with no base word
        ("公务接待费2024年预算6.00万元，2023年预算9.50万元；对比减少3.20万元；减少率33.68%。", [("GRW004", "error")]),
        ("公务接待费2024年预算6.00万元，2023年预算9.50万元；对比减少3.50万元；减少率36.84%。", []),
        ("培训费2024年支出12.40万元，2023年支出15.00万元，减少2.60万元，降幅17.33%。", []),
        ("培训费2024年支出12.40万元，2023年支出15.00万元，减少2.60万元，降幅20.97%。", [("GRW001", "error")]),
        # earlier year first, rate right by rounding to one decimal
        ("会议费2023年决算6.12万元，2024年决算7.35万元，同比增加1.23万元，增长率20.1%。", []),
        # years not adjacent, or two subjects: no pair, nothing read
        ("2024年公务接待费6.00万元，2022年公务接待费9.50万元，对比减少3.20万元，减少率33.68%。", []),
        ("办公费2024年预算6.00万元，印刷费2023年预算9.50万元；对比减少3.20万元；减少率33.68%。", []),
    ],
)
def test_two_year_tagged_amounts_and_their_change(text, expected):
    assert [c for c in codes(text) if c[0].startswith("GRW")] == expected


@pytest.mark.parametrize(
    "text,compared",
    [
        ("项目支出246.00万元，较上年决算数256.30万元减少12.30万元，下降4.76%。", "两年金额"),
        ("2024年年初预算340.00万元，2023年年初预算320.00万元，比上年增加22.00万元。", "两年金额"),
        ("支出决算386.50万元，较年初预算340.00万元增加44.50万元。", "决算数、预算数之差"),
        ("培训费年初预算为24.00万元，支出决算为19.80万元，比年初预算减少4.40万元。", "决算数、预算数之差"),
        ("机关本级支出决算386.50万元，年初预算340.00万元，比年初预算增支44.50万元。", "决算数、预算数之差"),
        ("培训费年初预算24.00万元，支出决算19.80万元。决算数比预算减少4.40万元。", "决算数、预算数之差"),
    ],
)
def test_change_amount_message_names_what_was_compared(text, compared):
    """GRW004 holds the change to two years' amounts or to an outturn and its budget, and says which."""
    [finding] = [f for f in check_text(text, Config()).findings if f.rule == "GRW004"]
    assert finding.message.startswith(f"增减额与{compared}不符：")


def test_figures_of_two_units_are_shown_in_the_finer_one():
    # a change in 万元 of an amount in 亿元: shown in 亿元 with its own decimals the change would read 0
    text = "某局2023年度部门决算说明\n教育支出1.06亿元，比上年增加520万元，增长5.61%。"
    (finding,) = [f for f in check_text(text).findings if f.rule == "GRW001"]
    assert "520 ÷ (10600 − 520) = 5.16%" in finding.message
    assert not [f for f in check_text(text.replace("5.61%", "5.16%")).findings if f.rule == "GRW001"]
