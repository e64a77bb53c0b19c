"""Annotated review copy as one self-contained HTML file (inline CSS and JS, works offline).

The document is shown block by block with every finding highlighted at its span (related spans
of a conflict are outlined), a note beside the block for each finding located in it, and a list
of all findings, filterable by severity and category, whose entries jump to their highlight.
Document text is untrusted: the template autoescapes everything it prints.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

from jinja2 import Environment, PackageLoader, select_autoescape

from checker import __version__
from checker.engine import Report
from checker.i18n import Words, name_of, t
from checker.model import SEVERITY_ORDER, Finding, Location, Paragraph, Table
from checker.report.annotate import Segment, marks_by_text, owner_block, segments
from checker.structure import section_titles
from checker.report.text import decision_word, fingerprint_tag
from checker.rules import title_of

_ENV = Environment(
    loader=PackageLoader("checker.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

KIND_NAMES = Words("kind")
SEVERITY_NAMES = Words("severity")


def coverage_line(coverage) -> str:
    checks = coverage.checks
    return t(
        "coverage.line",
        quantities=coverage.quantities,
        statements=coverage.statements,
        passed=checks.get("pass", 0),
        failed=checks.get("fail", 0),
        uncertain=checks.get("uncertain", 0),
        not_applicable=checks.get("not_applicable", 0),
    )


def place(location: Location) -> str:
    """Where a finding is, for a reader: page and line, or the block id when there is no line."""
    if not location.line:
        return location.block
    if location.page:
        return t("where.page_line", page=location.page, line=location.line)
    return t("where.line", line=location.line)


def render_html(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The annotated review copy; ``decisions`` maps a fingerprint to {"decision", "note"}."""
    return _ENV.get_template("review.html.j2").render(review_context(report, decisions))


def review_context(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> dict:
    """What review.html.j2 shows; `jiaohe serve` renders it in a template that extends that one."""
    decisions = decisions or {}
    document = report.document
    findings = list(report.findings)
    marks = marks_by_text(findings)
    notes: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        notes.setdefault(owner_block(document, finding.location.block), []).append(index)
    titles = section_titles(document)
    anchored: set[int] = set()

    def spans(text: str, block_id: str) -> list[dict]:
        return [_span(seg, findings, anchored) for seg in segments(text, marks.get(block_id, ()))]

    blocks = []
    for block in document.blocks:
        entry = {"id": block.id, "notes": notes.get(block.id, []), "section": titles.get(block.id, "")}
        if isinstance(block, Paragraph):
            entry.update(
                kind="p", heading=block.heading.level if block.heading else None, spans=spans(block.raw, block.id)
            )
        elif isinstance(block, Table):
            whole = marks.get(block.id, ())
            # no caption element: the caption is text the document shows anyway (a first row
            # or the paragraph before), and the copy should read like the original
            entry.update(
                kind="table",
                whole=sorted({m.finding for m in whole}),
                rows=[[{"id": c.id, "spans": spans(c.raw, c.id)} for c in row] for row in block.rows],
            )
        blocks.append(entry)

    items = [
        {
            "index": i,
            "f": f,
            "line": f.location.line,
            "page": f.location.page,
            "decision": decisions.get(f.fingerprint),
            "fp": fingerprint_tag(f.fingerprint),
            "title": title_of(f.rule, f.name),
            "place": place(f.location) if f.location.line else "",
            "category": name_of("category", f.category),
        }
        for i, f in enumerate(findings)
    ]
    by_severity = Counter(f.severity for f in findings)
    return dict(
        document=document,
        kind_name=KIND_NAMES.get(document.kind, document.kind),
        coverage=coverage_line(report.coverage),
        blocks=blocks,
        findings=items,
        severities=[(s, SEVERITY_NAMES[s], by_severity.get(s, 0)) for s in ("error", "warning", "info")],
        categories=[(c, name_of("category", c), n) for c, n in sorted(Counter(f.category for f in findings).items())],
        version=__version__,
        t=t,
        decision_word=decision_word,
        lang=t("html.lang"),
    )


def _span(segment: Segment, findings: list[Finding], anchored: set[int]) -> dict:
    """A run of text for the template: its marks' finding numbers, the worst severity, and the
    anchor id the findings list jumps to (on the first run of a finding's primary span)."""
    if not segment.marks:
        return {"text": segment.text}
    ids = sorted({m.finding for m in segment.marks})
    primary = sorted({m.finding for m in segment.marks if m.primary})
    worst = max((findings[i].severity for i in ids), key=lambda s: SEVERITY_ORDER.get(s, 0))
    anchors = [i for i in primary if i not in anchored]
    anchored.update(anchors)
    return {"text": segment.text, "ids": ids, "severity": worst, "related": not primary, "anchors": anchors}


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The `jiaohe check --format html` renderer."""
    return render_html(report, decisions)
