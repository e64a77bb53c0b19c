"""Word review copy: the original .docx with a comment at each finding, or a review memo.

For a .docx input the comments are anchored at the finding's own text: the paragraph is found
by its text (so this does not depend on how the reader numbers blocks) and the runs are split at
the span's edges, so Word highlights exactly the figures the note is about. For any other input
a memo lists the findings by severity, each with its place, arithmetic and a quote of the source.
"""

from __future__ import annotations

import copy
import io
import re
from collections import Counter
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell as WordCell
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from checker.engine import Report
from checker import i18n
from checker.model import CATEGORIES, Document, Finding, Location, Table
from checker.report.annotate import owner_block, quote
from checker.structure import section_titles
from checker.report.html import KIND_NAMES, SEVERITY_NAMES
from checker.report.labels import CATEGORY_NAMES, DECISION_NAMES, MEMO
from checker.report.text import decision_word, fingerprint_tag

AUTHOR = "jiaohe"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text Word can store: XML 1.0 has no control characters (a text report may hold them)."""
    return _NOT_XML.sub("\ufffd", text)


def comment_text(finding: Finding, decision: Mapping[str, str] | None = None) -> str:
    """The note a reviewer reads: rule, message, and the arithmetic when there is one."""
    text = (
        f"[{SEVERITY_NAMES.get(finding.severity, finding.severity)} {finding.rule}] {finding.message}"
        f" [{fingerprint_tag(finding.fingerprint)}]"
    )
    if finding.expr:
        text += f"\n{i18n.t('label.arithmetic')}{i18n.t('label.colon')}{finding.expr}"
        if finding.expected:
            text += f" = {finding.expected}"
        if finding.stated:
            text += f"{i18n.t('label.semicolon')}{i18n.t('label.stated')} {finding.stated}"
    if decision:
        text += f"\n{i18n.t('label.review')}{i18n.t('label.colon')}{decision_word(decision['decision'])}" + (
            i18n.t("label.paren", text=decision["note"]) if decision.get("note") else ""
        )
    return xml_safe(text)


def build_review(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> tuple[WordDocument, int]:
    """The review document and how many findings got a comment anchored in the text."""
    decisions = decisions or {}
    if report.document.format == "docx":
        return _annotate_copy(report, decisions)
    return _memo(report, decisions), 0


def write_review(report: Report, out: str | Path, decisions: Mapping[str, Mapping[str, str]] | None = None) -> int:
    """Write the review .docx; returns how many findings got a comment anchored in the text."""
    word, anchored = build_review(report, decisions)
    word.save(str(out))
    return anchored


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """The review .docx as bytes (the `jiaohe check --format docx` renderer)."""
    buffer = io.BytesIO()
    build_review(report, decisions)[0].save(buffer)
    return buffer.getvalue()


def _word_paragraphs(container) -> Iterator[WordParagraph]:
    """Every paragraph in reading order, table cells included (each w:tc once)."""
    for item in container.iter_inner_content():
        if isinstance(item, WordParagraph):
            yield item
        elif isinstance(item, WordTable):
            # the w:tc elements themselves: ``row.cells`` resolves vertical merges and raises on
            # a merge continued from above the first row
            for tr in item._tbl.tr_lst:
                for tc in tr.tc_lst:
                    yield from _word_paragraphs(WordCell(tc, item))


def _block_text(document: Document, location: Location) -> str:
    block = document.block(location.block)
    if isinstance(block, Table):  # a finding on a whole table is anchored at its first text
        return next((c.raw for c in block.cells() if c.raw.strip()), "")
    return block.raw


def _find_span(
    paragraphs: Sequence[WordParagraph], texts: Sequence[str], document: Document, location: Location
) -> tuple[int, int, int] | None:
    """(paragraph index, start, end) of a location in the Word file, or None if not found.

    A block may hold several Word paragraphs (a cell's lines joined by newlines), so the span is
    taken to the line it starts in; among paragraphs with that text the one nearest the
    location's paragraph number wins."""
    try:
        raw = _block_text(document, location)
    except KeyError:
        return None
    if not raw:
        return None
    start, end = location.start, max(location.end, location.start)
    line_start = raw.rfind("\n", 0, start) + 1
    line_end = raw.find("\n", start)
    line_end = len(raw) if line_end < 0 else line_end
    line = raw[line_start:line_end]
    start, end = start - line_start, min(end, line_end) - line_start
    if end <= start:
        start, end = 0, len(line)
    near = (location.line or 1) - 1
    # where the reader's text sits in each Word paragraph's text (offset of its first character):
    # equal; inside it (the reader trimmed spaces); or around it (the reader wrote out the
    # automatic list number "1. " that Word keeps outside the text)
    offsets: dict[int, int] = {}
    stripped = line.strip()
    for i, t in enumerate(texts):
        core = t.strip()
        if t == line:
            offsets[i] = 0
        elif stripped and stripped in t:
            offsets[i] = t.index(stripped) - (len(line) - len(line.lstrip()))
        elif len(core) >= max(4, len(stripped) // 2) and core in line:
            offsets[i] = (len(t) - len(t.lstrip())) - line.index(core)
    if not offsets:
        return None
    best = min(offsets, key=lambda i: abs(i - near))
    a, b = start + offsets[best], end + offsets[best]
    if b <= 0:  # the span is the list number itself: anchor the paragraph
        return best, 0, len(texts[best])
    return best, max(0, a), min(len(texts[best]), b)


def _split_run(run: Run, at: int) -> Run:
    """Cut a run in two at a character offset; returns the second half (same formatting)."""
    text = run.text
    twin = copy.deepcopy(run._r)
    run._r.addnext(twin)
    run.text = text[:at]
    second = Run(twin, run._parent)
    second.text = text[at:]
    return second


def _runs_for(paragraph: WordParagraph, start: int, end: int) -> list[Run]:
    """The runs covering [start, end) after splitting at the edges; all runs if the paragraph's
    text is not just its runs (hyperlinks, fields), where splitting would misplace the anchor."""
    runs = list(paragraph.runs)
    if not runs:
        return []
    if "".join(r.text for r in runs) != paragraph.text or end <= start:
        return runs
    pos = 0
    chosen: list[Run] = []
    for run in runs:
        text = run.text
        a, b = pos, pos + len(text)
        pos = b
        if b <= start or a >= end or not text:
            continue
        if a < start:
            run = _split_run(run, start - a)
            a = start
        if b > end:
            _split_run(run, end - a)
        chosen.append(run)
    return chosen or runs


def _annotate_copy(report: Report, decisions: Mapping[str, Mapping[str, str]]) -> tuple[WordDocument, int]:
    word: WordDocument = docx.Document(report.document.path)
    paragraphs = list(_word_paragraphs(word))
    texts = [p.text for p in paragraphs]
    anchored = 0
    unplaced: list[Finding] = []
    for finding in report.findings:
        place = _find_span(paragraphs, texts, report.document, finding.location)
        if place is None:
            unplaced.append(finding)
            continue
        index, start, end = place
        runs = _runs_for(paragraphs[index], start, end)
        if not runs:
            unplaced.append(finding)
            continue
        word.add_comment(runs, comment_text(finding, decisions.get(finding.fingerprint)), author=AUTHOR, initials="JH")
        anchored += 1
    if unplaced:
        # a finding on a whole table, or on text the Word file lays out differently, still gets
        # a comment: on the first paragraph, naming where it is
        first = next((p for p in paragraphs if p.runs), None)
        if first is None:
            first = word.paragraphs[0] if word.paragraphs else word.add_paragraph()
            first.add_run("")
        for finding in unplaced:
            where = (
                i18n.t(
                    "label.paren",
                    text=i18n.t("where.paragraph", line=finding.location.line)
                    + i18n.t("label.comma")
                    + finding.location.block,
                )
                if finding.location.line
                else ""
            )
            word.add_comment(
                first.runs,
                comment_text(finding, decisions.get(finding.fingerprint)) + where,
                author=AUTHOR,
                initials="JH",
            )
    return word, anchored


def _memo(report: Report, decisions: Mapping[str, Mapping[str, str]]) -> WordDocument:
    """A memo laid out for reading: the document's facts and a count table first, then a section
    per severity, each finding a block of its own (what, where, the arithmetic, the source
    text with the span in 【】, the reviewer's decision, the fingerprint)."""
    document = report.document
    word = docx.Document()
    normal = word.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    word.add_heading(xml_safe(MEMO["title"].format(name=document.unit or Path(document.path).name)), level=1)
    findings = report.findings
    _memo_summary(word, report)
    if not findings:
        word.add_paragraph(MEMO["none"])
        return word
    titles = section_titles(document)
    n = 0
    for severity in SEVERITY_ORDER_DESC:
        chosen = [f for f in findings if f.severity == severity]
        if not chosen:
            continue
        name = SEVERITY_NAMES.get(severity, severity)
        word.add_heading(MEMO["by_severity"].format(severity=name, count=len(chosen)), level=2)
        for finding in chosen:
            n += 1
            _memo_finding(word, document, n, finding, titles, decisions.get(finding.fingerprint))
    return word


SEVERITY_ORDER_DESC = ("error", "warning", "info")
_GREY = RGBColor(0x66, 0x66, 0x66)


def _memo_summary(word: WordDocument, report: Report) -> None:
    document = report.document
    word.add_heading(MEMO["summary"], level=2)
    counts = Counter(f.severity for f in report.findings)
    total = "，".join(f"{SEVERITY_NAMES[s]} {counts.get(s, 0)}" for s in SEVERITY_ORDER_DESC)
    facts = (
        (MEMO["file"], document.path),
        (MEMO["unit"], document.unit or "—"),
        (MEMO["kind"], KIND_NAMES.get(document.kind, document.kind)),
        (MEMO["year"], str(document.year or "—")),
        (MEMO["total"], f"{len(report.findings)}（{total}）"),
    )
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        row = table.add_row().cells
        row[0].text = label
        row[1].text = xml_safe(value)
        row[0].paragraphs[0].runs[0].bold = True
    if not report.findings:
        return
    by_category = Counter((f.category, f.severity) for f in report.findings)
    categories = sorted({c for c, _ in by_category}, key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else 99)
    word.add_paragraph()
    table = word.add_table(rows=1, cols=2 + len(SEVERITY_ORDER_DESC))
    table.style = "Table Grid"
    titles = (MEMO["category"], *(SEVERITY_NAMES[s] for s in SEVERITY_ORDER_DESC), MEMO["total"])
    for cell, title in zip(table.rows[0].cells, titles):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for category in categories:
        row = table.add_row().cells
        row[0].text = CATEGORY_NAMES.get(category, category)
        per = [by_category.get((category, s), 0) for s in SEVERITY_ORDER_DESC]
        for cell, value in zip(row[1:], (*per, sum(per))):
            cell.text = str(value)


def _memo_finding(
    word: WordDocument,
    document: Document,
    n: int,
    finding: Finding,
    titles: Mapping[str, str],
    decision: Mapping[str, str] | None,
) -> None:
    loc = finding.location
    word.add_heading(xml_safe(f"{n}. {finding.rule} {CATEGORY_NAMES.get(finding.category, finding.category)}"), level=3)
    word.add_paragraph(xml_safe(finding.message))
    where = (MEMO["page"].format(page=loc.page) if loc.page else "") + (
        MEMO["line"].format(line=loc.line) if loc.line else loc.block
    )
    section = titles.get(owner_block(document, loc.block), "")
    _labelled(word, MEMO["location"], where + (f" · {section}" if section else ""))
    if finding.expr:
        arithmetic = finding.expr + (f" = {finding.expected}" if finding.expected else "")
        if finding.stated:
            arithmetic += f"；{MEMO['stated']} {finding.stated}"
        _labelled(word, MEMO["arithmetic"], arithmetic)
    excerpt = quote(document, loc) or finding.excerpt
    if excerpt:
        _labelled(word, MEMO["excerpt"], f"“{excerpt}”", style="Quote")
    if decision:
        verdict = DECISION_NAMES.get(decision["decision"], decision["decision"])
        _labelled(word, MEMO["review"], verdict + (f"（{decision['note']}）" if decision.get("note") else ""))
    mark = word.add_paragraph()
    run = mark.add_run(f"{MEMO['fingerprint']}：{fingerprint_tag(finding.fingerprint)}")
    run.font.size, run.font.color.rgb = Pt(8), _GREY


def _labelled(word: WordDocument, label: str, text: str, style: str | None = None) -> None:
    paragraph = word.add_paragraph(style=style)
    paragraph.add_run(f"{label}：").bold = True
    paragraph.add_run(xml_safe(text))
