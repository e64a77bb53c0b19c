"""Per-document reports rebuilt from a findings database, with the reviewers' decisions, so the
annotated outputs of an archive show what was confirmed or dismissed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterator

from checker.batch import store
from checker.engine import Report, in_document_order
from checker.ingest import InputError, load_document
from checker.model import Coverage, Finding, Location


def _location(data) -> Location:
    """A location from a stored finding row or a related-place dict (same field names)."""
    return Location(data["line"], data["end_line"], data["page"], data["block"], data["start"], data["end"])


def stored_reports(conn: sqlite3.Connection) -> Iterator[tuple[Report | None, str]]:
    """(report, path) for each scanned document; report is None when the file is gone or has
    changed since the scan (its findings would point at the wrong text)."""
    for doc in conn.execute("SELECT * FROM documents ORDER BY path").fetchall():
        yield stored_report(conn, doc), doc["path"]


def stored_report(conn: sqlite3.Connection, doc: sqlite3.Row) -> Report | None:
    """The report of one ``documents`` row, or None when its file is gone or has changed."""
    try:
        document = load_document(doc["path"])
    except InputError:
        return None
    if document.sha256 != doc["sha256"]:
        return None
    findings = tuple(
        in_document_order(
            document,
            (
                Finding(
                    r["rule"],
                    r["name"],
                    r["category"],
                    r["severity"],
                    r["confidence"],
                    r["message"],
                    _location(r),
                    r["excerpt"],
                    r["stated"],
                    r["expected"],
                    r["expr"],
                    tuple(_location(x) for x in json.loads(r["related"])),
                    r["fingerprint"],
                )
                for r in conn.execute("SELECT * FROM findings WHERE document_id = ? ORDER BY id", (doc["id"],))
            ),
        )
    )
    cov = conn.execute("SELECT * FROM coverage WHERE document_id = ?", (doc["id"],)).fetchone()
    coverage = (
        Coverage(
            cov["quantities"],
            cov["statements"],
            {k: cov[k] for k in ("pass", "fail", "uncertain", "not_applicable")},
        )
        if cov
        else Coverage()
    )
    return Report(document, findings, coverage)


def export_html(conn: sqlite3.Connection, directory: Path) -> tuple[list[Path], list[str]]:
    """One annotated HTML per document (decisions shown); returns the files and the skipped paths."""
    from checker.report.html import render_html

    directory.mkdir(parents=True, exist_ok=True)
    decisions = store.decisions(conn)
    written, skipped = [], []
    for report, path in stored_reports(conn):
        if report is None:
            skipped.append(path)
            continue
        out = directory / f"{Path(path).stem}.{report.document.sha256[:8]}.html"
        out.write_text(render_html(report, decisions), encoding="utf-8")
        written.append(out)
    return written, skipped
