"""Markdown notes and the Rich terminal output."""

from __future__ import annotations

import io

from rich.console import Console

from _report_samples import load_sample
from checker.report.markdown import render_markdown
from checker.report.terminal import print_terminal


def test_markdown_groups_by_section_and_shows_arithmetic(tmp_path):
    _, report = load_sample(tmp_path)
    md = render_markdown(report, {"fp-growth": {"decision": "dismiss", "note": "口径不同"}})
    first, second = md.index("## 一、收入支出决算总体情况"), md.index("## 二、财政拨款支出决算情况")
    growth, total = md.index("GRW001"), md.index("SUM001")
    assert first < growth < second < total
    assert "`31.20 / (256.40 - 31.20) = 13.85%`" in md
    assert "复核：驳回（口径不同）" in md
    assert "> 合计 \\| 【210.00】" in md
    assert "<表述>" not in md and "\\<表述\\>" in md


def test_terminal_colours_and_summary(tmp_path):
    _, report = load_sample(tmp_path)
    buffer = io.StringIO()
    print_terminal(report, Console(file=buffer, force_terminal=True, width=200))
    out = buffer.getvalue()
    assert "\x1b[" in out
    plain = io.StringIO()
    print_terminal(report, Console(file=plain, width=200, no_color=True, force_terminal=False))
    lines = plain.getvalue().splitlines()
    assert lines[-1].endswith("错误 1，警告 1，提示 1；数值 12 个，通过校验 5 项，存疑 1 项")
    growth = next(line for line in lines if "GRW001" in line)
    assert growth.startswith(f"{report.document.path}:4: 错误 GRW001 增长率与增减额不符")
