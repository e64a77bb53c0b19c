"""Archive scan: isolation of bad documents, resume after kill -9, decisions, exports, cross-document reuse."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

from checker.batch import store
from checker.batch.reviewed import export_html
from checker.batch.scan import scan
from checker.batch.tables import archive_statistics, export_csv
from checker.batch.workbook import export_xlsx
from checker.batch.worker import analyse

REPO = Path(__file__).resolve().parents[1]
REASON = "偏差原因：受项目招标流程延长影响，采购合同签订时间推迟，导致资金支付进度慢于年初计划安排。"


def _report(unit: str, year: int, extra: str = "") -> str:
    return (
        f"{unit}{year}年度部门整体支出绩效自评报告\n\n一、基本情况\n"
        f"本年支出 {year - 1900}.50 万元，执行率 92.00%。{REASON}\n{extra}\n"
        "二、绩效目标完成情况\n本年收入合计 256.40 万元，比上年增加 31.20 万元，增长 13.85%。\n"
    )


def _archive(root: Path, n: int) -> Path:
    folder = root / "archive"
    folder.mkdir()
    units = ["甲县农业农村局", "乙县水利局", "丙县交通运输局", "丁县卫生健康委员会"]
    for i in range(n):
        text = _report(units[i % len(units)], 2020 + i % 5, f"第{i}份。")
        (folder / f"r{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def flaky(path: str) -> dict:
    """A worker task that hangs or dies on marked files, as a pathological document would."""
    name = Path(path).name
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    return analyse(path)


def test_bad_documents_are_isolated_and_the_scan_goes_on(tmp_path):
    folder = _archive(tmp_path, 4)
    (folder / "hang.txt").write_text(_report("戊县", 2021, "挂起"), encoding="utf-8")
    (folder / "crash.txt").write_text(_report("己县", 2021, "崩溃"), encoding="utf-8")
    with zipfile.ZipFile(folder / "broken.docx", "w") as zf:
        zf.writestr("hello.txt", "not a word file")
    db = tmp_path / "f.sqlite"
    summary = scan([str(folder)], db, jobs=2, timeout=2, task=flaky)
    assert (summary.scanned, summary.failed) == (4, 3)
    conn = store.connect(db)
    failures = {Path(r["path"]).name: (r["kind"], r["reason"]) for r in conn.execute("SELECT * FROM failures")}
    assert failures["hang.txt"] == ("timeout", "2 秒内没有结果")
    assert failures["crash.txt"] == ("crash", "工作进程意外退出（退出码 3）")
    assert failures["broken.docx"][0] == "input" and "既不是 Word" in failures["broken.docx"][1]
    # failures are not retried unless asked, but still counted; the good documents are skipped as done
    again = scan([str(folder)], db, jobs=1, timeout=2, task=flaky)
    assert (again.scanned, again.skipped, again.failed, again.failed_before) == (0, 4, 3, 3)


def _state(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute("SELECT sha256, kind, year, unit, chars FROM documents ORDER BY sha256").fetchall()
        findings = conn.execute(
            "SELECT d.sha256, f.fingerprint, f.message FROM findings f JOIN documents d "
            "ON d.id = f.document_id ORDER BY 1, 2"
        ).fetchall()
        explanations = conn.execute(
            "SELECT d.sha256, e.masked FROM explanations e JOIN documents d ON d.id = e.document_id ORDER BY 1, 2"
        ).fetchall()
        coverage = conn.execute("SELECT count(*) FROM coverage").fetchone()[0]
        cross = conn.execute("SELECT fingerprint FROM cross_findings ORDER BY 1").fetchall()
    finally:
        conn.close()
    return docs, findings, explanations, coverage, cross


def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path):
    folder = _archive(tmp_path, 50)
    db = tmp_path / "killed.sqlite"
    command = [sys.executable, "-m", "checker", "scan", str(folder), "--db", str(db), "--jobs", "2"]
    # pinned: other work on the checkout must not change the engine stamp between the two runs
    env = {**os.environ, "JIAOHE_ENGINE": "resume-test"}
    proc = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env
    )
    try:
        stored = 0
        deadline = time.monotonic() + 60
        while stored < 5 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:
                    pass
        assert proc.poll() is None, "the scan finished before it could be interrupted"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the orphaned workers of the killed scan
        except ProcessLookupError:
            pass
    interrupted = _state(db)[0]
    assert 5 <= len(interrupted) < 50
    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(interrupted)} 份已在" in resumed.stdout

    clean_db = tmp_path / "clean.sqlite"
    scan([str(folder)], clean_db, jobs=2)
    after, clean = _state(db), _state(clean_db)
    assert len(after[0]) == 50
    assert after == clean


def test_decisions_survive_rescans_and_show_in_exports(tmp_path):
    folder = _archive(tmp_path, 3)
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    fingerprint = conn.execute("SELECT fingerprint FROM cross_findings ORDER BY id").fetchone()[0]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "review",
            fingerprint[:12],
            "dismiss",
            "--db",
            str(db),
            "--note",
            "模板化表述，已知",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "checker", "review", "ffffffff", "confirm", "--db", str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "没有问题的指纹是这个" in bad.stderr
    (folder / "extra.txt").write_text(_report("庚县财政局", 2023), encoding="utf-8")
    scan([str(folder)], db, jobs=1, retry_failed=True)
    assert store.decisions(conn) == {fingerprint: {"decision": "dismiss", "note": "模板化表述，已知"}}

    export_xlsx(conn, tmp_path / "out.xlsx")
    sheets = pd.read_excel(tmp_path / "out.xlsx", sheet_name=None)
    assert set(sheets) == {"汇总", "发现", "失败"}
    findings = sheets["发现"]
    assert findings.loc[findings["指纹"] == fingerprint, "复核"].tolist() == ["驳回"]
    summary = sheets["汇总"].set_index("单位")
    assert len(summary) == 4
    xdoc = findings[findings["规则"] == "XDOC001"].groupby("单位").size()
    for unit, n in xdoc.items():
        assert summary.loc[unit, "套话"] >= n
    printed = subprocess.run(
        [sys.executable, "-m", "checker", "report", "--db", str(db)], cwd=REPO, capture_output=True, text=True
    )
    assert printed.returncode == 0 and "XDOC001" in printed.stdout and "复核意见 1 条" in printed.stdout
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "export",
            "--db",
            str(tmp_path / "none.sqlite"),
            "--csv",
            str(tmp_path / "csv"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "none.sqlite" in missing.stderr
    written = export_csv(conn, tmp_path / "csv")
    assert [p.name for p in written] == ["summary.csv", "findings.csv", "failures.csv"]
    assert pd.read_csv(written[1]).shape[0] == findings.shape[0]
    conn.close()


def test_reused_reason_across_units_is_a_cross_document_finding(tmp_path):
    folder = _archive(tmp_path, 2)
    own = REASON.replace("受项目招标流程延长影响，采购合同签订时间推迟", "因极端天气停工两个月，主体工程顺延至次年")
    (folder / "own.txt").write_text(_report("辛县林业和草原局", 2024).replace(REASON, own), encoding="utf-8")
    near = REASON.replace("年初计划安排", "年初计划")
    (folder / "near.txt").write_text(_report("壬县应急管理局", 2022).replace(REASON, near), encoding="utf-8")
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    rows = conn.execute(
        "SELECT d.unit, x.severity, x.message FROM cross_findings x "
        "JOIN documents d ON d.id = x.document_id ORDER BY d.unit"
    ).fetchall()
    severity = {r["unit"]: r["severity"] for r in rows}
    assert severity == {"乙县水利局": "warning", "甲县农业农村局": "warning", "壬县应急管理局": "info"}
    stats = archive_statistics(conn)
    assert stats["totals"].iloc[0]["documents"] == 4
    assert "XDOC001" in set(stats["rules"]["rule"])
    conn.close()


def _accounts(year: int, lines: list[str]) -> str:
    return (
        f"癸县财政局{year}年度部门决算说明\n\n第一部分 部门概况\n一、部门职责\n负责全县财政收支管理。\n"
        "第二部分 部门决算情况说明\n一、一般公共预算财政拨款支出决算情况说明\n" + "\n".join(lines) + "\n"
    )


def test_prior_year_figure_is_checked_against_last_years_report(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "2023.txt").write_text(
        _accounts(
            2023,
            [
                "1.一般公共服务支出（类）财政事务（款）行政运行（项）：支出决算数为 640.00 万元，比上年决算增加 20.00 万元，增长 3.23%。",
                "2.一般公共服务支出（类）财政事务（款）一般行政管理事务（项）：支出决算数为 190.89 万元，比上年决算减少 9.11 万元，下降 4.56%。",
            ],
        ),
        encoding="utf-8",
    )
    (folder / "2024.txt").write_text(
        _accounts(
            2024,
            [
                "1.一般公共服务支出(类)财政事务(款)行政运行(项)：支出决算数为 664.87 万元，比上年决算增加 33.35 万元，增长 5.28%。",
                "2.一般公共服务支出（类）财政事务（款）一般行政管理事务（项）：支出决算数为 259.76 万元，比上年决算增加 68.87 万元，增长 36.08%。",
            ],
        ),
        encoding="utf-8",
    )
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    rows = conn.execute(
        "SELECT d.year, x.line, x.other_line, x.message FROM cross_findings x "
        "JOIN documents d ON d.id = x.document_id WHERE x.rule = 'XDOC002'"
    ).fetchall()
    conn.close()
    assert len(rows) == 1
    year, line, other_line, message = rows[0]
    assert (year, line, other_line) == (2024, 8, 8)
    assert "664.87 − 33.35 = 631.52万元" in message and "640.00 万元" in message


def test_html_export_rebuilds_each_document_with_its_decisions(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "甲县农业农村局2024年度部门决算说明\n一、收入支出决算总体情况\n"
        "本年收入合计 256.40 万元，比上年增加 31.20 万元，增长 1.39%。\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(_report("乙县水利局", 2024), encoding="utf-8")
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    fingerprint = conn.execute("SELECT fingerprint FROM findings WHERE rule = 'GRW001'").fetchone()[0]
    store.set_decision(conn, fingerprint, "confirm", "已退回单位修改")
    (folder / "b.txt").write_text("改过了", encoding="utf-8")  # changed since the scan: not rebuilt
    written, skipped = export_html(conn, tmp_path / "html")
    conn.close()
    assert [Path(p).name for p in skipped] == ["b.txt"]
    html = written[0].read_text(encoding="utf-8")
    assert re.search(r'<mark[^>]*><a class="anchor" id="at-0"></a>', html)
    assert "复核：确认 — 已退回单位修改" in html
    # the index links the rebuilt copy and names the document that could not be rebuilt
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert f'href="{written[0].name}"' in index and "b.txt" in index and "未生成审阅稿" in index


def test_the_same_unit_named_with_its_second_name_is_one_owner(tmp_path):
    folder = _archive(tmp_path, 1)
    first = next(folder.iterdir()).read_text(encoding="utf-8")
    unit = "甲县农业农村局"
    (folder / "copy.txt").write_text(first.replace(unit, f"{unit}（甲县乡村振兴局）", 1) + "另存。\n", encoding="utf-8")
    db = tmp_path / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    units = {r[0] for r in conn.execute("SELECT unit FROM documents")}
    crossed = conn.execute("SELECT count(*) FROM cross_findings").fetchone()[0]
    conn.close()
    assert units == {unit, f"{unit}（甲县乡村振兴局）"}
    assert crossed == 0
