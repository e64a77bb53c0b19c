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


def notes_name(path: str, sha256: str) -> str:
    """The file name of a document's review copy in an `export --html` folder."""
    return f"{Path(path).stem}.{sha256[:8]}.html"


INDEX_NAME = "index.html"


def export_html(conn: sqlite3.Connection, directory: Path) -> tuple[list[Path], list[str]]:
    """One annotated HTML per document (decisions shown) and an index page linking them; returns
    the files written (the index last) and the paths of the documents skipped."""
    from checker.report.html import render_html

    directory.mkdir(parents=True, exist_ok=True)
    decisions = store.decisions(conn)
    written, skipped = [], []
    for report, path in stored_reports(conn):
        if report is None:
            skipped.append(path)
            continue
        out = directory / notes_name(path, report.document.sha256)
        out.write_text(render_html(report, decisions), encoding="utf-8")
        written.append(out)
    index = directory / INDEX_NAME
    index.write_text(render_index(conn, {p.name for p in written}), encoding="utf-8")
    written.append(index)
    return written, skipped


def render_index(conn: sqlite3.Connection, notes: set[str]) -> str:
    """The index page of an `export --html` folder: each document with its finding counts, linked
    to its review copy when one of ``notes`` (file names) is its; then the documents that failed.
    Every value is escaped by the template; a link is a quoted file name, never a scheme."""
    from urllib.parse import quote

    from jinja2 import Environment, PackageLoader

    from checker import __version__
    from checker.batch.tables import SEVERITIES, failures_frame, findings_frame, scanned_root, shown_path, summary_frame
    from checker.report.html import KIND_NAMES, SEVERITY_NAMES
    from checker.report.labels import COLUMN_NAMES, FAILURE_NAMES, INDEX

    summary, failures = summary_frame(conn), failures_frame(conn)
    findings = findings_frame(conn)
    decided = findings[findings["decision"].notna()].groupby("document_id").size() if len(findings) else {}
    root = scanned_root([*summary["path"], *failures["path"]])
    rows = []
    for doc in summary.to_dict("records"):
        name = notes_name(doc["path"], doc["sha256"])
        rows.append(
            {
                "path": shown_path(doc["path"], root),
                "href": quote(name) if name in notes else None,
                "unit": doc["unit"] or "",
                "year": "" if doc["year"] is None or doc["year"] != doc["year"] else int(doc["year"]),
                "kind": KIND_NAMES.get(doc["kind"], doc["kind"] or ""),
                "counts": [(s, int(doc[f"n_{s}"])) for s in SEVERITIES],
                "decisions": int(decided.get(doc["document_id"], 0)),
            }
        )
    env = Environment(loader=PackageLoader("checker.report", "templates"), autoescape=True)
    return env.get_template("archive_index.html.j2").render(
        L=INDEX,
        version=__version__,
        root=root,
        rows=rows,
        headers=[COLUMN_NAMES[c] for c in ("path", "unit", "year", "kind")]
        + [SEVERITY_NAMES[s] for s in SEVERITIES]
        + [COLUMN_NAMES["decision"], COLUMN_NAMES["notes"]],
        failures=[
            {
                "path": shown_path(f["path"], root),
                "kind": FAILURE_NAMES.get(f["kind"], f["kind"]),
                "reason": f["reason"],
            }
            for f in failures.to_dict("records")
        ],
        failure_headers=[COLUMN_NAMES[c] for c in ("path", "failure", "reason")],
    )
