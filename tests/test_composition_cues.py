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
    mark = "：" if opener["colon"] else ""
    text = "本年支出合计{}万元，" + opener["cue"] + mark + "基本支出62.00万元，项目支出38.50万元。"
    assert "SUM001" in _codes(text.format("90.00"))  # the parts exceed the total
    assert not _codes(text.format("100.50"))


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
