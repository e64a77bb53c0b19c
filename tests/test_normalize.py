"""The offset-preserving normaliser and the white-space remover against their definitions."""

from __future__ import annotations

import re
import sys

from checker.normalize import DIGITS, normalize, without_spaces


def _reference(text: str) -> str:
    """normalize's comma rule written out: a full-width comma between two str.isdigit
    characters is a thousands separator."""
    out = normalize(text.replace("，", "\x00"))
    return "".join(
        ("," if 0 < k < len(out) - 1 and out[k - 1].isdigit() and out[k + 1].isdigit() else "，")
        if ch == "\x00"
        else ch
        for k, ch in enumerate(out)
    )


def test_digits_class_is_str_isdigit():
    digit = re.compile(f"[{DIGITS}]")
    differ = [hex(c) for c in range(sys.maxunicode + 1) if bool(digit.fullmatch(chr(c))) != chr(c).isdigit()]
    assert differ == []


def test_comma_between_digits_only():
    cases = [
        "收入1，234.56万元，比上年增加",
        "１，２３４",  # full-width digits become ASCII first
        "²，³ 与 ①，② 是数字",
        "，1，2，3，",
        "1，，2",
        "一，二，三",
        "12，a",
        "",
        "，",
    ]
    for text in cases:
        assert normalize(text) == _reference(text), text
        assert len(normalize(text)) == len(text)
    assert normalize("1，234") == "1,234"
    assert normalize("增长1，主要") == "增长1，主要"


def test_small_full_stop_between_digits_is_a_decimal_point():
    assert normalize("同比增長３﹒４％") == "同比增長3.4%"
    assert normalize("增长8﹒8%，下降0﹒7%") == "增长8.8%，下降0.7%"
    for text in ("完成﹒", "﹒5", "5﹒", "一﹒二"):
        assert normalize(text) == text


def test_without_spaces_removes_what_backslash_s_matches():
    spaces = re.compile(r"\s+")
    differ = [
        hex(c) for c in range(sys.maxunicode + 1) if without_spaces(f"a{chr(c)}b") != spaces.sub("", f"a{chr(c)}b")
    ]
    assert differ == []
    text = "合计1,206.50万元"
    assert without_spaces(text) is text  # Item.make relies on it to skip a second pass
    assert without_spaces(" 同 比\u3000增 加\n") == "同比增加"


def test_ascii_stop_after_chinese_ends_a_sentence():
    assert normalize("减少186,800元.其中:基本支出") == "减少186,800元。其中:基本支出"
    assert normalize("增长4.93%.与上年") == "增长4.93%。与上年"
    assert normalize("收入预算3,860,000元.") == "收入预算3,860,000元。"
    # decimal points, list numbers and addresses stay
    for text in ("增长2.5%", "1.收入预算", "见www.qingxi.gov.cn.公开", "第3.2节", "A.B"):
        assert normalize(text) == text
