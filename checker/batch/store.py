"""The findings database of an archive scan (SQLite, WAL).

One writer (the scanning process) commits each document in a single transaction, so a scan
killed at any moment leaves whole documents or none: rerunning it skips what is there (same
content hash, same engine and settings) and does the rest; a file changed since replaces its
earlier record. Reviewer decisions live in their own table keyed by finding fingerprint, which a
re-scan never writes.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from checker.i18n import t

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    engine TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT, kind TEXT, year INTEGER, unit TEXT,
    chars INTEGER NOT NULL DEFAULT 0,
    seconds REAL,
    cpu_seconds REAL,
    peak_rss_kb INTEGER,
    scanned_at TEXT NOT NULL,
    UNIQUE (sha256, engine)
);
CREATE INDEX IF NOT EXISTS documents_unit_year ON documents (unit, year);
CREATE INDEX IF NOT EXISTS documents_kind ON documents (kind, year);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL, name TEXT, category TEXT, severity TEXT, confidence TEXT,
    message TEXT, line INTEGER, end_line INTEGER, page INTEGER, block TEXT,
    start INTEGER, "end" INTEGER, excerpt TEXT, stated TEXT, expected TEXT, expr TEXT,
    related TEXT NOT NULL DEFAULT '[]',
    UNIQUE (document_id, fingerprint)
);
CREATE INDEX IF NOT EXISTS findings_rule ON findings (rule, severity);
CREATE INDEX IF NOT EXISTS findings_category ON findings (category, severity);
CREATE INDEX IF NOT EXISTS findings_fingerprint ON findings (fingerprint);
CREATE TABLE IF NOT EXISTS coverage (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    quantities INTEGER, statements INTEGER,
    pass INTEGER, fail INTEGER, uncertain INTEGER, not_applicable INTEGER
);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    engine TEXT NOT NULL,
    path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('input', 'error', 'timeout', 'crash')),
    reason TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    UNIQUE (sha256, engine)
);
CREATE TABLE IF NOT EXISTS decisions (
    fingerprint TEXT PRIMARY KEY,
    decision TEXT NOT NULL CHECK (decision IN ('confirm', 'dismiss')),
    note TEXT,
    decided_at TEXT NOT NULL
);
-- Deviation explanations, masked (numbers, dates, the item's own name) so reuse across units
-- and years can be found by equal ``masked`` text or by MinHash band buckets.
CREATE TABLE IF NOT EXISTS explanations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    block TEXT, line INTEGER, start INTEGER, "end" INTEGER,
    item TEXT, text TEXT NOT NULL, masked TEXT NOT NULL, bands TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS explanations_masked ON explanations (masked);
CREATE INDEX IF NOT EXISTS explanations_document ON explanations (document_id);
-- 科目 figures as a report states them: this year's value, and the prior-year value it implies
-- (current − change), for the prior-year check between consecutive reports of one unit.
-- Bounds are Decimal strings in 元: the interval the displayed precision stands for.
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    current TEXT, prior TEXT,
    current_low TEXT, current_high TEXT, prior_low TEXT, prior_high TEXT,
    line INTEGER, block TEXT, start INTEGER, "end" INTEGER, excerpt TEXT
);
CREATE INDEX IF NOT EXISTS figures_subject ON figures (subject, document_id);
-- Findings that need more than one document (rule codes XDOC…), rebuilt after each scan.
CREATE TABLE IF NOT EXISTS cross_findings (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    rule TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    other_document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    line INTEGER, other_line INTEGER, excerpt TEXT
);
CREATE INDEX IF NOT EXISTS cross_findings_rule ON cross_findings (rule);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) a findings database; InputError if it cannot be."""
    from checker.ingest import InputError

    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(SCHEMA)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    except sqlite3.DatabaseError as exc:
        raise InputError(path, t("input.db_unusable", exc=exc)) from None
    return conn


def corrupt(path: str | Path, exc: sqlite3.DatabaseError):
    """The InputError (exit 2) for a database that opens but fails when read or written."""
    from checker.ingest import InputError

    return InputError(path, t("input.db_corrupt", exc=exc))


def open_existing(path: str | Path) -> sqlite3.Connection:
    """Open a database a scan made; a missing file or another kind of file is an input error."""
    from checker.ingest import InputError

    p = Path(path)
    if not p.is_file():
        raise InputError(p, t("input.db_missing"))
    return connect(p)


def stored_outcomes(conn: sqlite3.Connection) -> tuple[set[tuple[str, str]], dict[tuple[str, str], tuple[str, str]]]:
    """What earlier scans left: the (content hash, stamp) pairs stored as documents, and those
    that failed with their (kind, reason)."""
    documents = {(r[0], r[1]) for r in conn.execute("SELECT sha256, engine FROM documents")}
    failures = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute("SELECT sha256, engine, kind, reason FROM failures")}
    return documents, failures


def _forget_other_versions(conn: sqlite3.Connection, path: str, sha256: str, engine: str) -> None:
    """A path holds one document: what an earlier scan stored for it (an older version of the
    file, or a result of another engine or other settings) goes, so nothing is counted twice.
    Reviewer decisions stay: they are keyed by fingerprint, which an edit elsewhere keeps."""
    conn.execute("DELETE FROM documents WHERE path = ? AND NOT (sha256 = ? AND engine = ?)", (path, sha256, engine))
    conn.execute("DELETE FROM failures WHERE path = ? OR (sha256 = ? AND engine = ?)", (path, sha256, engine))


def storable_path(path: str) -> str:
    """A path as text SQLite can store. A file name in no valid UTF-8 (what unzip leaves of a
    Chinese Windows archive) holds lone surrogates after decoding; GBK/GB18030 is tried for
    those bytes, else they are written as \\xNN escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = os.fsencode(path)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="backslashreplace")


def save_result(conn: sqlite3.Connection, engine: str, result: dict) -> None:
    """Store one scanned document (facts, findings, coverage, explanations, figures) atomically."""
    doc = result["document"]
    cov = result["coverage"]
    path = storable_path(doc["path"])
    with _transaction(conn):
        _forget_other_versions(conn, path, doc["sha256"], engine)
        cur = conn.execute(
            "INSERT INTO documents (sha256, engine, path, format, kind, year, unit, chars, seconds, "
            "cpu_seconds, peak_rss_kb, scanned_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (sha256, engine) DO NOTHING",
            (
                doc["sha256"],
                engine,
                path,
                doc.get("format"),
                doc.get("kind"),
                doc.get("year"),
                doc.get("unit"),
                result["chars"],
                result["seconds"],
                result.get("cpu_seconds"),
                result.get("peak_rss_kb"),
                now(),
            ),
        )
        if cur.rowcount == 0:  # the same content under another path, already stored
            return
        document_id = cur.lastrowid
        conn.executemany(
            "INSERT OR IGNORE INTO findings (document_id, fingerprint, rule, name, category, severity, "
            'confidence, message, line, end_line, page, block, start, "end", excerpt, stated, expected, '
            "expr, related) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    document_id,
                    f["fingerprint"],
                    f["rule"],
                    f["name"],
                    f["category"],
                    f["severity"],
                    f["confidence"],
                    f["message"],
                    f["location"]["line"],
                    f["location"]["end_line"],
                    f["location"]["page"],
                    f["location"]["block"],
                    f["location"]["start"],
                    f["location"]["end"],
                    f["excerpt"],
                    f["stated"],
                    f["expected"],
                    f["expr"],
                    json.dumps(f["related"], ensure_ascii=False),
                )
                for f in result["findings"]
            ],
        )
        checks = cov["checks"]
        conn.execute(
            "INSERT INTO coverage VALUES (?,?,?,?,?,?,?)",
            (
                document_id,
                cov["quantities"],
                cov["statements"],
                checks.get("pass", 0),
                checks.get("fail", 0),
                checks.get("uncertain", 0),
                checks.get("not_applicable", 0),
            ),
        )
        conn.executemany(
            'INSERT INTO explanations (document_id, block, line, start, "end", item, text, masked, bands) '
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    document_id,
                    e["block"],
                    e["line"],
                    e["start"],
                    e["end"],
                    e["item"],
                    e["text"],
                    e["masked"],
                    json.dumps(e["bands"]),
                )
                for e in result.get("explanations", ())
            ],
        )
        conn.executemany(
            "INSERT INTO figures (document_id, subject, current, prior, current_low, current_high, "
            'prior_low, prior_high, line, block, start, "end", excerpt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
            [
                (
                    document_id,
                    g["subject"],
                    g["current"],
                    g["prior"],
                    g["current_low"],
                    g["current_high"],
                    g["prior_low"],
                    g["prior_high"],
                    g["line"],
                    g["block"],
                    g["start"],
                    g["end"],
                    g["excerpt"],
                )
                for g in result.get("figures", ())
            ],
        )


def save_failure(conn: sqlite3.Connection, engine: str, sha256: str, path: str, kind: str, reason: str) -> None:
    path = storable_path(path)
    with _transaction(conn):
        _forget_other_versions(conn, path, sha256, engine)
        conn.execute(
            "INSERT INTO failures (sha256, engine, path, kind, reason, failed_at) VALUES (?,?,?,?,?,?)",
            (sha256, engine, path, kind, storable_path(reason), now()),
        )


def set_decision(conn: sqlite3.Connection, fingerprint: str, decision: str, note: str | None) -> None:
    """Record a decision; ``note=None`` keeps the earlier note (an empty string clears it)."""
    with _transaction(conn):
        conn.execute(
            "INSERT INTO decisions VALUES (?,?,?,?) ON CONFLICT (fingerprint) DO UPDATE SET "
            "decision = excluded.decision, note = COALESCE(excluded.note, decisions.note), "
            "decided_at = excluded.decided_at",
            (fingerprint, decision, note, now()),
        )


def decisions(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    return {
        r["fingerprint"]: {"decision": r["decision"], "note": r["note"] or ""}
        for r in conn.execute("SELECT fingerprint, decision, note FROM decisions")
    }


def replace_cross_findings(conn: sqlite3.Connection, rows: Iterable[dict]) -> int:
    rows = list(rows)
    with _transaction(conn):
        conn.execute("DELETE FROM cross_findings")
        conn.executemany(
            "INSERT OR IGNORE INTO cross_findings (fingerprint, rule, category, severity, message, "
            "document_id, other_document_id, line, other_line, excerpt) VALUES "
            "(:fingerprint, :rule, :category, :severity, :message, :document_id, :other_document_id, "
            ":line, :other_line, :excerpt)",
            rows,
        )
    return len(rows)


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
