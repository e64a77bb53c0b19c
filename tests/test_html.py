"""Annotated HTML review copy: escaping, highlights at the right text, and a real browser run."""

from __future__ import annotations

import re
from html import unescape

import pytest

from _report_samples import HOSTILE, IN_VIEW, chromium_page, load_sample
from checker.engine import Report
from checker.model import Finding
from checker.report.html import render_html


@pytest.fixture()
def rendered(tmp_path):
    document, report = load_sample(tmp_path)
    html = render_html(report, {"fp-sum": {"decision": "confirm", "note": "已与单位核实"}})
    return document, report, html


def _marked_text(html: str, anchor: str) -> str:
    m = re.search(rf'<mark[^>]*><a class="anchor" id="{anchor}"></a>(.*?)(?:<sup>|</mark>)', html)
    assert m, anchor
    return unescape(m.group(1))


def test_untrusted_text_is_escaped(rendered):
    _, _, html = rendered
    assert html.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<b>不应加粗</b>" not in html
    assert "&lt;表述&gt;" in html  # finding messages are untrusted too


def test_each_finding_is_highlighted_at_its_span(rendered):
    _, report, html = rendered
    by_rule = {
        f.rule: i
        for i, f in enumerate(sorted(report.findings, key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity]))
    }
    assert _marked_text(html, f"at-{by_rule['GRW001']}") == "31.20 万元，增长 1.39%"
    assert _marked_text(html, f"at-{by_rule['SUM001']}") == "210.00"
    related = re.findall(r'<mark class="hl sev-warning rel"[^>]*>(.*?)</mark>', html)
    assert related == ["200.00"]


def test_notes_header_and_decisions(rendered):
    document, report, html = rendered
    for finding in report.findings:
        assert finding.rule in html
    assert "31.20 / (256.40 - 31.20) = 13.85%" in html
    assert "confirm" in html and "已与单位核实" in html
    assert "数值 12 个" in html and "不符 2" in html
    assert document.sha256[:16] in html


def test_in_headless_chromium(rendered, tmp_path):
    _, report, html = rendered
    page_file = tmp_path / "notes.html"
    page_file.write_text(html, encoding="utf-8")
    with chromium_page() as (page, problems):
        page.goto(page_file.as_uri())
        assert page.evaluate("window.__pwned") is None
        assert HOSTILE.split("：")[1][:8] in page.inner_text("main")

        def in_view(selector: str) -> bool:
            return page.evaluate(IN_VIEW, selector)

        # the table finding sits below eighty paragraphs: out of view until its entry is clicked
        table_item = next(
            i
            for i, f in enumerate(
                sorted(report.findings, key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity])
            )
            if f.rule == "SUM001"
        )
        assert not in_view(f"#at-{table_item}")
        page.click(f'#finding-list li[data-target="{table_item}"]')
        page.wait_for_function(IN_VIEW, arg=f"#at-{table_item}", timeout=3000)
        page.click('#finding-list li[data-target="0"]')
        page.wait_for_function(IN_VIEW, arg="#at-0", timeout=3000)

        page.uncheck('.sev-filter[value="error"]')
        assert page.locator('#finding-list li[data-severity="error"]').is_hidden()
        assert page.locator('#finding-list li[data-severity="warning"]').is_visible()
        page.select_option("#category-filter", "claim")
        assert page.locator('#finding-list li[data-severity="warning"]').is_hidden()
        assert page.locator('#finding-list li[data-category="claim"]').is_visible()
        assert problems == []
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") == "none"
        assert page.pdf(format="A4").startswith(b"%PDF-")


def test_a_finding_on_a_whole_table_gets_an_anchor(tmp_path):
    document, report = load_sample(tmp_path)
    table = next(document.tables())
    finding = Finding(
        "TBL001", "table-check", "table", "warning", "exact", "表内合计不符", table.locate(), "", fingerprint="fp-table"
    )
    html = render_html(Report(document, (finding,)))
    assert re.search(r'<a class="anchor" id="at-0"></a>\s*<table class="doc flagged"', html)
