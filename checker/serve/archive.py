"""What the overview shows: documents with their finding counts under the reviewer's filters, the
failed files, and the geometry of the two archive charts (drawn as inline SVG by the template)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")
STATUSES = ("open", "confirm", "dismiss")


@dataclass(frozen=True)
class Filters:
    """The overview's filters; a value outside what the database holds simply matches nothing."""

    unit: str = ""
    year: int | None = None
    rule: str = ""
    severity: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        year = args.get("year", "")
        severity = args.get("severity", "")
        status = args.get("status", "")
        return cls(
            unit=args.get("unit", ""),
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            rule=args.get("rule", ""),
            severity=severity if severity in SEVERITIES else "",
            status=status if status in STATUSES else "",
        )

    def on_findings(self) -> bool:
        return bool(self.rule or self.severity or self.status)

    def documents_sql(self) -> tuple[str, list]:
        sql, params = ["1"], []
        if self.unit:
            sql.append("d.unit = ?")
            params.append(self.unit)
        if self.year is not None:
            sql.append("d.year = ?")
            params.append(self.year)
        return " AND ".join(sql), params

    def findings_sql(self, severity: str | None = None) -> tuple[str, list]:
        """Conditions on ``f`` (a findings row); ``severity`` overrides the filter's."""
        sql, params = ["1"], []
        if self.rule:
            sql.append("f.rule = ?")
            params.append(self.rule)
        severity = severity or self.severity
        if severity:
            sql.append("f.severity = ?")
            params.append(severity)
        if self.status == "open":
            sql.append("f.fingerprint NOT IN (SELECT fingerprint FROM decisions)")
        elif self.status:
            sql.append("f.fingerprint IN (SELECT fingerprint FROM decisions WHERE decision = ?)")
            params.append(self.status)
        return " AND ".join(sql), params


def documents(conn: sqlite3.Connection, filters: Filters) -> list[sqlite3.Row]:
    """Documents matching the filters, each with counts of its matching findings; with a filter on
    findings, only the documents that have one."""
    on_f, f_params = filters.findings_sql()
    on_d, d_params = filters.documents_sql()
    having = "HAVING COUNT(f.id) > 0" if filters.on_findings() else ""
    return conn.execute(
        f"""SELECT d.id, d.path, d.unit, d.year, d.kind, d.format,
                   COUNT(f.id) AS total,
                   COALESCE(SUM(f.severity = 'error'), 0) AS errors,
                   COALESCE(SUM(f.severity = 'warning'), 0) AS warnings,
                   COALESCE(SUM(f.severity = 'info'), 0) AS infos,
                   COALESCE(SUM(f.id IS NOT NULL AND x.decision IS NULL), 0) AS open,
                   COALESCE(SUM(x.decision = 'confirm'), 0) AS confirmed,
                   COALESCE(SUM(x.decision = 'dismiss'), 0) AS dismissed
            FROM documents d
            LEFT JOIN findings f ON f.document_id = d.id AND {on_f}
            LEFT JOIN decisions x ON x.fingerprint = f.fingerprint
            WHERE {on_d}
            GROUP BY d.id {having}
            ORDER BY d.unit IS NULL, d.unit, d.year, d.path""",
        f_params + d_params,
    ).fetchall()


def choices(conn: sqlite3.Connection) -> dict[str, list]:
    """The values each filter can take in this database."""
    return {
        "units": [r[0] for r in conn.execute("SELECT DISTINCT unit FROM documents WHERE unit IS NOT NULL ORDER BY 1")],
        "years": [r[0] for r in conn.execute("SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY 1")],
        "rules": [r[0] for r in conn.execute("SELECT DISTINCT rule FROM findings ORDER BY 1")],
    }


def failures(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT path, kind, reason FROM failures ORDER BY failed_at DESC").fetchall()


CHART_ROWS = 12
"""Units (heat map rows) and rules (bars) a chart shows: the most frequent ones."""


def errors_by_unit_and_year(conn: sqlite3.Connection, filters: Filters) -> dict:
    """A heat map: one row per unit (most errors first), one column per year, each cell's count
    and shade (0–1 of the largest count)."""
    on_f, f_params = filters.findings_sql(severity="error")
    on_d, d_params = filters.documents_sql()
    rows = conn.execute(
        f"""SELECT d.unit, d.year, COUNT(*) AS n FROM findings f JOIN documents d ON d.id = f.document_id
            WHERE {on_f} AND {on_d} GROUP BY d.unit, d.year""",
        f_params + d_params,
    ).fetchall()
    totals: dict[str | None, int] = {}
    for r in rows:
        totals[r["unit"]] = totals.get(r["unit"], 0) + r["n"]
    units = sorted(totals, key=lambda u: (-totals[u], u or ""))[:CHART_ROWS]
    years = sorted({r["year"] for r in rows if r["unit"] in units}, key=lambda y: (y is None, y or 0))
    top = max((r["n"] for r in rows), default=0)
    cells = [
        {"row": units.index(r["unit"]), "col": years.index(r["year"]), "n": r["n"], "shade": r["n"] / top}
        for r in rows
        if r["unit"] in units
    ]
    return {"units": units, "years": years, "cells": cells, "more": max(0, len(totals) - len(units))}


def frequent_rules(conn: sqlite3.Connection, filters: Filters) -> list[dict]:
    """Bars: the rules with most findings, each with its count, worst severity and length (0–1)."""
    on_f, f_params = filters.findings_sql()
    on_d, d_params = filters.documents_sql()
    rows = conn.execute(
        f"""SELECT f.rule, MAX(f.name) AS name, COUNT(*) AS n,
                   MAX(CASE f.severity WHEN 'error' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END) AS worst
            FROM findings f JOIN documents d ON d.id = f.document_id
            WHERE {on_f} AND {on_d} GROUP BY f.rule ORDER BY n DESC, f.rule LIMIT ?""",
        f_params + d_params + [CHART_ROWS],
    ).fetchall()
    top = max((r["n"] for r in rows), default=0)
    return [
        {
            "rule": r["rule"],
            "name": r["name"],
            "n": r["n"],
            "severity": SEVERITIES[3 - r["worst"]],
            "length": r["n"] / top,
        }
        for r in rows
    ]
