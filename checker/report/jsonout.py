"""The versioned machine-readable report (schema ``jiaohe.report/1``, see DESIGN.md)."""

from __future__ import annotations

import json

from checker import __version__
from checker.engine import Report

SCHEMA = "jiaohe.report/1"


def to_json(report: Report) -> dict:
    document = report.document
    return {
        "schema": SCHEMA,
        "tool": {"name": "jiaohe", "version": __version__},
        "document": {"path": document.path, "sha256": document.sha256, "kind": document.kind,
                     "year": document.year, "unit": document.unit},
        "findings": [f.to_json() for f in report.findings],
        "coverage": report.coverage.to_json(),
    }


def render(report: Report) -> str:
    """One JSON object on one line (several documents give JSON Lines)."""
    return json.dumps(to_json(report), ensure_ascii=False) + "\n"
