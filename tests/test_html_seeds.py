"""Review outputs on the real reports (read from ../shared at run time): every finding the
engine makes is highlighted at its text in the browser, and the Word memo opens in LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import pytest

from _report_samples import IN_VIEW, chromium_page
from checker.engine import check_document
from checker.ingest import load_document
from checker.model import Table
from checker.report.docx_review import write_review
from checker.report.html import render_html


@pytest.fixture(scope="module")
def seed_reports(seeds_dir):
    return [check_document(load_document(p)) for p in sorted(seeds_dir.glob("*.txt"))]


def _span_text(report, finding) -> str:
    block = report.document.block(finding.location.block)
    text = " ".join(c.raw for c in block.cells()) if isinstance(block, Table) else block.raw
    start, end = finding.location.start, finding.location.end
    return text[start:end] if end > start else text


def test_every_finding_is_highlighted_at_its_text(seed_reports):
    for report in seed_reports:
        html = render_html(report)
        for index, finding in enumerate(report.findings):
            m = re.search(rf'<a class="anchor" id="at-{index}"></a>(.*?)(?:<sup>|</mark>)', html)
            assert m, (report.document.path, finding.rule)
            marked = unescape(re.sub(r"<[^>]+>", "", m.group(1)))
            assert marked and _span_text(report, finding).startswith(marked), (finding.rule, marked)


def test_seed_pages_in_headless_chromium(seed_reports, tmp_path):
    with chromium_page() as (page, problems):
        for n, report in enumerate(seed_reports):
            path = tmp_path / f"seed{n}.html"
            path.write_text(render_html(report), encoding="utf-8")
            page.goto(path.as_uri())
            count = len(report.findings)
            assert page.locator("#finding-list li").count() == count
            for index in range(count):
                page.click(f'#finding-list li[data-target="{index}"]')
                page.wait_for_function(IN_VIEW, arg=f"#at-{index}", timeout=3000)
        assert problems == []


def test_seed_memos_open_in_libreoffice(seed_reports, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    memos = []
    for n, report in enumerate(seed_reports):
        memos.append(tmp_path / f"seed{n}.docx")
        write_review(report, memos[-1])
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, memos),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    for memo in memos:
        assert memo.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
