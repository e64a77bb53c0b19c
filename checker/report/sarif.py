"""SARIF 2.1.0 (OASIS), the interchange format of static-analysis results that code-review
platforms read: one run of jiaohe over one or several documents.

A reviewer's dismissal (``jiaohe check --db``) becomes an accepted external suppression, the way
a baseline is expressed in SARIF; the fingerprint goes in ``partialFingerprints``. A PDF line
counts from the top of its page, so a PDF location gives the page in its properties and no
region line a viewer would take for a line of the file.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Mapping
from urllib.parse import quote

from checker import __version__
from checker.engine import Report
from checker.model import Finding, Location
from checker.report.text import dismissed

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> str:
    return combine([part(report, decisions)])


def part(report: Report, decisions: Mapping[str, Mapping[str, str]] | None = None) -> dict:
    """One document's artifact and results, with rule ids (indexed when combined)."""
    decisions = decisions or {}
    document = report.document
    uri = artifact_uri(document.path)
    return {
        "artifact": {
            "location": {"uri": uri},
            "hashes": {"sha-256": document.sha256},
            "properties": {"kind": document.kind, "year": document.year, "unit": document.unit},
        },
        "results": [_result(f, uri, decisions) for f in report.findings],
    }


def combine(parts: list[dict]) -> str:
    from checker.rules import all_rules

    rules = list(all_rules())
    index = {r.code: n for n, r in enumerate(rules)}
    results = []
    for n, piece in enumerate(parts):
        for result in piece["results"]:
            result["ruleIndex"] = index.get(result["ruleId"], -1)
            for location in (*result["locations"], *result.get("relatedLocations", ())):
                location["physicalLocation"]["artifactLocation"]["index"] = n
            results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "jiaohe",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(r) for r in rules],
            }
        },
        "artifacts": [p["artifact"] for p in parts],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False) + "\n"


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference, an absolute one as a file: URI."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def _rule(rule) -> dict:
    doc = rule.doc_sections()
    out = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary() or rule.name},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "confidence": rule.confidence},
    }
    full = " ".join(doc.get(k, "").strip() for k in ("What it checks", "Why it matters")).strip()
    if full:
        out["fullDescription"] = {"text": full}
    return out


def _location(location: Location, uri: str, excerpt: str | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": uri}}
    if location.line is not None and not location.page:
        region = {"startLine": location.line}
        if location.end_line is not None and location.end_line >= location.line:
            region["endLine"] = location.end_line
        if excerpt:
            region["snippet"] = {"text": excerpt}
        physical["region"] = region
    out: dict = {"physicalLocation": physical}
    properties = {
        k: v
        for k, v in (
            ("page", location.page),
            ("pageLine", location.line if location.page else None),
            ("block", location.block),
        )
        if v is not None
    }
    if properties:
        out["properties"] = properties
    return out


def _result(finding: Finding, uri: str, decisions: Mapping[str, Mapping[str, str]]) -> dict:
    out: dict = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location, uri, finding.excerpt)],
        "partialFingerprints": {"jiaohe/v1": finding.fingerprint},
        "properties": {
            k: v
            for k, v in (
                ("category", finding.category),
                ("confidence", finding.confidence),
                ("stated", finding.stated),
                ("expected", finding.expected),
                ("expr", finding.expr),
            )
            if v is not None
        },
    }
    if finding.related:
        out["relatedLocations"] = [{"id": n, **_location(loc, uri)} for n, loc in enumerate(finding.related, 1)]
    if dismissed(decisions, finding):
        suppression = {"kind": "external", "status": "accepted"}
        if decisions[finding.fingerprint].get("note"):
            suppression["justification"] = decisions[finding.fingerprint]["note"]
        out["suppressions"] = [suppression]
    return out
