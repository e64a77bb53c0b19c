"""A small synthetic report and hand-made findings for the output tests (HTML, Markdown, Word,
batch), so they run without depending on which rules exist."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from checker.engine import Report
from checker.ingest import load_document
from checker.model import Coverage, Document, Finding, Paragraph, Table

GROWTH = "本年收入合计 256.40 万元，比上年增加 31.20 万元，增长 1.39%。"
HOSTILE = "备注：<script>window.__pwned = 1</script> & <b>不应加粗</b>"

SAMPLE_TEXT = "\n".join(
    [
        "某某局2024年度部门决算说明",
        "",
        "一、收入支出决算总体情况",
        GROWTH,
        HOSTILE,
        *[f"（{i}）第{i}项业务按计划推进，全年支出 {i}.00 万元。" for i in range(1, 80)],
        "二、财政拨款支出决算情况",
        "表1 支出决算表",
        "\t项目",
        "\t金额",
        "",
        "\t基本支出",
        "\t120.00",
        "",
        "\t项目支出",
        "\t80.00",
        "",
        "\t合计",
        "\t210.00",
        "",
        "",
        "本年支出合计 200.00 万元。",
        "",
    ]
)


def write_sample(directory: Path, name: str = "sample.txt", text: str = SAMPLE_TEXT) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def paragraph_with(document: Document, needle: str) -> Paragraph:
    return next(p for p in document.paragraphs() if needle in p.text)


def sample_report(document: Document) -> Report:
    """Three findings: a growth mismatch in prose, a table sum on one cell with a related cell
    in prose, and an info note on the last paragraph."""
    growth = paragraph_with(document, "增长 1.39%")
    start = growth.text.index("31.20")
    end = growth.text.index("%") + 1
    table = next(document.tables())
    total = next(c for c in table.cells() if c.text.strip() == "210.00")
    prose = paragraph_with(document, "本年支出合计 200.00")
    p_start = prose.text.index("200.00")
    last = [p for p in document.paragraphs()][-1]
    findings = (
        Finding(
            "GRW001",
            "growth-rate-mismatch",
            "arith.growth",
            "error",
            "exact",
            "增长率与增减额不符：31.20 ÷ (256.40 − 31.20) = 13.85%，文中为 1.39%",
            growth.locate(start, end),
            growth.raw,
            stated="1.39%",
            expected="13.85%",
            expr="31.20 / (256.40 - 31.20)",
            fingerprint="fp-growth",
        ),
        Finding(
            "SUM001",
            "sum-mismatch",
            "arith.sum",
            "warning",
            "aligned",
            "合计与分项不符：120.00 + 80.00 = 200.00，表中为 210.00",
            total.locate(),
            total.raw,
            stated="210.00",
            expected="200.00",
            expr="120.00 + 80.00",
            related=(prose.locate(p_start, p_start + 6),),
            fingerprint="fp-sum",
        ),
        Finding(
            "CLM001",
            "claim-check",
            "claim",
            "info",
            "exact",
            "请核对<表述>与数字是否一致",
            last.locate(0, 4),
            last.raw,
            fingerprint="fp-info",
        ),
    )
    return Report(
        document,
        findings,
        Coverage(quantities=12, statements=3, checks={"pass": 5, "fail": 2, "uncertain": 1, "not_applicable": 0}),
    )


def load_sample(directory: Path) -> tuple[Document, Report]:
    document = load_document(write_sample(directory))
    assert isinstance(next(document.tables()), Table)
    return document, sample_report(document)


IN_VIEW = """sel => { const r = document.querySelector(sel).parentElement.getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= window.innerHeight; }"""
"""JS: is the highlight holding the anchor ``sel`` inside the viewport."""


@contextmanager
def chromium_page():
    """A page in the system's headless Chromium (never a downloaded browser), and the list its
    console errors and uncaught exceptions go to; skips when Playwright or Chromium is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("system chromium not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 700})
            problems: list[str] = []
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            yield page, problems
        finally:
            browser.close()
