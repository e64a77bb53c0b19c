"""Runs the pipeline on one document: extraction → statements → rules → a Report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from checker.config import Config
from checker.model import Coverage, Document, Finding, SEVERITY_ORDER
from checker.rules import all_rules
from checker.rules.base import STATUSES, Context


@dataclass(frozen=True)
class Report:
    document: Document
    findings: tuple[Finding, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)
    rule_errors: tuple[str, ...] = ()
    """Rules that crashed on this document (``CODE: reason``); the other rules still ran."""

    def worst(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_ORDER[s])


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
            results = list(rule_class().check(ctx))
        except Exception as exc:  # one broken rule must not cost the reviewer the other rules
            errors.append(f"{rule_class.code}: {type(exc).__name__}: {exc}")
            continue
        for item in results:
            status, finding = ("fail", item) if isinstance(item, Finding) else (item.status, item.finding)
            checks[status] += 1
            if finding is not None:
                findings.append(_apply_severity(finding, config))
    coverage = Coverage(quantities=len(ctx.quantities), statements=len(ctx.statements),
                        checks=dict(checks))
    return Report(document, tuple(_unique_fingerprints(_in_reading_order(findings))), coverage,
                  tuple(errors))


def check_text(text: str, config: Config | None = None, path: str = "<text>") -> Report:
    """Check a report given as plain text (tests, rule examples, other front ends)."""
    return check_document(document_from_text(text, path), config)


def document_from_text(text: str, path: str = "<text>") -> Document:
    import hashlib

    from checker.ingest.text import TextParser
    from checker.structure import build_sections, detect_kind, detect_unit, detect_year

    blocks = TextParser(text.split("\n")).parse()
    return Document(path=path, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="txt",
                    blocks=tuple(blocks), sections=build_sections(blocks), kind=detect_kind(blocks),
                    year=detect_year(blocks), unit=detect_unit(blocks))


def _apply_severity(finding: Finding, config: Config) -> Finding:
    wanted = config.severity_for(finding.rule, finding.severity)
    return finding if wanted == finding.severity else replace(finding, severity=wanted)


def _in_reading_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.location.page or 0, f.location.line or 0,
                                           f.location.start, f.rule))


def _unique_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Two findings of one rule on identical text would share a fingerprint; number the repeats
    in reading order so each stays addressable."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        seen[f.fingerprint] += 1
        n = seen[f.fingerprint]
        out.append(f if n == 1 else replace(f, fingerprint=f"{f.fingerprint}-{n}"))
    return out
