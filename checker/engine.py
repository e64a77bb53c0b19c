"""Runs the pipeline on one document: extraction → statements → rules → a Report."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.model import Coverage, Document, Finding


@dataclass(frozen=True)
class Report:
    document: Document
    findings: tuple[Finding, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)


def check_document(document: Document) -> Report:
    """Placeholder until the rules land: no findings, empty coverage."""
    return Report(document)
