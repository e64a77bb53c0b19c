"""`jiaohe check` and `jiaohe rules`: output formats, exit statuses, bad inputs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

FLAWED = "一、说明\n\n项目支出比上年减少2.50万元，主要原因是：……。\n"
CLEAN = "一、说明\n\n项目支出比上年减少2.50万元，主要原因是会议费压减。\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


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
    assert set(finding) == {
        "rule",
        "name",
        "category",
        "severity",
        "confidence",
        "message",
        "location",
        "excerpt",
        "related",
        "stated",
        "expected",
        "expr",
        "fingerprint",
    }
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
    assert "检查内容" in doc.stdout and "示例（合规）" in doc.stdout
    assert run("rules", "NOPE999").returncode == 2


def test_config_file_is_honoured(reports, tmp_path):
    (tmp_path / "jiaohe.toml").write_text('ignore = ["TPL001"]\n', encoding="utf-8")
    res = run("check", str(reports["flawed"]), "--fail-on", "info")
    assert res.returncode == 0 and "TPL001" not in res.stdout


def test_default_format_is_colour_on_a_terminal_and_plain_in_a_pipe(reports):
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        res = subprocess.run(
            [sys.executable, "-m", "checker", "check", str(reports["flawed"]), "--fail-on", "none"],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once the child has exited and all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert res.returncode == 0
    on_terminal = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in on_terminal and "TPL001" in on_terminal
    piped = run("check", str(reports["flawed"]), "--fail-on", "none").stdout
    assert "\x1b[" not in piped and piped.startswith(f"{reports['flawed']}:3: warning TPL001 ")


def test_db_shows_reviewer_decisions(reports, tmp_path):
    from checker.batch.store import connect, set_decision

    data = json.loads(run("check", str(reports["flawed"]), "--format", "json").stdout)
    fingerprint = data["findings"][0]["fingerprint"]
    db = tmp_path / "findings.sqlite"
    conn = connect(db)
    set_decision(conn, fingerprint, "dismiss", "单位已补充说明")
    conn.close()
    text = run("check", str(reports["flawed"]), "--db", str(db)).stdout
    assert "TPL001" in text and "[dismiss: 单位已补充说明]" in text.splitlines()[0]
    md = run("check", str(reports["flawed"]), "--db", str(db), "--format", "md").stdout
    assert "复核：驳回（单位已补充说明）" in md
    missing = run("check", str(reports["flawed"]), "--db", str(tmp_path / "none.sqlite"))
    assert missing.returncode == 2 and "none.sqlite" in missing.stderr and "Traceback" not in missing.stderr
