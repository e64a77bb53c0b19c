"""`jiaohe check` and `jiaohe rules`: output formats, exit statuses, bad inputs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

FLAWED = "一、说明\n\n项目支出比上年减少2.50万元，主要原因是：……。\n"
CLEAN = "一、说明\n\n项目支出比上年减少2.50万元，主要原因是会议费压减。\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.fixture()
def reports(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("flawed", FLAWED), ("clean", CLEAN)):
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def test_text_output_is_linter_style(reports):
    res = run("check", str(reports["flawed"]), "--fail-on", "warning")
    assert res.returncode == 1
    first = res.stdout.splitlines()[0]
    assert first.startswith(f"{reports['flawed']}:3: warning TPL001 ")


def test_default_fail_on_error_ignores_warnings(reports):
    assert run("check", str(reports["flawed"])).returncode == 0


def test_clean_report_exits_zero(reports):
    res = run("check", str(reports["clean"]), "--fail-on", "info")
    assert res.returncode == 0, res.stdout


def test_json_contract(reports):
    res = run("check", str(reports["flawed"]), "--format", "json", "--fail-on", "none")
    assert res.returncode == 0
    data = json.loads(res.stdout)
    assert data["schema"] == "jiaohe.report/1"
    assert set(data) == {"schema", "tool", "document", "findings", "coverage"}
    assert set(data["document"]) == {"path", "sha256", "kind", "year", "unit"}
    finding = data["findings"][0]
    assert set(finding) == {"rule", "name", "category", "severity", "confidence", "message", "location",
                            "excerpt", "related", "stated", "expected", "expr", "fingerprint"}
    assert set(finding["location"]) == {"line", "end_line", "page", "block", "start", "end"}
    assert set(data["coverage"]["checks"]) == {"pass", "fail", "uncertain", "not_applicable"}
    again = json.loads(run("check", str(reports["flawed"]), "--format", "json").stdout)
    assert [f["fingerprint"] for f in again["findings"]] == [f["fingerprint"] for f in data["findings"]]


def test_ignore_and_select(reports):
    res = run("check", str(reports["flawed"]), "--ignore", "TPL", "--fail-on", "info")
    assert res.returncode == 0 and "TPL001" not in res.stdout
    res = run("check", str(reports["flawed"]), "--select", "GRW001,TPL001", "--fail-on", "info")
    assert res.returncode == 1


def test_bad_file_in_a_list_is_reported_and_the_rest_checked(reports, tmp_path):
    missing = tmp_path / "missing.txt"
    res = run("check", str(missing), str(reports["flawed"]), "--fail-on", "none")
    assert res.returncode == 2
    assert "missing.txt" in res.stderr and "Traceback" not in res.stderr
    assert "TPL001" in res.stdout


def test_unknown_format_and_fail_on_are_usage_errors(reports):
    assert run("check", str(reports["clean"]), "--format", "yaml").returncode == 2
    assert run("check", str(reports["clean"]), "--fail-on", "sometimes").returncode == 2


def test_output_file(reports, tmp_path):
    out = tmp_path / "out.json"
    res = run("check", str(reports["flawed"]), "--format", "json", "-o", str(out))
    assert res.returncode == 0 and res.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]


def test_rules_lists_and_documents():
    listing = run("rules")
    assert listing.returncode == 0 and "TPL001" in listing.stdout
    doc = run("rules", "TPL001")
    assert "What it checks" in doc.stdout and "Compliant" in doc.stdout
    assert run("rules", "NOPE999").returncode == 2


def test_config_file_is_honoured(reports, tmp_path):
    (tmp_path / "jiaohe.toml").write_text('ignore = ["TPL001"]\n', encoding="utf-8")
    res = run("check", str(reports["flawed"]), "--fail-on", "info")
    assert res.returncode == 0 and "TPL001" not in res.stdout
