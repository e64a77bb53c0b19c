"""Answer keys: validation, the matching rule, and `jiaohe eval` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import Report
from checker.evaluation.keys import Item, Place, Trap, hits_trap, load_key, matches_item, parse_key
from checker.evaluation.scoring import evaluate, evaluate_document
from checker.ingest import InputError
from checker.model import Coverage, Finding, Location

REPO = Path(__file__).resolve().parents[1]


def finding(line, end=None, category="arith.sum", severity="error", page=None, excerpt="", related=()):
    return Finding(
        "X001",
        "x",
        category,
        severity,
        "exact",
        "m",
        Location(line, end or line, page, "p1", 0, 1),
        excerpt,
        related=tuple(related),
    )


def item(lines=(10, 12), cats=("arith.sum",), anchor=None, page=None):
    return Item("i", cats, Place(lines, anchor, page), "")


def test_item_matches_within_one_line_of_its_range():
    assert matches_item(finding(13), item())
    assert matches_item(finding(9), item())
    assert not matches_item(finding(14), item())
    assert not matches_item(finding(7, 8), item())
    assert matches_item(finding(5, 9), item())


def test_item_needs_one_of_its_categories():
    assert not matches_item(finding(11, category="arith.share"), item())
    assert matches_item(finding(11, category="value.conflict"), item(cats=("arith.sum", "value.conflict")))


def test_a_conflict_reported_at_its_other_half_still_finds_the_item():
    other = Location(11, 11, None, "p9", 0, 3)
    assert matches_item(finding(40, category="value.conflict", related=[other]), item(cats=("value.conflict",)))


def test_anchor_and_page_locate_items_in_docx_and_pdf():
    by_anchor = item(lines=None, anchor="增长 1.39%")
    assert matches_item(finding(None, excerpt="…比上年增加31.20万元，增长1.39%…"), by_anchor)
    assert not matches_item(finding(None, excerpt="增长2.39%"), by_anchor)
    on_page = item(lines=(5, 5), page=3)
    assert matches_item(finding(5, page=3), on_page)
    assert not matches_item(finding(5, page=4), on_page)


def test_traps_are_hit_only_by_errors_on_their_own_lines():
    trap = Trap("t", Place((20, 20), None, None), "")
    assert hits_trap(finding(20), trap)
    assert not hits_trap(finding(20, severity="warning"), trap)
    assert not hits_trap(finding(21), trap)


def test_malformed_keys_are_refused_with_the_entry_named(tmp_path):
    bad = [
        (
            {"a.txt": {"items": [{"id": "x", "cats": ["nonsense"], "lines": [1, 1]}]}},
            r"a.txt 第 1 个条目 \(x\)：未知类别 nonsense",
        ),
        ({"a.txt": {"items": [{"id": "x", "cats": ["unit"], "lines": [3, 1]}]}}, "首行 <= 末行"),
        ({"a.txt": {"traps": [{"lines": [1, 1]}]}}, "a.txt 第 1 个陷阱：缺少 `id`"),
        ({"a.txt": {"items": [{"id": "x", "cats": ["unit"]}]}}, "请给出 `lines` 或 `anchor`"),
        ({"_about": "only prose"}, "答案集没有列出任何文档"),
    ]
    for data, message in bad:
        with pytest.raises(InputError, match=message):
            parse_key(data, tmp_path / "k.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 JSON（第 1 行"):
        load_key(broken)


def test_documents_are_found_next_to_the_key_or_in_sibling_seeds(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("x", encoding="utf-8")
    key_path = tmp_path / "gold" / "k.json"
    key_path.write_text(json.dumps({"a.txt": {"items": [], "traps": []}}), encoding="utf-8")
    assert load_key(key_path).default_docs_dir() == tmp_path / "seeds"
    (tmp_path / "seeds" / "a.txt").unlink()
    (tmp_path / "gold" / "a.txt").write_text("x", encoding="utf-8")
    assert load_key(key_path).default_docs_dir() == tmp_path / "gold"


def test_counts_per_document_and_findings_outside_items():
    key = parse_key(
        {
            "d.txt": {
                "items": [
                    {"id": "a", "cats": ["arith.sum"], "lines": [10, 10]},
                    {"id": "b", "cats": ["unit"], "lines": [30, 30]},
                ],
                "traps": [{"id": "t", "lines": [50, 50]}],
            }
        },
        Path("k.json"),
    )
    report = Report(
        document=None,
        findings=(finding(10), finding(50), finding(70, severity="warning"), finding(80, severity="info")),
        coverage=Coverage(),
    )
    result = evaluate_document(key.documents[0], report)
    assert [r.found for r in result.items] == [True, False]
    assert [len(t.hit_by) for t in result.traps] == [1]
    assert sorted(f.location.line for f in result.unexplained) == [50, 70]


def test_a_finding_that_found_an_item_does_not_hit_an_overlapping_trap():
    key = parse_key(
        {
            "d.txt": {
                "items": [{"id": "a", "cats": ["arith.sum"], "lines": [10, 11]}],
                "traps": [{"id": "t", "lines": [11, 11]}],
            }
        },
        Path("k.json"),
    )
    found = Report(document=None, findings=(finding(11),), coverage=Coverage())
    result = evaluate_document(key.documents[0], found)
    assert result.items[0].found and not result.traps[0].hit_by
    # another error on the trap's lines that explains no item still hits it
    stray = Report(document=None, findings=(finding(11), finding(11, category="unit")), coverage=Coverage())
    assert [f.category for f in evaluate_document(key.documents[0], stray).traps[0].hit_by] == ["unit"]


def test_evaluate_tallies_recall_by_first_category(tmp_path):
    (tmp_path / "d.txt").write_text("x", encoding="utf-8")
    key = parse_key(
        {
            "d.txt": {
                "items": [
                    {"id": "a", "cats": ["arith.sum", "unit"], "lines": [10, 10]},
                    {"id": "b", "cats": ["unit"], "lines": [30, 30]},
                ]
            }
        },
        tmp_path / "k.json",
    )
    result = evaluate(key, tmp_path, checker=lambda p: Report(None, (finding(10, category="unit"),), Coverage()))
    assert (result.by_category["arith.sum"].found, result.by_category["arith.sum"].total) == (1, 1)
    assert (result.by_category["unit"].found, result.by_category["unit"].total) == (0, 1)
    assert result.overall.recall == 0.5


def _jiaohe(*args):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=REPO)


def test_eval_command_exit_status_follows_the_thresholds(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text("一、总体情况\n本年支出100.00万元，其中：基本支出60.00万元，项目支出40.00万元。\n", encoding="utf-8")
    key = tmp_path / "k.json"
    key.write_text(
        json.dumps(
            {
                "r.txt": {
                    "items": [{"id": "a", "cats": ["structure"], "lines": [1, 1]}],
                    "traps": [{"id": "t", "lines": [2, 2]}],
                }
            }
        ),
        encoding="utf-8",
    )
    ok = _jiaohe("eval", str(key), "--format", "json", "--max-trap-hits", "0")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["trap_hits"] == 0 and data["overall"]["total"] == 1
    strict = _jiaohe("eval", str(key), "--min-recall", "1.0")
    assert strict.returncode == (0 if data["overall"]["recall"] == 1 else 1)
    missing = _jiaohe("eval", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "nope.json" in missing.stderr and "Traceback" not in missing.stderr


def test_mutation_keys_count_errors_the_clean_source_does_not_have(tmp_path):
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.m001.txt").write_text("y", encoding="utf-8")
    key = parse_key(
        {
            "_sources": "clean",
            "a.m001.txt": {
                "source": "a.txt",
                "items": [{"id": "m", "cats": ["arith.sum"], "lines": [5, 5], "injected": ["58"]}],
            },
        },
        tmp_path / "key.json",
    )
    own = finding(30)  # the clean report has it too
    knock_on = Finding(
        "S5",
        "x",
        "arith.sum",
        "error",
        "exact",
        "总分与各项得分之和不符：58 + 15 = 73，文中为 33",
        Location(90, 90, None, "t1", 0, 1),
        "",
    )
    reports = {"a.txt": (own,), "a.m001.txt": (own, finding(5), finding(60), knock_on)}
    result = evaluate(key, tmp_path, checker=lambda p: Report(None, reports[p.name], Coverage()))
    assert [f.location.line for f in result.documents[0].new_errors] == [60]
    assert result.new_errors == 1
