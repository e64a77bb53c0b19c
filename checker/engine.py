"""Runs the pipeline on one document: extraction → statements → rules → a Report."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from decimal import localcontext
from dataclasses import dataclass, field, replace
from typing import Iterable

from checker.arith import DECIMAL_CONTEXT
from checker.collector import collector_paused
from checker.config import Config
from checker.identity import document_scope
from checker.model import Coverage, Document, Finding, Location, Quantity, SEVERITY_ORDER, Table
from checker.rules import all_rules
from checker.rules.base import STATUSES, Context


@dataclass(frozen=True)
class Report:
    document: Document
    findings: tuple[Finding, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)
    rule_errors: tuple[str, ...] = ()
    """Rules that crashed on this document (``CODE: reason``); the other rules still ran."""
    context: Context | None = field(default=None, compare=False, repr=False)
    """What the rules read (quantities, statements), for callers that need more than findings
    (the batch prior-year figures) without computing it again; not part of the JSON report."""

    def worst(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_ORDER[s])


@collector_paused
def check_document(document: Document, config: Config | None = None) -> Report:
    config = config or Config()
    ctx = Context(document, config)
    findings: list[Finding] = []
    checks: Counter[str] = Counter({s: 0 for s in STATUSES})
    errors: list[str] = []
    for rule_class in all_rules():
        if not config.enabled(rule_class.code):
            continue
        try:
            # the bounded context of the interval arithmetic for everything a rule computes:
            # under the default 28 digits a 30-digit figure rounds and an interval can turn empty
            with localcontext(DECIMAL_CONTEXT):
                results = list(rule_class().check(ctx))
        except Exception as exc:  # one broken rule must not cost the reviewer the other rules
            errors.append(f"{rule_class.code}: {type(exc).__name__}: {exc}")
            continue
        for item in results:
            status, finding = ("fail", item) if isinstance(item, Finding) else (item.status, item.finding)
            checks[status] += 1
            if finding is not None:
                findings.append(_apply_severity(finding, config))
    coverage = Coverage(quantities=len(ctx.quantities), statements=len(ctx.statements), checks=dict(checks))
    if document.ocr_pages:
        findings = _on_ocr_text(findings, document, ctx.quantities)
    ordered = in_document_order(document, findings)
    return Report(
        document, tuple(_scoped_fingerprints(document_scope(document), ordered)), coverage, tuple(errors), ctx
    )


def check_text(text: str, config: Config | None = None, path: str = "<text>") -> Report:
    """Check a report given as plain text (tests, rule examples, other front ends)."""
    return check_document(document_from_text(text, path), config)


def document_from_text(text: str, path: str = "<text>") -> Document:
    import hashlib

    from checker.ingest.continued import join_continued_tables
    from checker.ingest.forms import read_forms
    from checker.ingest.invisible import strip_format_chars
    from checker.ingest.ruby import strip_ruby
    from checker.ingest.text import text_blocks
    from checker.structure import build_sections, detect_kind, detect_unit, detect_year

    blocks, format_chars = strip_format_chars(text_blocks(text.split("\n")))
    blocks = join_continued_tables(read_forms(strip_ruby(blocks)))
    return Document(
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format="txt",
        blocks=tuple(blocks),
        sections=build_sections(blocks),
        kind=detect_kind(blocks),
        year=detect_year(blocks),
        unit=detect_unit(blocks),
        format_chars=format_chars,
    )


def _apply_severity(finding: Finding, config: Config) -> Finding:
    wanted = config.severity_for(finding.rule, finding.severity)
    return finding if wanted == finding.severity else replace(finding, severity=wanted)


OCR_MARK = "（OCR）"
OCR_CONFIRMED_MARK = "（OCR，他处读数相同）"
_FIGURE = re.compile(r"[0-9][0-9,，.]*")
_MIN_CONFIRMING_DIGITS = 3
"""A figure of fewer digits (5个, 12%) recurs by chance too often for a second reading to vouch
for the first."""


def _on_ocr_text(findings: list[Finding], document: Document, quantities: Iterable[Quantity]) -> list[Finding]:
    """A finding that stands on OCR-read text says so, and is no error: one misread digit
    (8 for 3, a lost decimal point) makes a consistent report look wrong. Unless every OCR-read
    figure it stands on is read the same once more in another kind of place (a table and the
    prose, or another page): two misreadings that agree are far less likely than one."""
    ocr_pages = document.ocr_pages
    cells = {c.id for t in document.tables() for c in t.cells()}
    readings: dict[tuple[bool, str], list[Quantity]] = {}
    for q in quantities:
        readings.setdefault(_figure(q), []).append(q)
    marked = []
    for finding in findings:
        places = (finding.location, *finding.related)
        if not {p.page for p in places} & ocr_pages:
            marked.append(finding)
            continue
        read = [
            q
            for group in readings.values()
            for q in group
            if q.location.page in ocr_pages and any(_within(q.location, p) for p in places)
        ]
        if read and all(_read_elsewhere(q, readings[_figure(q)], places, cells) for q in read):
            marked.append(replace(finding, message=finding.message + OCR_CONFIRMED_MARK))
            continue
        severity = "warning" if finding.severity == "error" else finding.severity
        marked.append(replace(finding, message=finding.message + OCR_MARK, severity=severity))
    return marked


def _within(spot: Location, place: Location) -> bool:
    """Whether a figure at ``spot`` is part of what a finding points at (``place``: a span, a
    cell, or a whole table when the span is empty)."""
    if spot.block == place.block:
        return place.start == place.end or (spot.start < place.end and place.start < spot.end)
    return place.start == place.end and spot.block.startswith(place.block + "r")


def _figure(q: Quantity) -> tuple[bool, str]:
    """A figure as the digits say it (separators dropped), percent apart from the rest."""
    m = _FIGURE.search(q.text)
    return q.kind == "percent", re.sub(r"[,，]", "", m.group()) if m else q.text


def _read_elsewhere(q: Quantity, same: list[Quantity], places: tuple[Location, ...], cells: set[str]) -> bool:
    """Whether a reading of the same figure outside the finding's own places confirms ``q``."""
    if sum(ch.isdigit() for ch in _figure(q)[1]) < _MIN_CONFIRMING_DIGITS:
        return False
    in_table = q.location.block in cells
    return any(
        (o.location.page != q.location.page or (o.location.block in cells) != in_table)
        and not any(_within(o.location, p) for p in places)
        for o in same
    )


def in_document_order(document: Document | None, findings: Iterable[Finding]) -> list[Finding]:
    """Findings as a reader meets them: by page (PDF), then block, line and offset.

    The block's position comes before the line because a line number alone does not order
    everything: spreadsheet rows restart on every sheet, and a location may have no line.
    """
    position: dict[str, int] = {}
    for n, block in enumerate(document.blocks if document is not None else ()):
        position[block.id] = n
        if isinstance(block, Table):
            position.update((cell.id, n) for cell in block.cells())

    def key(f: Finding) -> tuple:
        loc = f.location
        return (loc.page or 0, position.get(loc.block, 0), loc.line or 0, loc.start, f.rule)

    return sorted(findings, key=key)


def _scoped_fingerprints(scope: str, findings: list[Finding]) -> list[Finding]:
    """Each finding's fingerprint within its document: the rule's own (text and figures, no line
    numbers) hashed with the document's scope; two findings of one rule on identical text are
    numbered in reading order so each stays addressable."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        seen[f.fingerprint] += 1
        key = "\x1f".join((scope, f.fingerprint, str(seen[f.fingerprint])))
        out.append(replace(f, fingerprint=hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]))
    return out
