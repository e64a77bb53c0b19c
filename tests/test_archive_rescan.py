"""Re-scanning an archive: an edited file replaces its earlier record, earlier failures stay
counted, `scan` fails when a document failed and applies the settings `check` applies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.batch import store
from checker.batch.scan import scan
from checker.batch.tables import archive_statistics, summary_frame

REPO = Path(__file__).resolve().parents[1]

# two slips of our own: a growth rate that does not follow from the change, and a placeholder reason
GROWTH = "本年支出合计120.50万元，比上年增加10.50万元，增长19.55%。\n"
PLACEHOLDER = "项目支出比上年减少2.50万元，主要原因是：……。\n"


def _report(tail: str = "") -> str:
    return f"丙县水务局2024年度部门决算说明\n\n一、收入支出决算总体情况\n\n{GROWTH}\n{PLACEHOLDER}\n{tail}"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def _counts(db: Path) -> tuple[int, int]:
    conn = store.connect(db)
    try:
        return tuple(
            conn.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM failures)").fetchone()
        )
    finally:
        conn.close()


# -- an edited file replaces its earlier record --------------------------------------------------


def test_an_edited_file_replaces_its_earlier_record_and_keeps_decisions(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    report = folder / "r.txt"
    report.write_text(_report(), encoding="utf-8")
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    before = {r["rule"]: r["fingerprint"] for r in conn.execute("SELECT rule, fingerprint FROM findings")}
    assert "GRW001" in before
    store.set_decision(conn, before["GRW001"], "confirm", "已核对")

    report.write_text(_report("二、其他说明\n\n本单位无其他需要说明的事项。\n"), encoding="utf-8")
    again = scan([str(folder)], db, jobs=1)
    assert (again.scanned, again.skipped) == (1, 0)
    assert _counts(db) == (1, 0)
    summary = summary_frame(conn)
    assert len(summary) == 1
    assert summary["n_error"].tolist() == [
        conn.execute("SELECT count(*) FROM findings WHERE severity = 'error'").fetchone()[0]
    ]
    # the slip the edit did not touch is the same finding: the reviewer's decision still applies
    after = {r["rule"]: r["fingerprint"] for r in conn.execute("SELECT rule, fingerprint FROM findings")}
    assert after["GRW001"] == before["GRW001"]
    assert store.decisions(conn)[before["GRW001"]]["decision"] == "confirm"
    totals = archive_statistics(conn)["totals"].iloc[0]
    assert totals["documents"] == 1
    conn.close()


def test_a_new_engine_replaces_the_records_of_the_old_one(tmp_path, monkeypatch):
    import checker.batch.scan as scanning

    report = tmp_path / "r.txt"
    report.write_text(_report(), encoding="utf-8")
    db = tmp_path / "f.sqlite"
    monkeypatch.setattr(scanning, "engine_version", lambda: "old")
    scan([str(report)], db, jobs=1)
    monkeypatch.setattr(scanning, "engine_version", lambda: "new")
    scan([str(report)], db, jobs=1)
    assert _counts(db) == (1, 0)


def test_a_file_that_now_reads_replaces_its_earlier_failure(tmp_path):
    import docx

    report = tmp_path / "r.docx"
    report.write_bytes(b"PK\x03\x04 not a zip archive")
    db = tmp_path / "f.sqlite"
    assert scan([str(report)], db, jobs=1).failed == 1
    # a repaired upload under the same name
    word = docx.Document()
    for line in _report().splitlines():
        word.add_paragraph(line)
    word.save(report)
    assert scan([str(report)], db, jobs=1).scanned == 1
    assert _counts(db) == (1, 0)


# -- scan: earlier failures, exit status, settings ------------------------------------------------


def test_a_rescan_counts_the_failures_it_does_not_retry(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "good.txt").write_text(_report(), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip archive")
    db = tmp_path / "f.sqlite"
    first = scan([str(folder)], db, jobs=1)
    assert (first.scanned, first.failed) == (1, 1)
    again = scan([str(folder)], db, jobs=1)
    assert (again.scanned, again.skipped, again.failed) == (0, 1, 1)
    [(path, kind, reason)] = again.failures
    assert path.endswith("broken.docx") and kind == "input" and "--retry-failed" in reason


def test_scan_exits_1_when_a_document_failed(tmp_path):
    (tmp_path / "good.txt").write_text(_report(), encoding="utf-8")
    good = run("scan", str(tmp_path / "good.txt"), "--db", str(tmp_path / "f.sqlite"))
    assert good.returncode == 0, good.stderr
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip archive")
    res = run("scan", str(tmp_path), "--db", str(tmp_path / "f.sqlite"))
    assert res.returncode == 1 and "1 份失败" in res.stdout
    # the failure is still there on the next run, which says so and fails again
    res = run("scan", str(tmp_path), "--db", str(tmp_path / "f.sqlite"))
    assert res.returncode == 1 and "1 份失败" in res.stdout and "broken.docx" in res.stderr


def _rules(db: Path) -> set[str]:
    conn = store.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT rule FROM findings")}
    finally:
        conn.close()


def test_scan_applies_the_settings_file(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "r.txt").write_text(_report(), encoding="utf-8")
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    assert "GRW001" in _rules(db)
    (folder / "jiaohe.toml").write_text('ignore = ["GRW"]\n[severity]\nTPL001 = "info"\n', encoding="utf-8")
    # other settings give other findings: the stored result is not reused, and it is replaced
    again = scan([str(folder)], db, jobs=1)
    assert (again.scanned, again.skipped) == (1, 0)
    rules = _rules(db)
    assert rules and not any(r.startswith("GRW") for r in rules)
    conn = store.connect(db)
    assert {r[0] for r in conn.execute("SELECT severity FROM findings WHERE rule = 'TPL001'")} == {"info"}
    conn.close()
    assert _counts(db) == (1, 0)


def test_scan_select_and_ignore_as_check_does(tmp_path):
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    db = tmp_path / "f.sqlite"
    scan([str(tmp_path / "r.txt")], db, jobs=1, select=["GRW"])
    assert _rules(db) == {"GRW001"}
    scan([str(tmp_path / "r.txt")], db, jobs=1, ignore=["GRW"])
    assert "GRW001" not in _rules(db) and _rules(db)


@pytest.mark.parametrize("option", [["--select", "ZZZ999"], ["--ignore", "TPL001,QQ"]])
def test_scan_refuses_unknown_codes(tmp_path, option):
    (tmp_path / "r.txt").write_text(_report(), encoding="utf-8")
    res = run("scan", str(tmp_path / "r.txt"), "--db", str(tmp_path / "f.sqlite"), *option)
    assert res.returncode == 2 and res.stdout == ""
    [line] = res.stderr.splitlines()
    assert "未知的规则代码" in line and "有效的代码" in line and "GRW001" in line
    assert not (tmp_path / "f.sqlite").exists()


def test_a_broken_settings_file_fails_its_documents(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "r.txt").write_text(_report(), encoding="utf-8")
    (folder / "jiaohe.toml").write_text('select = ["GRWX"]\n', encoding="utf-8")
    summary = scan([str(folder)], tmp_path / "f.sqlite", jobs=1)
    assert summary.failed == 1 and "未知的规则代码 GRWX" in summary.failures[0][2]
