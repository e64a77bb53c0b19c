"""The versioned machine-readable report (schema ``jiaohe.report/1``, see DESIGN.md)."""

from __future__ import annotations

import json

from checker import __version__
from checker.engine import Report

SCHEMA = "jiaohe.report/1"
MANY_SCHEMA = "jiaohe.reports/1"
"""Several documents in one JSON document: ``{"schema": "jiaohe.reports/1", "tool": …, "reports":
[…]}``, each element a ``jiaohe.report/1`` object."""


def to_json(report: Report) -> dict:
    document = report.document
    return {
        "schema": SCHEMA,
        "tool": {"name": "jiaohe", "version": __version__},
        "document": {
            "path": document.path,
            "sha256": document.sha256,
            "kind": document.kind,
            "year": document.year,
            "unit": document.unit,
        },
        "findings": [f.to_json() for f in report.findings],
        "coverage": report.coverage.to_json(),
    }


def render(report: Report) -> str:
    """One JSON object on one line (``--format jsonl`` writes one such line per document)."""
    return json.dumps(to_json(report), ensure_ascii=False) + "\n"


def part(report: Report) -> dict:
    return to_json(report)


def combine(parts: list[dict]) -> str:
    """The reports of several documents as one JSON document."""
    return (
        json.dumps(
            {"schema": MANY_SCHEMA, "tool": {"name": "jiaohe", "version": __version__}, "reports": parts},
            ensure_ascii=False,
        )
        + "\n"
    )
