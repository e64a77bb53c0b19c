"""What a reviewer opens after a scan: the Excel workbook (Chinese headers, filters, frozen header,
widths, severity colours, relative paths, links to the HTML review copies) and the index page of
`export --html`."""

from __future__ import annotations

import html as htmlmod
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from urllib.parse import unquote

from checker.batch import store
from checker.batch.scan import scan
from checker.model import CATEGORIES
from checker.report.labels import CATEGORY_NAMES

REPO = Path(__file__).resolve().parents[1]
GROWTH = "本年支出合计120.50万元，比上年增加10.50万元，增长19.55%。\n"
PLACEHOLDER = "项目支出比上年减少2.50万元，主要原因是：……。\n"


def _report(unit: str) -> str:
    return f"{unit}2024年度部门决算说明\n\n一、收入支出决算总体情况\n\n{GROWTH}\n{PLACEHOLDER}"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """A scanned folder of three reports in two sub-folders (one with a name that is markup),
    one broken file, and a reviewer's decision."""
    root = tmp_path_factory.mktemp("exports")
    folder = root / "档案"
    (folder / "2024" / "甲县").mkdir(parents=True)
    (folder / "2024" / "乙县").mkdir(parents=True)
    (folder / "2024" / "甲县" / "决算说明.txt").write_text(_report("甲县水务局"), encoding="utf-8")
    (folder / "2024" / "乙县" / "决算说明.txt").write_text(_report("乙县水务局"), encoding="utf-8")
    (folder / "2024" / "乙县" / "<img src=x>&.txt").write_text(_report("丙县水务局"), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip archive")
    db = root / "f.sqlite"
    scan([str(folder)], db, jobs=1)
    conn = store.connect(db)
    fingerprint = conn.execute("SELECT fingerprint FROM findings WHERE rule = 'GRW001' ORDER BY id").fetchone()[0]
    store.set_decision(conn, fingerprint, "dismiss", "单位已说明")
    conn.close()
    return root, db


@pytest.fixture(scope="module")
def exported(archive) -> tuple[Path, Path]:
    root, db = archive
    out, notes = root / "out" / "审阅.xlsx", root / "out" / "notes"
    out.parent.mkdir()
    done = run("export", "--db", str(db), "--xlsx", str(out), "--html", str(notes))
    assert done.returncode == 0, done.stderr
    return out, notes


def _rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_workbook_headers_are_chinese_labels(exported):
    book = openpyxl.load_workbook(exported[0])
    assert book.sheetnames == ["汇总", "发现", "失败"]
    headers = [c.value for ws in book.worksheets for c in ws[1]]
    assert not [h for h in headers if not re.search(r"[\u4e00-\u9fff]", h)], headers
    assert not [h for h in headers if h.startswith("n_") or "." in h]
    summary = [c.value for c in book["汇总"][1]]
    assert {"错误", "警告", "提示", "合计", "增减", "模板残留"} <= set(summary)
    assert len(set(summary)) == len(summary) and len(summary) > len(CATEGORIES)


def test_workbook_is_laid_out_for_reading(exported):
    book = openpyxl.load_workbook(exported[0])
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in sheet[1])
    findings = book["发现"]
    header = [c.value for c in findings[1]]
    message = openpyxl.utils.get_column_letter(header.index("说明") + 1)
    assert findings.column_dimensions[message].width >= 40
    assert findings[f"{message}2"].alignment.wrap_text
    severity = header.index("级别")
    fills = {row[severity].value: row[severity].fill.fgColor.rgb for row in findings.iter_rows(min_row=2)}
    assert {"错误", "警告"} <= set(fills)
    assert len(set(fills.values())) == len(fills), "each severity has its own colour"


def test_workbook_paths_are_relative_and_link_the_review_copies(exported):
    out, notes = exported
    book = openpyxl.load_workbook(out)
    rows = _rows(book["汇总"])
    assert sorted(r["文件"] for r in rows) == [
        "2024/乙县/<img src=x>&.txt",
        "2024/乙县/决算说明.txt",
        "2024/甲县/决算说明.txt",
    ]
    assert [r["文件"] for r in _rows(book["失败"])] == ["broken.docx"]
    assert [r["失败类型"] for r in _rows(book["失败"])] == ["无法读取"]
    header = [c.value for c in book["汇总"][1]]
    links = [row[header.index("审阅稿")].hyperlink for row in book["汇总"].iter_rows(min_row=2)]
    assert all(links)
    for link in links:
        assert link.target.startswith("./notes/")
        assert (out.parent / link.target).is_file()
    findings = _rows(book["发现"])
    assert {r["复核"] for r in findings} >= {"驳回", None}
    assert {r["类别"] for r in findings} <= set(CATEGORY_NAMES.values())


def test_workbook_without_notes_has_no_links(archive, tmp_path):
    _, db = archive
    assert run("export", "--db", str(db), "--xlsx", str(tmp_path / "a.xlsx")).returncode == 0
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["汇总"]
    assert not any(c.hyperlink for row in sheet.iter_rows() for c in row)


def test_counts_are_per_document(exported):
    rows = _rows(openpyxl.load_workbook(exported[0])["汇总"])
    assert all(r["错误"] >= 1 for r in rows)
    assert len({r["文件"] for r in rows}) == len(rows)


def test_the_index_page_lists_and_links_every_document(exported):
    _, notes = exported
    index = (notes / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"]+)">', index))
    assert len(links) == 3
    for link in links:
        assert (notes / unquote(link)).is_file()
    # a file name that is markup is shown as text
    assert "<img src=x>&" not in index and htmlmod.escape("2024/乙县/<img src=x>&.txt") in index
    assert "甲县水务局" in index and "broken.docx" in index and "无法读取" in index
    rows = re.findall(r"<tr>(.*?)</tr>", index, re.S)
    assert any('class="n error hit">1<' in r for r in rows)


def test_own_workbook_with_chinese_headers_is_still_no_report(exported):
    res = run("check", str(exported[0]))
    assert res.returncode == 2 and "不是报告：这是 jiaohe 导出的问题清单工作簿" in res.stderr
