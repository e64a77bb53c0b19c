"""The database as pandas tables: per-document summary, findings, archive statistics."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pandas as pd

from checker.model import CATEGORIES

SEVERITIES = ("error", "warning", "info")


def findings_frame(conn: sqlite3.Connection) -> pd.DataFrame:
    """Every finding (per-document and cross-document) with its document's facts and any
    reviewer decision."""
    per_doc = pd.read_sql_query(
        "SELECT d.id AS document_id, d.path, d.kind, d.year, d.unit, f.rule, f.name, f.category, f.severity, f.confidence, "
        "f.message, f.line, f.page, f.excerpt, f.stated, f.expected, f.expr, f.fingerprint, "
        "c.decision, c.note AS decision_note "
        "FROM findings f JOIN documents d ON d.id = f.document_id "
        "LEFT JOIN decisions c ON c.fingerprint = f.fingerprint",
        conn,
    )
    cross = pd.read_sql_query(
        "SELECT d.id AS document_id, d.path, d.kind, d.year, d.unit, x.rule, 'cross-document' AS name, x.category, x.severity, "
        "'exact' AS confidence, x.message, x.line, NULL AS page, x.excerpt, NULL AS stated, NULL AS expected, "
        "NULL AS expr, x.fingerprint, c.decision, c.note AS decision_note "
        "FROM cross_findings x JOIN documents d ON d.id = x.document_id "
        "LEFT JOIN decisions c ON c.fingerprint = x.fingerprint",
        conn,
    )
    frames = [f for f in (per_doc, cross) if not f.empty]
    frame = pd.concat(frames, ignore_index=True) if frames else per_doc
    return frame.sort_values(["path", "line"], na_position="last", kind="stable").reset_index(drop=True)


def summary_frame(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per document: facts, coverage, and finding counts by severity and category
    (counted per stored document, not per path)."""
    docs = pd.read_sql_query(
        "SELECT d.id AS document_id, d.path, d.sha256, d.kind, d.year, d.unit, d.format, d.chars, c.quantities, c.statements, "
        "c.pass AS checks_pass, c.fail AS checks_fail, c.uncertain AS checks_uncertain "
        "FROM documents d LEFT JOIN coverage c ON c.document_id = d.id ORDER BY d.path",
        conn,
    )
    findings = findings_frame(conn)
    columns = [*SEVERITIES, *CATEGORIES]
    if findings.empty:
        counts = pd.DataFrame(0, index=docs["document_id"], columns=columns)
    else:
        counts = pd.concat(
            [
                findings.pivot_table(index="document_id", columns="severity", values="rule", aggfunc="count"),
                findings.pivot_table(index="document_id", columns="category", values="rule", aggfunc="count"),
            ],
            axis=1,
        ).reindex(index=docs["document_id"], columns=columns)
    counts = counts.fillna(0).astype(int).reset_index(drop=True)
    counts.columns = [f"n_{c}" for c in columns]
    return pd.concat([docs, counts], axis=1)


def scanned_root(paths: list[str]) -> str | None:
    """The folder all documents lie in (what was scanned), or None when they share none."""
    folders = [os.path.dirname(p) for p in paths if p]
    try:
        return os.path.commonpath(folders) if folders else None
    except ValueError:  # absolute and relative paths mixed (a database of an older version)
        return None


def shown_path(path: str, root: str | None) -> str:
    """A document's path as a reviewer reads it: relative to the scanned folder."""
    return os.path.relpath(path, root) if root and path else path


def failures_frame(conn: sqlite3.Connection) -> pd.DataFrame:
    return pd.read_sql_query("SELECT path, kind, reason, failed_at FROM failures ORDER BY path", conn)


def _frames(conn: sqlite3.Connection) -> list[tuple[str, pd.DataFrame]]:
    # all read before a file is opened: a failing query must not leave half the files written
    return [("summary", summary_frame(conn)), ("findings", findings_frame(conn)), ("failures", failures_frame(conn))]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def export_csv(conn: sqlite3.Connection, directory: Path) -> list[Path]:
    frames = _frames(conn)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames:
        path = directory / f"{name}.csv"
        frame.map(_csv_safe).to_csv(path, index=False, encoding="utf-8-sig")  # the BOM lets Excel read the Chinese
        written.append(path)
    return written


def archive_statistics(conn: sqlite3.Connection, top: int = 10) -> dict[str, pd.DataFrame]:
    """Most frequent rules, units with most errors, and scan totals."""
    findings = findings_frame(conn)
    totals = pd.read_sql_query(
        "SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM failures) AS failures, "
        "(SELECT count(*) FROM findings) + (SELECT count(*) FROM cross_findings) AS findings, "
        "(SELECT count(*) FROM decisions) AS decisions",
        conn,
    )
    if findings.empty:
        return {"totals": totals, "rules": pd.DataFrame(), "units": pd.DataFrame()}
    rules = (
        findings.groupby(["rule", "severity"])
        .agg(findings=("rule", "size"), documents=("document_id", "nunique"))
        .reset_index()
        .sort_values(["findings", "rule"], ascending=[False, True])
        .head(top)
    )
    errors = findings[findings["severity"] == "error"].assign(unit=lambda f: f["unit"].fillna("（未识别）"))
    units = (
        errors.groupby("unit")
        .agg(errors=("rule", "size"), documents=("document_id", "nunique"))
        .reset_index()
        .sort_values(["errors", "unit"], ascending=[False, True])
        .head(top)
    )
    return {"totals": totals, "rules": rules, "units": units}
