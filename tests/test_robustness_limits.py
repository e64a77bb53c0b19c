"""Time and memory bounded by input size: long paragraphs cost linear time, extreme figures
keep the arithmetic exact, `check` has a per-document time limit and scan workers a memory limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from checker.batch import store
from checker.batch.scan import scan
from checker.batch.worker import analyse
from checker.engine import check_text
from tests.test_bad_input import jiaohe


def _seconds(text: str) -> float:
    """CPU seconds, best of three: wall time on a shared machine measures the neighbours (the
    ratio below read 8.6 once beside other test suites)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        check_text(text)
        best = min(best, time.process_time() - start)
    return best


def _growth(make, n: int) -> float:
    """Time at 4n over time at n (linear: about 4; the re-scans this guards against gave 16+)."""
    check_text(make(64))  # the pipeline loads once, outside the timings
    return _seconds(make(4 * n)) / max(_seconds(make(n)), 1e-3)


def test_a_long_line_without_sentence_ends_is_linear():
    assert _growth(lambda n: "本年收入合计100.00万元，" * (n // 16), 4000) < 8


def test_percent_signs_in_a_row_are_linear():
    # "1%" × 8,000 (16 KB) took 52 s: every figure re-read the text before it
    assert _growth(lambda n: "1%" * (n // 2), 3000) < 8


def test_many_amounts_in_one_paragraph_are_linear():
    assert _growth(lambda n: "".join(f"项目{i}支出{i}.00万元，" for i in range(n // 14)), 4000) < 8


# one paragraph of many sentences of one relation (a report flattened into one line): each of these
# was quadratic — a sentence found by comparing every sentence before it, kinds declared looked for
# from the paragraph's start, a reason's subject looked for back to it, shares compared pair by
# pair, the figures after each 分别 found by a scan of the paragraph's figures, each indicator's stretch
# a copy of the whole paragraph, the bracket depth at each 其中 of one sentence measured from its start
_ONE_PARAGRAPH = {
    "其中": lambda i: f"其中：公用经费{i}.00万元，人员经费1.00万元。",
    "主要用于": lambda i: f"基本支出{i + 2}.00万元，主要用于：工资福利支出{i}.00万元、商品和服务支出1.00万元。",
    "主要原因": lambda i: f"主要原因是工作调整{i}。",
    "占": lambda i: f"项目{i}支出{i}.00万元，占{i % 50}%；",
    "分别": lambda i: f"甲{i}、乙{i}分别为{i}.00万元、1.00万元。",
    "目标值": lambda i: f"指标{i}目标值{i + 1}个，实际完成{i + 1}个，完成率100%；",
    "得分，其中": lambda i: (
        f"自评得分{i % 90 + 5}分，其中：产出指标得分{i % 50}分，效益指标得分1分，满意度指标得分1分，"
    ),
}


@pytest.mark.parametrize("relation", sorted(_ONE_PARAGRAPH))
def test_a_paragraph_of_many_sentences_of_one_relation_is_linear(relation):
    sentence = _ONE_PARAGRAPH[relation]
    assert _growth(lambda n: "".join(sentence(i) for i in range(n // 40)), 10000) < 8


def test_a_long_pipe_table_is_linear():
    # 5,000 rows took 52 s and 10,000 took 209 s: every row walked back over the rows above it
    row = "| 一般公共服务支出 | 1.00 | 2.00 | 3.00 |\n"
    assert _growth(lambda n: "单位：万元\n| 项目 | 合计 | 基本支出 | 项目支出 |\n" + row * (n // 40), 12000) < 8


def test_a_text_of_too_many_lines_or_cells_is_refused_before_it_is_laid_out(tmp_path, monkeypatch):
    import checker.ingest.text as reader
    from checker.ingest import InputError, load_document

    monkeypatch.setattr(reader, "MAX_TEXT_LINES", 100)
    monkeypatch.setattr(reader, "MAX_TEXT_CELL_MARKS", 200)
    cases = {"lines.txt": "合计100万元。\n" * 101, "cells.txt": "| 合计 | 1.00 | 2.00 | 3.00 |\n" * 41}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match="100 行|200 个"):
            load_document(tmp_path / name)
    (tmp_path / "small.txt").write_text("| 合计 | 1.00 | 2.00 | 3.00 |\n" * 39, encoding="utf-8")
    assert load_document(tmp_path / "small.txt").blocks


def test_thirty_digit_amounts_keep_the_rules_running():
    """A 30-digit amount raised decimal.InvalidOperation inside SUM001 (and GRW001/GRW003 with
    30+ decimals): the rule stopped for the whole document."""
    big = "123456789012345678901234567890"
    consistent = check_text(f"本年收入合计{big}.00万元，其中财政拨款收入{big[:-2]}88.00万元，其他收入2.00万元。")
    assert not consistent.rule_errors and not [f for f in consistent.findings if f.rule == "SUM001"]
    wrong = check_text(f"本年收入合计{big}.00万元，其中财政拨款收入{big[:-2]}88.00万元，其他收入{big[:-1]}.00万元。")
    assert not wrong.rule_errors and [f.rule for f in wrong.findings if f.severity == "error"] == ["SUM001"]
    decimals = "120." + "1234567890" * 4
    growth = check_text(f"本年支出合计{decimals}万元，比上年增加10.50万元，增长9.55%。")
    assert not growth.rule_errors
    # found by the fuzz run: a part equal to a 30-digit total rounded its interval empty in SUM001
    huge = "1" + "0" * 28 + ".5"
    assert not check_text(f"本年收入合计{huge}万元，其中财政拨款收入{huge}万元，其他收入2.00万元。").rule_errors
    absurd = check_text("本年收入合计1" + "2" * 300 + ".00万元，其中财政拨款收入1.00万元，其他收入2.00万元。")
    assert not absurd.rule_errors


def test_check_has_a_per_document_time_limit(tmp_path):
    files = []
    for name in ("a.txt", "b.txt"):
        path = tmp_path / name
        path.write_text("本年收入合计100.00万元，其中财政拨款收入80.00万元。\n" * 200, encoding="utf-8")
        files.append(path)
    result = jiaohe("check", *files, "--timeout", "0.01")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    message = result.stderr.replace("\n", "")  # rich wraps long lines
    assert message.count("0.01 秒内没有结果（--timeout）") == 2
    assert all(f"{f}：0.01 秒内没有结果" in message for f in files)


def greedy(path: str) -> dict:
    """A worker task that tries to take 3 GB on a marked file, as a pathological document would."""
    if Path(path).name.startswith("greedy"):
        hoard = bytearray(3 * 1024**3)
        return {"never": len(hoard)}
    return analyse(path)


def test_scan_workers_have_a_memory_limit(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("greedy.txt", "fine.txt"):
        (folder / name).write_text(
            f"{name}：本年收入合计100.00万元，其中财政拨款收入80.00万元，其他收入20.00万元。", encoding="utf-8"
        )
    db = tmp_path / "f.sqlite"
    summary = scan([str(folder)], db, jobs=1, timeout=60, task=greedy, memory_mb=1024)
    assert (summary.scanned, summary.failed) == (1, 1)
    conn = store.connect(db)
    [(kind, reason)] = [(r["kind"], r["reason"]) for r in conn.execute("SELECT * FROM failures")]
    assert reason == "内存不足" or kind == "crash"
