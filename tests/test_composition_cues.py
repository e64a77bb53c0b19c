"""Every cue word of ``lexicons/cues_composition.yaml`` rendered into sentences of our own: the
relation it cues is read (a wrong figure is flagged, the right one passes)."""

from __future__ import annotations

import pytest

from checker.engine import check_text
from checker.statements.composition import cues

CUES = cues()


def _codes(text: str, severity: str = "error") -> set[str]:
    return {f.rule for f in check_text(text).findings if f.severity == severity}


@pytest.mark.parametrize("word", CUES["total_words"])
def test_total_word_after_parts(word):
    text = "基本支出62.00万元，项目支出38.50万元，{}{}万元。"
    assert "SUM001" in _codes(text.format(word, "110.50"))
    assert not _codes(text.format(word, "100.50"))


@pytest.mark.parametrize("prefix", CUES["total_prefixes"])
def test_total_prefix(prefix):
    text = "货物类采购12.40万元，服务类采购7.60万元，" + prefix + "合计{}万元。"
    assert "SUM001" in _codes(text.format("21.00"))
    assert not _codes(text.format("20.00"))


@pytest.mark.parametrize("opener", CUES["part_openers"], ids=lambda o: o["cue"])
def test_part_opener(opener):
    mark = "" if opener["colon"] in (False, "never") else "："
    text = "本年支出合计{}万元，" + opener["cue"] + mark + "基本支出62.00万元，项目支出38.50万元。"
    # the parts exceed the total; a list of the main parts only says so as a warning
    assert "SUM001" in _codes(text.format("90.00"), "warning" if opener.get("mainly") else "error")
    assert not _codes(text.format("100.50")) and not _codes(text.format("100.50"), "warning")
    if opener.get("mainly"):
        assert not _codes(text.format("120.00"), "warning")  # other uses may make up the rest


@pytest.mark.parametrize(
    "opener,separator",
    [(o, s) for o in ["", *CUES["bracketed_parts"]["openers"]] for s in CUES["bracketed_parts"]["separators"]],
)
def test_bracketed_parts(opener, separator):
    """基本支出X万元（其中：人员经费A万元，公用经费B万元）: the bracket divides X."""
    text = "本年基本支出{}万元（" + opener + "人员经费62.00万元" + separator + "公用经费38.50万元）。"
    assert "SUM001" in _codes(text.format("90.00"))
    assert not _codes(text.format("100.50")) and not _codes(text.format("100.50"), "warning")


@pytest.mark.parametrize("word", CUES["bracketed_parts"]["not_parts"])
def test_bracket_comparing_the_whole_divides_nothing(word):
    text = f"基本支出90.00万元（其中：{word}人员经费62.00万元，公用经费38.50万元）。"
    assert "SUM001" not in _codes(text) | _codes(text, "warning")


@pytest.mark.parametrize("word", CUES["share_words"])
def test_share_word(word):
    text = "本年支出合计200.00万元，其中：基本支出150.00万元，" + word + "{}%；项目支出50.00万元，" + word + "25.00%。"
    assert "SHR001" in _codes(text.format("70.00"))
    assert not _codes(text.format("75.00"))


@pytest.mark.parametrize("tail", CUES["share_tails"])
def test_share_of_named_whole(tail):
    text = (
        "基本支出预算400000.00元，其中：人员经费预算300000.00元，占基本支出预算" + tail + "{}%；"
        "公用经费预算100000.00元，占基本支出预算" + tail + "25.00%。"
    )
    assert "SHR001" in _codes(text.format("70.00"))
    assert not _codes(text.format("75.00"))


@pytest.mark.parametrize("suffix", CUES["whole_suffixes"])
def test_whole_named_at_head(suffix):
    text = (
        "2024年“三公”经费财政拨款支出决算为{}万元。\n"
        "2024年“三公”经费财政拨款支出决算" + suffix + "，因公出国（境）费0万元；公务用车购置及运行维护费6.20万元；"
        "公务接待费2.30万元。"
    )
    assert "SUM001" in _codes(text.format("9.50"))
    assert not _codes(text.format("8.50"))


@pytest.mark.parametrize("opener", [o for o in CUES["part_openers"] if o.get("splits")], ids=lambda o: o["cue"])
def test_split_short_of_whole(opener):
    """A split names its whole's parts: one whose dimension the text names in full (levels,
    中央和地方) that falls short is a warning; one by source or structure may list its main parts only."""
    text = "全县一般公共预算收入18.60亿元。" + opener["cue"] + "，县级收入11.20亿元，增长3.9%，乡镇级收入{}亿元。"
    assert ("SUM001" in _codes(text.format("6.90"), "warning")) == bool(opener.get("complete"))
    assert not _codes(text.format("6.90"))
    assert not _codes(text.format("7.40"), "warning")


@pytest.mark.parametrize(
    "text",
    [
        # a split of the other side than the whole before it
        "全县一般公共预算收入18.60亿元。分级次看，县级支出11.20亿元，乡镇级支出6.90亿元。",
        # the sentence before states two amounts of the parts' side: which one is split is not known
        "全县一般公共预算收入18.60亿元，税收收入12.40亿元。分级次看，县级收入11.20亿元，乡镇级收入6.90亿元。",
        # the amount before is not one of the parts' side
        "单位共有公务用车5辆，价值120.00万元。从支出结构看，基本支出300.00万元，项目支出520.00万元。",
        # one level named only
        "全县一般公共预算收入18.60亿元。分级次看，县级收入11.20亿元，增长3.9%。",
        # a split that makes its whole, then another view of it (an area that overlaps the levels)
        "全市一般公共预算收入286.45亿元。分级次看，市级收入92.30亿元，区县级收入194.15亿元；中心城区收入78.90亿元。",
    ],
)
def test_split_stays_silent(text):
    assert not _codes(text) and not _codes(text, "warning")


def test_split_takes_the_whole_of_its_side_from_the_paragraphs_before():
    """收入T，支出S. / 收入方面，分中央和地方看，… / 支出方面，分中央和地方看，…: each split divides the
    amount of its own side, read past the other side's split."""
    text = (
        "全县一般公共预算收入18.60亿元，增长2.1%；一般公共预算支出32.40亿元，增长3.0%。\n"
        "收入方面，分中央和地方看，中央收入7.20亿元，增长1.5%；地方收入11.40亿元，增长2.5%。\n"
        "支出方面，分中央和地方看，中央支出2.10亿元，增长1.0%；地方支出{}亿元，增长3.2%。"
    )
    assert "SUM001" in _codes(text.format("29.90"), "warning")  # 2.10 + 29.90 = 32.00 < 32.40
    assert "SUM001" in _codes(text.format("30.90"))  # 33.00: an overrun
    assert not _codes(text.format("30.30"), "warning") and not _codes(text.format("30.30"))


@pytest.mark.parametrize("level", CUES["level_names"])
def test_qizhong_list_of_levels_with_rates(level):
    """其中：<level>收入A，增长P%；区县级收入B: parts named by level, each with its rate, are a split by level."""
    text = "全市一般公共预算收入300.00亿元。其中：" + level + "收入120.00亿元，增长3.0%；区县级收入{}亿元，增长4.0%。"
    assert "SUM001" in _codes(text.format("190.00"))  # 310.00: an overrun
    assert not _codes(text.format("180.00")) and not _codes(text.format("180.00"), "warning")


@pytest.mark.parametrize("word", CUES["broad_totals"])
def test_split_of_a_narrower_amount_than_a_broad_total(word):
    """财政总收入 takes in what is passed up: a split of the levels' own revenue does not make it."""
    text = "全市" + word + "500.00亿元。分级次看，市级收入80.00亿元，县级收入220.00亿元。"
    assert not _codes(text) and not _codes(text, "warning")
    # the same split under the whole it divides is held to it
    assert "SUM001" in _codes(
        "全市一般公共预算收入500.00亿元。分级次看，市级收入80.00亿元，县级收入220.00亿元。", "warning"
    )


@pytest.mark.parametrize("lead", CUES["grade_counts"]["leads"])
def test_grade_count_lead(lead):
    text = "共评价项目9个，" + lead + "优{}个，良1个。"
    assert "SUM001" in _codes(text.format("9"))  # 9 + 1 past the whole of 9
    assert not _codes(text.format("8"), "warning") and not _codes(text.format("8"))


@pytest.mark.parametrize("tail", CUES["grade_counts"]["tails"])
def test_grade_count_tail(tail):
    text = "共评价项目9个，评价等级为优" + tail + "{}个，良" + tail + "1个。"
    assert "SUM001" in _codes(text.format("9"))
    assert not _codes(text.format("8"), "warning") and not _codes(text.format("8"))


_BANDS = CUES["score_bands"]


@pytest.mark.parametrize(
    "band",
    [f"{lead}{link}" for lead in _BANDS["leads"] for link in ["", *_BANDS["links"]]],
)
def test_score_band_lead(band):
    text = "共评价项目9个，" + band + "90分以上的{}个，80分以下的1个。"
    assert "SUM001" in _codes(text.format("9"))  # 9 + 1 past the whole of 9
    assert not _codes(text.format("8"), "warning") and not _codes(text.format("8"))


@pytest.mark.parametrize(
    "top,bottom",
    [(f"90分{w}", "80-90分") for w in _BANDS["above"]]
    + [("90分以上", f"90分{w}") for w in _BANDS["below"]]
    + [("90分以上", f"{w}90分") for w in _BANDS["below_before"]]
    + [(f"{w}90分", "80-90分") for w in _BANDS["above_before"]]
    + [("90分以上", f"80分{w}90分") for w in _BANDS["joiners"]]
    + [(f"90分{w}以上", f"80{w}-90分") for w in _BANDS["inclusive"]],
)
def test_score_band_words(top, bottom):
    for tail in ["", *_BANDS["tails"]]:
        text = f"共评价项目9个，{top}{tail}{{}}个、{bottom}{tail}1个。"
        assert "SUM001" in _codes(text.format("9")), text
        assert not _codes(text.format("8"), "warning") and not _codes(text.format("8")), text


def test_score_bands_over_the_whole_scale_are_every_band():
    """Bands from the bottom of the scale to full marks name every band: a shortfall is an error too."""
    text = "共评价项目12个，90-{}分的8个，80-89分3个，80分以下{}个。"
    assert "SUM001" in _codes(text.format(_BANDS["full_marks"], 0))
    assert not _codes(text.format(_BANDS["full_marks"], 1))
    assert not _codes(text.format(95, 0), "warning")  # scores above 95 may be left out


def test_score_bands_beside_an_unmarked_count_warn():
    text = "本年度开展自评项目12个，得分90分以上的8个，80-90分的3个，80分以下的{}个。"
    assert "SUM001" in _codes(text.format(2), "warning") and not _codes(text.format(2))


def test_overlapping_score_bands_split_nothing():
    assert not _codes("共评价项目10个，得分90分以上的6个，80分以上的9个。", "warning")


def test_bands_of_bare_figures_are_no_scores():
    """100以上的7个: a figure with a side but no score unit (分) anywhere is not a score band."""
    text = "共完成项目12个，100{unit}以上的7个，50-100{unit}的6个。"
    assert not _codes(text.format(unit=""), "warning") and not _codes(text.format(unit=""))
    assert "SUM001" in _codes(text.format(unit=_BANDS["unit"]))
