"""The two backtracking cases found by fuzzing, end to end through the checker: each took
minutes before the patterns were rewritten; now each takes a fraction of a second."""

from __future__ import annotations

import time

from checker.engine import check_text


def _seconds(text: str) -> float:
    start = time.perf_counter()
    check_text(text)
    return time.perf_counter() - start


def test_repeated_indicator_words_without_a_completion_word():
    # 500 characters took 10 s, 1,000 took 169 s (O(n⁴) in the count-sentence pattern)
    assert _seconds("本年度设置" + "指标其中" * 250 + "。") < 10


def test_a_rate_after_a_long_blank_run():
    # 200 blanks took 70 s, 400 more than 300 s (adjacent \\s* in the rate-gap pattern)
    for blank in (" ", "\u3000"):
        text = "项目支出256.40万元，比上年增加1.00万元" + blank * 400 + "2.00%。"
        assert _seconds(text) < 10
