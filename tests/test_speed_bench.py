"""The speed benchmarks' own measuring tools: what they time and read is what they say."""

from __future__ import annotations

import sys

from checker.bench import BENCHMARKS, _cold, joined_seeds


def test_speed_benchmarks_are_registered():
    assert {"speed_warm", "speed_linearity", "speed_cold", "bench_check"} <= set(BENCHMARKS)


def test_joined_reports_repeat_the_whole_text(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("一、收入情况\n本年收入12.50万元。", encoding="utf-8")
    second.write_text("二、支出情况\n本年支出11.00万元。", encoding="utf-8")
    path, text = joined_seeds(tmp_path, 4, [first, second])
    assert path.read_text(encoding="utf-8") == text
    assert text.count("本年收入12.50万元") == 4 and text.count("本年支出11.00万元") == 4
    assert text.index("本年收入") < text.index("本年支出")


def test_cold_run_reports_that_process_peak_memory(tmp_path):
    small = _cold([sys.executable, "-c", "pass"])
    large = _cold([sys.executable, "-c", "b = bytearray(80_000_000); b[::4096] = b'x' * len(b[::4096])"])
    assert small.wall > 0 and small.cpu > 0
    assert large.peak_kb - small.peak_kb > 60_000  # KB: the 80 MB the second process touched


def test_forget_texts_empties_the_alignment_name_caches():
    """A timed check must read a report's row names, headers and periods as a first check does."""
    from checker.align import matcher
    from checker.bench import forget_texts

    matcher.canonical_label("（一）本年收入")
    matcher._header_name("公务接待费/预算数")
    matcher._period_is_current("2024年", 2024)
    forget_texts()
    for cache in (matcher._canonical, matcher._header_name, matcher._period_is_current):
        assert cache.cache_info().currsize == 0


def test_alignment_name_caches_are_bounded():
    from checker.align import matcher

    for cache in (matcher._canonical, matcher._header_name, matcher._period_is_current):
        assert cache.cache_info().maxsize is not None
