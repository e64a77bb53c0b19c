"""`jiaohe report --db findings.sqlite`: archive-level statistics."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer

from checker.i18n import t
from rich.console import Console
from rich.table import Table

from checker.batch.store import corrupt, open_existing


def register(app: typer.Typer) -> None:
    app.command("report", help=t("report.help"))(report)


def report(
    db: Path = typer.Option(..., "--db", metavar="FILE", help=t("opt.db_from_scan")),
    top: int = typer.Option(10, "--top", min=1, metavar="N", help=t("report.opt.top")),
) -> None:
    """Most frequent rules and the units with most errors across a scanned archive."""
    # pandas is imported here, not at module level, so every other command starts fast.
    from checker.batch.tables import archive_statistics

    conn = open_existing(db)
    try:
        stats = archive_statistics(conn, top)
    except sqlite3.DatabaseError as exc:
        raise corrupt(db, exc) from None
    finally:
        conn.close()
    console = Console(highlight=False)
    totals = stats["totals"].iloc[0]
    console.print(
        t(
            "report.totals",
            documents=totals["documents"],
            failures=totals["failures"],
            findings=totals["findings"],
            decisions=totals["decisions"],
        )
    )
    for key, title in (("rules", t("report.title.rules")), ("units", t("report.title.units"))):
        frame = stats[key]
        if frame.empty:
            continue
        table = Table(title=title)
        for column in frame.columns:
            table.add_column(str(column), justify="right" if frame[column].dtype.kind in "iu" else "left")
        for row in frame.itertuples(index=False):
            table.add_row(*(str(v) for v in row))
        console.print(table)
